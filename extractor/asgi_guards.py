"""Request guards of the web service, as plain ASGI middleware (no framework needed).

* :class:`BodyLimit` answers 413 to a request body over the limit before the
  app reads it, Content-Length or not (a chunked upload is counted as it comes).
* :class:`HostGuard` answers only to the expected Host names, which stops a
  DNS-rebinding web page from talking to a server on 127.0.0.1 through the
  victim's browser, and refuses writes (``POST /gold``) from a cross-site
  ``Origin``.

Both answer ``{"detail": message, "message": message}`` like the app's own errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Optional
from urllib.parse import urlsplit

#: Host names the server answers to when bound to loopback.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: Binding to these means "every interface": any Host is accepted (with a warning at startup).
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


async def _send_json(send: Callable[..., Any], status: int, message: str) -> None:
    body = json.dumps({"detail": message, "message": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` is answered 413 before the app sees it.

    The body is read here (up to the limit) and handed on, so a chunked
    upload without Content-Length is limited too.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self, size: str) -> str:
        return (f"the request body is {size}; the limit is {self.max_bytes:,} bytes "
                "(send a shorter article, or split the batch)")

    async def __call__(self, scope: dict, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _send_json(send, 413, self._too_large(f"{int(declared):,} bytes"))
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await _send_json(send, 413, self._too_large(f"over {self.max_bytes:,} bytes"))
                return
            if not message.get("more_body", False):
                break
        replay = [{"type": "http.request", "body": bytes(body), "more_body": False}]

        async def replayed() -> dict:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)


def _host_name(value: str) -> str:
    """The host name of a Host header or Origin (``[::1]:8000`` → ``::1``), lower case."""
    if "://" not in value:
        value = "//" + value
    try:
        return (urlsplit(value).hostname or "").lower()
    except ValueError:
        return ""


class HostGuard:
    """ASGI middleware: answer only to the expected Host names; no cross-site Origin on writes.

    A web page elsewhere cannot read this server's answers (no CORS), but a
    DNS-rebinding page could, under its own name: checking Host stops that.
    Writes (``POST /gold``) also need a same-host ``Origin`` when a browser sends one.
    """

    def __init__(self, app: Any, hosts: Optional[set[str]], write_paths: tuple[str, ...] = ("/gold",)) -> None:
        self.app = app
        self.hosts = hosts  # None: any host
        self.write_paths = write_paths

    async def __call__(self, scope: dict, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] == "http" and self.hosts is not None:
            headers = dict(scope.get("headers") or [])
            host = _host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                await _send_json(send, 400, f"this server does not answer to the host name {host or '(none)'!r}; "
                                            f"use {sorted(self.hosts)[0]} (or start it with --host)")
                return
            origin = headers.get(b"origin", b"").decode("latin-1")
            if origin and scope.get("path") in self.write_paths and _host_name(origin) not in self.hosts:
                await _send_json(send, 403, f"a page from {origin} may not write files on this server")
                return
        await self.app(scope, receive, send)


def allowed_host_names(host: str, extra: Iterable[str] = ()) -> Optional[set[str]]:
    """The Host names to answer to when bound to ``host``: loopback names plus it; None for a wildcard."""
    if host in WILDCARD_HOSTS:
        return None
    return {*LOOPBACK_NAMES, _host_name(host) or host.lower(), *(h.lower() for h in extra)}
