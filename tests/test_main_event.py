"""The main event's paragraph: hard-wrapped blocks, event cards, and the event the headline reports."""

from dataclasses import dataclass

import pytest

from extractor import extract
from extractor.extractors.base import Context
from extractor.extractors.main_event import (
    FOUND_KEY, block_of, blocks, headline_share, line_end, main_paragraph, wrap_width)
from extractor.text import Doc

# A post cut into lines of about the same width: its sentences run over line breaks.
WRAPPED = (
    "เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.00 น. นายกิตติ ศรีเมฆ นายอำเภอสอง เป็นประธานเปิดการอบรม\n"
    "อาสาสมัครป้องกันภัยฝ่ายพลเรือน ณ หอประชุมที่ว่าการอำเภอสอง ตำบลบ้านกลาง อำเภอสอง\n"
    "จังหวัดแพร่ โดยมีอาสาสมัครจากทุกตำบลเข้าร่วมการอบรมในครั้งนี้ จำนวน 80 คน รวมทั้งหมด\n"
    "\n"
    "นายกิตติฯ กล่าวว่า การอบรมครั้งนี้จะช่วยให้อาสาสมัครพร้อมรับมือภัยพิบัติในพื้นที่ได้ดียิ่งขึ้น\n"
    "และขอให้ทุกคนนำความรู้ไปใช้ประโยชน์ต่อชุมชนของตนเองอย่างเต็มที่ต่อไปในอนาคตด้วย\n"
)


@dataclass
class _Found:
    span: tuple[int, int]


def test_a_hard_wrapped_text_joins_its_lines_into_blocks():
    doc = Doc(WRAPPED)
    assert wrap_width(doc) is not None
    assert len(blocks(doc)) == 2
    first = blocks(doc)[0]
    assert doc.text[first[0]:first[1]].endswith("รวมทั้งหมด")
    # a sentence line runs on to the end of its block
    assert line_end(doc, 0) == first[1]
    assert block_of(doc, WRAPPED.index("จังหวัดแพร่")) == first


def test_lines_that_are_the_writers_paragraphs_stay_apart():
    long_para = "เมื่อวันที่ 3 มีนาคม 2566 " + "ชาวบ้านร่วมกันปลูกต้นไม้ริมคลองสาธารณะ " * 6
    text = f"{long_para}\nสั้น ๆ บรรทัดเดียว\n{long_para}\n"
    doc = Doc(text)
    assert wrap_width(doc) is None
    assert blocks(doc) == doc.paragraphs


@pytest.mark.parametrize("marker, joined", [("", True), ("1. ", False), ("- ", False), ("✅ ", False)])
def test_a_list_item_line_does_not_continue_the_wrapped_sentence(marker, joined):
    text = WRAPPED.replace("\n\nนายกิตติฯ กล่าวว่า", f"\n{marker}นายกิตติฯ กล่าวว่า")
    doc = Doc(text)
    starts = [s for s, _ in blocks(doc)]
    assert (text.index(f"{marker}นายกิตติฯ") not in starts) == joined


@pytest.mark.parametrize("headline, text, low, high", [
    ("ผู้ว่าฯ มอบโฉนดที่ดินแก่ราษฎร", "ผู้ว่าราชการจังหวัดเป็นประธานมอบโฉนดที่ดินแก่ราษฎร 50 ราย", 0.6, 1.0),
    ("ผู้ว่าฯ มอบโฉนดที่ดินแก่ราษฎร", "ที่ประชุมติดตามการเบิกจ่ายงบประมาณประจำเดือน", 0.0, 0.2),
    (None, "อะไรก็ได้", 0.0, 0.0),
])
def test_headline_share(headline, text, low, high):
    assert low <= headline_share(headline, text) <= high


TWO_EVENTS = (
    "ผวจ.แพร่ มอบเมล็ดพันธุ์ข้าวแก่เกษตรกรผู้ประสบภัยแล้ง อำเภอสอง\n"
    "วันพฤหัสบดีที่ 9 มีนาคม 2566\n"
    "วันนี้ (9 มีนาคม 2566) เวลา 09.00 น. นายวีระ ใจงาม ผู้ว่าราชการจังหวัดแพร่ เป็นประธานการประชุมคณะกรมการจังหวัด "
    "ณ ห้องประชุมศาลากลางจังหวัดแพร่ ซึ่งที่ประชุมติดตามการเบิกจ่ายงบประมาณ\n"
    "จากนั้น เวลา 13.30 น. ผู้ว่าราชการจังหวัดแพร่ ได้เดินทางไปเป็นประธานในพิธีมอบเมล็ดพันธุ์ข้าวแก่เกษตรกรผู้ประสบภัยแล้ง "
    "ณ หอประชุมที่ว่าการอำเภอสอง อำเภอสอง จังหวัดแพร่ ซึ่งสำนักงานเกษตรจังหวัดแพร่ จัดขึ้น\n"
)


def test_the_event_the_headline_reports_is_the_main_one_even_when_narrated_second():
    rec = extract(TWO_EVENTS, use_ner=False)
    ev = rec.events[0]
    assert ev.venue.place == "หอประชุมที่ว่าการอำเภอสอง"
    assert ev.venue.district == "สอง"
    assert [o.name for o in ev.organizers] == ["สำนักงานเกษตรจังหวัดแพร่"]


def test_main_paragraph_is_shared_through_the_context():
    from extractor.extractors.main_event import extract as main_event

    doc = Doc(TWO_EVENTS)
    lead_at = TWO_EVENTS.index("วันนี้")
    ctx = Context(headline=TWO_EVENTS.split("\n")[0], found={"date": _Found((lead_at, lead_at + 20))})
    second = TWO_EVENTS.index("จากนั้น")
    assert main_paragraph(doc, ctx)[0] == second
    assert main_event(doc, ctx) == {FOUND_KEY: main_paragraph(doc, ctx)}


def test_a_later_event_sharing_only_a_little_more_of_the_headline_does_not_take_over():
    text = TWO_EVENTS.replace("ผวจ.แพร่ มอบเมล็ดพันธุ์ข้าวแก่เกษตรกรผู้ประสบภัยแล้ง อำเภอสอง",
                              "ผวจ.แพร่ ประชุมคณะกรมการจังหวัด และลงพื้นที่อำเภอสอง")
    ev = extract(text, use_ner=False).events[0]
    assert ev.venue.place == "ห้องประชุมศาลากลางจังหวัดแพร่"


def test_an_event_card_runs_from_the_date_label_to_the_story():
    text = (
        "รพ.สมมุติ ออกหน่วยตรวจสุขภาพผู้สูงอายุบ้านโป่งงาม\n"
        "5 มีนาคม 2566\n"
        "📅 วันเสาร์ที่ 4 มีนาคม 2566\n"
        "⏰ 08.30 น.\n"
        "📍 ศาลาอเนกประสงค์บ้านโป่งงาม หมู่ 4 ต.บ้านกลาง อ.สอง จ.แพร่\n"
        "\n"
        "นพ.ภาคิน ทองเหลือง ผู้อำนวยการโรงพยาบาลสอง นำทีมสหวิชาชีพออกหน่วยตรวจสุขภาพผู้สูงอายุ "
        "ร่วมกับ โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านกลาง และ อสม.บ้านโป่งงาม\n"
    )
    ev = extract(text, use_ner=False).events[0]
    assert (ev.venue.place, ev.venue.district, ev.venue.province) == ("ศาลาอเนกประสงค์บ้านโป่งงาม", "สอง", "แพร่")
    assert [o.name for o in ev.organizers] == ["โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านกลาง"]
