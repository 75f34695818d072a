/*
 * econsec widget, part 17: the blank worksheet (button[data-action=print-blank], issue 13 §4).
 * Built from the definition, never from the answers on screen, and printed alone, the way a
 * consultation memo is (support.js: html[data-econsec-print=memo] until afterprint).
 */

Object.assign(Widget.prototype, {
  printBlank() {
    this.removeMemo();
    const t = this.t.worksheet;
    const sheet = el("div", { class: "econsec-memo econsec-worksheet md-typeset", "data-blank-worksheet": "", lang: LANG });
    sheet.appendChild(el("h1", null, format(t.title, { title: tr(this.def.title) })));
    sheet.appendChild(el("p", null, format(t.version, { version: this.def.version })));
    sheet.appendChild(el("p", { class: "econsec-worksheet__fill" }, t.fill));
    sheet.appendChild(el("p", null, t.intro));
    const labels = this.t.answer_labels[this.kind] || {};
    for (const section of this.def.sections || []) {
      sheet.appendChild(el("h2", null, tr(section.title)));
      for (const id of section.items || []) {
        if (this.itemDefs.has(id)) sheet.appendChild(this.blankItem(id, labels));
      }
    }
    sheet.appendChild(el("p", { class: "econsec-memo__footer" }, format(t.footer, { title: tr(this.def.title), build: BUILD })));
    document.body.appendChild(sheet);
    document.documentElement.setAttribute("data-econsec-print", "memo");
    this.message(t.printing);
    window.print();
  },

  /** One question: its number and text, its provenance, a box per answer, lines for a note. */
  blankItem(id, labels) {
    const item = this.items.get(id);
    const box = el("div", { class: "econsec-worksheet__item", "data-blank-item": id });
    box.appendChild(el("p", { class: "econsec-memo__question" }, this.questionText(id)));
    if (item?.provenance) box.appendChild(el("p", { class: "econsec-worksheet__source" }, item.provenance.textContent));
    const choices = el("p", { class: "econsec-worksheet__choices" });
    for (const value of this.def.answers || []) choices.appendChild(el("span", null, format(this.t.worksheet.choice, { label: labels[value] || value })));
    box.appendChild(choices);
    box.appendChild(el("p", { class: "econsec-worksheet__note" }, this.t.worksheet.note));
    return box;
  },
});
