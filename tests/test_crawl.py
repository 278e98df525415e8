"""The crawler end to end against a real local HTTP server (tests/crawl_server.py), plus its parts.

The fixture site is ``fixtures/site`` (see its README): robots.txt with a
Disallow and a Crawl-delay, a sitemap index with a gzipped child, an RSS
feed, paginated listings, articles in several layouts and fault routes.
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawl_server import SITE_DIR, SiteServer
from extractor.crawl import CrawlConfig, Crawler, run_crawl
from extractor.crawl_detect import article_score, is_article_page, parse_html
from extractor.crawl_discovery import normalize_url, parse_xml, url_hint
from extractor.crawl_store import CrawlStore, default_store, iter_store_pages
from extractor.fetch import USER_AGENT, FetchConfig

ROOT = Path(__file__).resolve().parent.parent

#: Every article of the fixture site a full crawl must record (paths).
ARTICLES = {
    "/2023/08/12/lampang-community-forest-planting/",   # WordPress layout, also behind a 301
    "/news/10452",                                      # JSON-LD only
    "/?p=108",                                          # no metadata at all
    "/local/ratchaburi-otop-fair-2565-khao-ngu-market.html",  # table layout, TIS-620
    "/2023/08/20/ubon-village-fund-meeting/",           # listing page 1
    "/2023/08/25/korat-school-science-day/",            # listing page 2
    "/2023/09/01/suphanburi-elderly-school/",           # only on listing page 3
    "/2023/06/15/songkhla-school-anti-drug/",           # only in the RSS feed
    "/2023/07/03/nan-dengue-campaign/",                 # only in the gzipped sitemap
    "/2021/05/20/phatthalung-fish-release/",            # old (for --since)
    "/fault/news/100002-flaky",                         # 500, then 200
    "/fault/news/100003-busy",                          # 429 + Retry-After, then 200
    "/fault/news/100006-charset",                       # UTF-8 under an iso-8859-1 label
    "/fault/news/100007-gzip",                          # Content-Encoding: gzip
}


def fast(**kw) -> CrawlConfig:
    """Test timings: no delay of our own, short timeouts and backoff."""
    fetch = FetchConfig(delay=0.0, timeout=0.3, total_timeout=3.0, retries=1, backoff_base=0.02, backoff_max=0.1,
                        max_bytes=1_000_000, concurrency=4, per_host=2, **kw.pop("fetch", {}))
    return CrawlConfig(fetch=fetch, use_ner=False, **kw)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def paths_of(recs: list[dict], base: str) -> list[str]:
    return [r["url"][len(base):] for r in recs]


# --- URLs, feeds, sitemaps, article detection ----------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("HTTP://News.Example.COM:80/a/b#frag", "http://news.example.com/a/b"),
    ("https://news.example:443", "https://news.example/"),
    ("https://news.example:8443/x", "https://news.example:8443/x"),
    ("https://n.example/p?utm_source=fb&b=2&a=1&fbclid=zz", "https://n.example/p?a=1&b=2"),
    ("https://n.example/p?utm_medium=x", "https://n.example/p"),
    ("https://n.example/ข่าว/ลำปาง", "https://n.example/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/"
                                      "%E0%B8%A5%E0%B8%B3%E0%B8%9B%E0%B8%B2%E0%B8%87"),
    ("https://n.example/%e0%b8%82", "https://n.example/%E0%B8%82"),
    ("https://n.example/?p=108", "https://n.example/?p=108"),
    ("mailto:desk@n.example", None),
    ("ftp://n.example/file", None),
    ("https://", None),
])
def test_normalize_url(raw: str, expected) -> None:
    assert normalize_url(raw) == expected


def test_normalize_url_resolves_relative_links() -> None:
    assert normalize_url("../b?x=1#c", "https://n.example/a/c/d") == "https://n.example/a/b?x=1"


@pytest.mark.parametrize("url, hint", [
    ("https://n.example/2023/08/12/lampang-forest/", "article"),
    ("https://n.example/news/10452", "article"),
    ("https://n.example/news/local/204311", "article"),
    ("https://n.example/?p=108", "article"),
    ("https://n.example/local/ratchaburi-otop-fair-2565-khao-ngu.html", "article"),
    ("https://n.example/%E0%B8%A5%E0%B8%B3%E0%B8%9B%E0%B8%B2%E0%B8%87-%E0%B8%A3%E0%B9%88%E0%B8%A7%E0%B8%A1"
     "%E0%B9%83%E0%B8%88%E0%B8%9B%E0%B8%A5%E0%B8%B9%E0%B8%81%E0%B8%9B%E0%B9%88%E0%B8%B2/", "article"),
    ("https://n.example/category/local/", "listing"),
    ("https://n.example/category/local/page/3/", "listing"),
    ("https://n.example/news/?page=2", "listing"),
    ("https://n.example/2023/08/", "listing"),
    ("https://n.example/feed/", "feed"),
    ("https://n.example/about/", "other"),
    ("https://n.example/", "other"),
])
def test_url_hint(url: str, hint: str) -> None:
    assert url_hint(url) == hint


def _site_file(rel: str, base: str = "https://n.example") -> bytes:
    return (SITE_DIR / rel).read_text(encoding="utf-8").replace("{{BASE}}", base).encode("utf-8")


def test_parse_sitemap_index_urlset_and_feeds() -> None:
    kind, links = parse_xml(_site_file("sitemap_index.xml"))
    assert kind == "sitemap" and [ln.kind for ln in links] == ["sitemap", "sitemap"]
    assert links[1].url == "https://n.example/sitemap-news.xml.gz"

    kind, links = parse_xml(_site_file("sitemap-news.xml"))
    assert kind == "sitemap"
    assert (links[0].url, links[0].date) == ("https://n.example/2023/07/03/nan-dengue-campaign/", "2023-07-03")

    kind, links = parse_xml(_site_file("feed.xml"))
    assert kind == "feed" and links[0].date == "2023-06-15" and links[0].url.endswith("#comments")

    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><link rel="alternate" href="https://n.example/news/1"/><published>2023-05-01T00:00:00Z</published></entry>
      <entry><link rel="edit" href="https://n.example/edit/2"/><link href="https://n.example/news/2"/></entry></feed>"""
    kind, links = parse_xml(atom)
    assert kind == "feed" and [ln.url for ln in links] == ["https://n.example/news/1", "https://n.example/news/2"]
    assert parse_xml(b"<html><body>not a feed</body></html>") is None
    assert parse_xml(b"\x00\x01 garbage") is None


def test_xml_entities_are_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
      <urlset><url><loc>https://n.example/&e;</loc></url></urlset>"""
    parsed = parse_xml(evil)
    assert parsed is None or all("root:" not in ln.url for ln in parsed[1])


ARTICLE_FILES = [
    "2023/08/12/lampang-community-forest-planting/index.html", "news/10452.html", "index__p=108.html",
    "local/ratchaburi-otop-fair-2565-khao-ngu-market.html", "2023/08/25/korat-school-science-day/index.html",
    "_fault/charset.html",
]
OTHER_FILES = ["index.html", "about/index.html", "category/local/index.html", "category/local/page/2/index.html",
               "category/local/page/3/index.html", "faults/index.html"]


@pytest.mark.parametrize("rel, url, expected", [
    *[(f, "https://n.example/x", True) for f in ARTICLE_FILES],
    *[(f, "https://n.example/", False) for f in OTHER_FILES],
])
def test_article_detection_on_fixture_pages(rel: str, url: str, expected: bool) -> None:
    page = parse_html((SITE_DIR / rel).read_bytes(), "text/html; charset=utf-8", url)
    assert is_article_page(page, url) is expected, article_score(page, url)


def test_article_detection_reads_url_shape_as_a_hint_only() -> None:
    listing = (SITE_DIR / "category/local/index.html").read_bytes()
    page = parse_html(listing, "text/html", "https://n.example/2023/08/12/looks-like-a-story/")
    assert not is_article_page(page, "https://n.example/2023/08/12/looks-like-a-story/")


THAI = "ข่าวจังหวัดลำปาง ผู้ว่าราชการจังหวัดเป็นประธานเปิดงาน"


@pytest.mark.parametrize("body, ctype", [
    (THAI.encode("utf-8"), "text/html; charset=iso-8859-1"),     # a wrong label on UTF-8
    (THAI.encode("cp874"), "text/html; charset=utf-8"),          # a wrong label on TIS-620
    (THAI.encode("cp874"), "text/html; charset=tis-620"),
    (THAI.encode("cp874"), "text/html"),                         # no label at all
    (b'<meta charset="windows-874">' + THAI.encode("cp874"), ""),
    (THAI.encode("utf-8"), "text/html; charset=no-such-codec"),
])
def test_pages_are_read_as_thai_whatever_the_label(body: bytes, ctype: str) -> None:
    page = parse_html(b"<html><body><p>" + body + b"</p></body></html>", ctype, "https://n.example/x")
    assert page.best_block == sum(1 for ch in THAI if "\u0e00" <= ch <= "\u0e7f")


def test_html_links_feeds_and_pagination() -> None:
    page = parse_html((SITE_DIR / "category/local/index.html").read_bytes(), "text/html",
                      "https://n.example/category/local/")
    urls = {ln.url: ln for ln in page.links}
    assert urls["https://n.example/category/local/page/2/"].hint == "listing"
    assert "https://n.example/?p=108" in urls
    home = parse_html((SITE_DIR / "index.html").read_bytes(), "text/html", "https://n.example/")
    feeds = [ln for ln in home.links if ln.kind == "feed"]
    assert [ln.url for ln in feeds] == ["https://n.example/feed.xml"]
    assert "https://n.example/news/10452" in {ln.url for ln in home.links}  # utm_* dropped


# --- a whole crawl of the fixture site -----------------------------------------------------------


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    """One complete crawl of the fixture site; tests below read what it left."""
    tmp = tmp_path_factory.mktemp("crawl")
    with SiteServer(crawl_delay=0.01, slow_seconds=1.0) as site:
        out = tmp / "out.jsonl"
        started = time.monotonic()
        summary = run_crawl([site.base + "/"], out, config=fast())
        yield {"site": site, "out": out, "summary": summary, "store": default_store(out),
               "seconds": time.monotonic() - started}


def test_full_crawl_records_every_article_once(full_crawl) -> None:
    recs = records(full_crawl["out"])
    got = paths_of(recs, full_crawl["site"].base)
    assert sorted(got) == sorted(ARTICLES)
    assert full_crawl["summary"].records == len(ARTICLES)
    assert full_crawl["seconds"] < 20


def test_full_crawl_is_polite(full_crawl) -> None:
    site = full_crawl["site"]
    assert site.paths()[0] == "/robots.txt"
    assert site.hits("/robots.txt") == 1
    assert not [p for p in site.paths() if p.startswith("/private/surin")]  # disallowed: never requested
    assert not [p for p in site.paths() if "print=" in p or "wp-login" in p or p.endswith(".png")]
    assert {ua for _t, _p, ua, _s in site.log} == {USER_AGENT}


def test_full_crawl_fetches_each_page_once(full_crawl) -> None:
    site = full_crawl["site"]
    retried = {"/fault/news/100001-slow", "/fault/news/100002-flaky", "/fault/news/100003-busy"}
    counts = {p: site.hits(p) for p in set(site.paths())}
    assert {p: n for p, n in counts.items() if n > 1 and p not in retried} == {}
    # the 301 to an article already fetched is not followed again
    assert site.hits("/2023/08/12/lampang-community-forest-planting/") == 1
    assert site.hits("/fault/news/100002-flaky") == 2 and site.hits("/fault/news/100003-busy") == 2


def test_full_crawl_records_every_failure_with_its_reason(full_crawl) -> None:
    store = CrawlStore(full_crawl["store"])
    try:
        why = {r.url.split("/", 3)[3]: (r.state, r.reason) for r in store.rows("state IN ('failed', 'skipped')")}
    finally:
        store.close()
    assert why["private/surin-internal-memo/"] == ("skipped", "robots")
    assert why["fault/news/100001-slow"] == ("failed", "timeout")
    assert why["fault/news/100004-loop"] == ("failed", "redirect_loop")
    assert why["fault/news/100005-huge"] == ("failed", "too_large")
    assert why["fault/news/100008-offsite"] == ("skipped", "off_host")
    assert why["fault/news/100009-pdf"] == ("skipped", "not_html")
    s = full_crawl["summary"]
    assert s.failed["timeout"] == 1 and s.skipped["robots"] == 1 and s.pages["sitemap"] == 3
    text = "\n".join(s.lines())
    assert "too_large 1" in text and "redirect_loop 1" in text


def test_full_crawl_decodes_every_page_right(full_crawl) -> None:
    by_path = dict(zip(paths_of(recs := records(full_crawl["out"]), full_crawl["site"].base), recs))
    assert by_path["/local/ratchaburi-otop-fair-2565-khao-ngu-market.html"]["headline"].startswith("ราชบุรี")
    assert by_path["/fault/news/100006-charset"]["headline"] == "สุรินทร์ ทอดกฐินสามัคคีบำรุงวัดในชุมชน"
    assert "ฉีดวัคซีน" in by_path["/fault/news/100007-gzip"]["body"]
    assert "เชียงใหม่" in by_path["/?p=108"]["body"]
    for rec in recs:
        assert "\ufffd" not in rec["body"] and "à¸" not in rec["body"]  # no mojibake


def test_store_keeps_pages_by_hash_for_the_batch_reader(full_crawl) -> None:
    pages = list(iter_store_pages(full_crawl["store"]))
    base = full_crawl["site"].base
    assert sorted(u[len(base):] for u, _b, _h in pages) == sorted(ARTICLES)
    by_path = {u[len(base):]: (body, headers) for u, body, headers in pages}
    body, headers = by_path["/local/ratchaburi-otop-fair-2565-khao-ngu-market.html"]
    assert headers["content-type"] == "text/html; charset=tis-620" and "ราชบุรี".encode("cp874") in body
    body, headers = by_path["/fault/news/100007-gzip"]
    assert body.startswith(b"<!DOCTYPE html>")  # stored decoded of its Content-Encoding
    objects = [p for p in (full_crawl["store"] / "objects").rglob("*") if p.is_file()]
    assert objects and all(len(p.parent.name) == 2 and len(p.name) == 62 for p in objects)


def test_a_finished_crawl_run_again_refetches_only_changed_listings(full_crawl, tmp_path) -> None:
    site, out = full_crawl["site"], full_crawl["out"]
    before = len(site.log)
    lines_before = out.read_text(encoding="utf-8")
    summary = run_crawl([site.base + "/"], out, config=fast())
    again = [(p, s) for _t, p, _ua, s in site.log[before:]]
    assert out.read_text(encoding="utf-8") == lines_before and summary.records == 0
    assert not [p for p, _s in again if p in ARTICLES and p not in ("/fault/news/100002-flaky",)]
    # start page, listings, sitemaps and the feed were asked again, conditionally, and were unchanged
    for p in ("/", "/category/local/", "/sitemap_index.xml", "/sitemap-news.xml.gz", "/feed.xml"):
        assert (p, 304) in again
    assert summary.not_modified >= 8


def test_a_new_output_is_filled_from_the_store_without_fetching_articles(full_crawl, tmp_path) -> None:
    site = full_crawl["site"]
    before = len(site.log)
    out2 = tmp_path / "again.jsonl"
    run_crawl([site.base + "/"], out2, store_dir=full_crawl["store"], config=fast())
    assert sorted(paths_of(records(out2), site.base)) == sorted(ARTICLES)
    asked = {p for _t, p, _ua, _s in site.log[before:]}
    assert not asked & (ARTICLES - {"/fault/news/100002-flaky", "/fault/news/100003-busy"})


# --- politeness under a Crawl-delay, limits, resume ----------------------------------------------


def test_crawl_delay_is_kept_between_requests(tmp_path) -> None:
    with SiteServer(crawl_delay=0.2) as site:
        cfg = fast(max_pages=6, fetch={"log_requests": True})
        cfg.fetch.concurrency, cfg.fetch.per_host = 4, 4
        store = CrawlStore(tmp_path / "store")
        crawler = Crawler(cfg, store, tmp_path / "out.jsonl")
        try:
            asyncio.run(crawler.run([site.base + "/"]))
        finally:
            store.close()
        starts = [t for _h, t in crawler.fetcher.gate.log]
        arrivals = sorted(t for t, _p, _ua, _s in site.log)
    assert len(starts) == 7  # robots.txt + 6 pages
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.2
    # as the server saw them (a little jitter on loopback, never a burst)
    assert min(b - a for a, b in zip(arrivals, arrivals[1:])) >= 0.18


def test_max_pages_then_resume_fetches_nothing_twice(tmp_path) -> None:
    with SiteServer(slow_seconds=1.0) as site:
        out = tmp_path / "out.jsonl"
        runs = 0
        while True:
            runs += 1
            s = run_crawl([site.base + "/"], out, config=fast(max_pages=5))
            assert s.fetched + s.not_modified <= 5
            if not s.left:
                break
            assert runs < 20
        got = paths_of(records(out), site.base)
        counts = {p: site.hits(p) for p in set(site.paths())}
    assert sorted(got) == sorted(ARTICLES)
    assert runs >= 6
    retried = {"/fault/news/100001-slow", "/fault/news/100002-flaky", "/fault/news/100003-busy", "/robots.txt"}
    assert {p: n for p, n in counts.items() if n > 1 and p not in retried} == {}


def test_since_skips_old_articles_without_fetching_them(tmp_path) -> None:
    import datetime as dt

    with SiteServer(slow_seconds=0.5) as site:
        out = tmp_path / "out.jsonl"
        s = run_crawl([site.base + "/"], out, config=fast(since=dt.date(2023, 7, 1)))
        asked = set(site.paths())
    got = set(paths_of(recs := records(out), site.base))
    assert "/2021/05/20/phatthalung-fish-release/" not in asked    # sitemap lastmod said 2021
    assert "/2023/06/15/songkhla-school-anti-drug/" not in asked    # feed pubDate said June
    assert not got & {"/2021/05/20/phatthalung-fish-release/", "/2023/06/15/songkhla-school-anti-drug/"}
    assert all(r["published"] is None or r["published"] >= "2023-07-01" for r in recs)
    assert "/2023/07/03/nan-dengue-campaign/" in got and s.skipped["too_old"] >= 2


def test_only_start_hosts_unless_allowed(tmp_path) -> None:
    with SiteServer() as site:
        port = site.base.rsplit(":", 1)[1]
        out = tmp_path / "out.jsonl"
        cfg = fast(allow_hosts=(f"localhost:{port}",))
        run_crawl([site.base + "/faults/"], out, config=cfg)
        asked = site.paths()
    # with localhost allowed, the off-site redirect is followed (it ends in a 404 there)
    assert "/elsewhere/news/555555" in asked
    store = CrawlStore(default_store(out))
    try:
        assert store.count("url LIKE 'https://example.org%'") == 0
    finally:
        store.close()


def test_killed_crawl_resumes_without_duplicates(tmp_path) -> None:
    """``thainews crawl`` killed with SIGKILL mid-run, then run again: every article once."""
    with SiteServer(slow_seconds=0.5) as site:
        out = tmp_path / "out.jsonl"
        cmd = [sys.executable, "-m", "extractor", "crawl", site.base + "/", "-o", str(out), "--delay", "0.1",
               "--timeout", "0.3", "--retries", "1", "--no-ner", "--quiet", "--max-bytes", "1000000"]
        env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(records(out)) < 3 and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first = len(records(out))
        assert 3 <= first < len(ARTICLES)
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "records written" in done.stderr and "failed:" in done.stderr
        got = paths_of(records(out), site.base)
        counts = {p: site.hits(p) for p in ARTICLES}
    assert sorted(got) == sorted(ARTICLES)  # each once, none lost
    refetched = [p for p, n in counts.items() if n > 1 and p not in ("/fault/news/100002-flaky",
                                                                     "/fault/news/100003-busy")]
    assert len(refetched) <= 2  # at most the pages in flight at the kill


def test_cli_rejects_bad_arguments(tmp_path, capsys) -> None:
    from extractor.cli import main

    with pytest.raises(SystemExit):
        main(["crawl", "https://n.example/", "-o", str(tmp_path / "o.jsonl"), "--since", "12/08/2023"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["crawl", "mailto:x@y", "-o", str(tmp_path / "o.jsonl"), "--quiet"]) == 1
    assert "not an http(s) URL" in capsys.readouterr().err


# --- small sites over httpx.MockTransport --------------------------------------------------------


def mock_site(pages: dict[str, tuple[int, str]]):
    """A MockTransport serving ``{path: (status, html)}``; every request's path is appended to ``.seen``."""
    import httpx

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode()
        seen.append(path)
        status, text = pages.get(path, (404, "<html><body>ไม่พบ</body></html>"))
        ctype = "text/plain" if path == "/robots.txt" else "text/html; charset=utf-8"
        return httpx.Response(status, text=text, headers={"content-type": ctype})

    transport = httpx.MockTransport(handler)
    transport.seen = seen  # type: ignore[attr-defined]
    return transport


STORY = ("<html><head><meta property='og:type' content='article'><title>ข่าว</title></head><body><article>"
         "<h1>เลย จัดงานวันเกษตรกรประจำปี</h1><p>" + "วันที่ 5 มีนาคม 2566 สำนักงานเกษตรจังหวัดเลยจัดงานวันเกษตรกร "
         * 6 + "</p></article></body></html>")


def test_a_site_without_sitemap_is_probed_quietly(tmp_path) -> None:
    transport = mock_site({
        "/robots.txt": (200, "User-agent: *\nDisallow:\n"),
        "/": (200, "<html><body><a href='/news/123456'>ข่าว</a></body></html>"),
        "/news/123456": (200, STORY),
    })
    out = tmp_path / "out.jsonl"
    s = run_crawl(["https://loei.example/"], out, config=fast(), transport=transport)
    assert "/sitemap.xml" in transport.seen
    assert s.records == 1 and not s.failed and s.skipped == {}
    assert records(out)[0]["url"] == "https://loei.example/news/123456"


def test_unreadable_robots_txt_keeps_the_crawler_off_the_site(tmp_path) -> None:
    transport = mock_site({"/robots.txt": (503, "down"), "/": (200, STORY)})
    s = run_crawl(["https://loei.example/"], tmp_path / "out.jsonl", config=fast(), transport=transport)
    assert set(transport.seen) == {"/robots.txt"}          # asked (and retried), nothing else
    assert s.failed["robots_unavailable"] == 1 and s.fetched == 0


def test_a_copy_of_an_article_under_another_url_is_recorded_once(tmp_path) -> None:
    transport = mock_site({
        "/robots.txt": (404, ""),
        "/": (200, "<html><body><a href='/news/123456'>ก</a> <a href='/news/123456/amp-copy-of-the-story'>ข</a>"
                   "</body></html>"),
        "/news/123456": (200, STORY),
        "/news/123456/amp-copy-of-the-story": (200, STORY),
    })
    s = run_crawl(["https://loei.example/"], tmp_path / "out.jsonl", config=fast(), transport=transport)
    assert s.records == 1 and s.skipped["duplicate"] == 1
