import pytest
from pydantic import ValidationError

from extractor.records import ArticleRecord, DateValue, Event, Person, record_json_schema


def test_schema_has_contract_fields():
    schema = record_json_schema()
    props = schema["properties"]
    for f in ("url", "source_file", "headline", "published", "publisher", "reporter", "body", "events", "warnings"):
        assert f in props
    event = schema["$defs"]["Event"]["properties"]
    for f in ("title", "date", "time", "venue", "organizers", "project", "officials", "participants", "objectives"):
        assert f in event
    person = schema["$defs"]["Person"]["properties"]
    assert set(person) >= {"honorific", "name", "position", "organization", "span"}


def test_dates_must_be_iso():
    with pytest.raises(ValidationError):
        DateValue(text="x", start="10/11/2022", span=(0, 1))
    with pytest.raises(ValidationError):
        ArticleRecord(body="", published="2565-11-10x")


def test_unknown_fields_rejected_and_round_trip():
    with pytest.raises(ValidationError):
        Person(name="ก", span=(0, 1), rank="x")
    rec = ArticleRecord(body="ข", events=[Event(officials=[Person(honorific="นาย", name="ก ข", span=(0, 3))])])
    again = ArticleRecord.model_validate_json(rec.model_dump_json())
    assert again == rec
    assert again.events[0].officials[0].span == (0, 3)
