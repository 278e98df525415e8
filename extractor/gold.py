"""Gold files (RECORD.md's gold format): validation, record ↔ gold conversion, atomic writing.

A gold file annotates one article ``X.txt`` (or ``X.html``) as ``X.gold.json``
beside it. The review page of ``thainews serve`` edits an ``ArticleRecord``
(which has spans, so every value can be shown in the text) and saves it
through :func:`record_to_gold`; an existing gold file is shown again through
:func:`gold_to_review`, which finds its values in the body.

Validation is strict (unknown keys are refused, dates must be real dates)
so that a typo in a hand-edited gold file is caught when it is saved, not
when a score silently ignores it. Problems come back as
``"event.officials[2].name: must not be empty"`` — where, then what.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator

from .evaluate import GOLD_SUFFIX
from .text import normalize_view

log = logging.getLogger(__name__)

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

#: Event lists that may be null in gold ("not annotated", so not scored) rather than empty.
LIST_FIELDS = ("organizers", "officials", "participants", "objectives")


class GoldError(ValueError):
    """A gold document that does not follow RECORD.md's gold format; ``problems`` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


# --------------------------------------------------------------------------- the format


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def iso_date(value: Optional[str]) -> Optional[str]:
    """``value`` unchanged when it is None or a real date written YYYY-MM-DD, else ValueError."""
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be a real date written YYYY-MM-DD, got {value!r}") from None
    return value


class GoldVenue(_Gold):
    """Where the main event happened; admin units are bare names."""

    place: Optional[str] = None
    subdistrict: Optional[str] = None
    district: Optional[str] = None
    province: Optional[str] = None


class GoldPerson(_Gold):
    """A named person; ``optional`` people are neither missed nor spurious when scored."""

    honorific: Optional[str] = None
    name: str = Field(min_length=1)
    position: Optional[str] = None
    optional: Optional[bool] = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v


class GoldEvent(_Gold):
    """The main event as annotated."""

    date: Optional[str] = None
    date_end: Optional[str] = None
    time: Optional[str] = None
    venue: Optional[GoldVenue] = None
    # a list that is null was not annotated (not scored); [] says there are none
    organizers: Optional[list[str]] = Field(default_factory=list)
    project: Optional[str] = None
    officials: Optional[list[GoldPerson]] = Field(default_factory=list)
    participants: Optional[list[GoldPerson]] = Field(default_factory=list)
    participant_count: Optional[StrictInt] = Field(default=None, ge=0)
    objectives: Optional[list[str]] = Field(default_factory=list)

    @field_validator("date", "date_end")
    @classmethod
    def _dates(cls, v: Optional[str]) -> Optional[str]:
        return iso_date(v)

    @field_validator("time")
    @classmethod
    def _hh_mm(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not _HH_MM.match(v):
            raise ValueError(f"must be a time written HH:MM (00:00 to 23:59), got {v!r}")
        return v

    @field_validator("organizers", "objectives")
    @classmethod
    def _no_blank_items(cls, v: Optional[list[str]]) -> Optional[list[str]]:
        for i, item in enumerate(v or ()):
            if not item.strip():
                raise ValueError(f"item {i} is empty; remove it or fill it in")
        return v


class GoldFile(_Gold):
    """One gold file: the article fields and its main event."""

    id: Optional[str] = None
    text_file: Optional[str] = None
    headline: Optional[str] = None
    published: Optional[str] = None
    publisher: Optional[str] = None
    reporter: Optional[str] = None
    forbidden: Optional[list[str]] = Field(default_factory=list)
    event: GoldEvent = Field(default_factory=GoldEvent)

    @field_validator("published")
    @classmethod
    def _published(cls, v: Optional[str]) -> Optional[str]:
        return iso_date(v)


def _where(loc: tuple[Any, ...]) -> str:
    """``("event", "officials", 2, "name")`` → ``event.officials[2].name``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "gold"


def _problem(err: Mapping[str, Any]) -> str:
    msg = str(err.get("msg", "is not valid"))
    msg = msg.removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        msg = "is not a field of the gold format (see RECORD.md); remove it or check its spelling"
    elif err.get("type") == "missing":
        msg = "is required"
    return f"{_where(tuple(err.get('loc', ())))}: {msg}"


def validate_gold(data: Any) -> list[str]:
    """What is wrong with ``data`` as a gold document, one message per problem ([] when it is valid)."""
    if not isinstance(data, Mapping):
        return [f"gold: must be a JSON object, got {type(data).__name__}"]
    try:
        GoldFile.model_validate(data)
    except ValidationError as exc:
        return [_problem(e) for e in exc.errors()]
    return []


def parse_gold(data: Any) -> GoldFile:
    """``data`` as a :class:`GoldFile`; raises :class:`GoldError` listing every problem."""
    problems = validate_gold(data)
    if problems:
        raise GoldError(problems)
    return GoldFile.model_validate(data)


def gold_json(gold: GoldFile) -> dict[str, Any]:
    """A gold document as JSON data in the key order of RECORD.md; ``optional`` only where true."""
    data = gold.model_dump(mode="json")
    for key in ("officials", "participants"):
        for person in data["event"][key] or ():
            if not person.get("optional"):
                person.pop("optional", None)
    return data


# --------------------------------------------------------------------------- record → gold


def _get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def _clean(value: Any) -> Optional[str]:
    """A text value from a form: stripped, and None when empty."""
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _person(p: Any) -> Optional[dict[str, Any]]:
    name = _clean(_get(p, "name"))
    if name is None:
        return None  # a row the reviewer left empty is not a person
    out: dict[str, Any] = {"honorific": _clean(_get(p, "honorific")), "name": name,
                           "position": _clean(_get(p, "position"))}
    if _get(p, "optional"):
        out["optional"] = True
    return out


def _texts(items: Iterable[Any], key: str) -> list[str]:
    out = []
    for item in items or ():
        s = _clean(item if isinstance(item, str) else _get(item, key))
        if s is not None:
            out.append(s)
    return out


def record_to_gold(record: Any, *, text_file: Optional[str] = None, gold_id: Optional[str] = None,
                   forbidden: Iterable[str] = (), unannotated: Iterable[str] = ()) -> dict[str, Any]:
    """The gold document of a (reviewed) record: an ``ArticleRecord`` or its JSON form.

    The main event is ``events[0]``. Text values are stripped and empty ones
    dropped (they come from a form); a person may carry ``"optional": true``,
    which the review page adds to the record's JSON. Spans are not part of the
    gold format and are left out. A list named in ``unannotated`` (one of
    :data:`LIST_FIELDS`) is written as null ("not annotated") while it is
    empty. Raises :class:`GoldError` when the result
    is not valid gold (a malformed date, say).
    """
    if hasattr(record, "model_dump"):
        record = record.model_dump(mode="json")
    events = _get(record, "events") or []
    ev = events[0] if events else {}
    date, time_, venue = _get(ev, "date"), _get(ev, "time"), _get(ev, "venue")
    parts = _get(ev, "participants") or {}
    count = _get(parts, "count")
    gold = {
        "id": gold_id,
        "text_file": text_file,
        "headline": _clean(_get(record, "headline")),
        "published": _clean(_get(record, "published")),
        "publisher": _clean(_get(record, "publisher")),
        "reporter": _clean(_get(record, "reporter")),
        "forbidden": _texts(forbidden, "text"),
        "event": {
            "date": _clean(_get(date, "start")),
            "date_end": _clean(_get(date, "end")),
            "time": _clean(_get(time_, "start")),
            "venue": {k: _clean(_get(venue, k)) for k in ("place", "subdistrict", "district", "province")},
            "organizers": _texts(_get(ev, "organizers") or [], "name"),
            "project": _clean(_get(_get(ev, "project"), "name")),
            "officials": [p for p in map(_person, _get(ev, "officials") or []) if p],
            "participants": [p for p in map(_person, _get(parts, "people") or []) if p],
            "participant_count": _count(count),
            "objectives": _texts(_get(ev, "objectives") or [], "text"),
        },
    }
    unknown = sorted(set(unannotated) - set(LIST_FIELDS))
    if unknown:
        raise GoldError([f"unannotated: {', '.join(unknown)} is not one of {', '.join(LIST_FIELDS)}"])
    for key in unannotated:
        if not gold["event"][key]:
            gold["event"][key] = None
    return gold_json(parse_gold(gold))


def _count(value: Any) -> Any:
    """A count typed in a form ("12") as an int; anything else is left for validation to name."""
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        return int(s) if s.isdigit() else s
    return value


# --------------------------------------------------------------------------- gold → review record


def _find(body: str, text: Optional[str]) -> Optional[list[int]]:
    """The span of the first occurrence of ``text`` in ``body``; None if it is not there.

    Both are compared in the same-length view (NBSP as a space, Thai digits as
    ASCII), so a name typed with a plain space is found where the page has an NBSP.
    """
    if not text:
        return None
    i = normalize_view(body).find(normalize_view(text))
    return [i, i + len(text)] if i >= 0 else None


def _span_of(extracted: list[Any], key: str, value: str, body: str) -> Optional[list[int]]:
    """The extracted span of the same value when the extractor found it, else where the text is."""
    for item in extracted:
        if _get(item, key) == value and _get(item, "span"):
            return list(_get(item, "span"))
    return _find(body, value)


def _review_person(p: Mapping[str, Any], extracted: list[Any], body: str) -> dict[str, Any]:
    span = _span_of(extracted, "name", p["name"], body)
    if span is None and p.get("honorific"):
        # glued honorific (นายสมชาย ...) is one string in the text; the name alone may be spaced differently
        span = _find(body, p["honorific"] + p["name"])
    return {"honorific": p.get("honorific"), "name": p["name"], "position": p.get("position"),
            "organization": None, "span": span, **({"optional": True} if p.get("optional") else {})}


def gold_to_review(gold: Mapping[str, Any], record: Any) -> dict[str, Any]:
    """A record-shaped dict of an existing gold file, for the review page to show and edit.

    ``record`` is the extraction of the same article (its body is the text
    the spans point into). A gold value the extractor also found keeps the
    extractor's span; any other is looked up in the body (its first
    occurrence); a value that is not in the
    text, or a date (gold keeps only its ISO form), has ``span: null`` unless
    the extractor found the same date. The result is *not* a valid
    ``ArticleRecord`` (spans may be null, people may be ``optional``); it is
    the review page's working copy, turned back into gold by
    :func:`record_to_gold`; it also carries the gold's ``forbidden``,
    ``gold_id`` and ``unannotated`` (lists that are null in the gold).
    """
    g = gold_json(parse_gold(gold))
    if hasattr(record, "model_dump"):
        record = record.model_dump(mode="json")
    body: str = _get(record, "body") or ""
    events = _get(record, "events") or []
    ex = events[0] if events else {}
    ge = g["event"]
    x_date, x_time, x_venue = _get(ex, "date"), _get(ex, "time"), _get(ex, "venue")
    date = None
    if ge["date"]:
        same = x_date and _get(x_date, "start") == ge["date"]
        date = {"text": _get(x_date, "text") if same else ge["date"], "start": ge["date"], "end": ge["date_end"],
                "span": _get(x_date, "span") if same else None}
    time_ = None
    if ge["time"]:
        same = x_time and _get(x_time, "start") == ge["time"]
        time_ = {"text": _get(x_time, "text") if same else ge["time"], "start": ge["time"], "end": None,
                 "span": _get(x_time, "span") if same else None}
    gv = ge["venue"] or {}
    venue = None
    if any(gv.values()):
        same = x_venue and _get(x_venue, "place") == gv.get("place")
        span = _get(x_venue, "span") if same else _find(body, gv.get("place"))
        venue = {"text": (_get(x_venue, "text") if same else gv.get("place")) or "", **gv,
                 "admin_code": _get(x_venue, "admin_code") if same else None, "span": span}
    x_parts = _get(ex, "participants") or {}
    project = None
    if ge["project"]:
        project = {"name": ge["project"],
                   "span": _span_of([_get(ex, "project")] if _get(ex, "project") else [], "name",
                                    ge["project"], body)}
    event = {
        "title": _get(ex, "title"),
        "date": date,
        "time": time_,
        "venue": venue,
        "organizers": [{"name": o, "span": _span_of(_get(ex, "organizers") or [], "name", o, body)}
                       for o in ge["organizers"] or []],
        "project": project,
        "officials": [_review_person(p, _get(ex, "officials") or [], body) for p in ge["officials"] or []],
        "participants": {
            "count": ge["participant_count"],
            "people": [_review_person(p, _get(x_parts, "people") or [], body) for p in ge["participants"] or []],
            "groups": list(_get(x_parts, "groups") or []),
            "count_span": _get(x_parts, "count_span") if _get(x_parts, "count") == ge["participant_count"] else None,
        },
        "objectives": [{"text": o, "span": _span_of(_get(ex, "objectives") or [], "text", o, body)}
                       for o in ge["objectives"] or []],
        "activities": list(_get(ex, "activities") or []),
    }
    return {
        "url": _get(record, "url"), "source_file": _get(record, "source_file"),
        "headline": g["headline"], "published": g["published"], "publisher": g["publisher"],
        "reporter": g["reporter"], "body": body, "events": [event], "warnings": [],
        "forbidden": g["forbidden"] or [], "gold_id": g["id"],
        "unannotated": [k for k in LIST_FIELDS if ge[k] is None],
    }


# --------------------------------------------------------------------------- files


def gold_path_for(article: str | os.PathLike) -> Path:
    """``dir/X.txt`` (or ``.html``) → ``dir/X.gold.json``."""
    p = Path(article)
    return p.with_name(p.stem + GOLD_SUFFIX)


def read_gold(path: str | os.PathLike) -> dict[str, Any]:
    """A gold file's JSON (not validated; see :func:`validate_gold`)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_gold(path: str | os.PathLike, gold: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``gold`` and write it to ``path`` atomically; returns what was written.

    The file is written to a temporary name in the same folder, flushed to
    disk and renamed over ``path``, so a reader (or a crash) never sees half a
    file. Same layout as the hand-written gold files: UTF-8, Thai unescaped,
    one-space indent, a final newline.
    """
    data = gold_json(parse_gold(gold))
    target = Path(path)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    log.info("wrote gold file %s", target)
    return data


def _unlink_quietly(path: str) -> None:
    """Remove a leftover temporary file; a failure to do so is only logged."""
    try:
        os.unlink(path)
    except OSError as exc:
        log.warning("could not remove the temporary file %s: %s", path, exc)
