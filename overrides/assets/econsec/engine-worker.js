/*
 * econsec engine worker: Pyodide (core runtime only) + the econsec.engine package.
 *
 * A module worker started by engine-bridge.js. The same source runs in both modes:
 *   - "http": started from its URL; imports the Pyodide loader from indexURL and lets it load the
 *     runtime files by URL (the browser caches them); fetches engine.zip in parallel.
 *   - "offline" (file://): started from a data: URL; receives every runtime file by postMessage
 *     ("file" messages, transferable ArrayBuffers, gzip-compressed where marked), answers
 *     Pyodide's fetches of those names from memory and imports the two ES modules from blob: URLs.
 *
 * With init.snapshot ({name, key, url}; http only) Pyodide restores the engine's memory snapshot
 * (econsec/snapshot.py) instead of starting Python and importing the engine; any failure on that
 * path is reported with `snapshot: true`, and the page then starts a new worker without it.
 *
 * Protocol (page -> worker): {type: "init", mode, indexURL, engineURL?, handoff?: [{name, url}],
 * snapshot?: {name, key, url}}, {type: "file", name,
 * buffer, gzip}, {type: "body", name, body} (http: a response body the page fetched, a stream, or
 * null), {type: "call", id, op: "score" | "scoreMany" | "parseImport", def, arg} (strings).
 * Worker -> page: {type: "progress", step}, {type: "ready", timings, milestones, resources},
 * {type: "error", message, snapshot?}, {type: "result", id, ok, value | message, times?}.
 */

const ENGINE_DIR = "/opt/econsec-engine";
const OPS = { score: "score_json", scoreMany: "score_many_json", parseImport: "parse_import_json" };

let bridge = null; // {score_json, score_many_json, parse_import_json} once ready
const queued = []; // calls that arrived before ready (the page normally waits, but be safe)
const files = new Map(); // offline mode: name -> deferred "file" message ({buffer, gzip})
const t0 = performance.now();
// Epoch milliseconds (sub-ms), comparable with the page's performance.timeOrigin + now().
const epoch = () => performance.timeOrigin + performance.now();
// When each start-up step ended (epoch ms), for the page's EconsecEngine.startup.
const milestones = { workerScript: epoch() };

const describe = (err) => {
  if (!err) return "unknown error";
  const text = String(err.message || err);
  // A Python traceback: keep its last line ("ValueError: …").
  const lines = text.trim().split("\n").filter((l) => l.trim());
  return lines.length > 1 && /Traceback/.test(text) ? lines[lines.length - 1].trim() : text;
};

function deferred(name) {
  if (!files.has(name)) {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    files.set(name, { promise, resolve, reject });
  }
  return files.get(name);
}

/*
 * Offline files are decompressed when they are used, not when they arrive: the two loader modules
 * first, while the runtime files Pyodide fetches are answered with a decompressing stream, so that
 * the wasm compiles while it inflates (streaming instantiation) instead of after. Inflating every
 * file at once on arrival made the loader wait behind the 9.6 MB wasm (profile, README).
 */
const received = (name) => deferred(name).promise;
const unpacked = (msg) =>
  msg.gzip ? new Blob([msg.buffer]).stream().pipeThrough(new DecompressionStream("gzip")) : new Blob([msg.buffer]).stream();

function receiveFile(msg) {
  deferred(msg.name).resolve(msg);
}

const inflated = new Map(); // name -> Promise<Uint8Array>, for the files used as bytes
function bytesOf(name) {
  if (!inflated.has(name)) {
    const bytes = received(name)
      .then((msg) => new Response(unpacked(msg)).arrayBuffer())
      .then(
        (buffer) => new Uint8Array(buffer),
        (err) => {
          throw new Error(`${name}: ${describe(err)}`);
        },
      );
    inflated.set(name, bytes);
  }
  return inflated.get(name);
}

const CONTENT_TYPES = {
  ".wasm": "application/wasm", // streaming instantiation insists on it
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".json": "application/json",
  ".zip": "application/zip",
};
const contentType = (name) => CONTENT_TYPES[name.slice(name.lastIndexOf("."))] || "application/octet-stream";

async function importFromBytes(name) {
  const url = URL.createObjectURL(new Blob([await bytesOf(name)], { type: "text/javascript" }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/*
 * Pyodide's fetches of its own files (indexURL + name). Offline: answered from memory, and only
 * for the files received. Over http: passed on, but a failed one stops the start at once (Pyodide
 * itself only logs a failed wasm download and then waits forever).
 */
let fatal; // rejects the start: Promise.race in boot()
const fatalError = new Promise((_resolve, reject) => {
  fatal = reject;
});
fatalError.catch(() => {});

/*
 * Over http, runtime files whose response is already on its way (name -> Promise<Response>), used
 * once by Pyodide's fetch: the two it needs first, requested at init rather than after the loader
 * import, and the files named in init.handoff, whose body the page sends ("body": a stream).
 */
const early = new Map();
const handoffs = new Map(); // name -> resolve(body stream | null)
const EARLY_FILES = ["pyodide-lock.json", "python_stdlib.zip"];

function expectBody(name, url, realFetch) {
  early.set(
    name,
    new Promise((resolve) => handoffs.set(name, resolve)).then((body) =>
      body
        ? new Response(body, { status: 200, headers: { "Content-Type": contentType(name) } })
        : realFetch(url),
    ),
  );
}

function installFetch(indexURL, offline, handoff) {
  const realFetch = self.fetch.bind(self);
  if (!offline) {
    for (const name of EARLY_FILES) {
      const response = realFetch(indexURL + name);
      response.catch(() => {}); // reported when Pyodide asks for it
      early.set(name, response);
    }
    for (const { name, url } of handoff || []) expectBody(name, url, realFetch);
  }
  self.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url || !url.startsWith(indexURL)) return realFetch(input, init);
    const name = url.slice(indexURL.length).split(/[?#]/)[0];
    const started = early.get(name);
    early.delete(name);
    if (offline) {
      if (!files.has(name)) {
        fatal(new Error(`the offline runtime has no file ${name}`));
        return Promise.reject(new TypeError(`offline runtime: no file ${name}`));
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
        if (!response.ok) fatal(new Error(`${name} could not be loaded (HTTP ${response.status})`));
        return response;
      },
      (err) => {
        fatal(new Error(`${name} could not be loaded (${describe(err)})`));
        throw err;
      },
    );
  };
}

/* Pyodide also only logs a failed wasm instantiation (then waits forever): make that fatal too. */
const realInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = function instantiateStreaming(...args) {
  return realInstantiateStreaming.apply(this, args).catch((err) => {
    fatal(new Error(`pyodide.asm.wasm could not be instantiated (${describe(err)})`));
    throw err;
  });
};

const step = (name) => self.postMessage({ type: "progress", step: name });

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/* The snapshot's bytes: the body the page handed over (else our own request), gunzipped. */
async function snapshotBytes(snapshot) {
  const handed = early.get(snapshot.name);
  early.delete(snapshot.name);
  const response = await (handed || fetch(snapshot.url));
  if (!response.ok) throw new Error(`the snapshot could not be loaded (HTTP ${response.status})`);
  let bytes;
  try {
    bytes = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  } catch (err) {
    throw new Error(`the snapshot could not be read (${describe(err)})`);
  }
  milestones.snapshot = epoch();
  return new Uint8Array(bytes);
}

async function boot(init) {
  const indexURL = init.indexURL;
  const offline = init.mode === "offline";
  let loaderModule;
  let engineZip;
  const options = { indexURL, packages: [], checkAPIVersion: true };
  installFetch(indexURL, offline, init.handoff);
  if (offline) {
    for (const name of init.names || []) deferred(name);
    engineZip = bytesOf("engine.zip");
    // The loader and the Emscripten module: ES modules, so import()ed from blob: URLs.
    const modules = Promise.all([importFromBytes("pyodide.mjs"), importFromBytes("pyodide.asm.mjs")]);
    loaderModule = modules.then(([loader]) => loader);
    options.createPyodideModule = (settings) => modules.then(([, asm]) => asm.default(settings));
    options.lockFileContents = bytesOf("pyodide-lock.json").then((b) => new TextDecoder().decode(b));
    options.packageBaseUrl = indexURL;
  } else {
    engineZip = fetchBytes(init.engineURL);
    loaderModule = import(`${indexURL}pyodide.mjs`);
    if (init.snapshot) {
      options._loadSnapshot = snapshotBytes(init.snapshot);
      options._loadSnapshot.catch(() => {}); // reported by loadPyodide, which awaits it
    }
  }
  engineZip.catch(() => {}); // reported below, once the runtime is up (or failed first)
  step("import the Pyodide loader");
  const { loadPyodide } = await Promise.race([loaderModule, fatalError]);
  milestones.loader = epoch();
  step("start the Python runtime");
  const pyodide = await Promise.race([loadPyodide(options), fatalError]);
  const tRuntime = performance.now();
  milestones.runtime = epoch();
  step("import the engine");
  pyodide.unpackArchive(await Promise.race([engineZip, fatalError]), "zip", { extractDir: ENGINE_DIR });
  pyodide.runPython(`import sys\nif ${JSON.stringify(ENGINE_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(ENGINE_DIR)})`);
  if (init.snapshot) {
    // The snapshot holds the key it was made for (snapshot.mjs): the wrong one is not used.
    const found = pyodide.runPython("getattr(__import__('econsec'), '_snapshot_key', '')");
    if (found !== init.snapshot.key) throw new Error(`the snapshot is for engine ${found || "(none)"}, not ${init.snapshot.key}`);
  }
  const module = pyodide.pyimport("econsec.engine.bridge");
  bridge = {
    score_json: module.score_json,
    score_many_json: module.score_many_json,
    parse_import_json: module.parse_import_json,
  };
  files.clear(); // drop the bytes: Pyodide holds what it needs
  inflated.clear();
  milestones.engine = epoch();
  return { runtime: Math.round(tRuntime - t0), total: Math.round(performance.now() - t0) };
}

/* The worker's own requests (the page's Resource Timing does not see them), in epoch ms. */
function resources() {
  return performance.getEntriesByType("resource").map((e) => ({
    name: e.name.split(/[?#]/)[0].split("/").pop(),
    start: performance.timeOrigin + e.startTime,
    end: performance.timeOrigin + e.responseEnd,
    transferSize: e.transferSize,
  }));
}

function call(msg, received) {
  const fn = bridge && bridge[OPS[msg.op]];
  const start = epoch();
  try {
    if (!fn) throw new Error(`unknown operation ${msg.op}`);
    const value = String(fn(String(msg.def), String(msg.arg)));
    // When the message arrived, and when Python started and finished: the page splits the round
    // trip with these (EconsecEngine.lastCall).
    const times = { received, start, end: epoch() };
    self.postMessage({ type: "result", id: msg.id, ok: true, value, times });
  } catch (err) {
    self.postMessage({ type: "result", id: msg.id, ok: false, message: describe(err) });
  }
}

let started = false;
self.onmessage = (event) => {
  const msg = event.data || {};
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
        self.postMessage({ type: "ready", timings, milestones, resources: resources() });
        for (const m of queued.splice(0)) call(m, epoch());
      },
      (err) => {
        const message = describe(err);
        self.postMessage({ type: "error", message, snapshot: Boolean(msg.snapshot) });
        for (const m of queued.splice(0)) self.postMessage({ type: "result", id: m.id, ok: false, message });
      },
    );
  }
};
