/*
 * Makes the engine's memory snapshot (econsec/snapshot.py runs it with Node at build time).
 *
 *   node snapshot.mjs <pyodide dir> <engine.zip> <engine dir> <key> <out>
 *
 * Starts Pyodide exactly as engine-worker.js does (core runtime, no packages), unpacks engine.zip
 * where the worker unpacks it, imports the engine, scores and parses one small checklist so that
 * everything the first real call needs is imported, and writes Pyodide's memory snapshot to <out>.
 * The worker then starts from it in about a fifth of the time (README, "Performance").
 * `econsec._snapshot_key` = <key> lets the worker check that the snapshot is the one it asked for.
 * makeMemorySnapshot / _makeSnapshot are Pyodide's private API: pinned with the runtime.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [dir, enginePath, engineDir, key, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node snapshot.mjs <pyodide dir> <engine.zip> <engine dir> <key> <out>");
  process.exit(2);
}
const indexURL = dir.endsWith("/") ? dir : `${dir}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
// A fixed hash seed: otherwise each snapshot holds a different random one (and other bytes).
// The program name a browser has: under Node, Emscripten takes this script's path instead
// (process.argv[1]), which became sys.executable and `_=` in the environment, so the snapshot
// carried the checkout's path. Node's own environment never reaches Python (Pyodide's defaults
// and `env` below are all it gets); econsec/snapshot.py still runs this with a bare one.
const pyodide = await loadPyodide({
  indexURL,
  packages: [],
  _makeSnapshot: true,
  _sysExecutable: "./this.program",
  env: { PYTHONHASHSEED: "0" },
});
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
writeFileSync(out, pyodide.makeMemorySnapshot());
