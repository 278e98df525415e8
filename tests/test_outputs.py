import io
import json

from extractor.outputs import make_writer, write_all
from extractor.records import ArticleRecord, DateValue, Event, Person


def _rec(i: int) -> ArticleRecord:
    return ArticleRecord(body="นายสมชาย ใจดี", headline=f"ข่าว {i}", events=[Event(
        date=DateValue(text="1 มี.ค. 66", start="2023-03-01", span=(0, 1)),
        officials=[Person(honorific="นาย", name="สมชาย ใจดี", position="นายอำเภอ", span=(0, 13))])])


def test_jsonl_one_per_line_thai_unescaped():
    buf = io.StringIO()
    assert write_all([_rec(1), _rec(2)], "jsonl", buf) == 2
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2 and "สมชาย" in lines[0]
    assert json.loads(lines[1])["headline"] == "ข่าว 2"


def test_json_array_valid_when_empty_and_full():
    buf = io.StringIO()
    write_all([], "json", buf)
    assert json.loads(buf.getvalue()) == []
    buf = io.StringIO()
    write_all([_rec(1), _rec(2)], "json", buf)
    assert [r["headline"] for r in json.loads(buf.getvalue())] == ["ข่าว 1", "ข่าว 2"]


def test_pretty_shows_people_and_dates():
    buf = io.StringIO()
    make_writer("pretty", buf).write(_rec(1))
    out = buf.getvalue()
    assert "2023-03-01" in out and "นายสมชาย ใจดี นายอำเภอ" in out
