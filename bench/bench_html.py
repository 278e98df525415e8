"""Benchmark our HTML reader (``extractor.article_html.read_html``) against trafilatura.

Both read the same raw page bytes. For each page the script prints:

* body F1 — bag-of-words F1 between the extracted body and the reference
  text, words being PyThaiNLP ``newmm`` tokens with punctuation, symbols and
  whitespace dropped (the same bag for both systems);
* headline and published — right or wrong against the reference;
* and, over all pages, pages per second: CPU time of this one process (so
  other work on the machine does not skew it), after a warm-up pass.

Pages: ``fixtures/html/*.html`` with their ``.truth.json`` (our own layouts),
plus ``../shared/data/html`` when present: one real Prachatai page in two
copies, scored against each of the two "expected" texts that ship with it
(newspaper's keeps the related-stories block, newspaper4k's drops it;
neither is a true gold). That page states no publication date in its
metadata, so published is not scored there.

trafilatura runs as ``bare_extraction(raw, with_metadata=True,
include_comments=False)`` — metadata on, so it does the same work we do, and
comments off, since a comment is not the article — and, for speed and body
only, as ``extract(raw, include_comments=False)`` ("traf-body").

Usage::

    .venv/bin/python bench/bench_html.py [--repeat 5] [--json out.json] [--shared ../shared]
"""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "fixtures" / "html"
DEFAULT_SHARED = ROOT.parent / "shared"
REAL_STEM = "prachatai_2019-01-80642"


@dataclass
class Page:
    """One page and what it should give."""

    name: str
    raw: bytes
    references: dict[str, str]  # reference name → body text
    headline: str | None
    published: str | None  # ISO date, or None when the page gives no reference
    score_published: bool = True


@dataclass
class Result:
    body: str
    headline: str | None
    published: str | None


@dataclass
class Row:
    page: str
    f1: dict[str, dict[str, float]] = field(default_factory=dict)  # system → reference → F1
    headline_ok: dict[str, bool | None] = field(default_factory=dict)
    published_ok: dict[str, bool | None] = field(default_factory=dict)


def load_pages(shared: Path) -> list[Page]:
    """Our fixture pages with truth, then the real page(s) of ../shared when present."""
    pages = []
    for truth_path in sorted(FIXTURES.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        name = truth_path.name.split(".")[0]
        pages.append(Page(name, (FIXTURES / f"{name}.html").read_bytes(), {"truth": "\n".join(truth["body"])},
                          truth["headline"], truth["published"]))
    real = shared / "data" / "html"
    if real.is_dir():
        refs = {ref: (real / f"{REAL_STEM}.{ref}.expected.txt").read_text("utf-8")
                for ref in ("newspaper", "newspaper4k")}
        title = json.loads((real / f"{REAL_STEM}.newspaper4k.metadata.json").read_text("utf-8"))["title"]
        for copy in ("newspaper", "newspaper4k"):
            path = real / f"{REAL_STEM}.{copy}.html"
            if path.is_file():
                pages.append(Page(f"prachatai ({copy} copy)", path.read_bytes(), refs, title, None, False))
    return pages


def ours(raw: bytes) -> Result:
    from extractor.article_html import read_html

    art = read_html(raw)
    return Result(art.body, art.headline, art.published.isoformat() if art.published else None)


def trafilatura_reader(raw: bytes) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    if doc is None:
        return Result("", None, None)
    return Result(doc.text or "", doc.title, doc.date)


def trafilatura_body_only(raw: bytes) -> Result:
    import trafilatura

    return Result(trafilatura.extract(raw, include_comments=False) or "", None, None)


SYSTEMS: dict[str, Callable[[bytes], Result]] = {
    "ours": ours, "trafilatura": trafilatura_reader, "traf-body": trafilatura_body_only}
#: Systems that do not look for a headline or a date: their columns show "-".
BODY_ONLY = {"traf-body"}


def _is_word(token: str) -> bool:
    return any(not unicodedata.category(c).startswith(("P", "S", "Z", "C")) for c in token)


def bag(text: str) -> Counter:
    """newmm tokens of ``text`` without punctuation, symbols or whitespace."""
    from pythainlp.tokenize import word_tokenize

    return Counter(t for t in word_tokenize(text, engine="newmm", keep_whitespace=False) if _is_word(t))


def f1(got: str, want: str) -> float:
    g, w = bag(got), bag(want)
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def _same(a: str | None, b: str | None) -> bool:
    norm = (lambda s: re.sub(r"\s+", " ", s or "").strip())
    return norm(a) == norm(b) and a is not None


def evaluate(pages: list[Page]) -> list[Row]:
    rows = []
    for page in pages:
        row = Row(page.name)
        for system, run in SYSTEMS.items():
            res = run(page.raw)
            row.f1[system] = {ref: f1(res.body, text) for ref, text in page.references.items()}
            row.headline_ok[system] = None if system in BODY_ONLY else _same(res.headline, page.headline)
            row.published_ok[system] = (res.published == page.published
                                        if page.score_published and system not in BODY_ONLY else None)
        rows.append(row)
    return rows


def speed(pages: list[Page], repeat: int) -> dict[str, float]:
    """Pages per second of each system over all pages, ``repeat`` times, after one warm-up pass."""
    out = {}
    for system, run in SYSTEMS.items():
        for page in pages:
            run(page.raw)
        start = time.process_time()
        for _ in range(repeat):
            for page in pages:
                run(page.raw)
        out[system] = repeat * len(pages) / (time.process_time() - start)
    return out


def _mark(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "WRONG")


def report(rows: list[Row], pps: dict[str, float]) -> str:
    """One row per page and reference (body F1 of each system; headline and published of ours/trafilatura),
    then one summary line per system."""
    names = list(SYSTEMS)
    lines = [f"{'page':<28} {'reference':<12} " + " ".join(f"{'F1 ' + n:>14}" for n in names)
             + f"  {'headline ours/traf':<19} {'published ours/traf':<19}"]
    for row in rows:
        for i, ref in enumerate(row.f1["ours"]):
            head = f"{_mark(row.headline_ok['ours'])}/{_mark(row.headline_ok['trafilatura'])}" if i == 0 else ""
            pub = f"{_mark(row.published_ok['ours'])}/{_mark(row.published_ok['trafilatura'])}" if i == 0 else ""
            lines.append(f"{row.page if i == 0 else '':<28} {ref:<12} "
                         + " ".join(f"{row.f1[n][ref]:>14.3f}" for n in names) + f"  {head:<19} {pub:<19}")
    for system in names:
        scores = [v for row in rows for v in row.f1[system].values()]
        heads = [row.headline_ok[system] for row in rows if row.headline_ok[system] is not None]
        pubs = [row.published_ok[system] for row in rows if row.published_ok[system] is not None]
        facts = f"headline {sum(heads)}/{len(heads)}  published {sum(pubs)}/{len(pubs)}" if heads else "body only"
        lines.append(f"{system:<12} mean body F1 {sum(scores) / len(scores):.3f}  {facts:<32} {pps[system]:.1f} pages/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over all pages (default 5)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the ../shared folder (real pages)")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = ap.parse_args(argv)
    pages = load_pages(args.shared)
    rows = evaluate(pages)
    pps = speed(pages, args.repeat)
    sys.stdout.write(report(rows, pps) + "\n")
    if args.json:
        args.json.write_text(json.dumps({"rows": [row.__dict__ for row in rows], "pages_per_second": pps},
                                        ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
