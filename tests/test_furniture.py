"""Page furniture (related posts, sponsors) and the byline never feed an event."""

import json

import pytest

from extractor import extract, extract_file
from extractor.article import read_text

BOX_EVENT = ("มูลนิธิรักษ์น้ำเหนือ ร่วมกับ กรมชลประทานสมมุติ มอบเครื่องสูบน้ำ ณ ศาลาประชาคมอำเภอเมืองนครสวรรค์ "
             "จังหวัดนครสวรรค์ โดยมีวัตถุประสงค์เพื่อช่วยชาวนาหน้าแล้ง ภายใต้โครงการ “น้ำดีมีสุข”")
FORBIDDEN = ["มูลนิธิรักษ์น้ำเหนือ", "กรมชลประทานสมมุติ", "นครสวรรค์", "ศาลาประชาคม", "น้ำดีมีสุข", "ชาวนาหน้าแล้ง"]

ARTICLE = (
    "วันศุกร์ที่ 3 มีนาคม พ.ศ. 2566\n\n"
    "สำนักงานหนังสือพิมพ์ข่าวเมืองเหนือนิวส์\n\n"
    "อำเภอแม่ทา จัดประชุมประจำเดือนกำนันผู้ใหญ่บ้าน\n"
    "เมื่อวันพุธที่ 1 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอแม่ทา จังหวัดลำพูน นายมานะ ศรีสุข "
    "นายอำเภอแม่ทา เป็นประธานการประชุม\n"
    "\n"
    "มานพ ศรีสุขจ.ลำพูน/รายงาน\n"
    "{box}"
)


def all_strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k != "span":
                yield from all_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from all_strings(v)


def leaked(record) -> list[str]:
    strings = list(all_strings(record.events[0].model_dump()))
    return [f for f in FORBIDDEN if any(f in s for s in strings)]


@pytest.mark.parametrize("box", [
    f"สมาคมหนังสือพิมพ์ส่วนภูมิภาค\nสนับสนุนโดย\n รายงานข่าว\n\nโพสต์ข่าวแนะนำ\n\n{BOX_EVENT}\n\nข่าวดัง ยอดนิยม คนสนใจ",
    f"\nโพสต์ข่าวแนะนำ\n\n{BOX_EVENT}\n",
    f"ข่าวที่เกี่ยวข้อง\n{BOX_EVENT}\n",
])
def test_related_box_after_the_byline_feeds_nothing(box):
    rec = extract(ARTICLE.format(box=box), use_ner=False)
    assert rec.reporter == "มานพ ศรีสุข"
    assert leaked(rec) == []
    v = rec.events[0].venue
    assert (v.place, v.province) == ("หอประชุมอำเภอแม่ทา", "ลำพูน")


def test_related_box_without_a_byline_feeds_nothing():
    text = ARTICLE.replace("มานพ ศรีสุขจ.ลำพูน/รายงาน\n", "").format(box=f"ข่าวแนะนำ\n{BOX_EVENT}\n")
    rec = extract(text, use_ner=False)
    assert leaked(rec) == []


def test_related_box_in_html_feeds_nothing():
    page = (
        "<html><head><title>อำเภอแม่ทา จัดประชุมประจำเดือนกำนันผู้ใหญ่บ้าน</title></head><body>"
        "<h1>อำเภอแม่ทา จัดประชุมประจำเดือนกำนันผู้ใหญ่บ้าน</h1>"
        "<p>เมื่อวันพุธที่ 1 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอแม่ทา จังหวัดลำพูน นายมานะ ศรีสุข "
        "นายอำเภอแม่ทา เป็นประธานการประชุม</p>"
        "<p>โพสต์ข่าวแนะนำ</p>"
        f"<p>{BOX_EVENT}</p>"
        "</body></html>"
    )
    rec = extract(page, use_ner=False)
    assert leaked(rec) == []
    assert rec.events[0].venue.place == "หอประชุมอำเภอแม่ทา"


def test_a_sentence_starting_with_โดย_is_not_a_byline():
    text = (
        "จังหวัดประชุมแก้ปัญหาหมอกควัน\nวันจันทร์ที่ 6 มีนาคม 2566\n"
        "เมื่อวันที่ 3 มีนาคม 2566 ณ ศาลากลางจังหวัดลำปาง ผู้ว่าราชการจังหวัดเป็นประธานการประชุม\n"
        "โดยที่ประชุมได้มีมติสำคัญ ดังนี้\n"
        "1. ห้ามเผาในที่โล่งจนถึงสิ้นเดือนเมษายน\n"
        "2. ให้ทุกอำเภอตั้งจุดเฝ้าระวัง\n"
    )
    art = read_text(text)
    assert art.reporter is None
    assert art.zone[1] == len(art.body)


def test_an_office_in_the_byline_is_not_a_reporter():
    text = "กระทรวงจัดประชุมผู้บริหาร\nวันจันทร์ที่ 6 มีนาคม 2566\nเนื้อข่าวการประชุม\nกลุ่มสารนิเทศ สป. : รายงาน\n"
    art = read_text(text)
    assert art.reporter is None
    assert "กลุ่มสารนิเทศ" not in art.body[art.zone[0]:art.zone[1]]


@pytest.mark.shared
def test_seed_related_posts_never_reach_the_event(seed_path):
    rec = extract_file(seed_path, use_ner=False)
    gold = json.loads(seed_path.with_name(seed_path.stem + ".gold.json").read_text(encoding="utf-8"))
    strings = list(all_strings([e.model_dump() for e in rec.events]))
    for f in gold["forbidden"]:
        assert not any(f in s for s in strings), f
    assert rec.reporter == gold["reporter"]


def test_an_article_line_that_starts_like_a_furniture_cue_does_not_end_the_zone():
    text = ("เทศบาลรับฟังความเห็นประชาชน\nวันจันทร์ที่ 6 มีนาคม 2566\n"
            "เมื่อวันที่ 3 มีนาคม 2566 ณ หอประชุมเทศบาลตำบลปัว เทศบาลจัดเวทีประชาคม\n"
            "ความคิดเห็นของประชาชนส่วนใหญ่สนับสนุนให้ขยายตลาดนัดชุมชนไปยังลานจอดรถของเทศบาลตำบลปัว\n"
            "ความคิดเห็น\nเยี่ยมมากครับ\n")
    art = read_text(text)
    zone = art.body[art.zone[0]:art.zone[1]]
    assert "ขยายตลาดนัดชุมชน" in zone and "เยี่ยมมากครับ" not in zone
