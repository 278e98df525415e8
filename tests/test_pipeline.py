import datetime as dt
from pathlib import Path

import pytest

import extractor
from extractor import InputError, extract, extract_file, extract_many

ARTICLE = (
    "อบต.หนองบัว จัดอบรมอาสาสมัครป้องกันภัย\n"
    "วันจันทร์ที่ 6 กุมภาพันธ์ 2566\n"
    "เมื่อวันศุกร์ที่ 3 กุมภาพันธ์ 2566 เวลา ๑๓.๓๐ น. ณ\u00a0ห้องประชุม อบต.หนองบัว มีการอบรม\n"
)


def test_extract_text_gives_dates_with_true_spans():
    rec = extract(ARTICLE)
    ev = rec.events[0]
    assert rec.published == "2023-02-06"
    assert ev.date.start == "2023-02-03"
    assert ev.time.start == "13:30"
    s, e = ev.date.span
    assert rec.body[s:e] == ev.date.text
    s, e = ev.time.span
    assert rec.body[s:e] == ev.time.text and "๑๓.๓๐" in ev.time.text


def test_published_override_and_bad_published():
    rec = extract(ARTICLE, published="2023-02-07")
    assert rec.published == "2023-02-07"
    with pytest.raises(InputError, match="published must be"):
        extract(ARTICLE, published="7 Feb")


def test_extract_file_sets_source_and_reads_tis620(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.replace("\u00a0", " ").encode("cp874"))
    rec = extract_file(p)
    assert rec.source_file == str(p)
    assert rec.events[0].date.start == "2023-02-03"


def test_extract_file_errors_name_the_path(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        extract_file(tmp_path / "missing.txt")
    b = tmp_path / "x.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match=r"x\.txt.*binary"):
        extract_file(b)


def test_extract_many_in_order_and_errors_returned(tmp_path: Path):
    items = [ARTICLE, {"text": ARTICLE, "url": "http://example.test/a"}, tmp_path / "missing.txt"]
    out = list(extract_many(items, errors="return"))
    assert out[0].events[0].date.start == "2023-02-03"
    assert out[1].url == "http://example.test/a"
    assert isinstance(out[2], InputError)
    with pytest.raises(InputError):
        list(extract_many(items))


def test_extract_many_two_processes_same_as_one():
    items = [ARTICLE.replace("3 กุมภาพันธ์", f"{d} กุมภาพันธ์") for d in range(1, 7)]
    one = [r.events[0].date.start for r in extract_many(items)]
    two = [r.events[0].date.start for r in extract_many(items, n_process=2)]
    assert one == two == [dt.date(2023, 2, d).isoformat() for d in range(1, 7)]


def test_html_input_is_accepted():
    html = "<html><head><title>t</title></head><body><h1>ข่าวการประชุมประจำเดือนของอำเภอ</h1><p>เมื่อวันที่ 3 มีนาคม 2566 เวลา 10.00 น. มีการประชุม</p></body></html>"
    rec = extract(html)
    assert rec.headline == "ข่าวการประชุมประจำเดือนของอำเภอ"
    assert rec.events[0].date.start == "2023-03-03"


def test_public_api_exports():
    assert set(extractor.__all__) >= {"extract", "extract_file", "extract_many", "ArticleRecord"}


def test_seed_article_four_values(seed_path):
    rec = extract_file(seed_path)
    assert rec.headline.startswith("พช ราชบุรี ถอดบทเรียน")
    assert rec.published == "2022-11-12"
    assert rec.events[0].date.start == "2022-11-10"
    assert rec.events[0].time.start == "09:00"


def test_extractors_run_in_modules_order_whatever_was_imported_first():
    import importlib

    from extractor import extractors

    importlib.import_module("extractor.extractors.objectives")  # imported early on purpose
    order = [fn.__module__.rsplit(".", 1)[1] for fn in extractors.load_all().values()]
    assert order == [m for m in extractors.MODULES if m in order]
    assert order.index("dates") < order.index("participants")
