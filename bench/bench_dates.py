#!/usr/bin/env python3
"""Benchmark the Thai date/time normalizer against dateparser, and measure event-date accuracy.

Three parts, each printed as a table:

1. Expressions: our case tables (tests/data/date_cases.tsv, time_cases.tsv,
   written by this project with expected answers) parsed one expression at a
   time by ``extractor.thaidate`` and by ``dateparser`` (Thai + English):
   accuracy overall and per form, and expressions per second of CPU time on
   one core. ``dateparser+BE`` is dateparser with years above 2400 moved back
   543 years, to show what is left once the Buddhist era is fixed.
2. Whole articles: ``scan_dates`` + ``find_times`` over every article file in
   the given folders, and the full dates extractor (read + choose), per second.
3. Gold (``--gold DIR``): accuracy of date, date_end, time and published of
   the pipeline's records against the ``*.gold.json`` files in DIR.

Usage::

    .venv/bin/python bench/bench_dates.py                       # 1 and 2 on ../shared + fixtures
    .venv/bin/python bench/bench_dates.py --gold ../shared/data/thaigov/dev --gold fixtures/articles
    .venv/bin/python bench/bench_dates.py --no-dateparser --seconds 3
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.article import read_text  # noqa: E402
from extractor.extractors.base import Context  # noqa: E402
from extractor.extractors.dates import extract as extract_dates  # noqa: E402
from extractor.text import Doc  # noqa: E402
from extractor.thaidate import find_dates, find_times, scan_dates  # noqa: E402

CASES = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("THAINEWS_SHARED", ROOT.parent / "shared"))
DEFAULT_ARTICLES = [ROOT / "fixtures" / "articles", SHARED / "data" / "thaigov" / "dev",
                    SHARED / "data" / "thaigov" / "unannotated", SHARED / "seed"]


def load_cases(name: str) -> list[dict[str, str]]:
    """Rows of a case table (comment lines skipped)."""
    with (CASES / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader([ln for ln in fh if not ln.startswith("#")], delimiter="\t",
                                   quoting=csv.QUOTE_NONE))


# ---------------------------------------------------------------- parsers under test
# Each returns (start, end) as strings ("" when none) for one expression.


def ours_date(text: str, ref: dt.date | None) -> tuple[str, str]:
    found = find_dates(text, ref)
    if not found:
        return "", ""
    d = found[0]
    return d.date.isoformat(), d.end_date.isoformat() if d.end_date else ""


def ours_time(text: str) -> tuple[str, str]:
    found = find_times(text)
    return (found[0].time, found[0].end_time or "") if found else ("", "")


def _dateparser():
    import dateparser  # optional: the "bench" extra

    return dateparser


def dp_date(text: str, ref: dt.date | None, fix_be: bool = False) -> tuple[str, str]:
    settings = {"RELATIVE_BASE": dt.datetime.combine(ref, dt.time())} if ref else {}
    try:
        got = _dateparser().parse(text, languages=["th", "en"], settings=settings)
    except Exception:  # dateparser raises on some inputs; that is a miss
        return "", ""
    if got is None:
        return "", ""
    d = got.date()
    if fix_be and d.year > 2400:
        try:
            d = d.replace(year=d.year - 543)
        except ValueError:
            return "", ""
    return d.isoformat(), ""


def dp_time(text: str) -> tuple[str, str]:
    try:
        got = _dateparser().parse(text, languages=["th", "en"])
    except Exception:
        return "", ""
    return (got.strftime("%H:%M"), "") if got else ("", "")


# ---------------------------------------------------------------- part 1


def expected(row: dict[str, str]) -> tuple[str, str]:
    return ("", "") if row["start"] == "-" else (row["start"], row["end"])


def run_table(parse, rows, with_ref: bool, budget: float) -> tuple[dict[str, list[int]], float, int]:
    """Per-group [right, total], expressions/second (CPU) and how many were timed."""
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    args = [((r["text"], dt.date.fromisoformat(r["reference"]) if r.get("reference") else None)
             if with_ref else (r["text"],)) for r in rows]
    for r, a in zip(rows, args):
        ok = parse(*a) == expected(r)
        groups[r["group"]][0] += ok
        groups[r["group"]][1] += 1
    n, t0 = 0, time.process_time()
    while True:
        for a in args:
            parse(*a)
        n += len(args)
        spent = time.process_time() - t0
        if spent >= budget:
            return groups, n / spent, n


def part_expressions(seconds: float, with_dateparser: bool) -> None:
    date_rows, time_rows = load_cases("date_cases.tsv"), load_cases("time_cases.tsv")
    print(f"## 1. Expressions ({len(date_rows)} date cases, {len(time_rows)} time cases, "
          f"from {CASES.relative_to(ROOT)})\n")
    parsers = [("ours", ours_date, ours_time, seconds)]
    if with_dateparser:
        _dateparser().parse("1 มกราคม 2565", languages=["th"])  # its first call loads its data
        parsers += [("dateparser", dp_date, dp_time, min(seconds, 1.0)),
                    ("dateparser+BE", lambda t, r: dp_date(t, r, True), dp_time, min(seconds, 1.0))]
    results = {}
    for name, pdate, ptime, budget in parsers:
        g_date, rate_date, _ = run_table(pdate, date_rows, True, budget)
        g_time, rate_time, _ = run_table(ptime, time_rows, False, budget)
        results[name] = (g_date, rate_date, g_time, rate_time)
    names = [p[0] for p in parsers]
    groups = list(dict.fromkeys([r["group"] for r in date_rows]))
    tgroups = list(dict.fromkeys([r["group"] for r in time_rows]))
    print("| form | cases | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for g in groups:
        total = results[names[0]][0][g][1]
        print(f"| date: {g} | {total} | " + " | ".join(f"{results[n][0][g][0] / total:.2f}" for n in names) + " |")
    for g in tgroups:
        total = results[names[0]][2][g][1]
        print(f"| time: {g} | {total} | " + " | ".join(f"{results[n][2][g][0] / total:.2f}" for n in names) + " |")

    def overall(gs):
        right = sum(v[0] for v in gs.values())
        total = sum(v[1] for v in gs.values())
        return right / total

    print(f"| **date accuracy** | {len(date_rows)} | "
          + " | ".join(f"**{overall(results[n][0]):.3f}**" for n in names) + " |")
    print(f"| **time accuracy** | {len(time_rows)} | "
          + " | ".join(f"**{overall(results[n][2]):.3f}**" for n in names) + " |")
    print("| date expressions / s (CPU, 1 core) | | "
          + " | ".join(f"{results[n][1]:,.0f}" for n in names) + " |")
    print("| time expressions / s (CPU, 1 core) | | "
          + " | ".join(f"{results[n][3]:,.0f}" for n in names) + " |")
    print()


# ---------------------------------------------------------------- part 2


def article_files(dirs: list[Path]) -> list[Path]:
    out = []
    for d in dirs:
        if d.is_dir():
            out += sorted(p for p in d.rglob("*.txt"))
    return out


def part_articles(dirs: list[Path], seconds: float) -> None:
    files = article_files(dirs)
    print(f"## 2. Whole articles ({len(files)} .txt files from "
          f"{', '.join(str(d) for d in dirs if d.is_dir()) or 'nowhere'})\n")
    if not files:
        print("no article files found\n")
        return
    arts = [read_text(p.read_text(encoding="utf-8")) for p in files]
    chars = sum(len(a.body) for a in arts)
    exprs = sum(len(find_dates(a.body, a.published)) + len(find_times(a.body)) for a in arts)

    def timed(fn) -> tuple[float, int]:
        n, t0 = 0, time.process_time()
        while True:
            for a in arts:
                fn(a)
            n += 1
            spent = time.process_time() - t0
            if spent >= seconds:
                return spent, n

    spent, rounds = timed(lambda a: (scan_dates(a.body, a.published), find_times(a.body)))
    print("| step | articles / s | characters / s | expressions found / s |")
    print("|---|---:|---:|---:|")
    print(f"| scan_dates + find_times | {len(arts) * rounds / spent:,.0f} | {chars * rounds / spent:,.0f} "
          f"| {exprs * rounds / spent:,.0f} |")

    def whole(a):
        doc = Doc(a.body, zone=a.zone)
        extract_dates(doc, Context(published=a.published, headline=a.headline))

    spent, rounds = timed(whole)
    print(f"| dates extractor (scan + choose) | {len(arts) * rounds / spent:,.0f} | "
          f"{chars * rounds / spent:,.0f} | {exprs * rounds / spent:,.0f} |")
    print(f"\n{exprs} date/time expressions in {chars:,} characters.\n")


# ---------------------------------------------------------------- part 3


def part_gold(gold_dirs: list[Path]) -> None:
    from extractor import extract_file

    fields = ("date", "date_end", "time", "published")
    print("## 3. Gold accuracy (pipeline records vs *.gold.json)\n")
    print("| folder | articles | " + " | ".join(fields) + " |")
    print("|---|---:|" + "---:|" * len(fields))
    misses: list[str] = []
    for gd in gold_dirs:
        golds = sorted(gd.glob("*.gold.json"))
        if not golds:
            print(f"| {gd} | 0 | " + " | ".join("-" for _ in fields) + " |")
            continue
        right = dict.fromkeys(fields, 0)
        total = dict.fromkeys(fields, 0)
        for gp in golds:
            gold = json.loads(gp.read_text(encoding="utf-8"))
            rec = extract_file(gd / gold["text_file"], use_ner=False)
            ev = rec.events[0]
            got = {"date": ev.date.start if ev.date else None, "date_end": ev.date.end if ev.date else None,
                   "time": ev.time.start if ev.time else None, "published": rec.published}
            ge = gold.get("event") or {}
            want = {"date": ge.get("date"), "date_end": ge.get("date_end"), "time": ge.get("time"),
                    "published": gold.get("published")}
            for f in fields:
                if want[f] is None:
                    continue  # null in gold is not scored (RECORD.md)
                total[f] += 1
                right[f] += got[f] == want[f]
                if got[f] != want[f]:
                    misses.append(f"{gp.name} {f}: gold={want[f]} got={got[f]}")
        cells = [f"{right[f] / total[f]:.3f} ({right[f]}/{total[f]})" if total[f] else "-" for f in fields]
        print(f"| {gd} | {len(golds)} | " + " | ".join(cells) + " |")
    if misses:
        print("\nmisses:\n" + "\n".join("  " + m for m in misses))
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per timing (default 2)")
    ap.add_argument("--no-dateparser", action="store_true", help="time only our normalizer")
    ap.add_argument("--articles", type=Path, action="append",
                    help="folder of .txt articles for part 2 (repeatable; default: fixtures and ../shared)")
    ap.add_argument("--gold", type=Path, action="append", default=[],
                    help="folder with *.gold.json for part 3 (repeatable)")
    args = ap.parse_args(argv)
    part_expressions(args.seconds, not args.no_dateparser)
    part_articles(args.articles or DEFAULT_ARTICLES, args.seconds)
    if args.gold:
        part_gold(args.gold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
