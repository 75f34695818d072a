"""The build's settings, read once from the MkDocs config into one typed, validated object.

Authors set ``extra: econsec:`` in ``mkdocs.yml``; ``econsec build`` / ``econsec serve`` add the
internal keys. ``Settings.from_config`` checks every key (an unknown one is an error naming it),
derives the rest and replaces the dict in ``config.extra["econsec"]``, so that the templates
(``config.extra.econsec.build_id``), the Markdown extension and every build step read the same
object. Paths come from the folder of the MkDocs config file, never from the package's own
location, so the package works installed with or without ``-e``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from econsec import __version__
from econsec.engine.languages import LANGS
from econsec.errors import EconsecError

CspMode = Literal["http", "serve"]
CONFIG_NAME = "mkdocs.yml"

# Keys an author may set in mkdocs.yml, with their meaning (the error for an unknown key lists them).
AUTHOR_KEYS = {
    "snapshot": "true|false: build the engine's memory snapshot (default true)",
}
# Keys econsec's own commands set; derived keys may be given to reproduce a build.
INTERNAL_KEYS = {"csp", "inputs_checked", "version", "build_date", "build_id", "snapshot_key"}


class SettingsError(EconsecError):
    """A wrong ``extra.econsec`` setting."""


def build_date() -> str:
    """The build date, reproducible when SOURCE_DATE_EPOCH is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``mkdocs.yml``: ``start`` (default: the working folder) or a parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise EconsecError(f"no {CONFIG_NAME} in {here} or above: run econsec in the project folder")


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of the MkDocs config file
    lang: str  # ja | en (theme.language)
    snapshot: bool = True  # author: build the engine's memory snapshot
    csp: CspMode = "http"  # "serve": no policy (live reload injects a changing inline script)
    inputs_checked: bool = False  # the other language's build already checked every input
    version: str = __version__
    build_date: str = ""
    build_id: str = ""  # <version>+<date>, shown in the footer and keyed into browser storage
    snapshot_key: str = ""  # the snapshot the pages name; "" when it is off

    @property
    def docs_root(self) -> Path:
        return self.root / "docs"

    @property
    def checklists_dir(self) -> Path:
        return self.root / "checklists"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        """Validate ``config.extra["econsec"]`` and derive the rest (idempotent)."""
        raw = config.extra.get("econsec")
        if isinstance(raw, Settings):
            return raw
        raw = dict(raw or {})
        where = f"{Path(config.config_file_path).name}: extra.econsec"
        unknown = sorted(set(raw) - set(AUTHOR_KEYS) - INTERNAL_KEYS)
        if unknown:
            known = "; ".join(f"{k} ({v})" for k, v in AUTHOR_KEYS.items())
            raise SettingsError(f"{where}.{unknown[0]}: unknown setting (known: {known})")
        for key in ("snapshot", "inputs_checked"):
            if key in raw and not isinstance(raw[key], bool):
                raise SettingsError(f"{where}.{key}: must be true or false, not {raw[key]!r}")
        if raw.get("csp", "http") not in ("http", "serve"):
            raise SettingsError(f"{where}.csp: must be http or serve, not {raw['csp']!r}")
        lang = config.theme["language"]
        if lang not in LANGS:
            raise SettingsError(f"{where}: theme.language must be one of {LANGS}, not {lang!r}")
        fields = {f.name for f in dataclasses.fields(cls)}
        settings = cls(
            root=Path(config.config_file_path).resolve().parent,
            lang=lang,
            **{k: v for k, v in raw.items() if k in fields},
        )
        date = settings.build_date or build_date()
        return dataclasses.replace(
            settings, build_date=date, build_id=settings.build_id or f"{settings.version}+{date}"
        )

    def with_snapshot_key(self, snapshot_key: str) -> Settings:
        return dataclasses.replace(self, snapshot_key=snapshot_key)


def of(config: Any) -> Settings:
    """The settings ``on_config`` stored in ``config`` (validated on first use)."""
    return Settings.from_config(config)
