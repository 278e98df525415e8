"""Officials: every named person in the article who is given a position.

Each person is listed once, at their first full mention (honorific + given
name + surname); later short mentions (``นายสุทธิพงษ์ฯ``) and repeats link to
it. The position is the one written with the first mention that has one (a
later mention may complete a truncated title). People named without any
position are not officials (ANNOTATION.md). The matching itself lives in
``extractor.names``.
"""

from __future__ import annotations

from typing import Any

from ..names import PersonEntry, link_people, mentions_for, organization_of, position_text
from ..records import Person
from ..text import Doc
from . import register
from .base import Context


def to_person(doc: Doc, entry: PersonEntry, span: tuple[int, int] | None = None) -> Person:
    """The ``Person`` record of a linked entry (span of its first full mention unless given)."""
    first = entry.first
    position = position_text(doc.text, entry.position)
    return Person(
        honorific=first.honorific,
        name=first.name,  # Thai letters are the same in the view and the body
        position=position,
        organization=organization_of(position),
        span=span or (first.start, first.end),
    )


@register("people")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``officials``: named people with a position, once each, in order of first mention."""
    people = link_people(doc.view, mentions_for(doc))
    officials = [to_person(doc, p) for p in people if p.position is not None]
    return {"officials": officials}
