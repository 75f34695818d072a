/*
 * econsec widget, part 5: the saved record — writing it, checking it, carrying answers over
 * from an earlier site or checklist version (README, "Storage").
 */

const isObject = (v) => Boolean(v) && typeof v === "object" && !Array.isArray(v);

Object.assign(Widget.prototype, {
  /** {id: {value, note}} of the answered or annotated items, in checklist order. */
  serialise() {
    const answers = dict();
    for (const id of this.itemDefs.keys()) {
      const value = this.answers[id];
      const note = this.notes[id] || "";
      const plan = this.plan[id];
      if (!value && !note && !plan) continue;
      answers[id] = note ? { value: value || null, note } : { value: value || null };
      if (plan) answers[id].plan = plan; // answers file format 2
    }
    return answers;
  },

  /**
   * {item id: text digest} of the saved items, so that a later edition can tell which
   * questions were reworded. An item still under review keeps the digest it was answered with.
   */
  serialiseDigests(answers) {
    const digests = dict();
    for (const id of Object.keys(answers)) {
      const digest = this.review[id] || this.itemDefs.get(id)?.digest;
      if (typeof digest === "string" && digest) digests[id] = digest;
    }
    return digests;
  },

  /** The answers file's head (format, checklist, when, site): saved records and exports. */
  fileHead(when) {
    return {
      format: this.rules.format,
      format_version: this.rules.format_version,
      checklist: this.def.id,
      checklist_version: this.def.version,
      ...when,
      site: BUILD,
    };
  },

  save() {
    if (!storage) return;
    if (this.damaged) return; // never overwrite a damaged value before the user has chosen
    const answers = this.serialise();
    const record = { ...this.fileHead({ saved_at: isoNow() }), answers, digests: this.serialiseDigests(answers) };
    if (this.organisation) record.organisation = this.organisation;
    if (this.earlier) record.earlier = this.earlier; // the compared check (compare.js)
    try {
      storage.setItem(this.key, JSON.stringify(record));
      this.markSeen(); // saved in this tab: not "someone else's" on the next load here
      this.dirtyNotes.clear();
      if (!storageFullAtStart) this.clearAlert("storage");
    } catch (_err) {
      this.alert(this.t.storage_full, "storage");
    }
  },

  /**
   * A stored record, checked against this definition without changing anything:
   * {ok, problems, answers, notes, digests, unknown: [{id, value, note}], bad: [id]}.
   * problems: "json" (not JSON), "shape" (not a record: an array, no answers object, another
   * checklist); ok records list unknown item ids and bad values (or notes) separately.
   */
  inspect(text) {
    const out = { ok: false, problems: [], answers: dict(), notes: dict(), digests: dict(), unknown: [], bad: [], earlier: null, plan: dict(), organisation: "" };
    let data;
    try {
      data = JSON.parse(text);
    } catch (_err) {
      out.problems.push("json");
      return out;
    }
    if (!isObject(data) || !isObject(data.answers) || (data.checklist != null && data.checklist !== this.def.id)) {
      out.problems.push("shape");
      return out;
    }
    const digests = isObject(data.digests) ? data.digests : dict();
    // The engine checks it again at every comparison: a damaged one is simply not shown.
    if (isObject(data.earlier)) out.earlier = data.earlier;
    out.organisation = this.cleanOrganisation(data.organisation);
    for (const [id, entry] of Object.entries(data.answers)) {
      const value = isObject(entry) ? entry.value : entry;
      const note = isObject(entry) ? entry.note : undefined;
      if (!this.itemDefs.has(id)) {
        out.unknown.push({ id, value, note: typeof note === "string" ? note : "" });
        continue;
      }
      const valueOk = value == null || (typeof value === "string" && this.allowed.has(value));
      const noteOk = note == null || typeof note === "string";
      if (!valueOk || !noteOk) out.bad.push(id);
      if (valueOk && value) out.answers[id] = value;
      if (noteOk && note) out.notes[id] = note;
      const plan = isObject(entry) ? this.planEntry(entry.plan) : null;
      if (plan) out.plan[id] = plan;
      if (typeof digests[id] === "string") out.digests[id] = digests[id];
    }
    out.ok = true;
    return out;
  },

  /** Take an inspected record's answers; mark the items whose question text changed since. */
  adopt(r) {
    this.answers = dict(r.answers);
    this.notes = dict(r.notes);
    this.earlier = r.earlier || null;
    this.plan = dict(r.plan);
    this.organisation = r.organisation || "";
    this.review = dict();
    for (const [id, digest] of Object.entries(r.digests)) {
      const current = this.itemDefs.get(id)?.digest;
      // Records without digests (saved before they existed) are taken as they are.
      if (current && digest !== current && (this.answers[id] || this.notes[id])) this.review[id] = digest;
    }
  },

  /**
   * Read the value under this widget's key. A sound record is adopted; a damaged one is kept
   * (backup copy), what is valid in it is shown, and the key is not written until the user
   * chooses. ``fromOtherTab``: answers given here are kept too.
   */
  readStored(text, fromOtherTab = false) {
    if (text == null) {
      this.adopt({ answers: dict(), notes: dict(), digests: dict() });
      return false;
    }
    const r = this.inspect(text);
    const problems = r.ok ? [] : r.problems.slice();
    if (r.unknown.length) problems.push("items");
    if (r.bad.length) problems.push("values");
    if (!problems.length) {
      this.adopt(r);
      if (this.damaged) this.leaveDamaged(false); // repaired elsewhere (another tab)
      return true;
    }
    const session = { answers: this.answers, notes: this.notes, review: this.review };
    this.adopt(r);
    if (fromOtherTab) {
      this.answers = dict(session.answers, this.answers);
      this.notes = dict(session.notes, this.notes);
      this.review = dict(session.review, this.review);
    }
    this.enterDamaged(text, r, problems);
    return false;
  },

  /** Take {id: {value, note}} (or {id: value}); keep only known items and allowed values. */
  applyAnswers(answers) {
    this.answers = dict();
    this.notes = dict();
    this.review = dict(); // new answers replace the ones that were to be reviewed
    this.plan = dict();
    let n = 0;
    for (const [id, entry] of Object.entries(answers)) {
      if (!this.itemDefs.has(id)) continue;
      const value = entry && typeof entry === "object" ? entry.value : entry;
      const note = entry && typeof entry === "object" && typeof entry.note === "string" ? entry.note : "";
      if (typeof value === "string" && this.allowed.has(value)) this.answers[id] = value;
      if (note) this.notes[id] = note;
      const plan = entry && typeof entry === "object" ? this.planEntry(entry.plan) : null;
      if (plan) this.plan[id] = plan;
      if (this.answers[id] || note || plan) n += 1;
    }
    return n;
  },

  /** Read the saved record (or carry one over); the text read under this key, else null. */
  load() {
    if (!storage) return null;
    let text = null;
    try {
      text = storage.getItem(this.key);
    } catch (_err) {
      text = null;
    }
    if (text != null) {
      this.readStored(text);
      return text;
    }
    // Nothing under this key: carry answers over from an earlier site or checklist version.
    // The older keys are left as they are (so nothing of theirs is lost); items that this
    // edition removed are listed, reworded ones marked for review (adopt).
    const previous = this.findPreviousKeys();
    for (const candidate of previous) {
      const r = this.inspect(candidate.text);
      const kept = Object.keys(r.answers).length + Object.keys(r.notes).length;
      if (!r.ok || !kept) continue;
      this.adopt(r);
      this.removed = r.unknown.filter((x) => (typeof x.value === "string" && x.value) || x.note);
      this.save();
      this.message(format(this.t.migrated, { source: candidate.label }));
      return candidate.text;
    }
    return null;
  },

  /**
   * Every record of this checklist in storage, whatever its namespace or version, and every
   * backup copy of a damaged one (STORAGE.backupPrefix + key + ":" + time): what Reset removes.
   */
  storedRecords(store = storage) {
    const found = { older: [], labels: [], backups: [] };
    if (!store) return found;
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (!key || key === this.key) continue;
      const backup = key.startsWith(STORAGE.backupPrefix) ? /^(.*@[^@:]*):[^@]*$/.exec(key.slice(STORAGE.backupPrefix.length)) : null;
      const parsed = STORAGE.parse(backup ? backup[1] : key);
      if (!parsed || parsed.checklist !== this.def.id) continue;
      if (backup) found.backups.push(key);
      else {
        found.older.push(key);
        found.labels.push(`${parsed.ns} / ${parsed.version}`);
      }
    }
    return found;
  },

  /** Older keys for this checklist id, the same namespace first, newest saved first. */
  findPreviousKeys() {
    const found = [];
    const ns = STORAGE.namespace();
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      const parsed = STORAGE.parse(key);
      if (!parsed || key === this.key || parsed.checklist !== this.def.id) continue;
      const text = storage.getItem(key);
      let saved = "";
      try {
        saved = String(JSON.parse(text).saved_at || "");
      } catch (_err) {
        continue;
      }
      found.push({ text, saved, same: parsed.ns === ns, label: `${parsed.ns} / ${parsed.version}` });
    }
    found.sort((a, b) => (a.same !== b.same ? (a.same ? -1 : 1) : b.saved.localeCompare(a.saved)));
    return found;
  },
});
