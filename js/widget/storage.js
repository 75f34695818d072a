/*
 * econsec widget, part 2: where answers are kept (localStorage) and the key scheme.
 *
 * econsec:v1:<namespace>:<checklist-id>@<checklist-version> (the prefix comes from Python with
 * the root's rules). The namespace is <meta name="econsec-storage-ns"> when a page sets it (an
 * offline bundle uses its own), else the version part of <meta name="econsec-build">
 * ("0.1.0+2026-11-25" -> "0.1.0"). Both languages share a key. A newer site or checklist version
 * finds older keys by checklist id (Widget.findPreviousKeys) and carries their answers over.
 */

const STORAGE = {
  prefix: "", // rules.storage_prefix (openStorage)
  backupPrefix: "", // rules.backup_prefix: damaged values' copies, never read by carry-over
  namespace() {
    const explicit = meta("econsec-storage-ns");
    if (explicit) return explicit;
    // Chromium gives every file:// page one shared storage: an offline bundle keys by its full
    // build id so two bundles on one machine never mix (older ones are found by checklist id).
    if (location.protocol === "file:") return `bundle-${BUILD || "dev"}`;
    return BUILD.split("+")[0] || "dev";
  },
  key(checklistId, version, ns = this.namespace()) {
    return `${this.prefix}${ns}:${checklistId}@${version}`;
  },
  parse(key) {
    if (!key?.startsWith(this.prefix)) return null;
    const m = /^([^:]*):(.+)@([^@]*)$/.exec(key.slice(this.prefix.length));
    return m ? { ns: m[1], checklist: m[2], version: m[3] } : null;
  },
};

const isQuotaError = (err) =>
  Boolean(err) && (err.name === "QuotaExceededError" || err.name === "NS_ERROR_DOM_QUOTA_REACHED" || err.code === 22);

let storage = null; // window.localStorage when usable (sessionStorage in shared-device mode), else null (memory only)
let storageKind = "none"; // "local" | "session" (shared-device mode, shared.js) | "none"
let storageFullAtStart = false; // readable but full: saved answers load, new ones may not save

/** Take the key scheme from the rules and find out which storage can be used. */
function openStorage(rules) {
  STORAGE.prefix = rules.storage_prefix;
  STORAGE.backupPrefix = rules.backup_prefix;
  storageFullAtStart = false;
  const kind = sharedDeviceOn(rules) ? "session" : "local";
  try {
    const ls = window[`${kind}Storage`];
    const probe = `${STORAGE.prefix}probe`;
    ls.getItem(probe);
    try {
      ls.setItem(probe, "1");
      ls.removeItem(probe);
    } catch (err) {
      if (!isQuotaError(err)) throw err;
      storageFullAtStart = true;
    }
    storage = ls;
    storageKind = kind;
  } catch (_err) {
    storage = null;
    storageKind = "none";
  }
}
