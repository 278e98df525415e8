"""Which paragraph narrates the main event (``events[0]``), shared by later extractors.

The main event is the one the headline reports. Its paragraph is the lead
(the paragraph holding the date ``dates`` chose), unless a later paragraph
opens another event (a date or time near its start and a ``ณ`` venue) and
shares clearly more of the headline's text: a post that narrates a meeting
first and the headline's ceremony second (``จากนั้น เวลา 13.30 น. … ณ …``).

Paragraphs here are *blocks*: a text cut into lines of a fixed width (a
hard-wrapped post) has its sentences run over several lines, so a line that
fills the wrap width continues on the next one. The result is put in
``ctx.found["event_paragraph"]`` (and ``doc.memo``) for the extractors that
run after this one (venues, organizers, objectives; participants may too).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..text import Doc
from ..thaidate import find_dates, find_times
from . import register
from .base import Context

#: A text whose longest line is shorter than this may be hard-wrapped (real paragraphs run longer).
WRAP_MAX = 160
#: A line at least this share of the wrap width was cut by the wrap, not by the writer.
WRAP_FULL = 0.6
#: How many full lines make a text hard-wrapped.
WRAP_MIN_LINES = 3
#: Shortest run of headline characters that counts as shared with a paragraph.
MIN_SHARED_RUN = 4
#: How much larger a share of the headline a later event paragraph needs to be the main event.
HEADLINE_MARGIN = 0.25
#: How far into a paragraph its opening date or time is looked for.
OPENING = 60
#: A block at least this long tells a story; a shorter one holding the date is a label.
LONG_BLOCK = 80
#: Most label lines (time, place) between a date label and the story it heads.
CARD_LABELS = 3
#: ``ctx.found`` key of the result.
FOUND_KEY = "event_paragraph"
#: A line opening a list item or a labelled line (not the continuation of a wrapped sentence).
_LIST_START = re.compile(r"(?:\(?\d{1,2}[.)](?!\d)|[-•▪●○◦*➡►▶✅✔☑]|[^\w\s\u0e00-\u0e7f])")


def wrap_width(doc: Doc) -> int | None:
    """The line width of a hard-wrapped zone, or None when lines are the writer's paragraphs."""
    return doc.memo_get(("wrap_width",), lambda: _wrap_width(doc))


def _wrap_width(doc: Doc) -> int | None:
    zs, ze = doc.zone  # type: ignore[misc]
    lengths = [e - s for s, e in doc.paragraphs if zs <= s and e <= ze]
    if not lengths:
        return None
    width = max(lengths)
    if width >= WRAP_MAX:
        return None
    full = sum(1 for n in lengths if n >= WRAP_FULL * width)
    return width if full >= WRAP_MIN_LINES else None


def blocks(doc: Doc) -> list[tuple[int, int]]:
    """Paragraph spans with hard-wrapped lines joined (see module doc)."""
    return doc.memo_get(("blocks",), lambda: _blocks(doc))


def _blocks(doc: Doc) -> list[tuple[int, int]]:
    width = wrap_width(doc)
    paras = doc.paragraphs
    if width is None:
        return list(paras)
    zs = doc.zone[0] if doc.zone else 0
    out: list[tuple[int, int]] = []
    for s, e in paras:
        # the head (headline, datelines) never runs on into the article's first paragraph
        if out and not (out[-1][0] < zs <= s) and _continues(doc, out[-1], (s, e), width):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _continues(doc: Doc, prev: tuple[int, int], cur: tuple[int, int], width: int) -> bool:
    """Whether line ``cur`` continues the sentence of the block ending at ``prev``."""
    between = doc.view[prev[1]:cur[0]]
    if between.count("\n") != 1:
        return False  # a blank line ends a paragraph
    last_line = doc.view.rfind("\n", 0, prev[1]) + 1
    if prev[1] - max(last_line, prev[0]) < WRAP_FULL * width:
        return False  # a short line ends its paragraph
    return not _LIST_START.match(doc.view, cur[0])


def block_of(doc: Doc, pos: int) -> tuple[int, int] | None:
    """The block (paragraph with its wrapped lines) holding ``pos``."""
    spans = blocks(doc)
    starts = doc.memo_get(("block_starts",), lambda: [s for s, _ in spans])
    i = bisect.bisect_right(starts, pos) - 1  # blocks are in text order and do not overlap
    if i >= 0 and pos < spans[i][1]:
        return spans[i]
    return None


def line_end(doc: Doc, pos: int, hi: int | None = None) -> int:
    """Where the sentence line at ``pos`` ends: its line's end, or its block's in wrapped text."""
    hi = len(doc.view) if hi is None else hi
    k = doc.view.find("\n", pos, hi)
    end = hi if k < 0 else k
    block = block_of(doc, pos)
    if block is not None and block[1] > end:
        end = min(hi, block[1])
    return end


def headline_share(headline: str | None, text: str) -> float:
    """The share of the headline's characters in runs of ``MIN_SHARED_RUN``+ also found in ``text``."""
    if not headline:
        return 0.0
    total = covered = 0
    for chunk in headline.split():
        total += len(chunk)
        i = 0
        while i <= len(chunk) - MIN_SHARED_RUN:
            j = i + MIN_SHARED_RUN
            if chunk[i:j] not in text:
                i += 1
                continue
            while j < len(chunk) and chunk[i:j + 1] in text:
                j += 1
            covered += j - i
            i = j
    return covered / total if total else 0.0


def lead_block(doc: Doc, ctx: Context) -> tuple[int, int] | None:
    """The block that narrates the event date ``dates`` chose, else the first long one in the zone."""
    date = ctx.found.get("date")
    if date is not None and getattr(date, "span", None):
        block = block_of(doc, date.span[0])
        if block is not None and doc.in_zone(*block):
            return _with_card(doc, block)
    zs, ze = doc.zone  # type: ignore[misc]
    for s, e in blocks(doc):
        if s >= zs and e <= ze and e - s >= LONG_BLOCK:
            return s, e
    return None


def _with_card(doc: Doc, block: tuple[int, int]) -> tuple[int, int]:
    """A short date line is a label of an event card (📅 date, ⏰ time, 📍 place, then the
    story): the event's block runs over the other labels to the first long paragraph."""
    if block[1] - block[0] >= LONG_BLOCK:
        return block
    zs, ze = doc.zone  # type: ignore[misc]
    after = [b for b in blocks(doc) if b[0] >= block[1] and b[1] <= ze]
    for n, (s, e) in enumerate(after[:CARD_LABELS + 1]):
        if e - s >= LONG_BLOCK:
            return block[0], e
        if n == CARD_LABELS:
            break
    return block


def main_paragraph(doc: Doc, ctx: Context) -> tuple[int, int] | None:
    """The block narrating the main event (see module doc); computed once per Doc and date."""
    date = ctx.found.get("date")
    key = ("main_event", ctx.headline, getattr(date, "span", None))
    return doc.memo_get(key, lambda: _main_paragraph(doc, ctx))


def _main_paragraph(doc: Doc, ctx: Context) -> tuple[int, int] | None:
    lead = lead_block(doc, ctx)
    if lead is None or not ctx.headline:
        return lead
    headline = ctx.headline
    zs, ze = doc.zone  # type: ignore[misc]
    best, best_share = lead, headline_share(headline, doc.view[lead[0]:lead[1]])
    for s, e in blocks(doc):
        if s <= lead[0] or e > ze:
            continue
        if not _opens_event(doc, s, e):
            continue
        share = headline_share(headline, doc.view[s:e])
        if share >= best_share + HEADLINE_MARGIN:
            best, best_share = (s, e), share
    return best


def _opens_event(doc: Doc, s: int, e: int) -> bool:
    """A block that starts with a date or time and names a ``ณ`` venue."""
    from .venues import find_mentions  # venues reads this module: import late

    head_end = min(e, s + OPENING)
    if not any(s <= m.start and m.end <= head_end for m in dates_and_times(doc)):
        return False
    return any(m.strong for m in find_mentions(doc, s, e))


def dates_and_times(doc: Doc) -> list:
    """Every date and time mention of the body, scanned once per Doc."""
    return doc.memo_get(("dates_and_times",), lambda: [*find_dates(doc.text, view=doc.view),
                                                        *find_times(doc.text, view=doc.view)])


@register("main_event")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``event_paragraph``: the span of the main event's block, for the extractors after this one."""
    return {FOUND_KEY: main_paragraph(doc, ctx)}


__all__ = ["FOUND_KEY", "block_of", "blocks", "headline_share", "line_end", "main_paragraph", "wrap_width"]
