"""Organizers (who held the event) and the project it belongs to."""

import pytest

from extractor import extract

DATELINE = "วันจันทร์ที่ 6 มีนาคม 2566"


def event(lead: str, headline: str = "ข่าวกิจกรรมประจำสัปดาห์ของจังหวัด", more: str = ""):
    rec = extract(f"{headline}\n{DATELINE}\n{lead}\n{more}", use_ner=False)
    return rec, rec.events[0]


ORGANIZER_CASES = [
    # said outright after the event
    ("เมื่อวันที่ 3 มีนาคม 2566 ณ ห้องประชุมอำเภอ นายสมชาย ใจดี เป็นประธานเปิดงาน "
     "จัดขึ้นโดย กรมส่งเสริมการเกษตร กระทรวงเกษตรและสหกรณ์ โดยมีเกษตรกรร่วมงาน",
     ["กรมส่งเสริมการเกษตร"]),
    # X และ Y ร่วมกันจัดขึ้น
    ("เมื่อวันที่ 3 มีนาคม 2566 นายสมชาย ใจดี เป็นประธานพิธีมอบเงินช่วยเหลือ ซึ่งสำนักงานเกษตรจังหวัดแพร่ "
     "และสำนักงานเกษตรอำเภอสอง ร่วมกันจัดขึ้น ณ ห้องประชุมอำเภอสอง",
     ["สำนักงานเกษตรจังหวัดแพร่", "สำนักงานเกษตรอำเภอสอง"]),
    # the subject of the lead sentence right after the venue; a verb glued to the name
    ("เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.00 น. ณ ห้องประชุมที่ว่าการอำเภอบ้านโป่ง อำเภอบ้านโป่ง จังหวัดราชบุรี "
     "สำนักงานพัฒนาชุมชนจังหวัดราชบุรีลงพื้นที่ ติดตามผลการดำเนินงานกลุ่มอาชีพ",
     ["สำนักงานพัฒนาชุมชนจังหวัดราชบุรี"]),
    # a unit takes its department; ร่วมกับ joins a partner
    ("เมื่อวันที่ 3 มีนาคม 2566 ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 กรมส่งเสริมอุตสาหกรรม ร่วมกับ เทศบาลตำบลหนองบัว "
     "จัดอบรมการแปรรูปสมุนไพร",
     ["ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 กรมส่งเสริมอุตสาหกรรม", "เทศบาลตำบลหนองบัว"]),
    # an abbreviated head followed by the office's abbreviation
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี เป็นประธานเปิดการอบรม โดยสำนักงาน ป.ป.ส. จึงได้จัดโครงการฝึกอบรมขึ้น",
     ["สำนักงาน ป.ป.ส."]),
    # the host's report: that person's office organizes
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี รัฐมนตรีช่วยว่าการกระทรวงมหาดไทย เป็นประธานการประชุม "
     "โดยมีนายอนันต์ ศรีสุข อธิบดีกรมการปกครอง กล่าวรายงาน",
     ["กรมการปกครอง"]),
    # nothing said: the office in the first official's title
    ("วันนี้ (3 มีนาคม 2566) ณ ห้องประชุมกระทรวง นายวิชัย ทองดี รัฐมนตรีว่าการกระทรวงศึกษาธิการ แถลงผลการประชุม",
     ["กระทรวงศึกษาธิการ"]),
    # ... but not from a title that names no office (the prime minister) or a concurrent second title
    ("วันนี้ (3 มีนาคม 2566) นายวิชัย ทองดี นายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงกลาโหม ตรวจเยี่ยมพื้นที่ "
     "พร้อมด้วยนายอนันต์ ศรีสุข รัฐมนตรีว่าการกระทรวงคมนาคม",
     []),
    # a province as the subject; จ.… counts only with a real province after it
    ("เมื่อวันที่ 3 มีนาคม 2566 จ.สตูล ร่วมกับ มูลนิธิรักษ์ทะเลอันดามัน จัดงานวันทะเลโลก",
     ["จ.สตูล", "มูลนิธิรักษ์ทะเลอันดามัน"]),
]


@pytest.mark.parametrize("lead, expected", ORGANIZER_CASES)
def test_organizers(lead, expected):
    rec, ev = event(lead)
    assert [o.name for o in ev.organizers] == expected
    for o in ev.organizers:
        assert rec.body[o.span[0]:o.span[1]] == o.name


def test_abbreviation_defined_in_the_text_stands_for_its_full_name():
    lead = ("ศพก.ชต. ร่วมกับ จ.ยะลา จัดงานมหกรรมวิชาการ\n"
            "เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี ผู้อำนวยการศูนย์พัฒนาการศึกษาชายแดนใต้ (ศพก.ชต.) กล่าวเปิดงาน")
    _, ev = event(lead)
    assert [o.name for o in ev.organizers] == ["ศูนย์พัฒนาการศึกษาชายแดนใต้", "จ.ยะลา"]


def test_a_dateline_province_is_not_the_subject():
    lead = "จังหวัดตราด : เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี นายกรัฐมนตรี ตรวจเยี่ยมท่าเรือ"
    _, ev = event(lead)
    assert ev.organizers == []


PROJECT_CASES = [
    # quoted name right after โครงการ: up to the closing quote
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี เป็นประธานเปิดโครงการ “คลองสวย น้ำใส” ประจำปี 2566 ณ วัดบางพลี",
     "โครงการ “คลองสวย น้ำใส” ประจำปี 2566"),  # the year qualifier belongs to the name
    # the whole name quoted
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี เป็นประธานเปิดงานสัมมนา“โครงการประกันภัยชาวประมง” พร้อมบรรยาย",
     "โครงการประกันภัยชาวประมง"),
    # a name with quoted parts and และ inside, ending before the next clause
    ("เมื่อวันที่ 3 มีนาคม 2566 สำนักงานพัฒนาชุมชนจังหวัดแพร่ลงพื้นที่ ถอดบทเรียนโครงการหมู่บ้านนำร่อง “พอเพียง สุขใจ” "
     "แบบบูรณาการ และสร้างผู้นำการเปลี่ยนแปลง กระทรวงมหาดไทย โดยมีทีมงานร่วมด้วย",
     "โครงการหมู่บ้านนำร่อง “พอเพียง สุขใจ” แบบบูรณาการ และสร้างผู้นำการเปลี่ยนแปลง กระทรวงมหาดไทย"),
    # a second project ends the first
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี เป็นประธานพิธีเปิดโครงการเสริมสร้างเครือข่ายอาสาสมัครแรงงาน "
     "และโครงการแรงงานปลอดยาเสพติด ณ ศาลากลางจังหวัดแพร่",
     "โครงการเสริมสร้างเครือข่ายอาสาสมัครแรงงาน"),
    # a name with a colon and a generation number
    ("เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี มอบวุฒิบัตรแก่ผู้เข้าร่วมโครงการฝึกอบรม : ผู้นำท้องถิ่นยุคใหม่ รุ่นที่ 2 "
     "โดยมีผู้บริหารร่วมในพิธี",
     "โครงการฝึกอบรม : ผู้นำท้องถิ่นยุคใหม่ รุ่นที่ 2"),
]


@pytest.mark.parametrize("lead, expected", PROJECT_CASES)
def test_project(lead, expected):
    rec, ev = event(lead)
    assert ev.project is not None and ev.project.name == expected
    s, e = ev.project.span
    assert rec.body[s:e] == expected


@pytest.mark.parametrize("lead", [
    "เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี กล่าวว่า โครงการฯ จะดำเนินต่อไปทุกปี",
    "เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี กล่าวว่า โครงการนี้ได้รับความร่วมมืออย่างดี",
    "เมื่อวันที่ 3 มีนาคม 2566 นายวิชัย ทองดี กล่าวว่า มีโครงการกว่า 1,000 โครงการทั่วประเทศ",
])
def test_generic_mentions_name_no_project(lead):
    _, ev = event(lead)
    assert ev.project is None


def test_project_outside_the_event_paragraph_needs_a_cue():
    lead = "เมื่อวันที่ 3 มีนาคม 2566 ณ ศาลากลางจังหวัดแพร่ นายวิชัย ทองดี เป็นประธานการประชุม"
    listed = "แผนงานปีนี้มี 2 รายการ ได้แก่ 1) โครงการขุดลอกคลองแม่ยม 2) โครงการซ่อมถนนสายหลัก"
    _, ev = event(lead, more=listed)
    assert ev.project is None
    held = "ทั้งนี้ สำนักงานจังหวัดได้จัดโครงการพัฒนาผู้นำชุมชน เป็นประจำทุกปี"
    _, ev = event(lead, more=held)
    assert ev.project.name == "โครงการพัฒนาผู้นำชุมชน"


def test_headline_names_the_organizers_when_the_body_does_not():
    rec = extract("วัดป่าเรไร จับมือโรงพยาบาลสองพี่น้อง ออกหน่วยตรวจสุขภาพผู้สูงอายุ\n"
                  f"{DATELINE}\n"
                  "เมื่อวันที่ 3 มีนาคม 2566 ณ ศาลาการเปรียญวัดป่าเรไร พระครูวินัยธร เป็นประธานเปิดหน่วยตรวจสุขภาพ\n",
                  use_ner=False)
    orgs = rec.events[0].organizers
    assert [o.name for o in orgs] == ["วัดป่าเรไร", "โรงพยาบาลสองพี่น้อง"]
    assert all(rec.body[o.span[0]:o.span[1]] == o.name for o in orgs)


MORE_ORGANIZER_CASES = [
    # a list joined only before its last item (A ร่วมกับ B C และ D)
    ("เมื่อวันที่ 3 มีนาคม 2566 งานนี้จัดขึ้นโดยสำนักงานเกษตรอำเภอสอง ร่วมกับ ศูนย์วิจัยข้าวแพร่ "
     "สถานีพัฒนาที่ดินแพร่ และสำนักงานปศุสัตว์อำเภอสอง ซึ่งมีเกษตรกรร่วมงาน",
     ["สำนักงานเกษตรอำเภอสอง", "ศูนย์วิจัยข้าวแพร่", "สถานีพัฒนาที่ดินแพร่", "สำนักงานปศุสัตว์อำเภอสอง"]),
    # the host glued to the people it sends (กำลังพลจิตอาสา + the unit), partners after ร่วมกับ
    ("เมื่อวันที่ 3 มีนาคม 2566 พ.อ.สมมุติ ใจกล้า นำกำลังพลจิตอาสามณฑลทหารบกที่ 99 ร่วมกับ องค์การบริหารส่วนตำบลบ้านกลาง "
     "และโครงการชลประทานแพร่ ขุดลอกลำเหมืองสาธารณะ",
     ["มณฑลทหารบกที่ 99", "องค์การบริหารส่วนตำบลบ้านกลาง", "โครงการชลประทานแพร่"]),
    # a court is an organization (ศาล…), a faculty with its university
    ("เมื่อวันที่ 3 มีนาคม 2566 ศาลจังหวัดสมมุติ ร่วมกับ คณะนิติศาสตร์ มหาวิทยาลัยสมมุติ จัดกิจกรรมไกล่เกลี่ยหนี้สิน",
     ["ศาลจังหวัดสมมุติ", "คณะนิติศาสตร์ มหาวิทยาลัยสมมุติ"]),
    # a foundation named by its abbreviation carries its branch's province
    ("เมื่อวันที่ 3 มีนาคม 2566 มูลนิธิ พอ.สว. จังหวัดแพร่ ร่วมกับ โรงพยาบาลสอง จัดขึ้นเพื่อบริการประชาชน",
     ["มูลนิธิ พอ.สว. จังหวัดแพร่", "โรงพยาบาลสอง"]),
    # a unit acting for its organization (X โดยงาน… สำนักปลัด… ร่วมกับ Y): the organization holds the event
    ("เมื่อวันที่ 3 มีนาคม 2566 เทศบาลตำบลบ้านกลาง โดยงานป้องกันและบรรเทาสาธารณภัย สำนักปลัดเทศบาล ร่วมกับ "
     "โรงพยาบาลสอง ได้จัดอบรมการช่วยฟื้นคืนชีพ",
     ["เทศบาลตำบลบ้านกลาง", "โรงพยาบาลสอง"]),
    # community groups as organizers, and the subject of a ซึ่ง… จัดขึ้น clause
    ("เมื่อวันที่ 3 มีนาคม 2566 ศูนย์อนุรักษ์ป่าชายเลนสมมุติ ร่วมกับ เทศบาลตำบลบ้านกลาง และกลุ่มอนุรักษ์ป่าชายเลนบ้านสอง "
     "ได้จัดกิจกรรมปลูกป่าชายเลน",
     ["ศูนย์อนุรักษ์ป่าชายเลนสมมุติ", "เทศบาลตำบลบ้านกลาง", "กลุ่มอนุรักษ์ป่าชายเลนบ้านสอง"]),
    # a partner after ร่วมกับ when a person leads the team
    ("เมื่อวันที่ 3 มีนาคม 2566 นพ.ภาคิน ทองเหลือง นำทีมแพทย์ออกหน่วยตรวจสุขภาพผู้สูงอายุ ร่วมกับ "
     "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านกลาง ณ วัดดอนสมมุติ",
     ["โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านกลาง"]),
]


@pytest.mark.parametrize("lead, expected", MORE_ORGANIZER_CASES)
def test_more_organizer_forms(lead, expected):
    rec, ev = event(lead)
    assert [o.name for o in ev.organizers] == expected
    for o in ev.organizers:
        assert rec.body[o.span[0]:o.span[1]] == o.name


def test_a_department_acting_for_its_ministry_stays_an_organizer():
    lead = ("เมื่อวันที่ 3 มีนาคม 2566 กระทรวงมหาดไทย โดยกรมการพัฒนาชุมชน ร่วมกับ มูลนิธิผ้าไทยสมมุติ "
            "จัดงานมหกรรมผ้าไทย")
    _, ev = event(lead)
    assert {o.name for o in ev.organizers} == {"กระทรวงมหาดไทย", "กรมการพัฒนาชุมชน", "มูลนิธิผ้าไทยสมมุติ"}


@pytest.mark.parametrize("lead", [
    # ศาลา… is a hall; คณะครู… is a group of people
    "เมื่อวันที่ 3 มีนาคม 2566 ศาลาประชาคมหมู่บ้าน ร่วมกับ ชาวบ้าน ทำความสะอาด",
    "เมื่อวันที่ 3 มีนาคม 2566 คณะครู มหาวิทยาลัยสมมุติ ร่วมกับ ชาวบ้าน ทำความสะอาด",
])
def test_words_that_start_like_an_organization_are_not_one(lead):
    _, ev = event(lead)
    assert ev.organizers == []


def test_an_agency_named_like_a_project_is_not_the_project():
    lead = ("เมื่อวันที่ 3 มีนาคม 2566 โครงการชลประทานแพร่ ร่วมกับ เทศบาลตำบลบ้านกลาง ดำเนินกิจกรรมจิตอาสา "
            "ภายใต้โครงการจิตอาสา “ทำดี ด้วยใจ” ขุดลอกและกำจัดวัชพืชในลำเหมืองสาธารณะบ้านดอนสมมุติ ระยะทาง 2 กิโลเมตร")
    _, ev = event(lead)
    assert ev.project.name == "โครงการจิตอาสา “ทำดี ด้วยใจ”"
    assert "โครงการชลประทานแพร่" in [o.name for o in ev.organizers]


@pytest.mark.parametrize("lead, expected", [
    # an organization whose name holds โครงการ is not a project
    ("เมื่อวันที่ 3 มีนาคม 2566 ศูนย์พัฒนาโครงการหลวงดอยสมมุติ จัดกิจกรรมส่งเสริมการปลูกกาแฟ", None),
    # โครงการชลประทาน + a word that is no province: a programme
    ("เมื่อวันที่ 3 มีนาคม 2566 นายกิตติ ศรีเมฆ เป็นประธานเปิดโครงการชลประทานขนาดเล็กบ้านดอนสมมุติ",
     "โครงการชลประทานขนาดเล็กบ้านดอนสมมุติ"),
])
def test_project_or_organization(lead, expected):
    _, ev = event(lead)
    assert (ev.project.name if ev.project else None) == expected


def test_subject_of_a_relative_clause_that_held_the_event():
    lead = ("เมื่อวันที่ 3 มีนาคม 2566 นายสมชาย ใจดี ปลัดจังหวัด เป็นประธานในพิธีปล่อยพันธุ์ปูม้า "
            "ซึ่งสำนักงานประมงจังหวัดสมมุติ ร่วมกับ กลุ่มประมงพื้นบ้านบ้านสอง จัดขึ้น")
    rec, ev = event(lead)
    assert {o.name for o in ev.organizers} == {"สำนักงานประมงจังหวัดสมมุติ", "กลุ่มประมงพื้นบ้านบ้านสอง"}
    for o in ev.organizers:
        assert rec.body[o.span[0]:o.span[1]] == o.name


@pytest.mark.parametrize("lead, name", [
    ("เมื่อวันที่ 3 มีนาคม 2566 อำเภอสองจัดกิจกรรมปลูกป่า ภายใต้โครงการ “ป่าชุมชนยั่งยืน” ประจำปีงบประมาณ พ.ศ. 2568 "
     "ณ ป่าชุมชนบ้านกลาง", "โครงการ “ป่าชุมชนยั่งยืน” ประจำปีงบประมาณ พ.ศ. 2568"),
    ("เมื่อวันที่ 3 มีนาคม 2566 อำเภอสองจัดค่าย ภายใต้โครงการ “English Fun Day” ครั้งที่ 3 ณ โรงเรียนบ้านกลาง",
     "โครงการ “English Fun Day” ครั้งที่ 3"),
    ("เมื่อวันที่ 3 มีนาคม 2566 เทศบาลจัดตลาดเกษตรกร ภายใต้โครงการเสริมสร้างเศรษฐกิจฐานรากตำบลสอง "
     "ขึ้นเป็นครั้งแรก ตลาดเปิดตั้งแต่เวลา 06.30 น.", "โครงการเสริมสร้างเศรษฐกิจฐานรากตำบลสอง"),
])
def test_project_qualifiers_after_a_quoted_title_and_its_end(lead, name):
    rec, ev = event(lead)
    assert ev.project is not None and ev.project.name == name
    assert rec.body[ev.project.span[0]:ev.project.span[1]] == name
