"""The public entry points: one article from a string or a file, or many."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Union

from .article import Article, looks_like_html, read_text
from .budget import cap_article, cap_html, cap_text, cap_text_bytes, extract_within
from .errors import InputError
from .records import ArticleRecord

log = logging.getLogger(__name__)

#: File endings read as articles when a directory is given.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

Item = Union[str, bytes, os.PathLike, dict]


def _as_date(value: dt.date | str | None, source: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(source, f"published must be YYYY-MM-DD, got {value!r}") from None


def read_article(raw: str | bytes, *, url: str | None = None, published: dt.date | str | None = None,
                 source: str = "<input>", html: bool | None = None, content_type: str | None = None) -> Article:
    """An Article from plain text or HTML (str or raw bytes); ``html=None`` guesses.

    ``content_type`` is the HTTP Content-Type an HTML page came with; its
    charset is checked against the bytes (see ``extractor.encoding``).
    """
    pub = _as_date(published, source)
    notes: list[str] = []
    if isinstance(raw, bytes):
        if html is None:
            html = looks_like_html(raw[:4096].decode("latin-1"))
        if not html:
            raw, notes = decode_text_bytes(cap_text_bytes(raw), source)
    if html or (html is None and looks_like_html(raw)):  # type: ignore[arg-type]
        from .article_html import read_html

        raw, cut = cap_html(raw)  # size caps bound the cost of one page (extractor.budget)
        art = read_html(raw, url=url, content_type=content_type)
        cap_article(art)
        if cut:
            art.warnings.insert(0, cut)
        if pub is not None:
            art.published = pub
        return art
    text, cut = cap_text(raw)  # type: ignore[arg-type]
    art = read_text(text, published=pub, url=url)
    art.warnings[:0] = ([cut] if cut else []) + notes
    return art


def decode_text_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode a plain-text file, with warnings about what could not be read.

    The same cascade as web pages (``extractor.encoding``): a BOM, then UTF-8
    (also when a few bytes are broken, e.g. one line pasted in TIS-620), then
    Thai windows-874/TIS-620, then detection. Undecodable bytes become U+FFFD
    and are counted in a warning instead of losing the article.
    """
    from .encoding import decode_html, display_name

    if b"\x00" in data[:8192]:
        raise InputError(source, "looks like a binary file (it contains NUL bytes), not a text article")
    decoded = decode_html(data)
    bad = decoded.text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    if decoded.source == "fallback" and bad > len(decoded.text) // 10:
        raise InputError(source, "cannot be decoded as text (not UTF-8, TIS-620 or another known encoding)")
    warnings = list(decoded.warnings)
    if bad > 0:
        warnings.append(f"{bad} byte(s) of the file are not valid {display_name(decoded.encoding)} and were "
                        "replaced by U+FFFD; check the file's encoding")
    return decoded.text, warnings


def extract(text_or_html: str | bytes, *, url: str | None = None, published: dt.date | str | None = None,
            use_ner: bool = True) -> ArticleRecord:
    """Extract the ArticleRecord of one article given as plain text or HTML.

    ``published`` (a date or ``YYYY-MM-DD``) overrides the publication date
    found in the text and anchors dates written without a year.
    """
    return extract_within(text_or_html, url=url, published=published, use_ner=use_ner, source=url or "<input>")


def extract_file(path: str | os.PathLike, *, use_ner: bool = True) -> ArticleRecord:
    """Extract the ArticleRecord of a ``.txt`` or ``.html`` file; ``source_file`` is set."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file")
    if p.is_dir():
        raise InputError(str(p), "is a directory; give a file, or use extract_many over its files")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot be read: {exc.strerror or exc}") from None
    is_html = p.suffix.lower() in (".html", ".htm") or None
    return extract_within(data, source=str(p), html=is_html, source_file=str(p), use_ner=use_ner)


def iter_article_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files to read for each path: the file itself, or a directory's article files, recursively."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                           and not f.name.endswith(".gold.json"))
            if not found:
                raise InputError(str(p), f"directory holds no article files ({', '.join(ARTICLE_SUFFIXES)})")
            yield from found
        else:
            yield p


def _extract_item(item: Item, use_ner: bool = True) -> ArticleRecord:
    if isinstance(item, (os.PathLike,)):
        return extract_file(item, use_ner=use_ner)
    if isinstance(item, dict):
        raw = item.get("html") or item.get("text")
        if raw is None:
            raise InputError(str(item.get("url") or item.get("id") or "<item>"), "needs a 'text' or 'html' key")
        rec = extract(raw, url=item.get("url"), published=item.get("published"), use_ner=use_ner)
        if item.get("source_file"):
            rec.source_file = item["source_file"]
        return rec
    return extract(item, use_ner=use_ner)


def _safe_item(args: tuple[Item, bool]) -> ArticleRecord | InputError:
    item, use_ner = args
    try:
        return _extract_item(item, use_ner)
    except InputError as exc:
        return exc


def extract_many(items: Iterable[Item], n_process: int = 1, *, use_ner: bool = True,
                 errors: str = "raise") -> Iterator[Any]:
    """Extract many articles, in order, as an iterator.

    ``items`` are strings (text or HTML), ``pathlib.Path`` objects, or dicts
    with ``text`` or ``html`` (and optional ``url``, ``published``). Models
    load once per process. With ``errors="return"``, an input that cannot be
    read yields its ``InputError`` instead of stopping the iteration.
    """
    if errors not in ("raise", "return"):
        raise ValueError("errors must be 'raise' or 'return'")
    work = ((item, use_ner) for item in items)
    if n_process <= 1:
        results: Iterable[Any] = map(_safe_item, work)
        for res in results:
            if isinstance(res, InputError) and errors == "raise":
                raise res
            yield res
        return
    ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with ctx.Pool(n_process) as pool:
        for res in pool.imap(_safe_item, work, chunksize=4):
            if isinstance(res, InputError) and errors == "raise":
                raise res
            yield res
