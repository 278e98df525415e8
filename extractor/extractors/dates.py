"""The main event's date and time, chosen from the lead rather than the dateline.

Every date in the article zone is scored (``score_date``): a date in the
lead paragraph, written after a lead cue (``เมื่อวันที่``, ``วันนี้ (…)``,
``ในวัน…``) and framed by a time or a venue (``เวลา …``, ``ณ …``) is the
event's; a date in a clause about an incident (``กรณี…ถล่ม เมื่อวันที่``)
or right after a document/deadline/anniversary word (``ลงวันที่``,
``ภายในวันที่``, ``ครบรอบ``) dates something else. The event's time is the
time written with the chosen date (after it in the same paragraph, or just
before it); when the same day's narration later gives another time whose
passage is the one the headline reports, that time wins.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lexicon import alternation
from ..records import DateValue, TimeValue
from ..text import Doc
from ..thaidate import DateMention, TimeMention, date_cues, find_times, scan_dates
from . import register
from .base import Context

#: Score of a date by the rank of its paragraph among the zone's (headline copies skipped).
PARAGRAPH_SCORE = (3.0, 1.5, 0.5)
LEAD_CUE = 2.0          # เมื่อวันที่ / ในวันที่ / วันนี้ ( just before the date
PARAGRAPH_START = 2.0   # the date opens its paragraph (after at most a short place label)
FRAME = 1.5             # เวลา / ณ / ที่ just after the date
TIME_AFTER = 1.0        # and a clock time right there
BACKGROUND = -3.0       # ลงวันที่ / ภายในวันที่ / ครบรอบ … just before the date
INCIDENT = -3.0         # กรณี … เมื่อวันที่: the date of the incident, not of the event
RECENT = 1.0            # 0-7 days before publication: what news reports
OLD = -1.5              # more than 60 days before publication: history
FUTURE = -1.5           # after publication: a plan mentioned on the side (ซึ่งจะจัดขึ้นในวันที่ …นี้)
#: Below this the best date only dates background (ลงวันที่, มีผลตั้งแต่): no event date.
MIN_SCORE = 0.0
#: A paragraph this much made of the headline's trigrams is a headline variant, not the lead.
HEADLINE_COPY = 0.6
#: How far (characters) each cue is looked for.
LEAD_WINDOW, FRAME_WINDOW, BACKGROUND_WINDOW, INCIDENT_WINDOW, PARAGRAPH_START_WINDOW = 16, 30, 60, 320, 30
#: How far after the chosen date the time may stand; and before it (เวลา 09.00 น. ของวันที่ …).
TIME_AFTER_WINDOW, TIME_BEFORE_WINDOW = 400, 40
#: When the chosen date's line gives no time, a time this near the start of the next line is the start.
NEXT_LINE_WINDOW = 60
#: A later time of the same day wins when its passage covers this much of the headline, and this much more.
HEADLINE_COVER, HEADLINE_MARGIN = 0.6, 0.25


_DAY_WORD = "วันที่"


@dataclass(frozen=True)
class _Cues:
    lead: re.Pattern[str]
    frame: re.Pattern[str]
    background: re.Pattern[str]
    incident: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    c = date_cues()
    return _Cues(
        # end-anchored: searched on the window just before a date
        lead=re.compile(rf"(?:{alternation(list(c.get('lead', ())))}) {{0,3}}\(? {{0,3}}\Z"),
        frame=re.compile(rf" {{0,3}}(?:{alternation(list(c.get('frame', ())))})"),
        background=re.compile(alternation(list(c.get("background", ())))),
        incident=re.compile(alternation(list(c.get("incident", ())))),
    )


_LABEL = re.compile(r"^[^:|\-]{0,30}[:|\-] *")


def _opens(before: str, cues: _Cues) -> bool:
    """Whether a date after ``before`` opens its paragraph: nothing before it but a place
    label (``จังหวัดเพชรบุรี :``) and a lead cue (``วันนี้ (``, ``เมื่อ``)."""
    rest = _LABEL.sub("", before.strip(), count=1).strip()
    return not rest or bool(cues.lead.match(rest))


def _paragraph_ranks(doc: Doc, headline: str | None) -> list[tuple[int, int, int]]:
    """Zone paragraphs as (start, end, rank); copies and variants of the headline get no rank (-1)."""
    head = _trigrams(headline or "")
    out, rank = [], 0
    for s, e in doc.paragraphs:
        if not doc.in_zone(s, e):
            continue
        grams = _trigrams(doc.view[s:e])
        if head and grams and len(grams & head) / len(grams) >= HEADLINE_COPY:
            out.append((s, e, -1))
            continue
        out.append((s, e, rank))
        rank += 1
    return out


def _paragraph_of(paras: list[tuple[int, int, int]], pos: int) -> tuple[int, int, int] | None:
    for p in paras:
        if p[0] <= pos < p[1]:
            return p
    return None


def score_date(doc: Doc, m: DateMention, paras: list[tuple[int, int, int]], prev_end: int,
               times: list[TimeMention], ctx: Context) -> float:
    """How likely ``m`` is the main event's date (see the module doc for the parts)."""
    cues = _cues()
    v = doc.view
    para = _paragraph_of(paras, m.start)
    ps, pe, rank = para if para else (m.start, m.end, -1)
    score = PARAGRAPH_SCORE[rank] if 0 <= rank < len(PARAGRAPH_SCORE) else 0.0
    score -= min(1.0, (m.start - ps) / 1000)
    lo = max(ps, prev_end)
    # a background cue may end inside the mention's own วันที่ (ลงวันที่, ภายในวันที่); it also
    # outranks a lead cue read in the same letters (ใน of ภายใน)
    cue_end = min(m.end, m.start + len(_DAY_WORD)) if v.startswith(_DAY_WORD, m.start) else m.start
    if cues.background.search(v, max(lo, m.start - BACKGROUND_WINDOW), cue_end):
        score += BACKGROUND
    elif m.kind == "relative":
        if (m.cue or "").startswith("เมื่อ"):
            score += LEAD_CUE
    elif cues.lead.search(v[max(ps, m.start - LEAD_WINDOW):m.start]) or m.cue:
        score += LEAD_CUE
    if m.start - ps <= PARAGRAPH_START_WINDOW and _opens(v[ps:m.start], cues):
        score += PARAGRAPH_START
    if cues.frame.match(v, m.end, min(pe, m.end + FRAME_WINDOW)):
        score += FRAME
    if any(m.end <= t.start <= m.end + FRAME_WINDOW for t in times):
        score += TIME_AFTER
    if cues.incident.search(v, max(lo, m.start - INCIDENT_WINDOW), m.start):
        score += INCIDENT
    if ctx.published is not None:
        age = (ctx.published - m.date).days
        if 0 <= age <= 7:
            score += RECENT
        elif age > 60:
            score += OLD
        elif age < -1:
            score += FUTURE
    return score


def choose_event_date(doc: Doc, mentions: list[DateMention], ctx: Context | None = None,
                      times: list[TimeMention] | None = None) -> DateMention | None:
    """The date of the main event: the best-scored date in the zone (the first on a tie).

    None when there is no date in the zone, or when even the best one only
    dates background (a document, a deadline, an effective date).
    """
    ctx = ctx or Context()
    in_zone = [m for m in mentions if doc.in_zone(m.start, m.end)]
    if not in_zone:
        return None
    paras = _paragraph_ranks(doc, ctx.headline)
    times = times if times is not None else []
    best, best_score, prev_end = None, float("-inf"), 0
    for m in in_zone:
        s = score_date(doc, m, paras, prev_end, times, ctx)
        if s > best_score:
            best, best_score = m, s
        prev_end = m.end
    return best if best_score >= MIN_SCORE else None


def _trigrams(s: str) -> set[str]:
    s = re.sub(r"\s+", "", s).lower()
    return {s[i:i + 3] for i in range(len(s) - 2)}


def _cover(headline_grams: set[str], passage: str) -> float:
    if not headline_grams:
        return 0.0
    return len(headline_grams & _trigrams(passage)) / len(headline_grams)


def choose_event_time(doc: Doc, chosen: DateMention, times: list[TimeMention],
                      mentions: list[DateMention], headline: str | None = None) -> TimeMention | None:
    """The main event's time: written with the chosen date, or a later time of that day the headline is about."""
    zs, ze = doc.zone  # type: ignore[misc]
    para_end = doc.view.find("\n", chosen.end)
    para_end = ze if para_end < 0 else min(para_end, ze)
    para_start = doc.view.rfind("\n", 0, chosen.start) + 1
    # a later mention of the event's first day (… 29-31 ธ.ค. … พิธีเปิดเมื่อวันที่ 29 ธันวาคม เวลา 18.30 น.)
    # restates it: it is not another day whose times belong elsewhere
    other_dates = [m.start for m in mentions if m.kind != "relative" and m.start >= chosen.end
                   and not (m.date == chosen.date and m.end_date is None)]
    next_date = min(other_dates) if other_dates else ze
    after = [t for t in times if chosen.end <= t.start < min(para_end, next_date, chosen.end + TIME_AFTER_WINDOW)]
    before = [t for t in times if para_start <= t.start and t.end <= chosen.start
              and chosen.start - t.end <= TIME_BEFORE_WINDOW]
    default = None
    if after and (after[0].start - chosen.end <= 60 or not before):
        default = after[0]
    elif before:
        default = before[-1]
    elif after:
        default = after[0]
    else:
        default = _next_line_time(doc, para_end, next_date, times)
    if default is None or not headline:
        return default
    # a later time of the same day (no other date between) whose passage the headline reports
    same_day = [t for t in times if default.start < t.start < next_date and zs <= t.start < ze]
    if not same_day:
        return default
    grams = _trigrams(headline)
    starts = sorted([t.start for t in times] + [ze])

    def passage(t: TimeMention, begin: int) -> str:
        i = bisect.bisect_right(starts, t.start)  # the next time mention (a binary search: many times stay linear)
        nxt = starts[i] if i < len(starts) else ze
        return doc.view[begin:min(nxt, t.start + 500)]

    base = _cover(grams, passage(default, min(chosen.start, default.start)))
    best, best_cov = default, base
    for t in same_day:
        c = _cover(grams, passage(t, t.start))
        if c > best_cov:
            best, best_cov = t, c
    if best is not default and best_cov >= HEADLINE_COVER and best_cov - base >= HEADLINE_MARGIN:
        return best
    return default


def _next_line_time(doc: Doc, line_end: int, next_date: int, times: list[TimeMention]) -> TimeMention | None:
    """The time opening the line after the chosen date's line, when that line gives none.

    A date line of a notice (``📅 วันเสาร์ที่ 2 ธันวาคม 2566`` / ``⏰ 08.00 น.``) or a lead
    that dates a multi-day event and gives its opening time in the next paragraph
    (``พิธีเปิดเมื่อเวลา 09.00 น. ของวันแรก``). A time after a sequel word
    (``จากนั้น เวลา 13.30 น.``) is a later activity, not the start.
    """
    v = doc.view
    start = line_end
    while start < len(v) and v[start] in "\n ":
        start += 1
    if start >= next_date:
        return None  # another date comes first: the next line is about that day
    for t in times:
        if start <= t.start <= start + NEXT_LINE_WINDOW and t.start < next_date:
            if _sequel_re().search(v, start, t.start):
                return None
            return t
    return None


@lru_cache(maxsize=1)
def _sequel_re() -> re.Pattern[str]:
    return re.compile(alternation(list(date_cues().get("sequel", ()))))


def _range_end_elsewhere(doc: Doc, chosen: DateMention, mentions: list[DateMention],
                         headline_span: tuple[int, int] | None) -> dt.date | None:
    """The last day of a multi-day event whose lead gives only its first day: a range starting on
    that day written in the headline (``… 29 ธ.ค. 67 - 1 ม.ค. 68``) or later in the article
    (``การฝึกอบรมมีกำหนด 3 วัน ระหว่าง 22-24 ม.ค. 68``)."""
    for m in mentions:
        if m.end_date is None or m.date != chosen.date or m.start == chosen.start:
            continue
        in_headline = headline_span is not None and headline_span[0] <= m.start < headline_span[1]
        if in_headline or (doc.in_zone(m.start, m.end) and m.start > chosen.end):
            return m.end_date
    return None


@register("dates")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``date`` and ``time`` of the main event; impossible or mismatched dates become warnings."""
    scan = scan_dates(doc.text, ctx.published, view=doc.view)
    for p in scan.problems:
        if doc.in_zone(p.start, p.end):
            ctx.warn(p.message)
    times = [t for t in find_times(doc.text, view=doc.view) if doc.in_zone(t.start, t.end)]
    chosen = choose_event_date(doc, scan.dates, ctx, times)
    out: dict[str, Any] = {"date": None, "time": None}
    if chosen is None:
        return out
    end_date = chosen.end_date or _range_end_elsewhere(doc, chosen, scan.dates, ctx.headline_span)
    out["date"] = DateValue(
        text=chosen.text,
        start=chosen.date.isoformat(),
        end=end_date.isoformat() if end_date else None,
        span=(chosen.start, chosen.end),
    )
    t = choose_event_time(doc, chosen, times, scan.dates, ctx.headline)
    if t is not None:
        out["time"] = TimeValue(text=t.text, start=t.time, end=t.end_time, span=(t.start, t.end))
    return out
