"""Network safety for fetching: refuse non-public addresses at connect time, enforce a deadline.

The check lives in the httpcore network backend, so the address that is vetted is the address
that is connected to: a DNS answer that changes between a check and the connection (rebinding)
cannot slip through, and every redirect hop is vetted because every hop connects anew.
"""

import concurrent.futures
import contextvars
import ipaddress
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from meetwire.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) embeds an IPv4 address in the low 32 bits; a gateway would route it there.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class BlockedAddress(Exception):
    """A host resolved (or was written) to an address that fetching must not reach."""

    def __init__(self, host: str, port: int, address: str, reason: str) -> None:
        self.host, self.port, self.address, self.reason = host, port, address, reason
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"{shown} is a {reason} address")


@dataclass(frozen=True)
class Guard:
    """What the backend allows: everything, or public addresses plus allow-listed hosts."""

    allow_private: bool = False
    allowlist: frozenset[str] = frozenset()  # "host" or "host:port", lower case

    @classmethod
    def from_settings(cls, settings: Settings) -> "Guard":
        entries = (entry.strip().lower() for entry in settings.private_network_allowlist)
        return cls(settings.allow_private_networks, frozenset(e for e in entries if e))

    def exempt(self, host: str, port: int) -> bool:
        host = host.lower().strip("[]")
        return self.allow_private or host in self.allowlist or f"{host}:{port}" in self.allowlist


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address hidden in an IPv4-mapped, 6to4 or NAT64 IPv6 address, else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def refusal_reason(address: IPAddress) -> str | None:
    """Why `address` must not be fetched ('loopback', 'private', ...), or None when public."""
    address = unwrap(address)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    )
    for reason, hit in checks:
        if hit:
            return reason
    # Shared address space (100.64/10), benchmarking ranges, etc. are neither listed nor global.
    return None if address.is_global else "non-public"


def resolve(host: str, port: int, timeout: float | None = None) -> list[tuple[int, str]]:
    """(family, address) pairs for host, IP literals included, in resolver order.

    getaddrinfo has no timeout of its own: with `timeout`, a lookup that takes longer (a dead
    DNS server) raises socket.timeout and is left to finish in the background.
    """
    if timeout is None:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    else:
        lookup = _resolver().submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        try:
            infos = lookup.result(timeout=max(0.0, timeout))
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"resolving {host} took longer than {timeout:.1f}s") from None
    seen: list[tuple[int, str]] = []
    for family, _, _, _, sockaddr in infos:
        pair = (family, str(sockaddr[0]).split("%")[0])
        if pair not in seen:
            seen.append(pair)
    return seen


_resolvers: dict[int, concurrent.futures.ThreadPoolExecutor] = {}
_resolvers_lock = threading.Lock()


def _resolver() -> concurrent.futures.ThreadPoolExecutor:
    """Threads for DNS lookups, per process (a forked worker gets its own)."""
    with _resolvers_lock:
        pool = _resolvers.get(os.getpid())
        if pool is None:
            pool = concurrent.futures.ThreadPoolExecutor(8, thread_name_prefix="resolve")
            _resolvers[os.getpid()] = pool
        return pool


def vet(host: str, port: int, guard: Guard, timeout: float | None = None) -> list[str]:
    """The addresses of host that may be connected to; raises BlockedAddress if any is refused."""
    addresses = [address for _, address in resolve(host, port, timeout)]
    if guard.exempt(host, port):
        return addresses
    for address in addresses:
        reason = refusal_reason(ipaddress.ip_address(address))
        if reason is not None:
            # One bad answer taints the name: a round-robin mix is how rebinding attacks hide.
            raise BlockedAddress(host, port, address, reason)
    return addresses


# The deadline (time.monotonic() value, and what set it) of the fetch running in this context.
_deadline: contextvars.ContextVar[tuple[float, str] | None] = contextvars.ContextVar(
    "deadline", default=None
)


@contextmanager
def deadline(seconds: float, what: str = "the whole-request deadline") -> Iterator[None]:
    """Bound every socket wait inside this block so the whole block ends within `seconds`.

    Nested deadlines never extend an outer one (a request inside a poll ends with the poll).
    """
    end = (time.monotonic() + seconds, what)
    outer = _deadline.get()
    token = _deadline.set(min(end, outer) if outer is not None else end)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> tuple[float, str] | None:
    """Seconds left under the current deadline and what set it; None outside any deadline."""
    current = _deadline.get()
    if current is None:
        return None
    return current[0] - time.monotonic(), current[1]


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """The socket timeout left under the current deadline; raises `error` once it has passed."""
    current = _deadline.get()
    if current is None:
        return timeout
    left = current[0] - time.monotonic()
    if left <= 0:
        raise error(f"{current[1]} has passed")
    return left if timeout is None else min(timeout, left)


class TooSlow(httpcore.ReadTimeout):
    """The response arrives more slowly than the minimum transfer rate (a drip)."""


@dataclass
class RateFloor:
    """A minimum average rate for one exchange: `grace` seconds free, then `min_rate` bytes/s."""

    min_rate: float
    grace: float
    start: float = field(default_factory=time.monotonic)
    received: int = 0

    def fail_at(self) -> float:
        return self.start + self.grace + self.received / self.min_rate

    def too_slow(self) -> TooSlow:
        took = time.monotonic() - self.start
        return TooSlow(
            f"{self.received:,} bytes in {took:.1f}s, below the minimum of "
            f"{self.min_rate:,.0f} bytes/s after {self.grace:g}s (MEETWIRE_MIN_TRANSFER_RATE)"
        )


_floor: contextvars.ContextVar[RateFloor | None] = contextvars.ContextVar("floor", default=None)


@contextmanager
def rate_floor(min_rate: float, grace: float) -> Iterator[None]:
    """Cut off reads inside this block once the average rate falls below `min_rate` (0: off)."""
    token = _floor.set(RateFloor(min_rate, grace) if min_rate > 0 else None)
    try:
        yield
    finally:
        _floor.reset(token)


class _DeadlineStream(httpcore.NetworkStream):
    """A stream whose every read and write stops at the deadline, even mid-body."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout = _bounded(timeout, httpcore.ReadTimeout)
        floor = _floor.get()
        if floor is None:
            return self._inner.read(max_bytes, timeout)
        left = floor.fail_at() - time.monotonic()
        if left <= 0:
            raise floor.too_slow()
        try:
            data = self._inner.read(max_bytes, left if timeout is None else min(timeout, left))
        except httpcore.ReadTimeout:
            if timeout is None or left < timeout:  # the floor, not the read timeout, ran out
                raise floor.too_slow() from None
            raise
        floor.received += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to vetted addresses of the requested host, under the deadline."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = vet(host, port, self.guard, _bounded(timeout, httpcore.ConnectTimeout))
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from exc
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        error: Exception | None = None
        for address in addresses:  # connect to the vetted address itself, never re-resolve
            try:
                bounded = _bounded(timeout, httpcore.ConnectTimeout)
                stream = super().connect_tcp(address, port, bounded, local_address, socket_options)
                return _DeadlineStream(stream)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on GuardedBackend (no proxies, no env)."""

    def __init__(self, guard: Guard, *, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(max_connections=20, max_keepalive_connections=10)
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        # httpx offers no public hook for the network backend; its pool is httpcore's, which does.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )
