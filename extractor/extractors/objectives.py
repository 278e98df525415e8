"""The stated objectives of the main event (or its project), and its numbered activities.

Two forms, as ANNOTATION.md writes them:

* a heading with the objective word and little else (``วัตถุประสงค์ ของโครงการฯ``,
  ``โดยมีวัตถุประสงค์ ดังนี้``) followed by a numbered list (``1.``, ``๑.``,
  ``(1)``, ``1)``, also inline): one objective per item, without its number;
* a running clause (``โดยมีวัตถุประสงค์เพื่อ A และ B``): one objective from
  ``เพื่อ`` to where the clause ends (the end of the line, or a space before a
  word that opens a new clause: ``อาทิ``, ``นอกจากนี้``, ``โดยได้รับเกียรติ`` ...).

A running clause counts only when it is the event's: in the event paragraph,
or with an event word before it in its paragraph (``การจัดงานครั้งนี้มีวัตถุประสงค์``),
and not a relative clause about something else (``องค์การ... ที่มีวัตถุประสงค์``,
``ศูนย์แห่งนี้มีวัตถุประสงค์``). A bare ``เพื่อ…`` is not an objective.

A numbered list whose items are activities (``1.กิจกรรมถอดบทเรียน …``) goes to
``activities``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lexicon import load_list
from ..records import TextSpan
from ..text import Doc
from . import register
from .base import Context
from . import main_event
from .venues import event_paragraph, starts_with_any

#: Longest text a heading line may carry after the objective word.
HEADING_TAIL = 40
#: How far back in its paragraph a running clause's owner is looked for.
OWNER_WINDOW = 300
#: How close before the cue a word naming another owner counts.
OTHER_OWNER_WINDOW = 15
#: A cue this close to its paragraph's start continues the paragraph before.
CONTINUES = 10
#: Longest list followed, and longest item taken.
MAX_ITEMS = 20
MAX_ITEM = 1200
#: An enumerator: 1. / 1) / (1), ASCII digits in the view (Thai digits are read as digits).
_ENUM = re.compile(r"(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})\)|(?P<c>\d{1,2})\.(?!\d)|ข้อ[ \t]?(?P<d>\d{1,2})(?=[ \t.:])[.:]?)[ \t]*")
#: A bullet: a dash, a dot mark, an arrow, a check mark or an emoji (with its variation selector).
_BULLET = re.compile(r"(?:[-•▪▫●○◦*■□◆◇➢➤➡►▶→✓✔✅☑]|[\U0001F300-\U0001FAFF\u2600-\u27BF])\ufe0f?[ \t]*")


#: Where an inline list starts after the objective word: right away, or after ``ดังนี้``/``ได้แก่``/``คือ``
#: (with a count before it: ``วัตถุประสงค์ 3 ประการ คือ 1. …``).
_INLINE_LIST = re.compile(r"^\s*[:：]?\s*(?=\(?1[.)])|(?:ดังนี้|ได้แก่|คือ)\s*[:：]?\s*(?=\(?1[.)])")


@lru_cache(maxsize=1)
def lex() -> dict[str, tuple[str, ...]]:
    """``objective_cues.txt`` grouped by kind, longest entries first."""
    out: dict[str, list[str]] = {}
    for line in load_list("objective_cues.txt"):
        kind, _, word = line.partition("\t")
        out.setdefault(kind.strip(), []).append(word.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@dataclass(frozen=True)
class Item:
    """One list item: its text span (without the number)."""

    start: int
    end: int


def _enum_number(m: re.Match[str]) -> int:
    return int(m.group("a") or m.group("b") or m.group("c") or m.group("d"))


def numbered_list(view: str, pos: int, hi: int, *, inline_first: bool = False,
                  doc: Doc | None = None) -> list[Item]:
    """A list numbered 1, 2, 3 ... from ``pos`` (blank space and line breaks skipped);
    items end at the next number or the end of their line. ``inline_first``: the list
    may continue the line it starts on (``… ดังนี้ 1. … 2. …``), so bullets count there too.
    With ``doc``, a line of hard-wrapped text runs on to the end of its sentence's block."""
    items: list[Item] = []
    expected = 1
    cur = pos
    while cur < hi and len(items) < MAX_ITEMS:
        ws = re.match(r"\s*", view[cur:hi])
        at = cur + (ws.end() if ws else 0)
        m = _ENUM.match(view, at, hi)
        if not m or _enum_number(m) != expected:
            if not items and (inline_first or "\n" in view[cur:at]) and _BULLET.match(view, at, hi):
                return bullet_list(view, at, hi)
            break
        start = m.end()
        line_end = _line_end(view, start, hi, doc)
        nxt = re.search(rf"(?<=\s)(?:\({expected + 1}\)|{expected + 1}\)|{expected + 1}\.(?!\d))",
                        view[start:line_end])
        stop = start + nxt.start() if nxt else _wrapped_item_end(view, line_end, hi, expected + 1)
        end = _trim(view, start, min(stop, start + MAX_ITEM))
        if nxt:
            end = _trim_link(view, start, end)  # … 2. เพื่อ B และ 3. เพื่อ C: และ joins the items
        if not nxt and inline_first and items:
            end = min(end, clause_end(view, start, line_end, doc=doc))  # the last item of an inline list
        if end > start:
            items.append(Item(start, end))
        expected += 1
        cur = stop
    return items


def _wrapped_item_end(view: str, line_end: int, hi: int, next_number: int) -> int:
    """Where a numbered item ends: its line, or the next one too when that line has no number
    and the line after it opens item ``next_number`` (an item wrapped onto a second line)."""
    if view[line_end:line_end + 1] != "\n":
        return line_end
    a = line_end + 1
    b = view.find("\n", a, hi)
    b = hi if b < 0 else b
    line = view[a:b].strip()
    if not line or _ENUM.match(view[a:b].lstrip(" \t")) or _BULLET.match(view[a:b].lstrip(" \t")):
        return line_end
    after = re.match(r"\n[ \t]*", view[b:hi])
    m = _ENUM.match(view, b + after.end(), hi) if after else None
    return b if m and _enum_number(m) == next_number else line_end


def bullet_list(view: str, pos: int, hi: int) -> list[Item]:
    """Consecutive lines that start with the same bullet mark."""
    items: list[Item] = []
    mark = None
    for m in re.finditer(r"[^\n]*", view[pos:hi]):
        line = m.group()
        if not line.strip():
            continue
        b = _BULLET.match(line.lstrip(" \t"))
        if not b or (mark is not None and b.group().strip() != mark):
            break  # another mark opens the next block (📊 ผลการดำเนินงาน after ✅ items)
        mark = b.group().strip()
        lead = len(line) - len(line.lstrip(" \t"))
        start = pos + m.start() + lead + b.end()
        end = _trim(view, start, pos + m.end())
        if end > start:
            items.append(Item(start, end))
        if len(items) >= MAX_ITEMS:
            break
    return items


def _line_end(view: str, pos: int, hi: int, doc: Doc | None) -> int:
    """End of the line at ``pos``; in hard-wrapped text (``doc`` given), of its sentence's block."""
    if doc is not None:
        return main_event.line_end(doc, pos, hi)
    k = view.find("\n", pos, hi)
    return hi if k < 0 else k


_LINK_TAIL = re.compile(r"\s(?:และ|หรือ)$")


def _trim_link(view: str, start: int, end: int) -> int:
    """An inline item without the และ/หรือ that joins it to the next one."""
    m = _LINK_TAIL.search(view, start, end)
    return _trim(view, start, m.start()) if m else end


def _trim(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1] in " \t,;":
        end -= 1
    return end


#: How far after an objective cue a heading (and an inline list's start) is looked for.
_HEADING_WINDOW = 300


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lex().get("word", ()))
    return re.compile(rf"(?:{words})")


def _headings(view: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Objective headings: (cue start, where the list may start)."""
    out = []
    for m in _cue_re().finditer(view, lo, hi):
        # a heading is short: look at most _HEADING_WINDOW characters on, so one very long
        # line with many cue words costs linear, not quadratic, time
        window = min(hi, m.end() + _HEADING_WINDOW)
        line_end = view.find("\n", m.end(), window)
        line_end = window if line_end < 0 else line_end
        tail = view[m.end():line_end].strip(" :：-")
        if len(tail) > HEADING_TAIL or "เพื่อ" in tail:
            # An inline list on the same line: …วัตถุประสงค์ 1. … 2. …, … ดังนี้ 1. … 2. …
            k = _INLINE_LIST.search(view[m.end():line_end])
            if k and not view[m.end():m.end() + k.start()].count("เพื่อ"):
                out.append((m.start(), m.end() + k.end()))
            continue
        if tail and not starts_with_any(tail, lex().get("heading_tail", ())) and not tail.endswith(("ดังนี้", "ฯ")):
            continue
        k = re.search(r"(?:ดังนี้|ได้แก่)\s*[:：]?\s*(?=\(?1[.)])", view[m.end():line_end])
        out.append((m.start(), m.end() + k.end() if k else line_end))
    return out


def listed_objectives(doc: Doc, lo: int, hi: int) -> list[Item]:
    """Items of numbered lists under objective headings."""
    view = doc.view
    items: list[Item] = []
    for cue_start, list_at in _headings(view, lo, hi):
        inline = view[list_at - 1:list_at] != "\n" and list_at < hi and view[list_at] != "\n"
        found = numbered_list(view, list_at, hi, inline_first=inline, doc=doc)
        if found and not _is_activity_list(view, found):
            items.extend(found)
    return items


def _is_activity_list(view: str, items: list[Item]) -> bool:
    return bool(starts_with_any(view[items[0].start:items[0].end], lex().get("activity", ())))


def running_objectives(doc: Doc, ctx: Context, lo: int, hi: int,
                       event_para: tuple[int, int] | None) -> list[Item]:
    """Objectives written as a running clause (``…มีวัตถุประสงค์เพื่อ A``)."""
    view = doc.view
    running = "|".join(re.escape(w) for w in lex().get("running", ()))
    out: list[Item] = []
    for m in _cue_re().finditer(view, lo, hi):
        j = re.match(rf" ?(?:{running})", view[m.end():hi])
        if not j:
            continue
        joined = view[m.end():m.end() + j.end()].strip()
        if joined.endswith("ในการ"):
            start = m.end() + j.end() - len("การ")
        elif joined == "คือ":
            rest = re.match(r" ?(?=เพื่อ|การ)", view[m.end() + j.end():hi])
            if not rest:
                continue
            start = m.end() + j.end() + rest.end()
        else:
            start = m.end() + j.end() - len("เพื่อ")
        # "…วัตถุประสงค์ในการ X" states the objective even after สอดคล้องกับ/ตาม.
        if not _owned_by_event(doc, m.start(), event_para, relative_ok=joined.endswith("ในการ")):
            continue
        end = clause_end(view, start, hi, doc=doc)
        if re.search(r"(?:ดังนี้|ได้แก่)\s*$", view[start:end]):
            continue  # a heading: its list is read by listed_objectives
        if end - start > len("เพื่อ") + 3:
            out.append(Item(start, end))
    return out


def _owned_by_event(doc: Doc, cue: int, event_para: tuple[int, int] | None, *,
                    relative_ok: bool = False) -> bool:
    """Whether the objective clause at ``cue`` is the event's (see module doc)."""
    view = doc.view
    before = view[max(0, cue - 12):cue].rstrip()
    if before.endswith(lex().get("not_after", ())) and not (relative_ok and not before.endswith("ที่มี")):
        return False
    para = main_event.block_of(doc, cue) or (cue, cue)
    near = view[max(para[0], cue - OTHER_OWNER_WINDOW):cue]
    if any(w in near for w in lex().get("owner_other", ())):
        return False
    if event_para is not None and para == event_para:
        return True
    lo = para[0]
    if cue - para[0] <= CONTINUES:
        # A paragraph opening with the cue (โดยมีวัตถุประสงค์…) continues the one before it.
        prev = next((p for p in reversed(main_event.blocks(doc)) if p[1] <= para[0]), None)
        if prev is not None and prev == event_para:
            return True
        if prev is not None:
            lo = prev[0]
    owner = view[max(lo, cue - OWNER_WINDOW):cue]
    return any(w in owner for w in lex().get("owner_event", ()))


def clause_end(view: str, start: int, hi: int, *, doc: Doc | None = None) -> int:
    """Where a running clause ends: the end of its line (with ``doc``: of its hard-wrapped
    block), or a space before a clause-opening word."""
    line_end = _line_end(view, start, hi, doc)
    end = min(line_end, start + MAX_ITEM)
    for m in re.finditer(r"[ \n]+", view[start:end]):  # a line break inside a wrapped block is a space
        if m.group().count(" ") >= 2:
            return _trim(view, start, start + m.start())  # a double space is the writer's sentence break
        after = view[start + m.end():end]
        for word in lex().get("stop", ()):
            if word.endswith("_"):
                w = word[:-1]
                if after.startswith(w) and after[len(w):len(w) + 1] in (" ", ","):
                    return _trim(view, start, start + m.start())
            elif after.startswith(word):
                return _trim(view, start, start + m.start())
    return _trim(view, start, end)


def activity_lists(doc: Doc, lo: int, hi: int) -> list[Item]:
    """Numbered lists of activities: items starting with กิจกรรม, or under ``… กิจกรรม ดังนี้``."""
    view = doc.view
    words = "|".join(re.escape(w) for w in lex().get("activity", ()))
    out: list[Item] = []
    for m in re.finditer(rf"(?:^|\n)[ \t]*(?:\(1\)|1\)|1\.(?!\d))[ \t]*(?:{words})", view[lo:hi]):
        at = lo + m.start() + (1 if m.group().startswith("\n") else 0)
        if any(i.start <= at < i.end for i in out):
            continue
        out.extend(numbered_list(view, at, hi, inline_first=True))
    for m in re.finditer(rf"(?:{words})\s*(?:ดังนี้|ได้แก่)\s*[:：]?[ \t]*(?=\n|\(?1[.)])", view[lo:hi]):
        at = lo + m.end()
        found = numbered_list(view, at, hi, inline_first=view[at:at + 1] != "\n")
        for item in found:
            if not any(i.start == item.start for i in out):
                out.append(item)
    return sorted(out, key=lambda i: i.start)


@register("objectives")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``objectives`` and ``activities`` of the main event."""
    zs, ze = doc.zone  # type: ignore[misc]
    event_para = event_paragraph(doc, ctx)
    items = listed_objectives(doc, zs, ze)
    for item in running_objectives(doc, ctx, zs, ze, event_para):
        if not any(i.start <= item.start < i.end or item.start <= i.start < item.end for i in items):
            items.append(item)
    items.sort(key=lambda i: i.start)
    objectives = _spans(doc, items)
    activities = _spans(doc, activity_lists(doc, zs, ze))
    return {"objectives": objectives, "activities": activities}


def _spans(doc: Doc, items: list[Item]) -> list[TextSpan]:
    out: list[TextSpan] = []
    seen: set[str] = set()
    for item in items:
        text = doc.text[item.start:item.end].strip()
        key = re.sub(r"\s+", "", text)
        if text and key not in seen:
            seen.add(key)
            out.append(TextSpan(text=text, span=(item.start, item.end)))
    return out
