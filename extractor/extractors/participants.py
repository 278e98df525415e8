"""Participants: the people named in lists of those who took part, their count and groups.

A list opens with a cue from ``data/participant_cues.tsv`` (``โดยมี``,
``ได้แก่``, ``ประกอบด้วย``, ``ร่วมด้วย``, ``พร้อมด้วย`` ...) and runs over the
people named one after another (separated by spaces, commas, ``และ`` or list
numbers ``1.`` ``(2)`` ``๓.``) and over unnamed groups (``หัวหน้าส่วนราชการ``,
``อสม.``), until anything else. A list whose subject is the team running the
event (``ทีมถอดบทเรียนประกอบด้วย``, ``วิทยากร ประกอบด้วย``) is not one of
participants. The person who leads a ``พร้อมด้วย`` list is not taken: they are
the presider (optional in gold at best).

The count is the first number of people (``จำนวน 10 คน``, ``กว่า 200 คน``,
``234 ชีวิต``) said to attend; a total stated after its parts wins over them,
and a part (``อีก 9 คน``) is never the count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lexicon import alternation, load_table
from ..names import (
    TH,
    Mention,
    group_words,
    PersonEntry,
    link_people,
    mentions_for,
    organization_of,
    honorifics,
    position_text,
    trie_pattern,
)
from ..records import Participants, Person
from ..text import Doc
from . import register
from .base import Context

#: How far before a count an attendance cue is looked for (same line).
ATTEND_WINDOW = 150
#: How far before/after a count a cue that it counts someone else is looked for.
NOT_ATTEND_BEFORE, NOT_ATTEND_AFTER = 40, 20
#: How far after a chosen count a stated total of it is looked for.
TOTAL_WINDOW = 300
#: How far before a count, inside the lead, a group word says it is the audience.
WEAK_WINDOW = 80
#: Larger numbers of people are statistics (population, visitors a year), not an attendance.
MAX_ATTENDANCE = 100_000
#: How far after the event date participant lists are read (characters).
LEAD_SPAN = 2000
#: How much of a paragraph's start is looked at for a new event (ต่อมาเวลา 16.00 น.).
NEW_EVENT_HEAD = 40
_TIME = re.compile(r"\d{1,2}[.:]\d{2} ?น\.")

#: Between the items of a list: spaces, commas, และ, list numbers (1. 2) ๓.), and a line break
#: when the next line goes on with และ or a list number (hard-wrapped text, numbered lists).
_SEPARATORS = re.compile(r"(?:[ ,:;]+|และ|\n(?=[ ]*(?:และ|\(?\d{1,2}[.)]))|\(?\d{1,2}[.)](?!\d))*")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in load_table("participant_cues.tsv"):
        out.setdefault(r["kind"], []).append(r["cue"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _cue_rx(*kinds: str) -> re.Pattern[str]:
    words = [w for k in kinds for w in _cues().get(k, ())]
    return re.compile(trie_pattern(words))


@lru_cache(maxsize=1)
def _group_rx() -> re.Pattern[str]:
    return re.compile(trie_pattern(group_words()))


@lru_cache(maxsize=1)
def _glued_end_rx() -> re.Pattern[str]:
    cues = [r["cue"] for r in load_table("position_end_cues.tsv") if r["glued"] == "yes"]
    return re.compile(alternation(cues + list(_cues().get("attend", ()))))


@lru_cache(maxsize=1)
def _count_rx() -> re.Pattern[str]:
    units = []
    for r in load_table("count_units.tsv"):
        bad = [w for w in r.get("not_followed_by", "").split(",") if w]
        unit = re.escape(r["unit"]) + (f"(?!{alternation(bad)})" if bad else "")
        if r["unit"] in honorifics():  # ชั้น 1 นายชาตรี: the unit is the honorific of a name
            unit += f"(?![{TH}])"
        units.append(unit)
    # starts with a digit (no look-behind) so the regex engine can skip ahead to digits
    return re.compile(r"(?P<n>\d[\d,]*) ?(?P<u>" + "|".join(units) + ")")


# --------------------------------------------------------------------------- lists

def _is_staff_list(view: str, start: int, lo: int) -> bool:
    """Whether the list opening at ``start`` names the event's own team, not participants."""
    line = view.rfind("\n", lo, start) + 1 or lo
    before = view[max(line, lo):start].rstrip()
    pieces = before.split(" ")[-2:]
    staff = _cue_rx("staff")
    return any(staff.search(p) for p in pieces)


def _group_at(view: str, i: int, end: int) -> tuple[int, int] | None:
    """An unnamed group starting at ``view[i]`` (the word it begins), cut before a verb."""
    g = _group_rx().match(view, i, end)
    if not g:
        return None
    j = g.end()
    while j < end and view[j] not in " \n,;()\"“”":
        j += 1
    cut = _glued_end_rx().search(view, g.end(), j)
    j = cut.start() if cut else j
    cut = _cue_rx("group_end").search(view, g.end(), j)  # นักเรียนที่สอบได้... → นักเรียน
    j = cut.start() if cut else j
    for tail in ("ที่", "และ"):  # เยาวชนที่ (เข้าร่วม...): a dangling function word
        if j - len(tail) >= g.end() and view.startswith(tail, j - len(tail)):
            j -= len(tail)
    return (i, j)


@dataclass
class ListItems:
    """What one participant list names."""

    people: list[Mention]
    groups: list[tuple[int, int]]


def starts_of(mentions: tuple[Mention, ...]) -> dict[int, Mention]:
    """Where each person's mention begins: at the honorific, or at the title written before it
    (``โดยมี ผวจ.หนองคาย นายสมหมาย ...``)."""
    out = {m.start: m for m in mentions}
    for m in mentions:
        if m.position_before and m.position:
            out.setdefault(m.position[0], m)
    return out


def read_list(view: str, pos: int, end: int, by_start: dict[int, Mention]) -> ListItems:
    """The people and groups of a list starting at ``pos`` (just after its opening cue).

    ``by_start`` maps where a person's mention begins to it (see ``starts_of``).
    """
    items = ListItems([], [])
    i = pos
    for _ in range(60):  # a list is never this long; the bound keeps a bad rule from looping
        i = _SEPARATORS.match(view, i, end).end()
        if i >= end:
            break
        men = by_start.get(i)
        if men is not None:
            items.people.append(men)
            i = men.claimed_end
            continue
        g = _group_at(view, i, end)
        if g is not None and g[1] > g[0]:
            items.groups.append(g)
            i = g[1]
            continue
        # โดยมี นาย ก ... กล่าวต้อนรับ นาย ข ... : a short verb between two people of the list
        if view.startswith("กล่าว", i):
            j = i
            while j < end and view[j] not in " \n":
                j += 1
            k = _SEPARATORS.match(view, j, end).end()
            if k in by_start:
                i = k
                continue
        break
    return items


# --------------------------------------------------------------------------- count

@dataclass
class _Count:
    value: int
    start: int
    end: int
    attend: bool
    part: bool
    total: bool


def _audience_before(text: str) -> bool:
    """Whether a group is named in ``text`` as an audience (นักเรียน ...), not as a tally
    of what a place has (ปัจจุบันมีผู้ประกอบการ 881 ราย)."""
    return any(not text[:g.start()].endswith("มี") for g in _group_rx().finditer(text))


def _counts(view: str, zone: tuple[int, int], weak: bool = False) -> list[_Count]:
    """Every number of people in the zone, with what its context says about it.

    With ``weak``, a group just before the number (``นักเรียน ... จำนวน 250 คน``)
    also says it attends: used inside the lead, where such a number is the
    event's audience rather than a statistic.
    """
    zs, ze = zone
    attend, notattend = _cue_rx("attend", "lead"), _cue_rx("notattend")
    part_rx, total_rx = _cue_rx("part"), _cue_rx("total")
    out = []
    for m in _count_rx().finditer(view, zs, ze):
        s, e = m.span()
        if s > 0 and view[s - 1] in "0123456789.,":
            continue  # the tail of a longer number or a decimal (15.30 น.)
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", m.group("n")):
            continue
        line = view.rfind("\n", zs, s) + 1 or zs
        before = view[max(line, s - ATTEND_WINDOW):s]
        after = view[e:e + 25].split("\n")[0]
        near_before = before[-NOT_ATTEND_BEFORE:]
        if notattend.search(near_before) or notattend.search(after[:NOT_ATTEND_AFTER]):
            continue
        value = int(m.group("n").replace(",", ""))
        if not 0 < value <= MAX_ATTENDANCE:
            continue
        tail = before[-12:]
        out.append(_Count(
            value=value,
            start=s, end=e,
            attend=bool(attend.search(before) or attend.match(after.lstrip())
                        or (weak and _audience_before(before[-WEAK_WINDOW:]))),
            part=bool(part_rx.search(tail)),
            total=bool(total_rx.search(tail)),
        ))
    return out


def choose_count(view: str, zone: tuple[int, int], weak: bool = False) -> _Count | None:
    """The attendance count: the first number of people said to attend (or a later total of it).

    A number with no word about attending nearby (``มีประชากร 6,147 คน``) is not taken.
    """
    counts = [c for c in _counts(view, zone, weak) if not c.part]
    chosen = next((c for c in counts if c.attend), None)
    if chosen is None:
        return None
    para_end = view.find("\n\n", chosen.end)
    limit = min(chosen.end + TOTAL_WINDOW, para_end if para_end >= 0 else len(view))
    for c in counts:
        if chosen.end < c.start < limit and c.total and c.value >= chosen.value:
            chosen = c
    return chosen


# --------------------------------------------------------------------------- extractor

def lead_region(doc: Doc, ctx: Context, list_starts: list[int]) -> tuple[int, int]:
    """The part of the zone that narrates the main event, where its participant lists are.

    It runs from the start of the zone to whichever comes first: a later
    paragraph that opens another event (``ต่อมาเวลา 16.00 น. ...``, ``จากนั้น``),
    or ``LEAD_SPAN`` characters after the event date the ``dates`` extractor
    chose (after the first list when there is no date). Lists further on are
    of other events or background. Measured in characters, not lines, so a
    hard-wrapped text (one sentence over several lines) reads the same.
    """
    zs, ze = doc.zone  # type: ignore[misc]
    date = ctx.found.get("date")
    if date is not None and doc.in_zone(date.span[0]):
        anchor = date.span[0]
    elif list_starts:
        anchor = list_starts[0]
    else:
        return zs, ze
    hi = min(ze, anchor + LEAD_SPAN)
    new_event = _cue_rx("new_event")
    for s, e in doc.paragraphs:
        if anchor < s < hi:
            head = doc.view[s:min(e, s + NEW_EVENT_HEAD)]
            if new_event.match(head) or _TIME.search(head):
                return zs, s
    return zs, hi


def _participant(doc: Doc, men: Mention, entry: PersonEntry) -> Person:
    position = position_text(doc.text, men.position or entry.position)
    return Person(
        honorific=men.honorific or entry.first.honorific,
        name=entry.first.name,
        position=position,
        organization=organization_of(position),
        span=(men.start, men.end),
    )


@register("participants")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``participants``: people named in attendance lists, the stated count, unnamed groups."""
    view = doc.view
    zs, ze = doc.zone  # type: ignore[misc]
    mentions = mentions_for(doc)
    entries = link_people(view, mentions)
    entry_of = {m.start: e for e in entries for m in e.mentions}
    by_start = starts_of(mentions)

    people: dict[str, Person] = {}
    groups: dict[str, None] = {}
    lists = [(cue, read_list(view, cue.end(), ze, by_start))
             for cue in _cue_rx("open", "lead").finditer(view, zs, ze)
             if not _is_staff_list(view, cue.start(), zs)]
    lo, hi = lead_region(doc, ctx, [c.start() for c, items in lists if items.people])
    for cue, items in lists:
        if not lo <= cue.start() < hi:
            continue
        for men in items.people:
            entry = entry_of.get(men.start)
            if entry is not None and entry.key not in people:
                people[entry.key] = _participant(doc, men, entry)
        for s, e in items.groups:
            groups.setdefault(_WS.sub(" ", doc.text[s:e]).strip(), None)

    count = choose_count(view, (lo, hi), weak=True) or choose_count(view, (zs, ze))
    if count is not None:
        # the group the count is of, when it is named just before it (เกษตรกรเข้าร่วมงาน 300 ราย)
        line = view.rfind("\n", zs, count.start) + 1 or zs
        for g in _group_rx().finditer(view, max(line, count.start - 60), count.start):
            span = _group_at(view, g.start(), count.start)
            if span and span[1] > span[0]:
                groups.setdefault(_WS.sub(" ", doc.text[span[0]:span[1]]).strip(), None)
    return {
        "participants": Participants(
            count=count.value if count else None,
            people=list(people.values()),
            groups=[g for g in groups if g],
            count_span=(count.start, count.end) if count else None,
        )
    }


__all__ = ["extract", "read_list", "choose_count"]
