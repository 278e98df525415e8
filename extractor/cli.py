"""The ``thainews`` command: argument parsing only; each verb hands off to its module.

Verbs other than ``extract`` and ``schema`` live in their own modules, each
with ``add_cli(subparsers)`` that adds its parser and sets ``func``; list a
new one in ``VERB_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import InputError

log = logging.getLogger("extractor")

#: Modules that add a verb (each has ``add_cli(subparsers)``).
VERB_MODULES: tuple[str, ...] = ("extractor.evaluate", "extractor.batch", "extractor.crawl", "extractor.server")

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def _cmd_extract(args: argparse.Namespace) -> int:
    from .outputs import make_writer
    from .pipeline import extract, extract_file, iter_article_paths

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    writer = make_writer(args.format, out)
    failed = 0
    try:
        for raw in args.paths:
            if raw == "-":
                data = sys.stdin.buffer.read()
                try:
                    rec = extract(data, published=args.published, use_ner=not args.no_ner)
                except InputError as exc:
                    print(f"thainews: {exc}", file=sys.stderr)
                    failed += 1
                    continue
                writer.write(rec)
                continue
            try:
                files = list(iter_article_paths([raw])) if Path(raw).is_dir() else [Path(raw)]
            except InputError as exc:
                print(f"thainews: {exc}", file=sys.stderr)
                failed += 1
                continue
            for path in files:
                try:
                    rec = extract_file(path, use_ner=not args.no_ner)
                except InputError as exc:
                    print(f"thainews: {exc}", file=sys.stderr)
                    failed += 1
                    continue
                writer.write(rec)
    finally:
        writer.close()
        if args.output:
            out.close()
    if failed:
        print(f"thainews: {failed} input(s) failed; the others were written", file=sys.stderr)
    return EXIT_FAILURES if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .records import record_json_schema

    print(json.dumps(record_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``thainews`` with every verb."""
    parser = argparse.ArgumentParser(
        prog="thainews",
        description="Turn Thai provincial news posts into structured event records.",
    )
    parser.add_argument("--version", action="version", version=f"thainews {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("extract", help="extract records from .txt/.html files, directories or stdin",
                       description="Extract one ArticleRecord per article. PATH is a .txt or .html file, "
                                   "a directory (searched recursively) or - for standard input.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("jsonl", "json", "pretty"), default="jsonl",
                   help="jsonl: one record per line (default); json: an array; pretty: a readable summary")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for stdin input")
    p.add_argument("--no-ner", action="store_true", help="rules only (faster; no trained model)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("schema", help="print the JSON Schema of ArticleRecord",
                       description="Print the JSON Schema of the ArticleRecord output.")
    p.set_defaults(func=_cmd_schema)

    for name in VERB_MODULES:
        importlib.import_module(name).add_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``thainews`` with ``argv``; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except InputError as exc:
        print(f"thainews: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print("thainews: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
