"""Fetch one URL politely and safely: robots.txt, per-host throttle, vetted addresses, caps.

Redirects are followed here, hop by hop, so each hop is checked for scheme, robots.txt and
politeness, and connects through the guarded transport (netguard) that vets its address.
"""

import email.utils
import math
import os
import re
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial

import httpx
import redis

from meetwire.settings import Settings
from worker.pipeline import charset, netguard
from worker.pipeline.politeness import HostBusy, HostThrottle, get_throttle
from worker.pipeline.retry import is_transient_status
from worker.pipeline.robots import ALLOW_ALL, RobotsCache, RobotsFile, RobotsPolicy, usable_prefix

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_JS_TYPES = frozenset({"application/javascript", "application/x-javascript", "text/javascript"})
_ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,"
    "application/json;q=0.9,text/html;q=0.5,*/*;q=0.1",
    "any": "*/*",
}


class FetchErrorKind(StrEnum):
    """Why a fetch failed; the value is what articles and logs store."""

    timeout = "timeout"
    too_slow = "too_slow"  # below settings.min_transfer_rate
    connection = "connection"
    http_status = "http_status"
    too_large = "too_large"
    bad_encoding = "bad_encoding"  # a Content-Encoding we do not decode, or too many
    not_html = "not_html"
    disallowed = "disallowed"
    robots_unavailable = "robots_unavailable"  # RFC 9309: unreadable robots.txt disallows
    private_address = "private_address"
    too_many_redirects = "too_many_redirects"
    bad_scheme = "bad_scheme"
    bad_url = "bad_url"
    throttled = "throttled"


K = FetchErrorKind
# Kinds that a retry can fix; http_status depends on the status.
_TRANSIENT_KINDS = frozenset(
    {K.timeout, K.too_slow, K.connection, K.throttled, K.robots_unavailable}
)
# Kinds after which the host is left alone for settings.slow_host_retry_seconds.
_SLOW_KINDS = frozenset({K.timeout, K.too_slow})
# Content codings we decode ourselves, each under the body cap; stacking more than two is abuse.
_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}
MAX_CODINGS = 2
# Statuses whose Retry-After is a request to every worker, not only to this one.
_DEFERRING_STATUSES = frozenset({429, 503})
# Inflate in small steps so a bomb's output never sits in memory beyond the cap.
_INFLATE_STEP = 256 * 1024
_ALLOW_HINT = "set MEETWIRE_ALLOW_PRIVATE_NETWORKS=true to allow"


@dataclass
class FetchResult:
    """A fetched (or not-modified) response, its body decompressed and, for text, decoded."""

    url: str  # requested URL
    final_url: str  # after redirects
    status_code: int  # 200, or 304 when not modified
    content_type: str | None  # media type only, e.g. "text/html"
    charset: str | None  # the charset used to decode `text` (None when not decoded)
    body: bytes  # raw (decompressed) body; b"" on 304
    text: str | None  # decoded body for text types (HTML/XML/JSON), else None
    etag: str | None
    last_modified: str | None
    truncated: bool = False  # the body was cut at fetch(truncate_at=...)

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


class FetchError(Exception):
    """Why a fetch failed (`kind`); throttled means the host's turn is further away than
    settings.max_throttle_wait: nothing was sent, retry_after says when."""

    def __init__(
        self,
        kind: FetchErrorKind | str,
        message: str,
        *,
        url: str,
        transient: bool | None = None,
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind, self.url, self.status_code, self.retry_after = (
            FetchErrorKind(kind),
            url,
            status_code,
            retry_after,
        )
        if transient is None:
            transient = kind in _TRANSIENT_KINDS or (
                kind == K.http_status
                and status_code is not None
                and is_transient_status(status_code)
            )
        self.transient = transient

    def __repr__(self) -> str:
        return f"FetchError({str(self.kind)!r}, {str(self)!r}, transient={self.transient})"


def fetch(
    url: str,
    *,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    expect: str = "html",  # "html" | "feed" | "any"
    throttle: HostThrottle | None = None,
    robots: RobotsPolicy | None = None,
    truncate_at: int | None = None,
) -> FetchResult:
    """GET url (conditionally when etag/last_modified are given); raises FetchError.

    `truncate_at` keeps the first bytes of a longer body instead of refusing it (robots.txt).
    """
    if expect not in _ACCEPT:
        raise ValueError(f"expect must be one of {sorted(_ACCEPT)}, not {expect!r}")
    throttle = throttle or get_throttle(settings)
    robots = robots or robots_for(settings)
    client = _client(settings)
    headers = _request_headers(settings, expect, etag, last_modified)
    current = _parse_url(url, url)
    visited = [str(current)]
    budget = settings.total_timeout  # network time only; politeness waits are not counted
    whole = f"the whole-request deadline ({settings.total_timeout:g}s, MEETWIRE_TOTAL_TIMEOUT)"
    for _ in range(settings.max_redirects + 1):
        try:
            _check_hop(current, url=url, throttle=throttle, robots=robots, settings=settings)
        except redis.RedisError as exc:
            # Without the shared schedule we cannot be polite fleet-wide: retry later instead.
            raise FetchError(
                K.connection,
                f"not fetching {current}: the shared politeness store (MEETWIRE_BROKER_URL) "
                f"is unreachable: {exc}",
                url=url,
            ) from exc
        started = time.monotonic()
        try:
            with (
                netguard.deadline(budget, whole),
                netguard.rate_floor(settings.min_transfer_rate, settings.transfer_grace_seconds),
            ):
                outcome = _exchange(
                    client,
                    current,
                    headers,
                    settings=settings,
                    expect=expect,
                    truncate_at=truncate_at,
                )
        except FetchError as exc:
            _leave_host_alone(exc, current.host, throttle, settings)
            raise
        budget -= time.monotonic() - started
        if isinstance(outcome, httpx.URL):
            if str(outcome) in visited:
                loop = " -> ".join([*visited, str(outcome)])
                raise FetchError(K.too_many_redirects, f"redirect loop: {loop}", url=url)
            visited.append(str(outcome))
            current = outcome
            continue
        result = outcome
        if result.not_modified:
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        result.url = url
        return result
    raise FetchError(
        K.too_many_redirects,
        f"more than {settings.max_redirects} redirects from {url} (MEETWIRE_MAX_REDIRECTS): "
        + " -> ".join(visited),
        url=url,
    )


def _leave_host_alone(
    error: FetchError, host: str, throttle: HostThrottle, settings: Settings
) -> None:
    """After a Retry-After (429/503) or a timeout, no worker asks the host again for a while."""
    if error.status_code in _DEFERRING_STATUSES and error.retry_after:
        throttle.defer(host, error.retry_after)
    elif error.kind in _SLOW_KINDS and settings.slow_host_retry_seconds > 0:
        error.retry_after = max(error.retry_after or 0.0, settings.slow_host_retry_seconds)
        throttle.defer(host, settings.slow_host_retry_seconds)


def _check_hop(
    current: httpx.URL,
    *,
    url: str,
    throttle: HostThrottle,
    robots: RobotsPolicy,
    settings: Settings,
) -> None:
    """Before a request: mind the caller's deadline, obey robots.txt, wait for the host's slot."""
    target = str(current)
    _time_left(target, url)
    verdict = robots.verdict(target, throttle=throttle)
    origin = f"{current.scheme}://{current.netloc.decode()}"
    if verdict.unavailable is not None:
        raise FetchError(
            K.robots_unavailable,
            f"not fetching {target}: robots.txt of {origin} could not be read "
            f"({verdict.unavailable}); RFC 9309 says to assume it disallows everything until it "
            f"can be read (asked again after MEETWIRE_ROBOTS_ERROR_CACHE_SECONDS)",
            url=url,
            retry_after=float(settings.robots_error_cache_seconds),
        )
    if not verdict.allowed:
        raise FetchError(
            K.disallowed,
            f"robots.txt of {origin} disallows {target}",
            url=url,
            transient=False,
        )
    host = current.host
    crawl_delay = verdict.crawl_delay
    interval = throttle.interval_for(host, crawl_delay) if crawl_delay else None
    try:
        throttle.wait(host, interval, max_wait=_time_left(target, url))
    except HostBusy as exc:
        raise FetchError(
            K.throttled, f"not fetching {target} now: {exc}", url=url, retry_after=exc.wait
        ) from exc


def _time_left(target: str, url: str) -> float | None:
    """Seconds left under the caller's deadline (a poll's); FetchError once it has passed."""
    left = netguard.remaining()
    if left is None:
        return None
    seconds, what = left
    if seconds <= 0:
        raise FetchError(K.timeout, f"not fetching {target}: {what} has passed", url=url)
    return seconds


def _exchange(
    client: httpx.Client,
    current: httpx.URL,
    headers: dict[str, str],
    *,
    settings: Settings,
    expect: str,
    truncate_at: int | None,
) -> FetchResult | httpx.URL:
    """One request: the next URL for a redirect, else the result; raises FetchError."""
    target = str(current)
    try:
        with client.stream("GET", current, headers=headers) as response:
            return _handle(
                response, current, settings=settings, expect=expect, truncate_at=truncate_at
            )
    except netguard.BlockedAddress as exc:
        raise FetchError(
            K.private_address, f"refused to fetch {target}: {exc} ({_ALLOW_HINT})", url=target
        ) from exc
    except httpx.TimeoutException as exc:
        if isinstance(exc.__cause__, netguard.TooSlow):
            raise FetchError(K.too_slow, f"cut off {target}: too slow: {exc}", url=target) from exc
        raise FetchError(
            K.timeout,
            f"timed out fetching {target}: {exc or type(exc).__name__} (connect "
            f"{settings.connect_timeout}s, read {settings.read_timeout}s, whole request "
            f"{settings.total_timeout}s)",
            url=target,
        ) from exc
    except httpx.InvalidURL as exc:
        # httpx prepares the next request of a redirect even when it will not follow it; a
        # Location such as data:text/html,... fails there, before we see the response.
        raise FetchError(
            K.bad_url,
            f"{target} redirects to an invalid URL (only http and https are fetched): {exc}",
            url=target,
            transient=False,
        ) from exc
    except (httpx.TransportError, zlib.error) as exc:
        if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc):
            raise FetchError(
                K.bad_url,
                f"{target} redirects to an invalid URL: {exc}",
                url=target,
                transient=False,
            ) from exc
        raise FetchError(
            K.connection, f"connection to {target} failed: {exc or type(exc).__name__}", url=target
        ) from exc


def _handle(
    response: httpx.Response,
    current: httpx.URL,
    *,
    settings: Settings,
    expect: str,
    truncate_at: int | None = None,
) -> FetchResult | httpx.URL:
    """Interpret one streamed response."""
    target = str(current)
    status = response.status_code
    location = response.headers.get("location")
    if status in REDIRECT_STATUSES and location:
        try:
            joined = current.join(location.strip())
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(
                K.bad_url,
                f"{target} redirects to an invalid URL {_short(location)!r} (only http and "
                f"https are fetched): {exc}",
                url=target,
                transient=False,
            ) from exc
        return _parse_url(joined, target)
    if status == 304:
        return _result(response, target, status=304, body=b"", media_type=None, expect="any")
    if not 200 <= status < 300:
        raise _status_error(response, target, settings)
    media_type = _media_type(response.headers.get("content-type"))
    if media_type is not None and not _accepted(expect, media_type):
        raise _not_accepted(target, media_type, expect)
    body, truncated = _read_body(response, target, settings.max_body_bytes, truncate_at)
    if media_type is None and expect == "html" and not _looks_like_html(body):
        raise _not_accepted(target, "(none, and the body is not HTML)", expect)
    result = _result(
        response, target, status=status, body=body, media_type=media_type, expect=expect
    )
    result.truncated = truncated
    return result


def _result(
    response: httpx.Response,
    target: str,
    *,
    status: int,
    body: bytes,
    media_type: str | None,
    expect: str,
) -> FetchResult:
    text = decoded_as = None
    if body and (_is_text(media_type) or (media_type is None and expect != "any")):
        decoded = charset.decode(body, header_charset=_header_charset(response))
        text, decoded_as = decoded.text, decoded.charset
    return FetchResult(
        url=target,
        final_url=target,
        status_code=status,
        content_type=media_type,
        charset=decoded_as,
        body=body,
        text=text,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def _status_error(response: httpx.Response, target: str, settings: Settings) -> FetchError:
    status = response.status_code
    retry_after = parse_retry_after(
        response.headers.get("retry-after"), cap=settings.max_retry_after_seconds
    )
    reason = response.reason_phrase or ""
    hint = f"; retry after {retry_after:.0f}s" if retry_after is not None else ""
    return FetchError(
        K.http_status,
        f"{target} answered HTTP {status} {reason}{hint}".strip(),
        url=target,
        status_code=status,
        retry_after=retry_after,
    )


def _not_accepted(target: str, media_type: str, expect: str) -> FetchError:
    wanted = {"html": "HTML", "feed": "a feed (XML, JSON, HTML or text)"}.get(expect, expect)
    return FetchError(
        K.not_html,
        f"skipped {target}: content type {media_type} is not {wanted}",
        url=target,
        transient=False,
    )


_DELTA_SECONDS = re.compile(r"\d+(\.\d+)?")


def parse_retry_after(value: str | None, *, cap: float = math.inf) -> float | None:
    """Retry-After as seconds from now (delta-seconds or an HTTP date), clamped to [0, cap];
    None when absent or unreadable. Never raises, whatever the server sent."""
    if not value:
        return None
    value = value.strip()[:100]
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(value)  # huge digit strings become inf, which the cap clamps
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError, OverflowError, IndexError, AttributeError):
            return None
    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), cap)


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type or None


def _header_charset(response: httpx.Response) -> str | None:
    for param in response.headers.get("content-type", "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _is_xml(media_type: str) -> bool:
    return media_type in ("application/xml", "text/xml") or media_type.endswith("+xml")


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _is_text(media_type: str | None) -> bool:
    if media_type is None:
        return False
    return (
        media_type.startswith("text/")
        or media_type in HTML_TYPES
        or media_type in _JS_TYPES
        or _is_xml(media_type)
        or _is_json(media_type)
    )


def _accepted(expect: str, media_type: str) -> bool:
    if expect == "any":
        return True
    if expect == "html":
        return media_type in HTML_TYPES
    # feed: XML, RSS, Atom, JSON, HTML, text, and gzipped sitemaps (sitemap.xml.gz)
    return _is_text(media_type) or media_type in _GZIP_TYPES


_GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})


def _looks_like_html(body: bytes) -> bool:
    """Sniff a body served without Content-Type (WHATWG-style tag check on its start)."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


def _read_body(
    response: httpx.Response, target: str, cap: int, truncate_at: int | None = None
) -> tuple[bytes, bool]:
    """The decoded body and whether it was truncated; refused as soon as it (compressed or
    not) passes `cap` bytes, or cut at `truncate_at` bytes when that is given."""
    keep = min(cap, truncate_at) if truncate_at is not None else None
    length = response.headers.get("content-length", "").strip()
    if keep is None and length.isdigit() and int(length) > cap:
        raise _too_large(target, cap, f"Content-Length says {int(length):,} bytes")
    limit = cap if keep is None else keep
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded_chunks(response, target, limit=limit + 1):
        size += len(chunk)
        if size > limit:
            if keep is not None:
                chunks.append(chunk[: len(chunk) - (size - limit)])
                return b"".join(chunks), True
            raise _too_large(target, cap, "while streaming (after decompression)")
        chunks.append(chunk)
    return b"".join(chunks), False


def content_codings(header: str | None, target: str = "") -> list[str]:
    """The codings a Content-Encoding header lists, in the order the server applied them;
    raises FetchError for one we do not decode or for more than MAX_CODINGS."""
    names = [part.strip().lower() for part in (header or "").split(",")]
    names = [name for name in names if name and name != "identity"]
    unknown = [name for name in names if name not in _CODINGS]
    if unknown:
        raise FetchError(
            K.bad_encoding,
            f"refused {target}: Content-Encoding {unknown[0][:40]!r} was not asked for "
            "(only gzip and deflate are decoded)",
            url=target,
            transient=False,
        )
    if len(names) > MAX_CODINGS:
        raise FetchError(
            K.bad_encoding,
            f"refused {target}: {len(names)} stacked content codings ({header[:100]}); "
            f"at most {MAX_CODINGS} are decoded",
            url=target,
            transient=False,
        )
    return [_CODINGS[name] for name in names]


def _decoded_chunks(response: httpx.Response, target: str, limit: int) -> Iterator[bytes]:
    """Body chunks with every content coding undone, last applied first; no stage ever
    produces more than `limit` bytes in all, so stacked bombs stay bounded."""
    codings = content_codings(response.headers.get("content-encoding"), target)
    chunks: Iterator[bytes] = response.iter_raw()
    for coding in reversed(codings):
        chunks = _inflate(chunks, coding, limit)
    return chunks


def _inflate(chunks: Iterator[bytes], coding: str, limit: int) -> Iterator[bytes]:
    inflater = _Inflater(coding, limit)
    for raw in chunks:
        yield from inflater.feed(raw)
        if inflater.left <= 0:
            return
    if inflater.left > 0 and (tail := inflater.obj.flush(inflater.left)):
        yield tail


class _Inflater:
    """Incremental gzip/deflate decoding whose total output never exceeds `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.gzip = encoding != "deflate"
        self.left = limit
        self._first = True
        self._new()

    def _new(self, raw_deflate: bool = False) -> None:
        wbits = 16 + zlib.MAX_WBITS if self.gzip else (-zlib.MAX_WBITS if raw_deflate else 15)
        self.obj = zlib.decompressobj(wbits)

    def _inflate(self, data: bytes) -> bytes:
        step = min(self.left, _INFLATE_STEP)
        try:
            return self.obj.decompress(data, step)
        except zlib.error:
            if self.gzip or not self._first:
                raise
            self._new(raw_deflate=True)  # "deflate" servers often send raw deflate
            return self.obj.decompress(data, step)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and self.left > 0:
            out = self._inflate(data)
            self._first = False
            self.left -= len(out)
            data = self.obj.unconsumed_tail
            if out:
                yield out
            if self.obj.eof:  # gzip allows several members back to back
                data = self.obj.unused_data + data
                if not data.strip(b"\0"):
                    return
                self._new()


def _too_large(target: str, cap: int, why: str) -> FetchError:
    return FetchError(
        K.too_large,
        f"refused {target}: body larger than {cap:,} bytes ({why}; MEETWIRE_MAX_BODY_BYTES)",
        url=target,
        transient=False,
    )


def _parse_url(url: str | httpx.URL, requested: str) -> httpx.URL:
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(
            K.bad_url, f"not a valid URL: {_short(url)!r} ({exc})", url=requested
        ) from exc
    if not parsed.scheme:
        raise FetchError(K.bad_url, f"not an absolute URL: {_short(url)!r}", url=requested)
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            K.bad_scheme,
            f"refused to fetch {_short(url)}: only http and https are fetched, "
            f"not {parsed.scheme!r}",
            url=requested,
        )
    if not parsed.host:
        raise FetchError(K.bad_url, f"not a valid URL (no host): {_short(url)!r}", url=requested)
    return parsed


def _short(url: str | httpx.URL) -> str:
    """A URL as shown in a message: a data: URL can be megabytes long."""
    text = str(url)
    return text if len(text) <= 200 else text[:200] + "…"


def _request_headers(
    settings: Settings, expect: str, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": _ACCEPT[expect],
        # Only what _Inflater can decode with a bounded output (no brotli/zstd bombs).
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


_clients: dict[tuple, httpx.Client] = {}
_clients_lock = threading.Lock()


def _client(settings: Settings) -> httpx.Client:
    """A pooled client per process and configuration (rebuilt after a fork)."""
    guard = netguard.Guard.from_settings(settings)
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    key = (os.getpid(), guard, settings.connect_timeout, settings.read_timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            transport = netguard.GuardedTransport(guard)
            client = httpx.Client(
                transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
            )
            _clients[key] = client
        return client


_robots: dict[str, RobotsCache] = {}
_robots_lock = threading.Lock()


def robots_for(settings: Settings) -> RobotsPolicy:
    """The process-wide robots.txt cache for these settings (ALLOW_ALL when robots are off)."""
    if not settings.robots_enabled:
        return ALLOW_ALL
    key = settings.model_dump_json()  # robots.txt is fetched with these very settings
    with _robots_lock:
        if key not in _robots:
            _robots[key] = RobotsCache(settings, partial(download_robots, settings=settings))
        return _robots[key]


def download_robots(url: str, throttle: HostThrottle | None, *, settings: Settings) -> RobotsFile:
    """Fetch a robots.txt (its first settings.robots_max_bytes) for the robots cache."""
    try:
        result = fetch(
            url,
            settings=settings,
            expect="any",
            throttle=throttle,
            robots=ALLOW_ALL,
            truncate_at=settings.robots_max_bytes,
        )
    except FetchError as exc:
        status = exc.status_code
        # RFC 9309: 4xx (429 aside, a plea to slow down) and redirects that lead nowhere mean
        # "no robots.txt"; anything else leaves the rules unknown. A refused address needs no
        # rules: the page itself is refused for the same reason, with the clearer message.
        if (status is not None and 400 <= status < 500 and status != 429) or exc.kind in (
            K.too_many_redirects,
            K.bad_scheme,
            K.bad_url,
            K.private_address,
        ):
            return RobotsFile(missing=True)
        return RobotsFile(error=str(exc))
    text = result.text if result.text is not None else result.body.decode("utf-8", "replace")
    return RobotsFile(text=usable_prefix(text, truncated=result.truncated))
