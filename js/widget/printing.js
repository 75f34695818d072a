/*
 * econsec widget, part 16: printing the report only with its scores (issue 18 §4). The print
 * button waits for the score of the current answers; a print started another way before then
 * (Ctrl+P) leaves the results out and says why, instead of printing a form whose progress and
 * results contradict each other.
 */

Object.assign(Widget.prototype, {
  /** Whether the results on screen are those of the current answers. */
  scoresCurrent() {
    return engine.state === "ready" && this.scoredSeq > 0 && this.scoredSeq === this.seq;
  },

  printReport() {
    if (this.scoresCurrent() || engine.state === "error") {
      this.printWhenScored = false;
      window.print();
      return;
    }
    this.printWhenScored = true;
    this.message(this.t.print_wait);
  },

  /** After a result is shown: the print asked for while waiting goes ahead now. */
  printIfWaiting() {
    if (!this.printWhenScored || !this.scoresCurrent()) return;
    this.printWhenScored = false;
    this.message("");
    window.print();
  },

  markUnscoredPrint(printing) {
    const unscored = printing && !this.scoresCurrent();
    this.root.toggleAttribute("data-print-unscored", unscored);
    const note = this.q("[data-print-unscored-note]");
    if (note) note.textContent = unscored ? this.t.print_unscored : "";
  },
});
