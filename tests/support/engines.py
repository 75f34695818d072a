"""Firefox ESR and WebKit from Debian, driven the way Playwright drives Chromium in the other tests.

Playwright cannot drive Debian's builds of either (platform-facts.md), so:

- Firefox ESR speaks WebDriver BiDi itself: started with ``--remote-debugging-port``, it takes a
  WebSocket session with no driver binary (the way Puppeteer drives it). The client below is the
  few commands the journeys need, over ``websocket-client`` (a dependency of Selenium).
- WebKit: ``WebKitWebDriver`` (package webkit2gtk-driver) with its ``MiniBrowser``, through
  Selenium. MiniBrowser has no headless mode: it gets an X display from Xvfb, started here.

Both give the same small interface (``EngineDriver``): open or reload a page (returning once it
has loaded), run a JavaScript expression
(awaited; its value comes back through JSON), wait for one to be true.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

FIREFOX = "firefox-esr"
WEBKIT_DRIVER = "WebKitWebDriver"
# Debian installs MiniBrowser beside the WebKitGTK library (its folder names the architecture).
MINIBROWSERS = sorted(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"))
# What a fresh Firefox profile must not do on a machine with no network.
FIREFOX_PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "app.update.disabledForTesting": True,
    "network.captive-portal-service.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False,
    "intl.accept_languages": "ja-JP, ja",
}


class EngineMissing(RuntimeError):
    """The browser or its driver is not installed (.ci/run installs them)."""


class EngineDriver(Protocol):
    name: str

    def goto(self, url: str) -> None: ...

    def reload(self) -> None: ...

    def js(self, expression: str) -> Any: ...


def _wrap(expression: str) -> str:
    """An async function body: the expression's value, awaited, as JSON (or the error's text)."""
    return (
        f"(async () => ({expression}))().then("
        "(v) => JSON.stringify({ok: v === undefined ? null : v}),"
        ' (e) => JSON.stringify({error: String(e) + "\\n" + String(e && e.stack)}))'
    )


def _unwrap(text: Any, expression: str) -> Any:
    data = json.loads(text)
    if "error" in data:
        raise AssertionError(f"{expression[:200]}: {data['error']}")
    return data["ok"]


def wait_for(driver: EngineDriver, expression: str, timeout: float, what: str = "") -> Any:
    """Poll ``expression`` until it is truthy; its value, else AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.js(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{driver.name}: not within {timeout} s: {what or expression}")
        time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FirefoxBiDi:
    """One Firefox ESR, one BiDi session, one tab."""

    name = "firefox"

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self._next = 0
        self.context = self._cmd("browsingContext.getTree", {})["contexts"][0]["context"]

    def _cmd(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._next += 1
        self._ws.send(json.dumps({"id": self._next, "method": method, "params": params}))
        while True:
            msg = json.loads(self._ws.recv())
            if msg.get("id") != self._next:
                continue  # an event: none are subscribed to, but be safe
            if msg.get("type") == "error":
                raise AssertionError(f"firefox {method}: {msg.get('error')}: {msg.get('message')}")
            return msg["result"]

    def goto(self, url: str) -> None:
        self._cmd(
            "browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"}
        )

    def reload(self) -> None:
        self._cmd("browsingContext.reload", {"context": self.context, "wait": "complete"})

    def js(self, expression: str) -> Any:
        result = self._cmd(
            "script.evaluate",
            {
                "expression": _wrap(expression),
                "target": {"context": self.context},
                "awaitPromise": True,
            },
        )
        if result.get("type") == "exception":
            raise AssertionError(f"firefox: {result['exceptionDetails'].get('text')}")
        return _unwrap(result["result"]["value"], expression)


@contextmanager
def firefox() -> Iterator[FirefoxBiDi]:
    """Debian's Firefox ESR, headless, in a new profile; a BiDi session on a loopback port."""
    import websocket

    exe = shutil.which(FIREFOX)
    if not exe:
        raise EngineMissing(f"{FIREFOX} is required (apt-get install {FIREFOX})")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="econsec-firefox-") as profile:
        prefs = "".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in FIREFOX_PREFS.items()
        )
        Path(profile, "user.js").write_text(prefs, encoding="utf-8")
        proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--no-remote",
                "--profile",
                profile,
                f"--remote-debugging-port={port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    ws = websocket.create_connection(
                        f"ws://127.0.0.1:{port}/session", timeout=120, suppress_origin=True
                    )
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise AssertionError("firefox-esr did not open its BiDi port") from None
                    time.sleep(0.2)
            try:
                ws.send(
                    json.dumps({"id": 0, "method": "session.new", "params": {"capabilities": {}}})
                )
                json.loads(ws.recv())
                yield FirefoxBiDi(ws)
            finally:
                ws.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class WebKitSelenium:
    """WebKitGTK's MiniBrowser through WebKitWebDriver and Selenium."""

    name = "webkit"

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def reload(self) -> None:
        self.driver.refresh()

    def js(self, expression: str) -> Any:
        script = f"const done = arguments[arguments.length - 1]; {_wrap(expression)}.then(done);"
        return _unwrap(self.driver.execute_async_script(script), expression)


@contextmanager
def xvfb() -> Iterator[str]:
    """An X display of its own (Xvfb picks a free number); yields DISPLAY's value."""
    exe = shutil.which("Xvfb")
    if not exe:
        raise EngineMissing("Xvfb is required (apt-get install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def webkit() -> Iterator[WebKitSelenium]:
    """Debian's WebKitGTK MiniBrowser on an Xvfb display, driven by WebKitWebDriver."""
    from selenium import webdriver

    exe = shutil.which(WEBKIT_DRIVER)
    if not exe or not MINIBROWSERS:
        raise EngineMissing("webkit2gtk-driver is required (apt-get install webkit2gtk-driver)")
    with xvfb() as display:
        options = webdriver.WebKitGTKOptions()
        options.binary_location = str(MINIBROWSERS[-1])
        options.add_argument("--automation")
        service = webdriver.WebKitGTKService(
            executable_path=exe, env={**os.environ, "DISPLAY": display}
        )
        driver = webdriver.WebKitGTK(options=options, service=service)
        driver.set_script_timeout(120)
        try:
            yield WebKitSelenium(driver)
        finally:
            driver.quit()


ENGINES = {"firefox": firefox, "webkit": webkit}
