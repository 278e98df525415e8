"""An HTML news page → ``Article``: headline, publication date, byline, clean body.

The steps, one module each:

* ``encoding`` — bytes to text (header, BOM, ``<meta charset>``, detection;
  labels that lie are overruled);
* ``html_scan`` — one parse and one walk: the page's text as lines, with the
  markup's hints (furniture, date/byline/title elements, ``<meta>``, JSON-LD);
* ``html_body`` — which lines are the article;
* ``html_meta`` — headline, publication date, publisher, reporter.

What the Article holds:

* ``body`` is the article text only, one paragraph, list item or
  ``<br>``-separated line per line. The headline is **not** put at its top:
  the heading element the headline was read from is left out. When the
  article's own text repeats the headline as its first line (bloggers often
  open the post with it) that line stays, and ``headline_span`` points at it;
  otherwise ``headline_span`` is None.
* ``zone`` is the body without a dateline or headline line at its top and
  without the byline line at its end, as for plain text.
* ``warnings`` say when the page could not be fully decoded or had no text.
"""

from __future__ import annotations

import logging
from typing import Mapping

from bs4 import Tag

from .article import Article, find_byline, line_spans
from .encoding import content_type_of, decode_html, display_name
from .html_body import pick_body
from .html_meta import (PageMeta, is_dateline, jsonld_article, meta_map, page_titles, publisher_from_title,
                        published_in_page, published_structured, reporter_from_elements, reporter_name,
                        reporter_structured, site_names, titles_match, choose_headline)
from .html_scan import Line, scan_page
from .text import clean_text, collapse_spaces, normalize_view

log = logging.getLogger(__name__)

#: Table cells: those of one row are read as one line.
CELL_TAGS = frozenset({"td", "th"})
#: How far above a line's own element its table cell is looked for (<td><p>…</p></td>).
CELL_DEPTH = 3
#: Lines at the top of the body that may be a dateline or the headline repeated.
HEAD_LINES = 3
#: Lines at the end of the body searched for a byline (``…/รายงาน``, ``ข่าว/ภาพ: …``).
BYLINE_LINES = 3


def read_html(raw: str | bytes, *, url: str | None = None, content_type: str | None = None,
              headers: Mapping[str, str] | None = None) -> Article:
    """Read a news page (HTML as bytes or text) into an Article.

    ``content_type`` (or ``headers``, whose Content-Type is used) is the HTTP
    header the page came with; its charset is the first word on the page's
    encoding, checked against the bytes (see ``extractor.encoding``).
    """
    warnings: list[str] = []
    if isinstance(raw, bytes):
        decoded = decode_html(raw, content_type or content_type_of(headers))
        html = decoded.text
        for w in decoded.warnings:
            log.debug("%s: %s", url or "<page>", w)
        bad = html.count("\ufffd")
        if bad:
            warnings.append(f"{bad} characters of the page could not be decoded as {display_name(decoded.encoding)} "
                            "and were replaced; check the page's encoding")
    else:
        html = raw
    scan = scan_page(html)
    ld = jsonld_article(scan)
    metas = meta_map(scan)
    meta = PageMeta(site_names=site_names(ld, metas))
    meta.published, meta.published_source = published_structured(ld, metas)
    pick = pick_body(scan)
    body_start = pick.indices[0] if pick.indices else None
    choose_headline(scan, meta, page_titles(ld, metas, scan), pick.live_furniture, body_start)
    indices = [i for i in pick.indices
               if i != meta.headline_line and (meta.headline_head is None or scan.lines[i].head_id != meta.headline_head)]
    anchor = meta.headline_line if meta.headline_line is not None else body_start
    if meta.published is None:
        meta.published, meta.published_source = published_in_page(scan, anchor, pick.live_furniture)
    meta.publisher = meta.site_names[0] if meta.site_names else publisher_from_title(scan.title, meta.headline)
    publishers = (meta.publisher, *meta.site_names)
    meta.reporter = reporter_structured(ld, metas, publishers)
    log.debug("%s: headline from %s, published from %s", url or "<page>", meta.headline_source,
              meta.published_source)

    body = clean_text(_join_lines([scan.lines[i] for i in indices]))
    art = Article(body=body, headline=collapse_spaces(meta.headline) if meta.headline else None,
                  published=meta.published, publisher=meta.publisher, url=url, warnings=warnings)
    _set_zone(art, meta, publishers)
    if art.reporter is None:
        art.reporter = reporter_from_elements(scan, anchor, publishers, pick.live_furniture)
    if not body.strip():
        art.warnings.append("no article text was found on the page")
    return art


def _join_lines(lines: list[Line]) -> str:
    """The body text: one line per line, but the cells of one table row on one line (a schedule's
    ``08.30 น. ลงทะเบียน``); a layout table's cells never meet here, as only one is the article."""
    out: list[str] = []
    prev_cell = None
    for ln in lines:
        cell = _cell_of(ln)
        same_row = (cell is not None and prev_cell is not None and cell is not prev_cell
                    and cell.parent is prev_cell.parent)
        out.append((" " if same_row else "\n") + ln.text if out else ln.text)
        prev_cell = cell
    return "".join(out)


def _cell_of(ln: Line) -> Tag | None:
    """The table cell holding a line (its own element or one a little above it), if any."""
    el = ln.owner
    for _ in range(CELL_DEPTH):
        if el is None or el.name in ("tr", "table", "body"):
            return None
        if el.name in CELL_TAGS:
            return el
        el = el.parent
    return None


def _set_zone(art: Article, meta: PageMeta, publishers: tuple[str | None, ...]) -> None:
    """Zone, headline span and body byline: a dateline/headline line on top and a byline at the end stay out."""
    body = art.body
    view = normalize_view(body)
    spans = line_spans(view)
    start = 0
    for s, e in spans[:HEAD_LINES]:
        line = body[s:e]
        if art.headline and art.headline_span is None and titles_match(line, art.headline) \
                and len(collapse_spaces(line)) <= len(art.headline) + 4:
            art.headline_span = (s, e)
            start = e
        elif is_dateline(line):
            start = e
        else:
            break
    end = len(body)
    tail = [sp for sp in spans[-BYLINE_LINES:] if sp[0] >= start]
    reporter, byline_at = find_byline(body, view, tail, start)
    if byline_at is not None:
        end = byline_at
        if meta.reporter is None:
            meta.reporter = reporter_name(reporter, [p for p in publishers if p]) if reporter else None
    art.reporter = meta.reporter
    art.zone = (start, max(start, end))
