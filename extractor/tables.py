"""An ArticleRecord as flat table rows: ``articles``, ``events`` and ``people``.

Columnar and SQL outputs (Parquet, SQLite) hold the same three tables,
joined by ``article_id`` (the batch input id). Every column is a plain
string or integer; the few list-valued fields whose items carry spans
(organizers, objectives, activities, participant groups) are stored as JSON
text, so no value and no span is lost. ``people`` has one row per person
with ``role`` = ``official`` or ``participant``.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from .records import ArticleRecord, Event, Person

#: Column types: "str", "int", or "json" (JSON text, stored as a string).
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "str"), ("url", "str"), ("source_file", "str"), ("headline", "str"),
    ("published", "str"), ("publisher", "str"), ("reporter", "str"), ("body", "str"),
    ("n_events", "int"), ("warnings", "json"),
)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "str"), ("event_index", "int"), ("title", "str"),
    ("date_text", "str"), ("date_start", "str"), ("date_end", "str"),
    ("date_span_start", "int"), ("date_span_end", "int"),
    ("time_text", "str"), ("time_start", "str"), ("time_end", "str"),
    ("venue_text", "str"), ("place", "str"), ("subdistrict", "str"), ("district", "str"),
    ("province", "str"), ("admin_code", "str"), ("venue_span_start", "int"), ("venue_span_end", "int"),
    ("project", "str"), ("organizers", "json"), ("objectives", "json"), ("activities", "json"),
    ("participant_count", "int"), ("participant_groups", "json"),
)
PEOPLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "str"), ("event_index", "int"), ("role", "str"), ("person_index", "int"),
    ("honorific", "str"), ("name", "str"), ("position", "str"), ("organization", "str"),
    ("span_start", "int"), ("span_end", "int"),
)

#: The tables, in the order they are written.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": ARTICLE_COLUMNS,
    "events": EVENT_COLUMNS,
    "people": PEOPLE_COLUMNS,
}

#: Indexes an SQL store creates: (table, column) — lookups by article, province and date.
INDEXES: tuple[tuple[str, str], ...] = (
    ("events", "article_id"), ("events", "province"), ("events", "date_start"),
    ("people", "article_id"), ("articles", "published"),
)

Row = dict[str, Any]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _span(span: Optional[tuple[int, int]]) -> tuple[Optional[int], Optional[int]]:
    return (span[0], span[1]) if span else (None, None)


def event_row(article_id: str, index: int, ev: Event) -> Row:
    """One ``events`` row."""
    d, t, v = ev.date, ev.time, ev.venue
    ds, de = _span(d.span if d else None)
    vs, ve = _span(v.span if v else None)
    return {
        "article_id": article_id, "event_index": index, "title": ev.title,
        "date_text": d.text if d else None, "date_start": d.start if d else None,
        "date_end": d.end if d else None, "date_span_start": ds, "date_span_end": de,
        "time_text": t.text if t else None, "time_start": t.start if t else None,
        "time_end": t.end if t else None,
        "venue_text": v.text if v else None, "place": v.place if v else None,
        "subdistrict": v.subdistrict if v else None, "district": v.district if v else None,
        "province": v.province if v else None, "admin_code": v.admin_code if v else None,
        "venue_span_start": vs, "venue_span_end": ve,
        "project": ev.project.name if ev.project else None,
        "organizers": _json([o.model_dump(mode="json") for o in ev.organizers]),
        "objectives": _json([o.model_dump(mode="json") for o in ev.objectives]),
        "activities": _json([a.model_dump(mode="json") for a in ev.activities]),
        "participant_count": ev.participants.count,
        "participant_groups": _json(list(ev.participants.groups)),
    }


def person_row(article_id: str, event_index: int, role: str, index: int, p: Person) -> Row:
    """One ``people`` row; ``role`` is ``official`` or ``participant``."""
    s, e = _span(p.span)
    return {
        "article_id": article_id, "event_index": event_index, "role": role, "person_index": index,
        "honorific": p.honorific, "name": p.name, "position": p.position,
        "organization": p.organization, "span_start": s, "span_end": e,
    }


def record_rows(record: ArticleRecord, article_id: str) -> dict[str, list[Row]]:
    """The rows of one record in each table, keyed by table name (see ``TABLES``)."""
    article = {
        "article_id": article_id, "url": record.url, "source_file": record.source_file,
        "headline": record.headline, "published": record.published, "publisher": record.publisher,
        "reporter": record.reporter, "body": record.body, "n_events": len(record.events),
        "warnings": _json(list(record.warnings)),
    }
    events, people = [], []
    for i, ev in enumerate(record.events):
        events.append(event_row(article_id, i, ev))
        for j, p in enumerate(ev.officials):
            people.append(person_row(article_id, i, "official", j, p))
        for j, p in enumerate(ev.participants.people):
            people.append(person_row(article_id, i, "participant", j, p))
    return {"articles": [article], "events": events, "people": people}
