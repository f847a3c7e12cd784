"""fetch() against a real local server that misbehaves on purpose."""

import gzip
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import feedparser
import pytest

from meetwire.settings import Settings
from tests.support.clock import Stopwatch
from tests.support.http import LocalServer, Response
from worker.pipeline.fetch import FetchError, fetch, parse_retry_after
from worker.pipeline.politeness import HostThrottle
from worker.pipeline.retry import backoff_delay, is_transient
from worker.pipeline.robots import ALLOW_ALL

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<!DOCTYPE html><html><head><title>Xi meets Putin</title></head><body>...</body></html>"

# Python's audit events see every socket.connect in this process: proof, not a mock, that
# a refused URL never got as far as a connection attempt.
_connects: list[tuple] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and _connects is not None:
        _connects.append(args[1])


sys.addaudithook(_audit)


@pytest.fixture
def connections() -> Iterator[list[tuple]]:
    """Every address this process tries to connect to while the test runs."""
    global _connects
    _connects = []
    try:
        yield _connects
    finally:
        _connects = None


def _get(server: LocalServer, path: str, settings: Settings, **kwargs) -> object:
    kwargs.setdefault("robots", ALLOW_ALL)
    return fetch(server.url(path), settings=settings, **kwargs)


def _error(server: LocalServer, path: str, settings: Settings, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        _get(server, path, settings, **kwargs)
    return caught.value


def test_plain_html_page(http_server: LocalServer, local_settings: Settings) -> None:
    http_server.routes["/a"] = Response(PAGE, headers={**HTML, "ETag": '"v1"'})
    result = _get(http_server, "/a", local_settings)
    assert (result.status_code, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert result.body == PAGE and result.text == PAGE.decode()
    assert result.final_url == result.url == http_server.url("/a")
    assert result.etag == '"v1"' and not result.not_modified
    sent = http_server.requests[-1].headers
    assert sent["User-Agent"] == local_settings.user_agent
    assert sent["Accept-Encoding"] == "gzip, deflate"


def _conditional(handler: BaseHTTPRequestHandler) -> Response:
    modified = "Wed, 21 Oct 2015 07:28:00 GMT"
    headers = {**HTML, "ETag": '"v1"', "Last-Modified": modified}
    if handler.headers.get("If-None-Match") == '"v1"':
        return Response(b"", 304, {"ETag": '"v1"'})
    if handler.headers.get("If-Modified-Since") == modified:
        return Response(b"", 304, {})
    return Response(PAGE, 200, headers)


def test_304_with_etag_and_with_last_modified(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/feed"] = _conditional
    first = _get(http_server, "/feed", local_settings)
    assert first.status_code == 200 and first.etag == '"v1"'
    by_etag = _get(http_server, "/feed", local_settings, etag=first.etag)
    assert by_etag.not_modified and by_etag.body == b"" and by_etag.text is None
    assert by_etag.etag == '"v1"'
    by_date = _get(http_server, "/feed", local_settings, last_modified=first.last_modified)
    assert by_date.status_code == 304
    # The server sent no validators with this 304: the caller's are kept, not lost.
    assert by_date.last_modified == first.last_modified
    assert http_server.requests[1].headers["If-None-Match"] == '"v1"'
    assert http_server.requests[2].headers["If-Modified-Since"] == first.last_modified


def test_429_with_retry_after_defers_the_host(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/busy"] = Response(b"slow down", 429, {"Retry-After": "120"})
    slept: list[float] = []
    throttle = HostThrottle(local_settings, sleep=slept.append)
    settings = local_settings.model_copy(update={"max_throttle_wait": 300.0})
    throttle.max_wait = settings.max_throttle_wait
    stopwatch = Stopwatch()
    error = _error(http_server, "/busy", settings, throttle=throttle)
    assert (error.kind, error.status_code, error.retry_after) == ("http_status", 429, 120.0)
    assert error.transient and is_transient(error)
    assert backoff_delay(1, base=1, cap=10, retry_after=error.retry_after) == 120.0
    # Every worker sharing this throttle now waits out the Retry-After before asking again.
    throttle.wait("127.0.0.1")
    assert slept and stopwatch.left_of(120, slept[0])


def test_long_retry_after_gives_the_task_back(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/busy"] = Response(b"", 503, {"Retry-After": "3600"})
    throttle = HostThrottle(local_settings, sleep=pytest.fail)
    stopwatch = Stopwatch()
    assert _error(http_server, "/busy", local_settings, throttle=throttle).status_code == 503
    http_server.routes["/other"] = Response(PAGE, headers=HTML)
    error = _error(http_server, "/other", local_settings, throttle=throttle)
    assert error.kind == "throttled" and error.transient
    assert stopwatch.left_of(3600, error.retry_after or 0)
    assert http_server.hits("/other") == 0


def test_retry_after_as_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("  30 ") == 30.0
    assert parse_retry_after("soon") is None


def test_500_then_200(http_server: LocalServer, local_settings: Settings) -> None:
    calls = []

    def flaky(handler: BaseHTTPRequestHandler) -> Response:
        calls.append(1)
        return Response(b"oops", 500, HTML) if len(calls) == 1 else Response(PAGE, 200, HTML)

    http_server.routes["/flaky"] = flaky
    error = _error(http_server, "/flaky", local_settings)
    assert (error.kind, error.status_code, error.transient) == ("http_status", 500, True)
    assert "HTTP 500" in str(error)
    assert _get(http_server, "/flaky", local_settings).status_code == 200


@pytest.mark.parametrize("status", [403, 404, 410])
def test_client_errors_are_permanent(
    http_server: LocalServer, local_settings: Settings, status: int
) -> None:
    http_server.routes["/gone"] = Response(b"", status, HTML)
    error = _error(http_server, "/gone", local_settings)
    assert (error.kind, error.status_code, error.transient) == ("http_status", status, False)


def test_slow_body_hits_the_whole_request_timeout(
    http_server: LocalServer, local_settings: Settings
) -> None:
    sent: list[bytes] = []
    hung_up = threading.Event()

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(200):  # one byte every 50 ms: each read is quick, the whole is not
                handler.wfile.write(b"x")
                handler.wfile.flush()
                sent.append(b"x")
                time.sleep(0.05)
        except OSError:
            hung_up.set()

    http_server.routes["/slow"] = Response(trickle, headers={})
    settings = local_settings.model_copy(update={"read_timeout": 1.0, "total_timeout": 0.8})
    error = _error(http_server, "/slow", settings)
    assert (error.kind, error.transient) == ("timeout", True)
    # Bytes kept coming well inside the read timeout, so only the whole-request bound can have
    # ended it: the server sees the client hang up mid-body, long before the trickle is done.
    assert hung_up.wait(10), f"the client was still reading after {len(sent)} bytes"
    assert 0 < len(sent) < 200


def test_silent_server_hits_the_read_timeout(
    http_server: LocalServer, local_settings: Settings
) -> None:
    # The server never answers, so without the read timeout the fetch would never return.
    http_server.stall("/silent")
    settings = local_settings.model_copy(update={"read_timeout": 0.3})
    assert _error(http_server, "/silent", settings).kind == "timeout"


def test_50_mb_body_refused_by_content_length(
    http_server: LocalServer, local_settings: Settings
) -> None:
    def huge(handler: BaseHTTPRequestHandler) -> None:
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(50_000_000))
        handler.end_headers()
        try:
            for _ in range(50_000_000 // 65536):
                handler.wfile.write(b"x" * 65536)
        except OSError:
            pass  # the client hung up, as it should

    http_server.routes["/huge"] = Response(huge, headers={})
    error = _error(http_server, "/huge", local_settings)
    assert (error.kind, error.transient) == ("too_large", False)
    assert "50,000,000" in str(error)


def test_50_mb_body_without_length_stops_at_the_cap(
    http_server: LocalServer, local_settings: Settings
) -> None:
    sent = [0]

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            while sent[0] < 50_000_000:
                handler.wfile.write(b"x" * 65536)
                sent[0] += 65536
        except OSError:
            pass
        handler.close_connection = True

    http_server.routes["/endless"] = Response(endless, headers={})
    settings = local_settings.model_copy(update={"max_body_bytes": 2_000_000})
    error = _error(http_server, "/endless", settings)
    assert error.kind == "too_large" and "while streaming" in str(error)


def _gzip_bomb(inflated: int) -> bytes:
    """gzip of `inflated` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(inflated >> 20)]
    return b"".join([*parts, packer.flush()])


def test_gzip_bomb_stops_at_the_cap_without_inflating_it_all(
    http_server: LocalServer, local_settings: Settings
) -> None:
    bomb = _gzip_bomb(100 << 20)
    assert len(bomb) < 200_000  # ~100 kB on the wire, 100 MB inflated
    http_server.routes["/bomb"] = Response(
        bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    cap = local_settings.max_body_bytes
    tracemalloc.start()
    try:
        error = _error(http_server, "/bomb", local_settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large" and "after decompression" in str(error)
    assert peak < 1.3 * cap, f"peak {peak:,} bytes: the bomb was inflated past the cap"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_inflated(
    http_server: LocalServer, local_settings: Settings, encoding: str
) -> None:
    packed = {
        "gzip": gzip.compress(PAGE),
        "deflate": zlib.compress(PAGE),
        "raw-deflate": zlib.compress(PAGE)[2:-4],
    }[encoding]
    header = "gzip" if encoding == "gzip" else "deflate"
    http_server.routes["/z"] = Response(packed, headers={**HTML, "Content-Encoding": header})
    assert _get(http_server, "/z", local_settings).body == PAGE


def _redirect(to: str, status: int = 302) -> Response:
    return Response(b"", status, {"Location": to})


def test_redirects_are_followed(http_server: LocalServer, local_settings: Settings) -> None:
    http_server.routes["/old"] = _redirect("/new", 301)
    http_server.routes["/new"] = _redirect(http_server.url("/final"), 308)
    http_server.routes["/final"] = Response(PAGE, headers=HTML)
    result = _get(http_server, "/old", local_settings)
    assert result.url == http_server.url("/old")
    assert result.final_url == http_server.url("/final")


def test_redirect_loop(http_server: LocalServer, local_settings: Settings) -> None:
    http_server.routes["/a"] = _redirect("/b")
    http_server.routes["/b"] = _redirect("/a")
    error = _error(http_server, "/a", local_settings)
    assert (error.kind, error.transient) == ("too_many_redirects", False)
    assert "loop" in str(error)
    assert http_server.hits("/a") == 1 and http_server.hits("/b") == 1


def test_redirect_chain_longer_than_the_cap(
    http_server: LocalServer, local_settings: Settings
) -> None:
    for n in range(10):
        http_server.routes[f"/r{n}"] = _redirect(f"/r{n + 1}")
    error = _error(http_server, "/r0", local_settings)
    assert error.kind == "too_many_redirects"
    assert http_server.hits(f"/r{local_settings.max_redirects}") == 1
    assert http_server.hits(f"/r{local_settings.max_redirects + 1}") == 0


def test_redirect_to_another_scheme_is_refused(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/ftp"] = _redirect("ftp://example.com/file")
    assert _error(http_server, "/ftp", local_settings).kind == "bad_scheme"


def _guarded(settings: Settings, *allowed: str) -> Settings:
    """Private networks refused, except the hosts the test deliberately allow-lists."""
    return settings.model_copy(
        update={"allow_private_networks": False, "private_network_allowlist": list(allowed)}
    )


def test_redirect_to_a_private_address_is_refused(
    http_server: LocalServer, local_settings: Settings, connections: list[tuple]
) -> None:
    """First hop allowed (allow-listed), the redirect target is re-checked and refused."""
    with LocalServer() as internal:
        internal.routes["/secret"] = Response(b"internal", headers=HTML)
        http_server.routes["/go"] = _redirect(internal.url("/secret"))
        first_hop = f"127.0.0.1:{http_server.httpd.server_address[1]}"
        error = _error(http_server, "/go", _guarded(local_settings, first_hop))
        assert (error.kind, error.transient) == ("private_address", False)
        assert error.url == internal.url("/secret")
        assert "127.0.0.1 is a loopback address" in str(error)
        assert "MEETWIRE_ALLOW_PRIVATE_NETWORKS=true" in str(error)
        assert http_server.hits("/go") == 1  # the first hop did happen
        assert internal.requests == []
        internal_port = internal.httpd.server_address[1]
        assert all(address[1] != internal_port for address in connections)
        # Control: with the target allow-listed too, the same redirect is followed.
        both = _guarded(local_settings, first_hop, f"127.0.0.1:{internal_port}")
        assert _get(http_server, "/go", both).body == b"internal"


def test_redirect_from_an_allowed_name_to_its_own_ip_is_refused(
    http_server: LocalServer, local_settings: Settings
) -> None:
    """`localhost` is allow-listed, `127.0.0.1` is not: the check runs again on the new hop."""
    port = http_server.httpd.server_address[1]
    http_server.routes["/start"] = _redirect(http_server.url("/landed"))
    http_server.routes["/landed"] = Response(PAGE, headers=HTML)
    settings = _guarded(local_settings, "localhost")
    with pytest.raises(FetchError) as caught:
        fetch(f"http://localhost:{port}/start", settings=settings, robots=ALLOW_ALL)
    assert caught.value.kind == "private_address"
    assert http_server.hits("/start") == 1 and http_server.hits("/landed") == 0


def test_feed_entries_pointing_at_redis_and_cloud_metadata_are_never_fetched(
    http_server: LocalServer, tmp_path, connections: list[tuple]
) -> None:
    """Default settings (private networks refused); only the feed's own host is allow-listed."""
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>redis</title><link>http://127.0.0.1:6379/</link></item>
    <item><title>metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
    <item><title>mapped</title><link>http://[::ffff:169.254.169.254]/</link></item>
    </channel></rss>"""
    http_server.routes["/rss"] = Response(feed, headers={"Content-Type": "application/rss+xml"})
    feed_host = f"127.0.0.1:{http_server.httpd.server_address[1]}"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}",
        broker_url="",
        host_delay=0,
        private_network_allowlist=[feed_host],
    )
    assert settings.allow_private_networks is False  # the shipped default
    document = fetch(http_server.url("/rss"), settings=settings, expect="feed")
    links = [entry.link for entry in feedparser.parse(document.body).entries]
    assert len(links) == 3
    before = len(connections)
    for link in links:
        with pytest.raises(FetchError) as caught:
            fetch(link, settings=settings)  # robots.txt lookups included: nothing may connect
        assert caught.value.kind == "private_address", caught.value
    assert connections[before:] == [], "a refused URL reached socket.connect"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://example.com/a", "bad_scheme"),
        ("file:///etc/passwd", "bad_scheme"),
        ("javascript:alert(1)", "bad_scheme"),
        ("/relative/path", "bad_url"),
        ("http://", "bad_url"),
        ("http://[::1/", "bad_url"),
        ("http://exa\x00mple.com/", "bad_url"),
    ],
)
def test_bad_urls(local_settings: Settings, url: str, kind: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(url, settings=local_settings, robots=ALLOW_ALL)
    assert (caught.value.kind, caught.value.transient) == (kind, False)


def test_connection_refused_is_transient(local_settings: Settings) -> None:
    with LocalServer() as gone:
        url = gone.url("/")
    with pytest.raises(FetchError) as caught:
        fetch(url, settings=local_settings, robots=ALLOW_ALL)
    assert (caught.value.kind, caught.value.transient) == ("connection", True)


@pytest.mark.parametrize("content_type", ["application/pdf", "image/jpeg", "application/json"])
def test_non_html_is_refused_before_the_body_is_read(
    http_server: LocalServer, local_settings: Settings, content_type: str
) -> None:
    # The body never comes: a fetch that tried to read it would end in a timeout instead.
    http_server.stall("/doc", headers={"Content-Type": content_type, "Content-Length": "1000000"})
    error = _error(http_server, "/doc", local_settings)
    assert (error.kind, error.transient) == ("not_html", False)
    assert content_type in str(error)


def test_feed_and_any_accept_what_html_refuses(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/ds.json"] = Response(
        '{"title": "习近平同普京会谈"}'.encode(), headers={"Content-Type": "application/json"}
    )
    http_server.routes["/img"] = Response(b"\x89PNG\r\n", headers={"Content-Type": "image/png"})
    feed = _get(http_server, "/ds.json", local_settings, expect="feed")
    assert feed.text == '{"title": "习近平同普京会谈"}' and feed.content_type == "application/json"
    image = _get(http_server, "/img", local_settings, expect="any")
    assert (image.body, image.text, image.charset) == (b"\x89PNG\r\n", None, None)
    assert _error(http_server, "/img", local_settings, expect="feed").kind == "not_html"


def test_missing_content_type_is_sniffed(
    http_server: LocalServer, local_settings: Settings
) -> None:
    http_server.routes["/untyped"] = Response(PAGE, headers={})
    http_server.routes["/blob"] = Response(b"\x00\x01binary", headers={})
    assert _get(http_server, "/untyped", local_settings).text == PAGE.decode()
    assert _error(http_server, "/blob", local_settings).kind == "not_html"


def test_unreachable_politeness_store_is_a_transient_failure(
    http_server: LocalServer, local_settings: Settings
) -> None:
    """A Redis-backed throttle that cannot reach Redis must not fetch impolitely."""
    with LocalServer() as gone:
        dead_redis = gone.base_url.replace("http://", "redis://") + "/0"
    http_server.routes["/a"] = Response(PAGE, headers=HTML)
    settings = local_settings.model_copy(update={"broker_url": dead_redis})
    throttle = HostThrottle(settings, key_prefix="test:dead:")
    error = _error(http_server, "/a", settings, throttle=throttle)
    assert (error.kind, error.transient) == ("connection", True)
    assert "MEETWIRE_BROKER_URL" in str(error)
    assert http_server.hits("/a") == 0
