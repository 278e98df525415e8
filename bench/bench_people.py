#!/usr/bin/env python3
"""Benchmark the officials and participants extractors: speed per article, and accuracy on gold.

Three parts, each printed as a table:

1. Articles: ``people`` + ``participants`` (rules only) over every ``.txt``
   article in the given folders, in milliseconds of CPU time per article on
   one core. The mention cache is cleared before each article, so every
   article is read from scratch; building the ``Doc`` (shared by all
   extractors) is timed on its own line.
2. A 5,000-character article: the bodies of our fixture articles joined and
   cut to 5,000 characters, as one article. Target: under 10 ms.
3. Gold (``--gold DIR``, default: thaigov dev, the seed and our fixtures):
   officials precision / recall / F1 and position accuracy, participants
   F1 and count accuracy, scored by ``extractor.evaluate`` (RECORD.md rules).

Usage::

    .venv/bin/python bench/bench_people.py
    .venv/bin/python bench/bench_people.py --seconds 3 --gold ../shared/data/thaigov/dev
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import names  # noqa: E402
from extractor.article import read_text  # noqa: E402
from extractor.extractors import participants, people  # noqa: E402
from extractor.extractors.base import Context  # noqa: E402
from extractor.text import Doc  # noqa: E402

SHARED = Path(os.environ.get("THAINEWS_SHARED", ROOT.parent / "shared"))
FIXTURES = ROOT / "fixtures" / "articles"
DEFAULT_ARTICLES = [FIXTURES, SHARED / "data" / "thaigov" / "dev", SHARED / "data" / "thaigov" / "unannotated"]
DEFAULT_GOLD = [SHARED / "data" / "thaigov" / "dev", SHARED / "seed", FIXTURES]
SYNTHETIC_CHARS = 5000
TARGET_MS = 10.0


def run_extractors(doc: Doc) -> None:
    """``people`` then ``participants`` on a fresh scan (the mention cache cleared)."""
    names.find_mentions.cache_clear()
    ctx = Context()
    ctx.found.update(people.extract(doc, ctx))
    participants.extract(doc, ctx)


def ms_per_item(fn, items: list, seconds: float) -> float:
    """CPU milliseconds per call of ``fn`` over ``items``, repeated for at least ``seconds``."""
    n, t0 = 0, time.process_time()
    while True:
        for it in items:
            fn(it)
        n += len(items)
        spent = time.process_time() - t0
        if spent >= seconds:
            return spent / n * 1000


def part_articles(dirs: list[Path], seconds: float) -> None:
    print("## 1. Articles (people + participants, rules only, CPU ms per article, 1 core)\n")
    print("| folder | articles | mean characters | Doc build ms | people + participants ms |")
    print("|---|---:|---:|---:|---:|")
    for d in dirs:
        files = sorted(d.glob("*.txt")) if d.is_dir() else []
        if not files:
            print(f"| {d} | 0 | - | - | - |")
            continue
        arts = [read_text(p.read_text(encoding="utf-8")) for p in files]
        docs = [Doc(a.body, zone=a.zone) for a in arts]
        run_extractors(docs[0])  # loads the lexicons once
        build = ms_per_item(lambda a: Doc(a.body, zone=a.zone), arts, seconds / 2)
        ext = ms_per_item(run_extractors, docs, seconds)
        mean = sum(len(a.body) for a in arts) / len(arts)
        print(f"| {d} | {len(arts)} | {mean:,.0f} | {build:.2f} | {ext:.2f} |")
    print()


def synthetic_article(chars: int = SYNTHETIC_CHARS) -> str:
    """Our fixture bodies joined and cut to ``chars`` characters (no text from ../shared)."""
    bodies = []
    for p in sorted(FIXTURES.glob("*.txt")):
        art = read_text(p.read_text(encoding="utf-8"))
        bodies.append(art.body[art.zone[0]:art.zone[1]].strip())
    text = "\n".join(bodies)
    while len(text) < chars and text:
        text += "\n" + text
    return text[:chars]


def part_synthetic(seconds: float) -> float:
    text = synthetic_article()
    doc = Doc(text)
    run_extractors(doc)
    ms = ms_per_item(run_extractors, [doc], seconds)
    verdict = "ok" if ms < TARGET_MS else "OVER TARGET"
    print(f"## 2. One {len(text):,}-character article (our fixtures joined)\n")
    print(f"people + participants: {ms:.2f} ms per article (target < {TARGET_MS:g} ms: {verdict})\n")
    return ms


def part_gold(gold_dirs: list[Path]) -> None:
    from extractor import evaluate as ev

    keys = [("officials_p", "officials P"), ("officials_r", "officials R"), ("officials_f1", "officials F1"),
            ("official_position_acc", "position acc"), ("participants_f1", "participants F1"),
            ("participant_count", "count acc")]
    print("## 3. Gold accuracy (extractor.evaluate, rules of RECORD.md, rules only)\n")
    print("| folder | articles | " + " | ".join(k[1] for k in keys) + " |")
    print("|---|---:|" + "---:|" * len(keys))
    for gd in gold_dirs:
        if not gd.is_dir() or not any(gd.glob("*.gold.json")):
            print(f"| {gd} | 0 | " + " | ".join("-" for _ in keys) + " |")
            continue
        report = ev.evaluate_dir(gd, use_ner=False)
        scores = report.scores()
        cells = [f"{scores[k]:.3f}" if k in scores else "-" for k, _ in keys]
        print(f"| {gd} | {report.articles} | " + " | ".join(cells) + " |")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per timing (default 2)")
    ap.add_argument("--articles", type=Path, action="append",
                    help="folder of .txt articles for part 1 (repeatable; default: fixtures and ../shared)")
    ap.add_argument("--gold", type=Path, action="append",
                    help="folder with *.gold.json for part 3 (repeatable; default: thaigov dev, seed, fixtures)")
    ap.add_argument("--no-gold", action="store_true", help="skip part 3")
    args = ap.parse_args(argv)
    part_articles(args.articles or DEFAULT_ARTICLES, args.seconds)
    ms = part_synthetic(args.seconds)
    if not args.no_gold:
        part_gold(args.gold or DEFAULT_GOLD)
    return 0 if ms < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
