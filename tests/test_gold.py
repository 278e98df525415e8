"""Gold files: validation in words, record → gold → review round trips, atomic writing."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from extractor import gold as goldfmt
from extractor.evaluate import norm_name
from extractor.gold import (GoldError, gold_json, gold_path_for, gold_to_review, parse_gold, record_to_gold,
                            validate_gold, write_gold)
from extractor.records import (ArticleRecord, DateValue, Event, NamedSpan, Participants, Person, TextSpan,
                               TimeValue, Venue)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

BODY = ("เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอบ้านนา อำเภอบ้านนา จังหวัดนครนายก "
        "นายสมศักดิ์ ทองดีเลิศ นายอำเภอบ้านนา เป็นประธานเปิดการอบรม โครงการส่งเสริมอาชีพเลี้ยงไก่ไข่ "
        "ซึ่งสำนักงานเกษตรอำเภอบ้านนา จัดขึ้น โดยมีวัตถุประสงค์เพื่อเพิ่มรายได้ให้เกษตรกร "
        "มีเกษตรกรเข้าร่วม 40 คน ได้แก่ นางบัวผัน ใจงาม และนายเสกสรร พรมมา")


def _span(text: str) -> tuple[int, int]:
    i = BODY.index(text)
    return (i, i + len(text))


def make_record() -> ArticleRecord:
    """A small record over BODY, as the extractor would give it (names invented)."""
    return ArticleRecord(
        headline="  บ้านนา อบรมอาชีพเลี้ยงไก่ไข่  ", published="2023-03-06", publisher=None, reporter="",
        body=BODY,
        events=[Event(
            date=DateValue(text="วันที่ 3 มีนาคม 2566", start="2023-03-03", span=_span("วันที่ 3 มีนาคม 2566")),
            time=TimeValue(text="เวลา 09.30 น.", start="09:30", span=_span("เวลา 09.30 น.")),
            venue=Venue(text="หอประชุมอำเภอบ้านนา", place="หอประชุมอำเภอบ้านนา", district="บ้านนา",
                        province="นครนายก", admin_code="2602", span=_span("หอประชุมอำเภอบ้านนา")),
            organizers=[NamedSpan(name="สำนักงานเกษตรอำเภอบ้านนา", span=_span("สำนักงานเกษตรอำเภอบ้านนา"))],
            project=NamedSpan(name="โครงการส่งเสริมอาชีพเลี้ยงไก่ไข่", span=_span("โครงการส่งเสริมอาชีพเลี้ยงไก่ไข่")),
            officials=[Person(honorific="นาย", name="สมศักดิ์ ทองดีเลิศ", position="นายอำเภอบ้านนา",
                              span=_span("นายสมศักดิ์ ทองดีเลิศ"))],
            participants=Participants(count=40, people=[
                Person(honorific="นาง", name="บัวผัน ใจงาม", span=_span("นางบัวผัน ใจงาม")),
                Person(honorific="นาย", name="เสกสรร พรมมา", span=_span("นายเสกสรร พรมมา"))]),
            objectives=[TextSpan(text="เพื่อเพิ่มรายได้ให้เกษตรกร", span=_span("เพื่อเพิ่มรายได้ให้เกษตรกร"))],
        )],
    )


EXPECTED_GOLD = {
    "id": "bn_001", "text_file": "bn_001.txt",
    "headline": "บ้านนา อบรมอาชีพเลี้ยงไก่ไข่", "published": "2023-03-06", "publisher": None, "reporter": None,
    "forbidden": ["ตลาดนัดชุมชน"],
    "event": {
        "date": "2023-03-03", "date_end": None, "time": "09:30",
        "venue": {"place": "หอประชุมอำเภอบ้านนา", "subdistrict": None, "district": "บ้านนา", "province": "นครนายก"},
        "organizers": ["สำนักงานเกษตรอำเภอบ้านนา"],
        "project": "โครงการส่งเสริมอาชีพเลี้ยงไก่ไข่",
        "officials": [{"honorific": "นาย", "name": "สมศักดิ์ ทองดีเลิศ", "position": "นายอำเภอบ้านนา"}],
        "participants": [{"honorific": "นาง", "name": "บัวผัน ใจงาม", "position": None},
                         {"honorific": "นาย", "name": "เสกสรร พรมมา", "position": None}],
        "participant_count": 40,
        "objectives": ["เพื่อเพิ่มรายได้ให้เกษตรกร"],
    },
}


def test_record_to_gold_gives_the_gold_format():
    got = record_to_gold(make_record(), text_file="bn_001.txt", gold_id="bn_001", forbidden=[" ตลาดนัดชุมชน ", ""])
    assert got == EXPECTED_GOLD
    assert list(got) == list(EXPECTED_GOLD)  # key order as in RECORD.md and the hand-written files
    assert validate_gold(got) == []


def test_record_to_gold_cleans_what_a_form_sends():
    rec = make_record().model_dump(mode="json")
    ev = rec["events"][0]
    ev["officials"].append({"honorific": "", "name": "   ", "position": "x", "span": None})  # an emptied row
    ev["participants"]["people"][0]["optional"] = True
    ev["participants"]["people"][1]["position"] = "   "
    ev["participants"]["count"] = " 41 "
    ev["objectives"].append({"text": "", "span": None})
    got = record_to_gold(rec)
    assert [p["name"] for p in got["event"]["officials"]] == ["สมศักดิ์ ทองดีเลิศ"]
    assert got["event"]["participants"][0]["optional"] is True
    assert "optional" not in got["event"]["participants"][1]
    assert got["event"]["participants"][1]["position"] is None
    assert got["event"]["participant_count"] == 41
    assert got["event"]["objectives"] == ["เพื่อเพิ่มรายได้ให้เกษตรกร"]


def test_record_without_events_gives_an_empty_event():
    got = record_to_gold({"body": "ข่าว", "events": []})
    assert got["event"]["date"] is None and got["event"]["officials"] == []


def test_unannotated_lists_stay_null_while_empty():
    rec = make_record().model_dump(mode="json")
    rec["events"][0]["organizers"] = []
    got = record_to_gold(rec, unannotated=["organizers", "objectives"])
    assert got["event"]["organizers"] is None  # empty and not annotated: null, not scored
    assert got["event"]["objectives"] == ["เพื่อเพิ่มรายได้ให้เกษตรกร"]  # has items: annotated now
    with pytest.raises(GoldError, match="unannotated: venue is not one of"):
        record_to_gold(rec, unannotated=["venue"])


def test_record_to_gold_refuses_values_that_are_not_gold():
    rec = make_record().model_dump(mode="json")
    rec["events"][0]["date"]["start"] = "2023-02-30"
    rec["events"][0]["participants"]["count"] = "many"
    with pytest.raises(GoldError) as err:
        record_to_gold(rec)
    assert any(p.startswith("event.date: must be a real date") for p in err.value.problems)
    assert any(p.startswith("event.participant_count:") for p in err.value.problems)


def _mutate(path: str, value):
    def apply(doc: dict) -> dict:
        doc = copy.deepcopy(doc)
        *parents, last = path.split(".")
        target = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is KeyError:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
        return doc
    return apply


INVALID = [
    # (change, the problem's start)
    (_mutate("published", "12/11/2022"), "published: must be a real date written YYYY-MM-DD"),
    (_mutate("event.date", "2022-02-29"), "event.date: must be a real date"),
    (_mutate("event.date_end", "2023-3-4"), "event.date_end: must be a real date"),
    (_mutate("event.time", "9.30"), "event.time: must be a time written HH:MM"),
    (_mutate("event.time", "24:00"), "event.time: must be a time written HH:MM"),
    (_mutate("event.officials.0.name", "  "), "event.officials[0].name: must not be empty"),
    (_mutate("event.officials.0.name", KeyError), "event.officials[0].name: is required"),
    (_mutate("event.officials.0.optional", "yes"), "event.officials[0].optional:"),
    (_mutate("event.participant_count", "40"), "event.participant_count:"),
    (_mutate("event.participant_count", -1), "event.participant_count:"),
    (_mutate("event.participant_count", True), "event.participant_count:"),
    (_mutate("event.objectives.0", " "), "event.objectives: item 0 is empty"),
    (_mutate("event.venue.room", "x"), "event.venue.room: is not a field of the gold format"),
    (_mutate("notes", "x"), "notes: is not a field of the gold format"),
    (_mutate("event.organizers", "สำนักงาน"), "event.organizers:"),
    (_mutate("headline", 5), "headline:"),
]


@pytest.mark.parametrize("change,problem", INVALID, ids=[p for _, p in INVALID])
def test_validate_gold_names_the_field_and_the_problem(change, problem):
    problems = validate_gold(change(EXPECTED_GOLD))
    assert any(p.startswith(problem) for p in problems), problems


def test_validate_gold_accepts_null_lists_and_refuses_a_non_object():
    doc = copy.deepcopy(EXPECTED_GOLD)
    doc["event"]["organizers"] = doc["event"]["objectives"] = doc["forbidden"] = None
    assert validate_gold(doc) == []
    assert validate_gold([EXPECTED_GOLD]) == ["gold: must be a JSON object, got list"]


def fixture_golds() -> list[Path]:
    return sorted(FIXTURES.glob("*.gold.json"))


@pytest.mark.skipif(not fixture_golds(), reason="no fixture gold files yet")
def test_every_fixture_gold_file_is_valid_and_keeps_its_form():
    for path in fixture_golds():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert validate_gold(data) == [], path.name
        assert gold_json(parse_gold(data)) == data, path.name


def _review_round_trip(gold_path: Path) -> None:
    from extractor.pipeline import extract_file

    data = json.loads(gold_path.read_text(encoding="utf-8"))
    article = gold_path.with_name(data["text_file"])
    record = extract_file(article, use_ner=False)
    review = gold_to_review(data, record)
    body = review["body"]
    ev = review["events"][0]
    located = [(p["name"], p["span"]) for p in ev["officials"] + ev["participants"]["people"]]
    located += [(o["text"], o["span"]) for o in ev["objectives"]] + [(o["name"], o["span"]) for o in ev["organizers"]]
    for text, span in located:
        if span is not None:  # a located value is really there
            assert norm_name(text) in norm_name(body[span[0]:span[1]]), (gold_path.name, text)
    back = record_to_gold(review, text_file=data["text_file"], gold_id=data["id"], forbidden=review["forbidden"],
                          unannotated=review["unannotated"])
    assert back == data, gold_path.name


@pytest.mark.skipif(not fixture_golds(), reason="no fixture gold files yet")
def test_gold_to_review_and_back_is_lossless_on_fixtures():
    for path in fixture_golds():
        _review_round_trip(path)


@pytest.mark.shared
def test_gold_to_review_and_back_is_lossless_on_dev(thaigov_dev):
    paths = sorted(thaigov_dev.glob("*.gold.json"))
    assert paths
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert validate_gold(data) == [], path.name
        _review_round_trip(path)


def test_gold_to_review_keeps_extracted_spans_and_finds_the_others():
    rec = make_record()
    gold = copy.deepcopy(EXPECTED_GOLD)
    gold["event"]["officials"].append({"honorific": "นาง", "name": "บัวผัน ใจงาม", "position": None})  # in the text
    gold["event"]["officials"].append({"honorific": "นาย", "name": "ไม่มี อยู่จริง", "position": None})  # not in it
    gold["event"]["organizers"] = None
    review = gold_to_review(gold, rec)
    ev = review["events"][0]
    assert ev["officials"][0]["span"] == list(_span("นายสมศักดิ์ ทองดีเลิศ"))  # the extractor's span
    assert ev["officials"][1]["span"] == list(_span("บัวผัน ใจงาม"))  # found in the body
    assert ev["officials"][2]["span"] is None
    assert ev["date"]["span"] == list(_span("วันที่ 3 มีนาคม 2566"))  # same date as extracted
    assert review["unannotated"] == ["organizers"] and ev["organizers"] == []
    assert review["forbidden"] == ["ตลาดนัดชุมชน"] and review["gold_id"] == "bn_001"

    gold["event"]["date"] = "2023-03-04"  # a date the extractor did not find has no span
    assert gold_to_review(gold, rec)["events"][0]["date"]["span"] is None


def test_gold_path_for():
    assert gold_path_for("a/b/x_1.txt") == Path("a/b/x_1.gold.json")
    assert gold_path_for(Path("p.html")) == Path("p.gold.json")


def test_write_gold_is_atomic_and_validates(tmp_path, monkeypatch):
    target = tmp_path / "bn_001.gold.json"
    written = write_gold(target, EXPECTED_GOLD)
    assert json.loads(target.read_text(encoding="utf-8")) == written == EXPECTED_GOLD
    assert "สมศักดิ์" in target.read_text(encoding="utf-8")  # Thai is written as Thai, not \u escapes
    before = target.read_bytes()

    with pytest.raises(GoldError):
        write_gold(target, _mutate("event.time", "late")(EXPECTED_GOLD))
    assert target.read_bytes() == before

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(goldfmt.os, "replace", broken_replace)
    changed = _mutate("event.time", "10:00")(EXPECTED_GOLD)
    with pytest.raises(OSError, match="disk full"):
        write_gold(target, changed)
    assert target.read_bytes() == before  # the old file is whole
    assert sorted(os.listdir(tmp_path)) == ["bn_001.gold.json"]  # no temporary file left behind
