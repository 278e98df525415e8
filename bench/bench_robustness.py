#!/usr/bin/env python3
"""Worst-case cost of extraction on adversarial input, next to the typical cost on real-looking articles.

Prints three tables:

All figures are CPU milliseconds per KB (UTF-8 bytes of input), so a busy machine does not move them.

1. Typical: milliseconds per KB of ``extract()`` over our fixtures
   (``fixtures/articles/*.txt``, ``fixtures/html/*.html``) and any folders given with ``--dir``.
2. Adversarial: for every generator of ``tests/adversarial.py`` (digits, dots, spaces, honorifics,
   month names, ``ณ``, ``โครงการ``, ``วัตถุประสงค์``, list markers, brackets, quotes, one per
   lexicon file, HTML shapes), ms/KB at each ``--sizes`` and the stage (reading or an extractor)
   that took most of the time at the largest size; the worst ``--top`` rows, worst first, and the
   worst-case ms/KB against the typical one.
3. Patterns (``--patterns``): every regex the package compiles, on strings built to drive each of
   its unbounded repeats (``search`` and ``fullmatch``), slowest first.

Each run is under a hard deadline (``--limit`` seconds; ``>limit`` marks a run that hit it).

Usage::

    .venv/bin/python bench/bench_robustness.py
    .venv/bin/python bench/bench_robustness.py --sizes 4000 16000 64000 --top 15 --patterns --limit 30
    .venv/bin/python bench/bench_robustness.py --dir ../shared/data/thaigov/dev
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from adversarial import HTML_GENERATORS, all_text_generators, attack_strings  # noqa: E402

from extractor import extract  # noqa: E402
from extractor.budget import BudgetExceeded, deadline  # noqa: E402


def _kb(raw: str | bytes) -> float:
    return len(raw if isinstance(raw, bytes) else raw.encode("utf-8")) / 1024


def _time(raw: str | bytes, limit: float) -> float:
    """CPU seconds of one ``extract()`` (inf when it ran out of time: deadline or the article budget).
    CPU time, so that other work on the machine does not move the figures."""
    started = time.process_time()
    try:
        with deadline(limit, what="a benchmark run"):
            rec = extract(raw, use_ner=False)
    except BudgetExceeded:
        return float("inf")
    if any("time budget" in w for w in rec.warnings):
        return float("inf")
    return time.process_time() - started


def _stages(raw: str | bytes, html: bool) -> dict[str, float]:
    """Seconds of reading and of each extractor (to name the stage that dominates)."""
    from extractor.extractors import load_all
    from extractor.extractors.base import Context
    from extractor.pipeline import read_article
    from extractor.text import Doc

    out = {}
    t = time.process_time()
    art = read_article(raw, html=html)
    out["read"] = time.process_time() - t
    doc = Doc(art.body, zone=art.zone)
    ctx = Context(published=art.published, headline=art.headline, headline_span=art.headline_span, use_ner=False)
    for name, fn in load_all().items():
        t = time.process_time()
        try:
            ctx.found.update(fn(doc, ctx))
        except Exception:
            pass
        out[name] = time.process_time() - t
    return out


def typical(dirs: list[Path], limit: float) -> tuple[float, list[tuple[str, float]]]:
    """Overall ms/KB over the article files, and per-file ms/KB."""
    files = sorted((ROOT / "fixtures" / "articles").glob("*.txt")) + sorted((ROOT / "fixtures" / "html").glob("*.html"))
    for d in dirs:
        files += sorted(p for p in d.rglob("*") if p.suffix in (".txt", ".html") and ".gold" not in p.name)
    total_t = total_kb = 0.0
    rows = []
    for path in files:
        raw = path.read_bytes()
        _time(raw, limit)  # warm-up of this path's lexicons
        t = min(_time(raw, limit) for _ in range(2))
        rows.append((str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path), t * 1000 / _kb(raw)))
        total_t += t
        total_kb += _kb(raw)
    return (total_t * 1000 / total_kb if total_kb else float("nan")), rows


def adversarial(sizes: list[int], limit: float) -> list[tuple[str, list[float], str]]:
    """(generator, ms/KB per size, dominant stage at the largest size) for every generator."""
    gens = [(f"text:{n}", g, False) for n, g in all_text_generators().items()]
    gens += [(f"html:{n}", g, True) for n, g in HTML_GENERATORS.items()]
    rows = []
    for name, gen, html in gens:
        _time(gen(sizes[0]), limit)
        per_kb = []
        for n in sizes:
            raw = gen(n)
            t = _time(raw, limit)
            per_kb.append(t * 1000 / _kb(raw))
            if t == float("inf"):
                per_kb += [float("inf")] * (len(sizes) - len(per_kb))
                break
        # the slowest stage at the largest size that finished
        done = [n for n, x in zip(sizes, per_kb) if x != float("inf")]
        dominant = "-"
        if done:
            try:
                with deadline(limit, what="a benchmark run"):
                    stages = _stages(gen(done[-1]), html)
                dominant = max(stages, key=stages.get)
                dominant += f" ({stages[dominant] * 1000:.0f} ms at {done[-1]})"
            except BudgetExceeded:
                pass
        rows.append((name, per_kb, dominant))
        print(f"  {name:34s} " + " ".join(_fmt(x) for x in per_kb) + f"  {dominant}", file=sys.stderr, flush=True)
    return rows


def patterns(n: int, limit: float) -> list[tuple[float, str, str, str]]:
    """(seconds, method, sites, pattern) of every compiled regex on its attack strings, slowest first."""
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "adversarial.py")], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    rows = []
    for e in json.loads(out.stdout):
        rx = re.compile(e["pattern"], e["flags"])
        for s in attack_strings(e["pattern"], n, e["flags"]):
            for method in ("search", "fullmatch"):
                t = time.perf_counter()
                try:
                    with deadline(limit, what="a regex"):
                        getattr(rx, method)(s)
                    took = time.perf_counter() - t
                except BudgetExceeded:
                    took = float("inf")
                rows.append((took, method, ", ".join(e["sites"]), e["pattern"]))
    return sorted(rows, key=lambda r: -r[0])


def _fmt(x: float) -> str:
    return f"{'>limit':>9s}" if x == float("inf") else f"{x:9.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000],
                    help="payload sizes in characters (default: 2000 8000 32000)")
    ap.add_argument("--top", type=int, default=12, help="adversarial rows to print (worst first)")
    ap.add_argument("--limit", type=float, default=10.0,
                    help="deadline of one run, in seconds (also the article time budget)")
    ap.add_argument("--dir", type=Path, action="append", default=[], help="more article folders for the typical figure")
    ap.add_argument("--patterns", action="store_true", help="also time every compiled regex on attack strings")
    args = ap.parse_args()
    from extractor import settings

    settings.ARTICLE_TIME_BUDGET = args.limit  # the cooperative budget must not stop a run first

    extract("วันที่ 1 มกราคม 2566\nข่าวอุ่นเครื่อง\nเมื่อวันที่ 1 มกราคม 2566 ประชุม\n", use_ner=False)
    typ, files = typical(args.dir, args.limit)
    print(f"Typical: {typ:.2f} ms/KB over {len(files)} article files "
          f"(worst file {max(f[1] for f in files):.2f} ms/KB: {max(files, key=lambda f: f[1])[0]})")

    print(f"\nAdversarial generators (progress on stderr), ms/KB at sizes {args.sizes} characters:")
    rows = adversarial(args.sizes, args.limit)
    rows.sort(key=lambda r: -r[1][-1])
    print(f"  {'generator':34s} " + " ".join(f"{s:>9d}" for s in args.sizes) + "  slowest stage at the largest size")
    for name, per_kb, dominant in rows[: args.top]:
        print(f"  {name:34s} " + " ".join(_fmt(x) for x in per_kb) + f"  {dominant}")
    for i, size in enumerate(args.sizes):
        worst = max(rows, key=lambda r: r[1][i])
        if worst[1][i] == float("inf"):
            print(f"Worst case at {size:>6d} chars: ran past the {args.limit:g} s limit ({worst[0]})")
        else:
            print(f"Worst case at {size:>6d} chars: {worst[1][i]:.2f} ms/KB ({worst[0]}) "
                  f"= {worst[1][i] / typ:.0f}x typical {typ:.2f} ms/KB")

    if args.patterns:
        print("\nSlowest regexes on attack strings (1000 characters):")
        for took, method, sites, pattern in patterns(1000, min(args.limit, 2.0))[: args.top]:
            shown = ">limit" if took == float("inf") else f"{took * 1000:.1f} ms"
            print(f"  {shown:>10s}  {method:9s} {sites}: {pattern[:90]!r}")


if __name__ == "__main__":
    main()
