"""Record → flat rows of the articles, events and people tables."""

from __future__ import annotations

import json

from extractor.records import (ArticleRecord, DateValue, Event, NamedSpan, Participants, Person, TextSpan,
                               TimeValue, Venue)
from extractor.tables import INDEXES, TABLES, record_rows

BODY = "นายสมปอง ทดลองดี นายอำเภอบ้านโป่ง เป็นประธานประชุม นางสาวมาลี ใจงาม เข้าร่วม"


def _record() -> ArticleRecord:
    return ArticleRecord(
        url="https://news.example/1", source_file="dump.jsonl#7", headline="ประชุมกำนัน",
        published="2023-03-04", body=BODY, warnings=["ไม่พบเวลา"],
        events=[Event(
            title="ประชุมกำนัน",
            date=DateValue(text="3 มี.ค. 66", start="2023-03-03", span=(0, 5)),
            time=TimeValue(text="09.00 น.", start="09:00", span=(5, 9)),
            venue=Venue(text="ที่ว่าการอำเภอบ้านโป่ง", district="บ้านโป่ง", province="ราชบุรี", span=(10, 20)),
            organizers=[NamedSpan(name="อำเภอบ้านโป่ง", span=(20, 33))],
            project=NamedSpan(name="โครงการบ้านสะอาด", span=(1, 2)),
            officials=[Person(honorific="นาย", name="สมปอง ทดลองดี", position="นายอำเภอบ้านโป่ง", span=(0, 16))],
            participants=Participants(count=40, groups=["กำนัน"],
                                      people=[Person(honorific="นางสาว", name="มาลี ใจงาม", span=(50, 62))]),
            objectives=[TextSpan(text="เพื่อรักษาความสะอาด", span=(3, 4))],
        ), Event(title="กิจกรรมรอง")],
    )


def test_rows_have_every_column_and_article_keys():
    rows = record_rows(_record(), "dump.jsonl#7")
    for table, cols in TABLES.items():
        for row in rows[table]:
            assert list(row) == [c for c, _ in cols], table
            assert row["article_id"] == "dump.jsonl#7"
    assert len(rows["articles"]) == 1 and rows["articles"][0]["n_events"] == 2
    assert json.loads(rows["articles"][0]["warnings"]) == ["ไม่พบเวลา"]


def test_event_row_flattens_values_and_keeps_spans():
    ev, second = record_rows(_record(), "a")["events"]
    assert (ev["date_start"], ev["time_start"], ev["province"], ev["district"]) == \
        ("2023-03-03", "09:00", "ราชบุรี", "บ้านโป่ง")
    assert (ev["date_span_start"], ev["date_span_end"], ev["venue_span_start"]) == (0, 5, 10)
    assert ev["project"] == "โครงการบ้านสะอาด" and ev["participant_count"] == 40
    assert json.loads(ev["organizers"]) == [{"name": "อำเภอบ้านโป่ง", "span": [20, 33]}]
    assert json.loads(ev["objectives"])[0]["text"] == "เพื่อรักษาความสะอาด"
    assert second["event_index"] == 1 and second["date_start"] is None and second["organizers"] == "[]"


def test_people_rows_by_role():
    people = record_rows(_record(), "a")["people"]
    assert [(p["role"], p["person_index"], p["name"]) for p in people] == [
        ("official", 0, "สมปอง ทดลองดี"), ("participant", 0, "มาลี ใจงาม")]
    official = people[0]
    assert BODY[official["span_start"]:official["span_end"]] == "นายสมปอง ทดลองดี"


def test_indexes_name_real_columns():
    for table, col in INDEXES:
        assert col in dict(TABLES[table]), (table, col)
