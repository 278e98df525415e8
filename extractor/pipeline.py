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
from .assemble import assemble
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
    if isinstance(raw, bytes):
        if html is None:
            html = looks_like_html(raw[:4096].decode("latin-1"))
        if not html:
            raw = decode_text_bytes(raw, source)
    if html or (html is None and looks_like_html(raw)):  # type: ignore[arg-type]
        from .article_html import read_html

        art = read_html(raw, url=url, content_type=content_type)
        if pub is not None:
            art.published = pub
        return art
    return read_text(raw, published=pub, url=url)  # type: ignore[arg-type]


def decode_text_bytes(data: bytes, source: str) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM), else a detected Thai encoding."""
    if b"\x00" in data[:8192]:
        raise InputError(source, "looks like a binary file (it contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")  # TIS-620 and its Windows superset are the usual Thai legacy text
        if sum("\u0e00" <= c <= "\u0e7f" for c in text[:2000]) > 20:
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "cannot be decoded as text (not UTF-8, TIS-620 or another known encoding)")
    return str(best)


def extract(text_or_html: str | bytes, *, url: str | None = None, published: dt.date | str | None = None,
            use_ner: bool = True) -> ArticleRecord:
    """Extract the ArticleRecord of one article given as plain text or HTML.

    ``published`` (a date or ``YYYY-MM-DD``) overrides the publication date
    found in the text and anchors dates written without a year.
    """
    article = read_article(text_or_html, url=url, published=published)
    return assemble(article, use_ner=use_ner)


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
    article = read_article(data, source=str(p), html=is_html)
    return assemble(article, source_file=str(p), use_ner=use_ner)


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
