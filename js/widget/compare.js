/*
 * econsec widget, part 11: compare with an earlier check (README, "Comparing with an earlier
 * check"). The engine reads the chosen file as it reads an import and computes the comparison
 * (econsec.engine.bridge.compare_json: the function `econsec compare` prints), so the page shows
 * what the command line computes. The engine's copy of the earlier answers (no notes) is kept in
 * the saved record (`earlier`) until the user removes it, and compared again after every score.
 * The section (econsec.mdext.comparison) is hidden without JavaScript: it needs the engine.
 */

Object.assign(Widget.prototype, {
  showCompareSection() {
    const section = this.q("[data-compare]");
    if (section) section.hidden = false;
  },

  async compareFile(input) {
    const t = this.t;
    const c = t.compare;
    // A refused file changes nothing: the comparison shown (if any) and the record stay.
    const chosen = await this.chosenFileText(input, c.unchanged, c.needs_engine);
    if (!chosen) return;
    const refuse = (text) => this.alert([text, c.unchanged].join(t.import_sep));
    let result;
    try {
      result = await this.compareWith(chosen.text);
    } catch (err) {
      this.alert(format(c.failed, { message: errorText(err) }));
      return;
    }
    if (!result?.ok) {
      refuse(result?.error ? this.refusalText(result.error) : t.import_failed);
      return;
    }
    this.compareSeq = (this.compareSeq || 0) + 1; // an older refresh must not overwrite this
    this.earlier = result.earlier;
    this.save();
    this.renderComparison(result.comparison);
    const notes = (result.warnings || []).map((w) => tr(w?.message)).filter(Boolean);
    this.message([format(c.loaded, { name: chosen.name }), ...notes].join(t.import_sep));
  },

  /** The engine's comparison of an answers file's text with the current answers. */
  compareWith(earlierText) {
    const request = JSON.stringify({ earlier: earlierText, answers: this.plainAnswers() });
    return Promise.resolve(engine.api.compare(this.def, request)).then((r) => (typeof r === "string" ? JSON.parse(r) : r));
  },

  /** After every score: the kept earlier answers against the current ones (latest call wins). */
  refreshComparison() {
    if (!this.earlier) {
      this.renderComparison(null);
      return;
    }
    if (engine.state !== "ready" || !engine.api) return;
    this.compareSeq = (this.compareSeq || 0) + 1;
    const mine = this.compareSeq;
    this.compareWith(JSON.stringify(this.earlier)).then(
      (r) => {
        if (mine === this.compareSeq && r?.ok) this.renderComparison(r.comparison);
      },
      (err) => {
        if (mine === this.compareSeq) this.alert(format(this.t.compare.failed, { message: errorText(err) }));
      },
    );
  },

  clearComparison() {
    this.compareSeq = (this.compareSeq || 0) + 1;
    this.earlier = null;
    this.save();
    this.renderComparison(null);
    this.message(this.t.compare.cleared);
  },

  /** A score as text ("40 点"), or "—". */
  comparePoints(value) {
    return value == null ? this.t.empty : format(this.t.compare.points, { value: decimal(value) });
  },

  /** A change in words: "20 点上昇", "変化なし", … (never by colour alone). */
  compareDelta(delta) {
    const c = this.t.compare;
    if (delta == null) return c.none;
    if (delta === 0) return c.same;
    return format(delta > 0 ? c.up : c.down, { value: decimal(Math.abs(delta)) });
  },

  renderComparison(cmp) {
    const box = this.q('[data-result="comparison"]');
    if (!box) return;
    const button = this.q('[data-action="clear-comparison"]');
    if (button) button.hidden = !cmp;
    this.q("[data-compare]")?.toggleAttribute("data-has-comparison", Boolean(cmp));
    clear(box);
    box.hidden = !cmp;
    setScores(box, cmp?.score);
    this.scoreChange(null);
    if (!cmp) return;
    const t = this.t;
    const c = t.compare;
    const earlier = this.earlier || {};
    const date = /^\d{4}-\d{2}-\d{2}/.exec(String(earlier.exported_at || ""));
    const version = earlier.checklist_version || c.version_unknown;
    box.appendChild(el("p", null, format(date ? c.source : c.source_undated, { date: date?.[0], version })));
    if (this.kind === "screening") {
      const texts = this.def.outcome || {};
      const o = cmp.outcome || {};
      const line = format(c.outcome, { before: tr(texts[o.before]) || t.empty, after: tr(texts[o.after]) || t.empty });
      box.appendChild(el("p", { class: "econsec-comparison__score" }, line));
    } else {
      const s = cmp.score || {};
      const values = { before: this.comparePoints(s.before), after: this.comparePoints(s.after) };
      const line = format(c.score, { ...values, change: this.compareDelta(s.delta) });
      box.appendChild(el("p", { class: "econsec-comparison__score" }, line));
      box.appendChild(this.comparisonSections(cmp.sections || []));
      this.scoreChange(line);
    }
    box.appendChild(el("p", null, this.comparisonSummary(cmp.items || [])));
    box.appendChild(this.comparisonItems(cmp.items || []));
    for (const text of this.checklistChanges(cmp.checklist_changes)) box.appendChild(el("p", null, text));
  },

  /** The change under the overall score too (on screen, and on the report's first page). */
  scoreChange(text) {
    let line = this.q("[data-compare-summary]");
    if (!text) {
      line?.remove();
      return;
    }
    if (!line) {
      line = el("p", { class: "econsec-score-change", "data-compare-summary": "" });
      this.q('[data-result="score"]')?.after(line);
    }
    line.textContent = text;
  },

  comparisonSections(sections) {
    const c = this.t.compare;
    const table = el("table", { class: "econsec-table" });
    table.appendChild(el("caption", { id: `${this.root.id}-compare-sections` }, c.sections_caption));
    table.appendChild(headRow([c.col_section, c.col_before, c.col_after, c.col_change]));
    const body = el("tbody");
    for (const s of sections) {
      const row = el("tr", { "data-section": s.id });
      setScores(row, s);
      row.appendChild(el("th", { scope: "row" }, this.sectionTitle(s.id)));
      row.appendChild(el("td", null, s.before == null ? this.t.empty : decimal(s.before)));
      row.appendChild(el("td", null, s.after == null ? this.t.empty : decimal(s.after)));
      const neither = s.before == null && s.after == null; // no counted answer either time
      row.appendChild(el("td", null, neither ? this.t.empty : this.compareDelta(s.delta)));
      body.appendChild(row);
    }
    table.appendChild(body);
    return scrollRegion(table, `${this.root.id}-compare-sections`);
  },

  comparisonSummary(items) {
    const c = this.t.compare;
    const counts = dict();
    for (const item of items) counts[item.change] = (counts[item.change] || 0) + 1;
    const parts = Object.keys(c.changes)
      .filter((key) => counts[key])
      .map((key) => format(c.summary_part, { label: c.changes[key], count: counts[key] }));
    return format(c.summary, { list: parts.join(this.t.list_sep) });
  },

  comparisonItems(items) {
    const t = this.t;
    const c = t.compare;
    const table = el("table", { class: "econsec-table econsec-comparison__items" });
    table.appendChild(el("caption", { id: `${this.root.id}-compare-items` }, c.items_caption));
    table.appendChild(headRow([c.col_item, c.col_before, c.col_after, c.col_change]));
    const body = el("tbody");
    for (const item of items) {
      const row = el("tr", { "data-change": item.id, "data-value": item.change });
      row.appendChild(el("th", { scope: "row" }, this.questionText(item.id)));
      for (const value of [item.before, item.after]) {
        row.appendChild(el("td", null, value ? this.answerText(item.id, value) : t.unanswered));
      }
      row.appendChild(el("td", null, c.changes[item.change] || item.change));
      body.appendChild(row);
    }
    table.appendChild(body);
    return scrollRegion(table, `${this.root.id}-compare-items`);
  },

  /** Items added, reworded and removed since the earlier file's version, by id. */
  checklistChanges(changes) {
    const c = this.t.compare;
    if (!changes) return [];
    const kinds = Object.keys(c.checklist_change_kinds).filter((k) => (changes[k] || []).length);
    const lines = [];
    if (kinds.length) {
      const list = kinds.map((k) => `${c.checklist_change_kinds[k]} ${changes[k].join(this.t.list_sep)}`);
      lines.push(format(c.checklist_changes, { list: list.join(this.t.import_sep) }));
    }
    if (changes.complete === false) lines.push(c.checklist_incomplete);
    return lines;
  },
});

/** data-before, data-after, data-delta (as the page shows them), absent where there is none. */
function setScores(node, scores) {
  for (const key of ["before", "after", "delta"]) {
    const value = scores ? decimal(scores[key]) : null;
    if (value == null) node.removeAttribute(`data-${key}`);
    else node.setAttribute(`data-${key}`, value);
  }
}

/** A table that scrolls sideways in its own focusable region, named by its caption (WCAG 2.1.1). */
function scrollRegion(table, captionId) {
  const region = el("div", { class: "econsec-data-table__scroll", tabindex: "0", role: "region", "aria-labelledby": captionId });
  region.appendChild(table);
  return region;
}

function headRow(labels) {
  const head = el("thead");
  const row = el("tr");
  for (const label of labels) row.appendChild(el("th", { scope: "col" }, label));
  head.appendChild(row);
  return head;
}
