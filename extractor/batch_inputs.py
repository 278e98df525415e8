"""Inputs of a batch run: one reader per kind of archive, every item keyed by a stable input id.

A batch input is a path; ``open_source`` picks the reader for it from
``SOURCE_KINDS``:

======================  ==========================================  ===============================
kind                    what it reads                               input id of an item
======================  ==========================================  ===============================
``files``               a ``.txt``/``.html`` file, or a directory   the file's path
                        of them (recursively)
``jsonl``               JSON Lines with ``url`` and ``html`` or     ``path#LINE`` (1-based)
                        ``text`` (optional ``published``)
``warc``                ``.warc`` / ``.warc.gz`` (Common Crawl      ``path#OFFSET`` (byte offset of
                        style): ``response`` records with HTML      the record in the file)
``crawl-store``         the store of ``thainews crawl`` (a          ``store#URL``
                        directory with ``crawl.sqlite``)
======================  ==========================================  ===============================

The input id is what resume keys on, so it depends only on the input as given
(the same path and the same bytes give the same ids, run after run). Another
kind of input is added by subclassing ``InputSource`` and putting it in
``SOURCE_KINDS`` with a function that recognizes its paths.
"""

from __future__ import annotations

import json
import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Optional

from .errors import InputError
from .pipeline import ARTICLE_SUFFIXES

log = logging.getLogger(__name__)

#: Failure reasons a reader can give an item (the engine adds its own; see ``extractor.batch``).
BAD_LINE = "bad_line"
BAD_ARCHIVE = "bad_archive"


@dataclass
class InputItem:
    """One article to process, small enough to send to a worker.

    Either ``content`` holds the article (text or HTML, str or bytes) or
    ``path`` names a file the worker reads itself (so a directory's files are
    read in the workers, not in the process that schedules them). An item that
    could not even be read carries ``error = (reason, detail)`` and becomes a
    failure record. ``skipped`` items were done in an earlier run and carry no
    content.
    """

    id: str
    content: Optional[str | bytes] = None
    path: Optional[str] = None
    html: Optional[bool] = None
    content_type: Optional[str] = None  #: the HTTP Content-Type an HTML page came with
    url: Optional[str] = None
    published: Optional[str] = None
    error: Optional[tuple[str, str]] = None
    skipped: bool = False


class InputSource(ABC):
    """A reader of one batch input (a path) that yields ``InputItem`` objects in a stable order."""

    #: Short name of the kind of input, shown in logs.
    kind: ClassVar[str] = "?"

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.path.normpath(os.fspath(path))
        #: Records the reader passed over because they are not articles (e.g. images in a WARC).
        self.ignored = 0

    @abstractmethod
    def items(self, skip: Container[str] = frozenset()) -> Iterator[InputItem]:
        """Every item of the input in order; one whose id is in ``skip`` comes out as ``skipped``,
        without content (and, where the format allows, without its content being read)."""

    def count(self) -> Optional[int]:
        """How many items the input holds, when that is cheap to know (for a progress bar)."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"


class FilesSource(InputSource):
    """A ``.txt``/``.html`` file, or a directory of them searched recursively."""

    kind = "files"

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__(path)
        self._files: Optional[list[str]] = None

    def files(self) -> list[str]:
        """The article files, sorted, listed once."""
        if self._files is None:
            p = Path(self.path)
            if p.is_dir():
                found = sorted(os.path.join(self.path, os.path.relpath(f, p)) for f in p.rglob("*")
                               if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
                if not found:
                    raise InputError(self.path, "directory holds no article files "
                                                f"({', '.join(ARTICLE_SUFFIXES)})")
                self._files = found
            else:
                self._files = [self.path]
        return self._files

    def items(self, skip: Container[str] = frozenset()) -> Iterator[InputItem]:
        for f in self.files():
            if f in skip:
                yield InputItem(id=f, skipped=True)
            else:
                html = True if f.lower().endswith((".html", ".htm")) else None
                yield InputItem(id=f, path=f, html=html)

    def count(self) -> int:
        return len(self.files())


class JsonlSource(InputSource):
    """JSON Lines, one article per line: ``{"url", "html" or "text", "published"?}``."""

    kind = "jsonl"

    def items(self, skip: Container[str] = frozenset()) -> Iterator[InputItem]:
        with open(self.path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue  # blank lines are not items; line numbers still count them, so ids stay put
                item_id = f"{self.path}#{lineno}"
                if item_id in skip:
                    yield InputItem(id=item_id, skipped=True)
                    continue
                yield _jsonl_item(item_id, raw)

    def count(self) -> int:
        n = 0
        with open(self.path, "rb") as fh:
            for raw in fh:
                n += bool(raw.strip())
        return n


def _jsonl_item(item_id: str, raw: bytes) -> InputItem:
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return InputItem(id=item_id, error=(BAD_LINE, f"not valid JSON: {exc}"))
    if not isinstance(obj, dict):
        return InputItem(id=item_id, error=(BAD_LINE, "a line must be a JSON object with 'html' or 'text'"))
    html, text = obj.get("html"), obj.get("text")
    content = html if html else text
    if not isinstance(content, str) or not content.strip():
        return InputItem(id=item_id, url=obj.get("url"),
                         error=(BAD_LINE, "needs a non-empty 'html' or 'text' string"))
    published = obj.get("published")
    return InputItem(id=item_id, content=content, html=True if html else None, url=obj.get("url"),
                     published=published if isinstance(published, str) else None)


#: Content types of WARC responses read as articles.
HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcSource(InputSource):
    """A WARC or WARC.GZ file: every ``response`` record with status 2xx and an HTML body.

    Other records (requests, metadata, redirects, images ...) are not
    articles: they are counted in ``ignored``, not reported as failures. A
    file that stops being readable part-way (a torn download) gives one
    failure for the record where reading stopped; the records before it are
    kept.
    """

    kind = "warc"

    def items(self, skip: Container[str] = frozenset()) -> Iterator[InputItem]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        with open(self.path, "rb") as fh:
            it = ArchiveIterator(fh)
            last = -1
            try:
                for record in it:
                    item = self._item(record)
                    # the offset is known only once the record is read to its end (warcio)
                    last = it.get_record_offset()
                    if item is None:
                        self.ignored += 1
                        continue
                    item.id = f"{self.path}#{last}"
                    yield InputItem(id=item.id, url=item.url, skipped=True) if item.id in skip else item
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                # where reading stopped has no record offset of its own; "last good + 1" is stable for
                # the same bytes and is no readable record's offset (0 when nothing could be read)
                bad_id = f"{self.path}#{last + 1}"
                yield InputItem(id=bad_id, skipped=True) if bad_id in skip else InputItem(
                    id=bad_id, error=(BAD_ARCHIVE, f"archive unreadable after offset {max(last, 0)}: {exc}"))

    @staticmethod
    def _item(record) -> Optional[InputItem]:
        """The item of an HTML response record (id not yet known), or None for any other record."""
        if record.rec_type != "response" or record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        if not status.startswith("2") or not ctype.startswith(HTML_TYPES):
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        content = record.content_stream().read()
        missing = getattr(record.raw_stream, "limit", 0)  # warcio returns a cut-off record without error
        if missing:
            return InputItem(id="", url=url, error=(BAD_ARCHIVE, f"record is cut short ({missing} bytes missing): "
                                                                 "the archive file is truncated"))
        return InputItem(id="", content=content, html=True, content_type=ctype or None, url=url)


class CrawlStoreSource(InputSource):
    """The store of ``thainews crawl`` (a directory with ``crawl.sqlite``): every article page it kept.

    The input id is ``STORE#URL`` (a URL is unique in a store). Reads through
    ``crawl_store.iter_store_pages``, which opens the database read-only, so a
    batch can run beside a crawl that is still going; a later ``--resume``
    picks up the pages fetched since.
    """

    kind = "crawl-store"

    def items(self, skip: Container[str] = frozenset()) -> Iterator[InputItem]:
        from .crawl_store import iter_store_pages

        for url, body, headers in iter_store_pages(self.path):
            item_id = f"{self.path}#{url}"
            if item_id in skip:
                yield InputItem(id=item_id, url=url, skipped=True)
                continue
            ctype = headers.get("content-type", "").lower()
            yield InputItem(id=item_id, content=body, html=True, content_type=ctype or None, url=url)


def _is_crawl_store(p: Path) -> bool:
    return p.is_dir() and (p / "crawl.sqlite").is_file()


def _is_warc(p: Path) -> bool:
    return p.is_file() and p.name.lower().endswith((".warc", ".warc.gz", ".arc.gz"))


def _is_jsonl(p: Path) -> bool:
    return p.is_file() and p.suffix.lower() in (".jsonl", ".ndjson")


def _is_files(p: Path) -> bool:
    return p.is_dir() or (p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


#: Readers in the order they are tried: (kind, recognizer of a path, reader class).
SOURCE_KINDS: list[tuple[str, Callable[[Path], bool], type[InputSource]]] = [
    ("crawl-store", _is_crawl_store, CrawlStoreSource),
    ("warc", _is_warc, WarcSource),
    ("jsonl", _is_jsonl, JsonlSource),
    ("files", _is_files, FilesSource),
]


def open_source(path: str | os.PathLike) -> InputSource:
    """The reader for one batch input; ``InputError`` names a path no reader takes."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file or directory")
    for _kind, recognizes, cls in SOURCE_KINDS:
        if recognizes(p):
            return cls(p)
    raise InputError(str(p), "is not a batch input: give a directory of .txt/.html files, a .jsonl file "
                             "or a .warc/.warc.gz archive")


def open_sources(paths: list[str | os.PathLike]) -> list[InputSource]:
    """Readers for all inputs, checked before any work starts (a typo fails fast)."""
    sources = [open_source(p) for p in paths]
    seen: set[str] = set()
    for s in sources:
        if s.path in seen:
            raise InputError(s.path, "given twice; each input may appear once (ids must be unique)")
        seen.add(s.path)
    for s in sources:
        if isinstance(s, FilesSource):
            s.files()  # an empty directory is reported now, not after an hour of work
    return sources
