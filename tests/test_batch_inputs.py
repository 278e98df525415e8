"""Batch input readers: files, JSON Lines, WARC — ids, skipping, what is not an article."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from extractor.batch_inputs import (BAD_ARCHIVE, BAD_LINE, FilesSource, JsonlSource, WarcSource, open_source,
                                    open_sources)
from extractor.errors import InputError

HTML = "<html><head><meta charset='utf-8'><title>ข่าว</title></head><body><h1>อำเภอจัดประชุมกำนัน</h1>" \
       "<p>เมื่อวันที่ 3 มีนาคม 2566 นายสมปอง ทดลองดี นายอำเภอ เป็นประธาน</p></body></html>"


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]]) -> None:
    """A WARC.GZ with (type, url, content type, payload) records; responses get HTTP 200 unless noted."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for rec_type, url, ctype, payload in records:
            if rec_type == "response":
                status = "301 Moved Permanently" if url.endswith("/old") else "200 OK"
                headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            else:
                rec = writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload),
                                                warc_content_type=ctype)
            writer.write_record(rec)


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
        ("response", "https://news.example/a", "text/html; charset=utf-8", HTML.encode()),
        ("request", "https://news.example/a", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\n\r\n"),
        ("response", "https://news.example/logo.png", "image/png", b"\x89PNG...."),
        ("response", "https://news.example/old", "text/html", b"<html>moved</html>"),
        ("response", "https://news.example/b", "text/html; charset=tis-620",
         HTML.replace("3 มีนาคม", "4 มีนาคม").replace("charset='utf-8'", "").encode("cp874")),
    ])
    return path


def test_warc_reads_html_responses_only_with_offset_ids(warc):
    src = open_source(warc)
    assert isinstance(src, WarcSource)
    items = list(src.items())
    assert [i.url for i in items] == ["https://news.example/a", "https://news.example/b"]
    assert src.ignored == 4  # warcinfo, request, image, redirect
    assert all(i.id.startswith(f"{warc}#") and i.id.split("#")[1].isdigit() for i in items)
    assert "charset=tis-620" in items[1].content_type and b"\xc1" in items[1].content  # bytes + header, decoded by the worker
    assert [i.id for i in src.items()] == [i.id for i in items], "ids must be the same on every read"


def test_warc_skip_and_torn_archive(warc, tmp_path):
    first = next(WarcSource(warc).items())
    items = list(WarcSource(warc).items(skip={first.id}))
    assert items[0].skipped and items[0].content is None and not items[1].skipped
    torn = tmp_path / "torn.warc.gz"
    torn.write_bytes(warc.read_bytes()[:-40])
    got = list(WarcSource(torn).items())
    assert got[0].url == "https://news.example/a" and got[0].error is None
    assert got[-1].url == "https://news.example/b" and got[-1].error[0] == BAD_ARCHIVE
    assert "truncated" in got[-1].error[1]
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"\x1f\x8b\x08 not really gzip")
    bad = list(WarcSource(garbage).items())
    assert len(bad) == 1 and bad[0].error[0] == BAD_ARCHIVE and bad[0].id == f"{garbage}#0"


def test_jsonl_items_ids_and_bad_lines(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"url": "https://x/1", "html": HTML}, ensure_ascii=False),
        "",
        json.dumps({"url": "https://x/2", "text": "ข่าวหนึ่ง\nเนื้อข่าว", "published": "2023-03-04"}, ensure_ascii=False),
        "{not json",
        json.dumps({"url": "https://x/4"}),
        json.dumps(["a list"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = open_source(path)
    assert isinstance(src, JsonlSource) and src.count() == 5
    items = list(src.items())
    assert [i.id.rsplit("#", 1)[1] for i in items] == ["1", "3", "4", "5", "6"]  # blank line 2 keeps numbering
    assert items[0].html is True and items[1].html is None and items[1].published == "2023-03-04"
    assert [i.error[0] if i.error else None for i in items] == [None, None, BAD_LINE, BAD_LINE, BAD_LINE]
    assert "html" in items[3].error[1]
    assert [i.skipped for i in src.items(skip={items[1].id})] == [False, True, False, False, False]


def test_files_source_dir_and_single_file(tmp_path):
    d = tmp_path / "arch"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text("ข่าว", encoding="utf-8")
    (d / "sub" / "a.html").write_text(HTML, encoding="utf-8")
    (d / "notes.md").write_text("x", encoding="utf-8")
    src = open_source(d)
    assert isinstance(src, FilesSource) and src.count() == 2
    items = list(src.items())
    assert [Path(i.id).name for i in items] == ["b.txt", "a.html"]
    assert items[0].path == items[0].id and items[0].content is None  # read by the worker
    assert items[1].html is True
    assert [i.id for i in open_source(str(d) + "/").items()] == [i.id for i in items], "trailing slash, same ids"
    single = open_source(d / "b.txt")
    assert [i.id for i in single.items()] == [items[0].id]


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "no such file"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "no article files"),
    (lambda p: (p / "x.csv").write_text("a,b") and p / "x.csv", "not a batch input"),
])
def test_bad_inputs_fail_before_work(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        open_sources([make(tmp_path)])


def test_same_input_twice_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("ข่าว", encoding="utf-8")
    with pytest.raises(InputError, match="given twice"):
        open_sources([tmp_path / "a.txt", str(tmp_path / "a.txt")])


def test_plain_gz_is_not_taken_for_warc(tmp_path):
    p = tmp_path / "x.txt.gz"
    p.write_bytes(gzip.compress(b"hello"))
    with pytest.raises(InputError, match="not a batch input"):
        open_source(p)


def test_crawl_store_pages_are_items_keyed_by_url(tmp_path):
    store_mod = pytest.importorskip("extractor.crawl_store")
    d = tmp_path / "store"
    store = store_mod.CrawlStore(d)
    for i, (page_type, ctype) in enumerate([("article", "text/html; charset=utf-8"), ("listing", "text/html"),
                                            ("article", "text/html; charset=tis-620")]):
        url = f"https://news.example/p{i}"
        store.add(url, "news.example", "page")
        body = HTML.replace("charset='utf-8'", "").encode("cp874") if "tis" in ctype else HTML.encode()
        store.update(url, state="done", page_type=page_type, sha256=store.objects.put(body), content_type=ctype)
    store.close()
    src = open_source(d)
    assert src.kind == "crawl-store"
    items = list(src.items())
    assert [i.id for i in items] == [f"{d}#https://news.example/p0", f"{d}#https://news.example/p2"]
    assert ["charset=utf-8" in i.content_type for i in items] == [True, False] and "tis-620" in items[1].content_type
    assert items[0].url == "https://news.example/p0"
    assert [i.skipped for i in src.items(skip={items[0].id})] == [True, False]
