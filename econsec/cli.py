"""Command line: ``econsec score|compare|plan|combine|validate|build|bundle|serve``.

Errors in user input (a malformed checklist, a bad answers file) print one clear line and exit
with status 1 or 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from econsec.engine.combine import AUTO_ID
from econsec.errors import EconsecError
from econsec.settings import project_root


def _dir(args: argparse.Namespace, given: str | None, name: str) -> Path:
    """An option's folder, else ``<project root>/<name>`` (root: --root or found from here)."""
    if given:
        return Path(given)
    return project_root(Path(args.root) if args.root else None) / name


def _cmd_score(args: argparse.Namespace) -> int:
    from econsec.engine.exchange import answers_from_json
    from econsec.engine.scoring import score
    from econsec.sources.checklists import load_checklist_by_id

    checklist = load_checklist_by_id(args.checklist_id, _dir(args, args.checklists, "checklists"))
    text = Path(args.answers).read_text(encoding="utf-8-sig")
    answers = answers_from_json(text, checklist)
    result = score(checklist, answers)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from econsec.engine.compare import compare_stored, earlier_file
    from econsec.engine.exchange import answers_from_json
    from econsec.engine.scoring import AnswersError
    from econsec.sources.checklists import load_checklist_by_id

    checklist = load_checklist_by_id(args.checklist_id, _dir(args, args.checklists, "checklists"))
    before, after = (
        Path(name).read_text(encoding="utf-8-sig") for name in (args.before, args.after)
    )
    try:
        earlier = earlier_file(before, checklist)
    except AnswersError as exc:
        raise AnswersError(f"{args.before}: {exc}") from None
    try:
        now = answers_from_json(after, checklist)
    except AnswersError as exc:
        raise AnswersError(f"{args.after}: {exc}") from None
    # What the browser shows (econsec.engine.bridge.compare_json): the same function.
    print(json.dumps(compare_stored(earlier, checklist, now), ensure_ascii=False, indent=2))
    return 0


def _iso_date(text: str) -> str:
    from econsec.engine.plan import valid_date

    if not valid_date(text):
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")
    return text


def _cmd_plan(args: argparse.Namespace) -> int:
    import datetime as dt

    from econsec.engine.exchange import parse_import
    from econsec.engine.plan import plan_csv, plan_of
    from econsec.engine.scoring import AnswersError
    from econsec.mdext.ui_text import TEXT
    from econsec.sources.checklists import load_checklist_by_id

    checklist = load_checklist_by_id(args.checklist_id, _dir(args, args.checklists, "checklists"))
    # Read as the browser imports it (econsec.engine.exchange.parse_import), plans included.
    parsed = parse_import(Path(args.answers).read_text(encoding="utf-8-sig"), checklist)
    if not parsed["ok"]:
        raise AnswersError(f"{args.answers}: {parsed['error']['message']['en']}")
    for warning in parsed["warnings"]:
        logging.getLogger("econsec").warning("%s: %s", args.answers, warning["message"]["en"])
    entries = parsed["answers"]
    answers = {k: e["value"] for k, e in entries.items() if e["value"]}
    today = args.today or dt.date.today().isoformat()
    labels = TEXT[args.lang]["answers"][checklist.kind]
    sys.stdout.write(plan_csv(checklist, answers, plan_of(entries), args.lang, today, labels))
    return 0


def _cmd_combine(args: argparse.Namespace) -> int:
    from econsec.engine.combine import checklist_of, combine
    from econsec.sources.checklists import available_checklists, load_checklist_by_id

    folder = _dir(args, args.checklists, "checklists")
    labels = args.label or []
    if len(labels) > len(args.files):
        raise EconsecError(f"{len(labels)} --label given for {len(args.files)} files")
    files = []
    for n, name in enumerate(args.files):
        data = Path(name).read_bytes()  # bytes: read (and refused) as the browser reads them
        # The n-th --label names the n-th file; else the engine's default (combine.default_label).
        files.append((labels[n] if n < len(labels) else "", data, Path(name).name))
    checklist_id = args.checklist_id
    if checklist_id == AUTO_ID:  # the checklist most of the files answer, as the page picks it
        checklist_id = checklist_of([data for _, data, _ in files], available_checklists(folder))
        if checklist_id is None:
            raise EconsecError(f"none of the files answers a checklist of {folder}")
    checklist = load_checklist_by_id(checklist_id, folder)
    # What the browser shows (econsec.engine.bridge.combine_json): the same function.
    result = combine(checklist, files, lang=args.lang)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not result["ok"]:
        why = "; ".join(f"{r['label']}: {r['error']['code']}" for r in result["respondents"])
        print(f"Error: {result['error']['message']['en']} ({why})", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from econsec.sources.checklists import load_all
    from econsec.sources.desks import desk_ids

    checklists = load_all(
        _dir(args, args.checklists, "checklists"),
        docs_root=_dir(args, args.docs, "docs"),
        desks=desk_ids(_dir(args, None, "data")),
    )
    for c in checklists:
        print(f"ok {c.id} {c.version} ({len(c.items)} items)")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from econsec.build.builder import build_site

    out = build_site(Path(args.out) if args.out else None, root=_dir(args, None, "."))
    print(f"built {out}")
    return 0


def _cmd_bundle(args: argparse.Namespace) -> int:
    from econsec.build.bundle import make_bundle

    root = _dir(args, None, ".")
    b = make_bundle(_dir(args, args.site, "site"), _dir(args, args.out, "dist"), args.name, root)
    print(f"bundled {b.zip_path} ({b.size / 1e6:.1f} MB, {b.files} files)")
    print(f"sha256 {b.sha256}  ({b.zip_path.name}.sha256)")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from econsec.build.builder import serve_site

    serve_site(args.host, args.port, root=_dir(args, None, "."))
    return 0


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="econsec", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        help="project folder holding mkdocs.yml, docs/, checklists/ (default: found from here)",
    )
    # The engine's commands: a checklist id first, its folder as an option.
    engine = argparse.ArgumentParser(add_help=False, parents=[common])
    engine.add_argument("checklist_id")
    engine.add_argument("--checklists", help="checklist folder (default: <root>/checklists)")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, what: str, func: Callable[[argparse.Namespace], int]) -> Any:
        cmd = sub.add_parser(name, parents=[engine], help=what)
        cmd.set_defaults(func=func)
        return cmd

    s = command("score", "score an answers file (exported JSON) and print the result", _cmd_score)
    s.add_argument("answers", help="answers JSON: the site's export format, or {item_id: value}")

    c = command("compare", "compare two answers files of one checklist (JSON)", _cmd_compare)
    c.add_argument("before", help="the earlier answers file")
    c.add_argument("after", help="the later answers file")

    pl = command("plan", "print the action plan of an answers file (CSV)", _cmd_plan)
    pl.add_argument("answers", help="an answers file exported by the site")
    pl.add_argument("--lang", choices=("ja", "en"), default="ja", help="column and status language")
    pl.add_argument(
        "--today",
        type=_iso_date,
        help="the date that decides which rows are overdue (YYYY-MM-DD; default: today)",
    )

    what = (
        "combine several respondents' answers files of one checklist (JSON); checklist id "
        f"'{AUTO_ID}': the one most of the files answer, as the site's page picks it"
    )
    co = command("combine", what, _cmd_combine)
    co.add_argument("files", nargs="+", help="answers files exported by the site")
    co.add_argument(
        "--label",
        action="append",
        metavar="NAME",
        help="the name of a file's respondent, in file order (default: its organisation, "
        "else the file name without extension)",
    )
    co.add_argument("--lang", choices=("ja", "en"), default="ja", help="language of merged notes")

    v = sub.add_parser("validate", parents=[common], help="validate every checklist YAML file")
    v.add_argument("--checklists", help="checklist folder (default: <root>/checklists)")
    v.add_argument("--docs", help="pages folder (default: <root>/docs)")
    v.set_defaults(func=_cmd_validate)

    b = sub.add_parser("build", parents=[common], help="build the Japanese and English site")
    b.add_argument("--out", help="output folder (default: <root>/site/)")
    b.set_defaults(func=_cmd_build)

    bu = sub.add_parser(
        "bundle",
        parents=[common],
        help="zip the built site as the offline bundle (open index.html)",
    )
    bu.add_argument("--site", help="built site (default: <root>/site/)")
    bu.add_argument("--out", help="output folder (default: <root>/dist/)")
    bu.add_argument("--name", default="econsec-site", help="zip name prefix")
    bu.set_defaults(func=_cmd_bundle)

    sv = sub.add_parser(
        "serve", parents=[common], help="build and serve both languages with live reload"
    )
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.set_defaults(func=_cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (EconsecError, MkDocsException) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
