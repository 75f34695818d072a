/*
 * econsec engine bridge: window.EconsecEngine (contract in ARCHITECTURE.md).
 *
 *   EconsecEngine.state            "loading" | "ready" | "error"
 *   EconsecEngine.ready            Promise: resolves when ready, rejects (Error) on failure
 *   EconsecEngine.onState(cb)      cb(state, detail) on every change; returns an unsubscribe
 *   EconsecEngine.score(def, answers)      -> Promise<result>   (econsec.engine.bridge.score_json)
 *   EconsecEngine.parseImport(def, text)   -> Promise<import result> (parse_import_json)
 *   EconsecEngine.error            why it failed (string), else ""
 *
 * A classic script, loaded by the widget (checklist.js) as early as possible; it starts at once.
 * Pyodide runs in a module worker (engine-worker.js), so the page never waits for it:
 *   - http(s): the worker starts from its URL and loads the runtime by URL (assets/econsec/pyodide/,
 *     cached by the browser) and engine.zip in parallel.
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
  const OFFLINE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide-lock.json",
    "engine.zip",
    "python_stdlib.zip",
    "pyodide.asm.wasm",
  ];
  const OFFLINE_GLOBAL = "__econsecOffline";

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
    ready,
    onState(cb) {
      if (typeof cb !== "function") return () => {};
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    score(def, answers) {
      return request("score", def, JSON.stringify(answers || {}));
    },
    parseImport(def, text) {
      return request("parseImport", def, text == null ? "" : String(text));
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

  function becomeReady(timings) {
    if (api.state !== "loading") return;
    clearTimeout(startTimer);
    api.timings = { ...timings, page: Math.round(performance.now() - t0) };
    api.state = "ready";
    resolveReady(api);
    emit();
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
          pending.set(id, { resolve, reject, timer });
          worker.postMessage({ type: "call", id, op, def: defJson, arg });
        }),
    );
  }

  function onMessage(event) {
    const msg = event.data || {};
    if (msg.type === "progress") {
      api.step = String(msg.step || "");
    } else if (msg.type === "ready") {
      becomeReady(msg.timings || {});
    } else if (msg.type === "error") {
      fail(`the Python runtime could not start: ${msg.message}`);
    } else if (msg.type === "result") {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (!msg.ok) {
        p.reject(new Error(msg.message || "engine error"));
        return;
      }
      try {
        p.resolve(JSON.parse(msg.value));
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

  function startWorker(url) {
    const NativeWorker = nativeWorker();
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
  function startHttp() {
    api.step = "start the worker";
    worker = startWorker(versioned("engine-worker.js"));
    worker.postMessage({
      type: "init",
      mode: "http",
      indexURL: new URL("pyodide/", base).href,
      engineURL: versioned("engine.zip"),
    });
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
    // Start every download at once; the worker starts as soon as its own source is here.
    const files = names.map((name) => loadOfflineScript(name));
    for (const file of files) file.catch(fail); // the first missing file stops the start
    return loadOfflineScript("engine-worker.js").then((entry) => {
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
    else startHttp();
  } catch (err) {
    fail(err);
  }
})();
