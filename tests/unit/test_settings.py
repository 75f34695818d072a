"""Build settings (econsec.settings): read once, validated, paths from the config file's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config

from econsec.errors import EconsecError
from econsec.settings import Settings, SettingsError, project_root

ROOT = Path(__file__).resolve().parents[2]


def config(extra: object = None, path: Path = ROOT / "mkdocs.en.yml"):
    cfg = load_config(str(path))
    if extra is not None:
        cfg.extra["econsec"] = extra
    return cfg


def test_defaults_and_derived_values() -> None:
    s = Settings.from_config(config())
    assert (s.root, s.lang, s.snapshot, s.csp, s.inputs_checked) == (
        ROOT,
        "en",
        True,
        "http",
        False,
    )
    assert s.build_id == f"{s.version}+{s.build_date}" and len(s.build_date) == 10
    assert (s.docs_root, s.checklists_dir, s.data_dir) == (
        ROOT / "docs",
        ROOT / "checklists",
        ROOT / "data",
    )


def test_only_serve_asks_for_the_serve_policy() -> None:
    assert Settings.from_config(config({"csp": "serve"})).csp == "serve"
    assert Settings.from_config(config({})).csp == "http"
    with pytest.raises(SettingsError, match=r"extra\.econsec\.csp: must be http or serve"):
        Settings.from_config(config({"csp": "none"}))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"lang": "ja"},
            r"mkdocs\.en\.yml: extra\.econsec\.lang: unknown setting \(known: snapshot",
        ),
        ({"snapshot": "no"}, r"extra\.econsec\.snapshot: must be true or false, not 'no'"),
        ({"inputs_checked": 1}, r"extra\.econsec\.inputs_checked: must be true or false"),
    ],
)
def test_a_wrong_setting_is_named(extra: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_config(config(extra))


def test_reading_twice_gives_the_same_object() -> None:
    cfg = config({"snapshot": False})
    first = Settings.from_config(cfg)
    cfg.extra["econsec"] = first
    assert Settings.from_config(cfg) is first


def test_paths_come_from_the_config_file_not_the_package(tmp_path: Path) -> None:
    """A project elsewhere (the package installed without -e) reads its own folders."""
    for name in ("mkdocs.yml", "mkdocs.en.yml", "mkdocs.base.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("overrides", "docs/ja", "docs/en"):
        (tmp_path / folder).mkdir(parents=True)
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks")
    s = Settings.from_config(config(path=tmp_path / "mkdocs.yml"))
    assert s.root == tmp_path and s.checklists_dir == tmp_path / "checklists"
    (tmp_path / "sub").mkdir()
    assert project_root(tmp_path / "sub") == tmp_path
    with pytest.raises(EconsecError, match=r"no mkdocs\.yml"):
        project_root(Path("/"))
