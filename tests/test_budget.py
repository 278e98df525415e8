"""The per-article budget (extractor.budget): size caps, the deadline, and what an overrun becomes."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from extractor import budget, extract, settings
from extractor.article import Article
from extractor.batch_inputs import InputItem
from extractor.budget import BudgetExceeded, deadline
from extractor.errors import InputError
from extractor.extractors import REGISTRY, load_all

ARTICLE = ("วันที่ 12 พฤศจิกายน 2565\nนายอำเภอเปิดงานทดสอบงบประมาณเวลาของระบบ\n"
           "เมื่อวันที่ 10 พฤศจิกายน 2565 เวลา 09.30 น. ณ ห้องประชุมอำเภอเมือง นายสมมติ ทดสอบ นายอำเภอเมือง "
           "เป็นประธานเปิดโครงการทดสอบ\n")
CATASTROPHIC = re.compile(r"(a+)+$")  # exponential on "aaaa…b": the textbook runaway regex

posix_only = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no POSIX interval timer here")


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Lexicons and tokenizer load on first use; tests with a short budget must not time the loading."""
    load_all()
    extract(ARTICLE, use_ner=False)


def _spin(doc, ctx):  # an extractor that never returns on its own
    CATASTROPHIC.match("a" * 60 + "b")
    return {}


def _sleepy(doc, ctx):  # an extractor that is slow but returns
    time.sleep(0.3)
    return {}


def _after(doc, ctx):  # must not run once the time is up
    raise AssertionError("an extractor ran after the time budget was spent")


# ------------------------------------------------------------------------------------- deadline

@posix_only
def test_hard_deadline_interrupts_a_runaway_regex() -> None:
    before = signal.getsignal(signal.SIGALRM)  # pytest-timeout's, or the default
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as err:
        with deadline(0.2, what="a runaway regex") as hard:
            assert hard
            CATASTROPHIC.match("a" * 60 + "b")
    assert time.monotonic() - started < 2
    assert "a runaway regex" in str(err.value) and "0.2 s" in str(err.value)
    assert signal.getsignal(signal.SIGALRM) is before, "the handler must be given back after the block"
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert left == 0 or left > 10, "only an outer timer (pytest-timeout's) may still run"


@posix_only
def test_budget_exceeded_is_not_swallowed_by_except_exception() -> None:
    with pytest.raises(BudgetExceeded):
        with deadline(0.1):
            try:
                CATASTROPHIC.match("a" * 60 + "b")
            except Exception:  # what a careless extractor might write
                pass


@posix_only
def test_outer_timer_and_handler_are_restored() -> None:
    fired: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    old_timer = signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with deadline(0.5) as hard:
            assert hard  # the outer timer fires later: this block may take the alarm
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < left <= 30, left
        assert signal.getsignal(signal.SIGALRM).__name__ == "<lambda>"
    finally:
        signal.setitimer(signal.ITIMER_REAL, *old_timer) if old_timer[0] else signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert not fired


@posix_only
def test_an_outer_timer_that_fires_first_is_left_alone() -> None:
    old = signal.signal(signal.SIGALRM, lambda *_: None)
    old_timer = signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        with deadline(60) as hard:
            assert not hard  # cooperative: the outer alarm comes first anyway
            assert signal.getsignal(signal.SIGALRM).__name__ == "<lambda>"
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5
    finally:
        signal.setitimer(signal.ITIMER_REAL, *old_timer) if old_timer[0] else signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_deadline_in_a_worker_thread_is_cooperative() -> None:
    seen: dict[str, object] = {}

    def work() -> None:
        with deadline(0.05) as hard:
            seen["hard"] = hard
            seen["before"] = budget.expired()
            time.sleep(0.1)
            seen["after"] = budget.expired()
            seen["left"] = budget.remaining()
        seen["outside"] = budget.remaining()

    t = threading.Thread(target=work)
    t.start()
    t.join(5)
    assert seen["hard"] is False and seen["before"] is False and seen["after"] is True
    assert seen["left"] < 0 and seen["outside"] is None


def test_nested_deadlines_count_the_nearest() -> None:
    with deadline(30):
        with deadline(10):
            assert 9 < budget.remaining() <= 10
        assert 29 < budget.remaining() <= 30
    assert budget.remaining() is None


def test_deadline_needs_positive_seconds() -> None:
    with pytest.raises(ValueError):
        with deadline(0):
            pass


# ------------------------------------------------------------------------------- overrun → record

@posix_only
def test_extract_within_keeps_what_was_found_before_a_runaway_extractor(monkeypatch) -> None:
    before = signal.getsignal(signal.SIGALRM)
    monkeypatch.setitem(REGISTRY, "zz_spin", _spin)
    monkeypatch.setitem(REGISTRY, "zz_after", _after)
    started = time.monotonic()
    rec = budget.extract_within(ARTICLE, seconds=0.5, use_ner=False)
    assert time.monotonic() - started < 5
    assert rec.events[0].date is not None and rec.events[0].date.start == "2022-11-10"  # found before
    [warning] = [w for w in rec.warnings if "time budget" in w]
    assert "zz_spin" in warning and "THAINEWS_TIME_BUDGET" in warning
    assert not any("zz_after" in w and "failed" in w for w in rec.warnings)
    assert signal.getsignal(signal.SIGALRM) is before


@posix_only
def test_plain_extract_is_guarded_too(monkeypatch) -> None:
    monkeypatch.setitem(REGISTRY, "zz_spin", _spin)
    monkeypatch.setattr(settings, "ARTICLE_TIME_BUDGET", 0.3)
    started = time.monotonic()
    rec = extract(ARTICLE, use_ner=False)
    assert time.monotonic() - started < 5
    assert any("zz_spin was interrupted" in w for w in rec.warnings)


def _in_thread(fn):
    out: dict = {}

    def work() -> None:
        out["value"] = fn()

    t = threading.Thread(target=work)
    t.start()
    t.join(10)
    return out["value"]


def test_cooperative_budget_skips_later_extractors(monkeypatch) -> None:
    from extractor.assemble import assemble
    from extractor.pipeline import read_article

    monkeypatch.setitem(REGISTRY, "zz_sleepy", _sleepy)
    monkeypatch.setitem(REGISTRY, "zz_after", _after)
    rec = _in_thread(lambda: assemble(read_article(ARTICLE), use_ner=False, time_budget=0.1))
    [warning] = [w for w in rec.warnings if "time budget" in w]
    assert "zz_after" in warning and "skipped" in warning
    assert rec.events[0].date is not None
    assert not any("failed" in w for w in rec.warnings), "zz_after ran"


def test_outer_deadline_is_checked_between_extractors_in_a_thread(monkeypatch) -> None:
    monkeypatch.setitem(REGISTRY, "zz_sleepy", _sleepy)
    monkeypatch.setitem(REGISTRY, "zz_after", _after)
    rec = _in_thread(lambda: budget.extract_within(ARTICLE, seconds=0.1, use_ner=False))
    assert any("zz_after" in w and "time budget" in w for w in rec.warnings)


@posix_only
def test_extract_within_raises_input_error_when_reading_overruns(monkeypatch) -> None:
    import extractor.pipeline as pipeline

    def slow_read(*args, **kwargs) -> Article:
        CATASTROPHIC.match("a" * 60 + "b")
        raise AssertionError("unreachable")

    monkeypatch.setattr(pipeline, "read_article", slow_read)
    with pytest.raises(InputError) as err:
        budget.extract_within(ARTICLE, seconds=0.2, source="page-17.html")
    assert err.value.source == "page-17.html" and "time budget exceeded" in err.value.problem


@posix_only
def test_batch_item_overrun_while_reading_is_a_failure(monkeypatch) -> None:
    import extractor.pipeline as pipeline

    monkeypatch.setattr(pipeline, "read_article", lambda *a, **k: CATASTROPHIC.match("a" * 60 + "b"))
    res = budget.process_item_within(InputItem(id="archive#3", content=ARTICLE), seconds=0.2, use_ner=False)
    assert not res.ok and res.reason == budget.TIME_BUDGET_EXCEEDED == "time_budget_exceeded"
    assert "time budget exceeded" in res.detail and res.id == "archive#3"


@posix_only
def test_batch_item_overrun_in_an_extractor_is_a_record_with_a_warning(monkeypatch) -> None:
    monkeypatch.setitem(REGISTRY, "zz_spin", _spin)
    res = budget.process_item_within(InputItem(id="archive#4", content=ARTICLE), seconds=0.5, use_ner=False)
    assert res.ok and any("time budget" in w for w in res.record.warnings)


def test_process_item_within_passes_good_items_through() -> None:
    res = budget.process_item_within(InputItem(id="ok#1", content=ARTICLE), seconds=30, use_ner=False)
    assert res.ok and not any("time budget" in w for w in res.record.warnings)


# ------------------------------------------------------------------------------------ size caps

@pytest.mark.parametrize("text, limit, expect", [
    ("สั้น", 10, "สั้น"),                                   # under the cap: untouched
    ("ก" * 8 + "\n" + "ข" * 8, 10, "ก" * 8),             # a line break near the cap: cut there
    ("ก" * 20, 10, "ก" * 10),                            # no line break: cut at the cap
    ("กกกกกกกกกก\u0e48\u0e49ข", 10, "กกกกกกกกก"),         # never orphan tone marks: back off to the base
    ("ก\n" + "ข" * 20, 10, "ก\n" + "ข" * 8),             # a line break far from the cap is not used
])
def test_cap_text(text: str, limit: int, expect: str) -> None:
    out, note = budget.cap_text(text, limit)
    assert out == expect
    assert (note is None) == (out == text)
    if note:
        assert f"{limit:,}" in note and "THAINEWS_MAX_TEXT_CHARS" in note


def test_cap_html_cuts_before_a_tag_and_says_so() -> None:
    page = ("<html><body>" + "<p>ข่าวสั้น</p>" * 100).encode("utf-8")
    out, note = budget.cap_html(page, 500)
    assert len(out) <= 500 and page.startswith(out) and page[len(out):len(out) + 1] == b"<"  # before a tag
    out.decode("utf-8")  # no character split
    assert "THAINEWS_MAX_HTML_BYTES" in note and f"{len(page):,} bytes" in note
    assert budget.cap_html(page, len(page)) == (page, None)


def test_cap_text_bytes_keeps_utf8_whole() -> None:
    data = ("ข่าว" * 100).encode("utf-8")  # no line breaks
    out = budget.cap_text_bytes(data, 10)  # 40 bytes at most
    assert len(out) <= 40 and out.decode("utf-8")


def test_cap_article_clamps_zone_and_headline() -> None:
    art = Article(body="หัวข่าว\n" + "ก" * 50, zone=(8, 58), headline_span=(40, 50))
    budget.cap_article(art, 20)
    assert len(art.body) <= 20 and art.zone[1] <= len(art.body) and art.headline_span is None
    assert any("THAINEWS_MAX_TEXT_CHARS" in w for w in art.warnings)


def test_extract_caps_long_text_and_keeps_spans_inside(monkeypatch) -> None:
    monkeypatch.setattr(settings, "MAX_TEXT_CHARS", 2000)
    rec = extract(ARTICLE + "การประชุมคณะกรรมการ\n" * 500, use_ner=False)
    assert len(rec.body) <= 2000
    assert any("THAINEWS_MAX_TEXT_CHARS" in w for w in rec.warnings)
    assert rec.events[0].date is not None and rec.events[0].date.span[1] <= len(rec.body)


def test_extract_caps_big_pages(monkeypatch) -> None:
    monkeypatch.setattr(settings, "MAX_HTML_BYTES", 5000)
    page = "<html><body><h1>ข่าวทดสอบ</h1>" + "<p>" + ARTICLE + "</p>" * 1 + "<p>ย่อหน้า</p>" * 2000
    rec = extract(page, use_ner=False)
    assert any("THAINEWS_MAX_HTML_BYTES" in w for w in rec.warnings)
    rec = extract(page.encode("utf-8"), use_ner=False)
    assert any("THAINEWS_MAX_HTML_BYTES" in w for w in rec.warnings)


def test_extract_caps_page_bodies(monkeypatch) -> None:
    monkeypatch.setattr(settings, "MAX_TEXT_CHARS", 3000)
    page = "<html><body><h1>ข่าวทดสอบ</h1>" + "<p>การประชุมคณะกรรมการพัฒนาจังหวัด</p>" * 500 + "</body></html>"
    rec = extract(page, use_ner=False)
    assert len(rec.body) <= 3000 and any("THAINEWS_MAX_TEXT_CHARS" in w for w in rec.warnings)


def test_extract_caps_text_bytes_before_decoding(monkeypatch) -> None:
    monkeypatch.setattr(settings, "MAX_TEXT_CHARS", 1000)
    data = (ARTICLE + "การประชุมคณะกรรมการ\n" * 2000).encode("cp874")
    rec = extract(data, use_ner=False)
    assert len(rec.body) <= 1000 and "ประชุม" in rec.body
    assert any("THAINEWS_MAX_TEXT_CHARS" in w for w in rec.warnings)


@posix_only
def test_a_tiny_deadline_never_leaks_its_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    for _ in range(200):  # the alarm fires at every possible point of entering and leaving the block
        try:
            with deadline(1e-5):
                sum(range(100))
        except BudgetExceeded:
            pass
        assert signal.getsignal(signal.SIGALRM) is before
    assert budget.remaining() is None


@posix_only
def test_batch_worker_records_an_overrun_and_goes_on(monkeypatch) -> None:
    """The batch's worker function runs every item under the deadline: a page that hangs while
    being read becomes a failure row and the next item in the chunk is still extracted."""
    import extractor.pipeline as pipeline
    from extractor import batch, settings

    real_read = pipeline.read_article

    def read(raw, **kwargs):
        if "HANG" in (raw if isinstance(raw, str) else raw.decode("utf-8", "ignore")):
            CATASTROPHIC.match("a" * 60 + "b")
        return real_read(raw, **kwargs)

    monkeypatch.setattr(pipeline, "read_article", read)
    monkeypatch.setattr(settings, "ARTICLE_TIME_BUDGET", 0.3)
    items = [InputItem(id="a#1", content="HANG " + ARTICLE), InputItem(id="a#2", content=ARTICLE)]
    done = batch.work_chunk(items, use_ner=False, fmt="jsonl")
    assert [f[:2] for f in done.failures] == [("a#1", "time_budget_exceeded")]
    assert [rid for rid, _ in done.records] == ["a#2"]


@posix_only
def test_public_extract_bounds_reading_too(monkeypatch, tmp_path) -> None:
    """``extract`` and ``extract_file`` run reading under the deadline as well: a page whose parsing
    hangs gives a clear InputError naming the input, not a stalled call."""
    import extractor.pipeline as pipeline
    from extractor import extract_file
    from extractor.errors import InputError

    monkeypatch.setattr(settings, "ARTICLE_TIME_BUDGET", 0.3)
    monkeypatch.setattr(pipeline, "read_article", lambda *a, **k: CATASTROPHIC.match("a" * 60 + "b"))
    page = tmp_path / "soup.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(InputError) as err:
        extract_file(page, use_ner=False)
    assert err.value.source == str(page) and "time budget" in err.value.problem
    with pytest.raises(InputError) as err:
        extract("<p>x</p>", url="https://example.test/a/1", use_ner=False)
    assert err.value.source == "https://example.test/a/1"


def test_extract_file_still_sets_source_file(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    from extractor import extract_file

    rec = extract_file(path, use_ner=False)
    assert rec.source_file == str(path) and rec.body.strip()
