/*
 * econsec widget, part 7: the form's own state, without the engine — checked answers, notes,
 * progress, which next steps show (rules.gap_answers) and the review marks of a new edition.
 */

Object.assign(Widget.prototype, {
  syncDom() {
    for (const [id, item] of this.items) {
      const value = this.answers[id] || null;
      for (const r of item.radios) r.checked = r.value === value;
      if (item.note && item.note.value !== (this.notes[id] || "")) item.note.value = this.notes[id] || "";
      item.el.toggleAttribute("data-has-note", Boolean(this.notes[id]));
    }
    this.syncPlan();
    this.syncNotes();
    this.syncOrganisation();
    this.fillPrintMeta();
  },

  answeredCount() {
    let n = 0;
    for (const id of this.itemDefs.keys()) if (this.answers[id]) n += 1;
    return n;
  },

  /** What needs no engine: progress, answered marks, which next steps are visible. */
  updateLocal() {
    const total = this.itemDefs.size;
    const answered = this.answeredCount();
    const prog = this.q('[data-result="progress"]');
    if (prog) {
      prog.setAttribute("data-answered", String(answered));
      prog.setAttribute("data-total", String(total));
      const bar = prog.querySelector("progress");
      if (bar) {
        bar.max = Math.max(total, 1);
        bar.value = answered;
      }
      const text = prog.querySelector("[data-progress-text]");
      if (text) text.textContent = format(this.t.progress_text, { answered, total });
    }
    for (const [id, item] of this.items) {
      const value = this.answers[id];
      if (value) item.el.setAttribute("data-answer", value);
      else item.el.removeAttribute("data-answer");
      const gap = Boolean(value && this.gaps.has(value));
      if (item.next) {
        item.next.hidden = !gap;
        item.el.toggleAttribute("data-gap", gap);
      }
      if (item.plan) item.plan.hidden = !gap; // a plan belongs to a next step (plan.js)
    }
    this.renderReview();
  },

  /** Review marks on reworded items, and the notice of removed and reworded items. */
  renderReview() {
    const t = this.t;
    const reviewIds = [];
    for (const [id, item] of this.items) {
      const inReview = Boolean(this.review[id]);
      if (inReview) reviewIds.push(id);
      item.el.toggleAttribute("data-review", inReview);
      const markId = `${item.el.id}-review`;
      let mark = item.el.querySelector("[data-review-mark]");
      if (inReview && !mark) {
        mark = el("p", { class: "econsec-item__review", id: markId, "data-review-mark": "" }, t.review_mark);
        const legend = item.el.querySelector("legend");
        if (legend) legend.after(mark);
        else item.el.prepend(mark);
      } else if (!inReview && mark) {
        mark.remove();
      }
      const described = (item.el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== markId);
      if (inReview) described.unshift(markId);
      if (described.length) item.el.setAttribute("aria-describedby", described.join(" "));
      else item.el.removeAttribute("aria-describedby");
    }
    const box = this.noticeBox;
    if (!box) return;
    clear(box);
    if (this.removed.length) {
      const names = this.removed.map((x) => {
        const answer = typeof x.value === "string" && x.value ? this.answerLabel(x.value) : "";
        const details = [answer, x.note ? t.with_note : ""].filter(Boolean).join(t.list_sep);
        return format(t.removed_item, { id: x.id, details });
      });
      const text = format(t.removed, { count: this.removed.length }) + names.join(t.list_sep);
      box.appendChild(el("p", { "data-notice-part": "removed" }, text));
    }
    if (reviewIds.length) {
      const p = el("p", { "data-notice-part": "review" }, format(t.review, { count: reviewIds.length }));
      reviewIds.forEach((id, i) => {
        const item = this.items.get(id);
        if (i) p.appendChild(document.createTextNode(t.list_sep));
        p.appendChild(el("a", { href: `#${item.el.id}` }, item.num ? item.num.textContent : id));
      });
      box.appendChild(p);
    }
  },

  /** The label of an answer value as this page shows it (any item's radio will do). */
  answerLabel(value) {
    for (const item of this.items.values()) {
      const radio = item.radios.find((x) => x.value === value);
      const label = radio?.closest("label");
      if (label) return label.textContent.trim();
    }
    return String(value);
  },

  /** "問3 <question>": an item as the result tables name it. */
  questionText(id) {
    const num = this.items.get(id)?.num;
    const def = this.itemDefs.get(id);
    return `${num ? `${num.textContent} ` : ""}${def ? tr(def.text) : id}`;
  },

  /** The label of an item's answer as the page shows it. */
  answerText(id, value) {
    const item = this.items.get(id);
    const radio = item?.radios.find((x) => x.value === value);
    const label = radio?.closest("label");
    return label ? label.textContent.trim() : String(value || "");
  },

  update() {
    this.updateLocal();
    this.requestScore();
  },
});
