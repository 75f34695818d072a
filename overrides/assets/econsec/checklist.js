/*
 * econsec self-check widget. Loaded on every page (defer); does nothing without [data-checklist].
 *
 * The server renders a complete paper form (econsec/blocks_checklist.py); this script adds
 * saving (localStorage), progress, live results from window.EconsecEngine (engine-bridge.js,
 * Pyodide in a worker), export (JSON, CSV), import, print and reset. The DOM contract and the
 * storage key scheme are documented in the README ("Self-check widget: DOM contract").
 *
 * Rules: no dependencies, no build step, no inline handlers, no innerHTML — text is always set
 * with textContent, so nothing from a definition or an imported file can become markup.
 */
(() => {
  "use strict";

  const roots = Array.from(document.querySelectorAll("[data-checklist]"));
  if (!roots.length) return;

  const meta = (name) => {
    const el = document.querySelector(`meta[name="${name}"]`);
    return el ? el.getAttribute("content") : null;
  };
  const LANG = meta("econsec-lang") === "en" ? "en" : "ja";
  const BUILD = meta("econsec-build") || "";
  const SITE_ROOT = (meta("econsec-root") || ".").replace(/\/+$/, "") || ".";
  const MAX_IMPORT_BYTES = 1000000; // "1 MB", as econsec.engine.exchange
  const NOTE_SAVE_DELAY = 400;

  const TEXT = {
    ja: {
      engine: {
        loading: "採点エンジン：読み込み中…（回答はその都度この端末に保存されます）",
        ready: "採点エンジン：準備完了（回答に合わせて結果が更新されます）",
        error:
          "採点エンジン：エラー（読み込めませんでした）。スコアは表示できませんが、回答はこの端末に保存されています。",
      },
      storageUnavailable:
        "この端末のブラウザに回答を保存できません（プライベートブラウズの設定などが原因です）。ページを閉じると回答は失われますので、「回答を書き出す（JSON）」で保存してください。",
      storageFull:
        "回答を保存できませんでした（ブラウザの保存領域が不足しています）。「回答を書き出す（JSON）」で保存してください。",
      migrated: (from) => `以前の版（${from}）で保存した回答を引き継ぎました。`,
      damaged: {
        json: "この端末に保存されていた回答のデータが壊れており、読み取ることができませんでした。",
        shape: "この端末に保存されていた回答のデータが、想定された形式になっていません。",
        items: (n) => `保存されていた回答のデータに、このチェックリストにない設問が ${n} 件含まれていました。`,
        values: (n) => `保存されていた回答のデータに、使用できない回答が ${n} 件含まれていました。`,
        recovered: (n) =>
          n ? `読み取ることができた ${n} 項目の回答とメモを表示しています。` : "読み取ることができた回答はありません。",
        backup: "元のデータは、写しとしてこの端末のブラウザに保管しました。",
        noBackup:
          "元のデータの写しをこの端末に保管できませんでした（保存領域の不足などによります）。下のボタンからファイルとして保存してください。",
        hold:
          "以下のいずれかを選択されるまで、保存されていたデータは上書きしません。それまでの回答は、このページを開いている間だけ保持されます。",
        download: "壊れたデータをファイルとして保存する",
        continue: "読み取れた回答で続ける（保存データを置き換える）",
        afresh: "新たに回答を始める（保存データを置き換える）",
        resolved: "保存データを置き換えました。これ以降の回答は、この端末に保存されます。",
        backupKept: "元のデータの写しは、引き続きこの端末のブラウザに保管されています。",
      },
      removed: (n) =>
        `以前の版で回答した次の ${n} 項目は、この版では削除されています（以前の版の回答は、この端末に残っています）：`,
      removedItem: (id, answer, note) => `${id}（${[answer, note ? "メモあり" : ""].filter(Boolean).join("、")}）`,
      review: (n) => `改訂された設問が ${n} 項目あります。回答を見直してください：`,
      reviewMark: "改訂された設問です。回答を見直してください。",
      progress: (a, t) => `${t} 項目中 ${a} 項目に回答済み`,
      score: (v) => `${v} 点`,
      noScore: "—（採点の対象となる回答がまだありません）",
      weakest: (title, v) => `${title}（${v} 点）`,
      none: "—",
      noAnswers: "回答なし",
      chartTitle: "区分ごとのスコア（100点満点）",
      chartDesc: (parts) => `横棒グラフ。${parts.join("、")}。`,
      chartPart: (title, v) => (v == null ? `${title}：回答なし` : `${title}：${v} 点`),
      weakestMark: "（最も弱い区分）",
      answerLabel: "回答：",
      nextStepLabel: "次の一歩（本サイトによる）：",
      goToItem: "設問へ移動",
      linkSep: " ／ ",
      announceScore: (v, a, t) =>
        v == null ? `${t} 項目中 ${a} 項目に回答済み。` : `総合スコア ${v} 点。${t} 項目中 ${a} 項目に回答済み。`,
      announceOutcome: (o, a, t) => `判定：${o}（${t} 項目中 ${a} 項目に回答済み）`,
      scoreFailed: (m) => `採点できませんでした：${m}`,
      importTooLarge:
        "このファイルは読み込めません。ファイルが大きすぎます（上限は 1 MB です）。このサイトで書き出した回答ファイル（JSON）を選んでください。",
      importNeedsEngine:
        "回答ファイルの読み込みには採点エンジンが必要です。エンジンの準備ができてから（「準備完了」と表示されてから）もう一度お試しください。",
      importReadError: "ファイルを読み込めませんでした。",
      importNothing: "このファイルには、このチェックリストで使える回答がありません。",
      importFailed: "このファイルは読み込めません。現在の回答は変更していません。",
      importUnchanged: "現在の回答は変更していません。",
      confirmReplace:
        "現在の回答とメモを、読み込んだファイルの内容で置き換えます。よろしいですか？",
      importCancelled: "読み込みを取り消しました。現在の回答は変更していません。",
      imported: (n) => `回答ファイルを読み込みました（${n} 項目）。`,
      ignored: (n) => `${n} 項目は読み込みませんでした：`,
      reasons: { "unknown-item": "このチェックリストにない項目", "bad-value": "使えない回答" },
      ignoredItem: (id, why, v) => `${id}（${why}${v != null ? `：${v}` : ""}）`,
      ignoredMore: (n) => `ほか ${n} 項目`,
      ignoredEnd: "。",
      importSep: "",
      listSep: "、",
      confirmReset:
        "この端末に保存されている、このチェックリストの回答とメモをすべて消去します。よろしいですか？",
      resetDone: "回答とメモを消去しました。",
      exported: (name) => `${name} を書き出しました。`,
      printMeta: (date, build) => `印刷日：${date}${build ? `　サイトの版：${build}` : ""}`,
      csvHeader: ["区分", "項目ID", "設問", "回答", "メモ", "重み", "出典"],
      unanswered: "未回答",
      source: "出典：",
      sourceSep: "　",
      derived: (basis) => `本サイト独自の設問（${basis}に基づく）`,
      colon: "：",
    },
    en: {
      engine: {
        loading: "Scoring engine: loading… (your answers are saved on this device as you go)",
        ready: "Scoring engine: ready (results update as you answer)",
        error:
          "Scoring engine: error (it could not be loaded). Scores are unavailable, but your answers are saved on this device.",
      },
      storageUnavailable:
        "Your answers cannot be saved in this browser (private browsing settings, for example). They will be lost when you close the page: use “Export answers (JSON)” to keep them.",
      storageFull:
        "Your answers could not be saved (the browser's storage is full). Use “Export answers (JSON)” to keep them.",
      migrated: (from) => `Answers saved with an earlier version (${from}) were carried over.`,
      damaged: {
        json: "The answers saved on this device are damaged and could not be read.",
        shape: "The answers saved on this device are not in the expected format.",
        items: (n) => `The saved answers include ${n} item(s) that are not in this checklist.`,
        values: (n) => `The saved answers include ${n} answer(s) that are not allowed.`,
        recovered: (n) =>
          n ? `The answers and notes of ${n} item(s) could be read and are shown below.` : "No answers could be read.",
        backup: "A copy of the original data has been kept in this browser.",
        noBackup:
          "A copy of the original data could not be kept on this device (storage may be full). Use the button below to save it as a file.",
        hold:
          "The saved data will not be overwritten until you choose one of the options below. Until then, your answers are kept only while this page is open.",
        download: "Save the damaged data as a file",
        continue: "Continue with the answers that could be read (replace the saved data)",
        afresh: "Start afresh (replace the saved data)",
        resolved: "The saved data has been replaced. From now on your answers are saved on this device.",
        backupKept: "The copy of the original data remains in this browser.",
      },
      removed: (n) =>
        `These ${n} item(s) you answered in an earlier version have been removed from this version (the earlier answers remain on this device): `,
      removedItem: (id, answer, note) => `${id} (${[answer, note ? "with a note" : ""].filter(Boolean).join(", ")})`,
      review: (n) => `${n} question(s) have been revised. Please review your answers: `,
      reviewMark: "This question has been revised. Please review your answer.",
      progress: (a, t) => `${a} of ${t} items answered`,
      score: (v) => v,
      noScore: "— (no answers to score yet)",
      weakest: (title, v) => `${title} (${v} / 100)`,
      none: "—",
      noAnswers: "no answers",
      chartTitle: "Score by section (out of 100)",
      chartDesc: (parts) => `Horizontal bar chart. ${parts.join("; ")}.`,
      chartPart: (title, v) => (v == null ? `${title}: no answers` : `${title}: ${v}`),
      weakestMark: " (weakest section)",
      answerLabel: "Answer: ",
      nextStepLabel: "Next step (written by this site): ",
      goToItem: "Go to the question",
      linkSep: " · ",
      announceScore: (v, a, t) =>
        v == null ? `${a} of ${t} items answered.` : `Overall score ${v} out of 100. ${a} of ${t} items answered.`,
      announceOutcome: (o, a, t) => `Outcome: ${o} (${a} of ${t} items answered)`,
      scoreFailed: (m) => `Scoring failed: ${m}`,
      importTooLarge:
        "This file cannot be imported. It is too large (the limit is 1 MB). Choose an answers file (JSON) exported from this site.",
      importNeedsEngine:
        "Importing needs the scoring engine. Try again once it is ready (the status says “ready”).",
      importReadError: "The file could not be read.",
      importNothing: "This file holds no answers that this checklist can use.",
      importFailed: "This file cannot be imported. Your current answers are unchanged.",
      importUnchanged: "Your current answers are unchanged.",
      confirmReplace: "Replace your current answers and notes with the contents of this file?",
      importCancelled: "Import cancelled. Your current answers are unchanged.",
      imported: (n) => `Answers file imported (${n} ${n === 1 ? "item" : "items"}).`,
      ignored: (n) => (n === 1 ? "1 item was not imported: " : `${n} items were not imported: `),
      reasons: { "unknown-item": "not in this checklist", "bad-value": "answer not allowed" },
      ignoredItem: (id, why, v) => `${id} (${why}${v != null ? `: ${v}` : ""})`,
      ignoredMore: (n) => `and ${n} more`,
      ignoredEnd: ".",
      importSep: " ",
      listSep: ", ",
      confirmReset: "Delete all answers and notes for this checklist stored on this device?",
      resetDone: "Answers and notes deleted.",
      exported: (name) => `Exported ${name}.`,
      printMeta: (date, build) => `Printed ${date}${build ? ` · site version ${build}` : ""}`,
      csvHeader: ["Section", "Item ID", "Question", "Answer", "Note", "Weight", "Provenance"],
      unanswered: "Unanswered",
      source: "Source: ",
      sourceSep: ", ",
      derived: (basis) => `Project's own wording, based on ${basis}`,
      colon: ": ",
    },
  }[LANG];

  const GAP_ANSWERS = { score: ["no", "unknown", "partial"], screening: ["yes", "unknown"] };

  // ---------------------------------------------------------------- small helpers
  const tr = (v) => {
    if (v && typeof v === "object") return String(v[LANG] || v.ja || v.en || "");
    return v == null ? "" : String(v);
  };
  const pad = (n) => String(n).padStart(2, "0");
  const localDate = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const fmt = (v) => (v == null ? null : String(Math.round(Number(v) * 10) / 10));
  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    return node;
  };
  const SVG_NS = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs, text) => {
    const node = document.createElementNS(SVG_NS, tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text != null) node.textContent = text;
    return node;
  };
  const clear = (node) => {
    while (node.firstChild) node.removeChild(node.firstChild);
  };

  // ---------------------------------------------------------------- storage keys
  /*
   * One place for the key scheme: econsec:v1:<namespace>:<checklist-id>@<checklist-version>.
   * The namespace is <meta name="econsec-storage-ns"> when a page sets it (an offline bundle
   * uses its own), else the version part of <meta name="econsec-build"> ("0.1.0+2026-11-25" ->
   * "0.1.0"). Both languages share a key. A newer site or checklist version finds older keys by
   * checklist id (findPreviousKeys) and carries their answers over by item id.
   */
  const STORAGE = {
    prefix: "econsec:v1:",
    namespace() {
      const explicit = meta("econsec-storage-ns");
      if (explicit) return explicit;
      // Chromium gives every file:// page one shared storage: an offline bundle keys by its full
      // build id so two bundles on one machine never mix (older ones are found by checklist id).
      if (location.protocol === "file:") return `bundle-${BUILD || "dev"}`;
      return BUILD.split("+")[0] || "dev";
    },
    key(checklistId, version, ns = this.namespace()) {
      return `${this.prefix}${ns}:${checklistId}@${version}`;
    },
    parse(key) {
      if (!key || !key.startsWith(this.prefix)) return null;
      const m = /^([^:]*):(.+)@([^@]*)$/.exec(key.slice(this.prefix.length));
      return m ? { ns: m[1], checklist: m[2], version: m[3] } : null;
    },
  };

  // Backups of damaged saved values: outside STORAGE.prefix, so carry-over never reads them.
  const BACKUP_PREFIX = "econsec:backup:v1:";
  const isQuotaError = (err) =>
    Boolean(err) && (err.name === "QuotaExceededError" || err.name === "NS_ERROR_DOM_QUOTA_REACHED" || err.code === 22);

  let storage = null; // window.localStorage when usable, else null (memory only)
  let storageFullAtStart = false; // readable but full: saved answers load, new ones may not save
  try {
    const ls = window.localStorage;
    const probe = `${STORAGE.prefix}probe`;
    ls.getItem(probe);
    try {
      ls.setItem(probe, "1");
      ls.removeItem(probe);
    } catch (err) {
      if (!isQuotaError(err)) throw err;
      storageFullAtStart = true;
    }
    storage = ls;
  } catch (_err) {
    storage = null;
  }

  // ---------------------------------------------------------------- the engine
  const engine = {
    state: "loading",
    detail: "",
    listeners: new Set(),
    api: null,
    set(state, detail) {
      if (!["loading", "ready", "error"].includes(state)) return;
      if (state === this.state && state !== "error") return;
      this.state = state;
      this.detail = detail ? String((detail && detail.message) || detail) : "";
      for (const cb of this.listeners) cb(state);
    },
    attach(api) {
      this.api = api;
      if (typeof api.onState === "function") {
        api.onState((state, detail) => this.set(state, detail));
      }
      if (api.ready && typeof api.ready.then === "function") {
        api.ready.then(
          () => this.set("ready"),
          (err) => this.set("error", err),
        );
      }
      this.set(api.state || "loading", api.error);
    },
    start() {
      if (window.EconsecEngine) {
        this.attach(window.EconsecEngine);
        return;
      }
      // Checklist pages start the bridge from <head> (overrides/main.html); inject it otherwise.
      let script = document.getElementById("econsec-engine-bridge");
      if (script) {
        // It may already have failed before this script ran, in which case no event will come:
        // a finished fetch without EconsecEngine means it failed; else wait, but not forever.
        const fetched = performance.getEntriesByName(script.src).some((e) => e.responseEnd > 0);
        setTimeout(
          () => {
            if (this.api) return;
            if (window.EconsecEngine) this.attach(window.EconsecEngine);
            else this.set("error", "engine-bridge.js could not be loaded");
          },
          fetched ? 1500 : 65000,
        );
      } else {
        script = document.createElement("script");
        script.src = `${SITE_ROOT}/assets/econsec/engine-bridge.js`;
        script.async = true;
        document.head.appendChild(script);
      }
      script.addEventListener("load", () => {
        if (window.EconsecEngine) this.attach(window.EconsecEngine);
        else this.set("error", "engine-bridge.js did not define EconsecEngine");
      });
      script.addEventListener("error", () => this.set("error", "engine-bridge.js could not be loaded"));
    },
  };

  // ---------------------------------------------------------------- downloads
  const download = (name, blob) => {
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name });
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  const csvCell = (value) => {
    let s = value == null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // spreadsheet formula injection guard
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };

  // ---------------------------------------------------------------- one widget per root
  class Widget {
    constructor(root) {
      this.root = root;
      const defEl = root.querySelector("script[data-checklist-def]");
      this.def = JSON.parse(defEl.textContent);
      this.kind = this.def.kind === "screening" ? "screening" : "score";
      this.allowed = new Set(this.def.answers || []);
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
        });
      }
      this.answers = {};
      this.notes = {};
      // Items whose stored text digest differs from this edition's: {id: stored digest}.
      this.review = {};
      // Answered items of an earlier edition that this one no longer has: [{id, value, note}].
      this.removed = [];
      // A damaged saved value: {raw, backupKey, problems, recovered}; nothing is written to the
      // widget's key while it is set (the user has to choose first).
      this.damaged = null;
      this.dirtyNotes = new Set(); // notes typed here and not yet saved
      this.key = STORAGE.key(this.def.id, this.def.version);
      this.seq = 0;
      this.noteTimer = null;
      this.announceTimer = null;
      this.q = (sel) => root.querySelector(sel);
      this.alertBox = this.q("[data-alert]") || this.q('[role="alert"]');
      this.messageBox = this.q("[data-message]");
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
      this.fillPrintMeta();
      window.addEventListener("beforeprint", () => this.fillPrintMeta());

      if (!storage) this.alert(TEXT.storageUnavailable, "storage");
      else if (storageFullAtStart) this.alert(TEXT.storageFull, "storage");
      this.load();
      this.adoptEarlyInput();
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
        if (item.note && item.note.value && !this.notes[id]) {
          this.notes[id] = item.note.value;
          adopted = true;
        }
      }
      if (adopted) this.save();
    }

    fillPrintMeta() {
      const p = this.q("[data-print-meta]");
      if (p) p.textContent = TEXT.printMeta(localDate(), BUILD);
    }

    // ------------------------------------------------------------ storage
    serialise() {
      const answers = {};
      for (const id of this.itemDefs.keys()) {
        const value = this.answers[id];
        const note = this.notes[id] || "";
        if (value || note) answers[id] = note ? { value: value || null, note } : { value: value || null };
      }
      return answers;
    }

    /**
     * {item id: text digest} of the saved items, so that a later edition can tell which
     * questions were reworded. An item still under review keeps the digest it was answered with.
     */
    serialiseDigests(answers) {
      const digests = {};
      for (const id of Object.keys(answers)) {
        const digest = this.review[id] || (this.itemDefs.get(id) || {}).digest;
        if (typeof digest === "string" && digest) digests[id] = digest;
      }
      return digests;
    }

    save() {
      if (!storage) return;
      if (this.damaged) return; // never overwrite a damaged value before the user has chosen
      const answers = this.serialise();
      const record = {
        format: "econsec-answers",
        format_version: 1,
        checklist: this.def.id,
        checklist_version: this.def.version,
        saved_at: isoNow(),
        site: BUILD,
        answers,
        digests: this.serialiseDigests(answers),
      };
      try {
        storage.setItem(this.key, JSON.stringify(record));
        this.dirtyNotes.clear();
        if (!storageFullAtStart) this.clearAlert("storage");
      } catch (_err) {
        this.alert(TEXT.storageFull, "storage");
      }
    }

    /**
     * A stored record, checked against this definition without changing anything:
     * {ok, problems, answers, notes, digests, unknown: [{id, value, note}], bad: [id]}.
     * problems: "json" (not JSON), "shape" (not a record: an array, no answers object, another
     * checklist); ok records list unknown item ids and bad values (or notes) separately.
     */
    inspect(text) {
      const out = { ok: false, problems: [], answers: {}, notes: {}, digests: {}, unknown: [], bad: [] };
      let data;
      try {
        data = JSON.parse(text);
      } catch (_err) {
        out.problems.push("json");
        return out;
      }
      const isObject = (v) => Boolean(v) && typeof v === "object" && !Array.isArray(v);
      if (!isObject(data) || !isObject(data.answers) || (data.checklist != null && data.checklist !== this.def.id)) {
        out.problems.push("shape");
        return out;
      }
      const digests = isObject(data.digests) ? data.digests : {};
      for (const [id, entry] of Object.entries(data.answers)) {
        const value = isObject(entry) ? entry.value : entry;
        const note = isObject(entry) ? entry.note : undefined;
        if (!this.itemDefs.has(id)) {
          out.unknown.push({ id, value, note: typeof note === "string" ? note : "" });
          continue;
        }
        const valueOk = value == null || (typeof value === "string" && this.allowed.has(value));
        const noteOk = note == null || typeof note === "string";
        if (!valueOk || !noteOk) out.bad.push(id);
        if (valueOk && value) out.answers[id] = value;
        if (noteOk && note) out.notes[id] = note;
        if (typeof digests[id] === "string") out.digests[id] = digests[id];
      }
      out.ok = true;
      return out;
    }

    /** Take an inspected record's answers; mark the items whose question text changed since. */
    adopt(r) {
      this.answers = { ...r.answers };
      this.notes = { ...r.notes };
      this.review = {};
      for (const [id, digest] of Object.entries(r.digests)) {
        const current = (this.itemDefs.get(id) || {}).digest;
        // Records without digests (saved before they existed) are taken as they are.
        if (current && digest !== current && (this.answers[id] || this.notes[id])) this.review[id] = digest;
      }
    }

    /**
     * Read the value under this widget's key. A sound record is adopted; a damaged one is kept
     * (backup copy), what is valid in it is shown, and the key is not written until the user
     * chooses. ``fromOtherTab``: answers given here are kept too.
     */
    readStored(text, fromOtherTab = false) {
      if (text == null) {
        this.adopt({ answers: {}, notes: {}, digests: {} });
        return false;
      }
      const r = this.inspect(text);
      const problems = r.ok ? [] : r.problems.slice();
      if (r.unknown.length) problems.push("items");
      if (r.bad.length) problems.push("values");
      if (!problems.length) {
        this.adopt(r);
        if (this.damaged) this.leaveDamaged(false); // repaired elsewhere (another tab)
        return true;
      }
      const session = { answers: this.answers, notes: this.notes, review: this.review };
      this.adopt(r);
      if (fromOtherTab) {
        this.answers = { ...session.answers, ...this.answers };
        this.notes = { ...session.notes, ...this.notes };
        this.review = { ...session.review, ...this.review };
      }
      this.enterDamaged(text, r, problems);
      return false;
    }

    /** Keep a copy of a damaged value under a backup key (once per distinct value). */
    backup(raw) {
      const prefix = `${BACKUP_PREFIX}${this.key}:`;
      try {
        for (let i = 0; i < storage.length; i += 1) {
          const key = storage.key(i);
          if (key && key.startsWith(prefix) && storage.getItem(key) === raw) return key;
        }
        const key = `${prefix}${new Date().toISOString()}`;
        storage.setItem(key, raw);
        return key;
      } catch (_err) {
        return null; // storage full: the raw text stays in memory for the download button
      }
    }

    enterDamaged(raw, r, problems) {
      const same = this.damaged && this.damaged.raw === raw;
      const backupKey = same ? this.damaged.backupKey : this.backup(raw);
      const recovered = new Set([...Object.keys(r.answers), ...Object.keys(r.notes)]).size;
      this.damaged = { raw, backupKey, problems, recovered };
      const t = TEXT.damaged;
      const parts = problems.map((p) =>
        p === "items" ? t.items(r.unknown.length) : p === "values" ? t.values(r.bad.length) : t[p],
      );
      parts.push(t.recovered(recovered), backupKey ? t.backup : t.noBackup, t.hold);
      this.clearAlert("damaged");
      if (!this.alertBox) return;
      const box = el("div", { "data-kind": "damaged", class: "econsec-damaged" });
      for (const text of parts) box.appendChild(el("p", null, text));
      const buttons = el("div", { class: "econsec-damaged__buttons" });
      buttons.appendChild(el("button", { type: "button", class: "md-button", "data-action": "damaged-download" }, t.download));
      buttons.appendChild(
        el(
          "button",
          { type: "button", class: "md-button", "data-action": "damaged-continue" },
          recovered ? t.continue : t.afresh,
        ),
      );
      box.appendChild(buttons);
      this.alertBox.appendChild(box);
    }

    /** The user chose (``consent``), or another tab stored a sound value: writing resumes. */
    leaveDamaged(consent) {
      const backupKey = this.damaged ? this.damaged.backupKey : null;
      this.damaged = null;
      this.clearAlert("damaged");
      if (!consent) return;
      this.flushNotes();
      this.save();
      this.message(TEXT.damaged.resolved + (backupKey ? ` ${TEXT.damaged.backupKept}` : ""));
      if (this.messageBox) {
        // The button that had focus is gone: keep keyboard users where the news is.
        this.messageBox.setAttribute("tabindex", "-1");
        this.messageBox.focus();
      }
    }

    downloadDamaged() {
      if (!this.damaged) return;
      const name = `${this.def.id}-damaged-${localDate()}.txt`;
      download(name, new Blob([this.damaged.raw], { type: "text/plain;charset=utf-8" }));
      this.message(TEXT.exported(name));
    }

    /** Another tab saved this checklist: take its state, but not over notes being typed here. */
    onStoredElsewhere(text) {
      const typing = {};
      for (const id of this.dirtyNotes) typing[id] = this.notes[id] || "";
      this.readStored(text, true);
      for (const [id, note] of Object.entries(typing)) {
        if (note) this.notes[id] = note;
        else delete this.notes[id];
      }
      this.syncDom();
      this.update();
    }

    /** Take {id: {value, note}} (or {id: value}); keep only known items and allowed values. */
    applyAnswers(answers) {
      this.answers = {};
      this.notes = {};
      this.review = {}; // new answers replace the ones that were to be reviewed
      let n = 0;
      for (const [id, entry] of Object.entries(answers)) {
        if (!this.itemDefs.has(id)) continue;
        const value = entry && typeof entry === "object" ? entry.value : entry;
        const note = entry && typeof entry === "object" && typeof entry.note === "string" ? entry.note : "";
        if (typeof value === "string" && this.allowed.has(value)) this.answers[id] = value;
        if (note) this.notes[id] = note;
        if (this.answers[id] || note) n += 1;
      }
      return n;
    }

    load() {
      if (!storage) return;
      let text = null;
      try {
        text = storage.getItem(this.key);
      } catch (_err) {
        text = null;
      }
      if (text != null) {
        this.readStored(text);
        return;
      }
      // Nothing under this key: carry answers over from an earlier site or checklist version.
      // The older keys are left as they are (so nothing of theirs is lost); items that this
      // edition removed are listed, reworded ones marked for review (adopt).
      const previous = this.findPreviousKeys();
      for (const candidate of previous) {
        const r = this.inspect(candidate.text);
        const kept = Object.keys(r.answers).length + Object.keys(r.notes).length;
        if (!r.ok || !kept) continue;
        this.adopt(r);
        this.removed = r.unknown.filter((x) => (typeof x.value === "string" && x.value) || x.note);
        this.save();
        this.message(TEXT.migrated(candidate.label));
        return;
      }
    }

    /** Older keys for this checklist id, the same namespace first, newest saved first. */
    findPreviousKeys() {
      const found = [];
      const ns = STORAGE.namespace();
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        const parsed = STORAGE.parse(key);
        if (!parsed || key === this.key || parsed.checklist !== this.def.id) continue;
        const text = storage.getItem(key);
        let saved = "";
        try {
          saved = String(JSON.parse(text).saved_at || "");
        } catch (_err) {
          continue;
        }
        found.push({ text, saved, same: parsed.ns === ns, label: `${parsed.ns} / ${parsed.version}` });
      }
      found.sort((a, b) => (a.same !== b.same ? (a.same ? -1 : 1) : b.saved.localeCompare(a.saved)));
      return found;
    }

    // ------------------------------------------------------------ events
    onChange(e) {
      const t = e.target;
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
        this.importFile(t);
      }
    }

    onInput(e) {
      const t = e.target;
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
      if (action === "damaged-download") this.downloadDamaged();
      else if (action === "damaged-continue") this.leaveDamaged(true);
      else if (action === "export-json") this.exportJson();
      else if (action === "export-csv") this.exportCsv();
      else if (action === "print") window.print();
      else if (action === "reset") this.reset();
    }

    // ------------------------------------------------------------ DOM state
    syncDom() {
      for (const [id, item] of this.items) {
        const value = this.answers[id] || null;
        for (const r of item.radios) r.checked = r.value === value;
        if (item.note && item.note.value !== (this.notes[id] || "")) item.note.value = this.notes[id] || "";
        item.el.toggleAttribute("data-has-note", Boolean(this.notes[id]));
      }
    }

    answeredCount() {
      let n = 0;
      for (const id of this.itemDefs.keys()) if (this.answers[id]) n += 1;
      return n;
    }

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
        if (text) text.textContent = TEXT.progress(answered, total);
      }
      const gaps = GAP_ANSWERS[this.kind];
      for (const [id, item] of this.items) {
        const value = this.answers[id];
        if (value) item.el.setAttribute("data-answer", value);
        else item.el.removeAttribute("data-answer");
        if (item.next) {
          const gap = Boolean(value && gaps.includes(value));
          item.next.hidden = !gap;
          item.el.toggleAttribute("data-gap", gap);
        }
      }
      this.renderReview();
    }

    /** Review marks on reworded items, and the notice of removed and reworded items. */
    renderReview() {
      const reviewIds = [];
      for (const [id, item] of this.items) {
        const inReview = Boolean(this.review[id]);
        if (inReview) reviewIds.push(id);
        item.el.toggleAttribute("data-review", inReview);
        const markId = `${item.el.id}-review`;
        let mark = item.el.querySelector("[data-review-mark]");
        if (inReview && !mark) {
          mark = el("p", { class: "econsec-item__review", id: markId, "data-review-mark": "" }, TEXT.reviewMark);
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
        const names = this.removed.map((x) =>
          TEXT.removedItem(x.id, typeof x.value === "string" && x.value ? this.answerLabel(x.value) : "", x.note),
        );
        box.appendChild(el("p", { "data-notice-part": "removed" }, TEXT.removed(this.removed.length) + names.join(TEXT.listSep)));
      }
      if (reviewIds.length) {
        const p = el("p", { "data-notice-part": "review" }, TEXT.review(reviewIds.length));
        reviewIds.forEach((id, i) => {
          const item = this.items.get(id);
          if (i) p.appendChild(document.createTextNode(TEXT.listSep));
          p.appendChild(el("a", { href: `#${item.el.id}` }, item.num ? item.num.textContent : id));
        });
        box.appendChild(p);
      }
    }

    /** The label of an answer value as this page shows it (any item's radio will do). */
    answerLabel(value) {
      for (const item of this.items.values()) {
        const radio = item.radios.find((x) => x.value === value);
        const label = radio && radio.closest("label");
        if (label) return label.textContent.trim();
      }
      return String(value);
    }

    update() {
      this.updateLocal();
      this.requestScore();
    }

    // ------------------------------------------------------------ engine and results
    onEngineState() {
      const state = engine.state;
      this.root.setAttribute("data-engine", state);
      const status = this.q("[data-engine-status]");
      if (status) {
        status.textContent = TEXT.engine[state] + (state === "error" && engine.detail ? ` (${engine.detail})` : "");
      }
      if (state === "ready") this.requestScore();
    }

    plainAnswers() {
      const out = {};
      for (const id of this.itemDefs.keys()) if (this.answers[id]) out[id] = this.answers[id];
      return out;
    }

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
        },
        (err) => {
          if (mine !== this.seq) return;
          this.alert(TEXT.scoreFailed(String((err && err.message) || err)));
        },
      );
    }

    sectionTitle(id) {
      const s = this.sectionDefs.get(id);
      return s ? tr(s.title) : String(id);
    }

    renderResult(r) {
      if (!r || typeof r !== "object") return;
      const progress = r.progress || {};
      const answered = progress.answered != null ? progress.answered : this.answeredCount();
      const total = progress.total != null ? progress.total : this.itemDefs.size;
      this.root.setAttribute("data-scored", "");

      let announce;
      if (this.kind === "screening") {
        const outcome = r.outcome || {};
        const texts = this.def.outcome || {};
        const text = tr(texts[outcome.status]) || TEXT.none;
        const box = this.q('[data-result="outcome"]');
        if (box) {
          if (outcome.status) box.setAttribute("data-status", outcome.status);
          else box.removeAttribute("data-status");
          const strong = box.querySelector("[data-outcome-text]");
          if (strong) strong.textContent = text;
        }
        announce = TEXT.announceOutcome(text, answered, total);
      } else {
        const scoreEl = this.q('[data-result="score"]');
        const value = fmt(r.score);
        if (scoreEl) {
          if (value == null) scoreEl.removeAttribute("data-value");
          else scoreEl.setAttribute("data-value", value);
          const strong = scoreEl.querySelector("[data-score-text]");
          if (strong) strong.textContent = value == null ? TEXT.noScore : TEXT.score(value);
        }
        this.renderSections(r);
        this.renderChart(r);
        const weak = this.q('[data-result="weakest"] [data-weakest-text]');
        if (weak) {
          const ws = (r.sections || []).find((s) => s.id === r.weakest_section);
          weak.textContent = ws ? TEXT.weakest(this.sectionTitle(ws.id), fmt(ws.score)) : TEXT.none;
        }
        announce = TEXT.announceScore(value, answered, total);
      }
      this.renderCounts(r);
      this.renderNextSteps(r);
      this.announce(announce);
    }

    renderSections(r) {
      const table = this.q('[data-result="sections"]');
      if (!table) return;
      for (const s of r.sections || []) {
        const row = Array.from(table.querySelectorAll("tr[data-section]")).find(
          (tr_) => tr_.getAttribute("data-section") === s.id,
        );
        if (!row) continue;
        const v = fmt(s.score);
        const cell = row.querySelector('[data-cell="score"]');
        if (cell) {
          cell.textContent = v == null ? TEXT.none : v;
          if (v == null) cell.removeAttribute("data-value");
          else cell.setAttribute("data-value", v);
        }
        const ans = row.querySelector('[data-cell="answered"]');
        if (ans) ans.textContent = `${s.answered} / ${s.total}`;
        const weakest = s.id === r.weakest_section;
        row.toggleAttribute("data-weakest", weakest);
        const head = row.querySelector("th");
        const mark = head && head.querySelector(".econsec-weakest-mark");
        if (mark && !weakest) mark.remove();
        if (head && weakest && !mark) head.appendChild(el("span", { class: "econsec-weakest-mark" }, TEXT.weakestMark));
      }
    }

    renderChart(r) {
      const fig = this.q('[data-result="chart"]');
      if (!fig) return;
      for (const old of fig.querySelectorAll("svg, [data-chart-placeholder]")) old.remove();
      const sections = r.sections || [];
      const base = this.root.id || `econsec-${this.def.id}`;
      const W = 640;
      const labelH = 22;
      const barH = 20;
      const rowH = labelH + barH + 14;
      const top = 6;
      const axisH = 24;
      const barW = 520;
      const H = top + rowH * sections.length + axisH;
      const root = svg("svg", {
        viewBox: `0 0 ${W} ${H}`,
        role: "img",
        class: "econsec-chart__svg",
        "aria-labelledby": `${base}-svg-title ${base}-svg-desc`,
        preserveAspectRatio: "xMinYMin meet",
      });
      root.appendChild(svg("title", { id: `${base}-svg-title` }, TEXT.chartTitle));
      root.appendChild(
        svg(
          "desc",
          { id: `${base}-svg-desc` },
          TEXT.chartDesc(sections.map((s) => TEXT.chartPart(this.sectionTitle(s.id), fmt(s.score)))),
        ),
      );
      const defs = svg("defs");
      const hatch = svg("pattern", {
        id: `${base}-hatch`,
        width: 8,
        height: 8,
        patternUnits: "userSpaceOnUse",
        patternTransform: "rotate(45)",
      });
      hatch.appendChild(svg("rect", { width: 8, height: 8, class: "econsec-chart__hatch-bg" }));
      hatch.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 8, class: "econsec-chart__hatch-line" }));
      const cross = svg("pattern", { id: `${base}-cross`, width: 8, height: 8, patternUnits: "userSpaceOnUse" });
      cross.appendChild(svg("rect", { width: 8, height: 8, class: "econsec-chart__cross-bg" }));
      cross.appendChild(svg("path", { d: "M0 0L8 8M8 0L0 8", class: "econsec-chart__cross-line" }));
      defs.append(hatch, cross);
      root.appendChild(defs);

      const axisY = top + rowH * sections.length;
      for (const tick of [0, 25, 50, 75, 100]) {
        const x = (barW * tick) / 100 + 0.5;
        root.appendChild(svg("line", { x1: x, y1: top, x2: x, y2: axisY, class: "econsec-chart__grid" }));
        root.appendChild(
          svg(
            "text",
            { x, y: axisY + 16, class: "econsec-chart__tick", "text-anchor": tick === 0 ? "start" : tick === 100 ? "end" : "middle" },
            String(tick),
          ),
        );
      }
      sections.forEach((s, i) => {
        const y = top + i * rowH;
        const v = fmt(s.score);
        const weakest = s.id === r.weakest_section;
        const g = svg("g", { class: `econsec-chart__row${weakest ? " is-weakest" : ""}`, "data-section": s.id });
        g.appendChild(
          svg("text", { x: 0, y: y + 15, class: "econsec-chart__label" }, this.sectionTitle(s.id) + (weakest ? TEXT.weakestMark : "")),
        );
        const by = y + labelH;
        g.appendChild(svg("rect", { x: 0, y: by, width: barW, height: barH, class: "econsec-chart__track" }));
        if (v != null) {
          const w = Math.max((barW * Number(v)) / 100, Number(v) > 0 ? 2 : 0);
          g.appendChild(
            svg("rect", {
              x: 0,
              y: by,
              width: w,
              height: barH,
              class: "econsec-chart__bar",
              fill: `url(#${weakest ? `${base}-cross` : `${base}-hatch`})`,
            }),
          );
        }
        g.appendChild(
          svg("text", { x: barW + 10, y: by + 15, class: "econsec-chart__value" }, v == null ? TEXT.noAnswers : v),
        );
        root.appendChild(g);
      });
      fig.appendChild(root);
    }

    renderCounts(r) {
      const table = this.q('[data-result="counts"]');
      if (!table || !r.counts) return;
      for (const row of table.querySelectorAll("tr[data-count]")) {
        const key = row.getAttribute("data-count");
        const cell = row.querySelector("td");
        if (cell) cell.textContent = String(r.counts[key] != null ? r.counts[key] : 0);
      }
    }

    answerText(id, value) {
      const item = this.items.get(id);
      const radio = item && item.radios.find((x) => x.value === value);
      const label = radio && radio.closest("label");
      return label ? label.textContent.trim() : String(value || "");
    }

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
      clear(list);
      for (const step of steps) {
        const def = this.itemDefs.get(step.item);
        const item = this.items.get(step.item);
        if (!def) continue;
        const li = el("li", { "data-next-item": step.item, "data-answer": step.answer || "" });
        const q = el("p", { class: "econsec-next-steps__question" });
        if (item && item.num) q.appendChild(el("span", { class: "econsec-item__num" }, item.num.textContent));
        q.appendChild(document.createTextNode(` ${tr(def.text)}`));
        li.appendChild(q);
        const a = el("p", { class: "econsec-next-steps__answer" }, TEXT.answerLabel);
        a.appendChild(el("strong", null, this.answerText(step.item, step.answer)));
        li.appendChild(a);
        if (def.next_step) {
          // The next step is the site's own text: marked as such here as on the item.
          const p = el("p", { class: "econsec-next-steps__text econsec-explanation" });
          p.appendChild(el("strong", null, TEXT.nextStepLabel));
          p.appendChild(document.createTextNode(tr(def.next_step)));
          li.appendChild(p);
        }
        const links = el("p", { class: "econsec-next-steps__links" });
        if (item && item.link) {
          links.appendChild(el("a", { href: item.link.getAttribute("href") }, item.link.textContent));
        }
        if (item) {
          const go = el("span", { class: "econsec-next-steps__goto" }, item.link ? TEXT.linkSep : "");
          go.appendChild(el("a", { href: `#${item.el.id}` }, TEXT.goToItem));
          links.appendChild(go);
        }
        li.appendChild(links);
        list.appendChild(li);
      }
      if (empty) empty.hidden = list.children.length > 0;
    }

    announce(text) {
      const live = this.q("[data-announce]");
      if (!live) return;
      clearTimeout(this.announceTimer);
      this.announceTimer = setTimeout(() => {
        live.textContent = text;
      }, 700);
    }

    // ------------------------------------------------------------ messages
    alert(text, kind = "action") {
      if (!this.alertBox) return;
      let p = this.alertBox.querySelector(`[data-kind="${kind}"]`);
      if (!p) {
        p = el("p", { "data-kind": kind });
        this.alertBox.appendChild(p);
      }
      p.textContent = text;
    }

    clearAlert(kind = "action") {
      const p = this.alertBox && this.alertBox.querySelector(`[data-kind="${kind}"]`);
      if (p) p.remove();
    }

    message(text) {
      if (this.messageBox) this.messageBox.textContent = text;
    }

    // ------------------------------------------------------------ export
    exportJson() {
      const data = {
        format: "econsec-answers",
        format_version: 1,
        checklist: this.def.id,
        checklist_version: this.def.version,
        exported_at: isoNow(),
        site: BUILD,
        lang: LANG,
        answers: this.serialise(),
      };
      const name = `${this.def.id}-${localDate()}.json`;
      download(name, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
      this.message(TEXT.exported(name));
    }

    provenanceText(prov) {
      if (!prov) return "";
      if (prov.type === "derived") return TEXT.derived(tr(prov.basis));
      return TEXT.source + [tr(prov.document), tr(prov.reference)].filter(Boolean).join(TEXT.sourceSep);
    }

    exportCsv() {
      const rows = [TEXT.csvHeader];
      for (const section of this.def.sections || []) {
        for (const id of section.items || []) {
          const def = this.itemDefs.get(id);
          if (!def) continue;
          const value = this.answers[id];
          rows.push([
            tr(section.title),
            id,
            tr(def.text),
            value ? this.answerText(id, value) : TEXT.unanswered,
            this.notes[id] || "",
            def.weight != null ? String(def.weight) : "",
            this.provenanceText(def.provenance),
          ]);
        }
      }
      const body = rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
      const name = `${this.def.id}-${localDate()}.csv`;
      download(name, new Blob(["\uFEFF", body], { type: "text/csv;charset=utf-8" }));
      this.message(TEXT.exported(name));
    }

    // ------------------------------------------------------------ reset and import
    hasAnswers() {
      return Object.keys(this.answers).length > 0 || Object.keys(this.notes).length > 0;
    }

    reset() {
      if (!window.confirm(TEXT.confirmReset)) return;
      this.flushNotes();
      this.answers = {};
      this.notes = {};
      this.review = {};
      this.removed = [];
      // Confirming the reset is consent to overwrite a damaged value (its backup copy stays).
      if (this.damaged) this.leaveDamaged(false);
      this.save(); // an empty record, so that older versions are not carried over again
      this.syncDom();
      this.clearAlert();
      this.update();
      this.message(TEXT.resetDone);
    }

    async importFile(input) {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      // A refused file leaves answers, notes and storage as they were: nothing below touches
      // them before the user has confirmed a file that holds usable answers.
      this.clearAlert();
      this.message("");
      const refuse = (...parts) => this.alert([...parts, TEXT.importUnchanged].join(TEXT.importSep));
      if (file.size > MAX_IMPORT_BYTES) {
        refuse(TEXT.importTooLarge);
        return;
      }
      if (engine.state !== "ready" || !engine.api) {
        refuse(TEXT.importNeedsEngine);
        return;
      }
      let text;
      try {
        // Always as UTF-8, the format's encoding, as the engine reads bytes: Chromium's
        // file.text() would decode a UTF-16 file by its byte order mark.
        text = new TextDecoder("utf-8").decode(await file.arrayBuffer());
      } catch (_err) {
        refuse(TEXT.importReadError);
        return;
      }
      let result;
      try {
        result = await engine.api.parseImport(this.def, text);
        if (typeof result === "string") result = JSON.parse(result);
      } catch (err) {
        this.alert(`${TEXT.importFailed} (${String((err && err.message) || err)})`);
        return;
      }
      if (!result || !result.ok) {
        const msg = result && result.error ? tr(result.error.message) : "";
        if (msg) refuse(msg);
        else this.alert(TEXT.importFailed);
        return;
      }
      const notes = this.importNotes(result);
      const usable = result.answers && typeof result.answers === "object" ? Object.keys(result.answers).length : 0;
      if (!usable) {
        // Replacing the answers with nothing would only lose them: refuse instead.
        const empty = (result.warnings || []).some((w) => w && w.code === "no-answers");
        refuse(...(empty ? notes : [TEXT.importNothing, ...notes]));
        return;
      }
      if (this.hasAnswers() && !window.confirm(TEXT.confirmReplace)) {
        this.message(TEXT.importCancelled);
        return;
      }
      this.flushNotes();
      const n = this.applyAnswers(result.answers);
      this.save();
      this.syncDom();
      this.update();
      this.message([TEXT.imported(n), ...notes].join(TEXT.importSep));
    }

    /** What the import left out or changed: ignored items (named, at most ten) and warnings. */
    importNotes(result) {
      const parts = [];
      const ignored = Array.isArray(result.ignored) ? result.ignored : [];
      if (ignored.length) {
        const short = (v) => (v == null ? v : String(v).length > 40 ? `${String(v).slice(0, 39)}…` : String(v));
        const named = ignored
          .slice(0, 10)
          .map((x) => TEXT.ignoredItem(short(x.item), TEXT.reasons[x.reason] || x.reason, short(x.value)));
        if (ignored.length > 10) named.push(TEXT.ignoredMore(ignored.length - 10));
        parts.push(TEXT.ignored(ignored.length) + named.join(TEXT.listSep) + TEXT.ignoredEnd);
      }
      for (const w of Array.isArray(result.warnings) ? result.warnings : []) {
        const text = typeof w === "string" ? w : tr(w && w.message ? w.message : w);
        if (text) parts.push(text);
      }
      return parts;
    }
  }

  // Start the engine first (it downloads in parallel), then wire up every checklist.
  engine.start();
  for (const root of roots) {
    try {
      new Widget(root).init();
    } catch (err) {
      const box = root.querySelector('[role="alert"]');
      if (box) box.textContent = String((err && err.message) || err);
      throw err;
    }
  }
})();
