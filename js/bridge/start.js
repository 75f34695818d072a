// @ts-check
/*
 * econsec engine bridge, part 3 (last): start the worker, over http(s) or from file://.
 *
 *   - http(s): the worker starts from its URL and loads the runtime by URL (assets/econsec/pyodide/,
 *     cached by the browser) and engine.zip in parallel. When the page names an engine snapshot
 *     (<meta name="econsec-snapshot">, econsec/build/snapshot.py), Pyodide restores that instead of
 *     starting Python afresh; if that fails in any way, a new worker starts the normal way.
 *   - file:// (offline bundle): Chromium blocks fetch, module imports and new Worker(url) there.
 *     This part injects classic scripts (assets/econsec/offline/*.js) that carry the runtime as
 *     globals, starts the worker from a data: URL and hands it the bytes (transferable buffers).
 *     The engine snapshot comes the same way (offline/snapshot.js), with the same key check and
 *     the same fallback as over http: a missing or bad one starts the worker again without it.
 *     WebKit also refuses every module import inside such a worker (blob: is cross-origin there,
 *     data: is refused by the CSP), so where a probe worker cannot import a blob: module, the same
 *     worker source runs in the page instead (startInPage): slower to start, same answers.
 * File names and folders come from RUNTIME (generated from econsec.build.runtime).
 */

// Where this script lives (assets/econsec/): from its own URL, else from the page's site root.
const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const base =
  script?.src
    ? new URL(".", script.src)
    : new URL(`${(meta("econsec-root") || ".").replace(/\/+$/, "") || "."}/assets/econsec/`, location.href);
const build = meta("econsec-build") || "";
/** @param {string} name */
const versioned = (name) => {
  const url = new URL(name, base);
  if (build) url.searchParams.set("v", build);
  return url.href;
};

/*
 * The browser's own Worker. On file:// Material's polyfill (iframe-worker, for search) replaces
 * window.Worker with an iframe imitation that cannot run module workers; a hidden, empty
 * same-origin iframe still has the native constructor (the worker lives as long as the iframe).
 */
/** @type {typeof Worker | null} */
let Native = null;
/** @returns {typeof Worker} */
function nativeWorker() {
  if (Native) return Native;
  /** @param {unknown} fn */
  const isNative = (fn) => typeof fn === "function" && /\[native code\]/.test(Function.prototype.toString.call(fn));
  if (isNative(window.Worker)) {
    Native = window.Worker;
    return Native;
  }
  const frame = document.createElement("iframe");
  frame.hidden = true;
  frame.title = "econsec engine";
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  (document.body || document.documentElement).appendChild(frame);
  const found = frame.contentWindow && /** @type {any} */ (frame.contentWindow).Worker;
  if (!isNative(found)) throw new Error(M.no_native_worker);
  Native = found;
  return found;
}

let workerAt = 0; // when the worker was created (performance.now())
/**
 * @param {string} url
 * @param {InitMessage} init
 * @returns {EngineEndpoint}
 */
function startWorker(url, init) {
  const NativeWorker = nativeWorker();
  workerAt = performance.now();
  const w = new NativeWorker(url, { type: "module", name: "econsec-engine" });
  w.addEventListener("message", onMessage);
  w.addEventListener("error", (e) => {
    e.preventDefault();
    fail(format(M.worker_failed, { message: e.message || M.worker_not_started }));
  });
  w.addEventListener("messageerror", () => fail(M.worker_unreadable));
  w.postMessage(init);
  return w;
}

// ---------------------------------------------------------------- http(s)
/**
 * @param {boolean} useSnapshot
 * @param {boolean} handOff
 */
function startHttp(useSnapshot, handOff) {
  api.step = M.step_worker;
  const indexURL = new URL(RUNTIME.pyodide_dir, base).href;
  const snapshot = useSnapshot
    ? {
        name: RUNTIME.snapshot_name,
        key: SNAPSHOT_KEY,
        url: new URL(format(RUNTIME.snapshot_path, { key: SNAPSHOT_KEY }), base).href,
      }
    : null;
  // A second start (after a failed snapshot) lets the worker fetch: the browser has the files.
  const handoff = handOff && canTransferStreams() ? [{ name: RUNTIME.handoff, url: indexURL + RUNTIME.handoff }] : [];
  if (snapshot && handoff.length) handoff.push({ name: snapshot.name, url: snapshot.url });
  const engineURL = versioned(RUNTIME.engine_zip);
  worker = startWorker(versioned(RUNTIME.worker_file), { type: "init", mode: "http", indexURL, engineURL, handoff, snapshot });
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
/** @param {{name: string, url: string}} file */
function handOver({ name, url }) {
  /** @param {ReadableStream<Uint8Array> | null} body */
  const send = (body) => {
    if (!worker) return;
    try {
      if (body) {
        /** @type {BodyMessage} */
        const message = { type: "body", name, body };
        worker.postMessage(message, [body]);
        return;
      }
    } catch (_err) {
      /* not transferable after all: the worker fetches the file itself */
    }
    /** @type {BodyMessage} */
    const none = { type: "body", name, body: null };
    worker.postMessage(none);
  };
  const mine = attempt;
  fetch(url).then(
    (response) => (mine === attempt ? send(response.ok ? response.body : null) : undefined),
    () => (mine === attempt ? send(null) : undefined),
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
/** @returns {Record<string, OfflineEntry | undefined>} */
const store = () => {
  const page = /** @type {any} */ (window);
  page[RUNTIME.offline_global] = page[RUNTIME.offline_global] || {};
  return page[RUNTIME.offline_global];
};

/**
 * @param {string} name
 * @returns {Promise<OfflineEntry>}
 */
function loadOfflineScript(name) {
  const path = RUNTIME.offline_scripts[name];
  return new Promise((resolve, reject) => {
    const known = store()[name];
    if (known) {
      resolve(known);
      return;
    }
    const node = document.createElement("script");
    node.src = new URL(path, base).href;
    node.async = true;
    node.addEventListener("load", () => {
      const entry = store()[name];
      node.remove();
      touch(); // progress: a file arrived
      if (entry) resolve(entry);
      else reject(new Error(format(M.offline_undefined, { script: path })));
    });
    node.addEventListener("error", () => reject(new Error(format(M.offline_missing, { script: path }))));
    document.head.appendChild(node);
  });
}

/** @param {string} text */
function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** @param {boolean} useSnapshot start from offline/snapshot.js (econsec/build/snapshot.py) */
function startOffline(useSnapshot) {
  const runtime = RUNTIME.offline_files;
  const names = useSnapshot ? [...runtime, RUNTIME.snapshot_name] : runtime;
  api.step = M.step_offline;
  // Every download starts at once, the worker's own source first: requested last, it was
  // parsed after the 13 MB of runtime and the worker started 0.3 s later (profile, README).
  const source = loadOfflineScript(RUNTIME.worker_file);
  const files = names.map((name) => loadOfflineScript(name));
  const mine = attempt;
  // The first missing runtime file stops the start; a missing snapshot only the snapshot (below).
  for (const file of files.slice(0, runtime.length)) file.catch(failOf(mine));
  for (const file of files.slice(runtime.length)) file.catch(() => {}); // handled once the worker runs
  const inWorker = workerImportsModules(); // answered while the runtime downloads
  return Promise.all([source, inWorker]).then(([entry, canWorker]) => {
    delete store()[RUNTIME.worker_file];
    if (api.state !== "loading" || mine !== attempt) return;
    const indexURL = new URL(RUNTIME.pyodide_dir, base).href;
    const snapshot = useSnapshot ? { name: RUNTIME.snapshot_name, key: SNAPSHOT_KEY, url: "" } : null;
    /** @type {InitMessage} */
    const init = { type: "init", mode: "offline", indexURL, names, snapshot };
    if (canWorker) {
      api.step = M.step_worker;
      worker = startWorker(`data:text/javascript;charset=utf-8,${encodeURIComponent(entry.data)}`, init);
    } else {
      api.step = M.step_in_page;
      api.context = "page";
      worker = startInPage(entry.data, init);
    }
    names.forEach((name, i) => {
      files[i].then(
        (file) => {
          delete store()[name];
          if (!worker || mine !== attempt) return;
          const buffer = /** @type {ArrayBuffer} */ (decodeBase64(file.data).buffer);
          /** @type {FileMessage} */
          const message = { type: "file", name, gzip: file.encoding === "gzip+base64", buffer, key: file.key, xor: file.xor };
          worker.postMessage(message, [buffer]);
        },
        (err) => {
          // The runtime's files: reported above. The snapshot: the worker fails its restore,
          // and the page starts again without it (api.js).
          if (!worker || mine !== attempt || name !== RUNTIME.snapshot_name) return;
          /** @type {FileMessage} */
          const message = { type: "file", name, gzip: false, buffer: new ArrayBuffer(0), error: String(err?.message || err) };
          worker.postMessage(message);
        },
      );
    });
  });
}

/** @type {Promise<boolean> | null} asked once per page (a restart does not ask again) */
let importsModules = null;
/**
 * Whether a module worker opened from a data: URL may import a blob: module, as the worker must
 * for Pyodide's two ES modules. Chromium and Firefox: yes. WebKit from file://: no.
 * @returns {Promise<boolean>}
 */
function workerImportsModules() {
  importsModules = importsModules || probeModuleImport();
  return importsModules;
}

/** @returns {Promise<boolean>} */
function probeModuleImport() {
  const code =
    'import(URL.createObjectURL(new Blob([""], {type: "text/javascript"}))).then(() => postMessage(true), () => postMessage(false));';
  return new Promise((resolve) => {
    /** @type {Worker} */
    let probe;
    try {
      probe = new (nativeWorker())(`data:text/javascript;charset=utf-8,${encodeURIComponent(code)}`, { type: "module" });
    } catch (_err) {
      resolve(true); // the real start will report what fails
      return;
    }
    /** @param {boolean} ok */
    const done = (ok) => {
      probe.terminate();
      resolve(ok);
    };
    probe.addEventListener("message", (event) => done(event.data === true));
    probe.addEventListener("error", (event) => {
      event.preventDefault();
      done(true); // no worker at all: the real start reports it
    });
  });
}

/**
 * The engine in the page: the worker's source runs as a classic script (from a blob: URL, which
 * the page's CSP allows) and talks through a port (RUNTIME.in_page_port) with the same messages,
 * delivered asynchronously as a worker's are. Python then runs on the page's own thread: the page
 * is busy while the runtime starts, and each call holds it for the call's few milliseconds.
 * @param {string} source the worker's source
 * @param {InitMessage} init
 * @returns {EngineEndpoint}
 */
function startInPage(source, init) {
  /** @type {((event: MessageEvent<PageToWorker>) => void) | null} */
  let toEngine = null;
  let running = true;
  /** @type {PageToWorker[]} */
  const queued = [];
  /** @param {PageToWorker} msg */
  const send = (msg) =>
    setTimeout(() => {
      if (running && toEngine) toEngine(new MessageEvent("message", { data: msg }));
    });
  /** @type {EnginePort} */
  const port = {
    postMessage: (msg) =>
      setTimeout(() => {
        if (running) onMessage(new MessageEvent("message", { data: msg }));
      }),
    get onmessage() {
      return toEngine;
    },
    set onmessage(fn) {
      toEngine = fn;
    },
  };
  /** @type {any} */ (window)[RUNTIME.in_page_port] = port;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const node = document.createElement("script");
  node.src = url;
  node.addEventListener("load", () => {
    URL.revokeObjectURL(url);
    node.remove();
    for (const msg of queued.splice(0)) send(msg);
  });
  node.addEventListener("error", () => fail(format(M.worker_failed, { message: M.worker_not_started })));
  workerAt = performance.now();
  document.head.appendChild(node);
  /** @type {EngineEndpoint} */
  const endpoint = {
    postMessage(msg) {
      if (toEngine) send(msg);
      else queued.push(msg);
    },
    terminate() {
      running = false; // Python cannot be stopped mid-call here; it is no longer listened to
      toEngine = null;
    },
  };
  endpoint.postMessage(init);
  return endpoint;
}

// ---------------------------------------------------------------- start at once
/** One start (the page's own, a restart, a retry): api.js begin() calls it. */
function startEngine() {
  if (OFFLINE) {
    startOffline(SNAPSHOT_KEY !== "" && !api.snapshot.startsWith("fallback")).catch(failOf(attempt));
  } else {
    startHttp(SNAPSHOT_KEY !== "" && !api.snapshot.startsWith("fallback"), true);
  }
}

if (!window.EconsecEngine) {
  window.EconsecEngine = api;
  begin("");
}
