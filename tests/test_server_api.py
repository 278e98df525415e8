"""The web service through the ASGI test client: API, limits, URL safety, review routes and gold saving."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
with warnings.catch_warnings():  # starlette's note that httpx will be replaced in its test client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from extractor import netguard, server
from extractor.fetch import FetchConfig
from extractor.netguard import AddressGuard, address_refusal
from extractor.records import record_json_schema
from extractor.server import ApiError, Limits, Service, create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BASE = "http://127.0.0.1"

ARTICLE = """วันจันทร์ที่ 6 มีนาคม 2566

บ้านนา จัดอบรมอาชีพเลี้ยงไก่ไข่ให้เกษตรกรในพื้นที่
เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอบ้านนา อำเภอบ้านนา จังหวัดนครนายก นายสมศักดิ์ ทองดีเลิศ นายอำเภอบ้านนา เป็นประธานเปิดการอบรม โดยมี นางสาวมณีรัตน์ แสงอรุณ เกษตรอำเภอบ้านนา กล่าวรายงาน มีเกษตรกรเข้าร่วม 40 คน
"""

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>ข่าว</title></head><body>
<article><h1>บ้านนา จัดอบรมอาชีพเลี้ยงไก่ไข่ให้เกษตรกรในพื้นที่</h1>
<p>เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอบ้านนา อำเภอบ้านนา จังหวัดนครนายก
นายสมศักดิ์ ทองดีเลิศ นายอำเภอบ้านนา เป็นประธานเปิดการอบรม</p></article></body></html>"""


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("articles")
    (d / "bn_001.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "bn_002.html").write_text(PAGE, encoding="utf-8")
    (d / ".hidden").mkdir()
    (d / ".hidden" / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def client(root):
    with TestClient(create_app(root=root, use_ner=False), base_url=BASE) as c:
        yield c


def check_spans(record: dict) -> None:
    """Every value's span lies in the body, and texts given with a span are the body there."""
    body = record["body"]
    ev = record["events"][0]
    for key in ("date", "time", "venue"):
        if ev.get(key):
            s, e = ev[key]["span"]
            assert 0 <= s < e <= len(body)
            assert body[s:e] == ev[key]["text"]


# --------------------------------------------------------------------------- API


def test_health_and_schema(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["review_root"] is True
    assert "dates" in health["extractors"]
    assert client.get("/schema").json() == record_json_schema()
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/extract", "/extract/batch", "/health", "/schema", "/gold"} <= set(paths)


def test_extract_text(client):
    res = client.post("/extract", json={"text": ARTICLE})
    assert res.status_code == 200, res.text
    rec = res.json()
    assert rec["published"] == "2023-03-06"
    assert rec["events"][0]["date"]["start"] == "2023-03-03"
    assert rec["events"][0]["time"]["start"] == "09:30"
    check_spans(rec)


def test_extract_published_overrides_the_dateline(client):
    rec = client.post("/extract", json={"text": ARTICLE, "published": "2023-03-07"}).json()
    assert rec["published"] == "2023-03-07"


def test_extract_html(client):
    rec = client.post("/extract", json={"html": PAGE}).json()
    assert rec["headline"] == "บ้านนา จัดอบรมอาชีพเลี้ยงไก่ไข่ให้เกษตรกรในพื้นที่"
    assert "<p>" not in rec["body"]
    assert rec["events"][0]["date"]["start"] == "2023-03-03"
    check_spans(rec)


BAD_REQUESTS = [
    # (body, status, the message names ...)
    ({}, 422, "give exactly one of text, html or url (got none of them)"),
    ({"text": ARTICLE, "url": "https://example.com/"}, 422, "got text and url"),
    ({"txt": ARTICLE}, 422, "txt: is not a field of this request (fields: text, html, url, published)"),
    ({"text": "   "}, 422, "text: is empty"),
    ({"text": 12}, 422, "text: Input should be a valid string"),
    ({"url": "ftp://example.com/a"}, 422, "url: must be an http:// or https:// URL"),
    ({"url": "example.com/news"}, 422, "url: must be an http:// or https:// URL"),
    ({"text": ARTICLE, "published": "2023-02-30"}, 422, "published: must be a real date written YYYY-MM-DD"),
    ({"text": ARTICLE, "published": "6 มี.ค. 66"}, 422, "published: must be a real date"),
    ([ARTICLE], 422, "the request body must be a JSON object"),
]


@pytest.mark.parametrize("body,status,message", BAD_REQUESTS, ids=[m for _, _, m in BAD_REQUESTS])
def test_bad_input_is_named(client, body, status, message):
    res = client.post("/extract", json=body)
    assert res.status_code == status
    assert message in res.json()["message"]


def test_invalid_json_is_named(client):
    res = client.post("/extract", content=b'{"text": ', headers={"content-type": "application/json"})
    assert res.status_code == 422
    assert res.json()["message"].startswith("the request body is not valid JSON")


@pytest.mark.parametrize("headers", [{"content-type": "text/plain"}, {}])
def test_a_body_not_labelled_json_is_named(client, headers):
    res = client.post("/extract", content=json.dumps({"text": ARTICLE}).encode(), headers=headers)
    assert res.status_code == 422
    assert res.json()["message"].startswith("send the body as JSON with the header Content-Type: application/json")


def test_body_limit_413(root):
    app = create_app(root=root, use_ner=False, limits=Limits(max_body_bytes=2000))
    with TestClient(app, base_url=BASE) as c:
        big = json.dumps({"text": "ก" * 3000}).encode()
        res = c.post("/extract", content=big, headers={"content-type": "application/json"})
        assert res.status_code == 413
        assert "the limit is 2,000 bytes" in res.json()["message"]

        def chunks():  # no Content-Length: the body is counted as it comes
            for i in range(0, len(big), 500):
                yield big[i:i + 500]

        res = c.post("/extract", content=chunks(), headers={"content-type": "application/json"})
        assert res.status_code == 413
        assert c.post("/extract", json={"text": "ข่าวสั้น"}).status_code == 200


def test_batch_gives_a_result_or_an_error_per_item(client):
    items = [{"text": ARTICLE}, {"text": ""}, {"url": "http://127.0.0.1/x"}, {"html": PAGE}, {"bogus": 1}]
    res = client.post("/extract/batch", json={"items": items})
    assert res.status_code == 200
    results = res.json()["results"]
    assert [r["index"] for r in results] == list(range(5))
    assert [r["ok"] for r in results] == [True, False, False, True, False]
    assert [r["status"] for r in results] == [None, 422, 400, None, 422]
    assert results[1]["error"].startswith("items[1].text: is empty")
    assert results[2]["error"].startswith("items[2]: url: 127.0.0.1 is a loopback address")
    assert results[4]["error"].startswith("items[4].bogus: is not a field")
    assert results[0]["record"]["events"][0]["date"]["start"] == "2023-03-03"


def test_batch_item_limit(root):
    with TestClient(create_app(root=root, use_ner=False, limits=Limits(max_batch_items=2)), base_url=BASE) as c:
        res = c.post("/extract/batch", json={"items": [{"text": ARTICLE}] * 3})
        assert res.status_code == 422
        assert res.json()["message"] == "items: 3 items in one batch; at most 2 (split it into several requests)"
        res = c.post("/extract/batch", json=[{"text": ARTICLE}])
        assert res.status_code == 422 and "JSON object" in res.json()["message"]


def test_deadline_504(root, monkeypatch):
    real = server._extract_now

    def slow(*args, **kwargs):
        time.sleep(0.6)
        return real(*args, **kwargs)

    with TestClient(create_app(root=root, use_ner=False, limits=Limits(timeout=0.2)), base_url=BASE) as c:
        monkeypatch.setattr(server, "_extract_now", slow)
        started = time.monotonic()
        res = c.post("/extract", json={"text": ARTICLE})
        assert res.status_code == 504
        assert time.monotonic() - started < 0.55  # answered at the deadline, not when the thread finished
        assert "did not finish within 0.2 s" in res.json()["message"]


def test_an_extractor_crash_is_a_500_in_words(client, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("rule table broken")

    monkeypatch.setattr(server, "_extract_now", boom)
    res = client.post("/extract", json={"text": ARTICLE})
    assert res.status_code == 500
    assert "RuntimeError: rule table broken" in res.json()["message"]


def test_busy_503_when_too_many_extractions_wait():
    service = Service(limits=Limits(workers=1, max_pending=1, timeout=5))
    service._executor = ThreadPoolExecutor(max_workers=1)
    gate = threading.Event()

    async def scenario():
        first = asyncio.ensure_future(service.run(gate.wait, time.monotonic() + 5))
        await asyncio.sleep(0.05)
        with pytest.raises(ApiError) as err:
            await service.run(lambda: 1, time.monotonic() + 5)
        gate.set()
        assert await first is True
        return err.value

    try:
        err = asyncio.run(scenario())
    finally:
        gate.set()
        service._executor.shutdown()
    assert err.status == 503 and "busy" in err.message
    assert service._pending == 0


# --------------------------------------------------------------------------- URLs


REFUSED = [
    ("127.0.0.1", "a loopback address"),
    ("10.1.2.3", "a private address"),
    ("192.168.0.10", "a private address"),
    ("172.16.5.4", "a private address"),
    ("169.254.169.254", "a link-local address"),
    ("100.64.0.1", "a private address"),  # shared address space (carrier NAT)
    ("0.0.0.0", "a reserved address"),
    ("224.0.0.1", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("::1", "a loopback address"),
    ("fe80::1%eth0", "a link-local address"),
    ("fd00::5", "a private address"),
    ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped
    ("2002:7f00:1::", "a loopback address"),  # 6to4 around 127.0.0.1
    ("64:ff9b::a00:1", "a private address"),  # NAT64 to 10.0.0.1
]


@pytest.mark.parametrize("ip,why", REFUSED)
def test_address_refusal(ip, why):
    assert address_refusal(ip) == why


@pytest.mark.parametrize("ip", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(ip):
    assert address_refusal(ip) is None


@pytest.mark.parametrize("url,words", [
    ("http://127.0.0.1:8000/admin", "127.0.0.1 is a loopback address"),
    ("http://localhost/", "localhost resolves to"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
    ("http://10.0.0.8/", "a private address"),
    ("http://2130706433/", "a loopback address"),  # 127.0.0.1 written as a number
])
def test_private_urls_are_refused(client, url, words):
    res = client.post("/extract", json={"url": url})
    assert res.status_code == 400
    msg = res.json()["message"]
    assert words in msg and "--allow-private-urls" in msg


def fake_dns(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return table[host]
    return resolve


def site(routes: dict[str, httpx.Response]):
    """A MockTransport serving ``routes`` (path → response); robots.txt is absent unless given."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        key = f"{request.url.host}{request.url.path}"
        return routes.get(key) or httpx.Response(404, text="not here")

    return httpx.MockTransport(handler), seen


def url_client(root, routes, dns, **kw):
    transport, seen = site(routes)
    app = create_app(root=root, use_ner=False, fetch_transport=transport, guard=AddressGuard(resolve=fake_dns(dns)),
                     fetch_config=FetchConfig(delay=0, retries=0, timeout=5, total_timeout=5), **kw)
    return TestClient(app, base_url=BASE), seen


HTML_HEADERS = {"content-type": "text/html; charset=utf-8"}


def test_url_is_fetched_and_extracted(root):
    routes = {"news.example/a/1": httpx.Response(200, text=PAGE, headers=HTML_HEADERS)}
    c, seen = url_client(root, routes, {"news.example": ["93.184.216.34"]})
    with c:
        res = c.post("/extract", json={"url": "https://news.example/a/1", "published": "2023-03-06"})
    assert res.status_code == 200, res.text
    rec = res.json()
    assert rec["url"] == "https://news.example/a/1" and rec["published"] == "2023-03-06"
    assert rec["events"][0]["date"]["start"] == "2023-03-03"
    assert seen == ["https://news.example/robots.txt", "https://news.example/a/1"]  # robots.txt is asked first


def test_a_redirect_to_a_private_address_is_refused(root):
    routes = {"news.example/a/1": httpx.Response(302, headers={"location": "http://intranet.example/secret"}),
              "intranet.example/secret": httpx.Response(200, text=PAGE, headers=HTML_HEADERS)}
    c, seen = url_client(root, routes, {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.7"]})
    with c:
        res = c.post("/extract", json={"url": "https://news.example/a/1"})
    assert res.status_code == 400
    assert "redirects to a host that intranet.example resolves to 10.0.0.7, a private address" in res.json()["message"]
    assert not any("intranet" in u for u in seen)  # not a single request went there


def test_a_host_with_one_private_address_among_public_ones_is_refused(root):
    c, _ = url_client(root, {}, {"mixed.example": ["93.184.216.34", "192.168.1.1"]})
    with c:
        res = c.post("/extract", json={"url": "http://mixed.example/"})
    assert res.status_code == 400 and "192.168.1.1, a private address" in res.json()["message"]


@pytest.mark.parametrize("routes,status,words", [
    ({}, 502, "could not be fetched: http_404"),
    ({"news.example/a/1": httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})},
     400, "is not an HTML or text page"),
    ({"news.example/robots.txt": httpx.Response(200, text="User-agent: *\nDisallow: /a/\n"),
      "news.example/a/1": httpx.Response(200, text=PAGE, headers=HTML_HEADERS)},
     400, "is disallowed by the site's robots.txt"),
])
def test_fetch_failures_are_named(root, routes, status, words):
    c, _ = url_client(root, routes, {"news.example": ["93.184.216.34"]})
    with c:
        res = c.post("/extract", json={"url": "https://news.example/a/1"})
    assert res.status_code == status
    assert words in res.json()["message"]


def test_unresolvable_host(root):
    c, _ = url_client(root, {}, {})
    with c:
        res = c.post("/extract", json={"url": "https://nowhere.example/"})
    assert res.status_code == 400
    assert res.json()["message"].startswith("url: the host nowhere.example cannot be resolved")


def test_allow_private_urls(root):
    routes = {"127.0.0.1/page": httpx.Response(200, text=PAGE, headers=HTML_HEADERS)}
    c, _ = url_client(root, routes, {}, allow_private_urls=True)
    with c:
        res = c.post("/extract", json={"url": "http://127.0.0.1/page"})
    assert res.status_code == 200, res.text


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"ok"
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_connections_go_to_the_checked_address():
    """The socket is opened to the address the guard checked, so a second DNS answer cannot redirect it."""
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Page)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    answers = {"public.test": [["93.184.216.34"], ["127.0.0.1"]]}  # rebinding: public first, then loopback

    def rebinding(host, _port):
        return answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]

    async def get(guard, url):
        async with httpx.AsyncClient(transport=netguard.guarded_transport(guard), timeout=5) as c:
            return await c.get(url)

    try:
        guard = AddressGuard(resolve=rebinding)
        guard.check_url(f"http://public.test:{port}/")  # the first answer is public
        with pytest.raises(httpx.ConnectError, match="127.0.0.1, a loopback address"):
            asyncio.run(get(guard, f"http://public.test:{port}/"))  # the second is checked again at connect
        # a name only the guard can resolve reaches the server: the connection used the checked address
        trusting = AddressGuard(resolve=fake_dns({"public.test": ["127.0.0.1"]}), refuse=lambda ip: None)
        assert asyncio.run(get(trusting, f"http://public.test:{port}/")).text == "ok"
    finally:
        httpd.shutdown()


# --------------------------------------------------------------------------- host and origin


def test_unknown_host_names_are_refused(client):
    res = client.get("/health", headers={"host": "attacker.example"})
    assert res.status_code == 400
    assert "does not answer to the host name 'attacker.example'" in res.json()["message"]
    assert client.get("/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/health", headers={"host": "[::1]:8000"}).status_code == 200


def test_cross_site_writes_are_refused(client):
    res = client.post("/gold", json={"gold": {}, "dry_run": True}, headers={"origin": "https://attacker.example"})
    assert res.status_code == 403
    res = client.post("/gold", json={"gold": {}, "dry_run": True}, headers={"origin": "http://127.0.0.1:8000"})
    assert res.status_code == 200


def test_wildcard_binding_answers_any_host(root):
    with TestClient(create_app(root=root, use_ner=False, host="0.0.0.0"), base_url="http://news-box.lan") as c:
        assert c.get("/health").status_code == 200


# --------------------------------------------------------------------------- review page


def test_page_and_static_files(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/app.js">' in page.text
    css = client.get("/static/style.css").text
    assert '"Sarabun", "Noto Sans Thai"' in css and '"Leelawadee UI", "Tahoma"' in css
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../server.py").status_code == 404


def test_review_config(client):
    cfg = client.get("/review/config").json()
    assert cfg["root"] is not None
    forms = cfg["honorifics"]
    assert "นางสาว" in forms and forms.index("นางสาว") < forms.index("นาง")  # longest first


def test_review_files_lists_articles_under_root(client):
    files = client.get("/review/files").json()["files"]
    assert [f["path"] for f in files] == ["bn_001.txt", "sub/bn_002.html"]  # no hidden folder, no .md


def test_review_file_gives_the_record(client):
    data = client.get("/review/file", params={"path": "bn_001.txt"}).json()
    assert data["path"] == "bn_001.txt" and data["gold_path"] == "bn_001.gold.json"
    assert data["record"]["source_file"] == "bn_001.txt"
    assert data["record"]["body"] == ARTICLE
    assert data["gold"] is None and data["review"] is None


@pytest.mark.parametrize("path,status,words", [
    ("../outside.txt", 403, "is outside the root folder"),
    ("sub/../../outside.txt", 403, "is outside the root folder"),
    ("/etc/hostname", 400, "must be relative to the root folder"),
    ("missing.txt", 404, "no article 'missing.txt'"),
    ("notes.md", 400, "is not an article"),
    ("", 400, "give the article's path"),
])
def test_review_paths_stay_inside_root(client, root, path, status, words):
    (root.parent / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    res = client.get("/review/file", params={"path": path})
    assert res.status_code == status
    assert words in res.json()["message"]


def test_a_link_out_of_root_is_refused(client, root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    (root / "link.txt").symlink_to(secret)
    try:
        res = client.get("/review/file", params={"path": "link.txt"})
        assert res.status_code == 403
        res = client.post("/gold", json={"path": "link.txt", "gold": {}})
        assert res.status_code == 403 and not (tmp_path / "secret.gold.json").exists()
    finally:
        (root / "link.txt").unlink()


def test_save_gold_writes_beside_the_article_and_reopens(client, root):
    data = client.get("/review/file", params={"path": "bn_001.txt"}).json()
    rec = data["record"]
    ev = rec["events"][0]
    ev["officials"] = [{"honorific": "นาย", "name": "สมศักดิ์ ทองดีเลิศ", "position": "นายอำเภอบ้านนา",
                        "organization": None, "span": [0, 3]}]
    ev["participants"]["people"] = [{"honorific": "นางสาว", "name": "มณีรัตน์ แสงอรุณ", "position": None,
                                     "span": None, "optional": True}]
    res = client.post("/gold", json={"path": "bn_001.txt", "record": rec, "forbidden": ["ข่าวแนะนำ"]})
    assert res.status_code == 200, res.text
    out = res.json()
    assert out == {"path": "bn_001.gold.json", "written": True, "gold": out["gold"]}
    on_disk = json.loads((root / "bn_001.gold.json").read_text(encoding="utf-8"))
    assert on_disk == out["gold"]
    assert on_disk["id"] == "bn_001" and on_disk["text_file"] == "bn_001.txt"
    assert on_disk["event"]["officials"][0]["position"] == "นายอำเภอบ้านนา"
    assert on_disk["event"]["participants"][0]["optional"] is True
    assert on_disk["forbidden"] == ["ข่าวแนะนำ"]

    again = client.get("/review/file", params={"path": "bn_001.txt"}).json()
    assert again["gold"] == on_disk and again["gold_problems"] == []
    assert again["review"]["events"][0]["participants"]["people"][0]["name"] == "มณีรัตน์ แสงอรุณ"
    files = {f["path"]: f["has_gold"] for f in client.get("/review/files").json()["files"]}
    assert files == {"bn_001.txt": True, "sub/bn_002.html": False}
    (root / "bn_001.gold.json").unlink()


def test_save_gold_refuses_invalid_values_in_words(client, root):
    rec = client.get("/review/file", params={"path": "bn_001.txt"}).json()["record"]
    rec["events"][0]["time"] = {"text": "x", "start": "9.30", "end": None, "span": None}
    res = client.post("/gold", json={"path": "bn_001.txt", "record": rec})
    assert res.status_code == 422
    assert res.json()["message"].startswith("event.time: must be a time written HH:MM")
    assert not (root / "bn_001.gold.json").exists()


def test_save_gold_dry_run_and_plain_gold(client, root):
    gold = {"headline": "หัวข่าว", "event": {"date": "2023-03-03", "officials": []}}
    res = client.post("/gold", json={"gold": gold, "dry_run": True})
    assert res.status_code == 200
    assert res.json()["written"] is False and res.json()["path"] is None
    assert res.json()["gold"]["event"]["date"] == "2023-03-03"
    res = client.post("/gold", json={"path": "sub/bn_002.html", "gold": gold})
    assert res.json()["path"] == "sub/bn_002.gold.json"
    assert json.loads((root / "sub" / "bn_002.gold.json").read_text(encoding="utf-8"))["text_file"] == "bn_002.html"
    (root / "sub" / "bn_002.gold.json").unlink()


@pytest.mark.parametrize("body,words", [
    ({"path": "bn_001.txt"}, "give exactly one of record or gold"),
    ({"gold": {}}, "path is required to save"),
    ({"path": "bn_001.txt", "gold": {"event": {"time": "noon"}}}, "event.time: must be a time"),
])
def test_save_gold_bad_requests(client, body, words):
    res = client.post("/gold", json=body)
    assert res.status_code == 422
    assert words in res.json()["message"]


def test_without_root_the_review_page_pastes_only():
    with TestClient(create_app(use_ner=False), base_url=BASE) as c:
        assert c.get("/review/config").json()["root"] is None
        res = c.get("/review/files")
        assert res.status_code == 404 and "--root DIR" in res.json()["message"]
        res = c.post("/gold", json={"path": "x.txt", "gold": {}})
        assert res.status_code == 404
        assert c.post("/gold", json={"gold": {}, "dry_run": True}).status_code == 200


def test_cli_serve_checks_root_before_starting(tmp_path, capsys):
    from extractor.cli import build_parser, main

    args = build_parser().parse_args(["serve", "--port", "8123", "--root", str(tmp_path), "--allow-private-urls"])
    assert (args.port, args.root, args.allow_private_urls, args.host) == (8123, str(tmp_path), True, "127.0.0.1")
    assert main(["serve", "--root", str(tmp_path / "nope")]) == 1
    assert "is not a folder; --root must name the folder" in capsys.readouterr().err
