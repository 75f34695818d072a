"""Japanese prose check (``make lint``): textlint over docs/ja/** and the Japanese strings of
checklists/*.yml and data/*.yml, with the rules in .textlintrc.yml.

textlint reads Markdown and plain text, not our YAML nor pymdownx's block syntax, so this script
hands it copies it can read and maps every message back to the file and line an author edits:

- ``docs/ja/**.md``: the same lines, with the block syntax blanked out (``/// name | title``
  fences and their option lines, ``!!! type "title"`` headers) and the bodies of ``!!!``
  admonitions dedented, so that the text inside (the 出典 notes) is checked as prose rather than
  skipped as an indented code block; heading ids ``{#id}`` and attribute lists are removed.
  Line numbers do not move, so messages name ``docs/ja/<page>.md:<line>`` as they are.
- YAML: every string under a ``ja`` key becomes a Markdown file of its own (each is shown on its
  own, so a question in ですます and a next step in である are not one text); a label without a
  closing 。 or ？ becomes a heading, as titles and table cells are not sentences. A message on
  it is reported as ``checklists/<file>.yml:<line>``.

Prints ``path:line:column: message [rule]`` per problem and exits 1 if there is any.
Usage: python tools/jalint.py [--textlint node_modules/.bin/textlint]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
HEADING_ATTRS = re.compile(r"\s*\{[#:][^}]*\}\s*$")
BLOCK_FENCE = re.compile(r"^\s*///")
BLOCK_OPTION = re.compile(r"^ {4}[a-z_]+: ")
ADMONITION = re.compile(r"^!!! \w+")
SENTENCE_END = ("。", "？", "！", "）。")


def markdown_copy(text: str) -> str:
    """The page with the same number of lines, in Markdown that textlint reads as prose."""
    out: list[str] = []
    in_options = False  # option lines right after a /// fence
    in_admonition = False
    for line in text.splitlines():
        if BLOCK_FENCE.match(line):
            out.append("")
            in_options = True
            in_admonition = False
            continue
        if in_options and BLOCK_OPTION.match(line):
            out.append("")
            continue
        in_options = False
        if ADMONITION.match(line):
            out.append("")
            in_admonition = True
            continue
        if in_admonition:
            if line.startswith("    "):
                line = line[4:]
            elif line.strip():
                in_admonition = False
        if line.lstrip().startswith("#"):
            line = HEADING_ATTRS.sub("", line)
        line = re.sub(r"\{: [^}]*\}", "", line)
        out.append(line)
    return "\n".join(out) + "\n"


def _ja_strings(node, found: list[tuple[int, str]]) -> None:
    """Every string under a ``ja`` key, with its line (ruamel's round-trip positions)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ja" and isinstance(value, str):
                line = node.lc.key(key)[0] + 1 if hasattr(node, "lc") else 1
                found.append((line, value))
            else:
                _ja_strings(value, found)
    elif isinstance(node, list):
        for value in node:
            _ja_strings(value, found)


def yaml_copies(path: Path) -> list[tuple[int, str]]:
    """One Markdown text per Japanese string of the YAML file, with the string's line."""
    found: list[tuple[int, str]] = []
    _ja_strings(YAML(typ="rt").load(path.read_text(encoding="utf-8")), found)
    out = []
    for yaml_line, text in found:
        text = " ".join(text.split())
        out.append((yaml_line, (text if text.endswith(SENTENCE_END) else f"# {text}") + "\n"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--textlint", default=str(ROOT / "node_modules" / ".bin" / "textlint"))
    args = parser.parse_args(argv)
    pages = sorted((ROOT / "docs" / "ja").rglob("*.md"))
    yamls = sorted([*(ROOT / "checklists").glob("*.yml"), *(ROOT / "data").glob("*.yml")])
    with tempfile.TemporaryDirectory(prefix="jalint-") as tmp:
        tmpdir = Path(tmp)
        origin: dict[Path, tuple[str, int | None]] = {}
        for page in pages:
            rel = page.relative_to(ROOT).as_posix()
            copy = tmpdir / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(markdown_copy(page.read_text(encoding="utf-8")), encoding="utf-8")
            origin[copy.resolve()] = (rel, None)
        for path in yamls:
            rel = path.relative_to(ROOT).as_posix()
            for n, (yaml_line, text) in enumerate(yaml_copies(path)):
                copy = tmpdir / rel / f"{n:04d}.md"
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(text, encoding="utf-8")
                origin[copy.resolve()] = (rel, yaml_line)
        cmd = [
            args.textlint,
            "--config",
            str(ROOT / ".textlintrc.yml"),
            "--rules-base-directory",
            str(ROOT / "node_modules"),
            "--format",
            "json",
            *(str(p) for p in origin),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        try:
            results = json.loads(run.stdout)
        except json.JSONDecodeError:
            sys.stderr.write(run.stdout + run.stderr)
            return 2
    problems = []
    for result in results:
        rel, yaml_line = origin[Path(result["filePath"]).resolve()]
        for msg in result["messages"]:
            line, column = (msg["line"], msg["column"]) if yaml_line is None else (yaml_line, 0)
            message = msg["message"].strip().splitlines()[0]
            problems.append((rel, line, column, message, msg["ruleId"]))
    for rel, line, column, message, rule in sorted(problems):
        where = f"{rel}:{line}:{column}" if column else f"{rel}:{line}"
        print(f"{where}: {message} [{rule}]")
    checked = f"{len(pages)} pages in docs/ja and the Japanese strings of {len(yamls)} YAML files"
    if problems:
        print(f"textlint: {len(problems)} problem(s) in {checked}", file=sys.stderr)
        return 1
    print(f"textlint: no problems in {checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
