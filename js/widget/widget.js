/*
 * econsec widget, part 4: one Widget per self-check root: set-up, events and messages.
 * The later parts add the rest of its methods to Widget.prototype, one concern each.
 */

class Widget {
  constructor(root) {
    this.root = root;
    this.ui = readUi(root);
    this.t = this.ui.text;
    this.rules = this.ui.rules;
    const defEl = root.querySelector("script[data-checklist-def]");
    this.def = JSON.parse(defEl.textContent);
    this.kind = this.def.kind === "screening" ? "screening" : "score";
    this.allowed = new Set(this.def.answers || []);
    this.gaps = new Set(this.rules.gap_answers[this.kind] || []);
    this.itemDefs = new Map((this.def.items || []).map((it) => [it.id, it]));
    this.sectionDefs = new Map((this.def.sections || []).map((s) => [s.id, s]));
    this.items = new Map();
    for (const itemEl of root.querySelectorAll("[data-item]")) {
      const id = itemEl.getAttribute("data-item");
      if (!this.itemDefs.has(id)) continue;
      this.items.set(id, {
        el: itemEl,
        radios: Array.from(itemEl.querySelectorAll('input[type="radio"]')),
        note: itemEl.querySelector("textarea[data-note]"),
        next: itemEl.querySelector("[data-next-step]"),
        num: itemEl.querySelector(".econsec-item__num"),
        link: itemEl.querySelector("a[data-guidance]"),
        provenance: itemEl.querySelector("[data-provenance-text]"),
        plan: itemEl.querySelector("[data-plan]"),
      });
    }
    this.answers = dict();
    this.notes = dict();
    this.plan = dict(); // {item id: {owner, due, status}} (plan.js)
    this.organisation = ""; // whose answers these are (organisation.js)
    this.supportItems = new Map(); // desk id -> its questions among the next steps (support.js)
    // Items whose stored text digest differs from this edition's: {id: stored digest}.
    this.review = dict();
    // The earlier check compared with (the engine's copy, kept in the record), or null.
    this.earlier = null;
    // Answered items of an earlier edition that this one no longer has: [{id, value, note}].
    this.removed = [];
    // A damaged saved value: {raw, backupKey, problems, recovered}; nothing is written to the
    // widget's key while it is set (the user has to choose first).
    this.damaged = null;
    this.dirtyNotes = new Set(); // notes typed here and not yet saved
    this.key = STORAGE.key(this.def.id, this.def.version);
    this.seq = 0;
    this.scoredSeq = 0; // the request whose result is on screen (print waits for this.seq)
    this.actionControl = null; // the control of the action now speaking (localMessage)
    this.noteTimer = null;
    this.announceTimer = null;
    this.q = (sel) => root.querySelector(sel);
    this.alertBox = this.q("[data-alert]") || this.q('[role="alert"]');
    this.messageBox = this.q("[data-message]");
    this.orgInput = this.q('input[name="organisation"]');
    this.noticeBox = this.q("[data-notice]");
    if (!this.noticeBox && this.messageBox) {
      // Pages built before the notice region existed: add it where the build would.
      this.noticeBox = el("div", { class: "econsec-notice", role: "status", "data-notice": "" });
      this.messageBox.after(this.noticeBox);
    }
  }

  // ------------------------------------------------------------ set-up
  init() {
    this.root.classList.add("econsec-js");
    for (const n of this.root.querySelectorAll("[data-nojs]")) n.hidden = true;
    const actions = this.q("[data-actions]");
    if (actions) actions.hidden = false;
    this.showCompareSection();
    this.showNoneApply();
    this.fillPrintMeta();
    window.addEventListener("beforeprint", () => {
      this.fillPrintMeta();
      this.markUnscoredPrint(true);
      this.openAboutForPrint(true);
    });
    // A memo is printed once (its button's print); the next print is the report again.
    window.addEventListener("afterprint", () => {
      this.removeMemo();
      this.markUnscoredPrint(false);
      this.openAboutForPrint(false);
    });

    if (!storage) this.alert(this.t.storage_unavailable, "storage");
    else if (storageFullAtStart) this.alert(this.t.storage_full, "storage");
    this.root.setAttribute("data-storage", storageKind);
    const loaded = this.load();
    this.noticeSavedEarlier(loaded);
    this.adoptEarlyInput();
    this.setupNotes();
    this.syncDom();
    this.updateLocal();

    this.root.addEventListener("change", (e) => this.onChange(e));
    this.root.addEventListener("input", (e) => this.onInput(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    window.addEventListener("pagehide", () => this.flushNotes());
    window.addEventListener("storage", (e) => {
      if (e.key === this.key && e.storageArea === storage) this.onStoredElsewhere(e.newValue);
    });
    engine.listeners.add(() => this.onEngineState());
    this.onEngineState();
  }

  /**
   * The form is usable before this script runs (it is plain HTML): keep any answer or note the
   * user gave in that moment instead of overwriting it with the (empty) saved state.
   */
  adoptEarlyInput() {
    let adopted = false;
    for (const [id, item] of this.items) {
      const checked = item.radios.find((r) => r.checked && this.allowed.has(r.value));
      if (checked && !this.answers[id]) {
        this.answers[id] = checked.value;
        adopted = true;
      }
      if (item.note?.value && !this.notes[id]) {
        this.notes[id] = item.note.value;
        adopted = true;
      }
    }
    if (adopted) this.save();
  }

  /** "About this checklist" prints open: the stylesheet opens it where the browser lets CSS
   * show a closed details element's content; this does it everywhere, and closes it again. */
  openAboutForPrint(printing) {
    const about = this.q("details[data-about]");
    if (!about) return;
    if (printing && !about.open) {
      about.open = true;
      about.setAttribute("data-opened-for-print", "");
    } else if (!printing && about.hasAttribute("data-opened-for-print")) {
      about.open = false;
      about.removeAttribute("data-opened-for-print");
    }
  }

  fillPrintMeta() {
    const p = this.q("[data-print-meta]");
    if (p) p.textContent = format(BUILD ? this.t.print_meta_build : this.t.print_meta, { date: localDate(), build: BUILD });
    this.fillPrintedOrganisation();
  }

  // ------------------------------------------------------------ events
  onChange(e) {
    const t = e.target;
    const planBox = t instanceof Element ? t.closest("[data-plan]") : null;
    if (planBox) {
      clearTimeout(this.planTimer);
      this.onPlanChange(t, planBox);
      return;
    }
    if (t instanceof HTMLInputElement && t.type === "radio") {
      const itemEl = t.closest("[data-item]");
      if (!itemEl || !this.items.has(itemEl.getAttribute("data-item"))) return;
      if (!this.allowed.has(t.value)) return;
      this.answers[itemEl.getAttribute("data-item")] = t.value;
      delete this.review[itemEl.getAttribute("data-item")]; // answered again: reviewed
      this.save();
      this.update();
    } else if (t instanceof HTMLTextAreaElement && t.hasAttribute("data-note")) {
      this.flushNotes();
    } else if (t instanceof HTMLInputElement && t.type === "file" && t.dataset.action === "import") {
      this.speakFor(t);
      this.importFile(t);
    } else if (t instanceof HTMLInputElement && t.type === "file" && t.dataset.action === "compare") {
      this.speakFor(t);
      this.compareFile(t);
    } else if (t === this.orgInput) {
      this.onOrganisationInput(true);
    }
  }

  onInput(e) {
    const t = e.target;
    const planBox = t instanceof HTMLInputElement && t.name === "owner" ? t.closest("[data-plan]") : null;
    if (planBox) {
      // Typing an owner is saved as a note is, shortly after typing stops.
      clearTimeout(this.planTimer);
      this.planTimer = setTimeout(() => this.onPlanChange(t, planBox), NOTE_SAVE_DELAY);
      return;
    }
    if (t === this.orgInput) {
      this.onOrganisationInput(false);
      return;
    }
    if (!(t instanceof HTMLTextAreaElement) || !t.hasAttribute("data-note")) return;
    const itemEl = t.closest("[data-item]");
    if (!itemEl) return;
    const id = itemEl.getAttribute("data-item");
    if (t.value) this.notes[id] = t.value;
    else delete this.notes[id];
    this.dirtyNotes.add(id);
    itemEl.toggleAttribute("data-has-note", Boolean(t.value));
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => this.flushNotes(), NOTE_SAVE_DELAY);
  }

  flushNotes() {
    if (this.noteTimer == null) return;
    clearTimeout(this.noteTimer);
    this.noteTimer = null;
    this.save();
  }

  onClick(e) {
    const t = e.target;
    if (t instanceof HTMLInputElement && t.type === "radio" && t.checked) {
      // Choosing the answer already given to a revised question confirms it (no change event).
      const id = t.closest("[data-item]") ? t.closest("[data-item]").getAttribute("data-item") : null;
      if (id && this.review[id] && this.answers[id] === t.value) {
        delete this.review[id];
        this.save();
        this.updateLocal();
      }
      return;
    }
    const button = t instanceof Element ? t.closest("button[data-action]") : null;
    if (!button || !this.root.contains(button)) return;
    const action = button.getAttribute("data-action");
    if (action === "open-note") {
      this.openNote(button); // says nothing: the focus moves into the box it opened
      return;
    }
    this.speakFor(button);
    if (action === "damaged-download") this.downloadDamaged();
    else if (action === "damaged-continue") this.leaveDamaged(true);
    else if (action === "export-json") this.exportJson();
    else if (action === "export-csv") this.exportCsv();
    else if (action === "export-anonymous") this.exportAnonymous();
    else if (action === "export-plan") this.exportPlan();
    else if (action === "print") this.printReport();
    else if (action === "print-blank") this.printBlank();
    else if (action === "print-support") this.printSupport(button.closest("[data-desk]"));
    else if (action === "none-apply") this.noneApply(button);
    else if (action === "clear-all") this.clearAll(button);
    else if (action === "reset") this.reset();
    else if (action === "clear-comparison") this.clearComparison();
    else if (action === "engine-retry") {
      this.clearAlert("engine");
      engine.api?.retry();
    }
  }

  // ------------------------------------------------------------ messages
  alert(text, kind = "action") {
    if (kind === "action") this.sayNear(text);
    if (!this.alertBox) return;
    let p = this.alertBox.querySelector(`[data-kind="${kind}"]`);
    if (!p) {
      p = el("p", { "data-kind": kind });
      this.alertBox.appendChild(p);
    }
    p.textContent = text;
  }

  clearAlert(kind = "action") {
    const p = this.alertBox?.querySelector(`[data-kind="${kind}"]`);
    if (p) p.remove();
  }

  message(text) {
    this.sayNear(text);
    if (this.messageBox) this.messageBox.textContent = text;
  }

  /**
   * The control whose action speaks next: its message also goes next to it (the nearest
   * [data-local-message] of its group), where the eyes are, and the one shown beside the
   * control used before is cleared.
   */
  speakFor(control) {
    const near = this.nearMessage(control);
    const before = this.nearMessage(this.actionControl);
    if (before && before !== near) before.textContent = "";
    this.actionControl = control;
  }

  nearMessage(control) {
    for (let n = control; n && n !== this.root.parentElement; n = n.parentElement) {
      const slot = n.querySelector(":scope > [data-local-message]");
      if (slot) return slot;
    }
    return null;
  }

  sayNear(text) {
    const near = this.nearMessage(this.actionControl);
    if (near) near.textContent = text;
  }

  /** Say it next to the control that was used, and in the page's message region. */
  localMessage(control, text) {
    this.speakFor(control);
    this.message(text);
  }
}
