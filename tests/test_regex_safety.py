"""No regular expression, and no step of the pipeline, may blow up on adversarial text.

Three nets, each generic so that extractors landing later are covered without editing this file:

1. **Lint** — every regex literal in ``extractor/**/*.py`` (source scan) and every regex the package
   actually compiles while extracting (a runtime inventory, which sees patterns built from
   lexicons) is read with the stdlib regex parser; nested repeats such as ``(a+)+``,
   ``(\\s*\\S+)*`` or ``(aa?)*`` fail the test with their file and line.
2. **Attack strings** — each compiled pattern is run (``search`` and ``fullmatch``) on strings that
   drive each of its unbounded repeats over n characters and then fail; the time at 4n must not
   grow faster than about cubic, and no call may take half a second.
3. **Linear time end to end** — for every adversarial generator (``tests/adversarial.py``: digits,
   dots, spaces, honorifics, month names, ``ณ``, ``โครงการ``, ``วัตถุประสงค์``, list markers,
   brackets, quotes, one per lexicon file, and HTML shapes), reading and each registered
   extractor are timed at n, 2n, 4n and 8n characters: t(kn) < 3·k·t(n) + 0.05 s, and a stage
   that takes over 20 ms at 8n may not grow faster than n^1.5 (a quadratic stage that takes
   70 ms on 12,000 characters takes 40 s at the 300,000-character text cap).

A failure names the pattern (file and line) or the stage and generator, with the times measured.
"""

from __future__ import annotations

import gc
import json
import math
import re
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adversarial import (HTML_GENERATORS, ROOT, all_text_generators, attack_strings,  # noqa: E402
                         package_sources, pattern_problems, source_patterns)

#: Sizes (characters of payload) for the end-to-end timing: n, 2n, 4n, 8n.
BASE_N = 2000
FACTORS = (1, 2, 4, 8)
RATIO, FLOOR = 3.0, 0.05
#: A stage whose time at 8n is over MIN_SECONDS may not grow faster than n^MAX_EXPONENT (catches
#: quadratic stages too cheap at these sizes for the ratio bound, which cost minutes at the text cap).
MIN_SECONDS, MAX_EXPONENT = 0.02, 1.5


# --------------------------------------------------------------------------- 0. the checker itself

@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"(\s*\S+)*x", r"(.*)*x", r"(?:a|aa)+c", r"(aa?)+x", r"(\d{1,3},?)+x", r"((?:ab)*)*x",
    r"(?:\w|\d\d)+x", r"(?:[ ,:;]+|และ)*", r"(a*)*", r"x(?:\s*(?:y+))*z",
])
def test_checker_flags_catastrophic_shapes(pattern: str) -> None:
    assert pattern_problems(pattern), f"{pattern} should be flagged"


@pytest.mark.parametrize("pattern", [
    r"(\w|\d)+x", r"(?:\d+,)*\d", r"(\w+\s)*x", r"\d[\d,]* ?x", r"(?:a|b)+x", r"(?:ab|a)+c",
    r"(?:\d[.)]?)+x", r"(?:\s*นาย)+x", r"(?:\d{1,2}[.)] )*x", r"(?:[ก-ฮ]{1,5}\.)+", r"[^\n]+", r"\s+",
    r"(?>(a+)+)x", r"(?:a+)++x",
])
def test_checker_passes_safe_shapes(pattern: str) -> None:
    assert not pattern_problems(pattern), pattern_problems(pattern)


@pytest.mark.parametrize("html", [False, True])
def test_generators_put_the_payload_in_the_article_zone(html: bool) -> None:
    """The frame must survive the head-line and body readers, or every generator tests nothing."""
    from adversarial import framed, _page

    from extractor.pipeline import read_article

    mark = "เครื่องหมายทดสอบ"
    art = read_article(_page(f"<p>{mark}</p>") if html else framed(mark), html=html)
    assert mark in art.body[art.zone[0]:art.zone[1]], (art.headline, art.zone, art.body[:300])
    if not html:
        assert art.headline and mark not in art.headline


def test_attack_strings_reach_the_repeat() -> None:
    rx = re.compile(r"[ก-ฮ]{1,5}\.(?:[ก-ฮ0-9]{1,5}\.?)*")
    for s in attack_strings(rx.pattern, 50):
        assert rx.match(s) and rx.match(s).end() >= 50, s


# ---------------------------------------------------------------------------------- 1. source lint

def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _flagged_in_source(path: Path) -> list[tuple[int, str, list[str]]]:
    out = []
    for line, pattern in source_patterns(path):
        try:
            problems = pattern_problems(pattern)
        except re.error:  # a fragment joined at run time; the runtime inventory sees the whole
            continue
        if problems:
            out.append((line, pattern, problems))
    return out


@pytest.mark.parametrize("path", package_sources(), ids=_rel)
def test_source_regexes_have_no_nested_repeats(path: Path) -> None:
    bad = [(line, p, why) for line, p, why in _flagged_in_source(path)]
    assert not bad, "\n".join(f"{_rel(path)}:{line}: {p!r}: {'; '.join(why)}" for line, p, why in bad)


# ------------------------------------------------------------------------------ runtime inventory

@lru_cache(maxsize=1)
def _inventory() -> tuple[dict, ...]:
    """Every regex the package compiles on our fixtures and the adversarial inputs (fresh process)."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("adversarial.py"))], cwd=ROOT,
                         capture_output=True, text=True, timeout=240, check=True)
    return tuple(json.loads(out.stdout))


def _flagged_at_runtime() -> list[dict]:
    return [dict(e, problems=pattern_problems(e["pattern"], e["flags"])) for e in _inventory()
            if pattern_problems(e["pattern"], e["flags"])]


def test_runtime_inventory_sees_the_extractors() -> None:
    sites = {s.split(":")[0] for e in _inventory() for s in e["sites"]}
    assert len(_inventory()) >= 50, "the recorder saw too few patterns: is re._compile still the hook?"
    assert any(s.startswith("extractor/extractors/") for s in sites), sites


def test_runtime_regexes_have_no_nested_repeats() -> None:
    bad = _flagged_at_runtime()
    assert not bad, "\n".join(f"{', '.join(e['sites'])}: {e['pattern'][:200]!r}: {'; '.join(e['problems'])}"
                              for e in bad)


def _timed(rx: re.Pattern[str], method: str, text: str, limit: float) -> float:
    from extractor.budget import BudgetExceeded, deadline

    started = time.perf_counter()
    try:
        with deadline(limit, what="a regex on an attack string"):
            getattr(rx, method)(text)
    except BudgetExceeded:
        return math.inf
    return time.perf_counter() - started


def test_runtime_regexes_on_attack_strings() -> None:
    n, limit = 250, 0.5
    bad = []
    for e in _inventory():
        rx = re.compile(e["pattern"], e["flags"])
        small, big = attack_strings(e["pattern"], n, e["flags"]), attack_strings(e["pattern"], 4 * n, e["flags"])
        for s, b in zip(small, big):
            for method in ("search", "fullmatch"):
                t1 = _timed(rx, method, s, limit)
                t4 = _timed(rx, method, b, limit)
                if t4 == math.inf or t4 > 4 * t1 * 8 + 0.02:  # worse than cubic, or half a second at 1000
                    bad.append(f"{', '.join(e['sites'])}: {method} {e['pattern'][:120]!r}: "
                               f"{t1 * 1000:.1f} ms at {n} chars, {t4 * 1000:.1f} ms at {4 * n}")
    assert not bad, "\n".join(bad)


# ------------------------------------------------------------------------------ 3. linear end to end

def _stages(raw: str, use_html: bool, out: dict[str, float] | None = None) -> dict[str, float]:
    """CPU seconds of reading and of each registered extractor on ``raw`` (CPU time, not wall time:
    other processes on a busy CI machine must not make a stage look slow). ``out`` is filled as the
    stages run, the running one marked infinite, so an interrupted run still says which stage."""
    from extractor.extractors import load_all
    from extractor.extractors.base import Context
    from extractor.pipeline import read_article
    from extractor.text import Doc

    out = {} if out is None else out
    out["read"] = math.inf
    started = time.process_time()
    art = read_article(raw, html=use_html)
    out["read"] = time.process_time() - started
    doc = Doc(art.body, zone=art.zone)
    ctx = Context(published=art.published, headline=art.headline, headline_span=art.headline_span, use_ner=False)
    for name, fn in load_all().items():
        out[name] = math.inf
        started = time.process_time()
        try:
            found = fn(doc, ctx)
        except Exception:  # crashes are the robustness tests' business; here only time counts
            found = {}
        out[name] = time.process_time() - started
        ctx.found.update(found)
    return out


def _series(gen, use_html: bool) -> dict[str, list[float]]:
    """Stage → CPU seconds at each size (garbage collection paused: its pauses are noise here).

    A stage still running after 20 s (hard deadline) is infinite. Once a stage takes more than
    half a second the larger sizes are skipped: no linear stage is that slow at these sizes (typical
    articles cost about 2 ms per KB), and a quadratic one would take minutes.
    """
    from extractor.budget import BudgetExceeded, deadline

    times: dict[str, list[float]] = {}
    _stages(gen(BASE_N), use_html)  # warm-up: lexicons and caches load on first use, not in the timing
    gc.collect()
    gc.disable()
    try:
        for k in FACTORS:
            stages: dict[str, float] = {}
            try:
                with deadline(20, what="a timing run"):
                    _stages(gen(BASE_N * k), use_html, stages)
            except BudgetExceeded:
                pass  # the running stage stays infinite; the ones after it were not reached
            for stage, t in stages.items():
                if len(times.get(stage, ())) == FACTORS.index(k):  # keep sizes aligned
                    times.setdefault(stage, []).append(t)
            if any(t > 0.5 for t in stages.values()):
                break
    finally:
        gc.enable()
    return times


def _exponent(ts: list[float]) -> float:
    """Growth exponent between the first and the last size measured (1: linear, 2: quadratic)."""
    k = FACTORS[len(ts) - 1]
    return math.log(max(ts[-1], 1e-6) / max(ts[0], 1e-6)) / math.log(k) if k > 1 else 1.0


def _why(ts: list[float]) -> str:
    return (" ".join(f"{x * 1000:.0f}" for x in ts) + f" ms of CPU at {BASE_N}×{FACTORS[:len(ts)]} characters "
            f"(growth exponent {_exponent(ts):.1f})")


def _superlinear(ts: list[float]) -> bool:
    """t(kn) > RATIO·k·t(n) + FLOOR at some size, or over MIN_SECONDS at the largest size with a
    growth exponent over MAX_EXPONENT. A stage stopped by the deadline (infinite) always is."""
    if any(math.isinf(t) for t in ts):
        return True
    over = any(t > RATIO * k * ts[0] + FLOOR for k, t in zip(FACTORS[1:], ts[1:]))
    return over or (ts[-1] > MIN_SECONDS and _exponent(ts) > MAX_EXPONENT)


@lru_cache(maxsize=None)
def _measure(kind: str, name: str) -> dict[str, tuple[float, ...]]:
    """Stage → CPU seconds per size for a generator. When a stage not known to be slow looks
    superlinear it is measured twice more and the fastest time per size counts (noise only adds)."""
    gen = (HTML_GENERATORS if kind == "html" else all_text_generators())[name]
    def merged(runs: list[dict[str, list[float]]]) -> dict[str, list[float]]:
        # per stage and size, the fastest run; only the sizes every run reached
        return {s: [min(r[s][i] for r in runs) for i in range(min(len(r.get(s, ())) for r in runs))]
                for s in runs[0] if all(r.get(s) for r in runs)}

    runs = [_series(gen, kind == "html")]
    for _ in range(2):
        if not any(_superlinear(ts) for s, ts in merged(runs).items()):
            break
        runs.append(_series(gen, kind == "html"))
    return {s: tuple(ts) for s, ts in merged(runs).items()}


GENERATOR_IDS = [("text", n) for n in all_text_generators()] + [("html", n) for n in HTML_GENERATORS]


@pytest.mark.parametrize("kind, name", GENERATOR_IDS, ids=[f"{k}:{n}" for k, n in GENERATOR_IDS])
def test_pipeline_time_grows_linearly(kind: str, name: str) -> None:
    bad = {stage: _why(list(ts)) for stage, ts in _measure(kind, name).items()
           if _superlinear(list(ts))}
    assert not bad, "; ".join(f"{stage} is superlinear on {name}: {why}" for stage, why in bad.items())
