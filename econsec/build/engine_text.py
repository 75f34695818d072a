"""The engine bridge's and worker's diagnostic messages: defined here once.

They say why the scoring engine failed or where its start got to. The widget shows them after its
own localised status line (``econsec.mdext.widget_text``, ``engine.error``) and they name files and
steps, so they are written once, in English. They reach the browser in ``RUNTIME.messages``
(``econsec.build.runtime.browser_runtime``), formatted by ``js/common/format.js``.
"""

from __future__ import annotations

ENGINE_MESSAGES: dict[str, str] = {
    # start-up steps (EconsecEngine.step; the start timeout names the last one)
    "step_bridge": "load engine-bridge.js",
    "step_worker": "start the worker",
    "step_in_page": "start the engine in the page (workers opened from file:// cannot import modules here)",
    "step_offline": "load the offline runtime scripts",
    "step_loader": "import the Pyodide loader",
    "step_runtime": "start the Python runtime",
    "step_python": "start Python",
    "step_engine": "import the engine",
    # the bridge
    "unknown_error": "unknown error",
    "unavailable": "econsec: scoring engine unavailable: {message}",
    "start_timeout": "the engine made no progress for {seconds} s while starting (last step: {step})",
    "restarting": "econsec: the scoring engine was restarted ({message})",
    "retrying": "started again on request",
    "call_timeout": "no answer from the engine within {seconds} s",
    "stopped_answering": "the engine stopped answering ({op})",
    "not_running": "the engine is not running",
    "invalid_json": "the engine returned invalid JSON: {message}",
    "engine_error": "engine error",
    "runtime_failed": "the Python runtime could not start: {message}",
    "snapshot_unused": "econsec: the engine snapshot was not used ({message}); starting normally",
    "worker_failed": "the engine worker failed: {message}",
    "worker_not_started": "it could not be started",
    "worker_unreadable": "the engine worker sent an unreadable message",
    "no_native_worker": "this browser offers no native Web Worker here",
    "offline_undefined": "{script} did not define the file",
    "offline_missing": "{script} could not be loaded (is the bundle complete?)",
    # the worker
    "file_unreadable": "{name}: {reason}",
    "offline_no_file": "the offline runtime has no file {name}",
    "file_http": "{name} could not be loaded (HTTP {status})",
    "file_failed": "{name} could not be loaded ({reason})",
    "wasm_failed": "pyodide.asm.wasm could not be instantiated ({reason})",
    "url_http": "{url}: HTTP {status}",
    "stalled": "{what}: no data for {seconds} s",
    "snapshot_http": "the snapshot could not be loaded (HTTP {status})",
    "snapshot_unreadable": "the snapshot could not be read ({reason})",
    "snapshot_wrong": "the snapshot is for engine {found}, not {key}",
    "snapshot_none": "(none)",
    "snapshot_base": "the snapshot was made for another runtime (memory CRC {found}, not {crc})",
    "unknown_op": "unknown operation {op}",
}
