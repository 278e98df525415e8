"""Where a crawl finds URLs: the one spelling of a URL, the allowed hosts, and the links of
sitemaps, feeds and listing pages.

* ``normalize_url``: the key every URL is stored under (``with_scheme``
  reads a START_URL typed without one); ``HostScope``: the hosts a crawl
  may fetch.
* ``url_hint`` / ``skip_url`` / ``url_date``: what a URL looks like, before
  fetching it (only a hint: whether a page is an article is decided from the
  page, see ``crawl_detect``).
* ``parse_feed_or_sitemap``: a sitemap, sitemap index (a ``.gz`` one is
  unpacked by the crawler first), plain-text sitemap, RSS or Atom feed as
  ``Link``\\ s; ``page_links``: the links, pagination and feed links of an
  HTML page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import quote, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

from .fetch import XML_TYPES

__all__ = ["Link", "HostScope", "normalize_url", "with_scheme", "host_key", "url_hint", "skip_url", "url_date",
           "parse_date", "parse_xml", "parse_text_sitemap", "parse_feed_or_sitemap", "page_links", "THAI_CHAR"]

#: One Thai character (letters, vowels, tone marks, digits).
THAI_CHAR = re.compile("[\u0e00-\u0e7f]")

# --- URLs ----------------------------------------------------------------------------------------

_TRACKING_PARAM = re.compile(r"^(?:utm_\w*|fbclid|gclid|dclid|mc_cid|mc_eid|_ga)$", re.I)
_PCT = re.compile(r"%[0-9a-fA-F]{2}")
_OTHER_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)")  # mailto:, ftp: ... but not host:8080


def _requote(part: str) -> str:
    """Percent-encode what must be (raw Thai, spaces) and upper-case existing escapes: one spelling per URL."""
    return _PCT.sub(lambda m: m.group(0).upper(), quote(part, safe="/%:@!$&'()*+,;=~[]"))


def normalize_url(url: str, base: Optional[str] = None) -> Optional[str]:
    """The one spelling of a URL the crawl keys on, or None if it is not an http(s) URL.

    Lower-case scheme and host, no default port, no fragment, no ``utm_*``
    (and other click-tracking) parameters, query parameters sorted, path
    percent-encoded one way (``/ข่าว`` and ``/%e0%b8%82...`` are the same).
    """
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"  # IPv6
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    pairs = [p for p in parts.query.split("&") if p and not _TRACKING_PARAM.match(unquote_plus(p.split("=", 1)[0]))]
    query = "&".join(sorted(_requote(p) for p in pairs))
    return urlunsplit((scheme, netloc, _requote(parts.path or "/"), query, ""))


def with_scheme(raw: str) -> str:
    """A START_URL as typed, with ``https://`` added when it has none: ``news.example/local`` means the site."""
    raw = raw.strip()
    return raw if "//" in raw or _OTHER_SCHEME.match(raw) else "https://" + raw


def host_key(netloc: str) -> str:
    """A host as the allow-list compares it: lower case, without a leading ``www.``."""
    netloc = netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


class HostScope:
    """The hosts a crawl may fetch: the start hosts (with or without ``www.``) plus extra ones."""

    def __init__(self, start_urls: Iterable[str], extra: Iterable[str] = ()) -> None:
        self.keys = {host_key(urlsplit(u).netloc) for u in start_urls}
        for h in extra:
            h = h.strip()
            self.keys.add(host_key(urlsplit(h).netloc if "//" in h else h.split("/", 1)[0]))

    def allows(self, url: str) -> bool:
        """Whether ``url`` is on an allowed host."""
        return host_key(urlsplit(url).netloc) in self.keys


# --- what a URL looks like -----------------------------------------------------------------------

# Only a hint (priority, and which links are followed): whether a page is an article is decided
# from the page.
_ARTICLE_URL = [re.compile(p, re.I) for p in (
    r"/(?:19|20)\d{2}/[01]?\d/(?:[0-3]?\d/)?[^/?#]{3,}",          # /2023/08/12/slug, /2023/08/slug
    r"/(?:news|article|articles|content|contents|story|stories|detail|details|view|read|post|posts|blog)"
    r"/(?:[^/?#]+/)*[^/?#]*\d{3,}",                                  # /news/123456, /news/local/123456
    r"[?&](?:p|id|nid|aid|newsid|news_id|articleid|article_id|contentid|content_id|story_id)=\d+",
    r"/\d{5,}(?:[/-][^/?#]*)?/?$",                                  # /123456, /123456-slug
)]
_LISTING_URL = [re.compile(p, re.I) for p in (
    r"/page/\d+/?$",
    r"[?&](?:page|paged|pg|start|offset)=\d+",
    r"/(?:category|categories|cat|tag|tags|section|sections|topic|topics|archive|archives|author)(?:/|$|\.)",
    r"/(?:19|20)\d{2}/(?:[01]?\d/?)?$",                             # date archives /2023/, /2023/08/
)]
_SKIP_URL = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|tiff?|pdf|docx?|xlsx?|pptx?|odt|zip|rar|7z|tar|gz|bz2|mp3|m4a|wav|"
    r"ogg|mp4|m4v|avi|mov|wmv|flv|webm|css|js|json|woff2?|ttf|eot|exe|apk|dmg|iso)$"
    r"|/(?:wp-admin|wp-login\.php|wp-json|xmlrpc\.php|login|logout|signin|signup|register|cart|checkout|"
    r"my-account|cdn-cgi)(?:/|$)", re.I)
_SKIP_QUERY = re.compile(r"(?:^|&)(?:s|q|search|replytocom|share|print|action|amp)=", re.I)
_FEED_URL = re.compile(r"/(?:feed|rss|atom)(?:/|\.xml|$)|\.(?:rss|atom)$|(?:^|&)feed=(?:rss2?|atom)", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/([01]?\d)/(?:([0-3]?\d)/)?")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?)$", re.I)
_SLUG_WORDS = re.compile(r"[-_]")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def url_hint(url: str) -> str:
    """What a URL looks like: ``article``, ``listing``, ``feed`` or ``other``."""
    parts = urlsplit(url)
    path, query = parts.path, parts.query
    if _FEED_URL.search(path) or _FEED_URL.search(query):
        return "feed"
    if any(p.search(path + ("?" + query if query else "")) for p in _LISTING_URL):
        return "listing"
    if any(p.search(path + ("?" + query if query else "")) for p in _ARTICLE_URL):
        return "article"
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    stem = _PAGE_SUFFIX.sub("", last)
    # a long slug: several words, or a Thai title (WordPress sites often use the Thai headline)
    if len(_SLUG_WORDS.split(stem)) >= 4 or len(THAI_CHAR.findall(stem)) >= 12:
        return "article"
    return "other"


def skip_url(url: str) -> bool:
    """Links never worth a request: files that are not pages, logins, search and share links."""
    parts = urlsplit(url)
    return bool(_SKIP_URL.search(parts.path) or _SKIP_QUERY.search(parts.query))


def url_date(url: str) -> Optional[str]:
    """The latest day a URL's ``/YYYY/MM/(DD/)`` can stand for, as YYYY-MM-DD, or None."""
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return None
    day = int(m.group(3)) if m.group(3) else calendar.monthrange(year, month)[1]
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: Optional[str]) -> Optional[str]:
    """A date from a sitemap/feed/meta value (ISO 8601 or RFC 822) as YYYY-MM-DD, or None.

    The day is taken as written, in the value's own time zone: not
    ``html_meta.date_of_value``, which moves a timestamp to Thai time (the
    record's date), while this one only sorts and filters URLs for ``--since``.
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO_DAY.match(value)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.date().isoformat() if when else None


# --- sitemaps and feeds --------------------------------------------------------------------------


@dataclass
class Link:
    """A URL found on a page, with what it is expected to be."""

    url: str
    kind: str = "page"            # page | sitemap | feed
    hint: str = "other"           # article | listing | other
    date: Optional[str] = None    # YYYY-MM-DD known from where it was found
    listed: bool = False          # from a sitemap or feed: followed whatever its depth


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: Any, *names: str) -> Optional[str]:
    for child in el.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_xml(body: bytes) -> Optional[tuple[str, list[Link]]]:
    """A sitemap, sitemap index or RSS/Atom feed: ``("sitemap"|"feed", links)``; None if it is none of them."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    top = _local(root.tag)
    links: list[Link] = []
    if top == "sitemapindex":
        for sm in root:
            loc = _child_text(sm, "loc")
            if loc:
                links.append(Link(loc, kind="sitemap", date=parse_date(_child_text(sm, "lastmod")), listed=True))
        return "sitemap", links
    if top == "urlset":
        for u in root:
            loc = _child_text(u, "loc")
            if loc:
                date = parse_date(_child_text(u, "publication_date")) or parse_date(_child_text(u, "lastmod"))
                links.append(Link(loc, hint="article", date=date, listed=True))
        return "sitemap", links
    if top in ("rss", "rdf"):
        for item in (el for el in root.iter() if _local(el.tag) == "item"):
            loc = _child_text(item, "link")
            if not loc:
                guid = next((g for g in item if _local(g.tag) == "guid"), None)
                if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text:
                    loc = guid.text.strip()
            if loc:
                links.append(Link(loc, hint="article", listed=True,
                                  date=parse_date(_child_text(item, "pubdate", "date"))))
        return "feed", links
    if top == "feed":
        for entry in (el for el in root if _local(el.tag) == "entry"):
            href = None
            for ln in entry:
                if _local(ln.tag) == "link" and ln.get("rel", "alternate") == "alternate" and ln.get("href"):
                    href = ln.get("href")
                    break
            if href:
                links.append(Link(href, hint="article", listed=True,
                                  date=parse_date(_child_text(entry, "published", "updated"))))
        return "feed", links
    return None


def parse_text_sitemap(text: str) -> list[Link]:
    """A plain-text sitemap: one URL per line."""
    return [Link(line.strip(), hint="article", listed=True) for line in text.splitlines()
            if line.strip().startswith(("http://", "https://"))]


def parse_feed_or_sitemap(body: bytes, mime: str, kind: str) -> Optional[tuple[str, list[Link]]]:
    """``("sitemap"|"feed", links)`` when ``body`` is a sitemap or feed, else None (an HTML page, say).

    ``mime`` is the response's media type (lower case, no parameters) and
    ``kind`` what the URL was queued as (``page``, ``sitemap`` or ``feed``):
    an XML declaration, an XML type, or a sitemap/feed URL that does not
    answer with HTML is read as XML; a sitemap that is not XML is read as a
    plain-text list of URLs.
    """
    head = body[:512].lstrip()
    looks_html = head.lower().startswith((b"<!doctype html", b"<html"))
    if not (head.startswith(b"<?xml") or (mime in XML_TYPES and mime != "text/plain")
            or (kind in ("sitemap", "feed") and not looks_html)):
        return None
    parsed = parse_xml(body) if mime != "text/plain" else None
    if parsed is None and kind == "sitemap":
        links = parse_text_sitemap(body.decode("utf-8", errors="replace"))
        parsed = ("sitemap", links) if links else None
    return parsed


# --- links of HTML pages -------------------------------------------------------------------------

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def page_links(tree: Any, url: str) -> tuple[list[Link], Optional[str]]:
    """The links of a parsed HTML page (resolved against ``<base>``, normalized) and its canonical URL.

    ``rel=next`` (pagination) is a listing whatever its URL looks like;
    ``<link rel=alternate>`` to RSS/Atom is a feed.
    """
    links: list[Link] = []
    canonical: Optional[str] = None
    base_el = tree.find(".//base[@href]")
    base = urljoin(url, base_el.get("href")) if base_el is not None else url

    for a in tree.iter("a", "area"):
        href = a.get("href")
        if href and not href.startswith(("#", "mailto:", "javascript:", "tel:")):
            target = normalize_url(href, base)
            if target:
                rel = (a.get("rel") or "").lower().split()
                hint = "listing" if "next" in rel else url_hint(target)
                links.append(Link(target, kind="feed" if hint == "feed" else "page", hint=hint))
    for ln in tree.iter("link"):
        rel = (ln.get("rel") or "").lower().split()
        href = ln.get("href")
        if not href:
            continue
        target = normalize_url(href, base)
        if not target:
            continue
        if "next" in rel:
            links.append(Link(target, hint="listing"))
        elif "alternate" in rel and (ln.get("type") or "").lower() in _FEED_TYPES:
            links.append(Link(target, kind="feed", hint="feed"))
        elif "canonical" in rel:
            canonical = target
    return links, canonical
