"""``thainews serve``: a JSON API for other systems and a review page for building gold files.

One process (FastAPI on uvicorn) serves:

* the API — ``POST /extract`` (one of ``text``, ``html``, ``url``; optional
  ``published``) answers an ArticleRecord; ``POST /extract/batch`` answers a
  result or an error per item; ``GET /health``; ``GET /schema`` (the record's
  JSON Schema); the OpenAPI document at ``/openapi.json`` (``/docs``);
* the review page (``/``, static files from ``extractor/web/``) and its
  routes under ``/review`` plus ``POST /gold``, which writes ``X.gold.json``
  beside ``X.txt`` under ``--root`` (``extractor.review``, ``extractor.gold``).

Limits, so one caller cannot take the service down: the request body is
capped (413), a batch has a maximum item count, every request has a
deadline (504) — extraction runs in a small thread pool, and a request that
passes its deadline is answered while its thread finishes in the background
(the article time budget of ``assemble`` bounds that) — and at most
``max_pending`` extractions wait at once (503). Models and lexicons load once,
at startup.

A URL is fetched with the crawler's polite client (``extractor.fetch``:
robots.txt, a user agent naming the tool, timeouts, a body size limit,
redirects followed hop by hop). Unless the server was started with
``--allow-private-urls``, every host is resolved and *every* address checked
— before the first request, at each redirect hop, and again when the socket
is opened (the connection goes to the address that was checked, so a DNS
answer that changes in between cannot reach an internal service): loopback,
private, link-local, multicast and reserved addresses are refused
(``extractor.netguard``).

The server answers only to the Host names it was started for (loopback by
default), which stops DNS-rebinding pages from reaching it through a
browser, and ``POST /gold`` refuses a cross-site ``Origin``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import __version__
from .errors import InputError
from .gold import iso_date
from .asgi_guards import LOOPBACK_NAMES, BodyLimit, HostGuard, allowed_host_names
from .netguard import AddressGuard, BlockedURL, guarded_transport

log = logging.getLogger(__name__)


@dataclass
class Limits:
    """What one request may ask of the server."""

    #: Bytes of request body (a pasted article is a few tens of KB; a batch of them a few MB).
    max_body_bytes: int = 4 * 1024 * 1024
    #: Items in one ``POST /extract/batch``.
    max_batch_items: int = 32
    #: Seconds a request may take, fetching included (a batch shares one deadline).
    timeout: float = 30.0
    #: Threads running extraction (pure Python holds the GIL: more threads add little speed).
    workers: int = 2
    #: Extractions submitted and not finished (those past their deadline included) before 503.
    max_pending: int = 64
    #: Bytes of a fetched page.
    max_page_bytes: int = 5 * 1024 * 1024


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    """An error answered as ``{"detail": message, "message": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _where(loc: Iterable[Any]) -> str:
    """A pydantic error location as a field path: ``("body", "items", 0, "url")`` → ``items[0].url``."""
    out = ""
    for part in loc:
        if part in ("body", "query") and not out:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _words(err: dict[str, Any], fields: Iterable[str] = ()) -> str:
    """One validation error in words, field first."""
    where = _where(err.get("loc", ()))
    kind = err.get("type", "")
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        known = ", ".join(fields)
        msg = "is not a field of this request" + (f" (fields: {known})" if known else "")
    elif kind == "missing":
        msg = "is required"
    elif kind == "json_invalid":
        return f"the request body is not valid JSON ({err.get('ctx', {}).get('error', msg)})"
    elif kind in ("model_attributes_type", "dict_type") and not where:
        return "the request body must be a JSON object"
    return f"{where}: {msg}" if where else msg


def validation_message(errors: list[dict[str, Any]], fields: Iterable[str] = ()) -> str:
    """Validation errors as one message naming each field and its problem."""
    return "; ".join(dict.fromkeys(_words(e, fields) for e in errors)) or "the request is not valid"


# --------------------------------------------------------------------------- request models


class ExtractRequest(BaseModel):
    """One article to extract: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอแม่ทา จังหวัดลำพูน ...",
                      "published": "2023-03-04"}]})

    text: Optional[str] = Field(None, description="the article as plain text")
    html: Optional[str] = Field(None, description="the article's web page as HTML")
    url: Optional[str] = Field(None, max_length=2048,
                               description="a page to fetch (http or https; public addresses only "
                                           "unless the server allows private ones)")
    published: Optional[str] = Field(None, description="publication date YYYY-MM-DD; overrides the one "
                                                       "found in the text and anchors dates written "
                                                       "without a year")

    @field_validator("text", "html")
    @classmethod
    def _not_blank(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not v.strip():
            raise ValueError("is empty; give the article's text")
        return v

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: Optional[str]) -> Optional[str]:
        if v is None:
            return None
        parts = urlsplit(v.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an http:// or https:// URL with a host name, got {v!r}")
        return v.strip()

    @field_validator("published")
    @classmethod
    def _published(cls, v: Optional[str]) -> Optional[str]:
        return iso_date(v)

    @model_validator(mode="after")
    def _exactly_one(self) -> "ExtractRequest":
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            got = " and ".join(given) if given else "none of them"
            raise ValueError(f"give exactly one of text, html or url (got {got})")
        return self


class BatchRequest(BaseModel):
    """Many articles in one request; each item is an ExtractRequest, checked on its own."""

    model_config = ConfigDict(extra="forbid")

    items: list[dict[str, Any]] = Field(description="each item as the body of POST /extract "
                                                    "(one of text, html, url; optional published)")


class BatchItem(BaseModel):
    """The outcome of one batch item: a record, or an error with the HTTP status it would have had."""

    index: int
    ok: bool
    record: Optional[dict[str, Any]] = None
    status: Optional[int] = None
    error: Optional[str] = None


class BatchResponse(BaseModel):
    """One outcome per item, in the order given."""

    results: list[BatchItem]


# --------------------------------------------------------------------------- extraction service


@dataclass
class Fetched:
    """A page fetched for ``POST /extract {url}``."""

    url: str
    body: bytes
    content_type: str


#: Fetch outcomes that are about the URL the caller gave (400) rather than the remote site (502).
_CALLER_REASONS = {"bad_url": "is not a URL that can be fetched", "robots": "is disallowed by the site's robots.txt",
                   "not_html": "is not an HTML or text page", "off_host": "redirects to an address that "
                                                                          "is not fetched"}


@dataclass
class Service:
    """Runs extraction with a deadline in a thread pool and fetches URLs; one per app."""

    limits: Limits
    use_ner: bool = True
    allow_private_urls: bool = False
    fetch_config: Any = None
    fetch_transport: Any = None
    guard: AddressGuard = field(default_factory=AddressGuard)
    ready: bool = False
    _executor: Optional[ThreadPoolExecutor] = None
    _fetcher: Any = None
    _pending: int = 0

    async def start(self) -> None:
        """Start the thread pool and the fetcher, and load extractors, lexicons and models once."""
        from .fetch import FetchConfig, Fetcher

        self._executor = ThreadPoolExecutor(max_workers=self.limits.workers, thread_name_prefix="thainews-extract")
        cfg = self.fetch_config or FetchConfig(delay=1.0, concurrency=4, per_host=2, timeout=10.0,
                                               total_timeout=min(20.0, self.limits.timeout), retries=1,
                                               backoff_base=0.5, backoff_max=2.0, retry_after_cap=5.0,
                                               max_redirects=5, max_bytes=self.limits.max_page_bytes)
        transport = self.fetch_transport
        if transport is None and not self.allow_private_urls:
            transport = guarded_transport(self.guard)
        allow = (lambda _url: True) if self.allow_private_urls else self.guard.allows
        self._fetcher = Fetcher(cfg, allow_url=allow, transport=transport)
        await self._fetcher.__aenter__()
        from .batch import warm_up

        started = time.perf_counter()
        await asyncio.get_running_loop().run_in_executor(self._executor, warm_up, self.use_ner)
        self.ready = True
        log.info("extractors and models loaded in %.1f s", time.perf_counter() - started)

    async def stop(self) -> None:
        """Close the fetcher and the thread pool (threads past their deadline are not waited for)."""
        if self._fetcher is not None:
            await self._fetcher.__aexit__(None, None, None)
            self._fetcher = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self.ready = False

    async def run(self, fn: Callable[[], Any], deadline: float) -> Any:
        """Run ``fn`` in the pool; ApiError 504 if it does not finish by ``deadline`` (monotonic)."""
        if self._executor is None:
            raise ApiError(503, "the server is starting or stopping; retry in a moment")
        if self._pending >= self.limits.max_pending:
            raise ApiError(503, f"the server is busy ({self._pending} extractions waiting); retry later")
        self._pending += 1
        fut = asyncio.get_running_loop().run_in_executor(self._executor, _guarded(fn))
        fut.add_done_callback(self._done)
        try:
            # on timeout wait_for cancels fut: a job still queued is dropped, one already running
            # finishes on its own (a thread cannot be stopped; assemble's time budget bounds it)
            return await asyncio.wait_for(fut, max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            raise ApiError(504, f"extraction did not finish within {self.limits.timeout:g} s") from None

    def _done(self, _fut: Any) -> None:
        self._pending -= 1

    async def fetch(self, url: str, deadline: float) -> Fetched:
        """Fetch ``url`` politely, refusing non-public addresses unless allowed; ApiError on failure."""
        if not self.allow_private_urls:
            try:
                await asyncio.get_running_loop().run_in_executor(None, self.guard.check_url, url)
            except BlockedURL as exc:
                raise ApiError(400, f"url: {exc}" if exc.unresolved else _blocked_message(str(exc))) from None
        started = time.monotonic()
        try:
            res = await asyncio.wait_for(self._fetcher.fetch(url), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            raise ApiError(504, f"url: fetching {url} did not finish within {self.limits.timeout:g} s") from None
        if res.ok:
            return Fetched(res.final_url, res.body, res.content_type)
        refused = None if self.allow_private_urls else self.guard.refusal_for([url, *res.redirects], since=started)
        if refused:
            raise ApiError(400, _blocked_message(refused, redirected=bool(res.redirects)))
        detail = f" ({res.detail})" if res.detail else ""
        if res.reason in _CALLER_REASONS:
            raise ApiError(400, f"url: {res.final_url} {_CALLER_REASONS[res.reason]}{detail}")
        if res.reason == "timeout":
            raise ApiError(504, f"url: {res.final_url} did not answer in time{detail}")
        what = f"HTTP {res.status}" if res.status and not res.reason else (res.reason or "no page")
        raise ApiError(502, f"url: {res.final_url} could not be fetched: {what}{detail}")

    async def extract(self, req: ExtractRequest, deadline: float) -> dict[str, Any]:
        """The ArticleRecord (as JSON) of one request."""
        fetched = await self.fetch(req.url, deadline) if req.url is not None else None
        return await self.run(lambda: _extract_now(req, fetched, self.use_ner), deadline)

    async def extract_file(self, path: Path, source_file: str, deadline: float) -> Any:
        """The ArticleRecord of a file under root (``source_file`` as given, relative to root)."""

        def work() -> Any:
            from .pipeline import extract_file

            rec = extract_file(path, use_ner=self.use_ner)
            rec.source_file = source_file
            return rec

        return await self.run(work, deadline)


def _guarded(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with any unexpected exception turned into an ApiError 500 (and logged with its traceback)."""

    def call() -> Any:
        try:
            return fn()
        except ApiError:
            raise
        except Exception as exc:  # an extractor bug must answer 500 in words, not drop the connection
            log.exception("extraction failed")
            raise ApiError(500, f"extraction failed ({type(exc).__name__}: {exc}); the server log has "
                                "the details") from None

    return call


def _blocked_message(reason: str, redirected: bool = False) -> str:
    how = "the page redirects to a host that " if redirected else ""
    return (f"url: {how}{reason}; this server fetches only public addresses "
            "(start it with --allow-private-urls to fetch from your own network)")


def _extract_now(req: ExtractRequest, fetched: Optional[Fetched], use_ner: bool) -> dict[str, Any]:
    """Extraction proper (runs in a worker thread)."""
    from .assemble import assemble
    from .pipeline import read_article

    try:
        if fetched is not None:
            ctype = fetched.content_type.split(";", 1)[0].strip().lower()
            if ctype in ("", "text/html", "application/xhtml+xml") or ctype.endswith("+xml") or "html" in ctype:
                from .article_html import read_html

                article = read_html(fetched.body, url=fetched.url, content_type=fetched.content_type)
                if req.published:
                    article.published = dt.date.fromisoformat(req.published)
            else:
                article = read_article(fetched.body, url=fetched.url, published=req.published, source="url",
                                       html=False)
        elif req.html is not None:
            article = read_article(req.html, published=req.published, source="html", html=True)
        else:
            article = read_article(req.text or "", published=req.published, source="text", html=False)
        return assemble(article, use_ner=use_ner).model_dump(mode="json")
    except InputError as exc:
        raise ApiError(400, f"{exc.source}: {exc.problem}") from None


# --------------------------------------------------------------------------- the app


def create_app(*, root: Optional[str | os.PathLike] = None, allow_private_urls: bool = False,
               use_ner: bool = True, limits: Optional[Limits] = None, host: str = "127.0.0.1",
               allowed_hosts: Iterable[str] = (), fetch_config: Any = None, fetch_transport: Any = None,
               guard: Optional[AddressGuard] = None) -> Any:
    """The FastAPI app of ``thainews serve``.

    ``root`` is the folder the review page opens articles from and saves gold
    files to (None: pasting only). ``host`` is the address the server binds
    to; it decides which Host names are answered (``allowed_hosts`` adds
    more). ``fetch_config``/``fetch_transport``/``guard`` replace the
    fetcher's settings, its network and the address checks (tests).
    """
    from contextlib import asynccontextmanager

    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from .records import record_json_schema
    from .review import GoldRequest, install_review

    limits = limits or Limits()
    root_dir = Path(root).resolve() if root is not None else None
    if root_dir is not None and not root_dir.is_dir():
        raise InputError(str(root), "is not a folder; --root must name the folder that holds the articles")
    service = Service(limits=limits, use_ner=use_ner, allow_private_urls=allow_private_urls,
                      fetch_config=fetch_config, fetch_transport=fetch_transport, guard=guard or AddressGuard())

    @asynccontextmanager
    async def lifespan(_app: Any) -> Any:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title="thai-news-extractor", version=__version__, lifespan=lifespan,
        description="Turn Thai provincial news posts into event records (ArticleRecord, see RECORD.md). "
                    "Every value carries a span into the record's body. Errors answer "
                    '{"detail": ..., "message": "<field>: <problem>"}.')
    app.state.service = service
    app.state.root = root_dir
    request_models = {"/extract": ExtractRequest, "/extract/batch": BatchRequest, "/gold": GoldRequest}
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(HostGuard, hosts=allowed_host_names(host, allowed_hosts))

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "message": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        model = request_models.get(request.url.path)
        fields = tuple(model.model_fields) if model else ()
        message = validation_message(errors, fields)
        ctype = request.headers.get("content-type", "")
        if request.method == "POST" and "json" not in ctype.lower():
            # FastAPI reads a body as JSON only when it is labelled so; say that rather than "not an object"
            message = f"send the body as JSON with the header Content-Type: application/json (got {ctype or 'none'})"
        detail = [{"field": _where(e.get("loc", ())), "msg": _words(e, fields), "type": e.get("type"),
                   "loc": list(e.get("loc", ()))} for e in errors]
        return JSONResponse({"detail": detail, "message": message}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page or API route; see /docs for the API"
        return JSONResponse({"detail": exc.detail, "message": message}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")
        message = f"internal error ({type(exc).__name__}: {exc}); the server log has the details"
        return JSONResponse({"detail": message, "message": message}, status_code=500)

    def deadline() -> float:
        return time.monotonic() + limits.timeout

    # ---------------------------------------------------------------- API

    @app.get("/health", tags=["api"], summary="Is the service up and ready")
    async def health() -> dict[str, Any]:
        from .extractors import REGISTRY

        return {"status": "ok" if service.ready else "starting", "version": __version__,
                "extractors": list(REGISTRY), "ner": use_ner, "review_root": root_dir is not None,
                "limits": {"max_body_bytes": limits.max_body_bytes, "max_batch_items": limits.max_batch_items,
                           "timeout_seconds": limits.timeout}}

    @app.get("/schema", tags=["api"], summary="JSON Schema of ArticleRecord")
    async def schema() -> dict[str, Any]:
        return record_json_schema()

    @app.post("/extract", tags=["api"], summary="Extract the record of one article",
              responses={400: {"description": "the input cannot be read, or the URL is refused"},
                         413: {"description": "request body too large"},
                         422: {"description": "a field is missing or malformed"},
                         502: {"description": "the URL could not be fetched"},
                         503: {"description": "too many extractions waiting"},
                         504: {"description": "the request ran past its deadline"}})
    async def extract(req: ExtractRequest) -> dict[str, Any]:
        """Give exactly one of ``text``, ``html`` or ``url``; get the ArticleRecord (RECORD.md)."""
        return await service.extract(req, deadline())

    @app.post("/extract/batch", tags=["api"], response_model=BatchResponse,
              summary="Extract many articles; one result or error per item")
    async def extract_batch(req: BatchRequest) -> BatchResponse:
        """Items as for ``/extract``; an item that fails gives its error, the others still come back.

        At most ``max_batch_items`` items (see ``/health``); all share one deadline.
        """
        if len(req.items) > limits.max_batch_items:
            raise ApiError(422, f"items: {len(req.items)} items in one batch; at most {limits.max_batch_items} "
                                "(split it into several requests)")
        until = deadline()

        async def one(i: int, raw: dict[str, Any]) -> BatchItem:
            try:
                item = ExtractRequest.model_validate(raw)
            except ValidationError as exc:
                errs = [{**e, "loc": ("items", i, *e["loc"])} for e in exc.errors()]
                return BatchItem(index=i, ok=False, status=422,
                                 error=validation_message(errs, ExtractRequest.model_fields))
            try:
                return BatchItem(index=i, ok=True, record=await service.extract(item, until))
            except ApiError as exc:
                return BatchItem(index=i, ok=False, status=exc.status, error=f"items[{i}]: {exc.message}")

        return BatchResponse(results=list(await asyncio.gather(*(one(i, x) for i, x in enumerate(req.items)))))

    install_review(app, service=service, root_dir=root_dir, limits=limits, deadline=deadline)

    return app


class BackgroundServer:
    """uvicorn serving ``app`` in a daemon thread on an ephemeral port: ``with BackgroundServer(app) as url:``.

    For tests, screenshots and notebooks; ``thainews serve`` runs uvicorn in
    the foreground instead.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", startup_timeout: float = 60.0) -> None:
        self.app = app
        self.host = host
        self.startup_timeout = startup_timeout
        self.url = ""
        self._server: Any = None
        self._thread: Optional[threading.Thread] = None

    def __enter__(self) -> str:
        import uvicorn

        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        port = sock.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True,
                                        name="thainews-serve")
        self._thread.start()
        until = time.monotonic() + self.startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > until:
                self._server.should_exit = True
                raise RuntimeError(f"the server did not start within {self.startup_timeout:g} s")
            time.sleep(0.02)
        self.url = f"http://{'[' + self.host + ']' if ':' in self.host else self.host}:{port}"
        return self.url

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


# --------------------------------------------------------------------------- CLI


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        raise InputError("thainews serve", "needs FastAPI and uvicorn: pip install 'thai-news-extractor[serve]'") \
            from None
    limits = Limits(timeout=args.timeout, workers=args.workers, max_batch_items=args.max_batch)
    app = create_app(root=args.root, allow_private_urls=args.allow_private_urls, use_ner=not args.no_ner,
                     limits=limits, host=args.host)
    if args.host not in LOOPBACK_NAMES:
        log.warning("serving on %s: anyone who can reach this address can use the API%s", args.host,
                    " and write gold files under --root" if args.root else "")
    if args.allow_private_urls:
        log.warning("--allow-private-urls: /extract will fetch URLs on this machine and its network")
    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    # the CLI talks to the person who started it: where to go next
    print(f"thainews: review page {where}  API documentation {where}docs  (Ctrl+C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=bool(args.verbose))
    return 0


def _positive_float(value: str) -> float:
    x = float(value)
    if x <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return x


def _positive_int(value: str) -> int:
    x = int(value)
    if x <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return x


def add_cli(subparsers: Any) -> None:
    """Add the ``serve`` verb to the ``thainews`` command."""
    p = subparsers.add_parser(
        "serve", help="run the JSON API and the review page for building gold files",
        description="Serve POST /extract (text, html or url), /extract/batch, /health and /schema for other "
                    "systems (OpenAPI at /docs), and at / a page to check and correct what was extracted and "
                    "save it as gold (X.gold.json beside X.txt under --root).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--root", metavar="DIR", help="folder of .txt/.html articles the review page opens and "
                                                 "saves gold files into")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="let /extract fetch URLs on loopback, private and link-local addresses")
    p.add_argument("--timeout", type=_positive_float, default=Limits.timeout, metavar="SECONDS",
                   help=f"deadline of one request, fetching included (default {Limits.timeout:g})")
    p.add_argument("--workers", type=_positive_int, default=Limits.workers, metavar="N",
                   help=f"extraction threads (default {Limits.workers})")
    p.add_argument("--max-batch", type=_positive_int, default=Limits.max_batch_items, metavar="N",
                   help=f"most items in one /extract/batch request (default {Limits.max_batch_items})")
    p.add_argument("--no-ner", action="store_true", help="rules only (faster; no trained model)")
    p.set_defaults(func=_cmd_serve)
