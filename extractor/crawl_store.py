"""A crawl's state on disk: raw pages by content hash, and the frontier and results in SQLite.

``STORE/objects/ab/cdef…`` holds each distinct body once, gzip-compressed,
named by the sha256 of the uncompressed bytes. ``STORE/crawl.sqlite`` (WAL)
holds one row per URL::

    queued ──fetch──▶ fetched (body stored) ──process──▶ done
       │                                                 (page_type: article · listing · sitemap · feed ·
       └──▶ skipped / failed (reason, detail)              redirect; outcome of an article: recorded …)

A stop at any moment leaves every row in one of these states: ``queued``
rows are fetched on resume, ``fetched`` rows are processed from the stored
body without going back to the site; ``CrawlStore.begin_round`` tells a
resumed run from a new round after a finished one. ``store_lock`` keeps a
second crawl off a store in use. ``iter_store_pages`` reads the stored
article pages for other commands (``thainews batch``).
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .errors import InputError

log = logging.getLogger(__name__)

DB_NAME = "crawl.sqlite"
OBJECTS = "objects"
LOCK_NAME = "crawl.lock"
#: Default store directory next to OUT.
STORE_SUFFIX = ".store"

# states of a URL
QUEUED, FETCHED, DONE, SKIPPED, FAILED = "queued", "fetched", "done", "skipped", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,       -- normalized (see crawl_discovery.normalize_url)
    host TEXT NOT NULL,
    kind TEXT NOT NULL,             -- what we expect: page | sitemap | feed
    hint TEXT,                      -- what the URL looks like: article | listing | other
    depth INTEGER NOT NULL DEFAULT 0,
    priority INTEGER NOT NULL DEFAULT 5,
    seed INTEGER NOT NULL DEFAULT 0,
    known_date TEXT,                -- YYYY-MM-DD known before fetching (sitemap lastmod, feed date, URL)
    source TEXT,                    -- the page it was found on
    state TEXT NOT NULL DEFAULT 'queued',
    page_type TEXT,                 -- article | listing | sitemap | feed | redirect
    outcome TEXT,                   -- for an article: recorded | stored | too_old | empty | extract_error | duplicate
    reason TEXT,
    detail TEXT,
    status INTEGER,
    final_url TEXT,
    sha256 TEXT,
    content_type TEXT,
    etag TEXT,
    last_modified TEXT,
    fetched_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS urls_state ON urls(state);
CREATE INDEX IF NOT EXISTS urls_sha ON urls(sha256);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

#: Columns of a row as read by the crawler.
COLUMNS = ("id", "url", "host", "kind", "hint", "depth", "priority", "seed", "known_date", "source", "state",
           "page_type", "outcome", "reason", "detail", "status", "final_url", "sha256", "content_type", "etag",
           "last_modified", "fetched_at", "attempts")


@dataclass
class UrlRow:
    """One URL of the crawl (a row of ``urls``)."""

    id: int
    url: str
    host: str
    kind: str
    hint: Optional[str]
    depth: int
    priority: int
    seed: int
    known_date: Optional[str]
    source: Optional[str]
    state: str
    page_type: Optional[str]
    outcome: Optional[str]
    reason: Optional[str]
    detail: Optional[str]
    status: Optional[int]
    final_url: Optional[str]
    sha256: Optional[str]
    content_type: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]
    fetched_at: Optional[float]
    attempts: int


class ObjectStore:
    """Bodies by the sha256 of their bytes, gzip-compressed, written atomically."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        """Where the body with hash ``sha`` lives."""
        return self.root / sha[:2] / sha[2:]

    def put(self, body: bytes) -> str:
        """Store ``body`` (once per distinct content) and return its sha256."""
        sha = hashlib.sha256(body).hexdigest()
        p = self.path(sha)
        if not p.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(gzip.compress(body, compresslevel=6, mtime=0))
            os.replace(tmp, p)  # a stop mid-write leaves a temp file, never a torn object
        return sha

    def get(self, sha: str) -> bytes:
        """The body stored under ``sha``; ``FileNotFoundError`` if it is not there."""
        with open(self.path(sha), "rb") as fh:
            return gzip.decompress(fh.read())

    def has(self, sha: str) -> bool:
        """Whether a body with hash ``sha`` is stored."""
        return self.path(sha).exists()


class CrawlStore:
    """The SQLite state of a crawl plus its object store, in one directory."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.objects = ObjectStore(self.dir / OBJECTS)
        self.db = sqlite3.connect(self.dir / DB_NAME, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a killed process
        self.db.executescript(_SCHEMA)
        self._in_tx = False

    def close(self) -> None:
        """Commit and close the database."""
        self.commit()
        self.db.close()

    # -- transactions: many small writes, committed together --------------------------------------

    def _begin(self) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN")
            self._in_tx = True

    def commit(self) -> None:
        """Make everything written so far durable."""
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    # -- meta -------------------------------------------------------------------------------------

    def get_meta(self, key: str, default: Optional[str] = None) -> Optional[str]:
        """A value of the ``meta`` table."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the ``meta`` table."""
        self._begin()
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- urls -------------------------------------------------------------------------------------

    def add(self, url: str, host: str, kind: str, *, hint: Optional[str] = None, depth: int = 0,
            priority: int = 5, seed: bool = False, known_date: Optional[str] = None,
            source: Optional[str] = None, state: str = QUEUED, reason: Optional[str] = None) -> Optional[int]:
        """Add a URL unless it is known; return its new row id, or None if it was already there."""
        self._begin()
        cur = self.db.execute(
            "INSERT OR IGNORE INTO urls(url, host, kind, hint, depth, priority, seed, known_date, source, state, "
            "reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (url, host, kind, hint, depth, priority, int(seed), known_date, source, state, reason))
        return cur.lastrowid if cur.rowcount else None

    def get(self, url: str) -> Optional[UrlRow]:
        """The row of ``url``, or None."""
        row = self.db.execute(f"SELECT {','.join(COLUMNS)} FROM urls WHERE url=?", (url,)).fetchone()
        return UrlRow(*row) if row else None

    def rows(self, where: str = "1", params: Iterable[Any] = ()) -> list[UrlRow]:
        """Rows matching an SQL condition, in the order they were added."""
        sql = f"SELECT {','.join(COLUMNS)} FROM urls WHERE {where} ORDER BY id"
        return [UrlRow(*r) for r in self.db.execute(sql, tuple(params))]

    def update(self, url: str, **values: Any) -> None:
        """Set columns of ``url``'s row."""
        if not values:
            return
        self._begin()
        cols = ", ".join(f"{k}=?" for k in values)
        self.db.execute(f"UPDATE urls SET {cols} WHERE url=?", (*values.values(), url))

    def count(self, where: str = "1", params: Iterable[Any] = ()) -> int:
        """How many rows match an SQL condition."""
        return self.db.execute(f"SELECT COUNT(*) FROM urls WHERE {where}", tuple(params)).fetchone()[0]

    def sha_recorded(self, sha: str, url: str) -> Optional[str]:
        """Another URL whose article with the same body was already recorded, if any."""
        row = self.db.execute("SELECT url FROM urls WHERE sha256=? AND url<>? AND page_type='article' "
                              "AND outcome IN ('recorded', 'stored') LIMIT 1", (sha, url)).fetchone()
        return row[0] if row else None

    def counts_by(self, column: str, where: str = "1") -> dict[str, int]:
        """Row counts grouped by ``column`` among rows matching ``where``."""
        sql = f"SELECT {column}, COUNT(*) FROM urls WHERE {where} GROUP BY {column}"
        return {k: n for k, n in self.db.execute(sql) if k is not None}

    # -- rounds: resume, or look again after a finished crawl -------------------------------------

    def unfinished(self) -> int:
        """URLs still to fetch or to handle (``queued`` or ``fetched``)."""
        return self.count("state IN (?, ?)", (QUEUED, FETCHED))

    def begin_round(self, retry_reasons: Sequence[str]) -> int:
        """Resume an unfinished crawl as it was; after a finished one, start the next round. Return its number.

        A new round queues again the start pages (``seed``), the pages that
        list articles (listings, sitemaps, feeds: refetched conditionally,
        so unchanged ones cost a 304) and the failures that may pass now
        (HTTP 5xx and ``retry_reasons``).
        """
        rnd = int(self.get_meta("round", "0") or 0)
        if rnd and self.unfinished():
            return rnd
        rnd += 1
        self.set_meta("round", str(rnd))
        if rnd > 1:
            n = self.db.execute(
                "UPDATE urls SET state=?, reason=NULL, detail=NULL WHERE state<>? AND ("
                "seed=1 OR (state=? AND page_type IN ('listing', 'sitemap', 'feed')) OR (state=? AND ("
                f"reason LIKE 'http_5%' OR reason IN ({','.join('?' * len(retry_reasons))}))))",
                (QUEUED, QUEUED, DONE, FAILED, *retry_reasons)).rowcount
            log.info("crawl round %d: %d start, listing, sitemap and feed pages queued again", rnd, n)
        return rnd


def default_store(out: str | os.PathLike) -> Path:
    """The store used when none is given: beside OUT, named after it (``records.jsonl`` → ``records.store``)."""
    p = Path(out)
    return p.with_name(p.stem + STORE_SUFFIX) if p.suffix else p.with_name(p.name + STORE_SUFFIX)


@contextlib.contextmanager
def store_lock(store_dir: Path) -> Iterator[None]:
    """One crawl at a time per store: a second one would fetch the same frontier twice."""
    store_dir.mkdir(parents=True, exist_ok=True)
    fh = open(store_dir / LOCK_NAME, "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise InputError(str(store_dir), "another crawl is using this store; wait for it or give --store "
                                         "another directory") from None
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def iter_store_pages(store_dir: str | os.PathLike) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    """Every article page a crawl kept in ``store_dir``: ``(url, html_bytes, headers)``, in crawl order.

    ``headers`` holds what was kept of the response (``content-type``,
    ``etag``, ``last-modified``) and ``x-fetched-at`` (Unix time). Opens the
    database read-only, so it can run beside a crawl that is still going.
    A page whose stored body is missing is left out with a warning.
    """
    d = Path(store_dir)
    db_path = d / DB_NAME
    if not db_path.is_file():
        raise FileNotFoundError(f"{d} is not a crawl store (no {DB_NAME} in it)")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    objects = ObjectStore(d / OBJECTS)
    try:
        rows = db.execute("SELECT url, sha256, content_type, etag, last_modified, fetched_at FROM urls "
                          "WHERE page_type='article' AND sha256 IS NOT NULL ORDER BY id").fetchall()
    finally:
        db.close()
    for url, sha, ctype, etag, last_modified, fetched_at in rows:
        try:
            body = objects.get(sha)
        except (OSError, EOFError) as exc:
            log.warning("%s: stored page %s cannot be read (%s); skipped", url, sha, exc)
            continue
        headers = {"content-type": ctype or "text/html"}
        if etag:
            headers["etag"] = etag
        if last_modified:
            headers["last-modified"] = last_modified
        if fetched_at:
            headers["x-fetched-at"] = f"{fetched_at:.0f}"
        yield url, body, headers

