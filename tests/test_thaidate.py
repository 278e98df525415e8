"""The Thai date/time normalizer, table-driven: tests/data/date_cases.tsv and time_cases.tsv.

The same tables feed bench/bench_dates.py, so the accuracy it prints is over
exactly these cases.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path

import pytest

from extractor.thaidate import (
    DateMention,
    TimeMention,
    find_dates,
    find_times,
    gregorian_year,
    parse_date,
    parse_time,
    scan_dates,
)

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


DATE_CASES = _rows("date_cases.tsv")
TIME_CASES = _rows("time_cases.tsv")


def _ref(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def test_tables_are_big_enough():
    assert len(DATE_CASES) + len(TIME_CASES) >= 150
    assert len({r["group"] for r in DATE_CASES}) >= 12


@pytest.mark.parametrize("case", DATE_CASES, ids=[f"{r['group']}:{r['text']}" for r in DATE_CASES])
def test_date_case(case):
    found = find_dates(case["text"], _ref(case["reference"]))
    if case["start"] == "-":
        assert found == [], f"expected no date in {case['text']!r}, got {found}"
        return
    assert found, f"no date found in {case['text']!r}"
    m = found[0]
    assert m.date.isoformat() == case["start"]
    assert (m.end_date.isoformat() if m.end_date else "") == case["end"]
    assert case["text"][m.start:m.end] == m.text


@pytest.mark.parametrize("case", TIME_CASES, ids=[f"{r['group']}:{r['text']}" for r in TIME_CASES])
def test_time_case(case):
    found = find_times(case["text"])
    if case["start"] == "-":
        assert found == [], f"expected no time in {case['text']!r}, got {found}"
        return
    assert found, f"no time found in {case['text']!r}"
    t = found[0]
    assert (t.time, t.end_time or "") == (case["start"], case["end"])
    assert case["text"][t.start:t.end] == t.text


@pytest.mark.parametrize("text, reference", [
    ("31 ก.พ. 2565", None),
    ("30 กุมภาพันธ์ 2566", None),
    ("29 ก.พ. 2566", None),
    ("31 เม.ย. 65", None),
    ("31/06/2565", None),
    ("31 มิถุนายน", dt.date(2022, 11, 12)),
    ("31 ก.พ.", None),
    ("วันที่ 30 - 31 ก.พ. 65", None),
])
def test_impossible_dates_are_left_out_and_reported(text, reference):
    scan = scan_dates(text, reference)
    assert scan.dates == []
    assert [p.kind for p in scan.problems] == ["impossible"]
    p = scan.problems[0]
    assert text[p.start:p.end] == p.text
    assert "cannot exist" in p.message and "check the source" in p.message


@pytest.mark.parametrize("text", ["35 พ.ย. 65", "10 พฤศจิกายน", "29 ก.พ."])
def test_non_dates_and_unplaceable_dates_are_no_problem(text):
    assert scan_dates(text).problems == []


def test_weekday_mismatch_keeps_date_and_reports():
    scan = scan_dates("เมื่อวันจันทร์ที่ 10 พฤศจิกายน 2565 เวลา 09.00 น.")
    assert [d.date for d in scan.dates] == [dt.date(2022, 11, 10)]
    assert not scan.dates[0].weekday_ok
    assert [p.kind for p in scan.problems] == ["weekday"]
    assert "Thursday" in scan.problems[0].message and "kept" in scan.problems[0].message


def test_weekday_match_is_no_problem():
    scan = scan_dates("วันพฤหัสบดีที่ 10 พฤศจิกายน 2565")
    assert scan.dates[0].weekday == 3 and scan.dates[0].weekday_ok and scan.problems == []


def test_sentence_with_several_dates_keeps_order_and_spans():
    text = ("เมื่อวันที่ 10 พ.ย. 65 เวลา 09.00 น. ณ ห้องประชุมอำเภอ นายสมพงษ์ ทองดี "
            "แจ้งว่าจะจัดงานระหว่างวันที่ 1 - 3 ธ.ค. 65 และประชุมครั้งถัดไปวันที่ 5 มกราคม 2566")
    found = find_dates(text)
    assert [(d.date.isoformat(), d.end_date and d.end_date.isoformat()) for d in found] == [
        ("2022-11-10", None), ("2022-12-01", "2022-12-03"), ("2023-01-05", None)]
    assert all(text[d.start:d.end] == d.text for d in found)


def test_thai_digit_spans_point_into_the_original_text():
    text = "วันนี้ (๑๔ พฤศจิกายน ๒๕๖๐) เวลา ๑๓.๓๐ น."
    d = find_dates(text, dt.date(2017, 11, 15))[0]
    t = find_times(text)[0]
    assert text[d.start:d.end] == "๑๔ พฤศจิกายน ๒๕๖๐" and d.cue == "วันนี้"
    assert text[t.start:t.end] == "เวลา ๑๓.๓๐ น." and t.time == "13:30"


def test_nbsp_and_runs_of_spaces_between_parts():
    text = "วันที่\u00a010\u00a0\u00a0พฤศจิกายน   2565"
    assert find_dates(text)[0].date == dt.date(2022, 11, 10)


def test_relative_dates_need_a_reference():
    assert find_dates("เมื่อวานนี้ นายสมชาย ใจดี ลงพื้นที่") == []
    got = find_dates("เมื่อวานนี้ นายสมชาย ใจดี ลงพื้นที่", dt.date(2023, 3, 1))
    assert got[0].kind == "relative" and got[0].date == dt.date(2023, 2, 28)


def test_bracketed_date_wins_over_the_relative_word():
    # the written date is kept even when it is not "yesterday" of the reference
    got = find_dates("เมื่อวานนี้ (20 ตุลาคม 2567) เวลา 15.00 น.", dt.date(2024, 10, 26))
    assert len(got) == 1 and got[0].date == dt.date(2024, 10, 20) and got[0].cue == "เมื่อวานนี้"


def test_yearless_weekday_picks_the_year_it_falls_on():
    # 2 January 2022 was a Sunday; 2023 is nearer to the reference but a Monday
    got = find_dates("วันอาทิตย์ที่ 2 มกราคม", dt.date(2023, 7, 1))
    assert got[0].date == dt.date(2022, 1, 2) and got[0].weekday_ok and not got[0].has_year


def test_has_year_flag():
    ref = dt.date(2022, 11, 12)
    assert find_dates("10 พ.ย. 65", ref)[0].has_year
    assert not find_dates("10 พ.ย.", ref)[0].has_year
    assert find_dates("30 พ.ย. - 2 ธ.ค. 65", ref)[0].has_year


def test_kinds():
    ref = dt.date(2022, 11, 12)
    assert [d.kind for d in find_dates("10/11/2565 2022-11-10 10 พ.ย. 65 เมื่อวาน", ref)] == [
        "numeric", "iso", "date", "relative"]


@pytest.mark.parametrize("written, era, reference, year", [
    ("2565", None, None, 2022),
    ("65", None, None, 2022),
    ("2022", None, None, 2022),
    ("2565", "พ.ศ.", None, 2022),
    ("2022", "ค.ศ.", None, 2022),
    ("22", "ค.ศ.", None, 2022),
    ("2387", None, None, 1844),
    ("22", None, dt.date(2022, 11, 12), 2022),
    ("22", None, None, 1979),
    ("60", None, dt.date(2017, 1, 1), 2017),
])
def test_gregorian_year(written, era, reference, year):
    assert gregorian_year(written, era, reference) == year


def test_parse_helpers():
    assert parse_date("ประชุมเมื่อ 10 พ.ย. 65") == dt.date(2022, 11, 10)
    assert parse_date("ไม่มีวันที่") is None
    assert parse_time("เริ่มเวลา 09.30 น.") == "09:30"
    assert parse_time("ไม่มีเวลา") is None


def test_results_are_immutable_records():
    d = find_dates("10 พ.ย. 65")[0]
    t = find_times("เวลา 09.00 น.")[0]
    assert isinstance(d, DateMention) and isinstance(t, TimeMention)
    with pytest.raises(AttributeError):
        d.date = dt.date(2000, 1, 1)  # type: ignore[misc]
    assert hash(d) == hash(find_dates("10 พ.ย. 65")[0])


@pytest.mark.parametrize("text", [
    "วันที่ " * 5000,
    "1 " * 5000 + "พ.",
    "พ. " * 5000,
    "เวลา " * 5000 + "9.",
    ("เมื่อวันที่ 10 " + " " * 50) * 500,
    "ก.ค." * 3000,
])
def test_no_catastrophic_backtracking(text):
    t0 = time.process_time()
    find_dates(text, dt.date(2022, 11, 12))
    find_times(text)
    assert time.process_time() - t0 < 2.0
