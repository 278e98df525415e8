"""Participants: named attendance lists, the stated count, unnamed groups (extractor ``participants``).

Every snippet is invented for these tests, in the style of Thai provincial news.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.extractors import dates, participants, people
from extractor.extractors.base import Context
from extractor.text import Doc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def run(text: str):
    """The ``participants`` value for ``text``, after the extractors it follows."""
    doc = Doc(text)
    ctx = Context()
    for ext in (dates.extract, people.extract):
        ctx.found.update(ext(doc, ctx))
    return participants.extract(doc, ctx)["participants"]


def names_of(text: str) -> list[str]:
    return [p.name for p in run(text).people]


LEAD = "เมื่อวันที่ 10 พฤศจิกายน 2565 เวลา 09.00 น. ณ หอประชุมอำเภอปากท่อ "


# ---------------------------------------------------------------------------- lists

@pytest.mark.parametrize("text, expected", [
    # numbered: ASCII, with and without a space, in brackets, Thai digits, one per line
    (LEAD + "มีผู้เข้าร่วม ได้แก่ 1.นายก้อง ทองดี, 2. นางแก้ว ใจดี และ 3.นายเอก ชัยชนะ",
     ["ก้อง ทองดี", "แก้ว ใจดี", "เอก ชัยชนะ"]),
    (LEAD + "ผู้ได้รับรางวัล ได้แก่ (1) ดาบตำรวจสมศักดิ์ ยิ้มแย้ม (2) จ่าสิบเอกอนุชา ทองคำ และ (3) นายสายัณห์ มีบุญ",
     ["สมศักดิ์ ยิ้มแย้ม", "อนุชา ทองคำ", "สายัณห์ มีบุญ"]),
    (LEAD + "โดยมีแขกผู้มีเกียรติเข้าร่วม ดังนี้\n๑.นายก้อง ทองดี นายอำเภอปากท่อ\n๒.นางแก้ว ใจดี ปลัดอำเภอปากท่อ\n",
     ["ก้อง ทองดี", "แก้ว ใจดี"]),
    # ประกอบด้วย / ร่วมด้วย / โดยมี, with positions, commas and และ
    (LEAD + "คณะกรรมการประกอบด้วย นายก้อง ทองดี ประธานกรรมการ, นางแก้ว ใจดี กรรมการ",
     ["ก้อง ทองดี", "แก้ว ใจดี"]),
    (LEAD + "ร่วมด้วย นายก้อง ทองดี นายอำเภอปากท่อ และนางแก้ว ใจดี นายก อบต.วังมะนาว ร่วมงาน",
     ["ก้อง ทองดี", "แก้ว ใจดี"]),
    (LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดราชบุรี เป็นประธาน โดยมีนายก้อง ทองดี นายอำเภอปากท่อ "
            "นางแก้ว ใจดี พัฒนาการอำเภอปากท่อ หัวหน้าส่วนราชการ และประชาชน เข้าร่วม",
     ["ก้อง ทองดี", "แก้ว ใจดี"]),
    # the leader of a พร้อมด้วย list is the presider, not listed
    (LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดราชบุรี พร้อมด้วย นายก้อง ทองดี รองผู้ว่าราชการจังหวัดราชบุรี ลงพื้นที่",
     ["ก้อง ทองดี"]),
    # a list going on across a hard line break with และ
    (LEAD + "ร่วมด้วย นายก้อง ทองดี นายกเทศมนตรีตำบลปัว\nและนางแก้ว ใจดี ผู้อำนวยการโรงพยาบาลปัว ร่วมงาน",
     ["ก้อง ทองดี", "แก้ว ใจดี"]),
    # a short verb between two people of one list
    (LEAD + "โดยมี นางแก้ว ใจดี รองผู้ว่าราชการจังหวัด กล่าวต้อนรับ นายก้อง ทองดี ปลัดจังหวัด เข้าร่วม",
     ["แก้ว ใจดี", "ก้อง ทองดี"]),
    # a person whose title is written before the name, first in the list
    (LEAD + "โดยมี ผวจ.ราชบุรี นายสมหมาย ทองคำ ให้การต้อนรับ", ["สมหมาย ทองคำ"]),
    # people listed before one shared title are both in the list
    (LEAD + "โดยมี รองศาสตราจารย์วรรณา โรจน์ดี ผู้ช่วยศาสตราจารย์พิชัย สุขสม ที่ปรึกษาปลัดกระทรวง ร่วมพิธี",
     ["วรรณา โรจน์ดี", "พิชัย สุขสม"]),
])
def test_participant_lists(text, expected):
    assert names_of(text) == expected


@pytest.mark.parametrize("text", [
    # the team running the event is not its participants
    LEAD + "โดยมีทีมถอดบทเรียนประกอบด้วย นางทศพร ใจดี ผู้อำนวยการกลุ่มงาน และนายณัฐ วงศ์ดี นักวิชาการ",
    # someone named outside a list
    LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดราชบุรี เป็นประธานเปิดงาน",
    # a list of another event, later in the article
    LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดราชบุรี เป็นประธานเปิดงาน\n"
           "ต่อมาเวลา 13.30 น. คณะได้เยี่ยมชมกลุ่มทอผ้า โดยมีนางบุญเรือน มาลาทอง ประธานกลุ่ม ให้การต้อนรับ",
])
def test_not_participants(text):
    assert names_of(text) == []


def test_participant_keeps_position_and_span_of_its_mention():
    text = LEAD + "โดยมี นายก้อง ทองดี นายอำเภอปากท่อ ร่วมงาน"
    (p,) = run(text).people
    assert (p.honorific, p.position) == ("นาย", "นายอำเภอปากท่อ")
    assert text[slice(*p.span)] == "นายก้อง ทองดี"


def test_each_participant_once():
    text = LEAD + "โดยมี นายก้อง ทองดี นายอำเภอปากท่อ ร่วมงาน ได้แก่ 1.นายก้อง ทองดี 2.นางแก้ว ใจดี"
    assert names_of(text) == ["ก้อง ทองดี", "แก้ว ใจดี"]


def test_groups_of_a_list():
    text = LEAD + ("โดยมี นายก้อง ทองดี นายอำเภอปากท่อ หัวหน้าส่วนราชการ ผู้นำชุมชน อสม. "
                   "และประชาชนเข้าร่วมงานเป็นจำนวนมาก")
    assert run(text).groups == ["หัวหน้าส่วนราชการ", "ผู้นำชุมชน", "อสม.", "ประชาชน"]


# ---------------------------------------------------------------------------- count

@pytest.mark.parametrize("text, count", [
    (LEAD + "กลุ่มเป้าหมายเข้าร่วมกิจกรรม จำนวน 10 คน", 10),
    (LEAD + "มีประชาชนเข้าร่วมงานกว่า 200 คน", 200),
    (LEAD + "มีเกษตรกรเข้าร่วมประมาณ 50 ราย", 50),
    (LEAD + "มีผู้เข้าร่วมกิจกรรม จำนวน ๓๐ คน", 30),                       # Thai digits
    (LEAD + "มีผู้เข้าร่วมสัมมนากว่า 1,500 คน", 1500),                     # thousands separator
    (LEAD + "มีผู้สูงอายุเข้ารับการตรวจ ชาย ๔๕ คน หญิง ๗๕ คน รวมทั้งสิ้น ๑๒๐ คน", 120),  # the total, not a part
    (LEAD + "กลุ่มเป้าหมายเข้าร่วม จำนวน 10 คน นำทีมโดยนายก้อง ทองดี และทีมงานอีก จำนวน 9 คน", 10),
    (LEAD + "โดยมีนักเรียนชั้นประถมศึกษาปีที่ 5-6 จำนวน 250 คน ร่วมกิจกรรม", 250),
    (LEAD + "พระสงฆ์ 9 รูป เข้าร่วมพิธี", 9),
    (LEAD + "ให้ความรู้แก่นักเรียน จำนวน 120 คน", 120),                  # the audience, named just before
    (LEAD + "มีนักเรียนชั้นประถมศึกษาปีที่ 5-6 เข้าค่ายจำนวน 84 คน", 84),       # a camp's campers
    (LEAD + "ผลการให้บริการ มีประชาชนมาใช้บริการรวมทั้งสิ้น 156 ราย แบ่งเป็น ขอคำปรึกษา 98 ราย", 156),  # served
])
def test_count(text, count):
    assert run(text).count == count


@pytest.mark.parametrize("text", [
    LEAD + "หมู่บ้านนี้มีประชากร 6,147 คน",                              # a statistic, not an attendance
    LEAD + "มีผู้ประสบอุทกภัยเสียชีวิต 3 ราย",
    LEAD + "ที่ห้องประชุมชั้น 1 นายชาตรี ทองดี ผู้ว่าราชการจังหวัด เป็นประธาน",  # ชั้น 1 นาย... is no count
    LEAD + "ปัจจุบันมีผู้ประกอบการ 881 ราย ในพื้นที่",                     # what a place has
    LEAD + "มีผู้ใช้บริการทั้งปี 250,000 คน เข้าร่วม",                      # too large to be an attendance
    LEAD + "ได้จัดกิจกรรม 3 รายการ",                                     # รายการ is not a person unit
])
def test_no_count(text):
    assert run(text).count is None


def test_count_span_points_at_the_number():
    text = LEAD + "มีประชาชนเข้าร่วมงานกว่า 200 คน"
    p = run(text)
    assert text[slice(*p.count_span)] == "200 คน"


# ---------------------------------------------------------------------------- real articles

def _fixture_pairs() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("fx_1*.txt") if p.with_name(p.stem + ".gold.json").is_file())


@pytest.mark.parametrize("path", _fixture_pairs(), ids=lambda p: p.stem)
def test_our_fixtures_people_and_count(path):
    """Our own fixture articles (fx_1NN): officials, participants and count as in their gold."""
    from extractor import extract_file

    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))["event"]
    event = extract_file(path).events[0]
    key = lambda n: n.replace(" ", "")  # noqa: E731 - names compare without spaces (RECORD.md)
    assert {key(p.name): p.position for p in event.officials} == {
        key(p["name"]): p["position"] for p in gold["officials"]}
    got = {key(p.name) for p in event.participants.people}
    required = {key(p["name"]) for p in gold["participants"] if not p.get("optional")}
    allowed = required | {key(p["name"]) for p in gold["participants"]}
    assert required <= got <= allowed
    assert event.participants.count == gold["participant_count"]


def test_thaigov_dev_meets_the_targets(thaigov_dev):
    """Officials F1 >= 0.90, position accuracy >= 0.88, participants F1 >= 0.75, count >= 0.85."""
    from extractor import evaluate as ev

    scores = ev.evaluate_dir(thaigov_dev, use_ner=False).scores()
    assert scores["officials_f1"] >= 0.90
    assert scores["official_position_acc"] >= 0.88
    assert scores["participants_f1"] >= 0.75
    assert scores["participant_count"] >= 0.85


# ---------------------------------------------------------------------------- held-out fixes

@pytest.mark.parametrize("text, expected", [
    # มี + people + an attendance verb; one person is enough after มี
    (LEAD + "นายสมชาย ใจดี นายกเทศมนตรีตำบลนาดี เป็นประธาน ทั้งนี้ มี นายก้อง ทองดี รองนายกเทศมนตรีตำบลนาดี, "
            "นางแก้ว ใจงาม สมาชิกสภาเทศบาลตำบลนาดี และ จ.อ.เอก ชัยชนะ หัวหน้าฝ่ายป้องกัน ร่วมพิธีเปิด",
     ["ก้อง ทองดี", "แก้ว ใจงาม", "เอก ชัยชนะ"]),
    (LEAD + "ทั้งนี้ มี นางสาวมณี ศรีสุข เกษตรอำเภอนาดี ร่วมพิธีเปิดด้วย", ["มณี ศรีสุข"]),
    # two or more people named together, then a verb that brings others along to attend
    (LEAD + "ในการนี้ นายก้อง ทองดี นายก อบต.นาดี และนางแก้ว ใจงาม กำนันตำบลนาดี "
            "ได้นำชาวบ้าน จำนวน 50 คน มาร่วมกิจกรรม", ["ก้อง ทองดี", "แก้ว ใจงาม"]),
    # a list going on after a comma at a line end
    (LEAD + "คณะเจ้าภาพ ประกอบด้วย นายก้อง ทองดี, นางแก้ว ใจงาม,\nนางสาวมณี ศรีสุข และครอบครัว",
     ["ก้อง ทองดี", "แก้ว ใจงาม", "มณี ศรีสุข"]),
    # recipients: มอบ ... ให้แก่ people
    (LEAD + "ผู้ว่าราชการจังหวัดมอบเกียรติบัตรให้แก่ นายก้อง ทองดี และนางแก้ว ใจงาม", ["ก้อง ทองดี", "แก้ว ใจงาม"]),
    # a paragraph with a time that refers back to the event (ในพิธี...) is still the event
    (LEAD + "นายสมชาย ใจดี อธิการบดี เป็นประธาน\n\nในพิธีเปิดเมื่อเวลา 09.00 น. ทั้งนี้ มี นายก้อง ทองดี "
            "เกษตรอำเภอนาดี ร่วมพิธีเปิด", ["ก้อง ทองดี"]),
])
def test_lists_closed_by_a_verb_and_other_held_out_patterns(text, expected):
    assert names_of(text) == expected


@pytest.mark.parametrize("text", [
    # together with (organizing), observing: not attending
    LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดนาดี และนายก้อง ทองดี นายอำเภอนาดี ร่วมกับ เทศบาลนาดี จัดงาน",
    LEAD + "ซึ่งมี นางสาวมณี ศรีสุข นักวิชาการพัฒนาชุมชน ร่วมสังเกตการณ์",
    # one person not after มี, doing something else
    LEAD + "นายสมชาย ใจดี ผู้ว่าราชการจังหวัดนาดี ร่วมพิธี",
    # a cue closing a sentence at a line end does not take the next paragraph's speaker
    LEAD + "หัวหน้าส่วนราชการเข้าร่วมด้วย\nนายก้อง ทองดี โฆษกจังหวัด เปิดเผยว่า งานนี้ดีมาก",
    # the verb is said of a group at the end of the list
    LEAD + "ทีมงานประกอบด้วย นายก้อง ทองดี นักวิชาการ และนางแก้ว ใจงาม เจ้าหน้าที่ กลุ่มเป้าหมายเข้าร่วมกิจกรรม",
])
def test_not_participants_held_out(text):
    assert names_of(text) == []


def test_the_headline_event_narrated_second():
    text = ("วันนี้ (5 ตุลาคม 2566) เวลา 09.00 น. นายสมชาย ใจดี ผู้ว่าราชการจังหวัดนาดี เป็นประธานการประชุมประจำเดือน "
            "โดยมี นายก้อง ทองดี รองผู้ว่าราชการจังหวัดนาดี ร่วมประชุม\n\n"
            "จากนั้น เวลา 13.30 น. ผู้ว่าราชการจังหวัดนาดี เป็นประธานมอบโฉนดชุมชนให้แก่ราษฎรตำบลบ้านไร่ "
            "ได้แก่ นางแก้ว ใจงาม และนายเอก ชัยชนะ มีราษฎรเข้าร่วมพิธี จำนวน 80 ราย\n")
    doc = Doc(text)
    ctx = Context(headline="ผู้ว่าฯ นาดี มอบโฉนดชุมชนให้แก่ราษฎรตำบลบ้านไร่ 80 ราย")
    for ext in (dates.extract, people.extract):
        ctx.found.update(ext(doc, ctx))
    got = participants.extract(doc, ctx)["participants"]
    assert [p.name for p in got.people] == ["แก้ว ใจงาม", "เอก ชัยชนะ"]
    assert got.count == 80
    # without a headline that points at it, the first event is the one
    assert names_of(text) == ["ก้อง ทองดี"]


@pytest.mark.parametrize("text, count", [
    # the party with someone named is taken only when nothing else is counted
    (LEAD + "พระครูสมชาย เจ้าคณะตำบลนาดี พร้อมด้วยพระสงฆ์ 9 รูป ร่วมเจริญพระพุทธมนต์ "
            "ท่ามกลางพุทธศาสนิกชนกว่า 500 คน ที่เดินทางมาร่วมงาน", 500),
    (LEAD + "พระครูสมชาย เจ้าคณะตำบลนาดี พร้อมด้วยพระสงฆ์ 9 รูป ร่วมเจริญพระพุทธมนต์", 9),
    # a grand total stated in the next paragraph of the same event
    (LEAD + "กำลังพลเข้าร่วม จำนวน 40 นาย\n\nในการนี้ ผู้นำชุมชนได้นำชาวบ้าน จำนวน 60 คน มาร่วม "
            "รวมผู้ร่วมกิจกรรมทั้งสิ้น 100 คน", 100),
])
def test_count_held_out(text, count):
    assert run(text).count == count


# Lists read from one paragraph: the participants' names, in order.
NAMED_LISTS = [
    pytest.param(
        "เมื่อวันที่ 5 สิงหาคม 2567 ณ หอประชุมอำเภอ โดยมี รอง ผวจ.ยโสธร นายวิชัย แสนดี เป็นประธานในพิธีเปิด "
        "พร้อมด้วย นางสาวพรทิพย์ ศรีสุข เกษตรอำเภอกุดชุม และ นายทองใบ ศรีภูมิ ประธานวิสาหกิจชุมชน ร่วมพิธี\n",
        ["พรทิพย์ ศรีสุข", "ทองใบ ศรีภูมิ"],
        id="presider-closing-a-list-is-not-a-participant"),
    pytest.param(
        "เมื่อวันที่ 5 มิถุนายน 2567 ณ วัดป่าศรีสว่าง ชาวบ้านร่วมปลูกต้นไม้\n"
        "ร่วมด้วย นางอุไร ชัยดี ผู้อำนวยการสำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดอุดรธานี\n"
        "นายประยงค์ แสงทอง นายกเทศมนตรีตำบลเชียงแหว และ ส.อ.วีระ ทองดี ผู้ใหญ่บ้านโคกสะอาด\n",
        ["อุไร ชัยดี", "ประยงค์ แสงทอง", "วีระ ทองดี"],
        id="list-with-one-person-per-line"),
    pytest.param(
        "เมื่อวันที่ 5 มิถุนายน 2567 ณ วัดป่าศรีสว่าง ชาวบ้านร่วมปลูกต้นไม้\n"
        "ร่วมด้วย นางอุไร ชัยดี ผู้อำนวยการสำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดอุดรธานี\n"
        "นายประยงค์ แสงทอง นายกเทศมนตรีตำบลเชียงแหว กล่าวว่า ป่าชุมชนแห่งนี้เป็นต้นน้ำสำคัญ\n",
        ["อุไร ชัยดี"],
        id="person-opening-the-next-sentence-is-not-added-to-the-list"),
    pytest.param(
        "เมื่อวันที่ 4 ธันวาคม 2568 ณ ลานริมน้ำ อำเภอเมืองลพบุรี เปิดเทศกาลอาหาร "
        "โดยมี นายณรงค์ ดีงาม นายกเทศมนตรีเมืองลพบุรี กล่าวรายงาน  ร่วมด้วย นางพัชรา ศรีทอง ท่องเที่ยวและกีฬาจังหวัดลพบุรี "
        "และ นางสาวกัญญา โพธิ์ทอง นายกสมาคมผู้ประกอบการร้านอาหาร\n",
        ["พัชรา ศรีทอง", "กัญญา โพธิ์ทอง"],
        id="the-host-giving-the-report-is-not-a-participant"),
    pytest.param(
        "เมื่อวันที่ 25 มิถุนายน 2567 ณ โรงเรียนบ้านโพนทอง อำเภอบ้านแพง ส่วนราชการร่วมออกหน่วยให้บริการ ประกอบด้วย\n"
        "นางสาวอรอุมา แสนดี ท้องถิ่นอำเภอบ้านแพง, นายพงศกร ศรีดี ปลัดอำเภอ\n\nหลังจากนั้นมีการมอบของ\n",
        ["อรอุมา แสนดี", "พงศกร ศรีดี"],
        id="list-opening-on-the-line-after-its-cue"),
    pytest.param(
        "เมื่อวันที่ 5 มีนาคม 2568 ณ ศาลาอเนกประสงค์บ้านห้วยคำ อำเภอเชียงคาน จังหวัดเลย นายอำเภอลงพื้นที่\n"
        "ผู้เข้าร่วมลงพื้นที่ในครั้งนี้ ได้แก่\nนางสาวจิรา พิมพ์ดี พัฒนาการอำเภอเชียงคาน\n"
        "จ.ส.ต.ธนา อุปดี ผู้บังคับหมู่ สภ.เชียงคาน\nนายวิชัย คำดี กำนันตำบลบุฮม\n\nหลังจากนั้นมีการมอบของ\n",
        ["จิรา พิมพ์ดี", "ธนา อุปดี", "วิชัย คำดี"],
        id="vertical-list-one-person-per-line-without-separators"),
]


@pytest.mark.parametrize("text, names", NAMED_LISTS)
def test_named_lists(text, names):
    assert names_of(text) == names


@pytest.mark.parametrize("layout", [
    # bullets, one person per line, after a cue at the end of the line
    "ร่วมด้วย\n• นางพรรณี บุญดี ปลัดอำเภอภูเขียว\n• นายสมบัติ แก้วดี นายกองค์การบริหารส่วนตำบลผักปัง\n",
    # a dash list introduced by ดังนี้
    "โดยมีผู้ร่วมพิธีเปิด ดังนี้\n- นางพรรณี บุญดี ปลัดอำเภอภูเขียว\n- นายสมบัติ แก้วดี นายกองค์การบริหารส่วนตำบลผักปัง\n",
    # a table-like list: name line, then the position on an indented line
    "ได้แก่\n1. นางพรรณี บุญดี\n   ปลัดอำเภอภูเขียว\n2. นายสมบัติ แก้วดี\n   นายกองค์การบริหารส่วนตำบลผักปัง\n",
])
def test_lists_laid_out_one_person_per_line(layout):
    text = "เมื่อวันที่ 5 มิถุนายน 2567 ณ หอประชุมอำเภอภูเขียว จัดพิธีเปิดงานผ้าไหม " + layout + "\nหลังจากนั้นมีการแสดง\n"
    assert names_of(text) == ["พรรณี บุญดี", "สมบัติ แก้วดี"]


