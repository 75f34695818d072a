"""Command line: ``econsec score|validate|build|bundle|serve``.

Errors in user input (a malformed checklist, a bad answers file) print one clear line and exit
with status 1 or 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from econsec.errors import EconsecError
from econsec.sitebuild import ROOT


def _cmd_score(args: argparse.Namespace) -> int:
    from econsec.checklists import load_checklist_by_id
    from econsec.engine.exchange import answers_from_json
    from econsec.engine.scoring import score

    checklist = load_checklist_by_id(args.checklist_id, Path(args.checklists))
    text = Path(args.answers).read_text(encoding="utf-8-sig")
    answers = answers_from_json(text, checklist)
    result = score(checklist, answers)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from econsec.checklists import load_all

    checklists = load_all(Path(args.checklists), docs_root=Path(args.docs))
    for c in checklists:
        print(f"ok {c.id} {c.version} ({len(c.items)} items)")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from econsec.sitebuild import build_site

    out = build_site(Path(args.out) if args.out else None, root=Path(args.root).resolve())
    print(f"built {out}")
    return 0


def _cmd_bundle(args: argparse.Namespace) -> int:
    from econsec.bundle import make_bundle

    b = make_bundle(Path(args.site), Path(args.out), name=args.name)
    print(f"bundled {b.zip_path} ({b.size / 1e6:.1f} MB, {b.files} files)")
    print(f"sha256 {b.sha256}  ({b.zip_path.name}.sha256)")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from econsec.sitebuild import serve_site

    serve_site(args.host, args.port)
    return 0


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="econsec", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("score", help="score an answers file (exported JSON) and print the result")
    s.add_argument("checklist_id")
    s.add_argument("answers", help="answers JSON: the site's export format, or {item_id: value}")
    s.add_argument("--checklists", default=str(ROOT / "checklists"))
    s.set_defaults(func=_cmd_score)

    v = sub.add_parser("validate", help="validate every checklist YAML file")
    v.add_argument("--checklists", default=str(ROOT / "checklists"))
    v.add_argument("--docs", default=str(ROOT / "docs"))
    v.set_defaults(func=_cmd_validate)

    b = sub.add_parser("build", help="build the Japanese and English site")
    b.add_argument("--out", help="output folder (default: <root>/site/)")
    b.add_argument(
        "--root",
        default=str(ROOT),
        help="folder holding mkdocs.yml, mkdocs.en.yml, docs/, checklists/ (default: this repository)",
    )
    b.set_defaults(func=_cmd_build)

    bu = sub.add_parser("bundle", help="zip the built site as the offline bundle (open index.html)")
    bu.add_argument("--site", default=str(ROOT / "site"), help="built site (default: <repo>/site/)")
    bu.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    bu.add_argument("--name", default="econsec-site", help="zip name prefix")
    bu.set_defaults(func=_cmd_bundle)

    sv = sub.add_parser("serve", help="build and serve both languages with live reload")
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
