"""Crawl benchmark: a generated local news site, served on 127.0.0.1, crawled at several concurrencies.

    .venv/bin/python bench/bench_crawl.py                   # 1,200 articles; fetch-only at 1/4/16, then +extract
    .venv/bin/python bench/bench_crawl.py --articles 2000 --ner

What it prints:

* pages per second fetching the whole site (robots.txt, a sitemap index with a
  gzipped child, an RSS feed, paginated listings and every article) with
  ``--delay 0`` at concurrency 1, 4 and 16 (per-host = concurrency), pages
  kept in a fresh store, no extraction;
* the same crawl with extraction (records written), to separate its cost;
* a Crawl-delay check: a small site whose robots.txt says ``Crawl-delay: 0.2``,
  crawled at concurrency 4; the shortest gap between two requests as the
  client started them and as the server received them must be >= 0.2 s.

The server runs in its own process (tests/crawl_server.py), so it does not
share the crawler's interpreter lock. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.crawl import CrawlConfig, Crawler  # noqa: E402
from extractor.crawl_store import CrawlStore  # noqa: E402
from extractor.fetch import FetchConfig  # noqa: E402

# Invented material for generated articles (places are real provinces; people and villages are not).
PROVINCES = ["ลำปาง", "น่าน", "ขอนแก่น", "อุบลราชธานี", "ราชบุรี", "สงขลา", "พัทลุง", "สุรินทร์", "เชียงใหม่",
             "นครราชสีมา", "สุพรรณบุรี", "กาญจนบุรี", "ตรัง", "เลย", "ยโสธร", "ชัยนาท"]
FIRST = ["สมชาย", "วิไลพร", "ประเสริฐ", "กาญจนา", "อนุชา", "ศิริพร", "ธนากร", "มาลัย", "สุเทพ", "พิมพ์ชนก"]
LAST = ["ใจดีงาม", "ศรีสุขใส", "ทองประเสริฐ", "แก้วมณีรัตน์", "บุญมากมี", "สายทองคำ", "วงศ์ใหญ่ยิ่ง"]
EVENTS = [("ปลูกป่าชุมชน", "เพื่อเพิ่มพื้นที่สีเขียวและฟื้นฟูแหล่งต้นน้ำของชุมชน"),
          ("อบรมอาชีพให้กลุ่มสตรี", "เพื่อสร้างรายได้เสริมให้ครอบครัวและต่อยอดสินค้าชุมชน"),
          ("รณรงค์ป้องกันไข้เลือดออก", "เพื่อลดจำนวนผู้ป่วยในช่วงฤดูฝน"),
          ("มอบถุงยังชีพผู้ประสบภัย", "เพื่อบรรเทาความเดือดร้อนของชาวบ้าน"),
          ("ประชุมคณะกรรมการกองทุนหมู่บ้าน", "เพื่อให้สมาชิกเข้าถึงแหล่งเงินทุนประกอบอาชีพ")]
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
          "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
PER_LISTING = 20


def article_html(i: int, rng: random.Random) -> tuple[str, str, str]:
    """(path, html, ISO date) of generated article ``i``."""
    prov, (event, goal) = rng.choice(PROVINCES), rng.choice(EVENTS)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    iso = f"2023-{month:02d}-{day:02d}"
    title = f"{prov} {event} ครั้งที่ {i}"
    paras = [
        f"เมื่อวันที่ {day} {MONTHS[month - 1]} 2566 เวลา {rng.randint(8, 15):02d}.00 น. ณ ศาลาประชาคมหมู่ที่ "
        f"{rng.randint(1, 12)} ตำบลบ้านใหม่ อำเภอเมือง{prov} จังหวัด{prov} นาย{name} นายอำเภอเมือง{prov} "
        f"เป็นประธานเปิดกิจกรรม{event} มีผู้เข้าร่วมกิจกรรมจำนวน {rng.randint(30, 900)} คน",
        f"กิจกรรมครั้งนี้จัดขึ้น{goal} โดยความร่วมมือของหน่วยงานในพื้นที่และผู้นำชุมชนทุกหมู่บ้าน "
        f"ซึ่งจะติดตามผลการดำเนินงานอย่างต่อเนื่องเป็นเวลา {rng.randint(2, 12)} เดือน (รหัสข่าว {i})",
    ]
    path = f"/{iso[:4]}/{iso[5:7]}/{iso[8:]}/story-{i:05d}-local-news/"
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"><meta property="article:published_time" '
            f'content="{iso}T09:00:00+07:00"></head><body><header><nav><a href="/">หน้าแรก</a> '
            f'<a href="/category/news/">ข่าว</a></nav></header><article><h1>{title}</h1>{body}</article>'
            f'<footer><p>เว็บไซต์ทดสอบ</p></footer></body></html>')
    return path, html, iso


def generate_site(root: Path, n: int, crawl_delay: float, seed: int = 7) -> list[str]:
    """Write a site of ``n`` articles under ``root``; return the article paths."""
    rng = random.Random(seed)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nCrawl-delay: {{CRAWL_DELAY}}\n"
                                     "Sitemap: {{BASE}}/sitemap_index.xml\n", encoding="utf-8")
    paths = []
    items = []
    for i in range(n):
        path, html, iso = article_html(i, rng)
        f = root / path.strip("/") / "index.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(html, encoding="utf-8")
        paths.append(path)
        items.append((path, iso))
    # half the articles in a plain sitemap, half in a gzipped one (served as .xml.gz)
    half = n // 2
    for name, chunk in (("sitemap-a.xml", items[:half]), ("sitemap-b.xml", items[half:])):
        urls = "".join(f"<url><loc>{{{{BASE}}}}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in chunk)
        (root / name).write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 f"{urls}</urlset>", encoding="utf-8")
    (root / "sitemap_index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>{{BASE}}/sitemap-a.xml</loc></sitemap><sitemap><loc>{{BASE}}/sitemap-b.xml.gz</loc>"
        "</sitemap></sitemapindex>", encoding="utf-8")
    feed_items = "".join(f"<item><title>{i}</title><link>{{{{BASE}}}}{p}</link></item>" for i, (p, _d) in
                         enumerate(items[-20:]))
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{feed_items}'
                                   "</channel></rss>", encoding="utf-8")
    pages = [items[i:i + PER_LISTING] for i in range(0, n, PER_LISTING)]
    for k, chunk in enumerate(pages, start=1):
        rel = "category/news/" + ("" if k == 1 else f"page/{k}/")
        links = "".join(f'<li><a href="{p}">ข่าวหมายเลข {p.split("-")[1]}</a></li>' for p, _d in chunk)
        nxt = f'<link rel="next" href="/category/news/page/{k + 1}/">' if k < len(pages) else ""
        f = root / rel / "index.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>ข่าว หน้า {k}</title>{nxt}'
                     f'<meta property="og:type" content="website"></head><body><ul>{links}</ul></body></html>',
                     encoding="utf-8")
    (root / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>หน้าแรก</title>'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        '<body><a href="/category/news/">ข่าว</a></body></html>', encoding="utf-8")
    return paths


class Server:
    """tests/crawl_server.py serving a directory in its own process."""

    def __init__(self, root: Path, crawl_delay: float) -> None:
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "crawl_server.py"), str(root),
                                      "--crawl-delay", str(crawl_delay)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.base = self.proc.stdout.readline().strip()
        if not self.base.startswith("http://127.0.0.1:"):
            raise RuntimeError("the test server did not start")

    def requests(self) -> list:
        """The server's log: [monotonic time, path, user agent, status] per request."""
        return json.loads(httpx.get(self.base + "/__requests", timeout=10).text)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def crawl(base: str, workdir: Path, *, concurrency: int, extract: bool, use_ner: bool,
          log_requests: bool = False) -> tuple[float, Crawler]:
    """One crawl into a fresh store; (seconds, the crawler)."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cfg = CrawlConfig(fetch=FetchConfig(delay=0.0, concurrency=concurrency, per_host=concurrency,
                                        log_requests=log_requests),
                      extract=extract, use_ner=use_ner)
    store = CrawlStore(workdir / "store")
    crawler = Crawler(cfg, store, workdir / "out.jsonl")
    started = time.perf_counter()
    try:
        asyncio.run(crawler.run([base + "/"]))
    finally:
        store.close()
    return time.perf_counter() - started, crawler


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1200)
    ap.add_argument("--ner", action="store_true", help="extract with the trained NER model too (slower)")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="thainews-bench-crawl-"))
    try:
        site_dir = tmp / "site"
        site_dir.mkdir()
        t = time.perf_counter()
        article_paths = generate_site(site_dir, args.articles, crawl_delay=0)
        print(f"site: {args.articles} articles, {-(-args.articles // PER_LISTING)} listing pages, sitemap index "
              f"(one child gzipped), RSS feed; generated in {time.perf_counter() - t:.1f} s")
        server = Server(site_dir, crawl_delay=0)
        try:
            print(f"\n{'mode':<16}{'conc.':>6}{'pages':>7}{'records':>9}{'seconds':>9}{'pages/s':>9}")
            modes = [("fetch-only", c, False) for c in args.concurrency]
            modes += [("fetch+extract", c, True) for c in (args.concurrency[0], args.concurrency[-1])]
            for mode, conc, extract in modes:
                secs, cr = crawl(server.base, tmp / f"run-{mode}-{conc}", concurrency=conc, extract=extract,
                                 use_ner=args.ner)
                s = cr.summary
                pages = s.fetched + s.not_modified
                assert s.articles == len(article_paths), (s.articles, len(article_paths))
                print(f"{mode:<16}{conc:>6}{pages:>7}{s.records:>9}{secs:>9.2f}{pages / secs:>9.1f}")
        finally:
            server.close()

        small = tmp / "small"
        small.mkdir()
        generate_site(small, 12, crawl_delay=0.2)
        server = Server(small, crawl_delay=0.2)
        try:
            secs, cr = crawl(server.base, tmp / "run-delay", concurrency=4, extract=False, use_ner=False,
                             log_requests=True)
            starts = [t for _h, t in cr.fetcher.gate.log]
            arrivals = sorted(r[0] for r in server.requests())
        finally:
            server.close()
        gap_client = min(b - a for a, b in zip(starts, starts[1:]))
        gap_server = min(b - a for a, b in zip(arrivals, arrivals[1:]))
        print(f"\nCrawl-delay 0.2 s, concurrency 4: {len(arrivals)} requests in {secs:.2f} s; shortest gap between "
              f"requests: {gap_client:.3f} s as sent, {gap_server:.3f} s as received "
              f"({'kept' if gap_client >= 0.2 else 'NOT kept'})")
        return 0 if gap_client >= 0.2 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
