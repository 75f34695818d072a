/*
 * econsec widget, part 14: a screening that ends somewhere (README, "Screening"). "None of
 * these" answers every item still unanswered "no" after one confirmation; the outcome names the
 * desks to consult, those of the engine's `support` (econsec.engine.support), linked to their
 * place under "Where to get help". Strings: text.screening (econsec.mdext.screening).
 */

Object.assign(Widget.prototype, {
  showNoneApply() {
    const box = this.q("[data-none-apply]");
    if (box) box.hidden = this.kind !== "screening";
  },

  noneApply(button) {
    const t = this.t.screening;
    const open = Array.from(this.itemDefs.keys()).filter((id) => !this.answers[id]);
    if (!open.length) {
      this.localMessage(button, t.none_apply_nothing);
      return;
    }
    if (!window.confirm(format(t.none_apply_confirm, { count: open.length }))) {
      this.localMessage(button, t.none_apply_cancelled);
      return;
    }
    for (const id of open) this.answers[id] = "no";
    this.save();
    this.syncDom();
    this.update();
    this.localMessage(button, format(t.none_apply_done, { count: open.length }));
  },

  /** Under the outcome: the desks of the result, each a link to its place in the results. */
  renderConsult(matches) {
    const p = this.q("[data-outcome-consult]");
    if (!p) return;
    clear(p);
    const desks = this.desks();
    const shown = matches
      .map((m) => desks.find((d) => d.getAttribute("data-desk") === m.desk))
      .filter((d) => d?.id);
    p.hidden = shown.length === 0;
    if (!shown.length) return;
    const t = this.t.screening;
    p.appendChild(el("strong", null, t.consult));
    shown.forEach((desk, n) => {
      if (n) p.appendChild(document.createTextNode(t.consult_sep));
      p.appendChild(el("a", { href: `#${desk.id}` }, this.deskName(desk)));
    });
  },
});
