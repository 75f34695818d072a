// @ts-check
/// <reference lib="webworker" />
/*
 * econsec engine worker, part 3: Pyodide (core runtime only) + the econsec.engine package.
 *
 * A module worker started by engine-bridge.js. The same source runs in both modes:
 *   - "http": started from its URL; imports the Pyodide loader from indexURL and lets it load the
 *     runtime files by URL (the browser caches them); fetches engine.zip in parallel.
 *   - "offline" (file://): started from a data: URL; receives every runtime file by postMessage
 *     ("file" messages, transferable ArrayBuffers, gzip-compressed where marked), answers
 *     Pyodide's fetches of those names from memory and imports the two ES modules from blob: URLs.
 *
 * In the page (WebKit from file://, js/bridge/start.js): the same source runs as a classic script in
 * the page, because WebKit refuses module imports in a worker opened from file://; it then talks
 * through the port the page set up (RUNTIME.in_page_port) instead of the worker's own scope.
 *
 * With init.snapshot ({name, key, url}) Pyodide restores the engine's memory snapshot
 * (econsec/build/snapshot.py; offline it arrives as a "file" message, stored as a delta that
 * undeltaOnRestore undoes) instead of starting Python and importing the engine; any failure on
 * that path is reported with `snapshot: true`, and the page then starts a new worker without it.
 *
 * The messages (PageToWorker, WorkerToPage) are typed in js/types/engine.d.ts and checked by tsc.
 * The build writes RUNTIME (file names, ENGINE_DIR, the engine's entry points and the diagnostic
 * messages, all from Python: econsec.build.runtime) and js/common/format.js before this file.
 */

const M = RUNTIME.messages;
const DEADLINES = RUNTIME.deadlines;
/** @type {Record<string, (def: string, arg: string) => string> | null} the engine's entry points, once ready */
let bridge = null;
/** @type {CallMessage[]} calls that arrived before ready (the page normally waits, but be safe) */
const queued = [];
/** @type {EnginePort} a worker's own scope, or the page's port (see above) */
const port = /** @type {any} */ (self)[RUNTIME.in_page_port] || self;
/** @param {WorkerToPage} msg */
const post = (msg) => port.postMessage(msg);
const t0 = performance.now();
// Epoch milliseconds (sub-ms), comparable with the page's performance.timeOrigin + now().
const epoch = () => performance.timeOrigin + performance.now();
// When each start-up step ended (epoch ms), for the page's EconsecEngine.startup.
/** @type {Milestones} */
const milestones = { workerScript: epoch() };

/** @param {any} err */
const describe = (err) => {
  if (!err) return M.unknown_error;
  const text = String(err.message || err);
  // A Python traceback: keep its last line ("ValueError: …").
  const lines = text.trim().split("\n").filter((l) => l.trim());
  return lines.length > 1 && /Traceback/.test(text) ? lines[lines.length - 1].trim() : text;
};


/*
 * Pyodide's fetches of its own files (indexURL + name). Offline: answered from memory, and only
 * for the files received. Over http: passed on, but a failed one stops the start at once (Pyodide
 * itself only logs a failed wasm download and then waits forever).
 */
/** @type {(err: Error) => void} rejects the start: Promise.race in boot() */
let fatal = () => {};
/** @type {Promise<never>} */
const fatalError = new Promise((_resolve, reject) => {
  fatal = reject;
});
fatalError.catch(() => {});

/*
 * Over http, runtime files whose response is already on its way (name -> Promise<Response>), used
 * once by Pyodide's fetch: the two it needs first, requested at init rather than after the loader
 * import, and the files named in init.handoff, whose body the page sends ("body": a stream).
 */
/** @type {Map<string, Promise<Response>>} */
const early = new Map();
/** @type {Map<string, (body: ReadableStream<Uint8Array> | null) => void>} */
const handoffs = new Map();

/**
 * @param {string} name
 * @param {string} url
 * @param {typeof fetch} realFetch
 */
function expectBody(name, url, realFetch) {
  early.set(
    name,
    /** @type {Promise<ReadableStream<Uint8Array> | null>} */ (new Promise((resolve) => handoffs.set(name, resolve))).then((body) =>
      body
        ? new Response(body, { status: 200, headers: { "Content-Type": contentType(name) } })
        : realFetch(url),
    ),
  );
}

/**
 * @param {string} indexURL
 * @param {boolean} offline
 * @param {InitMessage["handoff"]} handoff
 */
function installFetch(indexURL, offline, handoff) {
  const realFetch = self.fetch.bind(self);
  if (!offline) {
    for (const name of RUNTIME.early_files) {
      const response = realFetch(indexURL + name);
      response.catch(() => {}); // reported when Pyodide asks for it
      early.set(name, response);
    }
    for (const { name, url } of handoff || []) expectBody(name, url, realFetch);
  }
  /** @type {typeof fetch} */
  self.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url?.startsWith(indexURL)) return realFetch(input, init);
    const name = url.slice(indexURL.length).split(/[?#]/)[0];
    const started = early.get(name);
    early.delete(name);
    if (offline) {
      if (!files.has(name)) {
        fatal(new Error(format(M.offline_no_file, { name })));
        return Promise.reject(new TypeError(format(M.offline_no_file, { name })));
      }
      return received(name).then(
        (msg) => new Response(unpacked(msg), { status: 200, headers: { "Content-Type": contentType(name) } }),
        (err) => {
          fatal(err);
          throw err;
        },
      );
    }
    return (started || realFetch(input, init)).then(
      (response) => {
        if (!response.ok) fatal(new Error(format(M.file_http, { name, status: response.status })));
        return watchedResponse(response, name);
      },
      (err) => {
        fatal(new Error(format(M.file_failed, { name, reason: describe(err) })));
        throw err;
      },
    );
  };
}

/* Pyodide also only logs a failed wasm instantiation (then waits forever): make that fatal too. */
const realInstantiateStreaming = WebAssembly.instantiateStreaming;
/** @type {typeof WebAssembly.instantiateStreaming} */
WebAssembly.instantiateStreaming = function instantiateStreaming(...args) {
  return realInstantiateStreaming.apply(this, args).then(
    (result) => {
      step(M.step_python); // compiled: from here Python starts, computing without progress
      return result;
    },
    (err) => {
      fatal(new Error(format(M.wasm_failed, { reason: describe(err) })));
      throw err;
    },
  );
};

let currentStep = "";
/** @param {string} name */
const step = (name) => {
  currentStep = name;
  post({ type: "progress", step: name });
};
let lastProgress = 0;
/** Bytes arrived: the page's start deadline counts inactivity, so say so (at most every 250 ms). */
function progressed() {
  const now = performance.now();
  if (now - lastProgress < 250) return;
  lastProgress = now;
  post({ type: "progress", step: currentStep });
}


/** @param {string} url */
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(format(M.url_http, { url, status: response.status }));
  return new Uint8Array(await watchedResponse(response, url.split("/").pop() || url).arrayBuffer());
}

/* The snapshot's bytes: the body the page handed over (else our own request), gunzipped. */
/** @param {NonNullable<InitMessage["snapshot"]>} snapshot */
async function snapshotBytes(snapshot) {
  const handed = early.get(snapshot.name);
  early.delete(snapshot.name);
  // Only a speed-up: a download that stalls (no answer, or no data for a while) is given up, and
  // the page starts the engine the normal way.
  const idle = DEADLINES.snapshot_idle_ms;
  const stalled = format(M.stalled, { what: snapshot.name, seconds: idle / 1000 });
  const response = await withDeadline(handed || fetch(snapshot.url), idle, stalled);
  if (!response.ok) throw new Error(format(M.snapshot_http, { status: response.status }));
  let bytes;
  try {
    const body = /** @type {ReadableStream<Uint8Array<ArrayBuffer>>} */ (
      watched(/** @type {ReadableStream<Uint8Array>} */ (response.body), snapshot.name, idle)
    );
    bytes = await new Response(body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  } catch (err) {
    throw new Error(format(M.snapshot_unreadable, { reason: describe(err) }));
  }
  milestones.snapshot = epoch();
  return new Uint8Array(bytes);
}

/**
 * The offline snapshot stores a span of its static data XORed with the memory as it is just
 * before Pyodide restores it (econsec/build/snapshot_delta.py): undo that in the same place,
 * once the memory's CRC-32 there shows it is the memory the build saw (else: fall back).
 * @param {any} module Pyodide's Emscripten module, instantiated, not yet restored
 * @param {() => SnapshotDelta | undefined} deltaOf
 */
function undeltaOnRestore(module, deltaOf) {
  const restore = module.API.restoreSnapshot;
  /** @param {Uint8Array} bytes */
  module.API.restoreSnapshot = (bytes) => {
    const delta = deltaOf();
    if (delta) {
      /** @type {Uint8Array} */
      const heap = module.HEAPU8;
      const found = crc32(heap, delta.start, delta.end);
      if (found !== delta.crc) throw new Error(format(M.snapshot_base, { found, crc: delta.crc }));
      const at = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true) + delta.start;
      const span = bytes.subarray(at, at + delta.end - delta.start);
      for (let i = 0; i < span.length; i++) span[i] ^= heap[delta.start + i];
    }
    return restore(bytes);
  };
  return module;
}

/** @type {Int32Array | null} */
let crcTable = null;
/**
 * CRC-32 (zlib's) of bytes[start, end).
 * @param {Uint8Array} bytes
 * @param {number} start
 * @param {number} end
 */
function crc32(bytes, start, end) {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = -1;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** @param {InitMessage} init */
async function boot(init) {
  const indexURL = init.indexURL;
  const offline = init.mode === "offline";
  /** @type {Promise<any>} */
  let loaderModule;
  /** @type {Promise<Uint8Array>} */
  let engineZip;
  /** @type {Record<string, unknown>} Pyodide's loadPyodide() options */
  const options = { indexURL, packages: [], checkAPIVersion: true };
  installFetch(indexURL, offline, init.handoff);
  if (offline) {
    for (const name of init.names || []) deferred(name);
    engineZip = bytesOf(RUNTIME.engine_zip);
    // The loader and the Emscripten module: ES modules, so import()ed from blob: URLs.
    const modules = Promise.all([importFromBytes(RUNTIME.loader), importFromBytes(RUNTIME.asm_module)]);
    loaderModule = modules.then(([loader]) => loader);
    /** @type {SnapshotDelta | undefined} */
    let delta;
    if (init.snapshot) {
      const name = init.snapshot.name;
      const snapshot = received(name).then((msg) => {
        delta = msg.xor;
        return bytesOf(name).then((bytes) => {
          milestones.snapshot = epoch();
          return bytes;
        });
      });
      snapshot.catch(() => {}); // reported by loadPyodide, which awaits it
      options._loadSnapshot = snapshot;
    }
    /** @param {unknown} settings */
    options.createPyodideModule = (settings) =>
      modules.then(([, asm]) => asm.default(settings)).then((/** @type {any} */ module) => undeltaOnRestore(module, () => delta));
    options.lockFileContents = bytesOf(RUNTIME.lockfile).then((b) => new TextDecoder().decode(b));
    options.packageBaseUrl = indexURL;
  } else {
    engineZip = fetchBytes(String(init.engineURL));
    loaderModule = import(indexURL + RUNTIME.loader);
    if (init.snapshot) {
      const snapshot = snapshotBytes(init.snapshot);
      snapshot.catch(() => {}); // reported by loadPyodide, which awaits it
      options._loadSnapshot = snapshot;
    }
  }
  engineZip.catch(() => {}); // reported below, once the runtime is up (or failed first)
  step(M.step_loader);
  const { loadPyodide } = await Promise.race([loaderModule, fatalError]);
  milestones.loader = epoch();
  step(M.step_runtime);
  const pyodide = await Promise.race([loadPyodide(options), fatalError]);
  const tRuntime = performance.now();
  milestones.runtime = epoch();
  step(M.step_engine);
  const engineDir = JSON.stringify(RUNTIME.engine_dir);
  pyodide.unpackArchive(await Promise.race([engineZip, fatalError]), "zip", { extractDir: RUNTIME.engine_dir });
  pyodide.runPython(`import sys\nif ${engineDir} not in sys.path: sys.path.insert(0, ${engineDir})`);
  if (init.snapshot) {
    // The snapshot holds the key it was made for (snapshot.mjs): the wrong one is not used.
    const found = pyodide.runPython("getattr(__import__('econsec'), '_snapshot_key', '')");
    if (found !== init.snapshot.key) {
      throw new Error(format(M.snapshot_wrong, { found: found || M.snapshot_none, key: init.snapshot.key }));
    }
  }
  const module = pyodide.pyimport(RUNTIME.engine_module);
  bridge = Object.fromEntries(Object.values(RUNTIME.ops).map((name) => [name, module[name]]));
  files.clear(); // drop the bytes: Pyodide holds what it needs
  inflated.clear();
  milestones.engine = epoch();
  return { runtime: Math.round(tRuntime - t0), total: Math.round(performance.now() - t0) };
}

/**
 * The worker's own requests (the page's Resource Timing does not see them), in epoch ms.
 * @returns {ResourceTiming[]}
 */
function resources() {
  const entries = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType("resource"));
  return entries.map((e) => ({
    name: e.name.split(/[?#]/)[0].split("/").pop() || "",
    start: performance.timeOrigin + e.startTime,
    end: performance.timeOrigin + e.responseEnd,
    transferSize: e.transferSize,
  }));
}

/**
 * @param {CallMessage} msg
 * @param {number} received
 */
function call(msg, received) {
  const fn = bridge?.[RUNTIME.ops[msg.op]];
  const start = epoch();
  try {
    if (!fn) throw new Error(format(M.unknown_op, { op: msg.op }));
    const value = String(fn(String(msg.def), String(msg.arg)));
    // When the message arrived, and when Python started and finished: the page splits the round
    // trip with these (EconsecEngine.lastCall).
    const times = { received, start, end: epoch() };
    post({ type: "result", id: msg.id, ok: true, value, times });
  } catch (err) {
    post({ type: "result", id: msg.id, ok: false, message: describe(err) });
  }
}

let started = false;
/** @param {MessageEvent<PageToWorker>} event */
port.onmessage = (event) => {
  const msg = event.data;
  if (!msg) return;
  if (msg.type === "file") {
    receiveFile(msg);
  } else if (msg.type === "body") {
    const resolve = handoffs.get(msg.name);
    handoffs.delete(msg.name);
    if (resolve) resolve(msg.body || null);
  } else if (msg.type === "call") {
    if (bridge) call(msg, epoch());
    else queued.push(msg);
  } else if (msg.type === "init" && !started) {
    started = true;
    boot(msg).then(
      (timings) => {
        post({ type: "ready", timings, milestones, resources: resources() });
        for (const m of queued.splice(0)) call(m, epoch());
      },
      (err) => {
        const message = describe(err);
        post({ type: "error", message, snapshot: Boolean(msg.snapshot) });
        for (const m of queued.splice(0)) post({ type: "result", id: m.id, ok: false, message });
      },
    );
  }
};
