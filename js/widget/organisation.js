/*
 * econsec widget, part 15: whose answers these are (input[name="organisation"], issue 18 §8).
 * The name is saved with the answers, printed on the report, written at the top level of the
 * answers file and put at the start of exported files' names. Its limit and the characters a
 * file name cannot hold come from Python (econsec.mdext.organisation).
 */

Object.assign(Widget.prototype, {
  /** Spaces collapsed and cut to the limit, as the engine reads it (clean_organisation). */
  cleanOrganisation(raw) {
    if (typeof raw !== "string") return "";
    return raw.split(/\s+/u).filter(Boolean).join(" ").slice(0, this.rules.max_organisation_chars).trim();
  },

  /** Typing is saved shortly after it stops, as a note is; leaving the field saves at once. */
  onOrganisationInput(done) {
    this.organisation = this.cleanOrganisation(this.orgInput.value);
    this.fillPrintMeta();
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => this.flushNotes(), NOTE_SAVE_DELAY);
    if (done) this.flushNotes();
  },

  syncOrganisation() {
    if (this.orgInput && this.cleanOrganisation(this.orgInput.value) !== this.organisation) {
      this.orgInput.value = this.organisation;
    }
  },

  /** "<organisation>-<checklist>[-<part>]-<date>.<ext>": the name first, made safe for a file. */
  fileName(ext, part = "") {
    const unsafe = new RegExp(this.rules.file_name_unsafe, "gu");
    const org = Array.from(this.organisation.replace(unsafe, "_").replace(/\s+/gu, "_"))
      .slice(0, this.rules.file_name_chars)
      .join("")
      .replace(/^[._]+|[._]+$/gu, "");
    return `${[org, this.def.id, part, localDate()].filter(Boolean).join("-")}.${ext}`;
  },

  /**
   * For a facilitator (issue 13 §2): the answers' values and the date only — no notes, plan,
   * organisation, time of day, site build or language, nothing that tells who or which device.
   */
  exportAnonymous() {
    const answers = dict();
    for (const id of this.itemDefs.keys()) if (this.answers[id]) answers[id] = { value: this.answers[id] };
    const data = {
      format: this.rules.format,
      format_version: this.rules.format_version,
      checklist: this.def.id,
      checklist_version: this.def.version,
      anonymous: true,
      exported_on: localDate(),
      answers,
    };
    const name = `${this.def.id}-anonymous-${localDate()}.json`;
    download(name, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
    this.message(format(this.t.organisation.exported_anonymous, { name, title: tr(this.def.title) }));
  },

  /** The report's line naming the organisation (printed only when there is one). */
  fillPrintedOrganisation() {
    const line = this.q("[data-print-organisation]");
    if (!line) return;
    line.textContent = this.organisation ? format(this.t.organisation.printed, { name: this.organisation }) : "";
    line.hidden = !this.organisation;
  },
});
