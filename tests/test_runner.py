"""The embedded one-shot job end to end: real HTTP, real SQLite and PostgreSQL."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from models import PollEvent, Source, session_scope
from tests.support.feed import EXPO, TALKS, add_source, articles, serve_feed
from tests.support.http import LocalServer, Response
from tests.support.services import truncate_postgres
from worker.pipeline.poll import insert_article_if_new
from worker.runner import process_pending, run_once

DATA = Path(__file__).parent / "data"


def test_run_stores_each_article_once(settings, http_server: LocalServer) -> None:
    serve_feed(http_server)
    add_source(settings.database_url, http_server.url("/rss.xml"))

    summary = run_once(settings=settings)

    stored = articles(settings.database_url)
    assert [a.status for a in stored] == ["stored", "stored"]
    talks = stored[0]
    assert talks.title == "Xi, Putin hold talks in Moscow"
    assert talks.text.startswith("MOSCOW, March 21 (Xinhua) -- Chinese President Xi Jinping")
    assert talks.language == "en"
    # The page gives the day, the feed the time of day: both are kept.
    assert talks.published_at == datetime(2023, 3, 21, 12, 15, tzinfo=UTC)
    assert talks.canonical_url.startswith("https://127.0.0.1:")
    assert summary.totals()["found"] == 2 and summary.totals()["stored"] == 2
    # Every stored article is deduplicated and classified on the way in.
    assert talks.content_hash and talks.duplicate_of is None
    assert (talks.label, talks.is_meeting, talks.meeting_city) == ("meeting", True, "Moscow")
    assert talks.meeting_date.isoformat() == "2023-03-21" and talks.meeting_id is not None
    assert stored[1].label == "unrelated" and stored[1].meeting_id is None

    again = run_once(settings=settings)
    assert len(articles(settings.database_url)) == 2
    assert again.totals()["new"] == 0
    assert http_server.hits(TALKS) == 1  # a known canonical URL is never fetched again


def test_the_same_story_at_another_address_is_a_duplicate(settings, http_server) -> None:
    serve_feed(http_server)
    copy = "/mirror/xi-putin-talks.html"
    http_server.routes[copy] = http_server.routes[TALKS]
    add_source(settings.database_url, http_server.url("/rss.xml"))
    run_once(settings=settings)
    with session_scope(settings.database_url) as session:
        record = {
            "url": http_server.url(copy),
            "canonical_url": "https://mirror.example/x",
            "publisher": "chinadaily",
        }
        copy_id = insert_article_if_new(session=session, values=record)
    process_pending(settings=settings)
    original, _expo, duplicate = articles(settings.database_url)
    assert duplicate.id == copy_id
    assert (duplicate.status, duplicate.duplicate_of, duplicate.duplicate_kind) == (
        "duplicate",
        original.id,
        "exact",
    )
    assert duplicate.meeting_id == original.meeting_id
    assert (duplicate.label, duplicate.meeting_city) == (original.label, original.meeting_city)


def test_second_poll_sends_validators_and_a_304_costs_no_parse(settings, http_server) -> None:
    serve_feed(http_server)

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Response(b"", 304, {"ETag": '"v1"'})
        return http_server_feed

    http_server_feed = http_server.routes["/rss.xml"]
    http_server.routes["/rss.xml"] = conditional
    add_source(settings.database_url, http_server.url("/rss.xml"))
    run_once(settings=settings)
    run_once(settings=settings)
    with session_scope(settings.database_url) as session:
        outcomes = [e.outcome for e in session.exec(select(PollEvent).order_by(PollEvent.id))]
        source = session.exec(select(Source)).one()
    assert outcomes == ["ok", "not_modified"]
    assert source.etag == '"v1"'
    assert source.consecutive_failures == 0


def test_a_broken_source_is_recorded_and_the_rest_goes_on(settings, http_server) -> None:
    serve_feed(http_server)
    http_server.routes["/broken.xml"] = Response(
        (DATA / "feeds" / "broken.xml").read_bytes(), headers={"Content-Type": "text/xml"}
    )
    add_source(settings.database_url, http_server.url("/broken.xml"), name="broken")
    add_source(settings.database_url, http_server.url("/missing.xml"), name="missing")
    add_source(settings.database_url, http_server.url("/rss.xml"), name="good")

    summary = run_once(settings=settings)

    assert summary.sources["good"].statuses["stored"] == 2
    with session_scope(settings.database_url) as session:
        by_name = {s.name: s for s in session.exec(select(Source))}
    assert "not a readable RSS/Atom feed" in by_name["broken"].last_error
    assert "404" in by_name["missing"].last_error
    assert by_name["missing"].consecutive_failures == 1
    assert by_name["good"].last_error is None


def test_article_failures_get_a_final_status_and_a_reason(settings, http_server) -> None:
    serve_feed(http_server)
    http_server.routes[TALKS] = Response(b"gone", 410, {"Content-Type": "text/html"})
    http_server.routes[EXPO] = Response(b"%PDF-1.4", 200, {"Content-Type": "application/pdf"})
    add_source(settings.database_url, http_server.url("/rss.xml"))

    run_once(settings=settings)

    talks, expo = articles(settings.database_url)
    assert talks.status == "failed" and "410" in talks.error
    assert expo.status == "skipped" and expo.error


def test_an_unexpected_error_fails_that_article_and_the_run_goes_on(
    settings, http_server, monkeypatch
) -> None:
    """A bug in a stage (here: classification raising on one page) is recorded, not fatal."""
    import worker.pipeline.process as process

    serve_feed(http_server)
    add_source(settings.database_url, http_server.url("/rss.xml"))
    real = process.classify_article

    def explode_on_expo(*, session, article):
        if article.title == "China-Russia Expo opens in Harbin":
            raise RecursionError("maximum recursion depth exceeded")
        return real(session=session, article=article)

    monkeypatch.setattr(process, "classify_article", explode_on_expo)
    summary = run_once(settings=settings)

    talks, expo = articles(settings.database_url)
    assert talks.status == "stored"
    assert expo.status == "failed"
    assert expo.error.startswith("internal error while processing: RecursionError")
    assert summary.totals()["failed"] == 1 and summary.totals()["stored"] == 1


@pytest.mark.postgres
def test_two_workers_never_fetch_one_article_at_once(postgres_url, http_server) -> None:
    """A re-sent message while a worker is busy with the article: only one fetch happens."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Event

    from meetwire.settings import Settings
    from worker.pipeline.process import BUSY, process_article

    truncate_postgres(postgres_url)
    settings = Settings(
        database_url=postgres_url,
        allow_private_networks=True,
        host_delay=0,
        robots_enabled=False,
        broker_url="",
    )
    page = (DATA / "pages" / "xi_putin_talks.html").read_bytes()
    arrived, release = Event(), Event()

    def slow(handler):
        arrived.set()
        release.wait(10)
        return Response(page)

    http_server.routes["/slow.html"] = slow
    with session_scope(postgres_url) as session:
        article_id = insert_article_if_new(
            session=session,
            values={
                "url": http_server.url("/slow.html"),
                "canonical_url": "https://x/slow",
                "publisher": "xinhua",
            },
        )

    def work():
        with session_scope(postgres_url) as session:
            return process_article(session=session, article_id=article_id, settings=settings)

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(work)
        assert arrived.wait(10)  # the first worker is inside its fetch
        second = pool.submit(work).result(timeout=10)
        release.set()
        first = first.result(timeout=30)
    assert (second.status, second.error) == ("pending", BUSY)
    assert first.status == "stored"
    assert http_server.hits("/slow.html") == 1
