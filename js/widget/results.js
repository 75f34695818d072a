/*
 * econsec widget, part 8: the engine's state and results — score or outcome, sections, counts,
 * weakest section, next steps (in the engine's order) and the polite announcement.
 */

Object.assign(Widget.prototype, {
  onEngineState() {
    const state = engine.state;
    this.root.setAttribute("data-engine", state);
    const status = this.q("[data-engine-status]");
    if (status) {
      status.textContent = this.t.engine[state] + (state === "error" && engine.detail ? ` (${engine.detail})` : "");
      this.retryButton(status, state === "error" && typeof engine.api?.retry === "function");
    }
    // The bridge restarted a worker that stopped answering (it does so once): say so; the
    // current answers are scored again below once it is ready.
    if (state === "loading" && engine.api?.restarted) this.alert(this.t.engine.restarted, "engine");
    if (state === "ready") this.requestScore();
  },

  retryButton(status, shown) {
    let button = this.q('[data-action="engine-retry"]');
    if (!button && shown) {
      button = el("button", { type: "button", class: "md-button", "data-action": "engine-retry" }, this.t.engine.retry);
      status.after(button);
    }
    if (button) button.hidden = !shown;
  },

  plainAnswers() {
    const out = dict();
    for (const id of this.itemDefs.keys()) if (this.answers[id]) out[id] = this.answers[id];
    return out;
  },

  requestScore() {
    if (engine.state !== "ready" || !engine.api) return;
    this.seq += 1;
    const mine = this.seq; // latest request wins: older answers never overwrite newer ones
    let pending;
    try {
      pending = Promise.resolve(engine.api.score(this.def, this.plainAnswers()));
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (result) => {
        if (mine !== this.seq) return;
        this.renderResult(typeof result === "string" ? JSON.parse(result) : result);
        this.scoredSeq = mine;
        this.refreshComparison();
        this.refreshPlan();
        this.printIfWaiting();
      },
      (err) => {
        if (mine !== this.seq) return;
        this.alert(format(this.t.score_failed, { message: errorText(err) }), "score");
      },
    );
  },

  /** The sections tied lowest (none when nothing is weak); older results name only one. */
  weakestIds(r) {
    if (Array.isArray(r.weakest_sections)) return r.weakest_sections;
    return r.weakest_section ? [r.weakest_section] : [];
  },

  /** Every section tied lowest, named together; the line is left out when nothing is weak. */
  renderWeakest(r, value) {
    const box = this.q('[data-result="weakest"]');
    const weak = box?.querySelector("[data-weakest-text]");
    if (!weak) return;
    const ids = this.weakestIds(r);
    const sections = (r.sections || []).filter((s) => ids.includes(s.id));
    box.hidden = value != null && sections.length === 0;
    const label = box.querySelector(".econsec-weakest__label");
    if (label) label.textContent = sections.length > 1 ? this.t.weakest_label_many : this.t.weakest_label_one;
    const names = sections.map((s) => format(this.t.weakest, { title: this.sectionTitle(s.id), value: decimal(s.score) }));
    weak.textContent = names.length ? names.join(this.t.list_sep) : this.t.empty;
  },

  /** "15項目中、実施している3、…": what the score is made of. */
  renderCountsSentence(r) {
    const p = this.q("[data-score-counts]");
    if (!p || !r.counts) return;
    const labels = this.t.answer_labels[this.kind] || {};
    const parts = [...(this.def.answers || []), "unanswered"].map((value) =>
      format(this.t.counts_part, { label: value === "unanswered" ? this.t.unanswered : labels[value] || value, count: r.counts[value] || 0 }),
    );
    p.textContent = format(this.t.counts_sentence, { total: r.progress?.total ?? this.itemDefs.size, parts: parts.join(this.t.list_sep) });
    p.hidden = false;
  },

  sectionTitle(id) {
    const s = this.sectionDefs.get(id);
    return s ? tr(s.title) : String(id);
  },

  renderResult(r) {
    if (!r || typeof r !== "object") return;
    const t = this.t;
    const progress = r.progress || {};
    const answered = progress.answered != null ? progress.answered : this.answeredCount();
    const total = progress.total != null ? progress.total : this.itemDefs.size;
    this.root.setAttribute("data-scored", "");

    let announce;
    if (this.kind === "screening") {
      const outcome = r.outcome || {};
      const texts = this.def.outcome || {};
      const text = tr(texts[outcome.status]) || t.empty;
      const box = this.q('[data-result="outcome"]');
      if (box) {
        if (outcome.status) box.setAttribute("data-status", outcome.status);
        else box.removeAttribute("data-status");
        const strong = box.querySelector("[data-outcome-text]");
        if (strong) strong.textContent = text;
      }
      announce = format(t.announce_outcome, { outcome: text, answered, total });
    } else {
      const scoreEl = this.q('[data-result="score"]');
      const value = decimal(r.score);
      if (scoreEl) {
        if (value == null) scoreEl.removeAttribute("data-value");
        else scoreEl.setAttribute("data-value", value);
        const strong = scoreEl.querySelector("[data-score-text]");
        const none = r.nothing_counted?.reason === "only_na" ? t.no_score_na : t.no_score;
        if (strong) strong.textContent = value == null ? none : format(t.score, { value });
      }
      this.renderNothingCounted(r);
      this.renderCountsSentence(r);
      this.renderSections(r);
      this.renderChart(r);
      this.renderWeakest(r, value);
      announce = format(value == null ? t.announce_progress : t.announce_score, { value, answered, total });
    }
    this.renderCounts(r);
    this.renderNextSteps(r);
    this.renderSupport(r);
    this.announce(announce);
  },

  /** Why there is no score, and the checklist the engine suggests instead (rendered by the build). */
  renderNothingCounted(r) {
    const box = this.q('[data-result="nothing-counted"]');
    if (!box) return;
    const why = r.nothing_counted || null;
    box.hidden = !why;
    if (why) box.setAttribute("data-reason", why.reason);
    else box.removeAttribute("data-reason");
    const text = box.querySelector("[data-nothing-counted-text]");
    if (text) text.textContent = why ? format(this.t.nothing_counted?.[why.reason], { count: r.counts?.na || 0 }) : "";
    for (const p of box.querySelectorAll("[data-suggest]")) p.hidden = !why || p.getAttribute("data-suggest") !== why.suggest;
  },

  renderSections(r) {
    const table = this.q('[data-result="sections"]');
    if (!table) return;
    for (const s of r.sections || []) {
      const row = Array.from(table.querySelectorAll("tr[data-section]")).find(
        (tr_) => tr_.getAttribute("data-section") === s.id,
      );
      if (!row) continue;
      const v = decimal(s.score);
      const cell = row.querySelector('[data-cell="score"]');
      if (cell) {
        cell.textContent = v == null ? this.t.empty : v;
        if (v == null) cell.removeAttribute("data-value");
        else cell.setAttribute("data-value", v);
      }
      const ans = row.querySelector('[data-cell="answered"]');
      if (ans) ans.textContent = `${s.answered} / ${s.total}`;
      const weakest = this.weakestIds(r).includes(s.id);
      row.toggleAttribute("data-weakest", weakest);
      const head = row.querySelector("th");
      const mark = head?.querySelector(".econsec-weakest-mark");
      if (mark && !weakest) mark.remove();
      if (head && weakest && !mark) head.appendChild(el("span", { class: "econsec-weakest-mark" }, this.t.weakest_mark));
    }
  },

  renderCounts(r) {
    const table = this.q('[data-result="counts"]');
    if (!table || !r.counts) return;
    for (const row of table.querySelectorAll("tr[data-count]")) {
      const key = row.getAttribute("data-count");
      const cell = row.querySelector("td");
      if (cell) cell.textContent = String(r.counts[key] != null ? r.counts[key] : 0);
    }
  },

  renderNextSteps(r) {
    const box = this.q('[data-result="next-steps"]');
    if (!box) return;
    const list = box.querySelector("[data-next-list]");
    const empty = box.querySelector("[data-next-empty]");
    let steps = Array.isArray(r.next_steps) ? r.next_steps.slice() : [];
    if (!steps.length && this.kind === "screening" && r.outcome) {
      const ids = [...(r.outcome.matched || []), ...(r.outcome.unknown || [])];
      steps = ids.map((id) => ({ item: id, answer: this.answers[id] }));
    }
    // Drawn anew only when the steps changed (each step's text follows from its question and
    // answer): a screen reader on one of its links hears nothing again at every score.
    const key = steps.map((step) => `${step.item}=${step.answer || ""}`).join("\n");
    if (key === this.nextStepsKey) return;
    this.nextStepsKey = key;
    // A focused link in the new list is found again by its question and address.
    const was = list.contains(document.activeElement) ? document.activeElement : null;
    const wasKey = was && [was.closest("[data-next-item]")?.getAttribute("data-next-item"), was.getAttribute("href")];
    clear(list);
    for (const step of steps) {
      const def = this.itemDefs.get(step.item);
      const item = this.items.get(step.item);
      if (!def) continue;
      const li = el("li", { "data-next-item": step.item, "data-answer": step.answer || "" });
      const q = el("p", { class: "econsec-next-steps__question" });
      if (item?.num) q.appendChild(el("span", { class: "econsec-item__num" }, item.num.textContent));
      q.appendChild(document.createTextNode(` ${tr(def.text)}`));
      li.appendChild(q);
      const a = el("p", { class: "econsec-next-steps__answer" }, this.t.answer_label);
      a.appendChild(el("strong", null, this.answerText(step.item, step.answer)));
      li.appendChild(a);
      if (def.next_step) {
        // The next step is the site's own text: marked as such here as on the item.
        const p = el("p", { class: "econsec-next-steps__text econsec-explanation" });
        const title = item?.el.querySelector(".econsec-next__title");
        p.appendChild(el("strong", null, (title ? title.textContent : "") + this.t.label_sep));
        p.appendChild(document.createTextNode(tr(def.next_step)));
        li.appendChild(p);
      }
      const links = el("p", { class: "econsec-next-steps__links" });
      if (item?.link) {
        links.appendChild(el("a", { href: item.link.getAttribute("href") }, item.link.textContent));
      }
      if (item) {
        const go = el("span", { class: "econsec-next-steps__goto" }, item.link ? this.t.link_sep : "");
        go.appendChild(el("a", { href: `#${item.el.id}` }, this.t.go_to_item));
        links.appendChild(go);
      }
      li.appendChild(links);
      list.appendChild(li);
    }
    if (empty) empty.hidden = list.children.length > 0;
    if (wasKey) {
      const again = Array.from(list.querySelectorAll("[data-next-item] a")).find(
        (a) => a.closest("[data-next-item]").getAttribute("data-next-item") === wasKey[0] && a.getAttribute("href") === wasKey[1],
      );
      this.keepFocus(box, again || null);
    }
  },

  /** Focus that was in a part of the results the scores redraw stays in it, for a keyboard user
   * reading it while the answers are scored again (a late engine, answers scored ahead): on
   * ``target`` while it is shown, else on the part's heading, not lost to the top of the page.
   * (A hidden element loses the focus only at the next style update: it may still have it here.) */
  keepFocus(box, target) {
    if (target?.isConnected && !target.closest("[hidden]")) {
      if (document.activeElement !== target) target.focus({ preventScroll: true });
      return;
    }
    const heading = box.querySelector("h4");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  },

  announce(text) {
    const live = this.q("[data-announce]");
    if (!live) return;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      live.textContent = text;
    }, 700);
  },
});
