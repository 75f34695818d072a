/*
 * econsec widget, part 19: the combine page's result, as the engine gave it. Side by side:
 * the respondents (each name editable), per question every answer, whether the scored answers
 * agree (in words) and the proposed consensus (a select), per section every score with the
 * lowest, median, highest and spread. Every question row is [data-item-summary] with its counts.
 */

Object.assign(CombinePage.prototype, {
  render() {
    const out = this.out;
    clear(out);
    const r = this.result;
    if (!r?.ok) {
      out.hidden = true;
      out.removeAttribute("data-respondents");
      return;
    }
    out.hidden = false;
    out.setAttribute("data-respondents", String(r.accepted));
    const anonymous = this.anonymous.checked;
    this.root.toggleAttribute("data-anonymous", anonymous);
    if (anonymous) this.renderRoom(out, r);
    else this.renderSideBySide(out, r);
  },

  itemDefs() {
    return new Map((this.def.items || []).map((it, i) => [it.id, { ...it, n: i + 1 }]));
  },

  question(item) {
    return `${this.t.question_no.replace("{}", String(item.n))} ${tr(item.text)}`;
  },

  answerLabel(value) {
    const kind = this.def.kind === "screening" ? "screening" : "score";
    return value ? this.text.answer_labels[kind][value] || value : this.t.unanswered;
  },

  /** The accepted respondents with their indexes among the chosen files. */
  accepted(r) {
    return r.respondents.map((p, i) => ({ ...p, file: i })).filter((p) => p.ok);
  },

  /** A row of counts as attributes: data-yes, data-partial, … (the DOM contract). */
  summaryRow(item, counts, agree) {
    const row = el("tr", { "data-item-summary": item.id });
    for (const value of [...(this.def.answers || []), "na", "unanswered"]) {
      if (counts[value] != null) row.setAttribute(`data-${value}`, String(counts[value]));
    }
    if (agree != null) row.setAttribute("data-agree", String(agree));
    row.appendChild(el("th", { scope: "row" }, this.question(item)));
    return row;
  },

  table(parent, caption, headers) {
    const scroll = el("div", { class: "econsec-data-table__scroll", tabindex: "0", role: "region", "aria-label": caption });
    const table = el("table", { class: "econsec-table" });
    table.appendChild(el("caption", null, caption));
    const head = el("tr");
    for (const h of headers) head.appendChild(el("th", { scope: "col" }, h));
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    scroll.appendChild(table);
    parent.appendChild(scroll);
    return body;
  },

  renderSideBySide(out, r) {
    const t = this.t;
    const people = this.accepted(r);
    const names = el("fieldset", { class: "econsec-combine__respondents" });
    names.appendChild(el("legend", null, t.respondents));
    for (const p of people) {
      const id = `ec-combine-r${p.file}`;
      const box = el("p");
      const file = this.files[p.file];
      box.appendChild(el("label", { for: id }, format(t.respondent_label, { name: file.name })));
      const input = el("input", { type: "text", id, "data-respondent": String(p.file), maxlength: "100" });
      input.value = file.label;
      box.appendChild(input);
      if (p.anonymous) box.appendChild(el("span", { class: "econsec-combine__tag" }, ` (${t.anonymous_file})`));
      names.appendChild(box);
    }
    out.appendChild(names);

    const labels = people.map((p) => this.files[p.file].label);
    const defs = this.itemDefs();
    out.appendChild(el("h3", null, t.items));
    out.appendChild(el("p", null, t.consensus_intro));
    const body = this.table(out, t.items, [t.col_question, ...labels, t.col_agree, t.col_consensus]);
    this.markRespondentColumns(body, people);
    for (const row of r.items) {
      const item = defs.get(row.id);
      if (!item) continue;
      const tr_ = this.summaryRow(item, row.counts, row.agree);
      for (const value of row.answers) tr_.appendChild(el("td", null, this.answerLabel(value)));
      const counted = row.answers.some((v) => v && v !== "na");
      const words = !counted ? t.not_counted : row.agree ? t.agree : t.disagree;
      tr_.appendChild(el("td", { "data-cell": "agree" }, words));
      tr_.appendChild(this.consensusCell(item, row));
      body.appendChild(tr_);
    }
    const exportButton = el("button", { type: "button", class: "md-button", "data-action": "export-consensus" }, t.export_consensus);
    out.appendChild(exportButton);

    out.appendChild(el("h3", null, t.sections));
    const sections = this.table(out, t.sections, [t.col_section, ...labels, t.col_min, t.col_median, t.col_max, t.col_spread]);
    this.markRespondentColumns(sections, people);
    const titles = new Map((this.def.sections || []).map((s) => [s.id, tr(s.title)]));
    for (const s of r.sections) {
      const row = el("tr", { "data-section": s.id });
      row.appendChild(el("th", { scope: "row" }, titles.get(s.id) || s.id));
      for (const v of [...s.scores, s.min, s.median, s.max, s.spread]) row.appendChild(el("td", null, this.points(v)));
      sections.appendChild(row);
    }
    if (this.def.kind !== "screening") {
      const row = el("tr", { "data-section": "" });
      row.appendChild(el("th", { scope: "row" }, t.overall));
      for (const p of people) row.appendChild(el("td", null, this.points(p.score)));
      for (let i = 0; i < 4; i += 1) row.appendChild(el("td", null, ""));
      sections.appendChild(row);
    }
  },

  /** The headers naming respondents follow their name inputs (combine.js, onInput). */
  markRespondentColumns(body, people) {
    const heads = body.parentElement.querySelectorAll("thead th");
    people.forEach((p, i) => {
      heads[i + 1]?.setAttribute("data-respondent-col", String(p.file));
    });
  },

  consensusCell(item, row) {
    const td = el("td");
    const id = `ec-combine-c-${item.n}`;
    td.appendChild(el("label", { for: id, class: "econsec-sr-only" }, format(this.t.consensus_label, { question: this.question(item) })));
    const select = el("select", { id, "data-consensus": item.id });
    select.appendChild(el("option", { value: "" }, this.t.unanswered));
    for (const value of this.def.answers || []) {
      const option = el("option", { value }, this.answerLabel(value));
      if (value === row.proposed) option.setAttribute("data-proposed", "");
      select.appendChild(option);
    }
    select.value = row.consensus || "";
    td.appendChild(select);
    return td;
  },

  points(v) {
    return v == null ? this.t.none : format(this.t.points, { value: decimal(v) });
  },
});
