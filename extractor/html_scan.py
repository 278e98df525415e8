"""One pass over a page: its text as lines, each with what the markup says about it.

``scan_page`` parses the page once (BeautifulSoup on lxml) and walks the tree
once, iteratively (old portals nest unclosed ``<font>`` tags hundreds deep).
Every block element, ``<br>`` and furniture element starts a new line; a line
keeps the element that holds its text (``owner``) and counts of its
characters — all of them, those inside links and those in bold — so the body
heuristics never split Thai (which has no spaces between words) into words.

The walk also marks, without deciding yet:

* furniture — elements whose tag (``nav``, ``aside`` …) or class/id token
  (``data/html_boilerplate.txt``) says they are not article text;
* roles — date, byline and title elements (``data/html_class_roles.tsv``);
* the ``<meta>`` tags, ``<title>``, ``<time datetime>`` and
  ``itemprop=datePublished`` values, and the JSON-LD blocks.

Scripts, styles, inline SVG icons and comments are cut from the markup with one regex before
parsing, which halves the parse time of a typical news page; JSON-LD blocks
are kept aside on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from .lexicon import load_list, load_table

#: Elements that start and end a line.
BLOCK_TAGS = frozenset("""
address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure
footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section summary table tbody
td tfoot th thead tr ul caption marquee legend
""".split())
#: Paragraph-like elements: their score counts fully for their parent too.
PARA_TAGS = frozenset("p li h2 h3 h4 h5 h6 blockquote pre dd td".split())
#: Elements whose content is never text of the page.
SKIP_TAGS = frozenset("""
script style noscript template iframe object embed svg canvas select option button input textarea
map audio video picture source head
""".split())
#: Elements that are page furniture by their tag alone.
FURNITURE_TAGS = frozenset("nav aside footer header form menu dialog figcaption marquee".split())
#: Elements that are never furniture, whatever their class says (WordPress puts the
#: post's tags, e.g. "tag-ads", on <article> and the layout, e.g. "sidebar-right", on <body>).
NEVER_FURNITURE = frozenset("html body main article".split())
#: A date/byline element with more text than this is not one (an <article class="author-x node-published">).
ROLE_MAX_CHARS = 200
#: A heading or title element with more text than this is not one (Drupal's "block-without-title").
HEAD_MAX_CHARS = 300
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
EMPH_TAGS = frozenset("b strong big".split())

#: Where a cut starts: an element whose content is never text, or a comment.
_CUT_OPEN = re.compile(r"<(script|style|noscript|svg)\b([^>]*)>|<!--", re.I)
#: Where each cut ends; a cut that never ends runs to the end of the page, as a browser reads it.
_CUT_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "svg")}
_COMMENT_CLOSE = re.compile(r"-->")
_LD_JSON = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.I)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
#: Class values that describe the post's taxonomy or a screen size, not the element's role.
_IGNORED_CLASS = re.compile(r"^(?:tag|category|cat|label|topic|postid|format|(?:hidden|visible)-(?:xs|sm|md|lg|xl))[-_]",
                            re.I)
_WS = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NUMBERED = re.compile(r"\s*[(]?[0-9\u0e50-\u0e59]{1,3}\s*[.)]")
_SKIP_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)


@lru_cache(maxsize=1)
def furniture_tokens() -> frozenset[str]:
    """Class/id tokens of page furniture (``data/html_boilerplate.txt``)."""
    return frozenset(t.lower() for t in load_list("html_boilerplate.txt"))


@lru_cache(maxsize=1)
def never_article_tokens() -> frozenset[str]:
    """Furniture tokens whose elements stay furniture however much text they hold (``html_never_article.txt``)."""
    return frozenset(t.lower() for t in load_list("html_never_article.txt"))


@lru_cache(maxsize=1)
def role_tokens() -> dict[str, str]:
    """Class/id token → role (date, byline, title) from ``data/html_class_roles.tsv``."""
    return {r["token"].lower(): r["role"] for r in load_table("html_class_roles.tsv") if r["role"] != "hidden"}


@lru_cache(maxsize=1)
def hidden_classes() -> frozenset[str]:
    """Whole class values that hide an element (``sr-only``, ``screen-reader-text`` …)."""
    return frozenset(r["token"].lower() for r in load_table("html_class_roles.tsv") if r["role"] == "hidden")


def _classes(tag: Tag) -> list[str]:
    """A tag's class values (the soup keeps ``class`` as one string: splitting only where needed is faster)."""
    cls = tag.get("class")
    if not cls:
        return []
    return cls.split() if isinstance(cls, str) else list(cls)


def class_tokens(tag: Tag) -> list[str]:
    """Lower-case tokens of a tag's class and id, trailing digits cut (``Sidebar1`` → ``sidebar``)."""
    values = [c for c in _classes(tag) if not _IGNORED_CLASS.match(c)]
    ident = tag.get("id")
    if ident:
        values.append(str(ident))
    out = []
    for v in values:
        for tok in _TOKEN_SPLIT.split(v.lower()):
            tok = tok.rstrip("0123456789")
            if tok:
                out.append(tok)
    return out


def nonspace_len(text: str) -> int:
    """Characters that are not whitespace (NBSP included): the unit every count here uses."""
    return sum(map(len, text.split()))


@dataclass
class Line:
    """One line of page text and what the markup says about it."""

    text: str
    owner: Tag
    chars: int
    link_chars: int = 0
    emph_chars: int = 0
    #: ids of the furniture elements around the line, outermost first.
    furniture: tuple[int, ...] = ()
    #: the innermost date/byline element around it and its role, when most of the line is in it.
    role_id: int | None = None
    role: str | None = None
    #: the heading (h1–h6) or title-class element holding most of the line.
    head_id: int | None = None
    head_kind: str | None = None

    @property
    def link_density(self) -> float:
        """Share of the line's characters inside links."""
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass
class PageScan:
    """Everything one walk over a page collects."""

    lines: list[Line]
    metas: list[dict[str, str]] = field(default_factory=list)
    title: str | None = None
    jsonld: list[str] = field(default_factory=list)
    #: (line index, value, strong, furniture ids around it) of <time datetime>, itemprop=datePublished
    #: and abbr.published; strong means the markup says it is the publication date.
    times: list[tuple[int, str, bool, tuple[int, ...]]] = field(default_factory=list)
    #: furniture element id → element.
    furniture: dict[int, Tag] = field(default_factory=dict)
    #: ids of furniture that may never be overruled (comment threads).
    hard_furniture: set[int] = field(default_factory=set)
    #: date/byline elements in page order: (line index where its text starts, role, its own text,
    #: furniture ids around it); text of a role element nested inside goes to the inner one.
    roles: list[tuple[int, str, str, tuple[int, ...]]] = field(default_factory=list)
    #: heading/title element id → (element, kind) where kind is h1…h6 or "class".
    heads: dict[int, tuple[Tag, str]] = field(default_factory=dict)
    lang: str | None = None


def cut_markup(html: str) -> tuple[str, list[str]]:
    """The page without scripts, styles, inline SVG and comments, and its JSON-LD blocks.

    One pass from left to right (each cut's end is searched once, from its
    start), so a page full of unclosed ``<script`` tags still costs linear time.
    """
    jsonld: list[str] = []
    out: list[str] = []
    pos = 0
    while True:
        m = _CUT_OPEN.search(html, pos)
        if m is None:
            out.append(html[pos:])
            break
        out.append(html[pos:m.start()])
        name = (m.group(1) or "").lower()
        close = (_CUT_CLOSE[name] if name else _COMMENT_CLOSE).search(html, m.end())
        end = close.start() if close else len(html)
        if name == "script" and _LD_JSON.search(m.group(2) or ""):
            jsonld.append(html[m.end():end])
        if close is None:
            break
        pos = close.end()
    return "".join(out), jsonld


class _LineBuilder:
    """The line being read and the lines done."""

    __slots__ = ("lines", "parts", "owner", "chars", "link", "emph", "furn", "role_id", "role", "role_chars",
                 "head_id", "head_kind", "head_chars", "prefix", "role_texts")

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.prefix = ""
        #: role element id → [line index, role, text parts, furniture ids around it]
        self.role_texts: dict[int, list] = {}
        self._reset()

    def _reset(self) -> None:
        self.parts: list[str] = []
        self.owner: Tag | None = None
        self.chars = self.link = self.emph = self.role_chars = self.head_chars = 0
        self.furn: tuple[int, ...] = ()
        self.role_id: int | None = None
        self.role: str | None = None
        self.head_id: int | None = None
        self.head_kind: str | None = None

    def add(self, text: str, st: "_State") -> None:
        n = nonspace_len(text)
        if not self.parts:
            if not n:
                return  # whitespace between blocks
            self.owner, self.furn = st.owner, st.furn
            if self.prefix:
                if not _NUMBERED.match(text):  # "1. …" typed into the item: keep the writer's number
                    self.parts.append(self.prefix)
                self.prefix = ""
        self.parts.append(text)
        self.chars += n
        if st.link:
            self.link += n
        if st.emph:
            self.emph += n
        if st.role_id is not None:
            entry = self.role_texts.get(st.role_id)
            if entry is None:
                self.role_texts[st.role_id] = [len(self.lines), st.role, [text], st.furn]
            else:
                entry[2].append(text)
            if self.role_id is None:
                self.role_id, self.role = st.role_id, st.role
            self.role_chars += n
        if st.head_id is not None:
            if self.head_id is None:
                self.head_id, self.head_kind = st.head_id, st.head_kind
            self.head_chars += n

    def flush(self) -> None:
        if self.parts and self.chars:
            text = _WS.sub(" ", "".join(self.parts)).strip(" \u00a0")
            if text:
                half = self.chars / 2
                self.lines.append(Line(
                    text, self.owner, self.chars, self.link, self.emph, self.furn,  # type: ignore[arg-type]
                    self.role_id if self.role_chars > half else None, self.role if self.role_chars > half else None,
                    self.head_id if self.head_chars > half else None, self.head_kind if self.head_chars > half else None,
                ))
        self._reset()


@dataclass(frozen=True)
class _State:
    owner: Tag
    link: bool = False
    emph: bool = False
    furn: tuple[int, ...] = ()
    role_id: int | None = None
    role: str | None = None
    head_id: int | None = None
    head_kind: str | None = None


def _font_is_big(tag: Tag) -> bool:
    size = str(tag.get("size") or "").strip()
    return size.startswith("+") or (size.isdigit() and int(size) >= 4)


def _ol_number(li: Tag, counters: dict[int, int]) -> str:
    """``N. `` for an item of an ordered list (the number the browser would show)."""
    ol = li.parent
    if not isinstance(ol, Tag) or ol.name != "ol":
        return ""
    key = id(ol)
    if key not in counters:
        start = str(ol.get("start") or "1")
        counters[key] = (int(start) if start.lstrip("-").isdigit() else 1) - 1
    value = li.get("value")
    counters[key] = int(value) if value and str(value).isdigit() else counters[key] + 1
    return f"{counters[key]}. "


def scan_page(html: str) -> PageScan:
    """Parse ``html`` (already decoded) and walk it once into a ``PageScan``."""
    markup, jsonld = cut_markup(html)
    soup = BeautifulSoup(markup, "lxml", multi_valued_attributes=None)
    scan = PageScan(lines=[], jsonld=jsonld)
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag) and html_tag.get("lang"):
        scan.lang = str(html_tag.get("lang"))
    head = soup.head
    if head is not None:  # the <head> is small; the body's <meta> tags are read by the walk
        title = head.find("title")
        if title is not None:
            scan.title = _WS.sub(" ", title.get_text()).strip() or None
        for meta in head.find_all("meta"):
            _note_meta(meta, scan)
    _walk(soup, scan)
    _settle_roles(scan.lines)
    return scan


def _settle_roles(lines: list[Line]) -> None:
    """Drop roles that the text disproves: a date/byline element or a heading with much text is neither."""
    role_size: dict[int, int] = {}
    head_size: dict[int, int] = {}
    for ln in lines:
        if ln.role_id is not None:
            role_size[ln.role_id] = role_size.get(ln.role_id, 0) + ln.chars
        if ln.head_id is not None:
            head_size[ln.head_id] = head_size.get(ln.head_id, 0) + ln.chars
    for ln in lines:
        if ln.role_id is not None and role_size[ln.role_id] > ROLE_MAX_CHARS:
            ln.role_id = ln.role = None
        if ln.head_id is not None and head_size[ln.head_id] > HEAD_MAX_CHARS:
            ln.head_id = ln.head_kind = None


def _walk(soup: BeautifulSoup, scan: PageScan) -> None:
    furn_tokens, roles, hidden, never = furniture_tokens(), role_tokens(), hidden_classes(), never_article_tokens()
    out = _LineBuilder()
    counters: dict[int, int] = {}
    root = soup.body or soup
    state = _State(owner=root)
    stack: list[tuple[object, _State, str]] = [(iter(root.contents), state, "")]
    while stack:
        it, state, tag_name = stack[-1]
        node = next(it, None)  # type: ignore[call-overload]
        if node is None:
            stack.pop()
            if tag_name == "li":
                out.prefix = ""  # an item without text must not number the next line
            if stack and (state.owner is not stack[-1][1].owner or state.furn != stack[-1][1].furn):
                out.flush()  # a block ended
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIP_STRINGS):
                out.add(str(node), state)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in SKIP_TAGS:
            continue
        if name == "br":
            out.flush()
            continue
        attrs = node.attrs
        if attrs and ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                      or ("style" in attrs and _HIDDEN_STYLE.search(attrs["style"]))):
            continue
        if name == "meta":
            _note_meta(node, scan)  # Blogger and Joomla put itemprop metas in the body
            continue
        new = _enter(node, name, attrs, state, scan, furn_tokens, roles, hidden, never)
        if new is None:
            continue  # hidden by class
        if name == "li":
            out.flush()
            out.prefix = _ol_number(node, counters)
        elif new.owner is not state.owner or new.furn != state.furn:
            out.flush()
        if name in ("time", "abbr") or attrs.get("itemprop") == "datePublished":
            _note_time(node, name, len(out.lines), new.furn, scan)
        if node.contents:
            stack.append((iter(node.contents), new, name))
    out.flush()
    scan.lines = out.lines
    for line_index, role, parts, furn in out.role_texts.values():
        text = _WS.sub(" ", "".join(parts)).strip(" \u00a0")
        if text and nonspace_len(text) <= ROLE_MAX_CHARS:
            scan.roles.append((line_index, role, text, furn))


def _enter(node: Tag, name: str, attrs: dict, st: _State, scan: PageScan, furn_tokens: frozenset[str],
           roles: dict[str, str], hidden: frozenset[str], never: frozenset[str]) -> _State | None:
    """The state inside ``node``; None when the node is hidden."""
    cls = attrs.get("class")
    if cls and not hidden.isdisjoint(cls.lower().split()):
        return None
    tokens = class_tokens(node) if (cls or "id" in attrs) else ()
    role = None
    furniture = name in FURNITURE_TAGS
    for tok in tokens:
        r = roles.get(tok)
        if r and role is None:
            role = r
        if tok in furn_tokens:
            furniture = True
    if role is None and (attrs.get("itemprop") in ("author", "creator") or "author" in attrs.get("rel", "").split()):
        role = "byline"  # schema.org microdata and rel=author say it without a class
    if name in NEVER_FURNITURE:
        furniture = False
    owner = node if name in BLOCK_TAGS or furniture else st.owner
    changes: dict[str, object] = {}
    if owner is not st.owner:
        changes["owner"] = owner
    if name == "a" and "href" in attrs:
        changes["link"] = True
    if name in EMPH_TAGS or (name == "font" and _font_is_big(node)):
        changes["emph"] = True
    if furniture:
        scan.furniture[id(node)] = node
        if not never.isdisjoint(tokens):
            scan.hard_furniture.add(id(node))
        changes["furn"] = st.furn + (id(node),)
    if role in ("date", "byline"):
        changes["role_id"], changes["role"] = id(node), role
    if name in HEADING_TAGS or role == "title":
        scan.heads[id(node)] = (node, name if name in HEADING_TAGS else "class")
        changes["head_id"], changes["head_kind"] = id(node), (name if name in HEADING_TAGS else "class")
    if not changes:
        return st
    return _State(**{**st.__dict__, **changes})


def _note_meta(meta: Tag, scan: PageScan) -> None:
    scan.metas.append({k.lower(): str(v) for k, v in meta.attrs.items()})


def _note_time(node: Tag, name: str, line_index: int, furn: tuple[int, ...], scan: PageScan) -> None:
    """Record a machine-readable date: <time datetime>, abbr.published[title], itemprop=datePublished."""
    strong = node.get("itemprop") == "datePublished" or node.get("pubdate") is not None
    cls = _classes(node)
    if "published" in cls or "entry-date" in cls:
        strong = True
    value = node.get("datetime") or node.get("content")
    if name == "abbr":
        if not strong:
            return
        value = value or node.get("title")
    if not value and strong:
        value = node.get_text(" ", strip=True)
    if value:
        scan.times.append((line_index, str(value), strong, furn))
