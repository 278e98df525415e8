import datetime as dt

import pytest

from extractor.article import clean_reporter, looks_like_html, read_text
from extractor.article_head import dateline_date, is_skip_line

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


# ---------------------------------------------------------------- head layouts of web and page posts
# Each layout is a kind of page header seen in Thai provincial posts; the snippets and names are invented.

LEAD = ("เมื่อวันที่ 4 มีนาคม 2567 เวลา 09.00 น. ณ ห้องประชุมอำเภอดอนไชย นายสมหมาย ทองเหลือง "
        "นายอำเภอดอนไชย เป็นประธานเปิดการอบรม มีผู้เข้าร่วม 80 คน\n")

HEAD_LAYOUTS = [
    pytest.param(
        "โรงพยาบาลบ้านดอนมะขาม\n5 มีนาคม 2567 · 🌏\n\n"
        "รพ.บ้านดอนมะขาม ออกหน่วยตรวจสุขภาพผู้สูงอายุเชิงรุก ที่บ้านหนองตะไก้ ต.ดอนไชย\n\n" + LEAD,
        "โรงพยาบาลบ้านดอนมะขาม", "รพ.บ้านดอนมะขาม ออกหน่วยตรวจสุขภาพผู้สูงอายุเชิงรุก ที่บ้านหนองตะไก้ ต.ดอนไชย",
        dt.date(2024, 3, 5), id="facebook-page-name-then-post-date"),
    pytest.param(
        "เทศบาลตำบลหนองบัวแดง\nหน้าหลัก | เกี่ยวกับเรา | ข่าวสาร | ติดต่อเรา\n\nข่าวประชาสัมพันธ์\n"
        "เทศบาลตำบลหนองบัวแดง จัดอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน ประจำปี 2567\n"
        "เขียนโดย งานประชาสัมพันธ์ กองช่าง\nวันอังคารที่ 5 มีนาคม 2567 เวลา 10:15 น.\n\n" + LEAD,
        "เทศบาลตำบลหนองบัวแดง", "เทศบาลตำบลหนองบัวแดง จัดอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน ประจำปี 2567",
        dt.date(2024, 3, 5), id="site-name-menu-label-byline-then-dateline-with-time"),
    pytest.param(
        "ลำน้ำน่านทูเดย์\nข่าวภูมิภาค » น่าน\n\nนายอำเภอดอนไชย เปิดอบรมอาสาสมัครรุ่นที่ 3 ที่หอประชุมอำเภอ\n"
        "5 มี.ค. 2567 เวลา 17:20 น.\n\n" + LEAD,
        "ลำน้ำน่านทูเดย์", "นายอำเภอดอนไชย เปิดอบรมอาสาสมัครรุ่นที่ 3 ที่หอประชุมอำเภอ",
        dt.date(2024, 3, 5), id="news-site-breadcrumb-dateline-under-headline"),
    pytest.param(
        "ข่าวที่ 45/2567\nข่าวประชาสัมพันธ์ สภ.ดอนไชย\nวันอังคารที่ 5 มีนาคม 2567\n\n"
        "สภ.ดอนไชย ลงพื้นที่ให้ความรู้การป้องกันมิจฉาชีพออนไลน์แก่ผู้สูงอายุ\n\n" + LEAD,
        None, "สภ.ดอนไชย ลงพื้นที่ให้ความรู้การป้องกันมิจฉาชีพออนไลน์แก่ผู้สูงอายุ",
        dt.date(2024, 3, 5), id="release-number-and-section-label-are-skipped"),
    pytest.param(
        "ร้อย.บก.ดอนไชย นำกำลังพลจิตอาสาซ่อมแซมฝายชะลอน้ำบ้านหนองตะไก้\n"
        "หมวดหมู่ : ข่าวหน่วย | โพสต์เมื่อ 05/03/2567\n\n" + LEAD,
        None, "ร้อย.บก.ดอนไชย นำกำลังพลจิตอาสาซ่อมแซมฝายชะลอน้ำบ้านหนองตะไก้",
        dt.date(2024, 3, 5), id="category-and-numeric-posting-date"),
    pytest.param(
        "#ข่าวดีดอนไชย #น่าน\nอำเภอดอนไชย มอบทุนการศึกษาแก่นักเรียนยากจน 50 ทุน\nอัปเดต 5 มี.ค. 67\n" + LEAD,
        None, "อำเภอดอนไชย มอบทุนการศึกษาแก่นักเรียนยากจน 50 ทุน",
        dt.date(2024, 3, 5), id="hashtags-and-update-line"),
    pytest.param(
        "โรงเรียนบ้านห้วยทราย\nสังกัดสำนักงานเขตพื้นที่การศึกษาประถมศึกษาน่าน เขต 1\n\n"
        "ค่ายคณิตศาสตร์สนุกคิด ปลุกความสนใจของนักเรียนบ้านห้วยทราย\n"
        "เผยแพร่เมื่อ 5 มีนาคม 2567 · ข่าวกิจกรรม\n\n" + LEAD,
        "โรงเรียนบ้านห้วยทราย", "ค่ายคณิตศาสตร์สนุกคิด ปลุกความสนใจของนักเรียนบ้านห้วยทราย",
        dt.date(2024, 3, 5), id="school-page-with-affiliation-line"),
    pytest.param(
        "ข่าวมหาวิทยาลัย\nม.ราชภัฏดอนไชย ลงพื้นที่อบรมการแปรรูปมะขามหวาน ยกระดับสินค้าชุมชน\n"
        "ประกาศเมื่อ : 5 มี.ค. 2567 | เข้าชม 88 ครั้ง\n\n" + LEAD,
        None, "ม.ราชภัฏดอนไชย ลงพื้นที่อบรมการแปรรูปมะขามหวาน ยกระดับสินค้าชุมชน",
        dt.date(2024, 3, 5), id="section-label-then-views-meta"),
    # a short headline over its lead is a headline, not a page name
    pytest.param(
        "อบต.ดอนไชย จัดงานวันเด็ก\n" + LEAD, None, "อบต.ดอนไชย จัดงานวันเด็ก", None,
        id="short-org-headline-over-lead"),
    pytest.param(
        "ดอนไชยคึกคักรับปีใหม่\n" + LEAD.rstrip() + " " + LEAD, None, "ดอนไชยคึกคักรับปีใหม่", None,
        id="one-word-headline-over-long-lead"),
]


@pytest.mark.parametrize("text, publisher, headline, published", HEAD_LAYOUTS)
def test_head_layouts(text, publisher, headline, published):
    art = read_text(text)
    assert (art.publisher, art.headline, art.published) == (publisher, headline, published)
    zone = art.body[art.zone[0]:art.zone[1]]
    assert zone.lstrip().startswith("เมื่อวันที่ 4 มีนาคม 2567"), "the zone must start at the lead"


# Head layouts where one or more of publisher, headline, reporter and published are read;
# each entry checks only the fields it names.
HEAD_FIELDS = [
    pytest.param(
        "กรมป่าไม้ปลูกต้นไม้ริมถนนสายหลัก\nวันอังคารที่ 5 มิถุนายน 2561\nเนื้อข่าว เมื่อวันที่ 4 มิถุนายน 2561\nสมชาย ใจดี: สรุป/รายงาน\n",
        {"headline": "กรมป่าไม้ปลูกต้นไม้ริมถนนสายหลัก", "published": dt.date(2018, 6, 5), "reporter": "สมชาย ใจดี"},
        id="headline-then-dateline-then-signoff"),
    pytest.param(
        "อำเภอดอนไชย มอบทุนการศึกษาแก่นักเรียน 50 ทุน\nโดย สมศรี ทองดี\n5 มีนาคม 2567\n" + LEAD,
        {"reporter": "สมศรี ทองดี", "published": dt.date(2024, 3, 5)},
        id="byline-under-headline"),
    pytest.param(
        "ข่าวเมืองน่านออนไลน์\nรวมข่าว เกษตร ชุมชน เมืองน่าน\n\nวันพุธที่ 7 สิงหาคม พ.ศ. 2567\n\n"
        "เกษตรอำเภอปัวอบรมเกษตรกรปลูกกาแฟอินทรีย์\n\n"
        "เมื่อวันที่ 6 สิงหาคม 2567 เวลา 09.00 น. ณ ห้องประชุมอำเภอปัว จังหวัดน่าน เกษตรกร 40 คนเข้าร่วม\n",
        {"publisher": "ข่าวเมืองน่านออนไลน์", "headline": "เกษตรอำเภอปัวอบรมเกษตรกรปลูกกาแฟอินทรีย์", "published": dt.date(2024, 8, 7)},
        id="outlet-tagline-then-dateline"),
    # the tagline rule must not eat a short headline: the line after the dateline is a lead
    pytest.param(
        "ข่าวเมืองน่านออนไลน์\nอบต.ศิลาแลง จัดงานวันเด็ก\n7 ส.ค. 67\n\n"
        "เมื่อวันที่ 6 สิงหาคม 2567 เวลา 09.00 น. ณ ลานหน้าที่ทำการ อบต.ศิลาแลง อำเภอปัว จังหวัดน่าน\n",
        {"headline": "อบต.ศิลาแลง จัดงานวันเด็ก"},
        id="short-headline-over-dateline"),
    pytest.param(
        "เพจ ข่าวดีเมืองตรัง\nโพสต์เมื่อ 3 มีนาคม 2567\n\nอบต.นาโยงจัดกิจกรรมปลูกป่าชายเลนร่วมกับชุมชน\n\nเนื้อข่าว\n",
        {"publisher": "ข่าวดีเมืองตรัง", "headline": "อบต.นาโยงจัดกิจกรรมปลูกป่าชายเลนร่วมกับชุมชน"},
        id="page-word-not-in-publisher"),
    pytest.param(
        "ข่าวชุมชน / ตรัง\nรายงานโดย: สมศรี ทองดี\n\n"
        "สภ.นาโยง ประกาศหมู่บ้านปลอดยาเสพติดแห่งใหม่\n\nเนื้อข่าว เมื่อวันที่ 3 มีนาคม 2567\n",
        {"headline": "สภ.นาโยง ประกาศหมู่บ้านปลอดยาเสพติดแห่งใหม่", "reporter": "สมศรี ทองดี"},
        id="byline-over-headline"),
    pytest.param(
        "อำเภอปัวจัดประชุมกำนันผู้ใหญ่บ้านประจำเดือน\nหัวหน้าส่วนราชการร่วมประชุมพร้อมกัน\n"
        "เมื่อวันที่ 3 มีนาคม 2567 เวลา 09.00 น. ณ หอประชุมอำเภอปัว\n",
        {"headline": "อำเภอปัวจัดประชุมกำนันผู้ใหญ่บ้านประจำเดือน"},
        id="headline-then-subline-not-joined"),
    pytest.param(
        "หน้าหลัก | ข่าวสารเขต | กิจกรรม\n\nเขตบางเขนซ้อมแผนอพยพผู้ประสบภัยน้ำท่วม\n"
        "เขตบางเขนซ้อมแผนอพยพผู้ประสบภัยน้ำท่วม\nโพสต์เมื่อ 3 กุมภาพันธ์ 2567\n\nเนื้อข่าว เมื่อวันที่ 1 ก.พ. 67\n",
        {"headline": "เขตบางเขนซ้อมแผนอพยพผู้ประสบภัยน้ำท่วม", "published": dt.date(2024, 2, 3)},
        id="repeated-headline-then-dateline"),
    pytest.param(
        "อบต.นาโส่ เปิดหลักสูตรโรงเรียนเกษตรกร\nเพาะเห็ดฟางในตะกร้า 5 วัน\nเผยแพร่เมื่อ 3 ธ.ค. 2567 | โดย กองบรรณาธิการ\n\n"
        "เนื้อข่าว เมื่อวันที่ 2 ธันวาคม 2567\n",
        {"headline": "อบต.นาโส่ เปิดหลักสูตรโรงเรียนเกษตรกร เพาะเห็ดฟางในตะกร้า 5 วัน", "published": dt.date(2024, 12, 3)},
        id="wrapped-headline-over-dateline"),
    pytest.param(
        "Tapee Today\nอัปเดต 23 ก.ย. 2569\n\nพุนพินแถลงข่าวเตรียมจัดงานประเพณีชักพระทางน้ำ\n\nเนื้อข่าว\n",
        {"publisher": "Tapee Today", "headline": "พุนพินแถลงข่าวเตรียมจัดงานประเพณีชักพระทางน้ำ", "published": dt.date(2026, 9, 23)},
        id="english-outlet-name"),
    pytest.param(
        "หนองบัวลำภูวันนี้\nอัปเดต 8 มี.ค. 2569 10:42 น.\n\n13.30 น. อำเภอศรีบุญเรืองเปิดค่ายเยาวชนต้นกล้า\n\n"
        "เมื่อเวลา 13.30 น.ของวันที่ 7 มีนาคม 2569 นายอำเภอเปิดค่าย\n",
        {"publisher": "หนองบัวลำภูวันนี้", "headline": "13.30 น. อำเภอศรีบุญเรืองเปิดค่ายเยาวชนต้นกล้า"},
        id="headline-starting-with-a-time"),
    pytest.param(
        "สำนักข่าวฮอมสุข นิวส์\nหน้าแรก | ข่าวท้องถิ่น | เชียงใหม่\n\nเทศบาลตำบลสมมุติระดมจิตอาสาขุดลอกลำเหมือง\n"
        "เผยแพร่: 22 พ.ค. 2566 10:15 น.   ปรับปรุง: 22 พ.ค. 2566 11:02 น.\n\nเนื้อข่าว\n",
        {"headline": "เทศบาลตำบลสมมุติระดมจิตอาสาขุดลอกลำเหมือง", "published": dt.date(2023, 5, 22)},
        id="dateline-with-update-time"),
    pytest.param(
        "ที่ว่าการอำเภอสมมุติ จังหวัดเลย\n2 ชม. · 🌏\n\n📌 นายอำเภอสมมุติ ลงพื้นที่ติดตามกองทุนแม่ของแผ่นดิน บ้านห้วยคำ\n\n"
        "เมื่อวันพุธที่ 5 มีนาคม 2568 เวลา 13.30 น. นายอำเภอลงพื้นที่\n",
        {"publisher": "ที่ว่าการอำเภอสมมุติ", "headline": "นายอำเภอสมมุติ ลงพื้นที่ติดตามกองทุนแม่ของแผ่นดิน บ้านห้วยคำ"},
        id="facebook-relative-time-pinned-headline"),
    pytest.param(
        "สมมุติโพสต์ ออนไลน์ | ข่าวจริง ถึงคนใต้\n\nเกษตรอำเภอสมมุติ อบรมเข้ม 3 วัน เสียบยอดทุเรียน\n"
        "โดย กิตติ ชูแก้ว   |   14 ส.ค. 2567   16:20 น.   |   อ่าน 1,284 ครั้ง\n\nเนื้อข่าว\n",
        {"reporter": "กิตติ ชูแก้ว", "published": dt.date(2024, 8, 14)},
        id="dateline-with-writer-and-views"),
    pytest.param(
        "เทศบาลเมืองสมมุติ\nอำเภอบ้านไผ่ จังหวัดขอนแก่น\n\nหัวข้อ : เทศบาลเมืองสมมุติ จัดประชุมประชาคมเมือง ทบทวนแผนพัฒนา\n"
        "โพสต์เมื่อ : 18 ก.ค. 2567 เวลา 09:12 น. โดย admin01   เข้าชม 317\n\nเนื้อข่าว\n",
        {"headline": "เทศบาลเมืองสมมุติ จัดประชุมประชาคมเมือง ทบทวนแผนพัฒนา", "published": dt.date(2024, 7, 18)},
        id="admin-posting-line-titled-headline"),
    pytest.param(
        "จันท์ทูเดย์\n\nจันทบุรี ซ้อมใหญ่อพยพหนีสึนามิ หาดบ้านคลองหินดาษ\n\nจันทบุรี 8 เม.ย.68 – เมื่อเวลา 10.00 น. ที่ผ่านมา ชาวบ้านร่วมซ้อม\n",
        {"published": dt.date(2025, 4, 8)},
        id="dateline-opening-the-lead"),
]


@pytest.mark.parametrize("text, expected", HEAD_FIELDS)
def test_head_fields(text, expected):
    art = read_text(text)
    assert {field: getattr(art, field) for field in expected} == expected


def test_event_date_line_under_headline_opens_the_zone():
    text = ("โรงพยาบาลบ้านดอนมะขาม\n5 มีนาคม 2567 · 🌏\n\n"
            "รพ.บ้านดอนมะขาม ออกหน่วยตรวจสุขภาพผู้สูงอายุเชิงรุก ที่บ้านหนองตะไก้\n\n"
            "📅 วันจันทร์ที่ 4 มีนาคม 2567\n⏰ 08.00-12.00 น.\n📍 ศาลาบ้านหนองตะไก้\n")
    art = read_text(text)
    assert art.published == dt.date(2024, 3, 5)
    assert art.body[art.zone[0]:art.zone[1]].lstrip().startswith("📅 วันจันทร์ที่ 4 มีนาคม 2567")


@pytest.mark.parametrize("last_line, reporter", [
    ("ข่าว : สมปอง ใจงาม / ภาพ : วิไล ศรีสุข", "สมปอง ใจงาม"),
    ("ข่าว : สมปอง ใจงาม", "สมปอง ใจงาม"),
    ("สมปอง ใจงาม ผู้สื่อข่าว จ.น่าน รายงาน", "สมปอง ใจงาม"),
    ("ข่าว : งานประชาสัมพันธ์ อำเภอดอนไชย", None),
    ("ภาพ-ข่าว สมศรี ทองดี", "สมศรี ทองดี"),
    ("Reporter: อนุชา มาลัยทอง", "อนุชา มาลัยทอง"),
    ("ปริญญา ทองดี รายงาน", "ปริญญา ทองดี"),
    ("เรื่อง/ภาพ : สมหญิง ทองเพชร", "สมหญิง ทองเพชร"),
    ("(ข่าว/ภาพ: อนุชา เตชะดี)", "อนุชา เตชะดี"),                     # in brackets
    ("ภาพ: ธนพล เกิดผล ข่าว: ศิริพร ขำดี", "ศิริพร ขำดี"),               # the writer after the photo credit
    ("ข่าว – วรวุฒิ ปานทอง", "วรวุฒิ ปานทอง"),
    ("ข่าว: ณัฐพล วงศ์ศรี ภาพ: ทีมงานสกลเมือง", "ณัฐพล วงศ์ศรี"),         # photo credit after the writer
    ("นิพนธ์ สายทอง ตาก / รายงาน", "นิพนธ์ สายทอง"),                   # the province covered, no จ.
    ("เรื่อง/ภาพ โดย จิราภรณ์ ทองดี", "จิราภรณ์ ทองดี"),
])
def test_end_byline_forms(last_line, reporter):
    art = read_text("อำเภอดอนไชย มอบทุนการศึกษาแก่นักเรียน 50 ทุน\n" + LEAD + "\n" + last_line + "\n")
    assert art.reporter == reporter
    assert last_line not in art.body[art.zone[0]:art.zone[1]]


@pytest.mark.parametrize("line, expected", [
    ("วันศุกร์ที่ 8 มีนาคม 2567 เวลา 15:42 น.", dt.date(2024, 3, 8)),
    ("8 มี.ค. 2567 เวลา 18:05 น.", dt.date(2024, 3, 8)),
    ("โพสต์เมื่อ 08/03/2567", dt.date(2024, 3, 8)),
    ("หมวดหมู่ : ข่าวหน่วย | โพสต์เมื่อ 08/03/2567", dt.date(2024, 3, 8)),
    ("ประกาศเมื่อ : 8 มี.ค. 2567 | เข้าชม 52 ครั้ง", dt.date(2024, 3, 8)),
    ("เผยแพร่เมื่อ 8 มีนาคม 2567 · ข่าวกิจกรรม", dt.date(2024, 3, 8)),
    ("อัปเดต 8 มี.ค. 67", dt.date(2024, 3, 8)),
    ("8 มีนาคม 2567 · 🌏", dt.date(2024, 3, 8)),
    # a lead cut at the end of a line, or a sentence with a date, is no dateline
    ("เมื่อวันที่ 7 มีนาคม 2567 เวลา 09.00 น.", None),
    ("นายอำเภอดอนไชย เปิดงาน 8 มีนาคม 2567 ที่หอประชุมอำเภอ", None),
    ("8 มีนาคม 2567 | อบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือนรุ่นที่ 3 ที่หอประชุมอำเภอดอนไชย", None),
])
def test_dateline_date(line, expected):
    found = dateline_date(line)
    assert (found.date if found else None) == expected
    if found:
        assert line[found.start:found.end] == found.text, "offsets must be the line's"


@pytest.mark.parametrize("line, skip", [
    ("หน้าหลัก | ข้อมูลพื้นฐาน | ข่าวสาร | ติดต่อเรา", True),
    ("หน้าแรก › ข่าวสาธารณสุข", True),
    ("ข่าวภูมิภาค » น่าน", True),
    ("ข่าวประชาสัมพันธ์", True),
    ("ข่าวประชาสัมพันธ์ สภ.ดอนไชย", True),
    ("หมวดหมู่ : ข่าวหน่วย", True),
    ("ข่าวที่ 45/2567", True),
    ("#ข่าวดีดอนไชย #น่าน", True),
    (".....", True),
    ("พิมพ์", True),
    ("ข่าว", True),
    # headlines and names are not furniture
    ("ข่าวดี ชาวดอนไชยได้รับโฉนดที่ดิน 120 แปลง", False),
    ("ข่าวประชาสัมพันธ์ อำเภอดอนไชย มอบทุนการศึกษาแก่นักเรียนยากจน ประจำปี 2567", False),
    ("สภ.ดอนไชย จับกุมผู้ต้องหา | ยึดของกลาง 20 รายการ", False),
    ("โรงพยาบาลบ้านดอนมะขาม", False),
])
def test_is_skip_line(line, skip):
    assert is_skip_line(line) is skip


def test_label_word_glued_to_a_headline_is_a_headline():
    assert not is_skip_line("ข่าวอำเภอจัดประชุมกำนันผู้ใหญ่บ้าน")


def test_headline_wrapped_on_two_lines_is_joined():
    text = ("เผยแพร่: 12 ม.ค. 67 14:20\n\nอำเภอปัวผนึกกำลังชาวบ้านทำแนวกันไฟป่า\nลดหมอกควันก่อนเข้าฤดูแล้ง\n\n"
            "วันนี้ (12 ม.ค. 67) เวลา 09.00 น. ชาวบ้านกว่า 200 คนร่วมกันทำแนวกันไฟ\n")
    art = read_text(text)
    assert art.headline == "อำเภอปัวผนึกกำลังชาวบ้านทำแนวกันไฟป่า ลดหมอกควันก่อนเข้าฤดูแล้ง"
    assert art.body[slice(*art.headline_span)].split() == art.headline.split()
    assert "ลดหมอกควัน" not in art.body[art.zone[0]:art.zone[1]]


@pytest.mark.parametrize("line, outlet", [
    ("สำนักข่าวอุทัยชนบท 14 มีนาคม 2568", "สำนักข่าวอุทัยชนบท"),
    ("ชากังราวโพสต์ | 14 มีนาคม 2568", "ชากังราวโพสต์"),
    ("สำนักข่าวสกลเมืองงาม วันศุกร์ที่ 14 มีนาคม 2568", "สำนักข่าวสกลเมืองงาม"),
])
def test_outlet_and_posting_date_on_one_line(line, outlet):
    art = read_text(line + "\n\nเกษตรอำเภอหนองฉางจัดวันถ่ายทอดเทคโนโลยีการปลูกข้าว\n\nเนื้อข่าว\n")
    assert (art.publisher, art.published) == (outlet, dt.date(2025, 3, 14))
    assert art.headline == "เกษตรอำเภอหนองฉางจัดวันถ่ายทอดเทคโนโลยีการปลูกข้าว"


@pytest.mark.parametrize("head, publisher", [
    ("สุโขทัยโพสต์ออนไลน์ – ข่าวจริง ทันเหตุการณ์", "สุโขทัยโพสต์ออนไลน์"),
    ("มหาวิทยาลัยราชภัฏสมมุติ | Sommut Rajabhat University", "มหาวิทยาลัยราชภัฏสมมุติ"),
    ("องค์การบริหารส่วนตำบลบ้านแก้ง อำเภอภูเขียว จังหวัดชัยภูมิ", "องค์การบริหารส่วนตำบลบ้านแก้ง"),
])
def test_publisher_line_with_a_tagline_english_name_or_where_words(head, publisher):
    headline = "ผู้ว่าราชการจังหวัดนำเหล่ากาชาดมอบถุงยังชีพ 500 ชุด ช่วยผู้ประสบอุทกภัยตำบลบ้านแก้ง"
    text = head + "\n☰ หน้าแรก  ข่าวน่าน  การศึกษา  เกษตร  ติดต่อเรา\n\n" + headline + "\n\nเนื้อข่าว\n"
    art = read_text(text)
    assert art.publisher == publisher
    assert art.headline == headline


@pytest.mark.parametrize("head, publisher", [
    ("โรงพยาบาลสมมุติ\nSommut Hospital · อำเภอละงู จังหวัดสตูล\nข่าวกิจกรรม | ประกาศ | จัดซื้อจัดจ้าง | ITA\n", "โรงพยาบาลสมมุติ"),
    ("จันท์ทูเดย์\nข่าวจันทบุรี ตราด ระยอง ทันทุกเหตุการณ์\n", "จันท์ทูเดย์"),
    ("เกษตรก้าวหน้า นิวส์\nข่าวเกษตร · เทคโนโลยี · ตลาด · สัมภาษณ์\n", "เกษตรก้าวหน้า นิวส์"),
])
def test_page_name_block_of_two_lines_over_the_headline(head, publisher):
    headline = "รพ.สมมุติ ออกหน่วยคัดกรองเบาหวานเชิงรุก ที่มัสยิดบ้านทุ่ง"
    text = head + "\n" + headline + "\nวันที่ 7 พ.ย. 67\n\nเมื่อวันพุธที่ 6 พฤศจิกายน 2567 เวลา 08.00 น. เจ้าหน้าที่ออกหน่วย\n"
    art = read_text(text)
    assert (art.publisher, art.headline, art.published) == (publisher, headline, dt.date(2024, 11, 7))


def test_blog_posted_by_footer_is_only_a_fallback_for_the_writer():
    base = "หัวข้อข่าวทดสอบการอ่านผู้เขียนข่าวบล็อก\n\nเนื้อข่าวบรรทัดแรก ชาวบ้านร่วมกิจกรรม\n\n"
    assert read_text(base + "รายงานโดย สมหมาย ทองดี\n\nโพสต์โดย ยโสธรนิวส์ออนไลน์ ที่ 15:42\n").reporter == "สมหมาย ทองดี"
    assert read_text(base + "โพสต์โดย ทองใบ ศรีโคตร ที่ 20:15 ไม่มีความคิดเห็น\n").reporter == "ทองใบ ศรีโคตร"


def test_event_card_lines_under_the_headline_are_the_article_not_a_dateline():
    text = ("ที่ว่าการอำเภอสมมุติ จังหวัดเลย\n2 ชม. · 🌏\n\n📌 นายอำเภอสมมุติ ลงพื้นที่ติดตามกองทุนแม่ของแผ่นดิน บ้านห้วยคำ\n\n"
            "🗓️ วันพุธที่ 5 มีนาคม 2568\n⏰ เวลา 13.30 น.\n📍 ศาลาอเนกประสงค์บ้านห้วยคำ\n")
    art = read_text(text)
    assert art.published is None
    assert "🗓️ วันพุธที่ 5 มีนาคม 2568" in art.body[art.zone[0]:art.zone[1]]
