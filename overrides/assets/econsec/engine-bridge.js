/*
 * econsec engine bridge: window.EconsecEngine (contract in ARCHITECTURE.md).
 *
 *   EconsecEngine.state            "loading" | "ready" | "error"
 *   EconsecEngine.ready            Promise: resolves when ready, rejects (Error) on failure
 *   EconsecEngine.onState(cb)      cb(state, detail) on every change; returns an unsubscribe
 *   EconsecEngine.score(def, answers)      -> Promise<result>   (econsec.engine.bridge.score_json)
 *   EconsecEngine.parseImport(def, text)   -> Promise<import result> (parse_import_json)
 *   EconsecEngine.error            why it failed (string), else ""
 *   EconsecEngine.lastCall         where the latest call's time went (splitCall), {cached: true}
 *                                  when score() answered from the results scored ahead
 *   EconsecEngine.startup          start-up milestones, ms since navigation (becomeReady)
 *   EconsecEngine.scoredAhead      how many results are remembered (scoreAhead)
 *   EconsecEngine.scoreAhead       true; false turns scoring ahead off (for measurements)
 *   EconsecEngine.snapshot         "none" | "none: save-data" | "loading" | "used" | "fallback: <why>"
 *
 * A classic script, loaded by the widget (checklist.js) as early as possible; it starts at once.
 * Pyodide runs in a module worker (engine-worker.js), so the page never waits for it:
 *   - http(s): the worker starts from its URL and loads the runtime by URL (assets/econsec/pyodide/,
 *     cached by the browser) and engine.zip in parallel. When the page names an engine snapshot
 *     (<meta name="econsec-snapshot">, econsec/snapshot.py), Pyodide restores that instead of
 *     starting Python afresh; if that fails in any way, a new worker starts the normal way.
 *   - file:// (offline bundle): Chromium blocks fetch, module imports and new Worker(url) there.
 *     This script injects classic scripts (assets/econsec/offline/*.js) that carry the runtime as
 *     globals, starts the worker from a data: URL and hands it the bytes (transferable buffers).
 * Any failure (or no answer within START_TIMEOUT_MS) turns the state into "error"; pending and
 * later calls reject with an Error saying why. Nothing here talks to anything but the site's files.
 */
(() => {
  "use strict";

  if (window.EconsecEngine) return;

  const START_TIMEOUT_MS = 60000;
  const CALL_TIMEOUT_MS = 30000;
  // In the order the worker needs them (the browser parses the wrappers in the order requested).
  const OFFLINE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide-lock.json",
    "python_stdlib.zip",
    "engine.zip",
  ];
  const OFFLINE_GLOBAL = "__econsecOffline";
  // Over http, the runtime file the page fetches for the worker: see handOver().
  const HANDOFF = "pyodide.asm.wasm";
  // The name under which the page hands the engine snapshot's body to the worker (handOver).
  const SNAPSHOT_NAME = "snapshot";

  const meta = (name) => {
    const el = document.querySelector(`meta[name="${name}"]`);
    return el ? el.getAttribute("content") : null;
  };
  // Where this script lives (assets/econsec/): from its own URL, else from the page's site root.
  const script = document.currentScript;
  const base =
    script && script.src
      ? new URL(".", script.src)
      : new URL(`${(meta("econsec-root") || ".").replace(/\/+$/, "") || "."}/assets/econsec/`, location.href);
  const build = meta("econsec-build") || "";
  const versioned = (name) => {
    const url = new URL(name, base);
    if (build) url.searchParams.set("v", build);
    return url.href;
  };
  const OFFLINE = location.protocol === "file:";
  // The snapshot costs 6.3 MB more on a first visit: measured, that is slower below about
  // 10 Mbit/s (bench/network.py). The browser's own bandwidth estimate is no guide (headless
  // Chromium says 1.5 Mbit/s on localhost), but a user who asks to save data gets the smaller start.
  const SAVE_DATA = Boolean(navigator.connection && navigator.connection.saveData);
  const SNAPSHOT_KEY = OFFLINE || SAVE_DATA ? "" : meta("econsec-snapshot") || "";
  const t0 = performance.now();

  const listeners = new Set();
  const pending = new Map(); // id -> {resolve, reject, timer}
  let nextId = 1;
  let worker = null;
  let startTimer = null;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // a failure is reported through state; no "unhandled rejection" noise

  const api = {
    state: "loading",
    error: "",
    mode: OFFLINE ? "file" : "http",
    step: "load engine-bridge.js", // the start-up step in progress (for the timeout message)
    timings: {},
    lastCall: null, // the split of the latest call (splitCall)
    startup: null, // when each start-up step ended (becomeReady)
    snapshot: SNAPSHOT_KEY ? "loading" : SAVE_DATA && meta("econsec-snapshot") ? "none: save-data" : "none",
    ready,
    onState(cb) {
      if (typeof cb !== "function") return () => {};
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
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
    parseImport(def, text) {
      return request("parseImport", def, text == null ? "" : String(text));
    },
    scoreAhead: true, // false: every score() goes to the worker (to measure what scoring ahead saves)
    // How many results are remembered by scoring ahead (see scoreAhead), for tests and benchmarks.
    get scoredAhead() {
      return ahead.results.size;
    },
  };

  const emit = () => {
    for (const cb of Array.from(listeners)) {
      try {
        cb(api.state, api.error);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    }
  };

  function fail(reason) {
    if (api.state === "error") return;
    const message = String((reason && reason.message) || reason || "unknown error");
    clearTimeout(startTimer);
    api.state = "error";
    api.error = message;
    rejectReady(new Error(message));
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(message));
      pending.delete(id);
    }
    if (worker) {
      worker.terminate();
      worker = null;
    }
    try {
      console.warn(`econsec: scoring engine unavailable: ${message}`);
    } catch (_err) {
      /* no console */
    }
    emit();
  }

  function becomeReady(timings, milestones, resources) {
    if (api.state !== "loading") return;
    clearTimeout(startTimer);
    api.timings = { ...timings, page: Math.round(performance.now() - t0) };
    // The start-up on the page's clock (ms since navigation): for the benchmark's split.
    const rel = (t) => Math.round(t - performance.timeOrigin);
    api.startup = { bridge: Math.round(t0), worker: Math.round(workerAt), ready: Math.round(performance.now()) };
    for (const [name, at] of Object.entries(milestones || {})) api.startup[name] = rel(at);
    api.startup.resources = (resources || []).map((r) => ({ ...r, start: rel(r.start), end: rel(r.end) }));
    if (api.snapshot === "loading") api.snapshot = "used";
    api.state = "ready";
    resolveReady(api);
    emit();
  }

  /*
   * Scoring ahead (re-score latency). A click's own frame (style, layout and paint of this long
   * page, 10-15 ms on a busy 2-core machine) starts 1-3 ms after the input, before the worker can
   * answer, and the page handles the worker's reply only after that frame: measured, that wait
   * was most of a re-score. So after each score the worker also scores, in small batches while it
   * is otherwise idle, every answer set one change away (each item given each other answer), and
   * score() answers those from memory at once: the widget then renders the new score in the
   * click's own frame. A remembered result is what the engine returned for exactly that
   * definition and those answers (keys in a fixed order), so it is never a guess.
   */
  const AHEAD_BATCH = 8; // answer sets per worker call: a real call never waits behind many
  const AHEAD_LIMIT = 2000; // remembered results (about 1 KB each), oldest dropped first
  const ahead = {
    defJson: "",
    def: null,
    results: new Map(), // canonical answers JSON -> result JSON
    base: null, // the answers whose neighbours are being scored
    run: 0,
    get(defJson, key) {
      return defJson === this.defJson ? this.results.get(key) : undefined;
    },
    put(key, value) {
      this.results.delete(key);
      this.results.set(key, value);
      if (this.results.size > AHEAD_LIMIT) this.results.delete(this.results.keys().next().value);
    },
  };

  function canonical(answers) {
    return JSON.stringify(
      Object.keys(answers)
        .sort()
        .map((id) => [id, answers[id]]),
    );
  }

  function neighbours(def, answers) {
    const values = Array.isArray(def.answers) ? def.answers.filter((v) => typeof v === "string") : [];
    const out = [];
    for (const item of Array.isArray(def.items) ? def.items : []) {
      const id = item && item.id;
      if (typeof id !== "string") continue;
      const current = answers[id];
      const now = current && typeof current === "object" ? current.value : current;
      for (const value of values) {
        if (value === now) continue;
        const next = current && typeof current === "object" ? { ...current, value } : value;
        const set = { ...answers, [id]: next };
        out.push({ set, key: canonical(set) });
      }
    }
    return out;
  }

  function scoreAhead(defJson, answers, key) {
    if (api.state !== "ready" || !api.scoreAhead) return;
    if (ahead.defJson !== defJson) {
      let def;
      try {
        def = JSON.parse(defJson);
      } catch (_err) {
        return;
      }
      Object.assign(ahead, { defJson, def, results: new Map(), base: null });
    }
    if (ahead.base === key) return; // already scored (or being scored) from these answers
    ahead.base = key;
    const run = ++ahead.run; // a newer answer set stops this one's remaining batches
    const todo = neighbours(ahead.def, answers).filter((n) => !ahead.results.has(n.key));
    const next = () => {
      if (run !== ahead.run || api.state !== "ready" || !todo.length) return;
      const batch = todo.splice(0, AHEAD_BATCH);
      request("scoreMany", defJson, JSON.stringify(batch.map((n) => n.set))).then((results) => {
        if (ahead.defJson !== defJson || !Array.isArray(results)) return;
        batch.forEach((n, i) => {
          if (results[i] && typeof results[i] === "object") ahead.put(n.key, JSON.stringify(results[i]));
        });
        next();
      }, () => {});
    };
    next();
  }

  function request(op, def, arg) {
    if (api.state === "error") return Promise.reject(new Error(api.error));
    const defJson = typeof def === "string" ? def : JSON.stringify(def);
    return ready.then(
      () =>
        new Promise((resolve, reject) => {
          if (!worker) {
            reject(new Error(api.error || "the engine is not running"));
            return;
          }
          const id = nextId++;
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`no answer from the engine within ${CALL_TIMEOUT_MS / 1000} s`));
            fail(`the engine stopped answering (${op})`);
          }, CALL_TIMEOUT_MS);
          pending.set(id, { op, resolve, reject, timer, posted: performance.now() });
          worker.postMessage({ type: "call", id, op, def: defJson, arg });
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
  function splitCall(posted, arrived, times) {
    const round = (v) => Math.round(v * 100) / 100;
    const out = {
      posted: round(posted),
      arrived: round(arrived),
      total: round(performance.now() - posted),
      parse: round(performance.now() - arrived),
    };
    if (times) {
      const rel = (t) => t - performance.timeOrigin;
      out.replied = round(rel(times.end));
      out.toWorker = round(rel(times.received) - posted);
      out.queued = round(times.start - times.received);
      out.python = round(times.end - times.start);
      out.toPage = round(arrived - rel(times.end));
    }
    return out;
  }

  function onMessage(event) {
    const msg = event.data || {};
    if (msg.type === "progress") {
      api.step = String(msg.step || "");
    } else if (msg.type === "ready") {
      becomeReady(msg.timings || {}, msg.milestones, msg.resources);
    } else if (msg.type === "error" && msg.snapshot && api.snapshot === "loading") {
      // The snapshot is only a speed-up: start again without it.
      api.snapshot = `fallback: ${msg.message}`;
      try {
        console.warn(`econsec: the engine snapshot was not used (${msg.message}); starting normally`);
      } catch (_err) {
        /* no console */
      }
      worker.terminate();
      startHttp(false, false);
    } else if (msg.type === "error") {
      fail(`the Python runtime could not start: ${msg.message}`);
    } else if (msg.type === "result") {
      const p = pending.get(msg.id);
      if (!p) return;
      const arrived = performance.now();
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (!msg.ok) {
        p.reject(new Error(msg.message || "engine error"));
        return;
      }
      try {
        p.resolve(JSON.parse(msg.value));
        if (p.op !== "scoreMany") api.lastCall = splitCall(p.posted, arrived, msg.times); // the page's own calls
      } catch (err) {
        p.reject(new Error(`the engine returned invalid JSON: ${err.message}`));
      }
    }
  }

  /*
   * The browser's own Worker. On file:// Material's polyfill (iframe-worker, for search) replaces
   * window.Worker with an iframe imitation that cannot run module workers; a hidden, empty
   * same-origin iframe still has the native constructor (the worker lives as long as the iframe).
   */
  function nativeWorker() {
    const isNative = (fn) => typeof fn === "function" && /\[native code\]/.test(Function.prototype.toString.call(fn));
    if (isNative(window.Worker)) return window.Worker;
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "econsec engine";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    (document.body || document.documentElement).appendChild(frame);
    const Native = frame.contentWindow && frame.contentWindow.Worker;
    if (!isNative(Native)) throw new Error("this browser offers no native Web Worker here");
    return Native;
  }

  let workerAt = 0; // when the worker was created (performance.now())
  function startWorker(url) {
    const NativeWorker = nativeWorker();
    workerAt = performance.now();
    const w = new NativeWorker(url, { type: "module", name: "econsec-engine" });
    w.addEventListener("message", onMessage);
    w.addEventListener("error", (e) => {
      e.preventDefault();
      fail(`the engine worker failed: ${e.message || "it could not be started"}`);
    });
    w.addEventListener("messageerror", () => fail("the engine worker sent an unreadable message"));
    return w;
  }

  // ---------------------------------------------------------------- http(s)
  function startHttp(useSnapshot, handOff) {
    api.step = "start the worker";
    worker = startWorker(versioned("engine-worker.js"));
    const indexURL = new URL("pyodide/", base).href;
    const snapshot = useSnapshot
      ? { name: SNAPSHOT_NAME, key: SNAPSHOT_KEY, url: new URL(`snapshot/${SNAPSHOT_KEY}.bin.gz`, base).href }
      : null;
    // A second start (after a failed snapshot) lets the worker fetch: the browser has the files.
    const handoff = handOff && canTransferStreams() ? [{ name: HANDOFF, url: indexURL + HANDOFF }] : [];
    if (snapshot && handoff.length) handoff.push({ name: snapshot.name, url: snapshot.url });
    worker.postMessage({ type: "init", mode: "http", indexURL, engineURL: versioned("engine.zip"), handoff, snapshot });
    handoff.forEach(handOver);
  }

  /*
   * The worker asks for the wasm only once its own script has arrived and run and the loader has
   * been imported (about 0.5-1 s after this point on a busy 2-core machine), while the page's own
   * request could start now. So the page fetches it and hands the response body over as a stream:
   * the worker compiles while it downloads (streaming instantiation), with one request only. The
   * worker falls back to its own request when no body comes (failure: its request reports it).
   * The engine snapshot, when there is one, is handed over the same way.
   */
  function handOver({ name, url }) {
    const send = (body) => {
      if (!worker) return;
      try {
        if (body) {
          worker.postMessage({ type: "body", name, body }, [body]);
          return;
        }
      } catch (_err) {
        /* not transferable after all: the worker fetches the file itself */
      }
      worker.postMessage({ type: "body", name, body: null });
    };
    fetch(url).then(
      (response) => send(response.ok ? response.body : null),
      () => send(null),
    );
  }

  function canTransferStreams() {
    try {
      const stream = new ReadableStream();
      const channel = new MessageChannel();
      channel.port1.postMessage(stream, [stream]);
      channel.port1.close();
      channel.port2.close();
      return true;
    } catch (_err) {
      return false; // e.g. Safari: the worker fetches the file itself
    }
  }

  // ---------------------------------------------------------------- file:// (offline bundle)
  const store = () => (window[OFFLINE_GLOBAL] = window[OFFLINE_GLOBAL] || {});

  function loadOfflineScript(name) {
    return new Promise((resolve, reject) => {
      if (store()[name]) {
        resolve(store()[name]);
        return;
      }
      const el = document.createElement("script");
      el.src = new URL(`offline/${name}.js`, base).href;
      el.async = true;
      el.addEventListener("load", () => {
        const entry = store()[name];
        el.remove();
        if (entry) resolve(entry);
        else reject(new Error(`offline/${name}.js did not define the file`));
      });
      el.addEventListener("error", () =>
        reject(new Error(`offline/${name}.js could not be loaded (is the bundle complete?)`)),
      );
      document.head.appendChild(el);
    });
  }

  function decodeBase64(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function startOffline() {
    const names = OFFLINE_FILES;
    api.step = "load the offline runtime scripts";
    // Every download starts at once, the worker's own source first: requested last, it was
    // parsed after the 13 MB of runtime and the worker started 0.3 s later (profile, README).
    const source = loadOfflineScript("engine-worker.js");
    const files = names.map((name) => loadOfflineScript(name));
    for (const file of files) file.catch(fail); // the first missing file stops the start
    return source.then((entry) => {
      delete store()["engine-worker.js"];
      if (api.state !== "loading") return;
      api.step = "start the worker";
      worker = startWorker(`data:text/javascript;charset=utf-8,${encodeURIComponent(entry.data)}`);
      worker.postMessage({ type: "init", mode: "offline", indexURL: new URL("pyodide/", base).href, names });
      names.forEach((name, i) => {
        files[i].then(
          (file) => {
            delete store()[name];
            if (!worker) return;
            const bytes = decodeBase64(file.data);
            const gzip = file.encoding === "gzip+base64";
            worker.postMessage({ type: "file", name, gzip, buffer: bytes.buffer }, [bytes.buffer]);
          },
          () => {}, // reported above
        );
      });
    });
  }

  // ---------------------------------------------------------------- start at once
  window.EconsecEngine = api;
  startTimer = setTimeout(
    () => fail(`the engine did not start within ${START_TIMEOUT_MS / 1000} s (last step: ${api.step})`),
    START_TIMEOUT_MS,
  );
  try {
    if (OFFLINE) startOffline().catch(fail);
    else startHttp(Boolean(SNAPSHOT_KEY), true);
  } catch (err) {
    fail(err);
  }
})();
