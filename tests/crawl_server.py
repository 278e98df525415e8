"""A local HTTP server for the crawler's tests and benchmark: a site directory plus fault routes.

    with SiteServer(crawl_delay=0.05) as site:
        site.base                      # "http://127.0.0.1:PORT"
        site.hits("/news/10452")       # how many requests that path got

It serves ``fixtures/site`` (or any directory laid out the same way) on
127.0.0.1, an ephemeral port, HTTP/1.1 with keep-alive, from a background
thread. ``{{BASE}}`` and ``{{CRAWL_DELAY}}`` in text files are filled in.
A path maps to a file: ``/a/`` → ``a/index.html``, ``/a`` → ``a`` or
``a.html``, ``/?p=1`` → ``index__p=1.html``; ``x.xml.gz`` is ``x.xml``
gzipped on the fly; an HTML file that declares ``charset=tis-620`` is sent
encoded so. Every response has an ETag and Last-Modified, and a matching
``If-None-Match`` gets a 304. ``/fault/news/1000NN-…`` are the fault routes
(see ``fixtures/site/README.md``). Run as a script it serves a directory in
its own process (for the benchmark) and prints the base URL.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "site"
LAST_MODIFIED = "Sat, 12 Aug 2023 03:15:00 GMT"
_TEXT_SUFFIXES = (".html", ".xml", ".txt", ".rss", ".atom", "")
_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".gz": "application/gzip",
          ".txt": "text/plain; charset=utf-8", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          "": "text/html; charset=utf-8"}


class SiteServer:
    """The fixture site (or another directory) on 127.0.0.1, with a log of every request."""

    def __init__(self, root: Path | str = SITE_DIR, *, crawl_delay: float = 0.0, slow_seconds: float = 2.0,
                 retry_after: str = "1", huge_bytes: int = 10 * 1024 * 1024, expose_log: bool = False) -> None:
        self.root = Path(root)
        self.crawl_delay = crawl_delay
        self.slow_seconds = slow_seconds
        self.retry_after = retry_after
        self.huge_bytes = huge_bytes
        self.expose_log = expose_log
        #: (monotonic time, path with query, User-Agent, status) of every request, in arrival order.
        self.log: list[tuple[float, str, str, int]] = []
        self.huge_sent = 0
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.base = ""

    # -- life -------------------------------------------------------------------------------------

    def start(self) -> "SiteServer":
        """Listen on an ephemeral port of 127.0.0.1 and serve from a daemon thread."""
        site = self

        class Handler(_Handler):
            server_site = site

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what was asked ---------------------------------------------------------------------------

    def hits(self, path: str) -> int:
        """Requests for exactly ``path`` (with its query, if any) so far."""
        with self._lock:
            return sum(1 for _t, p, _ua, _s in self.log if p == path)

    def paths(self) -> list[str]:
        """Every requested path with query, in order."""
        with self._lock:
            return [p for _t, p, _ua, _s in self.log]

    def statuses(self, status: int) -> list[str]:
        """Paths answered with ``status``."""
        with self._lock:
            return [p for _t, p, _ua, s in self.log if s == status]

    def record(self, path: str, ua: str, status: int, when: float) -> None:
        with self._lock:
            self.log.append((when, path, ua, status))

    def bump(self, key: str) -> int:
        """Count one more request for a fault route; return the count (1 for the first)."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    # -- files ------------------------------------------------------------------------------------

    def render(self, rel: str) -> Optional[tuple[bytes, str]]:
        """The bytes and content type of a site file, templated; None if there is no such file."""
        hidden = any(part.startswith("_") for part in rel.split("/") if part)
        if hidden or ".." in rel.split("/"):
            return None
        f = self.root / rel
        if not f.is_file():
            if rel.endswith(".gz") and (self.root / rel[:-3]).is_file():
                inner = self.render(rel[:-3])
                return (gzip.compress(inner[0], mtime=0), "application/gzip") if inner else None
            return None
        return self.file_body(f)

    def file_body(self, f: Path) -> tuple[bytes, str]:
        """A file's bytes and content type, with ``{{BASE}}``/``{{CRAWL_DELAY}}`` filled in."""
        suffix = f.suffix.lower()
        ctype = _TYPES.get(suffix, "application/octet-stream")
        data = f.read_bytes()
        if suffix in _TEXT_SUFFIXES:
            text = data.decode("utf-8")
            text = text.replace("{{BASE}}", self.base).replace("{{CRAWL_DELAY}}", f"{self.crawl_delay:g}")
            if suffix in (".html", "") and "charset=tis-620" in text[:600].lower():
                return text.encode("cp874"), "text/html; charset=tis-620"
            data = text.encode("utf-8")
        return data, ctype

    def lookup(self, path: str, query: str) -> Optional[tuple[bytes, str]]:
        """The file a URL path (and query) maps to."""
        rel = unquote(path).lstrip("/")
        if query:
            stem = rel + "index" if rel == "" or rel.endswith("/") else rel
            for cand in (f"{stem}__{query}", f"{stem}__{query}.html"):
                found = self.render(cand)
                if found:
                    return found
        cands = [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + ".html", rel + "/index.html"]
        for cand in cands:
            found = self.render(cand)
            if found:
                return found
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_site: SiteServer

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle + delayed ACK add ~40 ms a page
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # a client closing a kept-alive connection is normal

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass  # the site keeps its own log

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        when = time.monotonic()
        site = self.server_site
        parts = urlsplit(self.path)
        status = 500
        try:
            status = self._answer(site, parts.path, parts.query)
        except (BrokenPipeError, ConnectionResetError):
            status = 499  # the client hung up (as it should, on a huge body)
        finally:
            site.record(self.path, self.headers.get("User-Agent", ""), status, when)

    # -- responses --------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: Optional[dict[str, str]] = None) -> int:
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body and status != 304:
            self.wfile.write(body)
        return status

    def _redirect(self, status: int, location: str) -> int:
        return self._send(status, b"", headers={"Location": location})

    def _answer(self, site: SiteServer, path: str, query: str) -> int:
        if path == "/__requests" and site.expose_log:
            with site._lock:
                data = json.dumps(site.log).encode()
            return self._send(200, data, "application/json")
        if path.startswith("/fault/"):
            return self._fault(site, path)
        found = site.lookup(path, query)
        if found is None:
            return self._send(404, "<html><body><p>ไม่พบหน้านี้</p></body></html>".encode(), )
        body, ctype = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, headers={"ETag": etag})
        return self._send(200, body, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _fault_body(self, site: SiteServer, name: str) -> bytes:
        return (site.root / "_fault" / f"{name}.html").read_bytes()

    def _fault(self, site: SiteServer, path: str) -> int:
        name = path.rsplit("-", 1)[-1] if path.startswith("/fault/news/") else ""
        n = site.bump(path)
        if name == "slow":
            time.sleep(site.slow_seconds)
            return self._send(200, b"<html><body><p>late</p></body></html>")
        if name == "flaky":
            return self._send(500, b"oops") if n == 1 else self._send(200, self._fault_body(site, "flaky"))
        if name == "busy":
            if n == 1:
                return self._send(429, b"slow down", headers={"Retry-After": site.retry_after})
            return self._send(200, self._fault_body(site, "busy"))
        if path == "/fault/news/100004-loop":
            return self._redirect(302, "/fault/news/100004-loop-b")
        if path == "/fault/news/100004-loop-b":
            return self._redirect(302, "/fault/news/100004-loop")
        if name == "huge":
            return self._huge(site)
        if name == "charset":  # UTF-8 bytes under a wrong label, as a misconfigured server sends them
            return self._send(200, self._fault_body(site, "charset"), "text/html; charset=iso-8859-1")
        if name == "gzip":
            return self._send(200, gzip.compress(self._fault_body(site, "gzip")), "text/html; charset=utf-8",
                              {"Content-Encoding": "gzip"})
        if name == "offsite":
            port = site.base.rsplit(":", 1)[1]
            return self._redirect(302, f"http://localhost:{port}/elsewhere/news/555555")
        if name == "pdf":
            return self._send(200, b"%PDF-1.4\n%fake\n", "application/pdf")
        if name == "moved":
            return self._redirect(301, "/2023/08/12/lampang-community-forest-planting/")
        return self._send(404, b"no such fault")

    def _huge(self, site: SiteServer) -> int:
        """A body of ``huge_bytes`` in chunks, no Content-Length: only streaming can cut it off."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + "ข่าวยาวมาก ".encode() * 5000 + b"</p>\n"
        sent = 0
        while sent < site.huge_bytes:
            piece = chunk[: site.huge_bytes - sent]
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            sent += len(piece)
            site.huge_sent = sent
        self.wfile.write(b"0\r\n\r\n")
        return 200


def main(argv: Optional[list[str]] = None) -> int:
    """Serve a directory until standard input closes (for the benchmark's server process)."""
    ap = argparse.ArgumentParser(description="Serve a crawl test site on 127.0.0.1.")
    ap.add_argument("root", nargs="?", default=str(SITE_DIR))
    ap.add_argument("--crawl-delay", type=float, default=0.0)
    args = ap.parse_args(argv)
    # one thread per connection: with the default 5 ms switch interval, threads answering at once wait
    # on each other for the interpreter lock, and the benchmark would measure that, not the crawler
    sys.setswitchinterval(0.0002)
    with SiteServer(args.root, crawl_delay=args.crawl_delay, expose_log=True) as site:
        print(site.base, flush=True)
        sys.stdin.read()  # the parent closes our stdin to stop us
    return 0


if __name__ == "__main__":
    sys.exit(main())
