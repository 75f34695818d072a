/*
 * Makes the engine's memory snapshot (econsec/snapshot.py runs it with Node at build time).
 *
 *   node snapshot.mjs <pyodide dir> <engine.zip> <engine dir> <key> <out> [<stdlib zip>]
 *
 * Starts Pyodide exactly as engine-worker.js does (core runtime, no packages), unpacks engine.zip
 * where the worker unpacks it, imports the engine, scores and parses one small checklist so that
 * everything the first real call needs is imported, and writes Pyodide's memory snapshot to <out>.
 * The worker then starts from it in about a fifth of the time (README, "Performance").
 * `econsec._snapshot_key` = <key> lets the worker check that the snapshot is the one it asked for.
 * <stdlib zip>: the standard library to start with instead of Pyodide's (the offline bundle's
 * trimmed copy, econsec/build/stdlib.py): a snapshot only works with the zip it was made with.
 * Before the snapshot is taken, every free block of the heap is zeroed (malloc'd, filled, freed):
 * the compiler's garbage otherwise stays in it, about 1 MB once compressed.
 * Then the snapshot is restored in a second runtime, which must score: <out>.live gets that
 * runtime's memory just before the restore (the offline snapshot is stored as a difference from
 * it, econsec/build/snapshot_delta.py).
 * makeMemorySnapshot / _makeSnapshot are Pyodide's private API: pinned with the runtime.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [dir, enginePath, engineDir, key, out, stdlib] = process.argv.slice(2);
if (!out) {
  console.error("usage: node snapshot.mjs <pyodide dir> <engine.zip> <engine dir> <key> <out>");
  process.exit(2);
}
const LIVE_BYTES = 8 << 20; // the static data and then some (the wasm's data segments end near 4 MB)
const indexURL = dir.endsWith("/") ? dir : `${dir}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
// A fixed hash seed: otherwise each snapshot holds a different random one (and other bytes).
// The program name a browser has: under Node, Emscripten takes this script's path instead
// (process.argv[1]), which became sys.executable and `_=` in the environment, so the snapshot
// carried the checkout's path. Node's own environment never reaches Python (Pyodide's defaults
// and `env` below are all it gets); econsec/snapshot.py still runs this with a bare one.
const settings = {
  indexURL,
  packages: [],
  _sysExecutable: "./this.program",
  env: { PYTHONHASHSEED: "0" },
  ...(stdlib ? { stdLibURL: stdlib } : {}),
};
const pyodide = await loadPyodide({ ...settings, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(enginePath)), "zip", { extractDir: engineDir });
const warm = {
  id: "warm-up",
  version: "1",
  title: { ja: "w", en: "w" },
  description: { ja: "w", en: "w" },
  source: {},
  sections: [{ id: "s", title: { ja: "s", en: "s" }, items: ["i"] }],
  items: [{ id: "i", section: "s", text: { ja: "t", en: "t" }, provenance: {} }],
};
pyodide.runPython(`
import sys
if ${JSON.stringify(engineDir)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(engineDir)})
import json
import econsec
from econsec.engine import bridge
_warm = ${JSON.stringify(JSON.stringify(warm))}
json.loads(bridge.score_json(_warm, '{"i": "yes"}'))
json.loads(bridge.parse_import_json(_warm, '{"answers": {"i": "no"}}'))
bridge._checklist.cache_clear()
econsec._snapshot_key = ${JSON.stringify(key)}
del _warm
`);
pyodide.runPython("import gc; gc.collect()");
zeroFreeMemory(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);

// The restore, as the worker does it: the memory it starts from, and a score from the snapshot.
const asm = await import(pathToFileURL(`${indexURL}pyodide.asm.mjs`).href);
const restored = await loadPyodide({
  ...settings,
  _loadSnapshot: snapshot.slice(),
  createPyodideModule: (s) =>
    asm.default(s).then((m) => {
      const restore = m.API.restoreSnapshot;
      m.API.restoreSnapshot = (bytes) => {
        writeFileSync(`${out}.live`, m.HEAPU8.slice(0, LIVE_BYTES));
        return restore(bytes);
      };
      return m;
    }),
});
restored.unpackArchive(new Uint8Array(readFileSync(enginePath)), "zip", { extractDir: engineDir });
const scored = restored.runPython(`
import econsec, json
from econsec.engine import bridge
assert econsec._snapshot_key == ${JSON.stringify(key)}
json.loads(bridge.score_json(${JSON.stringify(JSON.stringify(warm))}, '{"i": "no"}'))["score"]
`);
if (scored !== 0) throw new Error(`the restored snapshot scored ${scored}, not 0`);

/**
 * Zero the heap's free blocks: allocate every free block there is (largest sizes first), fill
 * it with zeros, free it all. dlmalloc's footprint limit keeps it from growing the heap: a
 * snapshot larger than the runtime's initial memory cannot be restored.
 */
function zeroFreeMemory(m) {
  const end = m.HEAPU8.length;
  const limit = m._malloc_footprint_limit();
  m._malloc_set_footprint_limit(m._malloc_footprint());
  const taken = [];
  for (let size = 1 << 20; size >= 8; size >>= 1) {
    for (;;) {
      const p = m._malloc(size);
      if (!p) break;
      if (p + size > end) {
        m._free(p);
        break;
      }
      m.HEAPU8.fill(0, p, p + size);
      taken.push(p);
    }
  }
  for (const p of taken) m._free(p);
  m._malloc_set_footprint_limit(limit);
  if (m.HEAPU8.length !== end) throw new Error("zeroing the free memory grew the heap");
}
