"""Polite HTTP fetching: robots.txt, per-host rate limits, retries, redirects and a body size limit.

One ``Fetcher`` (an ``httpx.AsyncClient`` underneath) serves a whole crawl::

    async with Fetcher(FetchConfig(delay=1.0), allow_url=hosts.allows) as f:
        res = await f.fetch("https://example.com/news/123")
        if res.ok: ...                 # res.body (bytes, decoded of Content-Encoding), res.headers
        else: res.reason, res.detail   # e.g. "robots", "too_large", "http_404", "timeout"

Every request, retries and redirect hops included, waits its turn at the
host's gate: at most ``per_host`` at once, and starts at least
``max(Crawl-delay, delay)`` seconds apart. robots.txt is read once per origin
and obeyed on every hop; a redirect is followed here, not by httpx, so each
hop is checked against robots and the host allow-list. Nothing here raises
for a bad page: every outcome is a ``FetchResult`` with a reason in words.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import re
import time
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__

log = logging.getLogger(__name__)

#: The product token robots.txt groups are matched against.
UA_TOKEN = "thainews"
#: Sent with every request, so a site's operator can see who we are and where to read about it.
USER_AGENT = f"{UA_TOKEN}/{__version__} (+https://example.invalid/thai-news-extractor)"

# --- reasons a fetch did not give a page (also used by the crawler's summary) -------------------
ROBOTS = "robots"                    # robots.txt disallows the URL (or a redirect hop)
OFF_HOST = "off_host"                # a redirect leaves the allowed hosts
NOT_HTML = "not_html"                # a content type we do not parse (images, PDF, JSON ...)
TOO_LARGE = "too_large"              # the body passed the size limit (cut off while streaming)
TIMEOUT = "timeout"
CONNECT_ERROR = "connect_error"
REDIRECT_LOOP = "redirect_loop"
TOO_MANY_REDIRECTS = "too_many_redirects"
BAD_REDIRECT = "bad_redirect"        # a 3xx without a usable Location
BAD_URL = "bad_url"
ROBOTS_UNAVAILABLE = "robots_unavailable"  # robots.txt answered 5xx or not at all: the site is off limits
DECODE_ERROR = "decode_error"        # a Content-Encoding that does not decode

#: Reasons that are the site's or our own choice, not an error: shown as "skipped" in summaries.
SKIP_REASONS = frozenset({ROBOTS, OFF_HOST, NOT_HTML})

#: Content types parsed as pages, and those read for discovery (sitemaps, feeds).
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
             "application/rdf+xml", "application/gzip", "application/x-gzip", "text/plain")


def html_or_xml(content_type: str, url: str) -> bool:
    """Whether a response of ``content_type`` is worth reading for a crawl (HTML, or XML/RSS/gzip)."""
    ct = content_type.split(";", 1)[0].strip().lower()
    if not ct:
        return True  # no label: the crawler sniffs the bytes
    if ct in HTML_TYPES or ct in XML_TYPES or ct.endswith("+xml"):
        return True
    # sitemaps are often served as a download; trust the name then
    return ct in ("application/octet-stream", "binary/octet-stream") and url.lower().split("?")[0].endswith(
        (".xml", ".gz", ".rss", ".atom"))


@dataclass
class FetchConfig:
    """Timing and limits of a Fetcher. Every knob is here so tests can make it fast."""

    user_agent: str = USER_AGENT
    #: Minimum seconds between request starts to one host (robots Crawl-delay raises it, never lowers).
    delay: float = 1.0
    #: Requests at once in all, and to one host.
    concurrency: int = 4
    per_host: int = 2
    #: Seconds to connect / wait for data between bytes; ``total_timeout`` bounds one whole attempt.
    timeout: float = 20.0
    total_timeout: float = 60.0
    #: Attempts after the first on a connection error, timeout, 5xx or 429.
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    #: Longest Retry-After we wait for; a server asking for more is not asked again.
    retry_after_cap: float = 120.0
    max_redirects: int = 5
    #: Bytes of (decoded) body kept; past this the response is cut off and recorded ``too_large``.
    max_bytes: int = 8 * 1024 * 1024
    #: Seconds added to a host's non-zero interval: a request can leave a few ms after its turn (the event
    #: loop was busy), which would bring it closer to the next one than the Crawl-delay as the server sees it.
    interval_slack: float = 0.02
    #: Keep (host, start time) of every request in ``Fetcher.gate.log`` (tests, benchmarks).
    log_requests: bool = False


@dataclass
class FetchResult:
    """What one fetch gave: a page (``ok``), a 304 (``not_modified``), or a reason it did not."""

    url: str
    final_url: str
    status: Optional[int] = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    reason: Optional[str] = None
    detail: str = ""
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """A 2xx page was read whole."""
        return self.reason is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional request: the stored copy is current."""
        return self.reason is None and self.status == 304

    @property
    def redirect_not_followed(self) -> bool:
        """A redirect the caller chose not to follow (``follow`` said no): ``final_url`` is where it leads."""
        return self.reason is None and self.status in (301, 302, 303, 307, 308)

    @property
    def content_type(self) -> str:
        """The Content-Type header ('' when absent)."""
        return self.headers.get("content-type", "")


#: Response headers kept with a page (enough for conditional re-fetch and decoding).
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-encoding", "date")


# --- robots.txt ----------------------------------------------------------------------------------


@dataclass
class _Group:
    agents: list[str]
    rules: list[tuple[bool, re.Pattern[str], int]] = field(default_factory=list)  # (allow, pattern, length)
    delay: Optional[float] = None


class Robots:
    """robots.txt rules for one origin (RFC 9309: longest match wins, ``*`` and ``$`` in paths).

    The group for our product token is used when there is one, else the ``*``
    group. ``Crawl-delay`` (a number of seconds, fractions allowed) is read from
    the same group. ``Sitemap:`` lines are collected whatever group they are in.
    """

    def __init__(self, text: str = "", *, allow_all: bool = False, disallow_all: bool = False,
                 ua_token: str = UA_TOKEN, unavailable: str = "") -> None:
        self.allow_all = allow_all
        self.disallow_all = disallow_all or bool(unavailable)
        #: Why robots.txt could not be read (then nothing on the site is fetched), or "".
        self.unavailable = unavailable
        self.sitemaps: list[str] = []
        self.crawl_delay: Optional[float] = None
        self._rules: list[tuple[bool, re.Pattern[str], int]] = []
        if text and not (allow_all or disallow_all):
            self._parse(text, ua_token.lower())

    def _parse(self, text: str, token: str) -> None:
        groups: list[_Group] = []
        current: Optional[_Group] = None
        last_was_agent = False
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (s.strip() for s in line.split(":", 1))
            key = key.lower()
            if key == "sitemap":
                if value:
                    self.sitemaps.append(value)
                continue
            if key == "user-agent":
                if not last_was_agent or current is None:
                    current = _Group(agents=[])
                    groups.append(current)
                current.agents.append(value.lower())
                last_was_agent = True
                continue
            last_was_agent = False
            if current is None:
                continue  # rules before any User-agent line belong to no group
            if key in ("allow", "disallow"):
                if not value:
                    continue  # "Disallow:" with nothing allows everything
                current.rules.append((key == "allow", _path_pattern(value), len(value)))
            elif key == "crawl-delay":
                with contextlib.suppress(ValueError):
                    current.delay = max(0.0, float(value))
        ours = [g for g in groups if any(a != "*" and a in token for a in g.agents)]
        chosen = ours or [g for g in groups if "*" in g.agents]
        for g in chosen:  # several groups for the same agent are merged (RFC 9309 2.2.1)
            self._rules.extend(g.rules)
            if g.delay is not None:
                self.crawl_delay = max(self.crawl_delay or 0.0, g.delay)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (its path and query)."""
        if self.disallow_all:
            return False
        if self.allow_all or not self._rules:
            return True
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best: Optional[tuple[int, bool]] = None
        for allow, pattern, length in self._rules:
            if pattern.match(path) and (best is None or length > best[0] or (length == best[0] and allow)):
                best = (length, allow)
        return True if best is None else best[1]


def _path_pattern(value: str) -> re.Pattern[str]:
    anchored = value.endswith("$")
    body = value[:-1] if anchored else value
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


# --- per-host gate -------------------------------------------------------------------------------


class HostGate:
    """Per-host politeness: at most ``per_host`` requests at once, starts ``interval`` seconds apart."""

    def __init__(self, per_host: int, default_interval: float, slack: float = 0.0) -> None:
        self.per_host = per_host
        self.default_interval = default_interval
        self.slack = slack
        self._interval: dict[str, float] = {}
        self._next_at: dict[str, float] = {}
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        #: (host, monotonic start time) of every request let through, for tests and benchmarks.
        self.log: list[tuple[str, float]] = []
        self.keep_log = False

    def set_interval(self, host: str, seconds: float) -> None:
        """Requests to ``host`` start at least ``max(seconds, default)`` apart from now on.

        The request already made (robots.txt, as a rule) counts: the next one
        waits the new interval after it.
        """
        self._interval[host] = max(seconds, self.default_interval)
        if host in self._last_start:
            self._next_at[host] = max(self._next_at.get(host, 0.0), self._last_start[host] + self.interval(host))

    def interval(self, host: str) -> float:
        """The minimum seconds between request starts to ``host`` (plus the slack, when not 0)."""
        base = self._interval.get(host, self.default_interval)
        return base + self.slack if base > 0 else 0.0

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts for ``seconds`` (a server's Retry-After)."""
        self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + seconds)

    def ready_at(self, host: str) -> float:
        """The monotonic time the next request to ``host`` may start."""
        return self._next_at.get(host, 0.0)

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of the host's request slots, started no sooner than its interval allows."""
        sem = self._sems.get(host)
        if sem is None:
            sem = self._sems[host] = asyncio.Semaphore(self.per_host)
            self._locks[host] = asyncio.Lock()
        async with sem:
            # waiters pass one at a time and the next start is set from the real start time, so
            # a late wake-up (a busy event loop) can only widen the gap, never narrow it
            async with self._locks[host]:
                while True:
                    wait = self._next_at.get(host, 0.0) - time.monotonic()
                    if wait <= 0:
                        break
                    await asyncio.sleep(wait)  # a defer() meanwhile moves next_at: check again
                now = time.monotonic()
                self._last_start[host] = now
                self._next_at[host] = now + self.interval(host)
                if self.keep_log:
                    self.log.append((host, now))
            yield


# --- the fetcher ---------------------------------------------------------------------------------


class _Retry(Exception):
    """An attempt failed in a way worth another try; ``wait`` is a server-given delay, if any."""

    def __init__(self, reason: str, detail: str, status: Optional[int] = None, wait: Optional[float] = None):
        super().__init__(detail)
        self.reason, self.detail, self.status, self.wait = reason, detail, status, wait


class _Stop(Exception):
    """An attempt failed for good (too large, not HTML ...)."""

    def __init__(self, reason: str, detail: str, status: Optional[int] = None,
                 headers: Optional[dict[str, str]] = None):
        super().__init__(detail)
        self.reason, self.detail, self.status, self.headers = reason, detail, status, headers or {}


def host_of(url: str) -> str:
    """The ``host[:port]`` a URL's requests are rate-limited under."""
    return urlsplit(url).netloc.lower()


def origin_of(url: str) -> str:
    """``scheme://host[:port]``: what one robots.txt covers."""
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Fetcher:
    """A polite HTTP client for one crawl; use as ``async with Fetcher(cfg) as f``.

    ``allow_url(url) -> bool`` says whether a URL's host may be fetched (the
    crawl's host allow-list); a redirect elsewhere stops with ``off_host``.
    ``transport`` replaces the network (``httpx.MockTransport`` in tests).
    """

    def __init__(self, config: Optional[FetchConfig] = None, *,
                 allow_url: Optional[Callable[[str], bool]] = None,
                 accept: Callable[[str, str], bool] = html_or_xml,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.config = config or FetchConfig()
        self.allow_url = allow_url or (lambda _url: True)
        self.accept = accept
        self.gate = HostGate(self.config.per_host, self.config.delay, self.config.interval_slack)
        self.gate.keep_log = self.config.log_requests
        self._global = asyncio.Semaphore(self.config.concurrency)
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._transport = transport
        self._client: Optional[httpx.AsyncClient] = None
        #: Requests sent (all attempts, robots.txt included).
        self.requests = 0

    async def __aenter__(self) -> "Fetcher":
        c = self.config
        self._client = httpx.AsyncClient(
            headers={"User-Agent": c.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                                                           "*/*;q=0.5", "Accept-Language": "th,en;q=0.5"},
            timeout=httpx.Timeout(c.timeout), follow_redirects=False, transport=self._transport,
            limits=httpx.Limits(max_connections=c.concurrency + 2, max_keepalive_connections=c.concurrency + 2))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- robots -----------------------------------------------------------------------------------

    async def robots(self, url: str) -> Robots:
        """The robots.txt rules of ``url``'s origin, fetched once (and the host's Crawl-delay applied).

        As RFC 9309 says: a 4xx means no rules (all allowed); a 5xx or no
        answer at all means the site is off limits for this crawl.
        """
        origin = origin_of(url)
        if origin in self._robots:
            return self._robots[origin]
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._robots:
                return self._robots[origin]
            res = await self._fetch_chain(origin + "/robots.txt", {}, check_robots=False, any_host=True,
                                          max_bytes=512 * 1024, accept=lambda _ct, _u: True)
            if res.ok:
                rules = Robots(res.body.decode("utf-8", errors="replace"))
            elif not (res.reason in (TIMEOUT, CONNECT_ERROR) or (res.status or 0) >= 500):
                if res.status != 404:
                    log.info("%s/robots.txt: %s %s; taken as no rules", origin, res.reason, res.detail)
                rules = Robots(allow_all=True)
            else:
                log.warning("%s/robots.txt could not be read (%s); not crawling that site", origin, res.detail)
                rules = Robots(unavailable=f"robots.txt could not be read ({res.detail}), so the site is "
                                          "not crawled; try again later")
            if rules.crawl_delay is not None:
                self.gate.set_interval(host_of(origin), rules.crawl_delay)
                if rules.crawl_delay > 30:
                    log.warning("%s asks for %.0f s between requests (Crawl-delay); the crawl will be slow",
                                origin, rules.crawl_delay)
            self._robots[origin] = rules
            return rules

    # -- fetching ---------------------------------------------------------------------------------

    async def fetch(self, url: str, *, etag: Optional[str] = None, last_modified: Optional[str] = None,
                    max_bytes: Optional[int] = None, follow: Optional[Callable[[str], bool]] = None) -> FetchResult:
        """GET ``url`` politely: robots checked, redirects followed hop by hop, retries, size limit.

        ``etag``/``last_modified`` (from a stored copy) make the request
        conditional; a 304 comes back as ``not_modified``. ``follow(url)``
        False stops before a redirect hop (a page the caller already has):
        the result is then the 3xx, with ``final_url`` the hop not taken.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._fetch_chain(url, headers, check_robots=True, max_bytes=max_bytes or self.config.max_bytes,
                                       accept=self.accept, follow=follow)

    async def _fetch_chain(self, url: str, headers: dict[str, str], *, check_robots: bool, max_bytes: int,
                           accept: Callable[[str, str], bool], any_host: bool = False,
                           follow: Optional[Callable[[str], bool]] = None) -> FetchResult:
        result = FetchResult(url=url, final_url=url)
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                result.reason, result.detail = BAD_URL, f"not an http(s) URL: {current}"
                return result
            if current != url and not any_host and not self.allow_url(current):
                result.reason, result.detail = OFF_HOST, f"redirects to {current}, outside the allowed hosts"
                return result
            rules = await self.robots(current) if check_robots else None
            if rules is not None and rules.unavailable:
                result.reason, result.detail = ROBOTS_UNAVAILABLE, rules.unavailable
                return result
            if rules is not None and not rules.allowed(current):
                result.reason = ROBOTS
                result.detail = "disallowed by robots.txt" + (f" (after a redirect to {current})"
                                                              if current != url else "")
                return result
            await self._get_with_retries(current, headers, max_bytes, accept, result)
            if result.reason is not None or result.status is None or result.status not in (301, 302, 303, 307, 308):
                return result
            location = result.headers.get("location")
            if not location:
                result.reason, result.detail = BAD_REDIRECT, f"HTTP {result.status} without a Location header"
                return result
            nxt = urljoin(current, location.strip()).split("#", 1)[0]
            if nxt in seen:
                result.reason, result.detail = REDIRECT_LOOP, f"redirects back to {nxt}"
                return result
            seen.add(nxt)
            result.redirects.append(nxt)
            result.final_url = current = nxt
            if follow is not None and not follow(nxt):
                return result
        result.reason = TOO_MANY_REDIRECTS
        result.detail = f"more than {self.config.max_redirects} redirects"
        return result

    async def _get_with_retries(self, url: str, headers: dict[str, str], max_bytes: int,
                                accept: Callable[[str, str], bool], result: FetchResult) -> None:
        c = self.config
        host = host_of(url)
        for attempt in range(c.retries + 1):
            result.attempts += 1
            try:
                async with self._global, self.gate.slot(host):
                    self.requests += 1
                    status, hdrs, body = await asyncio.wait_for(
                        self._attempt(url, headers, max_bytes, accept), c.total_timeout)
            except _Stop as stop:
                result.reason, result.detail, result.status = stop.reason, stop.detail, stop.status
                result.headers = stop.headers
                return
            except _Retry as retry:
                result.reason, result.detail, result.status = retry.reason, retry.detail, retry.status
                if attempt >= c.retries:
                    return
                wait = retry.wait
                if wait is not None:
                    if wait > c.retry_after_cap:
                        result.detail += f"; the server asks to wait {wait:.0f} s, more than the " \
                                         f"{c.retry_after_cap:.0f} s we wait"
                        return
                    self.gate.defer(host, wait)  # everyone waits, not just this request
                else:
                    wait = min(c.backoff_max, c.backoff_base * 2 ** attempt) * random.uniform(0.5, 1.5)
                log.debug("retrying %s in %.2f s (%s: %s)", url, wait, retry.reason, retry.detail)
                await asyncio.sleep(wait)
                continue
            except asyncio.TimeoutError:
                result.reason, result.detail = TIMEOUT, f"no complete answer within {c.total_timeout:g} s"
                if attempt >= c.retries:
                    return
                await asyncio.sleep(min(c.backoff_max, c.backoff_base * 2 ** attempt) * random.uniform(0.5, 1.5))
                continue
            result.reason, result.detail = None, ""
            result.status, result.headers, result.body = status, hdrs, body
            return

    async def _attempt(self, url: str, headers: dict[str, str], max_bytes: int,
                       accept: Callable[[str, str], bool]) -> tuple[int, dict[str, str], bytes]:
        assert self._client is not None, "use the Fetcher as 'async with Fetcher(...) as f'"
        try:
            async with self._client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                kept = {k: resp.headers[k] for k in KEPT_HEADERS if k in resp.headers}
                if "location" in resp.headers:
                    kept["location"] = resp.headers["location"]
                if status == 429 or status >= 500:
                    wait = parse_retry_after(resp.headers.get("retry-after")) if status in (429, 503) else None
                    raise _Retry(f"http_{status}", f"HTTP {status} {resp.reason_phrase}".strip(), status, wait)
                if status == 304 or 300 <= status < 400:
                    return status, kept, b""
                if status >= 400:
                    raise _Stop(f"http_{status}", f"HTTP {status} {resp.reason_phrase}".strip(), status, kept)
                ctype = resp.headers.get("content-type", "")
                if not accept(ctype, url):
                    raise _Stop(NOT_HTML, f"content type {ctype.split(';')[0]} is not read", status, kept)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in resp.headers:
                    raise _Stop(TOO_LARGE, f"Content-Length {int(declared):,} bytes is over the "
                                           f"{max_bytes:,} byte limit", status, kept)
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():  # decoded of gzip/deflate: the limit bounds memory
                    size += len(chunk)
                    if size > max_bytes:
                        raise _Stop(TOO_LARGE, f"body is over the {max_bytes:,} byte limit (cut off)", status, kept)
                    chunks.append(chunk)
                return status, kept, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise _Retry(TIMEOUT, f"{type(exc).__name__}: no answer within {self.config.timeout:g} s") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                httpx.CloseError) as exc:
            raise _Retry(CONNECT_ERROR, f"{type(exc).__name__}: {exc}".rstrip(": ")) from None
        except httpx.DecodingError as exc:
            raise _Stop(DECODE_ERROR, f"the body cannot be decoded ({exc})") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise _Stop(BAD_URL, str(exc)) from None


# --- body helpers --------------------------------------------------------------------------------


def gunzip_limited(data: bytes, max_bytes: int) -> Optional[bytes]:
    """Decompress gzip ``data`` up to ``max_bytes``; None if the result would be larger."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        return None
    return out
