"""Pydantic models of the output contract in ``../shared/spec/RECORD.md``.

Field names here are fixed by the contract; fields may be added, never renamed
or dropped. Every extracted value carries a ``span``: a half-open pair of
character offsets into ``ArticleRecord.body``.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field

Span = Annotated[tuple[int, int], Field(description="[start, end) character offsets into body")]

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
HH_MM = r"^\d{2}:\d{2}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class DateValue(_Model):
    """The event date as written, with its Gregorian ISO form."""

    text: str
    start: str = Field(pattern=ISO_DATE)
    end: Optional[str] = Field(default=None, pattern=ISO_DATE)
    span: Span


class TimeValue(_Model):
    """The event's start (and end) time as HH:MM."""

    text: str
    start: str = Field(pattern=HH_MM)
    end: Optional[str] = Field(default=None, pattern=HH_MM)
    span: Span


class Venue(_Model):
    """Where the event happened; admin units are bare names."""

    text: str
    place: Optional[str] = None
    subdistrict: Optional[str] = None
    district: Optional[str] = None
    province: Optional[str] = None
    admin_code: Optional[str] = None
    span: Span


class NamedSpan(_Model):
    """A name found in the body (organizer, project)."""

    name: str
    span: Span


class TextSpan(_Model):
    """A piece of text found in the body (objective, activity)."""

    text: str
    span: Span


class Person(_Model):
    """A named person, with the honorific and position written beside the name."""

    honorific: Optional[str] = None
    name: str
    position: Optional[str] = None
    organization: Optional[str] = None
    span: Span


class Participants(_Model):
    """Who took part: a stated count, the named people, unnamed groups."""

    count: Optional[int] = None
    people: list[Person] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    count_span: Optional[Span] = None


class Event(_Model):
    """One event reported by the article; ``events[0]`` is the main one."""

    title: Optional[str] = None
    date: Optional[DateValue] = None
    time: Optional[TimeValue] = None
    venue: Optional[Venue] = None
    organizers: list[NamedSpan] = Field(default_factory=list)
    project: Optional[NamedSpan] = None
    officials: list[Person] = Field(default_factory=list)
    participants: Participants = Field(default_factory=Participants)
    objectives: list[TextSpan] = Field(default_factory=list)
    activities: list[TextSpan] = Field(default_factory=list)


class ArticleRecord(_Model):
    """Everything extracted from one article."""

    url: Optional[str] = None
    source_file: Optional[str] = None
    headline: Optional[str] = None
    published: Optional[str] = Field(default=None, pattern=ISO_DATE)
    publisher: Optional[str] = None
    reporter: Optional[str] = None
    body: str
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def record_json_schema() -> dict:
    """The JSON Schema of ArticleRecord (what ``thainews schema`` prints)."""
    return ArticleRecord.model_json_schema()
