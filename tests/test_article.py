import datetime as dt

from extractor.article import clean_reporter, looks_like_html, read_text

SEED_LIKE = (
    "วันศุกร์ที่ 3 มีนาคม พ.ศ. 2566\n\n"
    "สำนักงานหนังสือพิมพ์ข่าวเมืองเหนือนิวส์\n\n"
    "อำเภอแม่ทา จัดประชุมประจำเดือนกำนันผู้ใหญ่บ้าน\n"
    "เมื่อวันพุธที่ 1 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอแม่ทา จังหวัดลำพูน นายอำเภอเป็นประธาน\n"
    "\n"
    "มานพ ศรีสุขจ.ลำพูน/รายงาน\n"
    "โพสต์ข่าวแนะนำ\n"
    "งานวัดที่จังหวัดเชียงใหม่ วันที่ 5 มีนาคม 2566\n"
)


def test_head_lines_give_published_publisher_headline():
    art = read_text(SEED_LIKE)
    assert art.published == dt.date(2023, 3, 3)
    assert art.publisher == "สำนักงานหนังสือพิมพ์ข่าวเมืองเหนือนิวส์"
    assert art.headline == "อำเภอแม่ทา จัดประชุมประจำเดือนกำนันผู้ใหญ่บ้าน"
    assert art.body[art.headline_span[0]:art.headline_span[1]] == art.headline


def test_byline_gives_reporter_and_ends_zone_before_related_posts():
    art = read_text(SEED_LIKE)
    assert art.reporter == "มานพ ศรีสุข"
    zone_text = art.body[art.zone[0]:art.zone[1]]
    assert "หอประชุมอำเภอแม่ทา" in zone_text
    assert "เชียงใหม่" not in zone_text and "รายงาน" not in zone_text


def test_headline_first_then_dateline_layout():
    text = "กรมป่าไม้ปลูกต้นไม้ริมถนนสายหลัก\nวันอังคารที่ 5 มิถุนายน 2561\nเนื้อข่าว เมื่อวันที่ 4 มิถุนายน 2561\nสมชาย ใจดี: สรุป/รายงาน\n"
    art = read_text(text)
    assert art.headline == "กรมป่าไม้ปลูกต้นไม้ริมถนนสายหลัก"
    assert art.published == dt.date(2018, 6, 5)
    assert art.reporter == "สมชาย ใจดี"


def test_reporter_cleaning():
    assert clean_reporter("สุดา แก้วใส จ.น่าน") == "สุดา แก้วใส"
    assert clean_reporter("สำนักงานประชาสัมพันธ์จังหวัด") is None


def test_published_argument_wins_and_empty_text_warns():
    art = read_text("   ", published=dt.date(2020, 1, 2))
    assert art.published == dt.date(2020, 1, 2)
    assert art.warnings


def test_looks_like_html():
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <p>ข่าว</p>")
    assert not looks_like_html("ข่าว a < b และ c > d")
