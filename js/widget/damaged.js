/*
 * econsec widget, part 6: a damaged saved value (README, "Hardening"). It is copied under
 * rules.backup_prefix, what can be read of it is shown, and nothing is written to the key
 * until the user chooses; a sound value stored by another tab also ends that state.
 */

Object.assign(Widget.prototype, {
  /** Keep a copy of a damaged value under a backup key (once per distinct value). */
  backup(raw) {
    const prefix = `${STORAGE.backupPrefix}${this.key}:`;
    try {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key?.startsWith(prefix) && storage.getItem(key) === raw) return key;
      }
      const key = `${prefix}${new Date().toISOString()}`;
      storage.setItem(key, raw);
      return key;
    } catch (_err) {
      return null; // storage full: the raw text stays in memory for the download button
    }
  },

  enterDamaged(raw, r, problems) {
    const same = this.damaged && this.damaged.raw === raw;
    const backupKey = same ? this.damaged.backupKey : this.backup(raw);
    const recovered = new Set([...Object.keys(r.answers), ...Object.keys(r.notes)]).size;
    this.damaged = { raw, backupKey, problems, recovered };
    const t = this.t.damaged;
    const counts = { items: r.unknown.length, values: r.bad.length };
    const parts = problems.map((p) => format(t[p], { count: counts[p] }));
    parts.push(
      recovered ? format(t.recovered, { count: recovered }) : t.recovered_none,
      backupKey ? t.backup : t.no_backup,
      t.hold,
    );
    this.clearAlert("damaged");
    if (!this.alertBox) return;
    const box = el("div", { "data-kind": "damaged", class: "econsec-damaged" });
    for (const text of parts) box.appendChild(el("p", null, text));
    const buttons = el("div", { class: "econsec-damaged__buttons" });
    buttons.appendChild(el("button", { type: "button", class: "md-button", "data-action": "damaged-download" }, t.download));
    buttons.appendChild(
      el(
        "button",
        { type: "button", class: "md-button", "data-action": "damaged-continue" },
        recovered ? t.continue : t.afresh,
      ),
    );
    box.appendChild(buttons);
    this.alertBox.appendChild(box);
  },

  /** The user chose (``consent``), or another tab stored a sound value: writing resumes. */
  leaveDamaged(consent) {
    const backupKey = this.damaged ? this.damaged.backupKey : null;
    this.damaged = null;
    this.clearAlert("damaged");
    if (!consent) return;
    this.flushNotes();
    this.save();
    this.message(this.t.damaged.resolved + (backupKey ? ` ${this.t.damaged.backup_kept}` : ""));
    if (this.messageBox) {
      // The button that had focus is gone: keep keyboard users where the news is.
      this.messageBox.setAttribute("tabindex", "-1");
      this.messageBox.focus();
    }
  },

  downloadDamaged() {
    if (!this.damaged) return;
    const name = `${this.def.id}-damaged-${localDate()}.txt`;
    download(name, new Blob([this.damaged.raw], { type: "text/plain;charset=utf-8" }));
    this.message(format(this.t.exported_file, { name }));
  },

  /** Another tab saved this checklist: take its state, but not over notes being typed here. */
  onStoredElsewhere(text) {
    const typing = dict();
    for (const id of this.dirtyNotes) typing[id] = this.notes[id] || "";
    this.readStored(text, true);
    for (const [id, note] of Object.entries(typing)) {
      if (note) this.notes[id] = note;
      else delete this.notes[id];
    }
    this.syncDom();
    this.update();
  },
});
