"""Hostile servers and bad input: each case served from 127.0.0.1, run in a forked child.

Every case asserts what was recorded (status and message), that it ended in bounded time
(generous bounds: a server would drip for ten minutes) and that the child's peak memory grew
by a bounded amount. Run with `-s` to see the figures each case measured.
"""

import gzip
import shutil
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import redis
from sqlmodel import select

from meetwire.settings import Settings, get_settings
from models import Article, ArticleStatus, PollEvent, Source, SourceKind, get_engine, upgrade
from models.db import session_scope
from scheduler.sources import claim_due_sources
from tests.support.hostile import MB, Measured, drip, endless, in_child, raw, stacked_gzip_bomb
from tests.support.http import LocalServer, Response
from worker.pipeline.fetch import FetchError, fetch
from worker.pipeline.politeness import RedisSchedule, get_throttle

DATA = Path(__file__).parent / "data"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}
XML = {"Content-Type": "application/xml"}
PAGE = (
    b"<!DOCTYPE html><html><head><title>Xi meets Putin</title></head>"
    b"<body><p>Xi Jinping met Vladimir Putin in Moscow.</p></body></html>"
)
# Generous: every case ends in seconds; a server in these tests would go on for ten minutes.
MAX_SECONDS = 45.0
# The child's peak resident set may grow this much over what it inherited.
MAX_GROWTH_MB = 250.0
FIGURES: list[str] = []


def bounded(name: str, measured: Measured, *, seconds: float = MAX_SECONDS) -> None:
    """Assert the bounds and keep the figures for the report printed at the end."""
    line = (
        f"hostile {name:<34} {measured.seconds:6.2f} s  peak {measured.peak_mb:6.0f} MB"
        f"  (+{measured.growth_mb:.0f} MB)"
    )
    print(line)
    FIGURES.append(line)
    assert measured.seconds < seconds, line
    assert measured.growth_mb < MAX_GROWTH_MB, line


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    """Print every case's figures together at the end (visible with -s)."""
    yield
    print("\n" + "\n".join(FIGURES))


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("hostile") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    get_engine(url).dispose()
    return path


@pytest.fixture
def hostile(tmp_path: Path, template_db: Path) -> Settings:
    """Short timeouts and small caps, so every hostile case ends in seconds."""
    path = tmp_path / "hostile.db"
    shutil.copy(template_db, path)
    return Settings(
        database_url=f"sqlite:///{path}",
        broker_url="",
        allow_private_networks=True,
        host_delay=0,
        connect_timeout=2,
        read_timeout=2,
        total_timeout=6,
        max_body_bytes=2_000_000,
        min_transfer_rate=1024,
        transfer_grace_seconds=1,
        slow_host_retry_seconds=60,
        max_throttle_wait=1,
        poll_deadline_seconds=4,
        max_entries_per_poll=100,
        max_entries_read_per_poll=2000,
        max_retry_after_seconds=3600,
        robots_error_cache_seconds=0,
    )


@dataclass(frozen=True)
class Fetched:
    status: int
    size: int
    text: str | None


@dataclass(frozen=True)
class Failed:
    kind: str
    message: str
    transient: bool
    retry_after: float | None


def fetch_in_child(url: str, settings: Settings, expect: str = "html") -> Fetched | Failed:
    try:
        result = fetch(url, settings=settings, expect=expect)
    except FetchError as exc:
        return Failed(str(exc.kind), str(exc), exc.transient, exc.retry_after)
    return Fetched(result.status_code, len(result.body), (result.text or "")[:2000])


def failed(measured: Measured) -> Failed:
    assert isinstance(measured.value, Failed), measured.value
    return measured.value


def add_source(
    settings: Settings, url: str, kind: SourceKind = SourceKind.rss, **fields: object
) -> int:
    with session_scope(settings.database_url) as session:
        source = Source(name=f"s{abs(hash(url)) % 10**8}", url=url, kind=kind, **fields)
        session.add(source)
        session.flush()
        source_id = source.id
    get_engine(settings.database_url).dispose()  # the child opens its own connections
    return source_id


def poll_in_child(settings: Settings, source_id: int) -> str:
    from worker.pipeline.poll import poll_source

    with session_scope(settings.database_url) as session:
        return str(poll_source(session=session, source_id=source_id, settings=settings).outcome)


@dataclass(frozen=True)
class Recorded:
    """What the database says about a source after its poll."""

    status: str | None
    error: str
    failures: int
    claimed: bool
    next_poll_in: float
    events: list[tuple[str, str | None]]
    etag: str | None


def recorded(settings: Settings, source_id: int) -> Recorded:
    with session_scope(settings.database_url) as session:
        source = session.get(Source, source_id)
        events = session.exec(select(PollEvent).where(PollEvent.source_id == source_id)).all()
        next_in = (source.next_poll_at - datetime.now(UTC)).total_seconds()
        return Recorded(
            source.last_status,
            source.last_error or "",
            source.consecutive_failures,
            source.claimed_until is not None,
            next_in,
            [(e.outcome, e.error) for e in events],
            source.etag,
        )


def poll_case(name: str, settings: Settings, url: str, **fields: object) -> Recorded:
    source_id = add_source(settings, url, **fields)
    bounded(name, in_child(poll_in_child, settings, source_id))
    return recorded(settings, source_id)


def assert_failed_poll(record: Recorded, *needles: str) -> None:
    """Recorded on the source and as a poll event, backed off, released."""
    assert record.status == "failed" and record.failures == 1, record
    for needle in needles:
        assert needle in record.error, (needle, record.error)
    assert record.events == [("failed", record.error)]
    assert not record.claimed
    assert record.next_poll_in > 60  # backed off, not polled again at once


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link></item>" for title, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>'.encode()


# --- 1. Stacked encodings -------------------------------------------------------------------


def test_gzip_of_gzip_bomb_stops_at_the_cap(http_server: LocalServer, hostile: Settings) -> None:
    bomb = stacked_gzip_bomb(2048 * MB)  # 2 GB of zeros in ~3 kB
    assert len(bomb) < 20_000
    headers = {**HTML, "Content-Encoding": "gzip, gzip"}
    http_server.routes["/bomb"] = Response(bomb, headers=headers)
    measured = in_child(fetch_in_child, http_server.url("/bomb"), hostile)
    bounded("1 gzip, gzip bomb (2 GB)", measured)
    error = failed(measured)
    assert error.kind == "too_large" and "after decompression" in error.message
    assert "MEETWIRE_MAX_BODY_BYTES" in error.message and not error.transient


def test_two_legitimate_codings_are_both_undone(
    http_server: LocalServer, hostile: Settings
) -> None:
    body = zlib.compress(gzip.compress(PAGE))  # applied in the order the header lists
    headers = {**HTML, "Content-Encoding": "gzip, deflate"}
    http_server.routes["/two"] = Response(body, headers=headers)
    measured = in_child(fetch_in_child, http_server.url("/two"), hostile)
    bounded("1 gzip, deflate (legitimate)", measured)
    assert measured.value == Fetched(200, len(PAGE), PAGE.decode())


@pytest.mark.parametrize(
    ("coding", "message"),
    [
        ("gzip, gzip, gzip", "3 stacked content codings"),
        ("br", "Content-Encoding 'br' was not asked for"),
        ("gzip, zstd", "Content-Encoding 'zstd' was not asked for"),
    ],
)
def test_too_many_or_unknown_codings_are_refused(
    http_server: LocalServer, hostile: Settings, coding: str, message: str
) -> None:
    http_server.routes["/enc"] = Response(
        b"\x00" * 1000, headers={**HTML, "Content-Encoding": coding}
    )
    measured = in_child(fetch_in_child, http_server.url("/enc"), hostile)
    bounded(f"1 Content-Encoding {coding}", measured)
    error = failed(measured)
    assert error.kind == "bad_encoding" and message in error.message and not error.transient


def test_single_gzip_bomb(http_server: LocalServer, hostile: Settings) -> None:
    bomb = stacked_gzip_bomb(256 * MB, layers=1)
    http_server.routes["/bomb"] = Response(bomb, headers={**HTML, "Content-Encoding": "gzip"})
    measured = in_child(fetch_in_child, http_server.url("/bomb"), hostile)
    bounded("gzip bomb (256 MB)", measured)
    assert failed(measured).kind == "too_large"


# --- 2. Retry-After ---------------------------------------------------------------------------


def throttle_wait_after_poll(settings: Settings, source_id: int, host: str) -> tuple[str, float]:
    outcome = poll_in_child(settings, source_id)
    _, wait = get_throttle(settings).schedule.reserve(host, 0, float("inf"))
    return outcome, wait


@pytest.mark.parametrize(
    "retry_after",
    ["999999999", "999999999999", "9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"],
)
def test_retry_after_is_clamped_to_the_cap(
    http_server: LocalServer, hostile: Settings, retry_after: str
) -> None:
    http_server.routes["/feed"] = Response(b"busy", 503, {"Retry-After": retry_after})
    source_id = add_source(hostile, http_server.url("/feed"))
    measured = in_child(throttle_wait_after_poll, hostile, source_id, "127.0.0.1")
    bounded(f"2 Retry-After {retry_after[:20]}", measured)
    outcome, throttle_wait = measured.value
    record = recorded(hostile, source_id)
    assert outcome == "failed"
    assert_failed_poll(record, "HTTP 503", "retry after 3600s")
    # The source waits no longer than the backoff cap, the host no longer than the Retry-After cap.
    assert record.next_poll_in <= hostile.max_backoff_seconds + 5
    assert 3500 < throttle_wait <= hostile.max_retry_after_seconds


@pytest.mark.parametrize("retry_after", ["-5", "nan", "1e400", "soon", "12:00"])
def test_unreadable_retry_after_is_ignored(
    http_server: LocalServer, hostile: Settings, retry_after: str
) -> None:
    http_server.routes["/busy"] = Response(b"busy", 503, {"Retry-After": retry_after})
    measured = in_child(fetch_in_child, http_server.url("/busy"), hostile)
    bounded(f"2 Retry-After {retry_after!r}", measured)
    error = failed(measured)
    assert error.kind == "http_status" and error.transient
    assert error.retry_after in (None, 0.0) and "HTTP 503" in error.message


def run_in_child(settings: Settings) -> dict[str, int]:
    from worker.runner import run_once

    summary = run_once(settings=settings)
    return {name: tally.new for name, tally in summary.sources.items()}


def test_run_does_not_sleep_past_the_retry_after_cap(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/feed"] = Response(rss(("a", http_server.url("/a"))), headers=RSS)
    http_server.routes["/a"] = Response(b"busy", 503, {"Retry-After": "999999999"})
    settings = hostile.model_copy(
        update={"max_retry_after_seconds": 1, "max_attempts": 2, "retry_base_seconds": 0.1}
    )
    add_source(settings, http_server.url("/feed"))
    bounded("2 run under Retry-After 999999999", in_child(run_in_child, settings))
    with session_scope(settings.database_url) as session:
        article = session.exec(select(Article)).one()
    assert article.status == ArticleStatus.failed
    assert "gave up after 2 attempts" in article.error and "HTTP 503" in article.error
    assert http_server.hits("/a") == 2


@pytest.mark.redis
def test_a_poisoned_throttle_key_heals_and_never_outlives_the_cap(
    redis_url: str, unique_name: str, hostile: Settings
) -> None:
    client = redis.Redis.from_url(redis_url)
    prefix = f"test:{unique_name}:throttle:"
    key = prefix + "news.example"
    far = 10**15  # ms: the ~31,700 years an uncapped Retry-After once wrote
    client.set(key, far, px=far)

    def reserve_and_defer() -> tuple[bool, float, int, int]:
        schedule = RedisSchedule(redis.Redis.from_url(redis_url), prefix, cap=3600)
        reserved, wait = schedule.reserve("news.example", 0, 1)
        healed_ttl = client.pttl(key)
        schedule.defer("news.example", 999999999999)
        return reserved, wait, healed_ttl, client.pttl(key)

    measured = in_child(reserve_and_defer)
    bounded("2 poisoned Redis throttle key", measured)
    reserved, wait, healed_ttl, deferred_ttl = measured.value
    assert not reserved and 3590 < wait <= 3600
    assert 0 < healed_ttl <= 3600_000 and 0 < deferred_ttl <= 3600_000
    client.delete(key)


# --- 3. Any error in a poll is recorded, backs the source off, and the run goes on ----------


def test_json_nested_100000_deep(http_server: LocalServer, hostile: Settings) -> None:
    http_server.routes["/ds.json"] = Response(
        b"[" * 100_000 + b"]" * 100_000, headers={"Content-Type": "application/json"}
    )
    record = poll_case(
        "3 JSON nested 100,000 deep", hostile, http_server.url("/ds.json"), kind=SourceKind.json
    )
    assert_failed_poll(record, "nested too deeply")


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("data:text/html,<rss><channel></channel></rss>", "only http and https"),
        ("javascript:alert('x y')", "only http and https"),
        ("http://[::1", "redirects to an invalid URL"),
    ],
)
def test_feed_redirecting_to_data_javascript_or_a_broken_url(
    http_server: LocalServer, hostile: Settings, location: str, message: str
) -> None:
    http_server.routes["/feed"] = Response(b"", 302, {"Location": location})
    record = poll_case(f"3 redirect to {location[:16]}", hostile, http_server.url("/feed"))
    assert_failed_poll(record, message)


def test_an_unexpected_error_in_a_poll_is_recorded(
    http_server: LocalServer, hostile: Settings
) -> None:
    """Options another tool wrote as a list break the sitemap stage: a bug's stand-in, for real."""
    http_server.routes["/sitemap.xml"] = Response(b"<urlset/>", headers=XML)
    record = poll_case(
        "3 internal error in a poll",
        hostile,
        http_server.url("/sitemap.xml"),
        kind=SourceKind.sitemap,
        options=["not", "a", "mapping"],
    )
    assert_failed_poll(record, "internal error while polling: ValueError")


def test_one_bad_link_does_not_lose_the_feed(http_server: LocalServer, hostile: Settings) -> None:
    feed = rss(
        ("broken", "http://[::1"),
        ("bad port", "http://example.com:99999/x"),
        ("nul", "http://example.com/a\x00b"),
        ("good\x00title", http_server.url("/good")),
    )
    http_server.routes["/feed"] = Response(feed, headers=RSS)
    record = poll_case("3 bad links in a feed", hostile, http_server.url("/feed"))
    assert record.status == "ok" and record.events == [("ok", None)]
    with session_scope(hostile.database_url) as session:
        titles = [a.entry_title for a in session.exec(select(Article)).all()]
    assert titles == ["goodtitle"]


def test_dates_beyond_the_calendar_leave_entries_undated(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/ds.json"] = Response(
        b'{"datasource": [{"publishUrl": "/a", "title": "a", "publishTime": 1e300},'
        b' {"publishUrl": "/b", "title": "b", "publishTime": "9999-12-31 23:59:59-23:59"}]}',
        headers={"Content-Type": "application/json"},
    )
    record = poll_case(
        "3 dates beyond the calendar", hostile, http_server.url("/ds.json"), kind=SourceKind.json
    )
    assert record.status == "ok"
    with session_scope(hostile.database_url) as session:
        dates = [a.entry_published_at for a in session.exec(select(Article)).all()]
    assert dates == [None, None]


def test_run_goes_on_after_failing_sources(http_server: LocalServer, hostile: Settings) -> None:
    http_server.routes["/deep.json"] = Response(
        b"[" * 100_000, headers={"Content-Type": "application/json"}
    )
    http_server.routes["/js"] = Response(b"", 302, {"Location": "javascript:void(0)"})
    http_server.routes["/feed"] = Response(rss(("a", http_server.url("/a"))), headers=RSS)
    http_server.routes["/a"] = Response(PAGE, headers=HTML)
    deep = add_source(hostile, http_server.url("/deep.json"), kind=SourceKind.json)
    js = add_source(hostile, http_server.url("/js"))
    good = add_source(hostile, http_server.url("/feed"))
    measured = in_child(run_in_child, hostile)
    bounded("3 run with two broken sources", measured)
    assert_failed_poll(recorded(hostile, deep), "nested too deeply")
    assert_failed_poll(recorded(hostile, js), "only http and https")
    assert recorded(hostile, good).status == "ok"
    with session_scope(hostile.database_url) as session:
        article = session.exec(select(Article)).one()
    assert article.status in (ArticleStatus.stored, ArticleStatus.skipped)


def celery_poll_in_child(settings: Settings, source_id: int) -> str:
    import os

    from worker.tasks import poll_source

    for name, value in settings.model_dump(mode="json").items():
        if isinstance(value, list):
            continue
        os.environ[f"MEETWIRE_{name.upper()}"] = str(value)
    get_settings.cache_clear()
    return poll_source.run(source_id)


def test_celery_poll_task_releases_a_source_whose_poll_broke(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/deep.json"] = Response(
        b"[" * 100_000, headers={"Content-Type": "application/json"}
    )
    source_id = add_source(hostile, http_server.url("/deep.json"), kind=SourceKind.json)
    with session_scope(hostile.database_url) as session:
        assert claim_due_sources(session=session) == [source_id]
    get_engine(hostile.database_url).dispose()
    measured = in_child(celery_poll_in_child, hostile, source_id)
    bounded("3 Celery poll task, deep JSON", measured)
    assert measured.value.startswith("failed"), measured.value  # the task's one-line result
    assert_failed_poll(recorded(hostile, source_id), "nested too deeply")


# --- 4. robots.txt ------------------------------------------------------------------------------


def test_a_50_mb_robots_txt_is_read_in_part_and_obeyed(
    http_server: LocalServer, hostile: Settings
) -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 50000000\r\n\r\n"
        b"User-agent: *\nDisallow: /\n"
    )
    http_server.routes["/robots.txt"] = endless(http_server, head, b"# filler line\n" * 4096)
    http_server.routes["/page"] = Response(PAGE, headers=HTML)
    measured = in_child(fetch_in_child, http_server.url("/page"), hostile)
    bounded("4 robots.txt of 50 MB", measured)
    error = failed(measured)
    assert error.kind == "disallowed" and "robots.txt" in error.message
    assert http_server.hits("/page") == 0


def test_a_robots_txt_whose_rule_line_never_ends_is_obeyed(
    http_server: LocalServer, hostile: Settings
) -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 50000000\r\n\r\n"
        b"User-agent: *\nDisallow: /"
    )
    http_server.routes["/robots.txt"] = endless(http_server, head, b" " * 65536)
    http_server.routes["/page"] = Response(PAGE, headers=HTML)
    measured = in_child(fetch_in_child, http_server.url("/page"), hostile)
    bounded("4 robots.txt, one 50 MB line", measured)
    assert failed(measured).kind == "disallowed" and http_server.hits("/page") == 0


def test_a_robots_txt_answering_5xx_disallows_the_poll(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/robots.txt"] = Response(b"down", 500)
    http_server.routes["/feed"] = Response(rss(), headers=RSS)
    record = poll_case("4 robots.txt answers 500", hostile, http_server.url("/feed"))
    assert_failed_poll(record, "robots.txt", "HTTP 500", "RFC 9309")
    assert http_server.hits("/feed") == 0


# --- 5. Bounded polls -----------------------------------------------------------------------


def big_feed(items: int) -> bytes:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    parts = []
    for i in range(items):
        # Older and newer items alternate, so "newest first" is the poll's doing.
        when = start + timedelta(minutes=i if i % 2 else items - i)
        stamp = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
        parts.append(
            f"<item><title>t{i}</title><link>http://n.example/{i}</link>"
            f"<pubDate>{stamp}</pubDate></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>'
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def test_a_200000_item_feed_is_taken_in_bounded_bites_newest_first(
    http_server: LocalServer, hostile: Settings
) -> None:
    feed = big_feed(200_000)
    http_server.routes["/feed"] = Response(feed, headers={**RSS, "ETag": '"v1"'})
    settings = hostile.model_copy(update={"max_body_bytes": 30_000_000})
    source_id = add_source(settings, http_server.url("/feed"))
    first = in_child(poll_in_child, settings, source_id)
    bounded("5 feed of 200,000 items", first)
    record = recorded(settings, source_id)
    assert record.status == "ok" and record.etag is None  # more left: no 304 may hide it
    second = in_child(poll_in_child, settings, source_id)
    bounded("5 feed of 200,000 items, next poll", second)
    with session_scope(settings.database_url) as session:
        rows = session.exec(select(Article).order_by(Article.id)).all()
        events = session.exec(select(PollEvent).order_by(PollEvent.id)).all()
    assert len(rows) == 2 * settings.max_entries_per_poll
    assert [(e.entries_found, e.articles_new) for e in events] == [(2000, 100), (2000, 100)]
    dates = [row.entry_published_at for row in rows]
    assert dates == sorted(dates, reverse=True)  # newest first, across both polls


def fat_sitemap(index: int, urls: int) -> bytes:
    rows = "".join(
        f"<url><loc>http://news.example/{index}/{i}</loc><lastmod>2024-01-01</lastmod></url>"
        for i in range(urls)
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def sitemap_index(server: LocalServer, children: int) -> bytes:
    rows = "".join(
        f"<sitemap><loc>{server.url(f'/child{i}.xml')}</loc></sitemap>" for i in range(children)
    )
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'.encode()


def test_five_fat_child_sitemaps_are_read_only_up_to_the_cap(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/index.xml"] = Response(sitemap_index(http_server, 5), headers=XML)
    fat = fat_sitemap(0, 110_000)  # ~9.5 MB, 110,000 URLs
    for i in range(5):
        http_server.routes[f"/child{i}.xml"] = Response(fat, headers=XML)
    settings = hostile.model_copy(update={"max_body_bytes": 10_000_000})
    record = poll_case(
        "5 five fat child sitemaps",
        settings,
        http_server.url("/index.xml"),
        kind=SourceKind.sitemap,
    )
    assert record.status == "ok" and record.events == [("ok", None)]
    assert http_server.hits("/child0.xml") == 1 and http_server.hits("/child1.xml") == 0


def test_dripping_child_sitemaps_end_with_the_poll_deadline(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/index.xml"] = Response(sitemap_index(http_server, 3), headers=XML)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<urlset>"
    for i in range(3):
        http_server.routes[f"/child{i}.xml"] = drip(http_server, head=head, byte=b" ", every=0.3)
    # No rate floor and a long request deadline: only the poll's own deadline can end this.
    settings = hostile.model_copy(update={"min_transfer_rate": 0, "total_timeout": 600})
    record = poll_case(
        "5 three dripping child sitemaps",
        settings,
        http_server.url("/index.xml"),
        kind=SourceKind.sitemap,
    )
    assert_failed_poll(record, "no child sitemap could be read", "MEETWIRE_POLL_DEADLINE_SECONDS")


def test_a_poll_cut_by_its_deadline_keeps_what_it_read_and_asks_again(
    http_server: LocalServer, hostile: Settings
) -> None:
    index = sitemap_index(http_server, 2)
    http_server.routes["/index.xml"] = Response(index, headers={**XML, "ETag": '"v1"'})
    http_server.routes["/child0.xml"] = Response(fat_sitemap(0, 3), headers=XML)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<urlset>"
    http_server.routes["/child1.xml"] = drip(http_server, head=head, byte=b" ", every=0.3)
    settings = hostile.model_copy(update={"min_transfer_rate": 0, "total_timeout": 600})
    record = poll_case(
        "5 poll deadline after one child",
        settings,
        http_server.url("/index.xml"),
        kind=SourceKind.sitemap,
    )
    assert record.status == "ok" and record.etag is None  # the next poll reads it all again
    with session_scope(settings.database_url) as session:
        assert len(session.exec(select(Article)).all()) == 3


# --- 6. Slow drip -----------------------------------------------------------------------------


def fetch_twice_in_child(url: str, settings: Settings) -> tuple[Failed | Fetched, ...]:
    return fetch_in_child(url, settings), fetch_in_child(url, settings)


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("body", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"),
        ("headers", b""),
    ],
)
def test_a_drip_is_cut_off_and_the_host_left_alone(
    http_server: LocalServer, hostile: Settings, name: str, head: bytes
) -> None:
    byte = b"x" if head else b"H"  # with no head, the status line itself drips
    http_server.routes["/drip"] = drip(http_server, head=head, byte=byte, every=0.2)
    measured = in_child(fetch_twice_in_child, http_server.url("/drip"), hostile)
    bounded(f"6 one byte per 0.2 s ({name})", measured)
    first, second = measured.value
    assert first.kind == "too_slow" and "MEETWIRE_MIN_TRANSFER_RATE" in first.message
    assert first.transient and first.retry_after == hostile.slow_host_retry_seconds
    assert second.kind == "throttled"  # not retried at once: nothing was sent
    assert http_server.hits("/drip") == 1


def test_a_silent_host_times_out_and_is_left_alone(
    http_server: LocalServer, hostile: Settings
) -> None:
    http_server.routes["/silent"] = drip(http_server, byte=b"", every=1.0)
    measured = in_child(fetch_twice_in_child, http_server.url("/silent"), hostile)
    bounded("6 silent server", measured)
    first, second = measured.value
    assert first.kind in ("timeout", "too_slow") and first.retry_after == 60
    assert second.kind == "throttled" and http_server.hits("/silent") == 1


def process_in_child(settings: Settings) -> tuple[str, float | None]:
    from worker.pipeline.process import process_article

    with session_scope(settings.database_url) as session:
        article_id = session.exec(select(Article.id)).one()
        outcome = process_article(session=session, article_id=article_id, settings=settings)
    return str(outcome.status), outcome.retry_in


def test_a_dripping_article_is_retried_later_not_at_once(
    http_server: LocalServer, hostile: Settings
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    http_server.routes["/feed"] = Response(rss(("a", http_server.url("/a"))), headers=RSS)
    http_server.routes["/a"] = drip(http_server, head=head, every=0.2)
    source_id = add_source(hostile, http_server.url("/feed"))
    in_child(poll_in_child, hostile, source_id)
    measured = in_child(process_in_child, hostile)
    bounded("6 dripping article", measured)
    status, retry_in = measured.value
    assert status == "pending" and retry_in is not None and retry_in >= 60
    with session_scope(hostile.database_url) as session:
        article = session.exec(select(Article)).one()
    assert "too slow" in article.error and article.attempts == 1


# --- Issue 12: unreachable hosts are waited for together ---------------------------------------


def test_hosts_are_polled_at_once(hostile: Settings) -> None:
    """Three hosts whose robots.txt each answers only when all three are asking at once."""
    barrier = threading.Barrier(3, timeout=5)
    met: list[bool] = []

    def robots(handler: BaseHTTPRequestHandler) -> Response:
        try:
            barrier.wait()
            met.append(True)
        except threading.BrokenBarrierError:
            met.append(False)
        return Response(b"", 404)

    servers = [LocalServer(f"127.0.0.{i}") for i in (2, 3, 4)]
    for server in servers:
        server.routes["/robots.txt"] = robots
        server.routes["/feed"] = Response(rss(), headers=RSS)
        server.__enter__()
    try:
        ids = [add_source(hostile, server.url("/feed")) for server in servers]
        bounded("12 three hosts polled at once", in_child(run_in_child, hostile))
    finally:
        for server in servers:
            server.__exit__(None, None, None)
    assert met == [True, True, True]
    assert [recorded(hostile, i).status for i in ids] == ["ok", "ok", "ok"]


# --- Already handled: kept so they stay handled ---------------------------------------------


def test_endless_body(http_server: LocalServer, hostile: Settings) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    http_server.routes["/endless"] = endless(http_server, head, b"<p>" * 20_000)
    measured = in_child(fetch_in_child, http_server.url("/endless"), hostile)
    bounded("endless body", measured)
    error = failed(measured)
    assert error.kind == "too_large" and "while streaming" in error.message


def test_content_length_of_50_mb(http_server: LocalServer, hostile: Settings) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50000000\r\n\r\n"
    http_server.routes["/big"] = endless(http_server, head, b"x" * 65536)
    measured = in_child(fetch_in_child, http_server.url("/big"), hostile)
    bounded("Content-Length 50 MB", measured)
    assert "Content-Length says 50,000,000 bytes" in failed(measured).message


def test_redirect_loop(http_server: LocalServer, hostile: Settings) -> None:
    http_server.routes["/a"] = Response(b"", 302, {"Location": "/b"})
    http_server.routes["/b"] = Response(b"", 302, {"Location": "/a"})
    measured = in_child(fetch_in_child, http_server.url("/a"), hostile)
    bounded("redirect loop", measured)
    error = failed(measured)
    assert error.kind == "too_many_redirects" and "redirect loop" in error.message


def test_endless_redirect_chain(http_server: LocalServer, hostile: Settings) -> None:
    def onwards(handler: BaseHTTPRequestHandler) -> Response:
        step = int(handler.path.rsplit("/", 1)[1])
        return Response(b"", 302, {"Location": f"/r/{step + 1}"})

    for i in range(20):
        http_server.routes[f"/r/{i}"] = onwards
    measured = in_child(fetch_in_child, http_server.url("/r/0"), hostile)
    bounded("endless redirect chain", measured)
    assert "more than 5 redirects" in failed(measured).message


def test_redirect_to_a_private_address(http_server: LocalServer, hostile: Settings) -> None:
    http_server.routes["/go"] = Response(b"", 302, {"Location": "http://169.254.169.254/latest/"})
    port = http_server.httpd.server_address[1]
    settings = hostile.model_copy(
        update={"allow_private_networks": False, "private_network_allowlist": [f"127.0.0.1:{port}"]}
    )
    measured = in_child(fetch_in_child, http_server.url("/go"), settings)
    bounded("redirect to a private address", measured)
    error = failed(measured)
    assert error.kind == "private_address" and "169.254.169.254" in error.message


@pytest.mark.parametrize(
    ("name", "document", "message"),
    [
        (
            "billion laughs",
            (DATA / "sitemaps" / "billion_laughs.xml").read_bytes(),
            "declares a DTD",
        ),
        ("XXE", (DATA / "sitemaps" / "external_entity.xml").read_bytes(), "declares a DTD"),
        ("DTD sitemap", b'<!DOCTYPE urlset SYSTEM "urlset.dtd"><urlset/>', "declares a DTD"),
        ("XML nested 100,000 deep", b"<urlset>" + b"<a>" * 100_000, "not readable XML"),
    ],
)
def test_hostile_sitemaps(
    http_server: LocalServer, hostile: Settings, name: str, document: bytes, message: str
) -> None:
    http_server.routes["/sitemap.xml"] = Response(document, headers=XML)
    record = poll_case(name, hostile, http_server.url("/sitemap.xml"), kind=SourceKind.sitemap)
    assert_failed_poll(record, message)


def test_html_nested_100000_deep_in_a_listing(http_server: LocalServer, hostile: Settings) -> None:
    page = b"<html><body>" + b"<div>" * 100_000 + b'<a href="/news/1">one</a></body></html>'
    http_server.routes["/list"] = Response(page, headers=HTML)
    record = poll_case(
        "HTML nested 100,000 deep",
        hostile,
        http_server.url("/list"),
        kind=SourceKind.listing,
        link_pattern="/news/",
    )
    assert record.status == "ok"


def test_charset_lie(http_server: LocalServer, hostile: Settings) -> None:
    """The header says Latin-1, the page (rightly) says UTF-8: the page wins."""
    page = '<html><head><meta charset="utf-8"><title>习近平会见普京</title></head></html>'
    headers = {"Content-Type": "text/html; charset=iso-8859-1"}
    http_server.routes["/zh"] = Response(page.encode("utf-8"), headers=headers)
    measured = in_child(fetch_in_child, http_server.url("/zh"), hostile)
    bounded("charset lie", measured)
    assert "习近平会见普京" in measured.value.text


def test_huge_headers(http_server: LocalServer, hostile: Settings) -> None:
    payload = b"HTTP/1.1 200 OK\r\nX-Filler: " + b"a" * 1_000_000 + b"\r\n\r\n"
    http_server.routes["/headers"] = raw(http_server, payload)
    measured = in_child(fetch_in_child, http_server.url("/headers"), hostile)
    bounded("1 MB header", measured)
    error = failed(measured)
    assert error.kind == "connection" and "failed" in error.message


def test_not_html_for_an_article(http_server: LocalServer, hostile: Settings) -> None:
    http_server.routes["/doc.pdf"] = endless(
        http_server, b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n", b"%PDF" * 1000
    )
    measured = in_child(fetch_in_child, http_server.url("/doc.pdf"), hostile)
    bounded("endless PDF for an article", measured)
    error = failed(measured)
    assert error.kind == "not_html" and "application/pdf" in error.message
