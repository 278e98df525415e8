"""Which lines of a scanned page are the article: Thai-aware content heuristics.

Thai is written without spaces between words, so nothing here counts words:
every measure is in characters (``Line.chars`` — non-space characters).

1. Furniture is settled: an element marked as furniture by its tag or class
   (``html_scan``) stays furniture unless it holds half the page's text (a
   ``<form>`` around a whole ASP.NET portal, a post whose tags include "ads").
2. Each line that reads like prose — at least ``MIN_SCORED_CHARS``
   characters, links under half of them — scores its characters outside
   links, weighted by its share of Thai letters (a Thai page's English-only
   lines are mostly buttons and credits). The score goes to the element that
   holds the line, to its parent (in full for a paragraph, half for a
   ``<div>`` of ``<br>``-separated lines) and, halving, further up.
3. The best-scoring element is the article; siblings that score at least a
   fifth as much join it (text split by an advert between two containers).
4. Its lines are kept minus furniture, date and byline elements, lines that
   are mostly links, and "อ่านข่าวเพิ่มเติม"-style inserts (a cue from
   ``data/html_insert_cues.txt`` with nothing but links after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bs4 import Tag

from .html_scan import PARA_TAGS, Line, PageScan
from .lexicon import load_list

#: Elements that hold one paragraph: the article is never one of them alone.
LEAF_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre dd dt figcaption".split())
#: A line shorter than this (in non-space characters) does not vote for its container.
MIN_SCORED_CHARS = 20
#: A line with more of its characters in links than this is navigation, not text.
MAX_LINK_DENSITY = 0.5
#: A furniture element holding at least this share of the page's text is the page, not furniture.
FURNITURE_MAX_SHARE = 0.5
#: A sibling of the best element joins the article when it scores this share of it.
SIBLING_SHARE = 0.2
#: How many ancestors above a line's own element receive its score.
SCORE_LEVELS = 4
#: Non-link characters allowed after an insert cue on a line that is dropped.
CUE_TAIL = 10

_HAS_WORD = re.compile(r"[0-9A-Za-z\u0e01-\u0e4e\u0e50-\u0e59]")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    cues = sorted(set(load_list("html_insert_cues.txt")) | set(load_list("furniture_cues.txt")), key=len, reverse=True)
    return re.compile(r"^\W{0,3}(?:" + "|".join(re.escape(c) for c in cues) + ")", re.I)


@dataclass
class BodyPick:
    """The article's lines (indices into ``scan.lines``) and the furniture still in force."""

    indices: list[int]
    live_furniture: set[int]
    root: Tag | None


def live_furniture(lines: list[Line], hard: frozenset[int] | set[int] = frozenset()) -> set[int]:
    """Furniture elements that stay furniture: those not holding half the page's text, and ``hard`` ones."""
    total = 0
    held: dict[int, int] = {}
    for ln in lines:
        if ln.link_density >= MAX_LINK_DENSITY:
            continue
        total += ln.chars
        for f in ln.furniture:
            held[f] = held.get(f, 0) + ln.chars
    every = {f for ln in lines for f in ln.furniture}
    return {f for f in every if f in hard or not total or held.get(f, 0) < FURNITURE_MAX_SHARE * total}


def thai_weight(text: str) -> float:
    """0.3 for a line without Thai letters up to 1.0 for an all-Thai line."""
    thai = len(_THAI.findall(text))
    latin = len(_LATIN.findall(text))
    return 0.3 + 0.7 * (thai / (thai + latin) if thai + latin else 0.0)


def _is_junk(ln: Line, live: set[int]) -> bool:
    return any(f in live for f in ln.furniture)


def _score(lines: list[Line], live: set[int]) -> dict[int, list]:
    """Element id → [score, element, first line index] from the prose lines it holds."""
    scores: dict[int, list] = {}
    for i, ln in enumerate(lines):
        if (ln.chars < MIN_SCORED_CHARS or ln.link_density >= MAX_LINK_DENSITY or ln.head_kind
                or _is_junk(ln, live) or ln.role is not None):
            continue
        s = (ln.chars - ln.link_chars) * thai_weight(ln.text)
        el: Tag | None = ln.owner
        w = 1.0
        for level in range(SCORE_LEVELS + 1):
            if el is None or el.name in ("body", "html", "[document]"):
                break
            entry = scores.get(id(el))
            if entry is None:
                scores[id(el)] = [s * w, el, i]
            else:
                entry[0] += s * w
            if level == 0:
                w = 1.0 if el.name in PARA_TAGS else 0.5
            else:
                w *= 0.5
            el = el.parent
    return scores


def _depth(el: Tag) -> int:
    return sum(1 for _ in el.parents)


def _best(scores: dict[int, list]) -> Tag | None:
    """The top-scoring element (the deeper on a tie: a table cell, not its row); never a lone paragraph,
    whose list or quote beside it belongs to the same article."""
    best: list | None = None
    for entry in scores.values():
        if best is None or entry[0] > best[0] or (entry[0] == best[0] and _depth(entry[1]) > _depth(best[1])):
            best = entry
    if best is None:
        return None
    el: Tag = best[1]
    while el.name in LEAF_TAGS and isinstance(el.parent, Tag):
        el = el.parent
    return el


def _article_elements(root: Tag, scores: dict[int, list]) -> set[int]:
    """The root and the siblings that score like part of the same article."""
    chosen = {id(root)}
    parent = root.parent
    if parent is None:
        return chosen
    floor = SIBLING_SHARE * scores.get(id(root), [0.0])[0]
    for sib in parent.children:
        if isinstance(sib, Tag) and sib is not root:
            entry = scores.get(id(sib))
            if entry and entry[0] >= floor:
                chosen.add(id(sib))
    return chosen


def _inside(el: Tag, chosen: set[int], cache: dict[int, bool]) -> bool:
    path = []
    node: Tag | None = el
    result = False
    while node is not None:
        key = id(node)
        if key in cache:
            result = cache[key]
            break
        if key in chosen:
            result = True
            break
        path.append(key)
        node = node.parent
    for key in path:
        cache[key] = result
    return result


def is_insert(ln: Line) -> bool:
    """A "read more"/related/share line: a cue word and little but links after it."""
    m = _cue_re().match(ln.text)
    if not m:
        return False
    cue_chars = len(m.group(0).replace(" ", ""))
    return ln.chars - ln.link_chars - cue_chars <= CUE_TAIL


def pick_body(scan: PageScan) -> BodyPick:
    """The article's lines in page order (headline lines not yet removed)."""
    lines = scan.lines
    live = live_furniture(lines, scan.hard_furniture)
    scores = _score(lines, live)
    root = _best(scores)
    # A page with no line long enough to vote (a short notice, a fragment) is all article.
    chosen = _article_elements(root, scores) if root is not None else set()
    cache: dict[int, bool] = {}
    keep = []
    for i, ln in enumerate(lines):
        if root is not None and not _inside(ln.owner, chosen, cache):
            continue
        if _is_junk(ln, live) or ln.role is not None or ln.link_density > MAX_LINK_DENSITY:
            continue
        if keep and ends_article(ln):
            break  # a related-posts box or sponsor line: nothing after it is the article
        if not _HAS_WORD.search(ln.text) or is_insert(ln):
            continue
        keep.append(i)
    return BodyPick(keep, live, root)


@lru_cache(maxsize=1)
def _furniture_re() -> re.Pattern[str]:
    cues = sorted(load_list("furniture_cues.txt"), key=len, reverse=True)
    return re.compile(r"^\W{0,3}(?:" + "|".join(re.escape(c) for c in cues) + r")\W{0,3}$", re.I)


@lru_cache(maxsize=1)
def _read_more_re() -> re.Pattern[str]:
    cues = sorted(load_list("html_read_more_cues.txt"), key=len, reverse=True)
    return re.compile(r"^\W{0,3}(?:" + "|".join(re.escape(c) for c in cues) + r")\W{0,3}$", re.I)


def ends_article(ln: Line) -> bool:
    """A line that is only a page-furniture heading (``โพสต์ข่าวแนะนำ``, ``สนับสนุนโดย``),
    as in plain text (``extractor.article``): the article ends there. A "read more" prompt
    (``อ่านข่าวเพิ่มเติม``) is not one: it stands between paragraphs and is dropped alone."""
    text = ln.text.strip()
    return bool(_furniture_re().match(text)) and not _read_more_re().match(text)
