"""Structured data (``data/<dataset>.yml``): the datasets' columns, validation and loading.

Every data file has the same frame (``title``, ``source`` and optional ``url``, ``as_of``,
``groups``) and a list of ``entries``; the columns of each dataset are declared in ``DATASETS``.
The file is read through ``econsec.sources.yamlfile`` so that every problem is reported as
``data/<file>.yml:<line>: <what is wrong>`` (all problems of the file at once, as a ``DataError``);
an unknown dataset is an error too. ``econsec.mdext.data_table`` renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from econsec.engine.languages import LANGS
from econsec.errors import ProblemsError
from econsec.sources import yamlfile
from econsec.sources.problems import Problems

AS_OF_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
DATE_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
IDENT_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A page of the site with an anchor, as checklist guidance links are written (checked for
# existence where the docs folder is known: econsec.sources.desks).
PAGE_RE = re.compile(r"/((?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.md)#([A-Za-z0-9_-]+)")
TOP_REQUIRED = ("title", "source", "entries")
TOP_OPTIONAL = ("url", "as_of", "groups")
FORMATS = {
    "online": {"ja": "オンライン", "en": "Online"},
    # The source says only 「オンライン含」 (online participants included), not how else.
    "with-online": {"ja": "オンライン参加を含む", "en": "Including online participants"},
}


class DataError(ProblemsError):
    """Problems in a data file, each as ``data/<file>.yml:<line>: <message>``."""


@dataclass(frozen=True)
class Column:
    key: str
    # number | text (a {ja, en} mapping) | plain | date | group | format | choice | list |
    # ident (an id, unique in the file) | url (https://) | page (/<page>.md#<anchor>) |
    # forms ({ja: [...], en: [...]}: the wordings to look for in the pages, each language's
    # unique in the file; none: [])
    kind: str
    header: dict[str, str]
    required: bool = True
    css: str = ""  # a class for the column's cells (econsec-explanation: the site's own text)
    # choice: the allowed values, each with its label {ja, en}; list: a list of plain strings
    # (choice values when ``choices`` is set, shown as their labels; else shown as code).
    choices: dict[str, dict[str, str]] | None = None
    shown: bool = True  # False: data for the build, not a column of the table
    heads_row: bool = False  # the cell that heads its row (th scope=row); one column a dataset
    # ident: the row's anchor on its page is this prefix and the id (the glossary's term-<id>,
    # which pages link to); "": the rows carry no anchor.
    anchor: str = ""


def _h(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


# The accessibility results (data/wcag.yml, about/accessibility.md): what each column may say.
WCAG_LEVELS = {"A": _h("A", "A"), "AA": _h("AA", "AA")}
WCAG_APPLIES = {"yes": _h("適用", "Applies"), "no": _h("適用なし", "Does not apply")}
WCAG_RESULTS = {
    "no-problems": _h("問題の検出なし", "No problems found"),
    "not-tested": _h("未試験", "Not tested"),
    "not-applicable": _h("該当なし", "Not applicable"),
}
WCAG_METHODS = {
    "axe": _h("自動検査（axe-core）", "Automated (axe-core)"),
    "keyboard": _h("キーボード操作の試験", "Keyboard test"),
    "browser": _h("ブラウザでの自動試験", "Automated browser test"),
    "build": _h("サイト作成時の検査", "Build-time check"),
    "review": _h("開発者による確認", "Manual review by the developers"),
}


# A note in the site's own words, shown apart from what the sources say.
OWN_NOTE = Column(
    "note",
    "text",
    _h("備考（本サイトによる）", "Note (this site's explanation)"),
    required=False,
    css="econsec-explanation",
)

DATASETS: dict[str, tuple[Column, ...]] = {
    "designated_technologies": (
        Column("no", "number", _h("番号", "No."), heads_row=True),
        Column("ja", "plain", _h("対象技術", "Japanese name")),
        Column("en", "plain", _h("英語名", "English name")),
    ),
    "outreach_events": (
        Column("date", "date", _h("開催日", "Date")),
        Column("event", "text", _h("会合・研修", "Event"), heads_row=True),
        Column("audience", "text", _h("対象・出席者", "Audience")),
        Column("attendance", "text", _h("参加規模", "Attendance"), required=False),
        Column("speakers", "text", _h("講師", "Speakers")),
        Column("format", "format", _h("形式", "Format"), required=False),
    ),
    "antimonopoly_cases": (
        Column("number", "number", _h("事例", "Case"), heads_row=True),
        Column("group", "group", _h("類型", "Group")),
        Column("title", "text", _h("想定事例", "Hypothetical case")),
        Column("industries", "text", _h("業種の例", "Example industries"), required=False),
        Column("note", "text", _h("備考", "Note"), required=False),
    ),
    "wcag": (
        Column("sc", "plain", _h("達成基準", "Success criterion"), heads_row=True),
        Column("name", "text", _h("名称", "Name")),
        Column("level", "choice", _h("適合レベル", "Level"), choices=WCAG_LEVELS),
        Column("applies", "choice", _h("適用", "Applies"), choices=WCAG_APPLIES),
        Column("result", "choice", _h("結果", "Result"), choices=WCAG_RESULTS),
        Column("methods", "list", _h("確認の方法", "How it was checked"), choices=WCAG_METHODS),
        Column("axe", "list", _h("axe-coreの規則", "axe-core rules"), required=False),
        Column("tests", "list", _h("試験（tests/）", "Tests (tests/)"), required=False),
        OWN_NOTE,
    ),
    "support_desks": (
        # The id checklist items name a desk by (support: [<id>]); not for readers.
        Column("id", "ident", _h("ID", "ID"), shown=False),
        Column("name", "text", _h("窓口", "Desk"), heads_row=True),
        Column("helps", "text", _h("支援の内容", "What it helps with")),
        Column("url", "url", _h("公式ページ", "Official page"), required=False),
        Column("page", "page", _h("このサイトの説明", "On this site")),
        OWN_NOTE,
    ),
    "glossary": (
        # The row's anchor on the glossary page (term-<id>, the same in both languages).
        Column("id", "ident", _h("ID", "ID"), shown=False, anchor="term-"),
        Column("ja", "plain", _h("用語", "Japanese term"), heads_row=True),
        Column("en", "plain", _h("英語", "English term")),
        Column(
            "note",
            "text",
            _h("説明（本サイトによる）", "Note (this site's explanation)"),
            css="econsec-explanation",
        ),
        # Where the term is linked from other pages (econsec.mdext.glossary_links); without it,
        # the term as written in each language.
        Column("link", "forms", _h("リンクする語", "Linked wordings"), required=False, shown=False),
    ),
}


def _anchor_column(name: str) -> Column | None:
    return next((c for c in DATASETS.get(name, ()) if c.anchor), None)


def anchor_prefix(name: str) -> str:
    """What a row's anchor on its page starts with, before its id (``Column.anchor``: the
    glossary's ``term-``); "" when the dataset's rows carry none."""
    col = _anchor_column(name)
    return col.anchor if col else ""


def row_anchor(name: str, row: dict[str, Any]) -> str | None:
    """The anchor of a dataset's row on its page, or None."""
    col = _anchor_column(name)
    return None if col is None else col.anchor + str(row[col.key])


@dataclass(frozen=True)
class Dataset:
    name: str
    title: dict[str, str]
    source: dict[str, str]
    url: str | None
    as_of: str | None
    groups: dict[str, dict[str, str]]
    entries: list[dict[str, Any]]
    # Per entry, the line of each of its keys (and "" for the entry), for later checks' messages.
    lines: tuple[dict[str, int], ...] = ()


class _Check(Problems):
    def i18n(self, node: Any, key: str, what: str) -> dict[str, str] | None:
        value, line = node.get(key), yamlfile.line(node, key)
        if not isinstance(value, dict):
            self.add(line, f"'{key}' in {what} must be a mapping with 'ja' and 'en'")
            return None
        self.mapping(value, line, f"'{key}' in {what}", LANGS, missing_line=line)
        out = {}
        for lang in LANGS:
            text = value.get(lang)
            if lang in value and (not isinstance(text, str) or not text.strip()):
                self.add(
                    yamlfile.line(value, lang), f"'{key}.{lang}' in {what} must be non-empty text"
                )
            out[lang] = str(text or "")
        return out


# Kinds whose value is one string: what a valid one passes, and what the message says it must be.
_STRING_KINDS: dict[str, tuple[Callable[[str], Any], str]] = {
    "plain": (str.strip, "non-empty text"),
    "date": (DATE_RE.fullmatch, 'a quoted date "YYYY-MM-DD"'),
    "ident": (IDENT_RE.fullmatch, "an id of a-z, 0-9 and '-'"),
    "url": (lambda v: v.startswith("https://") and " " not in v, "an https:// address"),
    "page": (PAGE_RE.fullmatch, "a page link /<page>.md#<anchor>"),
}


def _cell(check: _Check, col: Column, entry: Any, what: str, groups: dict[str, Any]) -> Any:
    value, line = entry.get(col.key), yamlfile.line(entry, col.key)
    if col.kind == "text":
        return check.i18n(entry, col.key, what)
    if col.kind == "number":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            check.add(line, f"'{col.key}' in {what} must be a whole number ≥ 1")
        return value
    if col.kind in _STRING_KINDS:
        valid, must = _STRING_KINDS[col.kind]
        if not isinstance(value, str) or not valid(value):
            check.add(line, f"'{col.key}' in {what} must be {must}")
        return str(value)
    if col.kind == "group":
        if value not in groups:
            check.add(
                line, f"'{col.key}' in {what} must be one of: {', '.join(groups) or '(no groups)'}"
            )
        return value
    if col.kind == "choice":
        if value not in (col.choices or {}):
            check.add(line, f"'{col.key}' in {what} must be one of: {', '.join(col.choices or {})}")
        return value
    if col.kind == "list":
        allowed = col.choices
        if not isinstance(value, list):
            check.add(line, f"'{col.key}' in {what} must be a list ([] for none)")
            return []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                check.add(line, f"'{col.key}' in {what} must list non-empty text")
            elif allowed is not None and item not in allowed:
                check.add(
                    line, f"'{col.key}' in {what}: '{item}' is not one of: {', '.join(allowed)}"
                )
        return [str(item) for item in value]
    if col.kind == "forms":
        return _forms(check, value, line, f"'{col.key}' in {what}")
    if value not in FORMATS:
        check.add(line, f"'{col.key}' in {what} must be one of: {', '.join(FORMATS)}")
    return value


def _forms(check: _Check, value: Any, line: int, what: str) -> dict[str, list[str]]:
    if not isinstance(value, dict) or set(value) != set(LANGS):
        check.add(line, f"{what} must be a mapping with 'ja' and 'en', each a list ([] for none)")
        return {lang: [] for lang in LANGS}
    out: dict[str, list[str]] = {}
    for lang in LANGS:
        forms = value[lang]
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            check.add(yamlfile.line(value, lang), f"{what}.{lang} must be a list of non-empty text")
            forms = []
        out[lang] = [str(f) for f in forms]
    return out


def _unique_forms(rows: list[dict[str, Any]], lines: list[dict[str, int]], check: _Check) -> None:
    """A wording names one entry: a page cannot link it to two."""
    for lang in LANGS:
        seen: dict[str, int] = {}
        for index, (row, at) in enumerate(zip(rows, lines, strict=True)):
            for form in link_forms(row, lang):
                key = form.casefold()
                if key in seen and seen[key] != index:
                    check.add(at.get("link", at[""]), f"'{form}' ({lang}) is linked by two entries")
                seen[key] = index


def link_forms(row: dict[str, Any], lang: str) -> list[str]:
    """The wordings of a glossary entry that pages link to the entry, in ``lang``."""
    if "link" in row:
        return list(row["link"][lang])
    return [str(row[lang])]


def _validate(name: str, doc: Any, check: _Check) -> Dataset | None:
    if not check.mapping(doc, yamlfile.line(doc), "the file", TOP_REQUIRED, TOP_OPTIONAL):
        return None
    title = check.i18n(doc, "title", "the file") if "title" in doc else None
    source = check.i18n(doc, "source", "the file") if "source" in doc else None
    url, as_of = doc.get("url"), doc.get("as_of")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        check.add(yamlfile.line(doc, "url"), "'url' must be an https:// address")
    if as_of is not None and not (isinstance(as_of, str) and AS_OF_RE.fullmatch(as_of)):
        check.add(yamlfile.line(doc, "as_of"), "'as_of' must be a quoted month \"YYYY-MM\"")
    groups: dict[str, dict[str, str]] = {}
    raw_groups = doc.get("groups")
    if raw_groups is not None and not isinstance(raw_groups, dict):
        check.add(
            yamlfile.line(doc, "groups"), "'groups' must be a mapping of group id to {ja, en}"
        )
    elif raw_groups is not None:
        for gid in raw_groups:
            groups[str(gid)] = check.i18n(raw_groups, gid, f"group '{gid}'") or {}
    entries = doc.get("entries")
    if "entries" in doc and (not isinstance(entries, list) or not entries):
        check.add(yamlfile.line(doc, "entries"), "'entries' must be a non-empty list")
        entries = []
    columns = DATASETS[name]
    rows: list[dict[str, Any]] = []
    lines: list[dict[str, int]] = []
    for index, entry in enumerate(entries or []):
        what = f"entry {index + 1}"
        required = tuple(c.key for c in columns if c.required)
        optional = tuple(c.key for c in columns if not c.required)
        at = yamlfile.line(entries, index)
        if not check.mapping(entry, at, what, required, optional, missing_line=at):
            continue
        lines.append({"": at, **{str(key): yamlfile.line(entry, key) for key in entry}})
        rows.append(
            {
                c.key: _cell(check, c, entry, what, groups)
                for c in columns
                if c.key in entry and (c.required or entry.get(c.key) is not None)
            }
        )
    numbered = [c.key for c in columns if c.kind == "number"]
    for key in numbered:
        numbers = [row.get(key) for row in rows]
        if numbers != list(range(1, len(rows) + 1)):
            check.add(
                yamlfile.line(doc, "entries"), f"'{key}' must run 1, 2, … {len(rows)} in order"
            )
    for key in (c.key for c in columns if c.kind == "ident"):
        seen: set[str] = set()
        for row, at in zip(rows, lines, strict=True):
            if key not in row:
                continue  # reported as missing
            if row.get(key) in seen:
                check.add(at.get(key, at[""]), f"duplicate '{key}' '{row[key]}'")
            seen.add(row.get(key))
    if any(c.kind == "forms" for c in columns) and not check.problems:
        _unique_forms(rows, lines, check)
    if check.problems:
        return None
    return Dataset(name, title or {}, source or {}, url, as_of, groups, rows, tuple(lines))


def load_dataset(name: str, data_dir: Path) -> Dataset:
    """Load and validate ``<data_dir>/<name>.yml``; raise ``DataError`` naming file and line."""
    path = Path(data_dir) / f"{name}.yml"
    shown = f"{Path(data_dir).name}/{name}.yml"
    if name not in DATASETS:
        raise DataError([f"{shown}:1: unknown dataset '{name}' (known: {', '.join(DATASETS)})"])
    return _load_version(name, path, shown)


def _load_version(name: str, path: Path, shown: str) -> Dataset:
    try:
        stat = path.stat()
    except OSError:
        raise DataError([f"{shown}:1: no such data file"]) from None
    return _validated(name, path, shown, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _validated(name: str, path: Path, shown: str, _mtime: int, _size: int) -> Dataset:
    """Validate one file version once (both language builds render the tables)."""
    try:
        parsed = yamlfile.read(path)
    except OSError:
        raise DataError([f"{shown}:1: no such data file"]) from None
    if parsed.error:
        line, detail, syntax = parsed.error
        raise DataError([f"{shown}:{line}: {'not valid YAML: ' if syntax else ''}{detail}"])
    check = _Check()
    dataset = _validate(name, parsed.doc, check)
    if dataset is None:
        raise DataError([f"{shown}:{line}: {msg}" for line, msg in sorted(check.problems)])
    return dataset
