#!/usr/bin/env python3
"""Milliseconds per article for ``extract()`` in one process, rules only and with NER.

Reads our fixture articles (``fixtures/articles/*.txt``) and, when present, the seed article
and the thaigov dev set from ``../shared``; prints median, 95th percentile and articles per
second for each path, and the one-off cost of loading the NER model.

Usage::

    .venv/bin/python bench/bench_extract.py [--repeat 5] [--dir MORE_ARTICLES]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles(extra: list[Path]) -> list[tuple[str, str]]:
    """(name, text) of every article to time."""
    dirs = [ROOT / "fixtures" / "articles", ROOT.parent / "shared" / "seed",
            ROOT.parent / "shared" / "data" / "thaigov" / "dev", *extra]
    out = []
    for d in dirs:
        for p in sorted(d.glob("*.txt")) if d.is_dir() else []:
            out.append((str(p.relative_to(d.parent)), p.read_text(encoding="utf-8")))
    return out


def timed(texts: list[str], use_ner: bool, repeat: int) -> list[float]:
    """Per-article seconds, the fastest of ``repeat`` runs for each article."""
    from extractor import extract

    best = [float("inf")] * len(texts)
    for _ in range(repeat):
        for i, text in enumerate(texts):
            started = time.perf_counter()
            extract(text, use_ner=use_ner)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per article; the fastest counts")
    ap.add_argument("--dir", type=Path, action="append", default=[], help="another folder of .txt articles")
    args = ap.parse_args(argv)
    items = articles(args.dir)
    if not items:
        print("no articles found", file=sys.stderr)
        return 1
    texts = [t for _, t in items]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars / len(texts):,.0f} characters on average; fastest of {args.repeat} runs each")

    from extractor import ner

    started = time.perf_counter()
    ner.preload()
    print(f"NER model load: {time.perf_counter() - started:.2f} s (once per process)")
    timed(texts[:3], True, 1)  # warm caches (lexicons, gazetteer) before measuring
    print(f"{'path':<12} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'articles/s':>11} {'ms/KB':>7}")
    for label, use_ner in (("rules only", False), ("with NER", True)):
        ts = sorted(timed(texts, use_ner, args.repeat))
        p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
        total = sum(ts)
        kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
        print(f"{label:<12} {statistics.median(ts) * 1000:>10.1f} {p95 * 1000:>8.1f} {ts[-1] * 1000:>8.1f} "
              f"{len(ts) / total:>11.1f} {total * 1000 / kb:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
