/*
 * econsec widget, part 12: the action plan (README, "Action plan"). Each item among the next
 * steps has a row of controls ([data-plan], econsec.mdext.plan_row): owner, due date, status,
 * kept in this.plan {item id: {owner, due, status}} and saved with its answer (answers file
 * format 2). The plan table in the results and the plan's CSV come from the engine
 * (econsec.engine.bridge.plan_json: the rows in due-date order, overdue marked), the same
 * function `econsec plan` prints. The limits (statuses, owner length, date form) are rules.
 */

Object.assign(Widget.prototype, {
  /** A stored or imported plan entry, as far as its shape goes (the engine cleans it again). */
  planEntry(raw) {
    if (!isObject(raw)) return null;
    const owner = typeof raw.owner === "string" ? raw.owner.slice(0, this.rules.max_owner_chars) : "";
    const due = this.isPlanDate(raw.due) ? raw.due : "";
    const status = this.rules.plan_statuses.includes(raw.status) ? raw.status : this.rules.plan_statuses[0];
    if (!owner && !due && status === this.rules.plan_statuses[0]) return null;
    return { owner, due, status };
  },

  /** A due date as input[type=date] gives it (the rule's pattern, from Python). */
  isPlanDate(value) {
    return typeof value === "string" && new RegExp(`^(?:${this.rules.date_pattern})$`).test(value);
  },

  planControls(id) {
    const box = this.items.get(id)?.plan;
    if (!box) return null;
    return {
      owner: box.querySelector('input[name="owner"]'),
      due: box.querySelector('input[name="due"]'),
      status: box.querySelector('select[name="status"]'),
    };
  },

  /** Put this.plan into the controls (load, import, reset, another tab). */
  syncPlan() {
    for (const id of this.items.keys()) {
      const c = this.planControls(id);
      if (!c) continue;
      const entry = this.plan[id] || { owner: "", due: "", status: this.rules.plan_statuses[0] };
      if (c.owner && c.owner.value !== entry.owner) c.owner.value = entry.owner;
      if (c.due && c.due.value !== entry.due) c.due.value = entry.due;
      if (c.status) c.status.value = entry.status;
    }
  },

  /** A control of an item's plan changed (change event; typing in owner also comes here). */
  onPlanChange(target, box) {
    const id = box.getAttribute("data-plan");
    if (!this.itemDefs.has(id)) return;
    const t = this.t.plan;
    const c = this.planControls(id);
    const before = this.plan[id] || { owner: "", due: "", status: this.rules.plan_statuses[0] };
    let owner = c.owner ? c.owner.value.trim() : before.owner;
    if (owner.length > this.rules.max_owner_chars) {
      owner = owner.slice(0, this.rules.max_owner_chars);
      c.owner.value = owner;
      this.message(t.owner_cut);
    }
    let due = c.due ? c.due.value : before.due;
    if (due && !this.isPlanDate(due)) {
      // Only where the browser has no date picker (a text field): refused, the date kept.
      if (target === c.due) c.due.value = before.due;
      this.alert(t.bad_due);
      due = before.due;
    }
    const entry = this.planEntry({ owner, due, status: c.status ? c.status.value : before.status });
    if (entry) this.plan[id] = entry;
    else delete this.plan[id];
    this.save();
    this.refreshPlan();
  },

  /** {item id: {value, plan}} for the engine's plan call. */
  planRequest() {
    const answers = dict();
    for (const id of this.itemDefs.keys()) {
      if (!this.answers[id] && !this.plan[id]) continue;
      answers[id] = { value: this.answers[id] || null };
      if (this.plan[id]) answers[id].plan = this.plan[id];
    }
    return JSON.stringify({ answers, lang: LANG, today: localDate(), labels: this.t.answer_labels[this.kind] });
  },

  /** After every score and plan change: the engine's rows, shown in due-date order. */
  refreshPlan() {
    if (engine.state !== "ready" || !engine.api) return;
    this.planSeq = (this.planSeq || 0) + 1;
    const mine = this.planSeq;
    Promise.resolve(engine.api.plan(this.def, this.planRequest()))
      .then((r) => (typeof r === "string" ? JSON.parse(r) : r))
      .then(
        (result) => {
          if (mine === this.planSeq) this.renderPlan(result);
        },
        (err) => {
          if (mine === this.planSeq) this.alert(format(this.t.score_failed, { message: errorText(err) }));
        },
      );
  },

  renderPlan(result) {
    const box = this.q('[data-result="plan"]');
    if (!box) return;
    const t = this.t.plan;
    const rows = Array.isArray(result?.rows) ? result.rows : [];
    this.planCsv = typeof result?.csv === "string" ? result.csv : "";
    box.hidden = false;
    const body = box.querySelector("[data-plan-rows]");
    clear(body);
    for (const row of rows) {
      const tr_ = el("tr", { "data-plan-row": row.item, "data-status": row.status });
      if (row.overdue) tr_.setAttribute("data-overdue", "");
      tr_.appendChild(el("th", { scope: "row" }, this.questionText(row.item)));
      tr_.appendChild(el("td", null, this.answerText(row.item, row.answer)));
      tr_.appendChild(el("td", null, row.owner || this.t.empty));
      // Overdue in words beside the date, never by colour alone.
      const due = row.overdue ? format(t.due_overdue, { due: row.due }) : row.due;
      tr_.appendChild(el("td", null, due || this.t.empty));
      tr_.appendChild(el("td", null, t.statuses[row.status] || row.status));
      body.appendChild(tr_);
    }
    const table = body.closest("[role=region]") || body.closest("table");
    if (table) table.hidden = rows.length === 0;
    const empty = box.querySelector("[data-plan-empty]");
    if (empty) empty.hidden = rows.length > 0;
    const button = box.querySelector('[data-action="export-plan"]');
    if (button) button.hidden = rows.length === 0;
  },

  exportPlan() {
    if (engine.state !== "ready" || !this.planCsv) {
      this.alert(this.t.plan.needs_engine);
      return;
    }
    const name = this.fileName("csv", "plan");
    download(name, new Blob(["\uFEFF", this.planCsv], { type: "text/csv;charset=utf-8" }));
    this.message(format(this.t.exported_plan, { name, title: tr(this.def.title) }));
  },
});
