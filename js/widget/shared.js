/*
 * econsec widget, part 15: shared-device mode and erasing everything (README, "Shared
 * devices"). The switch ([data-action=shared-device], econsec.mdext.shared_device) sets a flag
 * in sessionStorage, so it holds for every page of the site in this tab and goes with it; while
 * it is on, openStorage() keeps answers in sessionStorage and nothing is written to
 * localStorage. A self-check that opens with answers saved earlier on this device says so once
 * per tab, with when they were saved; "erase and finish" removes everything the checklist
 * stored, in both storages.
 */

const WIDGETS = []; // every live self-check on this page (main.js)

/** The switches of this page; strings from the self-check's JSON or the switch's own. */
function setupSharedSwitches(fallbackUi) {
  for (const box of document.querySelectorAll("[data-shared-device-box]")) {
    const own = box.querySelector("script[data-econsec-shared]");
    let ui = fallbackUi;
    try {
      if (own) ui = JSON.parse(own.textContent);
    } catch (_err) {
      ui = fallbackUi;
    }
    if (!ui) continue;
    const t = ui.text.shared || ui.text;
    const input = box.querySelector('input[data-action="shared-device"]');
    const status = box.querySelector("[data-local-message]");
    if (!input) continue;
    box.hidden = false;
    input.checked = sharedDeviceOn(ui.rules);
    input.addEventListener("change", () => {
      const done = setSharedDevice(ui.rules, input.checked);
      if (!done) {
        input.checked = !input.checked;
        if (status) status.textContent = t.unavailable;
        return;
      }
      for (const other of document.querySelectorAll('input[data-action="shared-device"]')) other.checked = input.checked;
      for (const widget of WIDGETS) widget.storageSwitched();
      if (status) status.textContent = input.checked ? t.on : t.off;
    });
  }
}

/** Is the flag set in this tab? */
function sharedDeviceOn(rules) {
  try {
    return window.sessionStorage.getItem(rules.shared_device_key) === "on";
  } catch (_err) {
    return false;
  }
}

/** Set or clear the flag; false where sessionStorage cannot be used. */
function setSharedDevice(rules, on) {
  try {
    if (on) window.sessionStorage.setItem(rules.shared_device_key, "on");
    else window.sessionStorage.removeItem(rules.shared_device_key);
    return true;
  } catch (_err) {
    return false;
  }
}

Object.assign(Widget.prototype, {
  /** After the switch: keep what is on screen, in the storage the mode now names. */
  storageSwitched() {
    this.flushNotes();
    openStorage(this.rules);
    this.root.setAttribute("data-storage", storageKind);
    this.save();
  },

  /** This tab saved the record: a reload here is not told about "answers saved earlier". */
  markSeen() {
    if (this.seenMarked) return; // once per page, not at every save
    this.seenMarked = true;
    try {
      window.sessionStorage.setItem(`${this.rules.seen_prefix}${this.key}`, "1");
    } catch (_err) {
      /* no sessionStorage */
    }
  },

  /** Once per tab: say that the answers shown were saved on this device earlier, and when. */
  noticeSavedEarlier(text) {
    if (storageKind !== "local" || text == null) return;
    let record;
    try {
      record = JSON.parse(text);
    } catch (_err) {
      return;
    }
    const count = new Set([...Object.keys(this.answers), ...Object.keys(this.notes)]).size; // items
    const seen = `${this.rules.seen_prefix}${this.key}`;
    try {
      if (!count || window.sessionStorage.getItem(seen)) return;
      window.sessionStorage.setItem(seen, "1");
    } catch (_err) {
      /* no sessionStorage: say it every time */
    }
    const box = this.q("[data-saved-earlier]");
    if (!box) return;
    const when = localDateTime(record?.saved_at);
    const p = box.querySelector("[data-saved-earlier-text]");
    if (p) p.textContent = format(this.t.shared.saved_earlier, { when: when || "—", count });
    box.hidden = false;
  },

  /** Erase everything this checklist stored on the device (both storages), after one question. */
  clearAll(button) {
    const t = this.t.shared;
    if (!window.confirm(t.clear_all_confirm)) {
      this.localMessage(button, t.clear_all_cancelled);
      return;
    }
    this.eraseStored([safeStore("localStorage"), safeStore("sessionStorage")]);
    const box = this.q("[data-saved-earlier]");
    if (box) box.hidden = true;
    this.localMessage(button, t.clear_all_done);
  },
});

/** window[name] when it can be used, else null. */
function safeStore(name) {
  try {
    const store = window[name];
    store.getItem("econsec:probe");
    return store;
  } catch (_err) {
    return null;
  }
}

/** "2026-11-28 10:15" in the device's time zone, from an ISO time; "" if there is none. */
function localDateTime(iso) {
  const d = new Date(typeof iso === "string" ? iso : "");
  if (Number.isNaN(d.getTime())) return "";
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
