/*
 * econsec widget, part 20: the combine page in anonymous mode, for a seminar room (issue 13 §2):
 * counts only. Per question how many gave each answer, per section the lowest, median and
 * highest score, and the five questions most often answered no or unknown with their guidance.
 * No file name, respondent's name, note or individual answer is shown. It exports a CSV and
 * prints alone on one A4 page (like a consultation memo: support.js).
 */

Object.assign(CombinePage.prototype, {
  roomValues() {
    return [...(this.def.answers || []), "unanswered"];
  },

  renderRoom(out, r) {
    const t = this.t;
    const defs = this.itemDefs();
    const values = this.roomValues();
    out.appendChild(el("h3", null, t.counts));
    const body = this.table(out, t.counts, [t.col_question, ...values.map((v) => this.answerLabel(v === "unanswered" ? null : v))]);
    for (const row of r.items) {
      const item = defs.get(row.id);
      if (!item) continue;
      const tr_ = this.summaryRow(item, row.counts, null);
      for (const v of values) tr_.appendChild(el("td", { "data-count": v }, String(row.counts[v] || 0)));
      body.appendChild(tr_);
    }
    out.appendChild(el("h3", null, t.sections));
    const sections = this.table(out, t.sections, [t.col_section, t.col_min, t.col_median, t.col_max]);
    const titles = new Map((this.def.sections || []).map((s) => [s.id, tr(s.title)]));
    for (const s of r.sections) {
      const row = el("tr", { "data-section": s.id });
      row.appendChild(el("th", { scope: "row" }, titles.get(s.id) || s.id));
      for (const v of [s.min, s.median, s.max]) row.appendChild(el("td", null, this.points(v)));
      sections.appendChild(row);
    }
    out.appendChild(el("h3", null, this.def.kind === "screening" ? t.most_gaps_screening : t.most_gaps));
    if (!r.most_gaps.length) out.appendChild(el("p", null, t.most_gaps_none));
    const list = el("ol", { "data-most-gaps": "" });
    for (const gap of r.most_gaps) {
      const item = defs.get(gap.id);
      if (!item) continue;
      const li = el("li", { "data-gap-item": gap.id }, format(t.most_gaps_item, { question: this.question(item), count: gap.count }));
      const href = this.guidance.get(`${this.def.id} ${gap.id}`);
      if (href) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("a", { href, "data-guidance": "" }, t.guidance));
      }
      list.appendChild(li);
    }
    out.appendChild(list);
    const buttons = el("p", { class: "econsec-actions__buttons" });
    buttons.appendChild(el("button", { type: "button", class: "md-button", "data-action": "export-room-csv" }, t.export_csv));
    buttons.appendChild(el("button", { type: "button", class: "md-button", "data-action": "print-room" }, t.print));
    out.appendChild(buttons);
  },

  /** The counts and the section ranges as CSV (UTF-8 with BOM, CRLF, as the other exports). */
  exportRoomCsv() {
    const r = this.result;
    if (!r?.ok) return;
    const t = this.t;
    const defs = this.itemDefs();
    const values = this.roomValues();
    const rows = [[...t.csv_header, ...values.map((v) => this.answerLabel(v === "unanswered" ? null : v))]];
    for (const row of r.items) {
      const item = defs.get(row.id);
      if (item) rows.push([this.t.question_no.replace("{}", String(item.n)), tr(item.text), ...values.map((v) => String(row.counts[v] || 0))]);
    }
    rows.push([]);
    rows.push(t.csv_sections);
    const titles = new Map((this.def.sections || []).map((s) => [s.id, tr(s.title)]));
    for (const s of r.sections) rows.push([titles.get(s.id) || s.id, ...[s.min, s.median, s.max].map((v) => (v == null ? "" : decimal(v)))]);
    const body = `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
    const name = `${this.def.id}-summary-${localDate()}.csv`;
    download(name, new Blob(["\uFEFF", body], { type: "text/csv;charset=utf-8" }));
    this.say(format(this.text.exported_file, { name }));
  },

  /** The anonymous summary alone on paper: a copy of what the room sees, with title and date. */
  printRoom() {
    for (const old of document.querySelectorAll("[data-room-summary]")) old.remove();
    const sheet = el("div", { class: "econsec-memo econsec-room md-typeset", "data-room-summary": "", lang: LANG });
    sheet.appendChild(el("h1", null, format(this.t.room_title, { title: tr(this.def.title), count: this.result.accepted })));
    sheet.appendChild(el("p", null, format(this.t.print_date, { date: localDate() })));
    for (const part of this.out.children) {
      if (part.matches(".econsec-actions__buttons")) continue;
      sheet.appendChild(part.cloneNode(true));
    }
    document.body.appendChild(sheet);
    document.documentElement.setAttribute("data-econsec-print", "memo");
    window.addEventListener(
      "afterprint",
      () => {
        sheet.remove();
        document.documentElement.removeAttribute("data-econsec-print");
      },
      { once: true },
    );
    window.print();
  },
});
