/*
 * econsec widget, part 7b: note boxes on demand (issue 18 §5). Without the script every item
 * shows its note box (the paper form); with it, an item shows 「メモを書く / Write a note」 instead,
 * which opens the box and moves the focus into it. A box that holds text stays open, also after
 * a reload; boxes left empty close again when the answers are erased.
 */

Object.assign(Widget.prototype, {
  setupNotes() {
    for (const [id, item] of this.items) {
      if (!item.note) continue;
      item.noteBox = item.note.closest(".econsec-note") || item.note;
      const button = el(
        "button",
        {
          type: "button",
          class: "econsec-note__open",
          "data-action": "open-note",
          "aria-expanded": "false",
          "aria-controls": item.noteBox.id || item.note.id,
          "aria-describedby": item.el.querySelector("legend")?.id || "",
        },
        this.t.note_open,
      );
      item.noteButton = button;
      item.noteBox.before(button);
      item.noteOpen = false;
      this.syncNote(id, item);
    }
  },

  syncNote(id, item) {
    if (!item.noteButton) return;
    const open = item.noteOpen || Boolean(this.notes[id]) || Boolean(item.note.value);
    item.noteBox.hidden = !open;
    item.noteButton.hidden = open;
    item.noteButton.setAttribute("aria-expanded", String(open));
  },

  syncNotes() {
    for (const [id, item] of this.items) {
      // Erased answers close the boxes they emptied, unless the user is writing in one.
      if (!this.notes[id] && document.activeElement !== item.note) item.noteOpen = false;
      this.syncNote(id, item);
    }
  },

  openNote(button) {
    const itemEl = button.closest("[data-item]");
    const item = itemEl ? this.items.get(itemEl.getAttribute("data-item")) : null;
    if (!item?.noteButton) return;
    item.noteOpen = true;
    this.syncNote(itemEl.getAttribute("data-item"), item);
    item.note.focus();
  },
});
