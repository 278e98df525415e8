"""Is a fetched HTML page one article, or a listing, a section front or a static page?

``parse_html`` reads a page once: its links (``crawl_discovery.page_links``)
and the signals of an article: ``og:type``, JSON-LD ``NewsArticle`` (or a
list type), a publication date in the metadata, one long block of running
Thai text against link-heavy teaser lists, many ``<article>`` teasers.
``article_score`` weighs them, with what the URL looks like as a small hint
(``crawl_discovery.url_hint``): a page is an article at
``ARTICLE_THRESHOLD`` points or more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from .crawl_discovery import THAI_CHAR, Link, page_links, parse_date, url_hint
from .encoding import decode_html

__all__ = ["HtmlPage", "parse_html", "article_score", "is_article_page", "ARTICLE_THRESHOLD"]

#: Points from which a page counts as an article (see ``article_score``).
ARTICLE_THRESHOLD = 3

_ARTICLE_LD_TYPES = {"newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle",
                     "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report",
                     "liveblogposting", "socialmediaposting"}
_LISTING_LD_TYPES = {"collectionpage", "itemlist", "searchresultspage"}
_BOILERPLATE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select", "button",
                "iframe", "svg", "template")
_INLINE = frozenset({"b", "strong", "i", "em", "u", "span", "font", "small", "big", "mark", "sup", "sub", "abbr",
                     "cite", "q", "time", "br", "img", "wbr", "ins", "del", "s"})


@dataclass
class HtmlPage:
    """What the crawler reads off an HTML page: links and the signals of an article."""

    links: list[Link] = field(default_factory=list)
    canonical: Optional[str] = None
    og_type: Optional[str] = None
    ld_types: set[str] = field(default_factory=set)
    published: Optional[str] = None      # YYYY-MM-DD from page metadata
    best_block: int = 0                  # Thai letters in the largest block of running text
    link_ratio: float = 0.0              # share of the page's Thai letters that are inside links
    article_tags: int = 0


# --- reading a page ------------------------------------------------------------------------------


def _thai(s: Optional[str]) -> int:
    return len(THAI_CHAR.findall(s)) if s else 0


def _ld_types(obj: Any, out: set[str]) -> None:
    if isinstance(obj, list):
        for x in obj:
            _ld_types(x, out)
    elif isinstance(obj, dict):
        t = obj.get("@type")
        for name in (t if isinstance(t, list) else [t]):
            if isinstance(name, str):
                out.add(name.lower())
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in obj:
                _ld_types(obj[key], out)


def _ld_date(obj: Any) -> Optional[str]:
    if isinstance(obj, list):
        return next((d for d in map(_ld_date, obj) if d), None)
    if isinstance(obj, dict):
        if obj.get("datePublished"):
            return parse_date(str(obj["datePublished"]))
        if "@graph" in obj:
            return _ld_date(obj["@graph"])
    return None


def _best_block(body: Any) -> tuple[int, int, int]:
    """(Thai letters in the largest text block, Thai letters in all, Thai letters inside links)."""
    totals: dict[Any, int] = {}
    all_thai = 0
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _INLINE or tag == "a":
            continue
        own = _thai(el.text)
        for child in el:
            own += _thai(child.tail)
            if isinstance(child.tag, str) and child.tag in _INLINE:
                own += _thai(child.text_content())
        if not own:
            continue
        all_thai += own
        totals[el] = totals.get(el, 0) + own
        parent = el.getparent()
        if tag == "p" and parent is not None:  # paragraphs of one story sit side by side in one container
            totals[parent] = totals.get(parent, 0) + own
    in_links = sum(_thai(a.text_content()) for a in body.iter("a"))
    return max(totals.values(), default=0), all_thai + in_links, in_links


def _read_metadata(tree: Any, page: HtmlPage) -> None:
    """``og:type``, JSON-LD types and the publication date (meta, then JSON-LD, then ``<time>``)."""
    meta = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or "").lower()
        if key and m.get("content") is not None:
            meta.setdefault(key, m.get("content").strip())
    page.og_type = (meta.get("og:type") or "").lower() or None
    page.published = parse_date(meta.get("article:published_time") or meta.get("datepublished")
                                or meta.get("pubdate") or meta.get("date"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text, strict=False)
            except ValueError:
                continue
            _ld_types(data, page.ld_types)
            page.published = page.published or _ld_date(data)
    if page.published is None:
        t = tree.find(".//time[@datetime]")
        if t is not None:
            page.published = parse_date(t.get("datetime"))


def _read_text_shape(tree: Any, page: HtmlPage) -> None:
    """The largest block of running Thai text and the share of text in links; drops the page's furniture."""
    body_el = tree.find("body")
    if body_el is None:
        return
    page.article_tags = sum(1 for _ in body_el.iter("article"))
    for el in list(body_el.iter(*_BOILERPLATE)):
        if el.getparent() is not None:
            el.drop_tree()  # menus, sidebars and footers are not the story (links were read before)
    best, total, in_links = _best_block(body_el)
    page.best_block = best
    page.link_ratio = in_links / total if total else 0.0


def parse_html(body: bytes, content_type: str, url: str) -> HtmlPage:
    """Links (resolved, normalized) and article signals of an HTML page."""
    import lxml.html
    from lxml import etree

    text = decode_html(body, content_type or None).text
    if text.lstrip().startswith("<?xml"):
        text = text.split("?>", 1)[-1]  # lxml refuses a str that declares its own encoding
    page = HtmlPage()
    try:
        tree = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError):
        return page
    page.links, page.canonical = page_links(tree, url)  # first: reading the text shape drops menus
    _read_metadata(tree, page)
    _read_text_shape(tree, page)
    return page


# --- weighing the signals ------------------------------------------------------------------------


def article_score(page: HtmlPage, url: str) -> tuple[int, list[str]]:
    """How much a page looks like one article (>= ``ARTICLE_THRESHOLD``), with the reasons."""
    score, why = 0, []

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        why.append(f"{points:+d} {reason}")

    if page.og_type == "article":
        add(3, "og:type article")
    elif page.og_type in ("website", "blog", "profile"):
        add(-1, f"og:type {page.og_type}")
    if page.ld_types & _ARTICLE_LD_TYPES:
        add(3, "JSON-LD " + "/".join(sorted(page.ld_types & _ARTICLE_LD_TYPES)))
    elif page.ld_types & _LISTING_LD_TYPES:
        add(-2, "JSON-LD " + "/".join(sorted(page.ld_types & _LISTING_LD_TYPES)))
    if page.published:
        add(1, "a publication date in the metadata")
    if page.best_block >= 600:
        add(3, f"a {page.best_block}-letter block of Thai text")
    elif page.best_block >= 300:
        add(2, f"a {page.best_block}-letter block of Thai text")
    elif page.best_block >= 150:
        add(1, f"a {page.best_block}-letter block of Thai text")
    else:
        add(-2, f"no long Thai text (largest block {page.best_block} letters)")
    if page.link_ratio > 0.5:
        add(-2, f"{page.link_ratio:.0%} of the text is links")
    elif page.link_ratio > 0.35:
        add(-1, f"{page.link_ratio:.0%} of the text is links")
    elif page.link_ratio < 0.15 and page.best_block >= 150:
        add(1, f"running text with few links ({page.link_ratio:.0%})")
    if page.article_tags >= 3:
        add(-1, f"{page.article_tags} <article> elements (a list of teasers)")
    hint = url_hint(url)
    if hint == "article":
        add(1, "an article-like URL")
    elif hint == "listing":
        add(-2, "a listing-like URL")
    return score, why


def is_article_page(page: HtmlPage, url: str) -> bool:
    """Whether a parsed page is one article (rather than a listing, a section front or a static page)."""
    return article_score(page, url)[0] >= ARTICLE_THRESHOLD
