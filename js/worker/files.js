// @ts-check
/// <reference lib="webworker" />
/*
 * econsec engine worker, part 2: the runtime's files in memory (offline mode, file://). The page
 * sends each file as a "file" message (a transferable ArrayBuffer, gzip-compressed where marked);
 * Pyodide's fetches and the two ES module imports are answered from here. Joined after streams.js
 * and before engine-worker.js (econsec.build.scripts), whose `M`, describe() and format() these use.
 */

/** @typedef {{promise: Promise<FileMessage>, resolve: (msg: FileMessage) => void, reject: (err: Error) => void}} Deferred */
/** @type {Map<string, Deferred>} offline mode: name -> deferred "file" message */
const files = new Map();

/**
 * @param {string} name
 * @returns {Deferred}
 */
function deferred(name) {
  let entry = files.get(name);
  if (!entry) {
    /** @type {(msg: FileMessage) => void} */
    let resolve = () => {};
    /** @type {(err: Error) => void} */
    let reject = () => {};
    /** @type {Promise<FileMessage>} */
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // reported where the file is used
    entry = { promise, resolve, reject };
    files.set(name, entry);
  }
  return entry;
}

/*
 * Offline files are decompressed when they are used, not when they arrive: the two loader modules
 * first, while the runtime files Pyodide fetches are answered with a decompressing stream, so that
 * the wasm compiles while it inflates (streaming instantiation) instead of after. Inflating every
 * file at once on arrival made the loader wait behind the 9.6 MB wasm (profile, README).
 */
/** @param {string} name */
const received = (name) => deferred(name).promise;
/** @param {FileMessage} msg */
const unpacked = (msg) => (msg.gzip ? streamOf(msg.buffer).pipeThrough(new DecompressionStream("gzip")) : streamOf(msg.buffer));

/** @param {FileMessage} msg */
function receiveFile(msg) {
  if (msg.error) deferred(msg.name).reject(new Error(msg.error));
  else deferred(msg.name).resolve(msg);
}

/** @type {Map<string, Promise<Uint8Array<ArrayBuffer>>>} for the files used as bytes */
const inflated = new Map();
/**
 * @param {string} name
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
function bytesOf(name) {
  let bytes = inflated.get(name);
  if (!bytes) {
    bytes = received(name)
      .then((msg) => new Response(unpacked(msg)).arrayBuffer())
      .then(
        (buffer) => new Uint8Array(buffer),
        (err) => {
          throw new Error(format(M.file_unreadable, { name, reason: describe(err) }));
        },
      );
    inflated.set(name, bytes);
  }
  return bytes;
}

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  ".wasm": "application/wasm", // streaming instantiation insists on it
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".json": "application/json",
  ".zip": "application/zip",
};
/** @param {string} name */
const contentType = (name) => CONTENT_TYPES[name.slice(name.lastIndexOf("."))] || "application/octet-stream";

/** @param {string} name */
async function importFromBytes(name) {
  const url = URL.createObjectURL(new Blob([await bytesOf(name)], { type: "text/javascript" }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}
