"""Keeping server-side fetches off internal networks: every address a URL leads to must be public.

A service that fetches URLs for its callers must not become their way into
the machine it runs on or its network (SSRF): ``http://127.0.0.1:...``,
``http://10.0.0.5/``, the cloud metadata address ``169.254.169.254``, or a
public name that resolves to any of these. :class:`AddressGuard` resolves a
host and refuses it when *any* of its addresses is loopback, private,
link-local, multicast or reserved (IPv4-mapped, 6to4, Teredo and NAT64
IPv6 forms included); :func:`guarded_transport` makes httpx connect only to addresses
the guard has just checked, so a DNS answer that changes between the check
and the connection (DNS rebinding) cannot reach an internal service either.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Optional
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

#: NAT64 (RFC 6052): the last 32 bits are an IPv4 address the gateway connects to.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_refusal(ip: str) -> Optional[str]:
    """Why a server-side fetch must not connect to ``ip`` ("a loopback address" ...), or None if public."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is not part of the address
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if embedded is None and addr in _NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_refusal(str(embedded))
            if inner:
                return inner
    if addr.is_loopback:
        return "a loopback address"
    if addr.is_link_local:
        return "a link-local address"
    if addr.is_multicast:
        return "a multicast address"
    if addr.is_unspecified or addr.is_reserved:
        return "a reserved address"
    if addr.is_private or not addr.is_global:
        return "a private address"
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order; raises OSError if none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class BlockedURL(Exception):
    """A URL the server will not fetch: it leads to a non-public address (``unresolved`` False) or has none."""

    def __init__(self, message: str, unresolved: bool = False) -> None:
        super().__init__(message)
        self.unresolved = unresolved


class AddressGuard:
    """Resolves hosts and refuses non-public addresses; remembers why, for the error message.

    ``resolve(host, port) -> [ip]`` and ``refuse(ip) -> reason | None`` are
    replaceable for tests.
    """

    def __init__(self, resolve: Callable[[str, int], list[str]] = resolve_host,
                 refuse: Callable[[str], Optional[str]] = address_refusal) -> None:
        self._resolve = resolve
        self._refuse = refuse
        self._refused: dict[str, tuple[float, str]] = {}  # host -> (when, why): names a failed fetch
        self._lock = threading.Lock()

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses of ``host``, all of them public; raises BlockedURL naming the first that is not."""
        try:
            ips = self._resolve(host, port)
        except OSError as exc:
            raise BlockedURL(f"the host {host} cannot be resolved ({exc.strerror or exc})", unresolved=True) \
                from None
        if not ips:
            raise BlockedURL(f"the host {host} has no address", unresolved=True)
        for ip in ips:
            why = self._refuse(ip)
            if why:
                reason = f"{host} is {why}" if ip == host.strip("[]") else f"{host} resolves to {ip}, {why}"
                with self._lock:
                    self._refused[host.lower()] = (time.monotonic(), reason)
                raise BlockedURL(reason)
        return ips

    def check_url(self, url: str) -> None:
        """Raise BlockedURL unless every address of ``url``'s host is public."""
        parts = urlsplit(url)
        if not parts.hostname:
            raise BlockedURL(f"{url} has no host name")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self.checked_addresses(parts.hostname, port)

    def allows(self, url: str) -> bool:
        """``check_url`` as a yes/no, for the fetcher's redirect hops."""
        try:
            self.check_url(url)
        except BlockedURL as exc:
            log.info("refusing to fetch %s: %s", url, exc)
            return False
        return True

    def refusal_for(self, urls: Iterable[str], since: float = 0.0) -> Optional[str]:
        """Why one of ``urls`` (a fetch's hops) was refused at or after ``since`` (monotonic), if it was."""
        with self._lock:
            for url in urls:
                when, reason = self._refused.get((urlsplit(url).hostname or "").lower(), (-1.0, ""))
                if when >= since:
                    return reason
        return None


def guarded_backend(inner: Any, guard: AddressGuard) -> Any:
    """An httpcore network backend that connects only to addresses the guard has just checked.

    httpcore hands the backend the host *name*; resolving it here and
    connecting to the checked address (TLS still verifies the name) means no
    second DNS lookup can send the connection elsewhere.
    """
    import anyio
    import httpcore

    class GuardedBackend(httpcore.AsyncNetworkBackend):
        async def connect_tcp(self, host: str, port: int, timeout: Optional[float] = None,
                              local_address: Optional[str] = None, socket_options: Any = None) -> Any:
            try:
                ips = await anyio.to_thread.run_sync(guard.checked_addresses, host, port)
            except BlockedURL as exc:
                raise httpcore.ConnectError(f"refused: {exc}") from None
            last: Optional[Exception] = None
            for ip in ips:
                try:
                    return await inner.connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                                   socket_options=socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    last = exc
            assert last is not None
            raise last

        async def connect_unix_socket(self, path: str, timeout: Optional[float] = None,
                                      socket_options: Any = None) -> Any:
            raise httpcore.ConnectError("refused: unix sockets are not fetched")

        async def sleep(self, seconds: float) -> None:
            await inner.sleep(seconds)

    return GuardedBackend()


def guarded_transport(guard: AddressGuard) -> Any:
    """An ``httpx.AsyncHTTPTransport`` whose connections go through :func:`guarded_backend`."""
    import httpx

    transport = httpx.AsyncHTTPTransport()
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # httpx/httpcore internals moved
        log.warning("cannot pin connections to checked addresses with this httpx version; "
                    "addresses are still checked before each request and redirect")
        return transport
    pool._network_backend = guarded_backend(pool._network_backend, guard)
    return transport
