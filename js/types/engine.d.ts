/*
 * The contract between the engine bridge (js/bridge/, the page) and the engine worker
 * (js/worker/), checked by `tsc` in `make lint` (js/tsconfig.bridge.json, js/tsconfig.worker.json).
 * Every message either side posts is one of the types below; the runtime configuration both read
 * is generated from Python (econsec.build.runtime.browser_runtime) as the constant RUNTIME.
 */

/** A message template from Python (js/common/format.js fills it in). */
type Template = string;

/** econsec.build.runtime.browser_runtime(): written by the build before the bridge and the worker. */
interface EconsecRuntime {
  /** Runtime files in the order the worker needs them (file://: requested in this order). */
  offline_files: string[];
  /** The classic script that carries each file on file:// (relative to assets/econsec/). */
  offline_scripts: Record<string, string>;
  /** The global those scripts fill: {file name: OfflineEntry}. */
  offline_global: string;
  /** The worker's own source among the offline scripts. */
  worker_file: string;
  /** The global through which the worker's source talks when it runs in the page (EnginePort). */
  in_page_port: string;
  /** Pyodide's files over http (relative to assets/econsec/), ending in "/". */
  pyodide_dir: string;
  engine_zip: string;
  /** Pyodide's loader, its Emscripten module and its lockfile (file names). */
  loader: string;
  asm_module: string;
  lockfile: string;
  /** The Python module whose functions answer the calls (ops). */
  engine_module: string;
  /** Over http, the runtime file the page fetches and hands to the worker as a stream. */
  handoff: string;
  /** Runtime files the worker requests as soon as it starts (http). */
  early_files: string[];
  /** The engine snapshot's path, with {key}; and the name its body is handed over under. */
  snapshot_path: Template;
  snapshot_name: string;
  /** Where the worker unpacks engine.zip (the snapshot was made with the same folder). */
  engine_dir: string;
  /** op -> the function of econsec.engine.bridge that answers it. */
  ops: Record<CallOp, string>;
  /** How long to wait (ms): for progress while starting, for a call, for the snapshot's data. */
  deadlines: { start_idle_ms: number; compute_idle_ms: number; call_ms: number; snapshot_idle_ms: number };
  /** The start's steps (their messages) that compute without progress: compute_idle_ms. */
  compute_steps: string[];
  /** Diagnostic messages (English: they follow the localised status line), by name. */
  messages: Record<string, Template>;
}

declare const RUNTIME: EconsecRuntime;

/** One file as an offline wrapper stores it (econsec.build.runtime.offline_wrapper). */
interface OfflineEntry {
  encoding: "text" | "base64" | "gzip+base64";
  data: string;
  size: number;
  /** The snapshot's: the key it was made for, and its static data's delta (SnapshotDelta). */
  key?: string;
  xor?: SnapshotDelta;
}

/** The span of memory the offline snapshot stores XORed with the runtime's own (snapshot_delta.py). */
interface SnapshotDelta {
  start: number;
  end: number;
  /** CRC-32 of the memory's span just before the restore, as the build saw it. */
  crc: number;
}

type CallOp = "score" | "scoreMany" | "parseImport" | "compare" | "plan" | "combine" | "checklistOf";

// ------------------------------------------------------------------ page -> worker

/** Start. http: load by URL (with bodies handed over); offline: wait for "file" messages. */
interface InitMessage {
  type: "init";
  mode: "http" | "offline";
  indexURL: string;
  /** http: engine.zip's URL. */
  engineURL?: string;
  /** http: files whose response body the page fetches and sends as "body" messages. */
  handoff?: { name: string; url: string }[];
  /** Restore this engine snapshot instead of starting Python afresh (offline: url is "", and it
   * arrives as the "file" message of that name). */
  snapshot?: { name: string; key: string; url: string } | null;
  /** offline: the files that will arrive as "file" messages. */
  names?: string[];
}

/** offline: one runtime file's bytes (gzip-compressed when `gzip`), transferred. */
interface FileMessage {
  type: "file";
  name: string;
  gzip: boolean;
  buffer: ArrayBuffer;
  /** The snapshot's (OfflineEntry). */
  key?: string;
  xor?: SnapshotDelta;
  /** The file could not be loaded (the snapshot only: the start goes on without it). */
  error?: string;
}

/** http: the body of a response the page fetched (a transferred stream), or null: fetch it yourself. */
interface BodyMessage {
  type: "body";
  name: string;
  body: ReadableStream<Uint8Array> | null;
}

/** A call to the engine: `def` is the definition JSON, `arg` the answers JSON (scoreMany: a list) or the file's text
 * (checklistOf: `def` the page's checklist ids and `arg` the files' texts, both JSON lists). */
interface CallMessage {
  type: "call";
  id: number;
  op: CallOp;
  def: string;
  arg: string;
}

type PageToWorker = InitMessage | FileMessage | BodyMessage | CallMessage;

// ------------------------------------------------------------------ worker -> page

interface ProgressMessage {
  type: "progress";
  step: string;
}

/** Epoch milliseconds of the start-up steps (worker script, loader, runtime, snapshot, engine). */
type Milestones = Record<string, number>;

/** One of the worker's own requests, epoch ms. */
interface ResourceTiming {
  name: string;
  start: number;
  end: number;
  transferSize: number;
}

interface ReadyMessage {
  type: "ready";
  timings: { runtime: number; total: number };
  milestones: Milestones;
  resources: ResourceTiming[];
}

/** The start failed; `snapshot`: it was started from a snapshot (the page retries without). */
interface ErrorMessage {
  type: "error";
  message: string;
  snapshot?: boolean;
}

/** When a call arrived and when Python started and ended it (epoch ms). */
interface CallTimes {
  received: number;
  start: number;
  end: number;
}

/** A call's answer: `value` is JSON (ok), else `message` says why. */
type ResultMessage =
  | { type: "result"; id: number; ok: true; value: string; times: CallTimes }
  | { type: "result"; id: number; ok: false; message: string };

type WorkerToPage = ProgressMessage | ReadyMessage | ErrorMessage | ResultMessage;

// ------------------------------------------------------------------ the two ends

/** Where the engine's source sends and receives: a worker's own scope, or the page's port. */
interface EnginePort {
  postMessage(msg: WorkerToPage): void;
  onmessage: ((event: MessageEvent<PageToWorker>) => void) | null;
}

/** What the bridge talks to: a Worker, or the engine running in the page (WebKit, file://). */
interface EngineEndpoint {
  postMessage(msg: PageToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

// ------------------------------------------------------------------ globals

interface Window {
  EconsecEngine?: unknown;
  [offlineGlobal: string]: unknown;
}

interface Uint8ArrayConstructor {
  fromBase64?(text: string): Uint8Array;
}
