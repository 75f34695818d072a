"""Broken references in the Markdown pages and the navigation, each as ``file:line: problem``.

MkDocs' strict mode catches a broken link too, but names only the file, and it says nothing about
a block option it does not know (pymdownx then leaves the block as plain text). This checker runs
before the build (``econsec.build.events.configure``) over both languages and reports every
problem at once:

- a link or image (Markdown or HTML) to a page or file that does not exist;
- a link to an anchor that the target page does not define (explicit ids, heading slugs);
- ``/// checklist | <id>`` naming no ``checklists/<id>.yml``; ``/// data-table | <name>`` naming
  an unknown dataset; an option a block does not accept;
- a nav entry (``mkdocs.yml``, ``mkdocs.en.yml``) to a page that does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import yaml

from econsec.errors import ProblemsError
from econsec.sources.pages import page_ids
from econsec.sources.parity import LANGS

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+).*?\1")
# [text](target "title") and ![alt](target); the text may hold one level of brackets.
INLINE_LINK_RE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_REF_RE = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
BLOCK_START_RE = re.compile(r"^ {0,3}(/{3,})\s*([\w-]+)\s*(?:\|\s*(.*?))?\s*$")
OPTION_RE = re.compile(r"^ {4,}([A-Za-z_][\w-]*)\s*:")
HEADING_RE = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)

# Options each block accepts (pymdownx adds ``attrs`` to every block).
ADMONITION_TYPES = ("note", "attention", "caution", "danger", "error", "tip", "hint", "warning")
BLOCK_OPTIONS: dict[str, frozenset[str]] = {
    "checklist": frozenset({"attrs"}),
    "data-table": frozenset({"attrs"}),
    "page-list": frozenset({"attrs"}),
    "shared-device": frozenset({"attrs"}),
    "combine": frozenset({"attrs"}),
    "start-here": frozenset({"attrs"}),
    "checks-table": frozenset({"attrs"}),
    "admonition": frozenset({"type", "attrs"}),
    "details": frozenset({"type", "open", "attrs"}),
    **{name: frozenset({"type", "attrs"}) for name in ADMONITION_TYPES},
}


class ReferenceCheckError(ProblemsError):
    """Broken references, each as ``<file>:<line>: <problem>``."""


@dataclass(frozen=True)
class Site:
    root: Path  # holds mkdocs.yml, mkdocs.en.yml, docs/, checklists/, data/

    def docs(self, lang: str) -> Path:
        return self.root / "docs" / lang

    def show(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _datasets() -> frozenset[str]:
    from econsec.sources.datasets import DATASETS  # late: keeps this module light to import

    return frozenset(DATASETS)


def _slug(text: str) -> str:
    from pymdownx.slugs import slugify

    return slugify(case="lower")(text, "-")


def anchors(page: Path) -> frozenset[str]:
    """Ids a page defines: explicit ids plus the slugs of headings without one (cached per file
    version, like ``page_ids``: each build checks both languages and pages share targets)."""
    stat = page.stat()
    return _anchors(page, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _anchors(page: Path, _mtime: int, _size: int) -> frozenset[str]:
    ids = set(page_ids(page))
    for line in _prose_lines(page.read_text(encoding="utf-8")):
        heading = HEADING_RE.match(line[1])
        if heading and "{" not in heading.group(1):
            ids.add(_slug(heading.group(1)))
        block = BLOCK_START_RE.match(line[1])
        if block and block.group(2) == "data-table":
            ids.update(_row_ids(page, (block.group(3) or "").strip()))
    return frozenset(ids)


def _row_ids(page: Path, dataset: str) -> set[str]:
    """The row ids a data table renders (the glossary's term-<id>), from the data folder next to
    the page's docs folder; none for a table without them or data that does not load."""
    from econsec.sources.datasets import DataError, anchor_prefix, load_dataset, row_anchor

    docs = next((p for p in page.parents if p.name == "docs"), None)
    if not anchor_prefix(dataset) or docs is None:
        return set()
    try:
        rows = load_dataset(dataset, docs.parent / "data").entries
    except DataError:
        return set()  # the data table itself reports it
    return {str(row_anchor(dataset, row)) for row in rows}


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code, with inline code spans blanked."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        m = FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append((number, CODE_SPAN_RE.sub("", line)))
    return out


def _targets(line: str) -> list[tuple[str, str]]:
    """(kind, target) of every link and image on a line; kind is "link" or "image"."""
    found = [
        ("image" if m.group(0).startswith("!") else "link", m.group(1))
        for m in INLINE_LINK_RE.finditer(line)
    ]
    found += [
        ("image" if m.group(0).lower().startswith("src") else "link", m.group(1))
        for m in HTML_REF_RE.finditer(line)
    ]
    if ref := REF_DEF_RE.match(line):
        found.append(("link", ref.group(1)))
    return found


def _check_target(site: Site, lang: str, page: Path, kind: str, target: str) -> str | None:
    """The problem with one link target, in plain words, or None."""
    if EXTERNAL_RE.match(target):
        return None
    path_part, _, fragment = target.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    docs = site.docs(lang)
    if not path_part:
        dest = page
    elif path_part.startswith("/"):  # validation.absolute_links: relative_to_docs
        dest = docs / path_part.lstrip("/")
    else:
        dest = page.parent / path_part
    if path_part:
        if not dest.resolve().is_relative_to(docs.resolve()):
            return f"link '{target}' points outside docs/{lang}/"
        if not dest.is_file():
            what = "image" if kind == "image" else "page" if dest.suffix == ".md" else "file"
            missing = f"{what} that does not exist"
            if kind == "link":
                missing = f"link to a {missing}"
            return f"{missing}: '{target}' ({site.show(dest)})"
    if fragment and dest.suffix == ".md" and fragment not in anchors(dest):
        where = "this page" if not path_part else site.show(dest)
        return f"link to an anchor that does not exist: '{target}' (no id '{fragment}' in {where})"
    return None


def checklist_ids(markdown: str, *, combine: bool = False) -> tuple[str, ...]:
    """The ids of the ``/// checklist | <id>`` blocks a page holds (outside code), in order; with
    ``combine``, also those a ``/// combine | <id> …`` block names: every checklist the page
    needs the engine for (``build.events.mark_page``)."""
    found = []
    for _, line in _prose_lines(markdown):
        m = BLOCK_START_RE.match(line)
        if m and m.group(2).lower() == "checklist" and (m.group(3) or "").strip():
            found.append((m.group(3) or "").strip())
        elif m and combine and m.group(2).lower() == "combine":
            found.extend((m.group(3) or "").split())
    return tuple(found)


def _check_block(site: Site, lines: list[tuple[int, str]], index: int) -> list[tuple[int, str]]:
    number, line = lines[index]
    m = BLOCK_START_RE.match(line)
    if not m:
        return []
    name, argument = m.group(2).lower(), (m.group(3) or "").strip()
    from econsec.sources.checklists import available_checklists  # late, as DATASETS above

    problems: list[tuple[int, str]] = []
    if name == "combine":
        known = available_checklists(site.root / "checklists")
        if not argument:
            problems.append((number, "combine block without checklist ids (/// combine | <id> …)"))
        for cid in argument.split():
            if cid not in known:
                problems.append(
                    (number, f"unknown checklist '{cid}' (available: {', '.join(known) or 'none'})")
                )
    elif name == "checklist":
        if not argument:
            problems.append(
                (number, "checklist block without a checklist id (/// checklist | <id>)")
            )
        elif not (site.root / "checklists" / f"{argument}.yml").is_file():
            known = available_checklists(site.root / "checklists")
            problems.append(
                (
                    number,
                    f"unknown checklist '{argument}' (available: {', '.join(known) or 'none'})",
                )
            )
    elif name == "data-table":
        known = sorted(_datasets())
        if argument not in known:
            problems.append(
                (number, f"unknown data table '{argument}' (known: {', '.join(known)})")
            )
    allowed = BLOCK_OPTIONS.get(name)
    if allowed is None:
        return problems
    expected = number + 1  # options are the indented lines right below the header
    for opt_number, opt_line in lines[index + 1 :]:
        if opt_number != expected:
            break
        expected += 1
        option = OPTION_RE.match(opt_line)
        if not option:
            break
        if option.group(1) not in allowed:
            problems.append(
                (
                    opt_number,
                    f"unknown option '{option.group(1)}' in the {name} block "
                    f"(allowed: {', '.join(sorted(allowed))})",
                )
            )
    return problems


def check_page(site: Site, lang: str, page: Path) -> list[str]:
    """Every broken reference of one Markdown page, as ``docs/<lang>/<page>.md:<line>: …``."""
    lines = _prose_lines(page.read_text(encoding="utf-8"))
    shown = site.show(page)
    problems: list[tuple[int, str]] = []
    for index, (number, line) in enumerate(lines):
        for kind, target in _targets(line):
            if problem := _check_target(site, lang, page, kind, target):
                problems.append((number, problem))
        problems.extend(_check_block(site, lines, index))
    return [f"{shown}:{n}: {msg}" for n, msg in problems]


def _nav_entries(node: yaml.Node) -> list[tuple[int, str]]:
    """(line, page path) of every page in a composed nav node."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.start_mark.line + 1, str(node.value))]
    out: list[tuple[int, str]] = []
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out.extend(_nav_entries(child))
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            out.extend(_nav_entries(value))
    return out


def check_nav(site: Site, lang: str) -> list[str]:
    """Nav entries of ``mkdocs.yml`` / ``mkdocs.en.yml`` that point to no page."""
    config = site.root / LANGS[lang]
    if not config.is_file():
        return []
    try:
        doc = yaml.compose(config.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return []  # MkDocs reports malformed YAML itself, with its line
    if not isinstance(doc, yaml.MappingNode):
        return []
    problems = []
    for key, value in doc.value:
        if key.value != "nav":
            continue
        for line, entry in _nav_entries(value):
            if EXTERNAL_RE.match(entry) or not entry.endswith(".md"):
                continue
            if not (site.docs(lang) / entry).is_file():
                problems.append(
                    f"{LANGS[lang]}:{line}: nav entry to a page that does not exist: "
                    f"'{entry}' (docs/{lang}/{entry})"
                )
    return problems


def check_site(root: Path) -> list[str]:
    """Every broken reference of both languages, in file order."""
    site = Site(root)
    problems: list[str] = []
    for lang in LANGS:
        problems.extend(check_nav(site, lang))
        docs = site.docs(lang)
        for page in sorted(docs.rglob("*.md")):
            problems.extend(check_page(site, lang, page))
    return problems


def check(root: Path) -> None:
    """Raise ReferenceCheckError listing every broken reference under ``root``."""
    if problems := check_site(root):
        raise ReferenceCheckError(problems)
