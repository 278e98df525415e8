"""``thainews crawl``: find a news site's article pages, fetch them politely, extract their records.

The flow::

    START_URLs ─▶ robots.txt (Sitemap: lines) ─▶ frontier (SQLite) ─▶ workers ─ Fetcher (fetch.py) ─▶ object store
        ▲                                                                   │
        └── links of sitemaps · feeds · listing pages (pagination) ◀── page ┴▶ article? ─▶ extract ─▶ OUT (JSON Lines)

This module is the crawl loop (``Crawler``, ``run_crawl``), its summary and
progress line, and the ``crawl`` verb. Its parts: ``crawl_discovery`` (URL
normalization, the host allow-list, sitemaps, feeds and the links of
listing pages), ``crawl_detect`` (whether a page is one article),
``crawl_store`` (the pages and the frontier/results state on disk) and
``fetch`` (polite HTTP).

Pages stay on the start hosts (``www.`` or not) and any ``--allow-host``.
Whether a page is an article is decided from the page itself (``og:type``,
JSON-LD ``NewsArticle``, ``article:published_time``, one long block of Thai
text against link-heavy teaser lists) with its URL shape as a hint. State
lives in ``STORE`` (see ``crawl_store``): a run stopped at any point resumes
where it was, and a run after a finished one re-checks the start pages,
listings, sitemaps and feeds with conditional requests to find new articles.
Each article's record is written to OUT once; a URL already in OUT is never
written again.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import functools
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from heapq import heappop, heappush
from pathlib import Path
from typing import Any, Callable, Optional

import httpx

from . import fetch as F
from .crawl_detect import ARTICLE_THRESHOLD, article_score, parse_html
from .crawl_discovery import (HostScope, Link, normalize_url, parse_feed_or_sitemap, skip_url, url_date, url_hint,
                              with_scheme)
from .crawl_store import DONE, FAILED, FETCHED, QUEUED, SKIPPED, CrawlStore, UrlRow, default_store, store_lock
from .errors import InputError

log = logging.getLogger(__name__)

__all__ = ["CrawlConfig", "CrawlSummary", "Crawler", "run_crawl", "add_cli"]

# --- extraction ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def extract_page(body: bytes, url: str, content_type: str, use_ner: bool = True) -> tuple[Any, str, str]:
    """The record of a fetched article page: ``(record, "", "")`` or ``(None, reason, detail)``.

    The HTML reader gets the bytes with their Content-Type, so it can check
    the charset label against the bytes.
    """
    from .assemble import assemble
    from .pipeline import read_article

    try:
        article = read_article(body, url=url, source=url, html=True, content_type=content_type or None)
        if not article.body.strip():
            return None, "empty", "no article text found on the page"
        return assemble(article, use_ner=use_ner), "", ""
    except InputError as exc:
        return None, "unreadable", exc.problem
    except Exception as exc:  # one odd page must not stop a crawl; the reason says it is a bug
        log.debug("extraction failed on %s", url, exc_info=True)
        return None, "extract_error", f"{type(exc).__name__}: {exc}"


# --- the frontier --------------------------------------------------------------------------------


@dataclass(order=True)
class _Entry:
    priority: int
    seq: int
    url: str = field(compare=False)
    host: str = field(compare=False)


class Frontier:
    """URLs waiting to be fetched, served by priority to a pool of workers, ``per_host`` at a time."""

    def __init__(self, per_host: int, ready_at: Callable[[str], float] = lambda _h: 0.0) -> None:
        self.per_host = per_host
        self.ready_at = ready_at
        self._heaps: dict[str, list[_Entry]] = {}
        self._inflight: Counter[str] = Counter()
        self._busy = 0
        self._changed = asyncio.Event()
        self.closed = False

    def __len__(self) -> int:
        return sum(len(h) for h in self._heaps.values())

    def push(self, url: str, host: str, priority: int, seq: int) -> None:
        """Queue ``url``."""
        heappush(self._heaps.setdefault(host, []), _Entry(priority, seq, url, host))
        self._changed.set()

    def close(self) -> None:
        """Hand out nothing more (the page budget is spent); workers finish what they hold."""
        self.closed = True
        self._changed.set()

    async def get(self) -> Optional[_Entry]:
        """The next URL to fetch; None when nothing is left (or closed)."""
        while True:
            if self.closed:
                return None
            entry = self._pick()
            if entry is not None:
                self._busy += 1
                self._inflight[entry.host] += 1
                return entry
            if self._busy == 0:
                return None  # nothing queued that could run, and nobody left to queue more
            self._changed.clear()
            await self._changed.wait()

    def _pick(self) -> Optional[_Entry]:
        now = time.monotonic()
        best_key, best_host = None, None
        for host, heap in self._heaps.items():
            if not heap or self._inflight[host] >= self.per_host:
                continue
            # hosts whose rate limit lets a request start now go first, then the least busy
            key = (self.ready_at(host) > now, self._inflight[host], heap[0].priority, heap[0].seq)
            if best_key is None or key < best_key:
                best_key, best_host = key, host
        return heappop(self._heaps[best_host]) if best_host is not None else None

    def task_done(self, entry: _Entry) -> None:
        """``entry`` is handled; its host's slot is free."""
        self._busy -= 1
        self._inflight[entry.host] -= 1
        self._changed.set()


# --- the crawl -----------------------------------------------------------------------------------

# Queue priorities: discovery documents first, then what looks like articles, then listings.
PRIO_SEED, PRIO_DISCOVERY, PRIO_ARTICLE, PRIO_LISTING, PRIO_OTHER = 0, 0, 1, 2, 3
_PRIORITY = {"article": PRIO_ARTICLE, "listing": PRIO_LISTING, "feed": PRIO_DISCOVERY, "other": PRIO_OTHER}
#: Failure reasons worth another try when a finished crawl is run again (HTTP 5xx too).
_TRANSIENT = (F.TIMEOUT, F.CONNECT_ERROR, "http_429", F.ROBOTS_UNAVAILABLE)


@dataclass
class CrawlConfig:
    """What and how much to crawl (the fetching side is ``fetch``)."""

    fetch: F.FetchConfig = field(default_factory=F.FetchConfig)
    max_pages: Optional[int] = None          # fetches in this run (robots.txt not counted)
    since: Optional[dt.date] = None          # articles published before this are not recorded
    allow_hosts: tuple[str, ...] = ()
    max_depth: int = 1                       # links that look like neither article nor listing: followed this deep
    extract: bool = True                     # False: keep pages in the store, write no records
    use_ner: bool = True
    probe_sitemap: bool = True               # try /sitemap.xml when robots.txt names no sitemap


@dataclass
class CrawlSummary:
    """What one run did."""

    fetched: int = 0
    not_modified: int = 0
    articles: int = 0
    records: int = 0
    pages: Counter[str] = field(default_factory=Counter)     # non-article page types
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    off_host_links: int = 0
    requests: int = 0
    left: int = 0
    seconds: float = 0.0
    store: str = ""
    output: str = ""

    def lines(self) -> list[str]:
        """The summary in words, a few lines."""
        def fmt(c: Counter[str]) -> str:
            return ", ".join(f"{k} {n}" for k, n in c.most_common()) or "none"

        out = [f"{self.fetched} pages fetched ({self.not_modified} not modified) with {self.requests} requests "
               f"in {self.seconds:.1f} s; {self.articles} articles, {self.records} records written to {self.output}",
               f"skipped: {fmt(self.skipped)}",
               f"not articles: {sum(self.pages.values())} ({fmt(self.pages)})",
               f"failed: {fmt(self.failed)}"]
        if self.failed:
            out.append(f"  (each failure's URL and detail: sqlite3 {self.store}/crawl.sqlite "
                       "\"SELECT url, reason, detail FROM urls WHERE state='failed'\")")
        if self.left:
            out.append(f"{self.left} URLs still queued: run the same command again to continue")
        return out


class Crawler:
    """One crawl run over a store, writing records to ``out``. Use ``await crawler.run(start_urls)``."""

    def __init__(self, config: CrawlConfig, store: CrawlStore, out: str | os.PathLike, *,
                 transport: Optional[httpx.AsyncBaseTransport] = None, progress: Any = None) -> None:
        from .outputs import JsonlLog

        self.cfg = config
        self.store = store
        self.out_path = os.fspath(out)
        self.out = JsonlLog(self.out_path, "url")
        self.transport = transport
        self.progress = progress
        self.summary = CrawlSummary(store=str(store.dir), output=self.out_path)
        self.scope = HostScope(())
        self.frontier: Optional[Frontier] = None
        self.fetcher: Optional[F.Fetcher] = None
        self._recorded: set[str] = set()
        self._started = 0
        self._robots_done: set[str] = set()
        self._shas_in_progress: set[str] = set()
        self._taken: set[str] = set()  # URLs a worker has started on in this run
        self._probes: set[str] = set()  # guessed sitemap URLs: a 404 there is no failure
        self._since = config.since.isoformat() if config.since else None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="thainews-extract")

    # -- set-up -----------------------------------------------------------------------------------

    def _seeds(self, start_urls: Iterable[str]) -> list[str]:
        seeds = []
        for raw in start_urls:
            raw = with_scheme(raw)
            url = normalize_url(raw)
            if url is None:
                raise InputError(raw, "is not an http(s) URL to start a crawl from")
            seeds.append(url)
        return seeds

    def _begin_round(self, seeds: list[str]) -> None:
        """Resume an unfinished crawl as it was; after a finished one, queue the pages that list articles again."""
        st = self.store
        st.begin_round(_TRANSIENT)
        for url in seeds:
            if st.add(url, F.host_of(url), "page", hint=url_hint(url), seed=True, priority=PRIO_SEED) is None:
                st.update(url, seed=1)
        st.commit()

    # -- the run ----------------------------------------------------------------------------------

    async def run(self, start_urls: Iterable[str]) -> CrawlSummary:
        """Crawl from ``start_urls`` until the frontier is empty or the page budget is spent."""
        started = time.perf_counter()
        seeds = self._seeds(start_urls)
        self.scope = HostScope(seeds, self.cfg.allow_hosts)
        self._recorded = self.out.open(resume=True) if self.cfg.extract else set()
        self._begin_round(seeds)
        fetcher = F.Fetcher(self.cfg.fetch, allow_url=self.scope.allows, transport=self.transport)
        try:
            async with fetcher:
                self.fetcher = fetcher
                self.frontier = Frontier(self.cfg.fetch.per_host, fetcher.gate.ready_at)
                for row in self.store.rows("state=?", (QUEUED,)):
                    self.frontier.push(row.url, row.host, row.priority, row.id)
                for origin in dict.fromkeys(F.origin_of(u) for u in seeds):
                    await self._read_robots(origin + "/")  # its sitemaps join the frontier first
                await self._finish_leftovers()
                if self.progress is not None:
                    self.progress.start()
                workers = [asyncio.create_task(self._worker()) for _ in range(self.cfg.fetch.concurrency)]
                try:
                    await asyncio.gather(*workers)
                finally:
                    for w in workers:
                        w.cancel()
                    await asyncio.gather(*workers, return_exceptions=True)
        finally:
            self.summary.requests = fetcher.requests
            self.store.commit()
            self.out.close()
            self._pool.shutdown(wait=True)
            if self.progress is not None:
                self.progress.stop()
            self.summary.left = self.store.unfinished()
            self.summary.seconds = time.perf_counter() - started
        return self.summary

    async def _read_robots(self, url: str) -> F.Robots:
        """robots.txt of ``url``'s origin; the first time, its Sitemap lines join the frontier."""
        assert self.fetcher is not None
        robots = await self.fetcher.robots(url)
        origin = F.origin_of(url)
        if origin not in self._robots_done:
            self._robots_done.add(origin)
            sitemaps = [s for s in (normalize_url(x) for x in robots.sitemaps) if s]
            if not sitemaps and self.cfg.probe_sitemap and self.scope.allows(url) and robots.allowed(url):
                sitemaps = [origin + "/sitemap.xml"]
                self._probes.update(sitemaps)
            for sm in sitemaps:
                self._add(Link(sm, kind="sitemap", listed=True), depth=0, source=origin + "/robots.txt",
                          priority=PRIO_DISCOVERY)
            self.store.commit()
        return robots

    async def _worker(self) -> None:
        assert self.frontier is not None
        while True:
            entry = await self.frontier.get()
            if entry is None:
                return
            try:
                await self._visit(entry.url)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug on one page must not stop the crawl; the row says what
                log.exception("crawling %s failed", entry.url)
                self.store.update(entry.url, state=FAILED, reason="crawl_error", detail=f"{type(exc).__name__}: {exc}")
                self.store.commit()
                self.summary.failed["crawl_error"] += 1
            finally:
                self.frontier.task_done(entry)
                if self.progress is not None:
                    self.progress.update(self.summary, len(self.frontier))

    def _budget_spent(self) -> bool:
        return self.cfg.max_pages is not None and self._started >= self.cfg.max_pages

    async def _visit(self, url: str) -> None:
        """Fetch one queued URL and handle what comes back."""
        assert self.fetcher is not None and self.frontier is not None
        st = self.store
        row = st.get(url)
        if row is None or row.state != QUEUED or url in self._taken:
            return  # taken meanwhile (the target of a redirect, or queued twice)
        self._taken.add(url)
        if self._since and row.known_date and row.known_date < self._since and not row.seed:
            self._skip(url, "too_old", f"dated {row.known_date}, before --since {self._since}")
            return
        robots = await self._read_robots(url)
        if robots.unavailable:
            self._fail(url, F.ROBOTS_UNAVAILABLE, robots.unavailable)
            return
        if not robots.allowed(url):
            self._skip(url, F.ROBOTS, "disallowed by robots.txt")
            return
        if self._budget_spent():
            self.frontier.close()
            return
        self._started += 1
        stored = row.sha256 if row.sha256 and st.objects.has(row.sha256) else None
        res = await self.fetcher.fetch(url, etag=row.etag if stored else None,
                                       last_modified=row.last_modified if stored else None, follow=self._unknown)
        if res.not_modified and not stored:  # a 304 we did not ask for: ask again plainly
            res = await self.fetcher.fetch(url, follow=self._unknown)
        attempts = row.attempts + res.attempts
        if res.reason is not None:
            if url in self._probes and res.status == 404:
                st.update(url, state=SKIPPED, reason="no_sitemap", detail="no /sitemap.xml", status=404,
                          attempts=attempts, fetched_at=time.time())
                st.commit()
                return
            state = SKIPPED if res.reason in F.SKIP_REASONS else FAILED
            st.update(url, state=state, reason=res.reason, detail=res.detail, status=res.status,
                      attempts=attempts, fetched_at=time.time(), final_url=res.final_url)
            st.commit()
            (self.summary.skipped if state == SKIPPED else self.summary.failed)[res.reason] += 1
            return
        target = url
        final = normalize_url(res.final_url) or url
        if final != url:
            frow = st.get(final)
            st.update(url, state=DONE, page_type="redirect", final_url=final, status=res.status, attempts=attempts,
                      fetched_at=time.time())
            self.summary.pages["redirect"] += 1
            if res.redirect_not_followed or (frow is not None and frow.state != QUEUED):
                st.commit()
                return  # the page it leads to is known already
            if frow is None:
                st.add(final, F.host_of(final), row.kind, hint=url_hint(final), depth=row.depth,
                       priority=row.priority, source=url, known_date=row.known_date)
            target = final
        if res.not_modified:
            assert stored is not None
            body, sha = st.objects.get(stored), stored
            self.summary.not_modified += 1
            st.update(target, state=FETCHED, status=304, attempts=attempts, fetched_at=time.time())
        else:
            body = res.body
            sha = st.objects.put(body)
            self.summary.fetched += 1
            st.update(target, state=FETCHED, status=res.status, sha256=sha, content_type=res.content_type,
                      etag=res.headers.get("etag"), last_modified=res.headers.get("last-modified"),
                      fetched_at=time.time(), attempts=attempts, reason=None, detail=None)
        st.commit()  # the page is safe in the store: a stop from here on never fetches it again
        trow = st.get(target)
        assert trow is not None
        await self._process(trow, body)

    def _unknown(self, url: str) -> bool:
        """Whether a redirect hop leads to a page not yet fetched (else it is not followed)."""
        norm = normalize_url(url)
        row = self.store.get(norm) if norm else None
        return row is None or row.state == QUEUED

    def _skip(self, url: str, reason: str, detail: str) -> None:
        self.store.update(url, state=SKIPPED, reason=reason, detail=detail)
        self.store.commit()
        self.summary.skipped[reason] += 1

    async def _finish_leftovers(self) -> None:
        """Pages a stopped run fetched but did not handle, and stored articles whose record is not in OUT."""
        st = self.store
        for row in st.rows("state=?", (FETCHED,)):
            if row.sha256 and st.objects.has(row.sha256):
                await self._process(row, st.objects.get(row.sha256))
            else:
                st.update(row.url, state=QUEUED)
                assert self.frontier is not None
                self.frontier.push(row.url, row.host, row.priority, row.id)
        if not self.cfg.extract:
            return
        for row in st.rows("state=? AND page_type='article' AND outcome IN ('recorded', 'stored')", (DONE,)):
            if row.url not in self._recorded and row.sha256 and st.objects.has(row.sha256):
                await self._article(row, st.objects.get(row.sha256), published=None, canonical=None)
                st.commit()

    # -- what a page is -------------------------------------------------------------------------

    async def _process(self, row: UrlRow, body: bytes) -> None:
        st = self.store
        ctype = row.content_type or ""
        mime = ctype.split(";", 1)[0].strip().lower()
        if body[:2] == b"\x1f\x8b":  # a .gz sitemap sent as a file, not as Content-Encoding
            unpacked = F.gunzip_limited(body, self.cfg.fetch.max_bytes)
            if unpacked is None:
                self._fail(row.url, F.TOO_LARGE, "gzip file unpacks to more than the size limit")
                return
            body = unpacked
        page_type: Optional[str] = None
        parsed = parse_feed_or_sitemap(body, mime, row.kind)
        if parsed is not None:
            page_type, links = parsed
            for link in links:
                self._add(link, depth=row.depth + 1, source=row.url)
        if page_type is None:
            if mime and mime not in F.HTML_TYPES and not body[:512].lstrip().startswith(b"<"):
                self._fail(row.url, "unparsable", f"a {mime} document that is neither HTML nor a sitemap or feed")
                return
            page = parse_html(body, ctype, row.url)
            for link in page.links:
                self._add(link, depth=row.depth + 1, source=row.url)
            score, why = article_score(page, row.url)
            log.debug("%s: score %d (%s)", row.url, score, "; ".join(why))
            page_type = "article" if score >= ARTICLE_THRESHOLD else "listing"
            st.update(row.url, page_type=page_type)
            if page_type == "article":
                self.summary.articles += 1
                await self._article(row, body, published=page.published, canonical=page.canonical)
        if page_type != "article":
            self.summary.pages[page_type] += 1
        st.update(row.url, state=DONE, page_type=page_type)
        st.commit()

    def _fail(self, url: str, reason: str, detail: str) -> None:
        self.store.update(url, state=FAILED, reason=reason, detail=detail)
        self.store.commit()
        self.summary.failed[reason] += 1

    def _add(self, link: Link, *, depth: int, source: str, priority: Optional[int] = None) -> None:
        """Queue a link found on a page, if it is on an allowed host and worth a request."""
        url = normalize_url(link.url)
        if url is None or skip_url(url) and link.kind == "page":
            return
        if not self.scope.allows(url):
            self.summary.off_host_links += 1
            return
        if link.kind == "page" and link.hint == "other" and not link.listed and depth > self.cfg.max_depth:
            return
        known = link.date or (url_date(url) if link.kind == "page" else None)
        state, reason = QUEUED, None
        if self._since and known and known < self._since and link.kind == "page":
            state, reason = SKIPPED, "too_old"
        prio = priority if priority is not None else (PRIO_DISCOVERY if link.kind != "page"
                                                      else _PRIORITY.get(link.hint, PRIO_OTHER))
        rid = self.store.add(url, F.host_of(url), link.kind, hint=link.hint, depth=depth, priority=prio,
                             known_date=known, source=source, state=state, reason=reason)
        if rid is None:
            return
        if state == SKIPPED:
            self.summary.skipped["too_old"] += 1
        elif self.frontier is not None:
            self.frontier.push(url, F.host_of(url), prio, rid)

    async def _article(self, row: UrlRow, body: bytes, *, published: Optional[str],
                       canonical: Optional[str]) -> None:
        """Record an article page (once), unless it is too old or a copy of one already recorded."""
        st = self.store
        if self._since and published and published < self._since:
            st.update(row.url, outcome="too_old", detail=f"published {published}")
            self.summary.skipped["too_old"] += 1
            return
        sha = row.sha256 or ""
        other = st.sha_recorded(sha, row.url) if sha else None
        if canonical and canonical != row.url and other is None:
            crow = st.get(canonical)
            if crow is not None and crow.page_type == "article" and crow.outcome in ("recorded", "stored"):
                other = canonical
        if other is not None or sha in self._shas_in_progress:
            st.update(row.url, outcome="duplicate", detail=f"same article as {other or 'another page'}")
            self.summary.skipped["duplicate"] += 1
            return
        if not self.cfg.extract:
            st.update(row.url, outcome="stored")
            return
        if row.url in self._recorded:
            st.update(row.url, outcome="recorded")
            return
        self._shas_in_progress.add(sha)
        try:
            loop = asyncio.get_running_loop()
            record, reason, detail = await loop.run_in_executor(
                self._pool, extract_page, body, row.url, row.content_type or "", self.cfg.use_ner)
        finally:
            self._shas_in_progress.discard(sha)
        if record is None:
            st.update(row.url, outcome=reason, detail=detail)
            self.summary.failed[reason] += 1
            return
        if self._since and record.published and record.published < self._since:
            st.update(row.url, outcome="too_old", detail=f"published {record.published}")
            self.summary.skipped["too_old"] += 1
            return
        record.url = row.url
        self.out.write_lines([record.model_dump_json()])  # flushed: on disk before the row says so
        self._recorded.add(row.url)
        st.update(row.url, outcome="recorded", detail=None)
        self.summary.records += 1


def run_crawl(start_urls: Iterable[str], out: str | os.PathLike, *, store_dir: str | os.PathLike | None = None,
              config: Optional[CrawlConfig] = None, transport: Optional[httpx.AsyncBaseTransport] = None,
              progress: Any = None) -> CrawlSummary:
    """Crawl from ``start_urls``, appending new article records to ``out``; return the summary.

    ``store_dir`` (default: beside ``out``, see ``default_store``) keeps the
    pages and the crawl state, so running again resumes or refreshes.
    """
    sdir = Path(store_dir) if store_dir else default_store(out)
    with store_lock(sdir):
        store = CrawlStore(sdir)
        try:
            crawler = Crawler(config or CrawlConfig(), store, out, transport=transport, progress=progress)
            return asyncio.run(crawler.run(list(start_urls)))
        finally:
            store.close()


# --- command line --------------------------------------------------------------------------------


class CrawlProgress:
    """A live line on stderr: pages fetched, articles, records, queue, failures."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("crawl {task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=False)
        self.task: Any = None

    def start(self) -> None:
        """Show the line."""
        self.progress.start()
        self.task = self.progress.add_task("starting", total=None)

    def update(self, s: CrawlSummary, queued: int) -> None:
        """Show the counts so far."""
        failed = sum(s.failed.values())
        self.progress.update(self.task, description=f"{s.fetched + s.not_modified} fetched · {s.articles} articles · "
                                                    f"{s.records} records · {queued} queued · {failed} failed")

    def stop(self) -> None:
        """Leave the last state on screen."""
        self.progress.stop()


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _seconds(text: str) -> float:
    x = float(text)
    if x < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return x


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date as YYYY-MM-DD") from None


#: ``FetchConfig`` fields set on the command line, each by the option of its name (``--per-host``).
_FETCH_OPTIONS = ("delay", "concurrency", "per_host", "timeout", "retries", "max_bytes")


def _fetch_option(p: argparse.ArgumentParser, d: F.FetchConfig, name: str, kind: Callable[[str], Any],
                  metavar: str, text: str, spec: str = "") -> None:
    """The option for ``FetchConfig.<name>``, its default (formatted by ``spec``) told in the help."""
    default = getattr(d, name)
    p.add_argument("--" + name.replace("_", "-"), type=kind, default=default, metavar=metavar,
                   help=f"{text} (default {default:{spec}})")


def _cmd_crawl(args: argparse.Namespace) -> int:
    from .cli import EXIT_FAILURES, EXIT_OK

    fcfg = F.FetchConfig(**{name: getattr(args, name) for name in _FETCH_OPTIONS})
    cfg = CrawlConfig(fetch=fcfg, max_pages=args.max_pages, since=args.since, allow_hosts=tuple(args.allow_host),
                      max_depth=args.max_depth, extract=not args.fetch_only, use_ner=not args.no_ner)
    show = not args.quiet and sys.stderr.isatty()
    summary = run_crawl(args.start_urls, args.output, store_dir=args.store, config=cfg,
                        progress=CrawlProgress() if show else None)
    for i, line in enumerate(summary.lines()):
        print(("thainews crawl: " if i == 0 else "  ") + line, file=sys.stderr)
    nothing = summary.fetched + summary.not_modified == 0 and (summary.failed or summary.skipped)
    return EXIT_FAILURES if nothing else EXIT_OK


def add_cli(subparsers) -> None:
    """Add the ``crawl`` verb to the ``thainews`` command."""
    d = F.FetchConfig()
    p = subparsers.add_parser(
        "crawl", help="find a news site's articles and extract them, politely and resumably",
        description="Crawl from START_URLs (a site's home, section or feed pages): read robots.txt, its "
                    "sitemaps, feeds and listing pages, fetch the article pages and write one record per "
                    "article to OUT (JSON Lines). robots.txt and its Crawl-delay are always obeyed. Pages and "
                    "the crawl state are kept in the store: stop at any time and run the same command to "
                    "continue; run it after a finished crawl to pick up new articles (unchanged pages are "
                    "not downloaded again).")
    p.add_argument("start_urls", nargs="+", metavar="START_URL")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="JSON Lines file of records (appended to)")
    p.add_argument("--store", metavar="DIR", help="pages and crawl state (default: OUT's name with .store)")
    p.add_argument("--max-pages", type=_positive, metavar="N", help="fetch at most N pages in this run")
    p.add_argument("--since", type=_date, metavar="DATE", help="skip articles published before YYYY-MM-DD")
    _fetch_option(p, d, "concurrency", _positive, "N", "requests at once in all")
    _fetch_option(p, d, "per_host", _positive, "N", "requests at once to one host")
    _fetch_option(p, d, "delay", _seconds, "S", "least seconds between requests to a host; a larger Crawl-delay wins",
                  "g")
    p.add_argument("--allow-host", action="append", default=[], metavar="H",
                   help="also follow links to host H (repeatable); the start hosts are always allowed")
    p.add_argument("--max-depth", type=int, default=1, metavar="N",
                   help="follow links that look like neither an article nor a listing only this many "
                        "links away from a start page (default 1)")
    _fetch_option(p, d, "timeout", _seconds, "S", "seconds to wait for a server", "g")
    _fetch_option(p, d, "retries", int, "N", "tries after the first on errors, 5xx and 429")
    _fetch_option(p, d, "max_bytes", _positive, "N", "largest page kept, in bytes", ",")
    p.add_argument("--fetch-only", action="store_true",
                   help="keep the pages in the store but write no records (extract later from the store)")
    p.add_argument("--no-ner", action="store_true", help="rules only (faster; no trained model)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=_cmd_crawl)
