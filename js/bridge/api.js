// @ts-check
/*
 * econsec engine bridge, part 1: window.EconsecEngine (contract in ARCHITECTURE.md).
 *
 *   EconsecEngine.state            "loading" | "ready" | "error"
 *   EconsecEngine.ready            Promise: resolves when ready, rejects (Error) on failure
 *   EconsecEngine.onState(cb)      cb(state, detail) on every change; returns an unsubscribe
 *   EconsecEngine.score(def, answers)      -> Promise<result>   (econsec.engine.bridge.score_json)
 *   EconsecEngine.parseImport(def, text)   -> Promise<import result> (parse_import_json)
 *   EconsecEngine.compare(def, request)    -> Promise<comparison result> (compare_json)
 *   EconsecEngine.plan(def, request)       -> Promise<{rows, csv}> (plan_json)
 *   EconsecEngine.combine(def, request)    -> Promise<combined result> (combine_json)
 *   EconsecEngine.checklistOf(ids, texts)  -> Promise<id | null> (checklist_of_json)
 *   EconsecEngine.error            why it failed (string), else ""
 *   EconsecEngine.lastCall         where the latest call's time went (splitCall), {cached: true}
 *                                  when score() answered from the results scored ahead
 *   EconsecEngine.startup          start-up milestones, ms since navigation (becomeReady)
 *   EconsecEngine.scoredAhead      how many results are remembered (scoreAhead)
 *   EconsecEngine.scoreAhead       true; false turns scoring ahead off (for measurements)
 *   EconsecEngine.snapshot         "none" | "none: save-data" | "loading" | "used" | "fallback: <why>"
 *   EconsecEngine.context          "worker", or "page" where the engine runs in the page (start.js)
 *   EconsecEngine.restarted        why the engine was restarted ("" if it was not; see fail())
 *   EconsecEngine.retry()          start again after "error" (the widget's retry button)
 *
 * The bridge's files (js/bridge/*.js, after the generated RUNTIME and js/common/format.js) are
 * classic scripts sharing one scope, joined by the build into assets/econsec/engine-bridge.js
 * inside one function. It is loaded as early as possible (overrides/main.html, else the widget)
 * and starts at once (start.js). Messages to and from the worker are typed in
 * js/types/engine.d.ts. The first failure (a call unanswered within DEADLINES.call_ms, a start
 * with no progress for DEADLINES.start_idle_ms, a worker that dies) ends the worker and starts a
 * new one, once: the state goes back to "loading", EconsecEngine.restarted says why, and the
 * widget, seeing "ready" again, scores its current answers again. A second failure turns the
 * state into "error"; pending and later calls reject with an Error saying why, until retry().
 */

const M = RUNTIME.messages;
const DEADLINES = RUNTIME.deadlines;

/** @param {string} name */
const meta = (name) => {
  const node = document.querySelector(`meta[name="${name}"]`);
  return node ? node.getAttribute("content") : null;
};
const OFFLINE = location.protocol === "file:";
// Over http the snapshot costs about 5 MB more on a first visit: measured, that is slower below
// about 10 Mbit/s (bench/network.py). The browser's own bandwidth estimate is no guide (headless
// Chromium says 1.5 Mbit/s on localhost), but a user who asks to save data gets the smaller start.
// From file:// (the offline bundle) nothing is downloaded: its own snapshot (offline/snapshot.js).
const SAVE_DATA = !OFFLINE && Boolean(/** @type {any} */ (navigator).connection?.saveData);
const SNAPSHOT_KEY = SAVE_DATA ? "" : meta("econsec-snapshot") || "";
const t0 = performance.now();

/** @typedef {{op: CallOp, resolve: (value: any) => void, reject: (err: Error) => void, timer: number, posted: number}} Pending */
/** @type {Set<(state: string, detail: string) => void>} */
const listeners = new Set();
/** @type {Map<number, Pending>} */
const pending = new Map();
let nextId = 1;
/** @type {EngineEndpoint | null} a Worker, or the engine in the page (start.js) */
let worker = null;
/** @type {number | undefined} */
let startTimer;
let attempt = 0; // each start (first, restart, retry) has its own number: late events of an
// earlier one are ignored
let restarts = 0; // automatic restarts since the last start by the page or by retry()
/** @type {(value: any) => void} */
let resolveReady = () => {};
/** @type {(err: Error) => void} */
let rejectReady = () => {};
function newReady() {
  const promise = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  promise.catch(() => {}); // a failure is reported through state; no "unhandled rejection" noise
  return promise;
}
let ready = newReady();

const api = {
  state: "loading",
  error: "",
  mode: OFFLINE ? "file" : "http",
  context: "worker",
  step: M.step_bridge, // the start-up step in progress (for the timeout message)
  /** @type {Record<string, number>} */
  timings: {},
  /** @type {Record<string, unknown> | null} the split of the latest call (splitCall) */
  lastCall: null,
  /** @type {Record<string, unknown> | null} when each start-up step ended (becomeReady) */
  startup: null,
  snapshot: SNAPSHOT_KEY ? "loading" : SAVE_DATA && meta("econsec-snapshot") ? "none: save-data" : "none",
  restarted: "",
  get ready() {
    return ready;
  },
  /** Start again after "error" (with one automatic restart again); false if not in "error". */
  retry() {
    if (api.state !== "error") return false;
    restarts = 0;
    api.restarted = "";
    begin(M.retrying);
    return true;
  },
  /** @param {(state: string, detail: string) => void} cb */
  onState(cb) {
    if (typeof cb !== "function") return () => {};
    listeners.add(cb);
    return () => listeners.delete(cb);
  },
  /**
   * @param {object | string} def
   * @param {Record<string, unknown>} answers
   */
  score(def, answers) {
    const defJson = typeof def === "string" ? def : JSON.stringify(def);
    const given = answers || {};
    const key = canonical(given);
    const known = api.state === "ready" && api.scoreAhead ? ahead.get(defJson, key) : undefined;
    if (known !== undefined) {
      api.lastCall = { cached: true };
      scoreAhead(defJson, given, key);
      return Promise.resolve(JSON.parse(known));
    }
    const result = request("score", defJson, JSON.stringify(given));
    result.then(
      (value) => {
        scoreAhead(defJson, given, key);
        if (ahead.defJson === defJson) ahead.put(key, JSON.stringify(value));
      },
      () => {},
    );
    return result;
  },
  /**
   * @param {object | string} def
   * @param {unknown} text
   */
  parseImport(def, text) {
    return request("parseImport", def, text == null ? "" : String(text));
  },
  /**
   * @param {object | string} def
   * @param {string} req JSON: {earlier: an answers file's text, answers: the current answers}
   */
  compare(def, req) {
    return request("compare", def, String(req));
  },
  /**
   * @param {object | string} def
   * @param {string} req JSON: {answers: {id: {value, plan}}, lang, today, labels}
   */
  plan(def, req) {
    return request("plan", def, String(req));
  },
  /**
   * @param {object | string} def
   * @param {string} req JSON: {files: [{label, text}], choices: {id: answer}, lang}
   */
  combine(def, req) {
    return request("combine", def, String(req));
  },
  /**
   * @param {string[]} ids the checklists the page knows
   * @param {string[]} texts the chosen files' texts
   */
  checklistOf(ids, texts) {
    return request("checklistOf", ids, JSON.stringify(texts));
  },
  scoreAhead: true, // false: every score() goes to the worker (to measure what scoring ahead saves)
  // How many results are remembered by scoring ahead (see scoreAhead), for tests and benchmarks.
  get scoredAhead() {
    return ahead.results.size;
  },
};

/** @param {string} [detail] what the state change is about (default: the error, if any) */
const emit = (detail) => {
  for (const cb of Array.from(listeners)) {
    try {
      cb(api.state, detail ?? api.error);
    } catch (err) {
      setTimeout(() => {
        throw err;
      });
    }
  }
};

/** @param {string} text */
function warn(text) {
  try {
    console.warn(text);
  } catch (_err) {
    /* no console */
  }
}

/** Reset the start deadline: called on every sign of progress (start.js, onMessage). */
function touch() {
  clearTimeout(startTimer);
  if (api.state !== "loading") return;
  // A step that only computes (starting Python, importing the engine): the longer allowance.
  const ms = RUNTIME.compute_steps.includes(api.step) ? DEADLINES.compute_idle_ms : DEADLINES.start_idle_ms;
  startTimer = setTimeout(() => fail(format(M.start_timeout, { seconds: ms / 1000, step: api.step })), ms);
}

/**
 * Start the engine (start.js: startEngine), as attempt number `attempt`.
 * @param {string} why "" for the page's own start, else what the state's detail says
 */
function begin(why) {
  attempt += 1;
  if (api.state !== "loading") {
    ready = newReady();
    api.state = "loading";
    api.error = "";
  }
  if (why) emit(why);
  api.step = M.step_bridge;
  touch();
  try {
    startEngine();
  } catch (err) {
    fail(err);
  }
}

/**
 * fail(), for a failure of the start numbered `mine`: ignored once a later start has begun.
 * @param {number} mine
 */
const failOf = (mine) => (/** @type {unknown} */ reason) => (mine === attempt ? fail(reason) : undefined);

/** @param {unknown} reason */
function fail(reason) {
  if (api.state === "error") return;
  const message = String(/** @type {any} */ (reason)?.message || reason || M.unknown_error);
  clearTimeout(startTimer);
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.reject(new Error(message));
    pending.delete(id);
  }
  if (worker) {
    worker.terminate();
    worker = null;
  }
  if (restarts < 1) {
    // Once: a worker that stopped answering (a pathological input, a start that hung) is ended
    // and a new one started; the widget scores its current answers again once it is ready.
    restarts += 1;
    api.restarted = message;
    warn(format(M.restarting, { message }));
    begin(format(M.restarting, { message }));
    return;
  }
  api.state = "error";
  api.error = message;
  rejectReady(new Error(message));
  warn(format(M.unavailable, { message }));
  emit();
}

/** @param {ReadyMessage} msg */
function becomeReady({ timings, milestones, resources }) {
  if (api.state !== "loading") return;
  clearTimeout(startTimer);
  api.timings = { ...timings, page: Math.round(performance.now() - t0) };
  // The start-up on the page's clock (ms since navigation): for the benchmark's split.
  /** @param {number} t */
  const rel = (t) => Math.round(t - performance.timeOrigin);
  /** @type {Record<string, unknown>} */
  const startup = { bridge: Math.round(t0), worker: Math.round(workerAt), ready: Math.round(performance.now()) };
  for (const [name, at] of Object.entries(milestones || {})) startup[name] = rel(at);
  startup.resources = (resources || []).map((r) => ({ ...r, start: rel(r.start), end: rel(r.end) }));
  api.startup = startup;
  if (api.snapshot === "loading") api.snapshot = "used";
  api.state = "ready";
  resolveReady(api);
  emit();
}

/**
 * @param {CallOp} op
 * @param {object | string} def
 * @param {string} arg
 * @returns {Promise<any>}
 */
function request(op, def, arg) {
  if (api.state === "error") return Promise.reject(new Error(api.error));
  const defJson = typeof def === "string" ? def : JSON.stringify(def);
  return ready.then(
    () =>
      new Promise((resolve, reject) => {
        if (!worker) {
          reject(new Error(api.error || M.not_running));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(format(M.call_timeout, { seconds: DEADLINES.call_ms / 1000 })));
          fail(format(M.stopped_answering, { op }));
        }, DEADLINES.call_ms);
        pending.set(id, { op, resolve, reject, timer, posted: performance.now() });
        /** @type {CallMessage} */
        const call = { type: "call", id, op, def: defJson, arg };
        worker.postMessage(call);
      }),
  );
}

/*
 * Where one call's time went (ms): page -> worker delivery, Python (string conversion, scoring,
 * JSON), worker -> page delivery (it waits while the page's main thread is busy, e.g. rendering
 * the click), and the page's JSON.parse; `posted`, `replied` and `arrived` are on the page's
 * clock. Worker times are epoch ms, made page-relative here; the benchmark reads
 * EconsecEngine.lastCall.
 */
/**
 * @param {number} posted
 * @param {number} arrived
 * @param {CallTimes | undefined} times
 */
function splitCall(posted, arrived, times) {
  /** @param {number} v */
  const round = (v) => Math.round(v * 100) / 100;
  /** @type {Record<string, number>} */
  const out = {
    posted: round(posted),
    arrived: round(arrived),
    total: round(performance.now() - posted),
    parse: round(performance.now() - arrived),
  };
  if (times) {
    /** @param {number} t */
    const rel = (t) => t - performance.timeOrigin;
    out.replied = round(rel(times.end));
    out.toWorker = round(rel(times.received) - posted);
    out.queued = round(times.start - times.received);
    out.python = round(times.end - times.start);
    out.toPage = round(arrived - rel(times.end));
  }
  return out;
}

/** @param {MessageEvent<WorkerToPage>} event */
function onMessage(event) {
  const msg = event.data;
  if (!msg) return;
  if (msg.type === "progress") {
    api.step = String(msg.step || api.step);
    touch();
  } else if (msg.type === "ready") {
    becomeReady(msg);
  } else if (msg.type === "error" && msg.snapshot && api.snapshot === "loading") {
    // The snapshot is only a speed-up: start again without it.
    api.snapshot = `fallback: ${msg.message}`;
    warn(format(M.snapshot_unused, { message: msg.message }));
    worker?.terminate();
    if (OFFLINE) startOffline(false).catch(failOf(attempt));
    else startHttp(false, false);
  } else if (msg.type === "error") {
    fail(format(M.runtime_failed, { message: msg.message }));
  } else if (msg.type === "result") {
    const p = pending.get(msg.id);
    if (!p) return;
    const arrived = performance.now();
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (!msg.ok) {
      p.reject(new Error(msg.message || M.engine_error));
      return;
    }
    try {
      p.resolve(JSON.parse(msg.value));
      if (p.op !== "scoreMany") api.lastCall = splitCall(p.posted, arrived, msg.times); // the page's own calls
    } catch (err) {
      p.reject(new Error(format(M.invalid_json, { message: /** @type {Error} */ (err).message })));
    }
  }
}
