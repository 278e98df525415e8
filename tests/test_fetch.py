"""The polite fetcher: robots.txt rules, retries and backoff, redirects, size limits.

Network-free: every HTTP exchange goes through ``httpx.MockTransport``.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import time

import httpx
import pytest

from extractor import fetch as F
from extractor.fetch import FetchConfig, Fetcher, Robots

# --- robots.txt ----------------------------------------------------------------------------------

ROBOTS = """\
# comment line
User-agent: *
Disallow: /private/
Allow: /private/open-day$
Disallow: /*?print=
Disallow: /search
Allow: /search/help
Crawl-delay: 0.5

User-agent: BadBot
Disallow: /

Sitemap: https://news.example/sitemap.xml
Sitemap: https://news.example/news.xml.gz
"""


@pytest.mark.parametrize("path, allowed", [
    ("/", True),
    ("/2023/08/12/story/", True),
    ("/private/memo", False),
    ("/private/open-day", True),            # a longer Allow wins
    ("/private/open-day/more", False),      # ... but only where its $ anchor matches
    ("/news/1?print=1", False),             # wildcard in the middle
    ("/news/1?page=2", True),
    ("/search?q=x", False),
    ("/search/help", True),
    ("/robots.txt", True),                  # robots.txt itself is always allowed
])
def test_robots_rules_longest_match(path: str, allowed: bool) -> None:
    assert Robots(ROBOTS).allowed("https://news.example" + path) is allowed


def test_robots_reads_crawl_delay_fractions_and_sitemaps() -> None:
    r = Robots(ROBOTS)
    assert r.crawl_delay == 0.5  # urllib.robotparser would drop a fractional delay
    assert r.sitemaps == ["https://news.example/sitemap.xml", "https://news.example/news.xml.gz"]


def test_robots_group_for_our_token_wins_over_star() -> None:
    text = "User-agent: *\nDisallow: /\nCrawl-delay: 9\n\nUser-agent: thainews\nDisallow: /tmp/\nCrawl-delay: 2\n"
    r = Robots(text)
    assert r.allowed("https://x.example/news/1")
    assert not r.allowed("https://x.example/tmp/a")
    assert r.crawl_delay == 2


def test_robots_agent_lines_grouped_and_empty_disallow() -> None:
    text = "User-agent: otherbot\nUser-agent: thainews\nDisallow:\n\nUser-agent: *\nDisallow: /\n"
    assert Robots(text).allowed("https://x.example/anything")
    assert not Robots("User-agent: *\nDisallow: /\n").allowed("https://x.example/anything")
    assert Robots("", allow_all=True).allowed("https://x.example/a")
    assert not Robots(unavailable="503").allowed("https://x.example/a")


# --- Retry-After and gzip ------------------------------------------------------------------------


def test_parse_retry_after() -> None:
    now = time.time()
    assert F.parse_retry_after("7") == 7.0
    http_date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= F.parse_retry_after(http_date, now=now) <= 31
    assert F.parse_retry_after(email.utils.formatdate(now - 100, usegmt=True), now=now) == 0.0
    assert F.parse_retry_after("soon") is None
    assert F.parse_retry_after(None) is None


def test_gunzip_limited() -> None:
    data = gzip.compress(b"x" * 1000)
    assert F.gunzip_limited(data, 1000) == b"x" * 1000
    assert F.gunzip_limited(data, 999) is None


# --- the fetcher over a mock transport -----------------------------------------------------------

FAST = dict(delay=0.0, retries=2, backoff_base=0.01, backoff_max=0.05, timeout=2.0, total_timeout=5.0)
THAI = "ข่าวจังหวัดลำปาง ผู้ว่าราชการจังหวัดเป็นประธานเปิดงาน"
PAGE = ("<html><body><p>" + THAI + "</p></body></html>").encode()


def run_fetch(handler, url: str = "https://news.example/news/1", *, allow_url=None, config=None, **kw):
    """Fetch one URL through a MockTransport; return (result, requests seen)."""
    seen: list[httpx.Request] = []

    async def wrapped(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt" and not getattr(handler, "robots", False):
            return httpx.Response(404)
        res = handler(request)
        return await res if asyncio.iscoroutine(res) else res

    async def go():
        async with Fetcher(config or FetchConfig(**FAST), allow_url=allow_url,
                           transport=httpx.MockTransport(wrapped)) as f:
            return await f.fetch(url, **kw)

    return asyncio.run(go()), seen


def html(body: bytes = PAGE, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": "text/html; charset=utf-8", **headers})


def test_user_agent_names_the_tool() -> None:
    res, seen = run_fetch(lambda r: html())
    assert res.ok and res.body == PAGE
    assert all(r.headers["user-agent"] == F.USER_AGENT for r in seen)
    assert F.USER_AGENT.startswith("thainews/") and "+https://" in F.USER_AGENT


def test_5xx_then_200_is_retried() -> None:
    calls = iter([html(b"down", 503), html(b"down", 502), html()])
    res, seen = run_fetch(lambda r: next(calls))
    assert res.ok and res.attempts == 3
    assert [r.url.path for r in seen] == ["/robots.txt", "/news/1", "/news/1", "/news/1"]


def test_retries_run_out_with_the_last_reason() -> None:
    res, seen = run_fetch(lambda r: html(b"down", 500))
    assert res.reason == "http_500" and res.status == 500 and res.attempts == 3


def test_404_is_not_retried() -> None:
    res, seen = run_fetch(lambda r: html(b"gone", 404))
    assert res.reason == "http_404" and res.attempts == 1


def test_connection_errors_are_retried_then_recorded() -> None:
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    res, _ = run_fetch(refuse)
    assert res.reason == F.CONNECT_ERROR and res.attempts == 3 and "refused" in res.detail


def test_timeouts_are_recorded() -> None:
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    res, _ = run_fetch(slow)
    assert res.reason == F.TIMEOUT and res.attempts == 3


def test_429_honours_retry_after_seconds() -> None:
    calls = iter([html(b"busy", 429, **{"retry-after": "1"}), html()])
    started = time.monotonic()
    res, _ = run_fetch(lambda r: next(calls))
    assert res.ok and res.attempts == 2
    assert time.monotonic() - started >= 0.95  # the backoff alone would be ~0.01 s


def test_retry_after_over_the_cap_gives_up() -> None:
    cfg = FetchConfig(**{**FAST, "retry_after_cap": 5.0})
    future = email.utils.formatdate(time.time() + 3600, usegmt=True)
    res, seen = run_fetch(lambda r: html(b"busy", 503, **{"retry-after": future}), config=cfg)
    assert res.reason == "http_503" and res.attempts == 1 and "wait" in res.detail
    assert len([r for r in seen if r.url.path == "/news/1"]) == 1


def test_declared_body_over_the_limit_is_not_read() -> None:
    cfg = FetchConfig(**{**FAST, "max_bytes": 1000})
    res, _ = run_fetch(lambda r: html(b"x" * 5000), config=cfg)
    assert res.reason == F.TOO_LARGE and res.body == b"" and "Content-Length" in res.detail


def test_streamed_body_over_the_limit_is_cut_off() -> None:
    cfg = FetchConfig(**{**FAST, "max_bytes": 10_000})
    produced = []

    async def endless():
        for _ in range(1000):  # 1 MB in all if read to the end
            produced.append(1)
            yield b"y" * 1000

    res, _ = run_fetch(lambda r: httpx.Response(200, content=endless(), headers={"content-type": "text/html"}),
                       config=cfg)
    assert res.reason == F.TOO_LARGE and "cut off" in res.detail
    assert len(produced) <= 12  # stopped right after the limit, not read into memory


def test_gzip_content_encoding_is_decoded() -> None:
    res, _ = run_fetch(lambda r: html(gzip.compress(PAGE), **{"content-encoding": "gzip"}))
    assert res.ok and res.body == PAGE


@pytest.mark.parametrize("ctype, ok", [
    ("image/png", False), ("application/pdf", False), ("application/json", False),
    ("text/html; charset=tis-620", True), ("application/xhtml+xml", True), ("application/rss+xml", True),
    ("application/xml", True), ("", True),
])
def test_only_html_and_xml_are_read(ctype: str, ok: bool) -> None:
    res, _ = run_fetch(lambda r: httpx.Response(200, content=b"<x/>", headers={"content-type": ctype}))
    assert res.ok is ok
    if not ok:
        assert res.reason == F.NOT_HTML


def test_redirects_are_followed_hop_by_hop() -> None:
    def site(request):
        if request.url.path == "/a":
            return httpx.Response(301, headers={"location": "/b"})
        if request.url.path == "/b":
            return httpx.Response(302, headers={"location": "https://news.example/c"})
        return html()

    res, _ = run_fetch(site, "https://news.example/a")
    assert res.ok and res.final_url == "https://news.example/c" and res.redirects == [
        "https://news.example/b", "https://news.example/c"]


def test_redirect_loop_is_detected() -> None:
    def site(request):
        return httpx.Response(302, headers={"location": "/b" if request.url.path == "/a" else "/a"})

    res, seen = run_fetch(site, "https://news.example/a")
    assert res.reason == F.REDIRECT_LOOP
    assert len(seen) == 3  # robots, /a, /b — and not /a again


def test_redirect_limit() -> None:
    cfg = FetchConfig(**{**FAST, "max_redirects": 3})

    def site(request):
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})

    res, _ = run_fetch(site, "https://news.example/0", config=cfg)
    assert res.reason == F.TOO_MANY_REDIRECTS


def test_redirect_off_the_allowed_hosts_is_not_followed() -> None:
    def site(request):
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"location": "https://ads.example/landing"})
        raise AssertionError("must not be requested")

    res, seen = run_fetch(site, allow_url=lambda u: "//news.example/" in u)
    assert res.reason == F.OFF_HOST and "ads.example" in res.detail
    assert all(r.url.host == "news.example" for r in seen)


def test_redirect_into_a_disallowed_path_stops() -> None:
    def site(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
        if request.url.path == "/news/1":
            return httpx.Response(302, headers={"location": "/private/x"})
        raise AssertionError("must not be requested")

    site.robots = True
    res, seen = run_fetch(site)
    assert res.reason == F.ROBOTS and "redirect" in res.detail
    assert "/private/x" not in [r.url.path for r in seen]


def test_redirect_to_a_known_page_is_not_followed() -> None:
    res, seen = run_fetch(lambda r: httpx.Response(301, headers={"location": "/old"}),
                          follow=lambda u: not u.endswith("/old"))
    assert res.redirect_not_followed and res.final_url == "https://news.example/old"
    assert [r.url.path for r in seen] == ["/robots.txt", "/news/1"]


def test_conditional_request_and_304() -> None:
    def site(request):
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return html(**{"etag": '"v1"'})

    res, seen = run_fetch(site, etag='"v1"', last_modified="Sat, 12 Aug 2023 03:15:00 GMT")
    assert res.not_modified and not res.ok
    assert seen[-1].headers["if-modified-since"] == "Sat, 12 Aug 2023 03:15:00 GMT"


@pytest.mark.parametrize("robots_status, reason", [(404, None), (403, None), (503, F.ROBOTS_UNAVAILABLE)])
def test_robots_txt_errors(robots_status: int, reason) -> None:
    def site(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(robots_status)
        return html()

    site.robots = True
    res, seen = run_fetch(site)
    assert res.reason == reason
    if reason:  # an unreadable robots.txt: the page itself is never asked for
        assert "/news/1" not in [r.url.path for r in seen]


def test_robots_read_once_and_crawl_delay_spaces_requests() -> None:
    """Crawl-delay is kept between request starts even with several requests to the host at once."""
    paths: list[str] = []

    async def site(request):
        paths.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 0.1\n")
        await asyncio.sleep(0.01)
        return html()

    async def go():
        cfg = FetchConfig(**{**FAST, "per_host": 3, "concurrency": 6})
        async with Fetcher(cfg, transport=httpx.MockTransport(site)) as f:
            f.gate.keep_log = True
            results = await asyncio.gather(*(f.fetch(f"https://news.example/n/{i}") for i in range(5)))
            return results, f.gate.log

    results, log = asyncio.run(go())
    assert all(r.ok for r in results)
    assert paths.count("/robots.txt") == 1
    starts = [t for host, t in log]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(gaps) == 5 and min(gaps) >= 0.1


def test_per_host_concurrency_is_bounded() -> None:
    inflight = {"now": 0, "max": 0}

    async def site(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        inflight["now"] += 1
        inflight["max"] = max(inflight["max"], inflight["now"])
        await asyncio.sleep(0.05)
        inflight["now"] -= 1
        return html()

    async def go():
        cfg = FetchConfig(**{**FAST, "per_host": 2, "concurrency": 8})
        async with Fetcher(cfg, transport=httpx.MockTransport(site)) as f:
            return await asyncio.gather(*(f.fetch(f"https://news.example/n/{i}") for i in range(8)))

    assert all(r.ok for r in asyncio.run(go()))
    assert inflight["max"] == 2
