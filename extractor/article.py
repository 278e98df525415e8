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

from .lexicon import load_list, load_table
from .text import clean_text, collapse_spaces, normalize_view
from .thaidate import find_dates

#: How many non-empty lines at the top may be head lines (dateline, publisher, headline).
HEAD_LINES = 8
#: A furniture heading line has at most this many characters after its cue word.
FURNITURE_TAIL = 40
#: A byline is among the last lines of the article (a photo credit or a date may follow it);
#: a "โดย…" line higher up is a sentence of the article.
BYLINE_TAIL = 6
#: Longer than this, a byline's writer that is not a person's name is a sentence.
BYLINE_NAME_MAX = 40
#: Lines that look like "โดย X" but are sentences: โดยมี… lists who was there, and a line
#: ending in ดังนี้/ว่า introduces what follows.
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


@lru_cache(maxsize=1)
def _publisher_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(c) for c in load_list("publisher_cues.txt")))


def _lines(view: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``view``, trimmed."""
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


def _is_dateline(line: str) -> bool:
    """A line that is a date and little else (a posting date, not a sentence)."""
    found = find_dates(line)
    if not found:
        return False
    rest = line[: found[0].start] + line[found[0].end:]
    return len(re.sub(r"[\s,|:\-–]|เผยแพร่|โพสต์|วันที่|ปรับปรุง|เมื่อ", "", rest)) <= 6


def clean_reporter(name: str) -> str | None:
    """A byline's writer, without the province suffix glued to it or trailing marks."""
    name = collapse_spaces(name)
    name = re.sub(r"\s*(?:จ\.|จังหวัด)\s*\S+$", "", name)  # สุพจน์ วรสหวัฒน์จ.ราชบุรี
    name = re.sub(r"\s*(?:ผู้สื่อข่าว.*|\(.*\))$", "", name).strip(" :/-")
    if not name or len(name) > 60 or re.search(r"สำนักงาน|กลุ่ม|ฝ่าย|ส่วน|กอง|งาน", name[:8]):
        return None  # an office or group is not a reporter
    return name


def find_byline(body: str, view: str, lines: list[tuple[int, int]], start_at: int) -> tuple[str | None, int | None]:
    """The reporter and the offset of the byline line, scanning the article's last lines."""
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
                return reporter, s
    return None, None


def read_text(raw: str, *, published: dt.date | None = None, url: str | None = None) -> Article:
    """Read a plain-text post: head lines (dateline, publisher, headline), byline, zone."""
    body = clean_text(raw)
    view = normalize_view(body)
    lines = _lines(view)
    art = Article(body=body, url=url, published=published)
    head_end = 0
    for i, (s, e) in enumerate(lines[:HEAD_LINES]):
        line = view[s:e]
        if _is_dateline(line):
            if art.published is None:
                art.published = find_dates(line)[0].date
            head_end = e
            continue
        if line.strip() in {"พิมพ์", "Print", "print"}:
            head_end = e
            continue
        if art.headline is None and art.publisher is None and len(line) < 80 and _publisher_re().search(line):
            art.publisher = collapse_spaces(body[s:e])
            head_end = e
            continue
        if art.headline is None and len(line) >= 12:
            art.headline = collapse_spaces(body[s:e])
            art.headline_span = (s, e)
            head_end = e
            continue
        break
    furniture = _furniture_re().search(view, head_end)
    end = furniture.start() if furniture else len(body)
    reporter, byline_at = find_byline(body, view, [ln for ln in lines if ln[1] <= end], head_end)
    if byline_at is not None:
        art.reporter = reporter
        end = min(end, byline_at)
    art.zone = (head_end, end)
    if not body.strip():
        art.warnings.append("the article is empty")
    return art
