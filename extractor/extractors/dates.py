"""The main event's date and time, chosen from the lead rather than the dateline."""

from __future__ import annotations

import re
from typing import Any

from ..records import DateValue, TimeValue
from ..text import Doc
from ..thaidate import DateMention, find_dates, find_times
from . import register
from .base import Context

# Words just before a date that say it is when something happened.
_EVENT_CUE = re.compile(r"(?:เมื่อ|วันนี้ ?\(|ในวัน|ระหว่าง|ตั้งแต่|ใน|จัดขึ้น|กำหนด)\s*$")
#: How far after the chosen date the event's time is looked for.
TIME_WINDOW = 120


def choose_event_date(doc: Doc, mentions: list[DateMention]) -> DateMention | None:
    """The date of the main event: the first cued date in the zone, else the first date there."""
    in_zone = [m for m in mentions if doc.in_zone(m.start, m.end)]
    for m in in_zone:
        if _EVENT_CUE.search(doc.view[max(0, m.start - 12): m.start]):
            return m
    return in_zone[0] if in_zone else None


@register("dates")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``date`` and ``time`` of the main event."""
    mentions = find_dates(doc.text, ctx.published, view=doc.view)
    chosen = choose_event_date(doc, mentions)
    out: dict[str, Any] = {"date": None, "time": None}
    if chosen is not None:
        out["date"] = DateValue(
            text=chosen.text,
            start=chosen.date.isoformat(),
            end=chosen.end_date.isoformat() if chosen.end_date else None,
            span=(chosen.start, chosen.end),
        )
        if chosen.weekday is not None and chosen.weekday != chosen.date.weekday():
            ctx.warn(f"the weekday written with {chosen.text!r} does not match that date; the date is kept")
    times = [t for t in find_times(doc.text, view=doc.view) if doc.in_zone(t.start, t.end)]
    if times:
        near = [t for t in times if chosen and chosen.start <= t.start <= chosen.end + TIME_WINDOW]
        t = (near or times)[0]
        out["time"] = TimeValue(text=t.text, start=t.time, end=t.end_time, span=(t.start, t.end))
    return out
