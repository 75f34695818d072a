/*
 * econsec widget, part 10: export (answers file, CSV), import and reset. The answers file's
 * format name and version and the import size limit come from Python (rules); the import itself
 * is read by the engine (econsec.engine.exchange.parse_import).
 */

const download = (name, blob) => {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
};

/** The engine's reason for refusing a file (t: the widget's strings); another checklist of this
 * site is named by its title. Used by the self-check and the combine page. */
const refusalText = (t, error) => {
  const other = error?.code === "wrong-checklist" ? t.checklist_titles[error.other] : null;
  return other ? format(t.import_wrong_checklist, { other }) : tr(error?.message);
};

const csvCell = (value) => {
  let s = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // spreadsheet formula injection guard
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

Object.assign(Widget.prototype, {
  exportJson() {
    const data = { ...this.fileHead({ exported_at: isoNow() }), lang: LANG };
    if (this.organisation) data.organisation = this.organisation;
    data.answers = this.serialise();
    const name = this.fileName("json");
    download(name, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
    this.message(format(this.t.exported, { name, title: tr(this.def.title) }));
  },

  exportCsv() {
    const rows = [this.t.csv_header];
    for (const section of this.def.sections || []) {
      for (const id of section.items || []) {
        const def = this.itemDefs.get(id);
        if (!def) continue;
        const value = this.answers[id];
        const item = this.items.get(id);
        rows.push([
          tr(section.title),
          id,
          tr(def.text),
          value ? this.answerText(id, value) : this.t.unanswered,
          this.notes[id] || "",
          def.weight != null ? String(def.weight) : "",
          // As the paper form states it (econsec.mdext.checklist.provenance_text).
          item?.provenance ? item.provenance.textContent : "",
          this.plan[id]?.owner || "",
          this.plan[id]?.due || "",
          this.plan[id] ? this.t.plan.statuses[this.plan[id].status] : "",
        ]);
      }
    }
    const body = `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
    const name = this.fileName("csv");
    download(name, new Blob(["\uFEFF", body], { type: "text/csv;charset=utf-8" }));
    this.message(format(this.t.exported, { name, title: tr(this.def.title) }));
  },

  hasAnswers() {
    return Object.keys(this.answers).length > 0 || Object.keys(this.notes).length > 0;
  },

  /** Reset asks first, naming what it will remove (storedRecords). */
  resetQuestion(found) {
    const t = this.t;
    const items = [format(t.reset_current, { version: this.def.version })];
    const labels = found.labels.join(t.list_sep);
    if (found.older.length) items.push(format(t.reset_older, { count: found.older.length, labels }));
    if (found.backups.length) items.push(format(t.reset_backups, { count: found.backups.length }));
    return format(t.confirm_reset, { items: items.join("\n") });
  },

  reset() {
    if (!window.confirm(this.resetQuestion(this.storedRecords()))) return;
    this.eraseStored([storage]);
    this.message(format(this.t.reset_done, { title: tr(this.def.title) }));
  },

  /**
   * Forget the answers, notes, plan and comparison, and remove every record of this checklist
   * (every version and namespace, so nothing older is carried over again) and every backup copy
   * from the given stores. Confirming is consent to remove a damaged value too.
   */
  eraseStored(stores) {
    this.flushNotes();
    this.answers = dict();
    this.notes = dict();
    this.review = dict();
    this.removed = [];
    this.plan = dict();
    this.organisation = ""; // whose answers they were goes with them
    this.earlier = null; // the compared check is stored with the answers: it goes too
    if (this.damaged) this.leaveDamaged(false);
    for (const store of stores) {
      if (!store) continue;
      const found = this.storedRecords(store);
      for (const key of [this.key, ...found.older, ...found.backups]) {
        try {
          store.removeItem(key);
        } catch (_err) {
          /* storage unavailable: there was nothing to remove */
        }
      }
    }
    this.syncDom();
    this.clearAlert();
    this.update();
  },

  /**
   * The answers file chosen in `input` (import, compare) as {name, text}, or null after saying
   * in the alert region why not, ending with `unchanged`. Clears the input, the alert and the
   * message first; `needsEngine` is said when the engine is not ready (the engine reads it).
   */
  async chosenFileText(input, unchanged, needsEngine) {
    const t = this.t;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return null;
    this.clearAlert();
    this.message("");
    const refuse = (text) => {
      this.alert([text, unchanged].join(t.import_sep));
      return null;
    };
    if (file.size > this.rules.max_import_bytes) return refuse(t.import_too_large);
    if (engine.state !== "ready" || !engine.api) return refuse(needsEngine);
    try {
      // Always as UTF-8, the format's encoding, as the engine reads bytes: Chromium's
      // file.text() would decode a UTF-16 file by its byte order mark.
      return { name: file.name, text: new TextDecoder("utf-8").decode(await file.arrayBuffer()) };
    } catch (_err) {
      return refuse(t.import_read_error);
    }
  },

  async importFile(input) {
    const t = this.t;
    // A refused file leaves answers, notes and storage as they were: nothing below touches
    // them before the user has confirmed a file that holds usable answers.
    const chosen = await this.chosenFileText(input, t.import_unchanged, t.import_needs_engine);
    if (!chosen) return;
    const refuse = (...parts) => this.alert([...parts, t.import_unchanged].join(t.import_sep));
    let result;
    try {
      result = await engine.api.parseImport(this.def, chosen.text);
      if (typeof result === "string") result = JSON.parse(result);
    } catch (err) {
      this.alert(`${t.import_failed} (${errorText(err)})`);
      return;
    }
    if (!result?.ok) {
      const msg = result?.error ? this.refusalText(result.error) : "";
      if (msg) refuse(msg);
      else this.alert(t.import_failed);
      return;
    }
    const notes = this.importNotes(result);
    const usable = result.answers && typeof result.answers === "object" ? Object.keys(result.answers).length : 0;
    if (!usable) {
      // Replacing the answers with nothing would only lose them: refuse instead.
      const empty = (result.warnings || []).some((w) => w && w.code === "no-answers");
      refuse(...(empty ? notes : [t.import_nothing, ...notes]));
      return;
    }
    if (this.hasAnswers() && !window.confirm(t.confirm_replace)) {
      this.message(t.import_cancelled);
      return;
    }
    this.flushNotes();
    const n = this.applyAnswers(result.answers);
    if (result.organisation) this.organisation = result.organisation; // a file without one keeps it
    this.save();
    this.syncDom();
    this.update();
    this.message([format(t.imported, { count: n, title: tr(this.def.title) }), ...notes].join(t.import_sep));
  },

  refusalText(error) {
    return refusalText(this.t, error);
  },

  /** What the import left out or changed: ignored items (named, at most ten) and warnings. */
  importNotes(result) {
    const t = this.t;
    const parts = [];
    const ignored = Array.isArray(result.ignored) ? result.ignored : [];
    if (ignored.length) {
      const short = (v) => (v == null ? v : String(v).length > 40 ? `${String(v).slice(0, 39)}…` : String(v));
      const named = ignored.slice(0, 10).map((x) => {
        const value = short(x.value);
        const values = { id: short(x.item), reason: t.reasons[x.reason] || x.reason, value };
        return format(value != null ? t.ignored_item_value : t.ignored_item, values);
      });
      if (ignored.length > 10) named.push(format(t.ignored_more, { count: ignored.length - 10 }));
      parts.push(format(t.ignored, { count: ignored.length }) + named.join(t.list_sep) + t.ignored_end);
    }
    for (const w of Array.isArray(result.warnings) ? result.warnings : []) {
      const text = typeof w === "string" ? w : tr(w?.message ? w.message : w);
      if (text) parts.push(text);
    }
    return parts;
  },
});
