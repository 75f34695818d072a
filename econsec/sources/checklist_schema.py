"""The checklist schema: ``Validator`` walks one checklist file's YAML tree and collects every
problem as ``(line, message)``; ``econsec.sources.checklists`` loads files with it. The schema is
documented in the README ("Authoring checklists").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from econsec.engine.combine import AUTO_ID
from econsec.engine.languages import LANGS
from econsec.engine.model import ANSWERS, KINDS, MAX_WEIGHT
from econsec.sources import yamlfile
from econsec.sources.pages import page_link_problem
from econsec.sources.problems import Problems

ID_RE = re.compile(r"[a-z0-9-]+")
# Names every JavaScript object already has (Object.getOwnPropertyNames(Object.prototype)), and
# "prototype": as an id they would collide with a plain object's own properties in the widget
# (answers[id], lookups by id). Only "constructor" and "prototype" also pass ID_RE; all are
# listed so that the message says why.
RESERVED_IDS = frozenset(
    {
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "prototype",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)
VERSION_RE = re.compile(r"\d+\.\d+\.\d+")
AS_OF_RE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
# "/<page>.md#<anchor>", resolved against docs/<lang>/ (mkdocs: absolute_links relative_to_docs).
GUIDANCE_RE = re.compile(r"/((?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.md)#([A-Za-z0-9_-]+)")

TOP_REQUIRED = ("id", "version", "title", "description", "source", "sections")
TOP_OPTIONAL = ("kind", "answers", "outcome", "audience", "otherwise")
# otherwise: the checklist that fits a reader this one is not for, and when (README).
OTHERWISE_KEYS = (("checklist", "when"), ())
SOURCE_KEYS = (("document", "edition"), ("url",))
SECTION_KEYS = (("id", "title", "items"), ())
ITEM_KEYS = (("id", "text", "provenance", "guidance", "next_step"), ("weight", "support"))
PROVENANCE_KEYS = {
    "official": ("type", "document", "reference"),
    "derived": ("type", "basis"),
}
OUTCOME_TEXTS = ("may_apply", "not_indicated", "undetermined", "disclaimer")
OUTCOME_KEYS = (*OUTCOME_TEXTS, "as_of")
# The site's own words under the outcome: what it cannot judge, and what to take along.
OUTCOME_OPTIONAL = ("judgement", "prepare")


class Validator(Problems):
    """Walks one file's YAML tree, collecting ``(line, message)`` problems."""

    def __init__(
        self,
        docs_root: Path | None,
        expected_id: str,
        desks: frozenset[str] | None = None,
        checklists: frozenset[str] | None = None,
    ) -> None:
        super().__init__()
        self.docs_root = docs_root
        self.expected_id = expected_id
        self.desks = desks  # the support desk ids (data/support_desks.yml); None: not checked
        # The checklist ids `otherwise` may name (the files beside this one); None: not checked.
        self.checklists = checklists

    def text(self, parent: dict[str, Any], key: str, what: str) -> dict[str, str] | None:
        """A ``{ja, en}`` text under ``parent[key]``; both translations non-empty strings."""
        if key not in parent:
            return None  # reported as a missing key by the caller's mapping()
        node = parent[key]
        where = f"'{key}' of {what}"
        if not isinstance(node, dict):
            self.add(yamlfile.line(parent, key), f"{where} must be a mapping with ja and en")
            return None
        out = {}
        for k in node:
            if k not in LANGS:
                self.add(yamlfile.line(node, k), f"unknown key '{k}' in {where} (allowed: ja, en)")
        for lang in LANGS:
            value = node.get(lang)
            if lang not in node or value is None or (isinstance(value, str) and not value.strip()):
                line = yamlfile.line(node, lang) if lang in node else yamlfile.line(parent, key)
                self.add(line, f"missing translation '{lang}' in {where}")
            elif not isinstance(value, str):
                self.add(yamlfile.line(node, lang), f"translation '{lang}' in {where} must be text")
            else:
                out[lang] = str(value).strip()
        return out if len(out) == len(LANGS) else None

    def ident(self, node: dict[str, Any], what: str) -> str | None:
        value = node.get("id")
        if value is None:
            return None
        if isinstance(value, str) and value in RESERVED_IDS:
            self.add(
                yamlfile.line(node, "id"),
                f"reserved id '{value}' for {what}: it is the name of a property of every "
                "JavaScript object (Object.prototype); choose another id",
            )
            return None
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            self.add(
                yamlfile.line(node, "id"),
                f"bad id {yamlfile.show(value)} for {what}: use lowercase letters, digits and "
                "hyphens ([a-z0-9-]+)",
            )
            return None
        return str(value)

    # -- the checklist ----------------------------------------------------------------------

    def checklist(self, doc: Any) -> dict[str, Any] | None:
        if doc is None:
            self.add(1, "empty file: expected a checklist (id, version, title, …)")
            return None
        if not self.mapping(doc, 1, "checklist", TOP_REQUIRED, TOP_OPTIONAL):
            return None
        cid = self.ident(doc, "the checklist")
        if cid == AUTO_ID:
            self.add(
                yamlfile.line(doc, "id"),
                f"reserved id '{cid}' for the checklist: `econsec combine {cid}` picks the "
                "checklist most of the files answer; choose another id",
            )
        elif cid is not None and cid != self.expected_id:
            self.add(
                yamlfile.line(doc, "id"),
                f"checklist id '{cid}' does not match the file name "
                f"(expected '{self.expected_id}')",
            )
        version = doc.get("version")
        if "version" in doc and not (isinstance(version, str) and VERSION_RE.fullmatch(version)):
            self.add(
                yamlfile.line(doc, "version"),
                f'bad version {yamlfile.show(version)}: use a semantic version X.Y.Z in quotes, e.g. "1.0.0"',
            )
        kind = doc.get("kind", "score")
        if kind not in KINDS:
            self.add(
                yamlfile.line(doc, "kind"),
                f"bad kind {yamlfile.show(kind)}: use score or screening",
            )
            kind = "score"
        answers = self.answers(doc, kind)
        title = self.text(doc, "title", "the checklist")
        description = self.text(doc, "description", "the checklist")
        source = self.source(doc)
        outcome = self.outcome(doc, kind)
        audience = self.text(doc, "audience", "the checklist")
        otherwise = self.otherwise(doc)
        sections, items = self.sections(doc)
        if self.problems:
            return None
        return {
            "id": cid,
            "version": str(version),
            "kind": kind,
            "title": title,
            "description": description,
            "source": source,
            "answers": answers,
            "sections": sections,
            "items": items,
            "outcome": outcome,
            "audience": audience,
            "otherwise": otherwise,
        }

    def otherwise(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """``otherwise: {checklist: <id>, when: {ja, en}}``: the checklist to use instead, and
        for whom (e.g. a firm with no plans abroad); it must exist and not be this one."""
        if "otherwise" not in doc:
            return None
        node, line = doc["otherwise"], yamlfile.line(doc, "otherwise")
        if not self.mapping(node, line, "otherwise", *OTHERWISE_KEYS):
            return None
        when = self.text(node, "when", "otherwise")
        if "checklist" not in node:
            return None  # reported by mapping()
        target, at = node["checklist"], yamlfile.line(node, "checklist")
        if not isinstance(target, str) or not ID_RE.fullmatch(target):
            self.add(at, f"bad checklist {yamlfile.show(target)} in otherwise: use a checklist id")
            return None
        if target == self.expected_id:
            self.add(at, f"otherwise names this checklist itself ('{target}'): name another one")
            return None
        if self.checklists is not None and target not in self.checklists:
            self.add(
                at,
                f"unknown checklist '{target}' in otherwise (no checklists/{target}.yml)",
            )
            return None
        return None if when is None else {"checklist": str(target), "when": when}

    def answers(self, doc: dict[str, Any], kind: str) -> list[str]:
        allowed = ANSWERS[kind]
        if "answers" not in doc:
            return list(allowed)
        node = doc["answers"]
        line = yamlfile.line(doc, "answers")
        if not isinstance(node, list) or not node:
            self.add(
                line, f"bad answer set: answers must be a non-empty list of {', '.join(allowed)}"
            )
            return list(allowed)
        seen: set[str] = set()
        for i, value in enumerate(node):
            if value not in allowed:
                self.add(
                    yamlfile.line(node, i),
                    f"bad answer set: {yamlfile.show(value)} is not an answer of kind {kind} "
                    f"(allowed: {', '.join(allowed)})",
                )
            elif value in seen:
                self.add(yamlfile.line(node, i), f"bad answer set: '{value}' is listed twice")
            seen.add(str(value))
        if not {"yes", "no"} <= seen:
            self.add(line, "bad answer set: it must include 'yes' and 'no'")
        return [a for a in allowed if a in seen]

    def source(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        node = doc.get("source")
        if node is None or not self.mapping(
            node, yamlfile.line(doc, "source"), "source", *SOURCE_KEYS
        ):
            return None
        out: dict[str, Any] = {
            "document": self.text(node, "document", "source"),
            "edition": self.text(node, "edition", "source"),
        }
        if "url" in node:
            url = node["url"]
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                self.add(
                    yamlfile.line(node, "url"),
                    f"bad url {yamlfile.show(url)}: must start with https://",
                )
            else:
                out["url"] = str(url)
        return out

    def outcome(self, doc: dict[str, Any], kind: str) -> dict[str, Any] | None:
        if kind != "screening":
            if "outcome" in doc:
                self.add(
                    yamlfile.line(doc, "outcome"), "outcome is only allowed with kind: screening"
                )
            return None
        if "outcome" not in doc:
            self.add(1, "missing key 'outcome' in checklist (a screening checklist needs it)")
            return None
        node = doc["outcome"]
        line = yamlfile.line(doc, "outcome")
        if not self.mapping(node, line, "outcome", OUTCOME_KEYS, OUTCOME_OPTIONAL):
            return None
        out: dict[str, Any] = {key: self.text(node, key, "outcome") for key in OUTCOME_TEXTS}
        for key in OUTCOME_OPTIONAL:
            if key in node:
                out[key] = self.text(node, key, "outcome")
        as_of = node.get("as_of")
        if isinstance(as_of, dt.date):  # unquoted 2026-03-01 is a YAML timestamp
            as_of = as_of.isoformat()
        if "as_of" in node:
            if not (isinstance(as_of, str) and AS_OF_RE.fullmatch(as_of)):
                self.add(
                    yamlfile.line(node, "as_of"), f'bad as_of {yamlfile.show(as_of)}: use "YYYY-MM"'
                )
            out["as_of"] = str(as_of)
        return out

    def sections(self, doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        node = doc.get("sections")
        if "sections" not in doc:
            return [], []
        if not isinstance(node, list) or not node:
            self.add(yamlfile.line(doc, "sections"), "sections must be a non-empty list")
            return [], []
        sections: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        section_ids: dict[str, int] = {}
        item_ids: dict[str, int] = {}
        for s_index, s_node in enumerate(node):
            s_line = yamlfile.line(node, s_index)
            what = f"section {s_index + 1}"
            sid = self.ident(s_node, what) if isinstance(s_node, dict) else None
            if sid is not None:
                what = f"section '{sid}'"
            if not self.mapping(s_node, s_line, what, *SECTION_KEYS):
                continue
            if sid is not None:
                if sid in section_ids:
                    self.add(
                        yamlfile.line(s_node, "id"),
                        f"duplicate section id '{sid}' (first at line {section_ids[sid]})",
                    )
                section_ids.setdefault(sid, yamlfile.line(s_node, "id"))
            title = self.text(s_node, "title", what)
            entries = s_node.get("items")
            if "items" in s_node and (not isinstance(entries, list) or not entries):
                self.add(
                    yamlfile.line(s_node, "items"), f"items of {what} must be a non-empty list"
                )
                entries = []
            ids = []
            for i_index, i_node in enumerate(entries or []):
                item = self.item(i_node, yamlfile.line(entries, i_index), sid or "", i_index)
                if item is None:
                    continue
                iid = item["id"]
                if iid in item_ids:
                    self.add(
                        yamlfile.line(i_node, "id"),
                        f"duplicate item id '{iid}' (first at line {item_ids[iid]})",
                    )
                    continue
                item_ids[iid] = yamlfile.line(i_node, "id")
                ids.append(iid)
                items.append(item)
            sections.append({"id": sid, "title": title, "items": ids})
        return sections, items

    def item(self, node: Any, line: int, section: str, index: int) -> dict[str, Any] | None:
        what = f"item {index + 1} of section '{section}'"
        iid = self.ident(node, what) if isinstance(node, dict) else None
        if iid is not None:
            what = f"item '{iid}'"
        if not self.mapping(node, line, what, *ITEM_KEYS):
            return None
        text = self.text(node, "text", what)
        next_step = self.text(node, "next_step", what)
        provenance = self.provenance(node, what)
        weight = self.weight(node)
        guidance = self.guidance(node)
        support = self.support(node, what)
        if iid is None:
            return None
        return {
            "id": iid,
            "section": section,
            "text": text,
            "weight": weight,
            "provenance": provenance,
            "guidance": guidance,
            "next_step": next_step,
            "support": support,
        }

    def support(self, node: dict[str, Any], what: str) -> list[str]:
        """``support: [<desk id>, …]``: the desks that help with this item when it is a gap."""
        if "support" not in node:
            return []
        value, line = node["support"], yamlfile.line(node, "support")
        if not isinstance(value, list):
            self.add(line, f"bad support of {what}: must be a list of desk ids, e.g. [tics]")
            return []
        out: list[str] = []
        for index, desk in enumerate(value):
            at = yamlfile.line(value, index)
            if not isinstance(desk, str) or not ID_RE.fullmatch(desk):
                self.add(at, f"bad support desk {yamlfile.show(desk)} in {what}: use a desk id")
            elif desk in out:
                self.add(at, f"support desk '{desk}' listed twice in {what}")
            elif self.desks is not None and desk not in self.desks:
                known = ", ".join(sorted(self.desks)) or "none: data/support_desks.yml is missing"
                self.add(at, f"unknown support desk '{desk}' in {what} (known: {known})")
            else:
                out.append(desk)
        return out

    def weight(self, node: dict[str, Any]) -> int | float:
        if "weight" not in node:
            return 1
        value = node["weight"]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or not 0 < value <= MAX_WEIGHT:
            self.add(
                yamlfile.line(node, "weight"),
                f"bad weight {yamlfile.show(value)}: must be a number > 0 and ≤ {MAX_WEIGHT}",
            )
            return 1
        return int(value) if float(value).is_integer() else float(value)

    def provenance(self, node: dict[str, Any], what: str) -> dict[str, Any] | None:
        if "provenance" not in node:
            return None
        prov = node["provenance"]
        line = yamlfile.line(node, "provenance")
        where = f"provenance of {what}"
        if not isinstance(prov, dict):
            self.add(line, f"bad provenance of {what}: must be a mapping with a type")
            return None
        kind = prov.get("type")
        if kind not in PROVENANCE_KEYS:
            self.add(
                yamlfile.line(prov, "type") if "type" in prov else line,
                f"bad provenance of {what}: type {yamlfile.show(kind)} must be official or derived",
            )
            return None
        keys = PROVENANCE_KEYS[kind]
        self.mapping(prov, line, where, keys, (), allowed_note=f" for type {kind}")
        out: dict[str, Any] = {"type": kind}
        for key in keys[1:]:
            out[key] = self.text(prov, key, where)
        return out

    def guidance(self, node: dict[str, Any]) -> str | None:
        if "guidance" not in node:
            return None
        value = node["guidance"]
        line = yamlfile.line(node, "guidance")
        match = GUIDANCE_RE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            self.add(line, f"bad guidance link {yamlfile.show(value)}: use /<page>.md#<anchor>")
            return None
        if self.docs_root is not None:
            page, anchor = match.groups()
            problem = page_link_problem(self.docs_root, page, anchor, f"guidance link '{value}'")
            if problem:
                self.add(line, problem)
        return str(value)
