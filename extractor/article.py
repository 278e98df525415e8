"""From an input (plain text or HTML) to an ``Article``: headline, dates, byline, body.

Plain text is read here; HTML pages go through ``extractor.article_html``
first, which yields the same ``Article``. The body is the text as given,
cleaned of invisible characters only; ``zone`` marks the part of the body that
is the article proper (after the head lines, before the byline and page
furniture such as a related-posts box), which is all the extractors read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .article_head import (HEADLINE_MAX, PUBLISHER_MAX, dateline_date, is_affiliation_line, is_headline_like,
                           is_publisher_line, is_skip_line, is_slash_category, lead_dateline,
                           outlet_and_date, outlet_with_tagline, dateline_writer, publisher_name)
from . import gazetteer
from .lexicon import load_list, load_table
from .text import clean_text, collapse_spaces, normalize_view

#: A headline under a page's name block is at most this long (a longer line is the lead).
MASTHEAD_HEADLINE_MAX = 120
#: How many non-empty lines at the top may be head lines (dateline, publisher, menus, headline).
HEAD_LINES = 10
#: A byline under the headline (``เขียนโดย X``) is at most this long.
HEAD_BYLINE_MAX = 80
#: A furniture heading line has at most this many characters after its cue word.
FURNITURE_TAIL = 40
#: A byline is among the last lines of the article (a photo credit or a date may follow it);
#: a "โดย…" line higher up is a sentence of the article.
BYLINE_TAIL = 6
#: Longer than this, a byline's writer that is not a person's name is a sentence.
BYLINE_NAME_MAX = 40
#: Lines that look like "โดย X" but are sentences: โดยมี… lists who was there, and a line
#: ending in ดังนี้/ว่า introduces what follows.
#: A photo credit after the writer's name on a byline line.
_PHOTO_CREDIT = re.compile(r"\s+(?:ภาพ|ภาพถ่าย)\s*[:：]")
_NOT_BYLINE = re.compile(r"^\s*โดยมี|(?:ดังนี้|ว่า)\s*[:：]?\s*$")


@dataclass
class Article:
    """An article ready for extraction; ``zone`` is a span of ``body``."""

    body: str
    headline: str | None = None
    headline_span: tuple[int, int] | None = None
    published: dt.date | None = None
    publisher: str | None = None
    reporter: str | None = None
    url: str | None = None
    zone: tuple[int, int] = (0, 0)
    warnings: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """Whether a string is an HTML page or fragment rather than plain text."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml")) or bool(
        re.search(r"<(html|body|head|div|p|article|meta|title|br)\b", head)
    )


@lru_cache(maxsize=1)
def _furniture_re() -> re.Pattern[str]:
    cues = sorted(load_list("furniture_cues.txt"), key=len, reverse=True)
    # A short line: a heading of furniture, not an article sentence that starts with the same word
    # (ความคิดเห็นของประชาชน…).
    return re.compile(r"^[ \t]*(?:" + "|".join(re.escape(c) for c in cues) + r")[^\n]{0,%d}$" % FURNITURE_TAIL,
                      re.M)


@lru_cache(maxsize=1)
def _byline_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["pattern"]) for r in load_table("byline_cues.tsv"))


def line_spans(view: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``view``, trimmed of spaces."""
    out = []
    for m in re.finditer(r"[^\n]+", view):
        s, e = m.span()
        while s < e and view[s] == " ":
            s += 1
        while e > s and view[e - 1] == " ":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def clean_reporter(name: str) -> str | None:
    """A byline's writer, without the province suffix glued to it or trailing marks."""
    name = collapse_spaces(name)
    name = re.sub(r"\s*(?:จ\.|จังหวัด)\s*\S+$", "", name)  # สุพจน์ วรสหวัฒน์จ.ราชบุรี
    name = re.sub(r"\s*(?:ผู้สื่อข่าว.*|\(.*\))$", "", name).strip(" :/-")
    name = _PHOTO_CREDIT.split(name, maxsplit=1)[0]  # ข่าว: X ภาพ: Y — the writer is X
    name = re.sub(r"^(?:โดย|By)\s+", "", name)  # เรื่อง/ภาพ โดย X
    words = name.split()
    if len(words) >= 3 and re.match(r"(?:งาน|ฝ่าย|กลุ่ม|สำนักงาน|ทีม)", words[2]):
        name = " ".join(words[:2])  # ปวีณา ทองมา งานประชาสัมพันธ์โรงเรียน: the office after the name
    elif len(words) == 3 and gazetteer.is_known(words[2], "province"):
        name = " ".join(words[:2])  # นิพนธ์ สายสุวรรณ ตาก / รายงาน: the province the reporter covers
    if not name or len(name) > 60 or re.search(r"สำนักงาน|กลุ่ม|ฝ่าย|ส่วน|กอง|งาน", name[:8]):
        return None  # an office or group is not a reporter
    return name


def find_byline(body: str, view: str, lines: list[tuple[int, int]], start_at: int) -> tuple[str | None, int | None]:
    """The reporter and the offset of the byline line, scanning the article's last lines.

    A blog's ``โพสต์โดย X`` footer names who posted the page (often the blog itself): it counts
    only when no writer's byline is found above it."""
    fallback: tuple[str | None, int | None] = (None, None)
    for s, e in list(reversed(lines))[:BYLINE_TAIL]:
        if s < start_at:
            break
        line = view[s:e]
        if len(line) > 120 or _NOT_BYLINE.search(line):
            continue
        for rx in _byline_res():
            m = rx.search(line)
            if m:
                raw = body[s + m.start("name"): s + m.end("name")]
                reporter = clean_reporter(raw)
                if reporter is None and len(collapse_spaces(raw)) > BYLINE_NAME_MAX:
                    continue  # a sentence that happens to start with โดย, not a byline
                if line.startswith("โพสต์โดย"):
                    fallback = fallback if fallback[1] is not None else (reporter, s)
                    break
                return reporter, s
    return fallback


def _head_byline(body: str, view: str, s: int, e: int) -> tuple[bool, str | None]:
    """Whether a head line is a byline (``เขียนโดย X`` under the headline), and its writer."""
    line = view[s:e]
    if len(line) > HEAD_BYLINE_MAX or _NOT_BYLINE.search(line):
        return False, None
    for rx in _byline_res():
        m = rx.search(line)
        if m:
            raw = body[s + m.start("name"): s + m.end("name")]
            if len(collapse_spaces(raw)) > BYLINE_NAME_MAX:
                return False, None
            return True, clean_reporter(raw)
    return False, None


def _next_content_line(view: str, lines: list[tuple[int, int]], i: int) -> str:
    """The first line after ``lines[i]`` that is neither a dateline nor page furniture ('' if none)."""
    for s, e in lines[i + 1:HEAD_LINES]:
        line = view[s:e]
        if dateline_date(line) or is_skip_line(line) or is_affiliation_line(line):
            continue
        return line
    return ""


def _is_tagline(view: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether a short line under the outlet's name is its tagline: a dateline follows it, and
    after the dateline a headline-like line that is not the last (``ยโสธรนิวส์`` / ``ข่าวสาร
    เกษตร ชุมชน`` / ``วันพุธที่ 7 สิงหาคม พ.ศ. 2567`` / headline / lead)."""
    s, e = lines[i]
    if e - s > PUBLISHER_MAX:
        return False
    rest = [view[a:b] for a, b in lines[i + 1:HEAD_LINES] if not is_skip_line(view[a:b])]
    return (len(rest) >= 3 and dateline_date(rest[0]) is not None and is_headline_like(rest[1])
            and len(rest[1]) > e - s)


#: A line of an event card: a calendar, clock or pin mark first.
_CARD_LINE = re.compile(r"^\s*[\U0001F5D3\U0001F4C5\U0001F4C6\u23F0\U0001F570\U0001F4CD]")
_HEADLINE_LABEL = re.compile(r"^(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+\s*|(?:หัวข้อ|หัวข้อข่าว|เรื่อง)\s*[:：]\s*)")


def _headline_lead(line: str) -> int:
    """How many characters at the start of a headline line are a mark or label (📌, หัวข้อ :)."""
    m = _HEADLINE_LABEL.match(line)
    return m.end() if m else 0


def _is_masthead(view: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether a short line above the headline belongs to the page's name block (its English
    name, where it is, a tagline): the next content line is longer, reads as a headline, and is
    followed by a blank line, a dateline or a byline (``จันท์ทูเดย์`` / ``ข่าวจันทบุรี ตราด ระยอง``
    / headline / lead)."""
    s, e = lines[i]
    if e - s > PUBLISHER_MAX:
        return False
    rest = [(a, b) for a, b in lines[i + 1:HEAD_LINES] if not is_skip_line(view[a:b])]
    if not rest:
        return False
    a, b = rest[0]
    nxt = view[a:b]
    if dateline_date(nxt) or _head_byline(view, view, a, b)[0] or not is_headline_like(nxt) \
            or not e - s < len(nxt) <= MASTHEAD_HEADLINE_MAX:
        return False
    after = rest[1] if len(rest) > 1 else None
    if after is None:
        return False
    closed = view[b:after[0]].count("\n") >= 2 or dateline_date(view[slice(*after)]) is not None \
        or _head_byline(view, view, *after)[0]
    return closed


def _wraps_headline(view: str, lines: list[tuple[int, int]], i: int, headline_span: tuple[int, int] | None) -> bool:
    """Whether ``lines[i]`` is the second line of a headline wrapped in two: right under it
    (no blank line between), headline-like, and closed by a blank line or a dateline."""
    if headline_span is None:
        return False
    s, e = lines[i]
    hs, he = headline_span
    if view[he:s].count("\n") != 1 or view[he:s].strip() or (e - hs) > HEADLINE_MAX:
        return False
    if i + 1 < len(lines) and view[e:lines[i + 1][0]].count("\n") < 2 \
            and dateline_date(view[slice(*lines[i + 1])]) is None:
        return False  # more lines follow without a break or a dateline: a paragraph, not a headline
    return is_headline_like(view[s:e]) and not _head_byline(view, view, s, e)[0]


def read_text(raw: str, *, published: dt.date | None = None, url: str | None = None) -> Article:
    """Read a plain-text post: head lines (dateline, publisher, headline), byline, zone.

    The head is walked line by line (see ``extractor.article_head``):
    datelines give ``published`` (the first one; one after the headline only
    when no other date was given, or when it repeats it — a different date
    under the headline is the event's own date line and opens the article);
    menus, breadcrumbs, section labels and hashtags are skipped; a short
    page or outlet name over a longer line is the publisher; the first
    other line is the headline; a byline right under it (``เขียนโดย X``)
    is kept as the reporter when the article's end gives none. The zone
    starts after the last head line.
    """
    body = clean_text(raw)
    view = normalize_view(body)
    lines = line_spans(view)
    art = Article(body=body, url=url, published=published)
    head_end = 0
    head_reporter: str | None = None
    wrapped = False
    for i, (s, e) in enumerate(lines[:HEAD_LINES]):
        line = view[s:e]
        if art.headline is not None and _CARD_LINE.match(line):
            break  # 🗓️ date / ⏰ time / 📍 place under the headline: the event's card, the article proper
        both = outlet_and_date(line) if art.headline is None and art.publisher is None else None
        if both is not None:  # สำนักข่าวX 14 มีนาคม 2568: the outlet and the posting date on one line
            art.publisher = both[0]
            art.published = art.published or both[1].date
            head_end = e
            continue
        dated = dateline_date(line)
        if dated is not None:
            if art.headline is not None and art.published is not None and dated.date != art.published:
                break  # a date line under the headline that is not the posting date: the event's
            if art.published is None:
                art.published = dated.date
            writer = dateline_writer(line)
            if writer:
                head_reporter = head_reporter or clean_reporter(writer)
            head_end = e
            continue
        if art.headline is not None and collapse_spaces(line) == collapse_spaces(view[slice(*art.headline_span)]):
            # the headline repeated (portals print it twice): read on for a dateline under it, but
            # leave the repeat in the zone, where it tells which paragraph the headline is about
            continue
        is_byline, writer = _head_byline(body, view, s, e)
        if is_skip_line(line) or (art.publisher is not None and art.headline is None
                                  and is_affiliation_line(line)) or (not is_byline and is_slash_category(line)):
            head_end = e
            continue
        if art.headline is None and art.publisher is None \
                and is_publisher_line(line, _next_content_line(view, lines, i)):
            art.publisher = publisher_name(collapse_spaces(body[s:e]))
            head_end = e
            continue
        tagged = outlet_with_tagline(line) if art.headline is None and art.publisher is None else None
        if tagged:
            art.publisher = collapse_spaces(tagged)
            head_end = e
            continue
        if art.headline is None and is_byline and re.search(r"[:：/]", line):
            head_reporter = head_reporter or writer  # a byline over the headline (รายงานโดย: X)
            head_end = e
            continue
        if art.headline is None and art.publisher is not None and _is_tagline(view, lines, i):
            head_end = e
            continue
        if art.headline is None and _is_masthead(view, lines, i):
            if art.publisher is None:  # โรงพยาบาลX / La-ngu Hospital · …: the page's name block
                art.publisher = publisher_name(collapse_spaces(body[s:e]))
            head_end = e
            continue
        if art.headline is None and len(line) >= 12:
            hs = s + _headline_lead(line)  # 📌 …, หัวข้อ : … — the mark or label is not the headline
            art.headline = collapse_spaces(body[hs:e])
            art.headline_span = (hs, e)
            head_end = e
            continue
        if art.headline is not None:
            if is_byline:
                head_reporter = head_reporter or writer
                head_end = e
                continue
            if not wrapped and _wraps_headline(view, lines, i, art.headline_span):
                wrapped = True
                hs = art.headline_span[0]  # type: ignore[index]
                art.headline = collapse_spaces(body[hs:e])
                art.headline_span = (hs, e)
                head_end = e
                continue
        break
    if art.published is None:  # no dateline in the head: one opening the lead (จันทบุรี 8 เม.ย.68 – …)
        first = next(((a, b) for a, b in lines if a >= head_end), None)
        opening = lead_dateline(view[first[0]:first[1]]) if first else None
        if opening is not None:
            art.published = opening.date
    furniture = _furniture_re().search(view, head_end)
    end = furniture.start() if furniture else len(body)
    reporter, byline_at = find_byline(body, view, [ln for ln in lines if ln[1] <= end], head_end)
    if byline_at is not None:
        art.reporter = reporter
        end = min(end, byline_at)
    if art.reporter is None:
        art.reporter = head_reporter
    art.zone = (head_end, end)
    if not body.strip():
        art.warnings.append("the article is empty")
    return art
