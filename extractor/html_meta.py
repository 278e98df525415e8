"""A page's metadata: headline, publication date, publisher and reporter.

Cheap steps before expensive ones; each step returns a value or None and the
first value wins (the shape of htmldate's ``core.py``):

published
    1. JSON-LD ``NewsArticle`` (or ``Article``/``BlogPosting``) ``datePublished``;
    2. ``<meta>``: ``article:published_time`` and its cousins;
    3. ``<time datetime>`` / ``itemprop=datePublished`` / ``abbr.published``
       nearest the headline;
    4. Thai dates written near the headline: first in elements whose class says
       they hold the date, then on datelines (a date and little else:
       ``วันเสาร์ที่ 12 พฤศจิกายน พ.ศ. 2565``, ``เผยแพร่: 10 พ.ย. 65``).

A timestamp with a time zone is read as the date in Thailand (UTC+7), so
``2022-11-11T18:30:00Z`` is 12 November.

headline
    the visible heading that matches the page's own title (JSON-LD
    ``headline``, ``og:title``, ``twitter:title``, ``<title>``); else that
    title without the site name; else the first real ``<h1>``, title-class
    element or bold line before the body.

publisher
    JSON-LD ``publisher.name``, ``og:site_name``, ``application-name``, or the
    part of ``<title>`` beside the headline (``ข่าว … | ชื่อเว็บ``).

reporter
    JSON-LD ``author`` (a Person), ``<meta name=author>`` — and, in
    ``article_html``, the body's ``…/รายงาน`` line before a "posted by"
    element, because a post's account is often an admin, not the writer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from .article import clean_reporter
from .html_scan import PageScan
from .lexicon import alternation, load_list, load_table
from .text import collapse_spaces, normalize_view
from .thaidate import BE_OFFSET, BE_THRESHOLD, find_dates, find_times

log = logging.getLogger(__name__)

#: Thailand's offset from UTC: a timestamp's date is the date in Thailand.
THAI_TZ = dt.timezone(dt.timedelta(hours=7))
#: JSON-LD types that describe the article itself.
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "LiveBlogPosting",
                           "SocialMediaPosting", "TechArticle", "ScholarlyArticle"})
#: <meta> keys (property, name or itemprop, lower case) of the publication date, best first.
DATE_META_KEYS = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                  "article.published", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
                  "dcterms.issued", "dc.date", "dcterms.created", "date", "sailthru.date", "parsely-pub-date",
                  "originalpublicationdate", "article_date_original", "cxenseparse:recs:publishtime")
TITLE_META_KEYS = ("og:title", "twitter:title", "dc.title", "headline", "title")
SITE_META_KEYS = ("og:site_name", "application-name", "al:android:app_name", "twitter:site")
AUTHOR_META_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")
#: Lines before and after the headline searched for a written posting date.
DATE_WINDOW_BEFORE = 8
DATE_WINDOW_AFTER = 14
#: How much may be left on a dateline besides its date, times, digits and dateline words.
DATELINE_REST = 6
#: Lines a headline may stand above the body's first line when only <title> vouches for it.
HEADLINE_MAX_GAP = 25

#: Separators between a headline and the site name in <title>: " | ", " - ", " :: ", and Blogger's "Blog: Post".
_TITLE_SEP = re.compile(r"\s+[|\-–—:»·•]+\s+|\s*\|\s*|\s*::+\s*|\s*»\s*|(?<=[^\s\d]):\s+")
_URL = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org|co\.th|go\.th|in\.th|ac\.th)\b", re.I)


@dataclass
class PageMeta:
    """What the page's markup says about the article; ``*_source`` names the step that found it."""

    headline: str | None = None
    headline_line: int | None = None
    headline_head: int | None = None
    headline_source: str | None = None
    published: dt.date | None = None
    published_source: str | None = None
    publisher: str | None = None
    reporter: str | None = None
    site_names: tuple[str, ...] = ()


# ---------------------------------------------------------------- structured sources


def _jsonld_objects(blocks: Iterable[str]) -> Iterable[dict[str, Any]]:
    """Every JSON object in the JSON-LD blocks, @graph members included."""
    for raw in blocks:
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except ValueError:
            log.debug("a JSON-LD block could not be parsed; skipped")
            continue
        todo = [data]
        while todo:
            item = todo.pop(0)
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    todo.append(item["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    return {str(x) for x in t} if isinstance(t, list) else {str(t)}


def jsonld_article(scan: PageScan) -> dict[str, Any] | None:
    """The JSON-LD object that describes the article, or None."""
    for obj in _jsonld_objects(scan.jsonld):
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return None


def meta_map(scan: PageScan) -> dict[str, str]:
    """``<meta>`` key (property, name or itemprop, lower case) → first non-empty content."""
    out: dict[str, str] = {}
    for m in scan.metas:
        content = (m.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = m.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content)
    return out


def _name_of(value: Any) -> str | None:
    """A name from a JSON-LD person/organization value (a string, an object or a list)."""
    if isinstance(value, list):
        for v in value:
            name = _name_of(v)
            if name:
                return name
        return None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return collapse_spaces(value)
    return None


def _person_of(value: Any) -> str | None:
    """A JSON-LD author's name when it is a person, not an organization."""
    items = value if isinstance(value, list) else [value]
    for v in items:
        if isinstance(v, dict) and _types(v) & {"Organization", "NewsMediaOrganization"}:
            continue
        name = _name_of(v)
        if name:
            return name
    return None


# ---------------------------------------------------------------- dates


def date_of_value(value: str) -> dt.date | None:
    """The date of a metadata value: an ISO timestamp (read in Thai time), else any written date."""
    value = value.strip()
    iso = value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        stamp = dt.datetime.fromisoformat(iso)
    except ValueError:
        stamp = None
    if stamp is not None:
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(THAI_TZ)
        day = stamp.date()
        if day.year > BE_THRESHOLD:  # 2565-11-12: a Buddhist-era year in an ISO date, as some Thai CMSs write
            day = day.replace(year=day.year - BE_OFFSET)
        return day
    for m in find_dates(value):
        if m.has_year and m.kind != "relative":
            return m.date
    return None


@lru_cache(maxsize=1)
def _dateline_words_re() -> re.Pattern[str]:
    return re.compile(alternation(load_list("html_dateline_words.txt")), re.I)


def _written_date(text: str, dateline_only: bool) -> dt.date | None:
    """The first dated (year-bearing) date of a line; with ``dateline_only``, only if the line is a dateline."""
    for m in find_dates(text):
        if not m.has_year or m.kind == "relative":
            continue
        if not dateline_only:
            return m.date
        rest = text[: m.start] + " " + text[m.end:]
        view = normalize_view(rest)
        for t in reversed(find_times(rest, view=view)):
            rest = rest[: t.start] + rest[t.end:]
        rest = _dateline_words_re().sub("", rest)
        rest = re.sub(r"[\s\d.,:;|/()\[\]\-–—•·@]+", "", rest)
        return m.date if len(rest) <= DATELINE_REST else None
    return None


def _in_furniture(furn: tuple[int, ...], live: set[int]) -> bool:
    return any(f in live for f in furn)


def _near_roles(scan: PageScan, role: str, anchor: int, live: set[int]) -> list[str]:
    """Texts of the page's ``role`` elements around ``anchor``: outside furniture first, then nearest
    (a site's top bar shows today's date, not the post's)."""
    found = [r for r in scan.roles if r[1] == role and -DATE_WINDOW_BEFORE <= r[0] - anchor <= DATE_WINDOW_AFTER]
    found.sort(key=lambda r: (_in_furniture(r[3], live), abs(r[0] - anchor), r[0] < anchor))
    return [r[2] for r in found]


def _near(scan: PageScan, anchor: int, live: set[int]) -> list[int]:
    """Line indices around ``anchor``: outside furniture first, nearest first, after before on a tie."""
    lo, hi = max(0, anchor - DATE_WINDOW_BEFORE), min(len(scan.lines), anchor + DATE_WINDOW_AFTER + 1)
    return sorted(range(lo, hi), key=lambda i: (_in_furniture(scan.lines[i].furniture, live), abs(i - anchor), i < anchor))


def published_structured(ld: dict[str, Any] | None, metas: dict[str, str]) -> tuple[dt.date | None, str | None]:
    """Steps 1–2: JSON-LD ``datePublished``, then the date <meta> tags."""
    if ld:
        for key in ("datePublished", "dateCreated"):
            val = ld.get(key)
            if isinstance(val, str) and (d := date_of_value(val)):
                return d, f"json-ld {key}"
    for key in DATE_META_KEYS:
        val = metas.get(key)
        if val and (d := date_of_value(val)):
            return d, f"meta {key}"
    return None, None


def published_in_page(scan: PageScan, anchor: int | None, live: set[int]) -> tuple[dt.date | None, str | None]:
    """Steps 3–4: machine-readable times near the headline, then Thai dates written near it.

    ``live`` is the page's furniture: a date there (a top bar's today, a sidebar's list) comes last.
    """
    at = anchor or 0
    strong = sorted((t for t in scan.times if t[2]), key=lambda t: (_in_furniture(t[3], live), abs(t[0] - at)))
    for _, value, _, _ in strong:
        if d := date_of_value(value):
            return d, "itemprop/time published"
    if anchor is None:
        return None, None
    weak = sorted((t for t in scan.times if not t[2] and -DATE_WINDOW_BEFORE <= t[0] - anchor <= DATE_WINDOW_AFTER),
                  key=lambda t: (_in_furniture(t[3], live), abs(t[0] - anchor)))
    for _, value, _, _ in weak:
        if d := date_of_value(value):
            return d, "time datetime"
    for text in _near_roles(scan, "date", anchor, live):
        if d := _written_date(text, False):
            return d, "date element"
    for i in _near(scan, anchor, live):
        ln = scan.lines[i]
        if len(ln.text) <= 160 and (d := _written_date(ln.text, True)):
            return d, "dateline"
    return None, None


def is_dateline(text: str) -> bool:
    """Whether a line is a posting date and little else (not a sentence that holds a date)."""
    return len(text) <= 160 and _written_date(text, True) is not None


# ---------------------------------------------------------------- headline


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold().strip("\"'“”‘’«»")


def titles_match(heading: str, title: str) -> bool:
    """Whether a visible heading is the page title (equal, or one holds the other nearly whole)."""
    h, t = _norm(heading), _norm(title)
    if not h or not t:
        return False
    if h == t:
        return True
    if h in t:
        return len(h) >= 0.5 * len(t) and len(h) >= 8  # the title adds the site name
    if t in h:
        return len(t) >= 0.7 * len(h)
    return False


def strip_site_name(title: str, site_names: Iterable[str]) -> str:
    """A page title without the site name written before or after it."""
    parts = [p for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    names = {_norm(s) for s in site_names if s}
    kept = [p for p in parts if _norm(p) not in names]
    if len(kept) == 1:
        return kept[0].strip()
    if len(kept) < len(parts):
        return " ".join(kept).strip()
    return max(parts, key=len).strip()  # no site name known: the longest part is the headline


def _heads(scan: PageScan, live_furniture: set[int]) -> list[tuple[int, str, str, bool, int]]:
    """(first line index, text, kind, in furniture, element id) of each heading/title element, in page order."""
    seen: dict[int, list[Any]] = {}
    for i, ln in enumerate(scan.lines):
        if ln.head_id is None:
            continue
        if ln.head_id in seen:
            seen[ln.head_id][1] += " " + ln.text
            continue
        seen[ln.head_id] = [i, ln.text, ln.head_kind or "class", any(f in live_furniture for f in ln.furniture),
                            ln.head_id]
    return [tuple(v) for v in seen.values()]  # type: ignore[misc]


def _near_body(i: int, body_start: int | None) -> bool:
    return body_start is None or body_start - HEADLINE_MAX_GAP <= i <= body_start + 3


def choose_headline(scan: PageScan, meta: PageMeta, titles: list[tuple[str, str]], live_furniture: set[int],
                    body_start: int | None) -> None:
    """Fill ``meta.headline`` (and where it stands) from the headings and the page's titles."""
    heads = _heads(scan, live_furniture)
    ordered = [h for h in heads if not h[3]] + [h for h in heads if h[3]]
    for src, title in titles:
        weak = src == "title"  # <title> often names only the site, like the logo: trust it near the body only
        for i, text, _kind, _furn, hid in ordered:
            if titles_match(text, title) and (not weak or _near_body(i, body_start)):
                meta.headline, meta.headline_line, meta.headline_head = text, i, hid
                meta.headline_source = f"heading matching {src}"
                return
        for i, ln in enumerate(scan.lines):
            if (len(ln.text) <= 300 and ln.link_density < 0.5 and titles_match(ln.text, title)
                    and (not weak or _near_body(i, body_start))):
                meta.headline, meta.headline_line, meta.headline_source = ln.text, i, f"line matching {src}"
                return
    if titles and titles[0][0] != "title":
        meta.headline = strip_site_name(titles[0][1], meta.site_names)
        meta.headline_source = titles[0][0]
        return
    before = body_start if body_start is not None else len(scan.lines)
    for want in ("h1", "class"):
        for i, text, kind, furn, hid in heads:
            if kind == want and not furn and len(text) >= 12 and i <= before:
                meta.headline, meta.headline_line, meta.headline_head = text, i, hid
                meta.headline_source = f"first {want} heading"
                return
    for i in range(min(before, len(scan.lines)) - 1, max(-1, before - 15), -1):
        ln = scan.lines[i]
        if (ln.emph_chars >= 0.8 * ln.chars and 12 <= len(ln.text) <= 250 and ln.link_density < 0.5
                and not any(f in live_furniture for f in ln.furniture) and not is_dateline(ln.text)):
            meta.headline, meta.headline_line, meta.headline_source = ln.text, i, "bold line before the body"
            return
    for i, text, kind, furn, hid in heads:
        if kind in ("h2", "h3") and not furn and len(text) >= 12 and i <= before:
            meta.headline, meta.headline_line, meta.headline_head = text, i, hid
            meta.headline_source = f"first {kind} heading"
            return
    if titles:
        meta.headline = strip_site_name(titles[0][1], meta.site_names)
        meta.headline_source = "title"


def page_titles(ld: dict[str, Any] | None, metas: dict[str, str], scan: PageScan) -> list[tuple[str, str]]:
    """(source, text) of the titles the page gives itself, most specific first."""
    out: list[tuple[str, str]] = []
    if ld and isinstance(ld.get("headline"), str) and ld["headline"].strip():
        out.append(("json-ld headline", collapse_spaces(ld["headline"])))
    for key in TITLE_META_KEYS:
        if metas.get(key):
            out.append((f"meta {key}", collapse_spaces(metas[key])))
    if scan.title:
        out.append(("title", scan.title))
    return out


# ---------------------------------------------------------------- publisher and reporter


def site_names(ld: dict[str, Any] | None, metas: dict[str, str]) -> tuple[str, ...]:
    """Names the page gives its site (JSON-LD publisher, og:site_name …), best first."""
    names: list[str] = []
    if ld and (name := _name_of(ld.get("publisher"))):
        names.append(name)
    for key in SITE_META_KEYS:
        val = metas.get(key)
        if val and not val.startswith("@"):
            names.append(collapse_spaces(val))
    return tuple(dict.fromkeys(names))


def publisher_from_title(title: str | None, headline: str | None) -> str | None:
    """The part of ``<title>`` beside the headline (``ข่าว … | ชื่อเว็บ`` → ``ชื่อเว็บ``), if short."""
    if not title or not headline:
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    rest = [p for p in parts if not titles_match(p, headline) and not titles_match(headline, p)]
    if len(rest) == len(parts) or not rest:
        return None
    name = rest[-1]
    return name if len(name) <= 60 else None


@lru_cache(maxsize=1)
def _byline_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(prefix before a name, words of a non-person) from ``data/html_byline_words.tsv``."""
    rows = load_table("html_byline_words.tsv")
    prefix = alternation([r["form"] for r in rows if r["role"] == "prefix"]).replace(r"\ ", r"\s+")
    other = alternation([r["form"] for r in rows if r["role"] == "not_person"])
    return re.compile(rf"^(?:{prefix})(?![A-Za-z])\s*[:：]?\s*", re.I), re.compile(other, re.I)


def reporter_name(raw: str | None, publisher_names: Iterable[str] = ()) -> str | None:
    """A writer's name from a byline value, or None when it names the site, a URL or a team."""
    if not raw:
        return None
    prefix, not_person = _byline_words()
    name = prefix.sub("", collapse_spaces(raw))
    if not name or _URL.search(name) or not_person.search(name):
        return None
    if any(_norm(name) == _norm(p) for p in publisher_names if p):
        return None
    return clean_reporter(name)


def reporter_structured(ld: dict[str, Any] | None, metas: dict[str, str], publishers: Iterable[str]) -> str | None:
    """The writer named by JSON-LD ``author`` (a person) or ``<meta name=author>``."""
    publishers = tuple(publishers)
    if ld and (name := reporter_name(_person_of(ld.get("author")), publishers)):
        return name
    for key in AUTHOR_META_KEYS:
        if (name := reporter_name(metas.get(key), publishers)):
            return name
    return None


def reporter_from_elements(scan: PageScan, anchor: int | None, publishers: Iterable[str],
                           live: set[int]) -> str | None:
    """The writer named in the byline element (``class="author"``) nearest the headline."""
    if anchor is None:
        return None
    publishers = tuple(publishers)
    for text in _near_roles(scan, "byline", anchor, live):
        name = reporter_name(text, publishers)
        if name and len(name) >= 3:
            return name
    return None
