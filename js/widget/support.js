/*
 * econsec widget, part 13: where to get help (README, "Support desks"). The results hold one
 * [data-desk] per support desk the checklist names (econsec.mdext.support_desks); the engine's
 * result lists the desks of the next steps, in their order, with the questions that led there
 * (`support` in econsec.engine.scoring.score, which `econsec score` prints too). Each shown desk
 * prints a one-page 相談メモ: the firm's questions for that desk with answers, notes and plan.
 */

Object.assign(Widget.prototype, {
  desks() {
    const box = this.q('[data-result="support"]');
    return box ? Array.from(box.querySelectorAll("[data-desk]")) : [];
  },

  /** After every score: the engine's desks, in its order, each with its questions. */
  renderSupport(r) {
    const box = this.q('[data-result="support"]');
    if (!box) return;
    const focused = box.contains(document.activeElement) ? document.activeElement : null;
    const matches = (Array.isArray(r.support) ? r.support : []).filter((m) => Array.isArray(m?.items));
    this.supportItems = new Map(matches.map((m) => [m.desk, m.items.filter((id) => this.itemDefs.has(id))]));
    const list = box.querySelector("[data-desk-list]");
    const desks = this.desks();
    if (list) this.orderDesks(list, matches.map((m) => desks.find((d) => d.getAttribute("data-desk") === m.desk)));
    for (const desk of desks) {
      const items = this.supportItems.get(desk.getAttribute("data-desk")) || [];
      desk.hidden = items.length === 0;
      const wrap = desk.querySelector("[data-desk-items]");
      const ul = wrap?.querySelector("ul");
      if (ul) {
        clear(ul);
        for (const id of items) {
          const li = el("li", { "data-desk-item": id }, `${this.questionText(id)}${this.t.label_sep}`);
          li.appendChild(el("strong", null, this.answerText(id, this.answers[id])));
          ul.appendChild(li);
        }
      }
      if (wrap) wrap.hidden = items.length === 0;
      const button = desk.querySelector('[data-action="print-support"]');
      if (button) button.hidden = items.length === 0;
    }
    const empty = box.querySelector("[data-support-empty]");
    if (empty) empty.hidden = matches.length > 0;
    if (this.kind === "screening") this.renderConsult(matches);
    if (focused) this.keepFocus(box, focused); // moving a desk blurs what has focus in it
  },

  /** The engine's desks first, in its order (most important gap first); a desk is moved only
   * when it is out of place. */
  orderDesks(list, wanted) {
    let at = 0;
    for (const desk of wanted) {
      if (!desk) continue;
      if (list.children[at] !== desk) list.insertBefore(desk, list.children[at] || null);
      at += 1;
    }
  },

  /** A desk's name, as its heading says it. */
  deskName(desk) {
    return desk.querySelector(".econsec-desk__name")?.textContent.trim() || desk.getAttribute("data-desk");
  },

  /** Print the 相談メモ of one desk: the memo alone on the page while the browser prints. */
  printSupport(desk) {
    const id = desk.getAttribute("data-desk");
    const items = this.supportItems?.get(id) || [];
    if (!items.length) return;
    this.removeMemo();
    const t = this.t.support;
    const memo = el("div", { class: "econsec-memo md-typeset", "data-support-memo": id, lang: LANG });
    const name = this.deskName(desk);
    memo.appendChild(el("h1", null, format(t.memo_title, { name })));
    memo.appendChild(el("p", null, format(t.memo_intro, { checklist: tr(this.def.title), version: this.def.version })));
    memo.appendChild(el("p", null, format(t.memo_date, { date: localDate() })));
    for (const part of desk.querySelectorAll(".econsec-desk__helps, .econsec-desk__note")) {
      memo.appendChild(el("p", { class: part.className }, part.textContent));
    }
    const links = el("p", { class: "econsec-memo__links" });
    for (const a of desk.querySelectorAll(".econsec-desk__links a")) {
      // A page of the offline bundle has no address worth writing down: only web addresses.
      if (!/^https?:/.test(a.href)) continue;
      links.appendChild(el("span", null, `${a.textContent}${this.t.label_sep}${a.href}`));
    }
    memo.appendChild(links);
    const ol = el("ol", { class: "econsec-memo__items" });
    for (const itemId of items) ol.appendChild(this.memoItem(itemId));
    memo.appendChild(ol);
    memo.appendChild(el("h2", null, t.memo_ask));
    memo.appendChild(el("div", { class: "econsec-memo__ask" }));
    memo.appendChild(el("p", { class: "econsec-memo__footer" }, t.memo_footer));
    document.body.appendChild(memo);
    document.documentElement.setAttribute("data-econsec-print", "memo");
    window.print();
  },

  /** One question of the memo: the question, the answer, the note, the plan and the next step. */
  memoItem(id) {
    const t = this.t.support;
    const plan = this.t.plan;
    const li = el("li", { "data-memo-item": id });
    li.appendChild(el("p", { class: "econsec-memo__question" }, this.questionText(id)));
    const answer = el("p", null, this.t.answer_label);
    answer.appendChild(el("strong", null, this.answerText(id, this.answers[id])));
    li.appendChild(answer);
    if (this.notes[id]) li.appendChild(el("p", { class: "econsec-memo__note" }, `${t.memo_note}${this.t.label_sep}${this.notes[id]}`));
    const entry = this.plan[id];
    if (entry) {
      const parts = [
        `${plan.owner}${this.t.label_sep}${entry.owner || this.t.empty}`,
        `${plan.due}${this.t.label_sep}${entry.due || this.t.empty}`,
        `${plan.status}${this.t.label_sep}${plan.statuses[entry.status] || entry.status}`,
      ];
      li.appendChild(el("p", { class: "econsec-memo__plan" }, parts.join(LANG === "ja" ? "　" : "; ")));
    }
    const def = this.itemDefs.get(id);
    if (def?.next_step) {
      // Marked as the site's own text with the paper form's own title, as in the next steps.
      const title = this.items.get(id)?.el.querySelector(".econsec-next__title")?.textContent || "";
      const p = el("p", { class: "econsec-explanation" });
      p.appendChild(el("strong", null, `${title}${this.t.label_sep}`));
      p.appendChild(document.createTextNode(tr(def.next_step)));
      li.appendChild(p);
    }
    return li;
  },

  /** After printing (or before printing anything else): the page as it was. */
  removeMemo() {
    for (const memo of document.querySelectorAll("[data-support-memo], [data-blank-worksheet]")) memo.remove();
    document.documentElement.removeAttribute("data-econsec-print");
  },
});
