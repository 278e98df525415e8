"""Participants: the people named in lists of those who took part, their count and groups.

A list opens with a cue from ``data/participant_cues.tsv`` (``โดยมี``,
``ได้แก่``, ``ประกอบด้วย``, ``ร่วมด้วย``, ``พร้อมด้วย`` ...) and runs over the
people named one after another (separated by spaces, commas, ``และ`` or list
numbers ``1.`` ``(2)`` ``๓.``) and over unnamed groups (``หัวหน้าส่วนราชการ``,
``อสม.``), until anything else. A list whose subject is the team running the
event (``ทีมถอดบทเรียนประกอบด้วย``, ``วิทยากร ประกอบด้วย``) is not one of
participants. The person who leads a ``พร้อมด้วย`` list is not taken: they are
the presider (optional in gold at best). A list with no opening cue counts
when an attendance verb closes it (``ทั้งนี้ มี นาย ก ... ร่วมพิธีเปิด``; two
or more people named together ``... ได้นำ ... มาร่วม``), see ``verb_lists``.
Lists are read in the region narrating the main event: the first one, or a
later one the headline is clearly about (``lead_region``).

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
from . import main_event, register
from .base import Context

#: How far before a count an attendance cue is looked for (same line).
ATTEND_WINDOW = 150
#: How far before/after a count a cue that it counts someone else is looked for.
NOT_ATTEND_BEFORE, NOT_ATTEND_AFTER = 40, 20
#: How far after a chosen count a stated total of it is looked for.
TOTAL_WINDOW = 300
#: How far before a count an entourage cue (พร้อมด้วย) is looked for.
ENTOURAGE_WINDOW = 40
#: How far into a relative clause after a count (ที่เดินทางมาร่วมงาน) an attendance cue is looked for.
RELATIVE_WINDOW = 20
#: How far before a count, inside the lead, a group word says it is the audience.
WEAK_WINDOW = 80
#: Larger numbers of people are statistics (population, visitors a year), not an attendance.
MAX_ATTENDANCE = 100_000
#: How far after the event date participant lists are read (characters).
LEAD_SPAN = 2000
#: How much of a paragraph's start is looked at for a new event (ต่อมาเวลา 16.00 น.).
NEW_EVENT_HEAD = 40
_TIME = re.compile(r"\d{1,2}[.:]\d{2} ?น\.")
#: How much of an event's text is compared with the headline, and by how much (share of the
#: headline's trigrams) a later event must beat the first to be taken as the headline's.
HEADLINE_WINDOW, HEADLINE_MARGIN = 600, 0.15
#: A headline with fewer letter trigrams says too little to choose between events.
MIN_HEADLINE_GRAMS = 10

#: Between the items of a list: spaces, commas, และ, list numbers (1. 2) ๓.), and a line break
#: when the next line goes on with และ or a list number (hard-wrapped text, numbered lists).
_SEPARATORS = re.compile(r"(?:[ ,:;]|และ|\n(?=[ ]*(?:และ|\(?\d{1,2}[.)]))|\(?\d{1,2}[.)](?!\d)"
                         r"|\n[ ]*[-–•▪◦*](?= ?\S))*")
#: Words between a list's cue and its items on the next lines (โดยมีผู้ร่วมพิธี ดังนี้ / - นาย ก ...).
_LIST_INTRO = re.compile(r"[^\n]{0,40}?(?:ดังนี้|[:：])[ ]*(?=\n[ ]*(?:[-–•▪◦*]|\(?\d{1,2}[.)]))")
#: Cues that, ending a line, open a list on the next one (ร่วมด้วย there may end a sentence).
_LIST_OPENERS_AT_LINE_END = ("ประกอบด้วย", "ได้แก่", "ดังนี้", "ดังต่อไปนี้")
#: A person's position on the next, indented line (a list laid out like a table).
_INDENTED_LINE = re.compile(r"\n[ \t]{2,}(?=\S)[^\n]*")
_WS = re.compile(r"\s+")
#: One line break (not a blank line) before the next item of a list.
_WRAP = re.compile(r"\n[ ]*(?=\S)")
#: How much of the line before a list cue is read to tell the event's own team (two pieces).
STAFF_WINDOW = 80
#: How far a verb that brings others (ได้นำ ...) may be from the attendance verb of its clause.
BRING_WINDOW = 80


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
    # starts with a digit (no look-behind) so the regex engine can skip ahead to digits; at most 12
    # characters of number (no attendance has more), which keeps a long run of digits linear
    return re.compile(r"(?P<n>\d[\d,]{0,11}) ?(?P<u>" + "|".join(units) + ")")


# --------------------------------------------------------------------------- lists

def _is_staff_list(view: str, start: int, lo: int) -> bool:
    """Whether the list opening at ``start`` names the event's own team, not participants."""
    line = view.rfind("\n", max(lo, start - STAFF_WINDOW), start) + 1 or lo
    # the two pieces before the cue are all that is read: a bounded window keeps long lines linear
    before = view[max(line, lo, start - STAFF_WINDOW):start].rstrip()
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
    """What one participant list names, and where its last item ends."""

    people: list[Mention]
    groups: list[tuple[int, int]]
    end: int = 0


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
    items = ListItems([], [], pos)
    intro = _LIST_INTRO.match(view, pos, end)
    i = intro.end() if intro else pos
    wrap = _WRAP.match(view, i, end)
    vertical = bool(wrap and wrap.end() in by_start and view.endswith(_LIST_OPENERS_AT_LINE_END, 0, i))
    if vertical:
        i = wrap.end()  # … ประกอบด้วย / นางสาว ก …: a list that starts on the next line, one per line
    for _ in range(60):  # a list is never this long; the bound keeps a bad rule from looping
        i = _SEPARATORS.match(view, i, end).end()
        # a hard line break after a comma: the list goes on (not after the cue itself:
        # ...เข้าร่วมด้วย at a line end closes a sentence, and the next line starts another)
        wrap = _WRAP.match(view, i, end)
        if wrap and (items.people or items.groups) and view[items.end:i].strip() == ",":
            i = _SEPARATORS.match(view, wrap.end(), end).end()
        elif wrap and items.people and items.end == i and wrap.end() in by_start \
                and (vertical or _continues_list(view, by_start[wrap.end()], end)):
            i = wrap.end()  # one person per line: the line ends with a person, the next starts with one
        if i >= end:
            break
        men = by_start.get(i)
        if men is not None:
            items.people.append(men)
            i = items.end = men.claimed_end
            under = _INDENTED_LINE.match(view, i, end)
            if under and _SEPARATORS.match(view, under.start(), end).end() == under.start() + 1:
                i = items.end = under.end()  # the position on its own indented line
            continue
        g = _group_at(view, i, end)
        if g is not None and g[1] > g[0]:
            items.groups.append(g)
            i = items.end = g[1]
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
    if items.people and _presides_after(view, items.end, end):
        items.people.pop()  # โดยมี นาย ก ... เป็นประธาน: the presider, not one who attended
    return items


def _continues_list(view: str, men: Mention, end: int) -> bool:
    """Whether a person opening the next line goes on the list (``… จังหวัดอุดรธานี`` /
    ``นายประยงค์ … และ ส.อ.วีระพล …``) rather than opening a sentence of their own
    (``นายประยงค์ … กล่าวว่า …``): another person or a group follows them on that line."""
    line_end = view.find("\n", men.claimed_end, end)
    line_end = end if line_end < 0 else line_end
    nxt = _SEPARATORS.match(view, men.claimed_end, line_end)
    return nxt.end() > men.claimed_end and "และ" in view[men.claimed_end:nxt.end()] or \
        view[men.claimed_end:nxt.end()].strip() == ","


def _presides_after(view: str, pos: int, end: int) -> bool:
    """Whether the words at ``pos`` (after a list's last person) say that person presides."""
    i = _SEPARATORS.match(view, pos, end).end()
    return any(view.startswith(w, i) for w in _cues().get("presides", ()))


def attends_after(view: str, end: int) -> bool:
    """Whether the words right after a list ending at ``end`` say its people attended.

    ``... ร่วมพิธีเปิด``, ``... เข้าร่วม``; or a verb that brings others along
    whose clause goes on to attend (``... ได้นำจิตอาสา 90 คน มาร่วม...``).
    ``ร่วมกับ`` (together with: organizing, presiding) is not attending.
    """
    j = end + len(view[end:end + 3]) - len(view[end:end + 3].lstrip(" "))
    if _cue_rx("not_verb_after").match(view, j):
        return False
    if _cue_rx("verb_after").match(view, j):
        return True
    b = _cue_rx("bring_after").match(view, j)
    if not b:
        return False
    line_end = view.find("\n", b.end())
    stop = min(b.end() + BRING_WINDOW, line_end if line_end >= 0 else len(view))
    verb, not_verb = _cue_rx("verb_after"), _cue_rx("not_verb_after")
    return any(not not_verb.match(view, m.start()) for m in verb.finditer(view, b.end(), stop))


def _opened_by_verb_cue(view: str, start: int) -> bool:
    """Whether a cue that opens a list only with an attendance verb (``มี``) is just before ``start``."""
    k = start - 1
    while k >= 0 and view[k] == " ":
        k -= 1
    return any(view.endswith(w, 0, k + 1) for w in _cues().get("open_verb", ()))


def verb_lists(view: str, lo: int, hi: int, end: int, by_start: dict[int, Mention],
               taken: set[int]) -> list[ListItems]:
    """Lists with no opening cue whose people an attendance verb right after says attended.

    ``ทั้งนี้ มี นาย ก ... ร่วมพิธีเปิด`` (after ``มี``: one person is enough);
    ``ในการนี้ นาย ก ..., นาย ข ... และนาง ค ... ได้นำ ... มาร่วม...`` (two or
    more people named together). People in ``taken`` are already in a list;
    only lists starting in ``[lo, hi)`` are read.
    """
    out = []
    seen: set[int] = set()  # people already read as part of a list starting earlier
    for start in sorted(by_start):
        if start in taken or start in seen or not lo <= start < hi:
            continue
        items = read_list(view, start, end, by_start)
        seen.update(m.start for m in items.people)
        if not items.people or any(m.start in taken for m in items.people):
            continue
        if items.end != items.people[-1].claimed_end:
            continue  # ...และกลุ่มเป้าหมายเข้าร่วม: the verb is said of the group at the end
        if (len(items.people) >= 2 or _opened_by_verb_cue(view, start)) and attends_after(view, items.end):
            out.append(items)
            taken.update(m.start for m in items.people)
    return out


# --------------------------------------------------------------------------- count

@dataclass
class _Count:
    value: int
    start: int
    end: int
    attend: bool
    part: bool
    total: bool
    grand: bool = False      #: a grand total of the event (รวม...ทั้งสิ้น 150 คน)
    entourage: bool = False  #: the party with someone named (พร้อมด้วยพระสงฆ์ 9 รูป)


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
        after = view[e:e + 40].split("\n")[0]
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
                        or _attending_clause(after)
                        or (weak and _audience_before(before[-WEAK_WINDOW:]))),
            part=bool(part_rx.search(tail)),
            total=bool(total_rx.search(tail)),
            grand=bool(_cue_rx("grand_total").search(tail)),
            entourage=_entourage_before(before[-ENTOURAGE_WINDOW:]),
        ))
    return out


def _attending_clause(after: str) -> bool:
    """Whether the words after a count open a clause saying the counted attended
    (``800 คน ที่เดินทางมาร่วมงาน``)."""
    rest = after.lstrip(" ")
    m = _cue_rx("relative").match(rest)
    return bool(m and _cue_rx("attend").search(rest, m.end(), m.end() + RELATIVE_WINDOW))


def _entourage_before(before: str) -> bool:
    """Whether the count after ``before`` is of a party accompanying someone
    (``... พร้อมด้วยพระสงฆ์`` + ``9 รูป``): an entourage cue, then a group, then the number."""
    cues = list(_cue_rx("entourage").finditer(before))
    if not cues:
        return False
    rest = before[cues[-1].end():].lstrip(" ")
    return bool(rest) and "\n" not in rest and bool(_group_rx().match(rest) or _entourage_group(rest))


def _entourage_group(rest: str) -> bool:
    """A party named by a word for monks or officers not in the group list (พระสงฆ์, คณะ...)."""
    return any(rest.startswith(w) for w in _cues().get("entourage_group", ()))


def choose_count(view: str, zone: tuple[int, int], weak: bool = False) -> _Count | None:
    """The attendance count: the first number of people said to attend (or a later total of it).

    A number with no word about attending nearby (``มีประชากร 6,147 คน``) is not taken.
    """
    counts = [c for c in _counts(view, zone, weak) if not c.part]
    attending = [c for c in counts if c.attend]
    # the party with someone named (พร้อมด้วยพระสงฆ์ 9 รูป) only when no other count is stated
    chosen = next((c for c in attending if not c.entourage), None) or next(iter(attending), None)
    if chosen is None:
        return None
    para_end = view.find("\n\n", chosen.end)
    limit = min(chosen.end + TOTAL_WINDOW, para_end if para_end >= 0 else len(view))
    for c in counts:
        if chosen.end < c.start and c.value >= chosen.value and (
                (c.start < limit and c.total) or (c.grand and c.attend)):
            chosen = c
    return chosen


# --------------------------------------------------------------------------- extractor

def _event_starts(doc: Doc, lo: int, hi: int, event_day: str | None = None) -> list[int]:
    """Starts of the paragraphs in ``(lo, hi)`` that open another event (``ต่อมาเวลา 16.00 น.``).

    A paragraph that opens with a word referring back to the event (``ในพิธี...``,
    ``ในการนี้``), or that dates its opening words with the event's own day (``เวลา 09.00 น.
    วันที่ 15 ส.ค. 67 ซึ่งเป็นวันแรกของงาน …``), goes on narrating it, even when it gives a time.
    """
    new_event, same_event = _cue_rx("new_event"), _cue_rx("same_event")
    out = []
    for s, e in doc.paragraphs:
        if lo < s < hi:
            head_end = min(e, s + NEW_EVENT_HEAD)
            head = doc.view[s:head_end]
            if same_event.match(head):
                continue
            if event_day and any(s <= m.start < head_end and getattr(m, "date", None) is not None
                                 and m.date.isoformat() == event_day for m in main_event.dates_and_times(doc)):
                continue
            if new_event.match(head) or _TIME.search(head):
                out.append(s)
    return out


def _trigrams(text: str) -> set[str]:
    letters = re.sub(f"[^{TH}A-Za-z0-9]", "", text)
    return {letters[i:i + 3] for i in range(len(letters) - 2)}


def headline_event(view: str, headline: str | None, segments: list[tuple[int, int]]) -> int:
    """Index of the segment that narrates the headline's event (0 unless a later one clearly does).

    Articles sometimes narrate two events and headline the second (a morning
    meeting, then the afternoon ceremony the post is about). Each segment is
    scored by the share of the headline's letter trigrams in its opening; a
    later segment wins only by ``HEADLINE_MARGIN``.
    """
    grams = _trigrams(headline or "")
    if len(grams) < MIN_HEADLINE_GRAMS or len(segments) < 2:
        return 0
    scores = []
    for s, e in segments:
        seg = _trigrams(view[s:min(e, s + HEADLINE_WINDOW)])
        scores.append(len(grams & seg) / len(grams))
    best = max(range(len(scores)), key=lambda k: scores[k])
    return best if scores[best] >= scores[0] + HEADLINE_MARGIN else 0


def lead_region(doc: Doc, ctx: Context, list_starts: list[int]) -> tuple[int, int]:
    """The part of the zone that narrates the main event, where its participant lists are.

    It runs from the start of the zone to whichever comes first: a later
    paragraph that opens another event (``ต่อมาเวลา 16.00 น. ...``, ``จากนั้น``),
    or ``LEAD_SPAN`` characters after the event date the ``dates`` extractor
    chose (after the first list when there is no date). Lists further on are
    of other events or background. Measured in characters, not lines, so a
    hard-wrapped text (one sentence over several lines) reads the same.
    When a later event is the one the headline is about, its paragraphs (up
    to the next event, at most ``LEAD_SPAN`` characters) are the region instead.
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
    starts = _event_starts(doc, anchor, ze, getattr(date, "start", None))
    first = (zs, next((s for s in starts if s < hi), hi))
    segments = [first] + [(s, min(nxt, s + LEAD_SPAN)) for s, nxt in zip(starts, starts[1:] + [ze])]
    return segments[headline_event(doc.view, ctx.headline, segments)]


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
    every = [(cue, read_list(view, cue.end(), ze, by_start), _is_staff_list(view, cue.start(), zs))
             for cue in _cue_rx("open", "lead").finditer(view, zs, ze)]
    lists = [(cue, items) for cue, items, staff in every if not staff]
    lo, hi = lead_region(doc, ctx, [c.start() for c, items in lists if items.people])
    in_lead = [items for cue, items in lists if lo <= cue.start() < hi]
    # people of any cued list (a staff list too) are not read again as a list closed by a verb
    taken = {m.start for _, items, _ in every for m in items.people}
    for items in in_lead + verb_lists(view, lo, hi, ze, by_start, taken):
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
