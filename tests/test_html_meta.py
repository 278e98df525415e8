"""The metadata cascade of a page: dates, headline, publisher, reporter (extractor.html_meta)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from extractor.article_html import read_html
from extractor.html_meta import (date_of_value, is_dateline, publisher_from_title, reporter_name, strip_site_name,
                                 titles_match)

D = dt.date
BODY = ("<p>เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.00 น. ที่ห้องประชุมที่ว่าการอำเภอบ้านโฮ่ง นายสมพงษ์ ใจซื่อ นายอำเภอบ้านโฮ่ง "
        "เป็นประธานการประชุมกำนันผู้ใหญ่บ้านประจำเดือน</p>"
        "<p>ที่ประชุมได้หารือเรื่องการเตรียมรับมือภัยแล้งและการป้องกันไฟป่าในพื้นที่ตำบลต่าง ๆ ของอำเภอ</p>")


def page(head: str = "", top: str = "", body: str = BODY, h1: str = "<h1>อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้านประจำเดือน</h1>") -> str:
    return f"<html><head>{head}</head><body><div class='post'>{top}{h1}<div class='entry'>{body}</div></div></body></html>"


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


@pytest.mark.parametrize("value, expected", [
    ("2022-11-11T18:30:00Z", D(2022, 11, 12)),  # 01:30 on the 12th in Thailand
    ("2022-11-11T18:30:00.000+00:00", D(2022, 11, 12)),
    ("2022-11-12T09:15:00+07:00", D(2022, 11, 12)),
    ("2022-11-12T23:15:00", D(2022, 11, 12)),  # no zone: as written
    ("2022-11-12", D(2022, 11, 12)),
    ("2565-11-12 09:15:00", D(2022, 11, 12)),  # a Buddhist-era year in an ISO timestamp
    ("12 พฤศจิกายน 2565", D(2022, 11, 12)),
    ("November 12, 2022", D(2022, 11, 12)),
    ("12 พ.ย.", None),  # no year: not a publication date
    ("เมื่อวานนี้", None),
    ("soon", None),
])
def test_date_of_value(value, expected):
    assert date_of_value(value) == expected


@pytest.mark.parametrize("line, expected", [
    ("วันเสาร์ที่ 12 พฤศจิกายน พ.ศ. 2565", True),
    ("เผยแพร่: 10 พ.ย. 65", True),
    ("วันที่ 15 พฤศจิกายน 2560", True),
    ("โพสต์เมื่อ 10 พ.ย. 65 เวลา 10.30 น. | อ่าน 1,204 ครั้ง", True),
    ("ปรับปรุงล่าสุด 2022-11-12 09:15", True),
    ("วันนี้ (13 ต.ค. 65) เวลา 14.30 น. ณ ศาลาประชาคมหมู่ที่ 4 ตำบลหนองกระทิง", False),
    ("ประชุมคณะกรรมการ 12 พฤศจิกายน 2565 ที่ศาลากลาง", False),
    ("วันที่ 10 พ.ย.", False),
    ("ไม่มีวันที่", False),
])
def test_is_dateline(line, expected):
    assert is_dateline(line) is expected


@pytest.mark.parametrize("heading, title, expected", [
    ("ข่าวการประชุม", "ข่าวการประชุม", True),
    ("ข่าวการประชุมประจำเดือน", "ข่าวการประชุมประจำเดือน | ลำพูนนิวส์", True),
    ("ข่าวการประชุมประจำเดือน", "  ข่าวการ ประชุมประจำเดือน ", True),  # spaces do not count
    ("ลำพูนนิวส์", "ข่าวการประชุมประจำเดือนของอำเภอ | ลำพูนนิวส์", False),  # the site name is not the headline
    ("ข่าวการประชุม", "ข่าวกีฬา", False),
    ("", "ข่าว", False),
])
def test_titles_match(heading, title, expected):
    assert titles_match(heading, title) is expected


@pytest.mark.parametrize("title, sites, expected", [
    ("ข่าวการประชุม | ลำพูนนิวส์", ["ลำพูนนิวส์"], "ข่าวการประชุม"),
    ("ลำพูนนิวส์ :: ข่าวการประชุม", ["ลำพูนนิวส์"], "ข่าวการประชุม"),
    ("ข่าวน่านวันนี้: อำเภอปัวมอบผ้าห่ม", [], "อำเภอปัวมอบผ้าห่ม"),  # no site name known: the longer part
    ("ข่าวการประชุม", ["ลำพูนนิวส์"], "ข่าวการประชุม"),
    ("เวลา 10:30 น. ประชุม", [], "เวลา 10:30 น. ประชุม"),  # a clock is no separator
])
def test_strip_site_name(title, sites, expected):
    assert strip_site_name(title, sites) == expected


@pytest.mark.parametrize("title, headline, expected", [
    ("ข่าวการประชุมประจำเดือน – ลำพูนนิวส์ออนไลน์", "ข่าวการประชุมประจำเดือน", "ลำพูนนิวส์ออนไลน์"),
    ("ข่าวเมืองแพร่: โรงเรียนจัดกิจกรรมลอยกระทง", "โรงเรียนจัดกิจกรรมลอยกระทง", "ข่าวเมืองแพร่"),
    ("สำนักงานประชาสัมพันธ์จังหวัดพะเยา", "ประชุมคณะกรรมการยาเสพติด", None),  # no headline in it
    ("ข่าว | ข่าวการประชุมประจำเดือน", None, None),
])
def test_publisher_from_title(title, headline, expected):
    assert publisher_from_title(title, headline) == expected


@pytest.mark.parametrize("raw, publishers, expected", [
    ("โดย กนกพร ศรีสุข", (), "กนกพร ศรีสุข"),
    ("By Somchai Jaidee", (), "Somchai Jaidee"),
    ("Byron Kasem", (), "Byron Kasem"),  # "by" is a prefix only as a word
    ("Posted  by สมหมาย", (), "สมหมาย"),
    ("เขียนโดย: วิภา ดวงดี", (), "วิภา ดวงดี"),
    ("https://news.example/author/kanokporn", (), None),
    ("ลำพูนนิวส์ออนไลน์", ("ลำพูนนิวส์ออนไลน์",), None),  # the site as its own author
    ("แอดมินเมืองแพร่", (), None),
    ("ทีมข่าวภูมิภาค", (), None),
    ("สำนักงานประชาสัมพันธ์จังหวัดน่าน", (), None),  # an office is not a reporter
    (None, (), None),
])
def test_reporter_name(raw, publishers, expected):
    assert reporter_name(raw, publishers) == expected


# ------------------------------------------------------------ the cascade, through read_html


@pytest.mark.parametrize("head, top, expected", [
    # 1. JSON-LD wins over everything below it
    (ld({"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2023-03-01T10:00:00+07:00"})
     + '<meta property="article:published_time" content="2023-03-02T10:00:00+07:00">',
     "<p class='date'>วันที่ 5 มีนาคม 2566</p>", D(2023, 3, 1)),
    # ... also inside an @graph, and with a list of types
    (ld({"@graph": [{"@type": "WebSite", "name": "x"}, {"@type": ["NewsArticle"], "datePublished": "2023-03-01"}]}),
     "", D(2023, 3, 1)),
    # 2. meta tags
    ('<meta property="article:published_time" content="2023-03-02T10:00:00+07:00">',
     "<p class='date'>วันที่ 5 มีนาคม 2566</p>", D(2023, 3, 2)),
    ('<meta name="pubdate" content="2023-03-02">', "", D(2023, 3, 2)),
    # 3. <time datetime>
    ("", "<time datetime='2023-03-03T08:00:00+07:00'>3 มี.ค. 66</time>", D(2023, 3, 3)),
    ("", "<span class='meta'><abbr class='published' title='2023-03-03T08:00:00+07:00'>8:00</abbr></span>",
     D(2023, 3, 3)),
    # 4. Thai text near the headline: a date element, then a dateline
    ("", "<h2 class='date-header'><span>วันอาทิตย์ที่ 5 มีนาคม พ.ศ. 2566</span></h2>", D(2023, 3, 5)),
    ("", "<p>เผยแพร่: 4 มี.ค. 66</p>", D(2023, 3, 4)),
    ("", "<div class='post-info'>โดย สมชาย | 4 มี.ค. 66 | หมวด ข่าวอำเภอ</div>", D(2023, 3, 4)),
    # a broken JSON-LD block is skipped, not fatal
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>',
     "<p>เผยแพร่: 4 มี.ค. 66</p>", D(2023, 3, 4)),
    # nothing: the event date in the first sentence is not the publication date
    ("", "", None),
])
def test_published_cascade(head, top, expected):
    assert read_html(page(head, top)).published == expected


def test_the_site_header_shows_today_not_the_post_date():
    html = ("<html><body><header><span class='today'>วันจันทร์ที่ 6 มีนาคม 2566</span></header>"
            "<h1>อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้านประจำเดือน</h1>"
            f"<div class='byline'>โดย สมชาย</div><p>เผยแพร่เมื่อ 1 มี.ค. 66 | อ่าน 52 ครั้ง</p><div>{BODY}</div></body></html>")
    assert read_html(html).published == D(2023, 3, 1)


def test_written_date_far_from_the_headline_is_not_read():
    filler = "".join(f"<div class='nav'><a href='/{i}'>เมนู {i}</a></div><p>บรรทัดคั่นที่ {i}</p>" for i in range(20))
    html = page(top="<p class='date'>วันที่ 5 มีนาคม 2566</p>" + filler)
    assert read_html(html).published is None


def test_headline_is_the_heading_matching_the_page_title():
    head = '<title>อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้านประจำเดือน | ลำพูนนิวส์</title>' \
           '<meta property="og:title" content="อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้านประจำเดือน">'
    top = "<h1 class='logo'>ลำพูนนิวส์</h1>"  # the site's logo is the first <h1>
    art = read_html(page(head, top))
    assert art.headline == "อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้านประจำเดือน"
    assert art.publisher == "ลำพูนนิวส์"  # the part of <title> beside the headline


def test_headline_without_a_visible_heading_comes_from_metadata_without_the_site_name():
    head = '<meta property="og:site_name" content="ลำพูนนิวส์">' \
           '<meta property="og:title" content="อำเภอบ้านโฮ่งจัดประชุมกำนัน | ลำพูนนิวส์">'
    art = read_html(page(head, h1=""))
    assert (art.headline, art.publisher) == ("อำเภอบ้านโฮ่งจัดประชุมกำนัน", "ลำพูนนิวส์")


def test_a_title_naming_only_the_site_does_not_pick_the_logo():
    head = "<title>สำนักงานประชาสัมพันธ์จังหวัดลำพูน</title>"
    menu = "".join(f"<li><a href='/{i}'>เมนูที่ {i}</a></li>" for i in range(30))
    html = (f"<html><head>{head}</head><body><div>สำนักงานประชาสัมพันธ์จังหวัดลำพูน</div><ul>{menu}</ul>"
            f"<table><tr><td><b>อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้าน</b></td></tr><tr><td>{BODY}</td></tr></table>"
            "</body></html>")
    art = read_html(html)
    assert art.headline == "อำเภอบ้านโฮ่งประชุมกำนันผู้ใหญ่บ้าน"
    assert art.publisher is None


@pytest.mark.parametrize("head, top, body_end, expected", [
    # JSON-LD Person first
    (ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "วิภา ดวงดี"}}), "", "", "วิภา ดวงดี"),
    # an Organization as author is not a reporter; the meta author naming the site neither
    (ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "ลำพูนนิวส์"}})
     + '<meta name="author" content="ลำพูนนิวส์"><meta property="og:site_name" content="ลำพูนนิวส์">', "", "", None),
    ('<meta name="author" content="สุดา ทองมา">', "", "", "สุดา ทองมา"),
    # the article's own byline line before the account that posted it
    ("", "<span class='post-author vcard'>โพสต์โดย ประเสริฐ ใจดี</span>", "<p>อรทัย สุขใจ/รายงาน</p>", "อรทัย สุขใจ"),
    ("", "<span class='post-author vcard'>โพสต์โดย ประเสริฐ ใจดี</span>", "", "ประเสริฐ ใจดี"),
])
def test_reporter_cascade(head, top, body_end, expected):
    assert read_html(page(head, top, BODY + body_end)).reporter == expected
