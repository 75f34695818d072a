"""The offline bundle's engine snapshot (offline/snapshot.js) is only a speed-up, as over http.

The healthy path (the snapshot used from file://) is checked in test_offline_bundle.py. Here a
copy of the unzipped bundle gets a missing, damaged, foreign or wrongly based snapshot; the page
must fall back to the normal start from file://, say why in ``EconsecEngine.snapshot``, score
correctly, ask nothing of any server and raise no page error (test_engine_snapshot.py is the
same over http).
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from runtime_helpers import READY_TIMEOUT, wait_engine

from econsec.build.snapshot import OFFLINE_FILE
from tests.support.browser import OFFLINE_PREFIXES, new_logged_context, new_logged_page

pytestmark = pytest.mark.browser

PAGE = "checks/tech-leakage-ch1.html"
META = re.compile(r'<meta name="econsec-snapshot" content="([0-9a-f]+)">')
ENTRY = re.compile(r"^(.*?\] = )(\{.*\});\n$", re.S)


def _entry(bundle: Path) -> tuple[str, dict]:
    text = (bundle / OFFLINE_FILE).read_text(encoding="utf-8")
    match = ENTRY.match(text.splitlines(keepends=True)[-1])
    assert match, "offline/snapshot.js is not an offline wrapper"
    return match.group(1), json.loads(match.group(2))


def _rewrite(bundle: Path, change) -> None:
    head, entry = _entry(bundle)
    change(entry)
    first = (bundle / OFFLINE_FILE).read_text(encoding="utf-8").splitlines(keepends=True)[0]
    (bundle / OFFLINE_FILE).write_text(f"{first}{head}{json.dumps(entry)};\n", encoding="utf-8")


def _missing(bundle: Path) -> None:
    (bundle / OFFLINE_FILE).unlink()


def _not_gzip(bundle: Path) -> None:
    def change(entry: dict) -> None:
        entry["data"] = base64.b64encode(b"this is not a gzip stream" * 100).decode()

    _rewrite(bundle, change)


def _not_a_snapshot(bundle: Path) -> None:
    def change(entry: dict) -> None:
        entry["data"] = base64.b64encode(gzip.compress(bytes(1 << 20), mtime=0)).decode()
        entry.pop("xor")

    _rewrite(bundle, change)


def _other_base(bundle: Path) -> None:
    """The delta's CRC is not the memory's: made for another runtime; the worker refuses it."""

    def change(entry: dict) -> None:
        entry["xor"]["crc"] ^= 1

    _rewrite(bundle, change)


def _foreign(bundle: Path) -> None:
    """The pages expect another engine's snapshot: the worker reads the key inside, refuses it."""
    for page in (bundle / PAGE, bundle / "en" / PAGE):
        html = page.read_text(encoding="utf-8")
        key = META.search(html).group(1)
        page.write_text(html.replace(f'content="{key}"', f'content="{"0" * len(key)}"'), "utf-8")


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_missing, "snapshot.js could not be loaded"),
        (_not_gzip, "snapshot: "),
        (_not_a_snapshot, "magic number"),
        (_other_base, "another runtime"),
        (_foreign, "not 0000"),
    ],
    ids=["missing", "not-gzip", "not-a-snapshot", "other-base", "foreign"],
)
def test_a_bad_offline_snapshot_falls_back_to_the_normal_start(
    browser, bundle_dir: Path, tmp_path: Path, damage, why: str
) -> None:
    bundle = tmp_path / "展開先" / bundle_dir.name
    shutil.copytree(bundle_dir, bundle)
    damage(bundle)
    ctx = new_logged_context(browser, OFFLINE_PREFIXES)
    try:
        page = new_logged_page(ctx)
        page.goto((bundle / PAGE).as_uri())
        page.wait_for_selector(
            '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
        )
        wait_engine(page)
        state = page.evaluate("EconsecEngine.snapshot")
        assert state.startswith("fallback: ") and why in state, state
        assert page.evaluate("EconsecEngine.restarted") == ""  # a fallback, not a restart
        page.locator('[data-checklist] [data-item] input[type="radio"][value="yes"]').first.check()
        page.wait_for_selector(
            '[data-result="score"][data-value="100"]', state="attached", timeout=30_000
        )
        assert page.request_log.outside() == []
        assert page.js_errors == []
    finally:
        ctx.close()
