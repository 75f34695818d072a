/*
 * econsec widget, part 18: the page that combines answers files ([data-combine], issue 13 §1,
 * §2; econsec.mdext.combine_page). The files are read here and given to the engine
 * (EconsecEngine.combine -> econsec.engine.combine, what `econsec combine` prints), which
 * decides everything: who was read, counts, agreement, the proposed consensus, the section
 * scores and their spread. combine_view.js shows it side by side, combine_room.js anonymously.
 */

class CombinePage {
  constructor(root) {
    this.root = root;
    this.ui = readUi(root);
    this.t = this.ui.text.combine;
    this.text = this.ui.text;
    this.rules = this.ui.rules;
    this.defs = JSON.parse(root.querySelector("script[data-combine-defs]").textContent);
    this.guidance = new Map();
    for (const a of root.querySelectorAll("a[data-guidance-for]")) {
      this.guidance.set(a.getAttribute("data-guidance-for"), a.getAttribute("href"));
    }
    this.files = []; // [{name, text, label}] in the order chosen
    this.def = null;
    this.choices = dict(); // {item id: value} the user picked instead of the proposal
    this.result = null;
    this.seq = 0;
    this.q = (sel) => root.querySelector(sel);
    this.input = this.q('input[data-action="combine"]');
    this.anonymous = this.q('input[data-action="anonymous"]');
    this.out = this.q('[data-result="combined"]');
  }

  init() {
    this.root.classList.add("econsec-js");
    this.q("[data-actions]").hidden = false;
    this.root.addEventListener("change", (e) => this.onChange(e));
    this.root.addEventListener("input", (e) => this.onInput(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    engine.listeners.add(() => this.onEngineState());
    this.onEngineState();
  }

  onEngineState() {
    this.root.setAttribute("data-engine", engine.state);
    const status = this.q("[data-engine-status]");
    if (status) status.textContent = this.text.engine[engine.state] || "";
    if (engine.state === "ready" && this.files.length && !this.result) this.run();
  }

  say(text, isAlert = false) {
    this.q("[data-alert]").textContent = isAlert ? text : "";
    this.q("[data-message]").textContent = isAlert ? "" : text;
  }

  async onChange(e) {
    const t = e.target;
    if (t === this.input) await this.readFiles();
    else if (t === this.anonymous) {
      this.render();
      if (this.result) this.sayLoaded();
    }
    else if (t instanceof HTMLSelectElement && t.dataset.consensus) {
      // Kept for the export, which asks the engine again; nothing is redrawn under the focus.
      this.choices[t.dataset.consensus] = t.value;
    }
  }

  onInput(e) {
    const t = e.target;
    if (!(t instanceof HTMLInputElement) || t.dataset.respondent == null) return;
    const file = this.files[Number(t.dataset.respondent)];
    if (!file) return;
    file.label = t.value;
    // The tables' headers follow; the engine hears the name at the export (merged notes).
    for (const th of this.out.querySelectorAll(`th[data-respondent-col="${t.dataset.respondent}"]`)) th.textContent = t.value;
  }

  onClick(e) {
    const button = e.target instanceof Element ? e.target.closest("button[data-action]") : null;
    if (!button) return;
    const action = button.getAttribute("data-action");
    if (action === "export-consensus") this.exportConsensus();
    else if (action === "export-room-csv") this.exportRoomCsv();
    else if (action === "print-room") this.printRoom();
  }

  /** Read the chosen files as UTF-8 text; the engine then picks their checklist (run). */
  async readFiles() {
    const chosen = Array.from(this.input.files || []);
    this.input.value = "";
    if (!chosen.length) return;
    const read = [];
    const problems = [];
    for (const file of chosen) {
      if (file.size > this.rules.max_import_bytes) {
        problems.push(format(this.t.refused_item, { name: file.name, message: this.text.import_too_large }));
        continue;
      }
      try {
        const text = new TextDecoder("utf-8").decode(await file.arrayBuffer());
        // No label yet: the engine names each respondent (econsec.engine.combine.default_label).
        read.push({ name: file.name, text, label: "" });
      } catch (_err) {
        problems.push(format(this.t.read_error, { name: file.name }));
      }
    }
    this.files = read;
    this.def = null;
    this.choices = dict();
    this.result = null;
    this.readProblems = problems;
    if (!read.length) {
      this.sayUnknownChecklist();
      return;
    }
    if (engine.state !== "ready") {
      this.say(engine.state === "error" ? this.t.needs_engine : this.t.loading);
      return;
    }
    await this.run();
  }

  /** No file answers a checklist of this page: nothing to show but why. */
  sayUnknownChecklist() {
    this.files = [];
    this.result = null;
    this.render();
    this.say([this.t.unknown_checklist, ...(this.readProblems || [])].join(" "), true);
  }

  /** The checklist most of the files answer (econsec.engine.combine.checklist_of), or null. */
  async chooseChecklist() {
    const id = await engine.api.checklistOf(Object.keys(this.defs), this.files.map((f) => f.text));
    return typeof id === "string" && this.defs[id] ? id : null;
  }

  /** The engine's combination of the files, with the names and choices given now. */
  async compute() {
    const req = {
      files: this.files.map((f) => ({ label: f.label, text: f.text, name: f.name })),
      choices: this.choices,
      lang: LANG,
    };
    const result = await engine.api.combine(this.def, JSON.stringify(req));
    return typeof result === "string" ? JSON.parse(result) : result;
  }

  async run() {
    if (!this.files.length || engine.state !== "ready" || !engine.api) return;
    this.seq += 1;
    const mine = this.seq;
    this.out.setAttribute("aria-busy", "true"); // until the latest files are shown
    let result;
    try {
      // The files of the other checklists are refused by the engine, and listed (sayLoaded).
      if (!this.def) {
        const id = await this.chooseChecklist();
        if (mine !== this.seq) return; // files chosen again meanwhile: those win
        if (!id) {
          this.out.removeAttribute("aria-busy");
          this.sayUnknownChecklist();
          return;
        }
        this.def = this.defs[id];
      }
      result = await this.compute();
    } catch (err) {
      if (mine === this.seq) {
        this.out.removeAttribute("aria-busy");
        this.say(errorText(err), true);
      }
      return;
    }
    if (mine !== this.seq) return; // files chosen again meanwhile: those win
    this.out.removeAttribute("aria-busy");
    this.result = result;
    result.respondents.forEach((p, i) => {
      if (this.files[i] && !this.files[i].label) this.files[i].label = p.label;
    });
    this.render();
    this.sayLoaded();
  }

  sayLoaded() {
    const r = this.result;
    const title = tr(this.def.title);
    const parts = [];
    if (!r.ok) parts.push(r.error?.code === "too-many-files" ? tr(r.error.message) : this.t.none_ok);
    else parts.push(format(r.accepted === 1 ? this.t.loaded_one : this.t.loaded, { count: r.accepted, title }));
    const refused = [];
    r.respondents.forEach((p, i) => {
      if (!p.ok) refused.push(format(this.t.refused_item, { name: this.files[i].name, message: refusalText(this.text, p.error) }));
    });
    refused.push(...(this.readProblems || []));
    // Anonymous mode names no file: only how many were left out.
    if (refused.length && this.anonymous.checked) parts.push(format(this.t.refused_count, { count: refused.length }));
    else if (refused.length) parts.push(this.t.refused + refused.join(this.text.list_sep));
    this.say(parts.join(" "), !r.ok);
  }

  async exportConsensus() {
    if (!this.result?.ok) return;
    let result;
    try {
      result = await this.compute(); // the names and choices as they are now
    } catch (err) {
      this.say(errorText(err), true);
      return;
    }
    const data = { ...result.consensus_file, exported_at: isoNow() };
    const name = `${this.def.id}-consensus-${localDate()}.json`;
    download(name, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
    this.say(format(this.t.exported, { name }));
  }
}
