"""Faults: interrupted runs, dropped database connections, a killed worker, a restarted Redis,
two beats and every message delivered twice. After each, every article is final, one row per
canonical URL, and no article is failed by the fault."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from celery import Celery
from sqlmodel import func, select

from meetwire.settings import get_settings
from models import Article, ArticleStatus, PollEvent, Source, session_scope, utcnow
from tests.support.feed import EXPO, TALKS, add_source, serve_feed
from tests.support.http import LocalServer, Response
from tests.support.processes import start_service, stop
from tests.support.services import RedisServer, truncate_postgres
from tests.support.waiting import wait_for
from worker.runner import run_once

DATA = Path(__file__).parent / "data"

MEETWIRE = str(Path(sys.executable).parent / "meetwire")


# --- Ctrl-C and SIGTERM in `meetwire run` -------------------------------------------------------


def hold_page(server: LocalServer, path: str) -> tuple[threading.Event, threading.Event]:
    """Make `path` hang until released; returns (requested, release)."""
    requested, release = threading.Event(), threading.Event()
    page = server.routes[path]

    def slow(_handler) -> Response:
        requested.set()
        release.wait(60)
        return page

    server.routes[path] = slow
    return requested, release


def run_command(database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "MEETWIRE_DATABASE_URL": database_url,
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_BROKER_URL": "",
        "COLUMNS": "200",
    }
    return subprocess.Popen(
        [MEETWIRE, "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a shell running this suite in the background ignores SIGINT, and
        # its children would inherit that.
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_gives_back_its_claim(
    signum: int, settings, http_server: LocalServer
) -> None:
    serve_feed(http_server)
    add_source(settings.database_url, http_server.url("/rss.xml"))
    requested, release = hold_page(http_server, TALKS)

    process = run_command(settings.database_url)
    assert requested.wait(120), "the run never fetched the article"
    process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    release.set()

    assert process.returncode == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    with session_scope(settings.database_url) as session:
        talks = session.exec(select(Article).where(Article.url == http_server.url(TALKS))).one()
    assert talks.status == ArticleStatus.pending and talks.next_attempt_at is None

    again = run_command(settings.database_url)
    _out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err[-2000:]
    with session_scope(settings.database_url) as session:
        statuses = session.exec(select(Article.status)).all()
    assert sorted(statuses) == ["stored", "stored"]


def test_run_reports_articles_claimed_by_another_process(settings, http_server) -> None:
    serve_feed(http_server)
    add_source(settings.database_url, http_server.url("/rss.xml"))
    process = run_command(settings.database_url)
    process.communicate(timeout=180)
    with session_scope(settings.database_url) as session:
        # Another run's claim on a third article, for the next ten minutes.
        session.add(
            Article(
                url=http_server.url(EXPO) + "?copy",
                canonical_url="https://held.example/1",
                next_attempt_at=utcnow() + timedelta(minutes=10),
            )
        )
    again = run_command(settings.database_url)
    _out, err = again.communicate(timeout=180)
    assert again.returncode == 0
    assert "1 articles are claimed by another process or wait for a retry until" in err
    with session_scope(settings.database_url) as session:
        held = session.exec(select(Article).where(Article.canonical_url.like("%held%"))).one()
    assert held.status == ArticleStatus.pending and held.attempts == 0


# --- Database faults in the embedded runner ----------------------------------------------------


def terminate_connections(database_url: str) -> int:
    """pg_terminate_backend every other connection to the test database; how many."""
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def count_by_status(database_url: str) -> dict[str, int]:
    with session_scope(database_url) as session:
        rows = session.exec(select(Article.status, func.count()).group_by(Article.status)).all()
    return dict(rows)


def one_row_per_canonical_url(database_url: str) -> bool:
    with session_scope(database_url) as session:
        total = session.exec(select(func.count()).select_from(Article)).one()
        distinct = session.exec(select(func.count(func.distinct(Article.canonical_url)))).one()
    return total == distinct


# --- The distributed stack: real worker, beat, Redis and PostgreSQL processes -----------------

ARTICLES = 30
# Each page takes this long to serve, so a batch is still running when the fault strikes.
PAGE_DELAY = 0.3
FIGURES: list[str] = []


def article_page(number: int) -> bytes:
    """A distinct article: the talks page with its own headline and a paragraph of its own."""
    page = (DATA / "pages" / "harbin_expo.html").read_bytes()
    unique = " ".join(f"w{number}x{i}" for i in range(60))
    return page.replace(b"China-Russia Expo opens in Harbin", f"Story {number}".encode()).replace(
        b"</p>", f" {unique}</p>".encode(), 1
    )


def serve_batch(server: LocalServer) -> list[str]:
    """A feed of ARTICLES distinct articles, each page slow enough to leave a batch running."""
    items = []
    for number in range(ARTICLES):
        path = f"/story/{number}.html"
        body = article_page(number)

        def slow(_handler, body=body) -> Response:
            time.sleep(PAGE_DELAY)
            return Response(body)

        server.routes[path] = slow
        items.append(
            f"<item><title>Story {number}</title><link>{server.url(path)}</link>"
            f"<pubDate>Tue, 21 Mar 2023 12:{number % 60:02d}:00 GMT</pubDate></item>"
        )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>batch</title>'
        + "".join(items)
        + "</channel></rss>"
    )
    server.routes["/batch.xml"] = Response(
        feed.encode(), headers={"Content-Type": "application/rss+xml"}
    )
    return [f"/story/{number}.html" for number in range(ARTICLES)]


class Stack:
    """Worker, poll worker and beat as the compose file runs them, on a private Redis."""

    def __init__(self, postgres_url: str, redis: RedisServer, logs: Path, name: str) -> None:
        self.database_url = postgres_url
        self.redis = redis
        self.logs = logs
        self.env = {
            "MEETWIRE_DATABASE_URL": postgres_url,
            "MEETWIRE_BROKER_URL": redis.url,
            "MEETWIRE_QUEUE_NAME": f"faults-{name}",
            "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
            "MEETWIRE_HOST_DELAY": "0",
            "MEETWIRE_TICK_SECONDS": "1",
            # Short leases: a dead worker's article is free again after seconds, not minutes.
            "MEETWIRE_ARTICLE_LEASE_SECONDS": "8",
            "MEETWIRE_REQUEUE_AFTER_SECONDS": "3",
            "MEETWIRE_DB_RETRY_BASE_SECONDS": "0.2",
            "MEETWIRE_DB_RETRY_CAP_SECONDS": "2",
            "BEAT_SCHEDULE": str(logs / "celerybeat-schedule"),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, service: str, as_name: str | None = None, **extra: str) -> None:
        env = {**self.env, **extra}
        self.processes[as_name or service] = start_service(service, env, self.logs)

    def kill(self, name: str) -> None:
        """kill -9 a service and every process it forked."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes.values():
            stop(process)
        self.processes.clear()

    def producer(self) -> Celery:
        """A Celery app of its own, sending to this stack's broker and queues (by task name)."""
        from meetwire.settings import Settings
        from worker.app import task_routes

        settings = Settings(queue_name=self.env["MEETWIRE_QUEUE_NAME"])
        app = Celery("faults-producer", broker=self.redis.url, set_as_current=False)
        app.conf.update(task_default_queue=settings.queue_name, task_routes=task_routes(settings))
        return app


@pytest.fixture
def stack(postgres_url: str, http_server: LocalServer, tmp_path: Path, unique_name: str):
    truncate_postgres(postgres_url)
    server = RedisServer(tmp_path)
    server.start()
    paths = serve_batch(http_server)
    add_source(postgres_url, http_server.url("/batch.xml"), name="batch", publisher="xinhua")
    running = Stack(postgres_url, server, tmp_path, unique_name)
    running.paths = paths
    yield running
    running.stop_all()
    server.kill()


def final_count(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.exec(
            select(func.count()).select_from(Article).where(Article.status != "pending")
        ).one()


def assert_nothing_lost(stack: Stack, http_server: LocalServer, started: float, fault: str):
    """Every article final, none failed, one row per canonical URL; records the figures."""
    wait_for(
        lambda: final_count(stack.database_url) == ARTICLES,
        240,
        f"every article to be final after: {fault}",
        stack.logs,
    )
    recovered = time.monotonic() - started
    statuses = count_by_status(stack.database_url)
    assert sum(statuses.values()) == ARTICLES, statuses
    assert set(statuses) <= {"stored", "duplicate"}, statuses
    assert one_row_per_canonical_url(stack.database_url)
    fetched_twice = sum(http_server.hits(path) > 1 for path in stack.paths)
    FIGURES.append(
        f"{fault}: all {ARTICLES} final {recovered:.1f} s after the fault; lost 0; "
        f"wrongly failed {statuses.get('failed', 0)}; fetched twice {fetched_twice}"
    )
    print(FIGURES[-1])
    return statuses


def wait_until_some_final(stack: Stack, at_least: int) -> None:
    wait_for(
        lambda: final_count(stack.database_url) >= at_least,
        180,
        f"{at_least} articles to be final",
        stack.logs,
    )


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
def test_a_worker_killed_mid_batch_loses_nothing(stack: Stack, http_server) -> None:
    for service in ("worker", "worker-poll", "beat"):
        stack.start(service)
    wait_until_some_final(stack, 3)
    assert final_count(stack.database_url) < ARTICLES, "the batch ended before the fault"
    stack.kill("worker")  # kill -9: its children die mid-fetch, their messages unacknowledged
    started = time.monotonic()
    stack.start("worker")
    assert_nothing_lost(stack, http_server, started, "kill -9 of the article worker")


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
def test_a_redis_restart_mid_batch_loses_nothing(stack: Stack, http_server) -> None:
    for service in ("worker", "worker-poll", "beat"):
        stack.start(service)
    wait_until_some_final(stack, 3)
    assert final_count(stack.database_url) < ARTICLES, "the batch ended before the fault"
    stack.redis.kill()
    started = time.monotonic()
    time.sleep(2)  # Redis stays away for a while, as a real restart does
    stack.redis.start()
    assert_nothing_lost(stack, http_server, started, "Redis killed and restarted")


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
def test_dropping_every_database_connection_fails_no_article(stack: Stack, http_server) -> None:
    for service in ("worker", "worker-poll", "beat"):
        stack.start(service)
    wait_until_some_final(stack, 3)
    assert final_count(stack.database_url) < ARTICLES, "the batch ended before the fault"
    started = time.monotonic()
    terminated = 0
    for _ in range(5):  # again and again while the batch runs, as a failover would
        terminated += terminate_connections(stack.database_url)
        time.sleep(0.5)
    assert terminated > 0
    statuses = assert_nothing_lost(
        stack, http_server, started, f"pg_terminate_backend x5 ({terminated} connections)"
    )
    assert "failed" not in statuses


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
def test_two_beats_poll_once_and_store_once(stack: Stack, http_server) -> None:
    stack.start("worker")
    stack.start("worker-poll")
    stack.start("beat")
    stack.start("beat", as_name="beat-2", BEAT_SCHEDULE=str(stack.logs / "second-schedule"))
    started = time.monotonic()
    assert_nothing_lost(stack, http_server, started, "two beats")
    with session_scope(stack.database_url) as session:
        polls = session.exec(select(func.count()).select_from(PollEvent)).one()
    assert polls == 1  # the source's claim lets one tick poll it; its interval is 15 minutes
    assert all(http_server.hits(path) == 1 for path in stack.paths)


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
def test_every_task_delivered_twice_does_its_work_once(stack: Stack, http_server) -> None:
    stack.start("worker")
    stack.start("worker-poll")
    app = stack.producer()
    with session_scope(stack.database_url) as session:
        source_id = session.exec(select(Source.id)).one()
    started = time.monotonic()
    for _ in range(2):
        app.send_task("meetwire.poll_source", (source_id,))
    wait_for(lambda: len(article_ids(stack.database_url)) == ARTICLES, 120, "the polls", stack.logs)
    for article_id in article_ids(stack.database_url):
        app.send_task("meetwire.process_article", (article_id,))  # the poll sent it once already
    assert_nothing_lost(stack, http_server, started, "every task delivered twice")
    assert http_server.hits("/batch.xml") == 2
    assert all(http_server.hits(path) == 1 for path in stack.paths)


def article_ids(database_url: str) -> list[int]:
    with session_scope(database_url) as session:
        return list(session.exec(select(Article.id)))


@pytest.mark.postgres
def test_the_embedded_run_retries_dropped_connections(
    postgres_url: str, monkeypatch, http_server: LocalServer
) -> None:
    truncate_postgres(postgres_url)
    paths = serve_batch(http_server)
    for name, value in {
        "MEETWIRE_DATABASE_URL": postgres_url,
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_DB_RETRY_BASE_SECONDS": "0.2",
        "MEETWIRE_DB_RETRY_CAP_SECONDS": "2",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    settings = get_settings()
    add_source(settings.database_url, http_server.url("/batch.xml"))
    done = threading.Event()
    terminated = []

    def drop_connections() -> None:
        # Wait for the batch to be under way, then cut every connection five times.
        while not done.is_set() and http_server.hits(paths[2]) == 0:
            time.sleep(0.05)
        for _ in range(5):
            terminated.append(terminate_connections(postgres_url))
            time.sleep(0.5)

    dropper = threading.Thread(target=drop_connections)
    dropper.start()
    started = time.monotonic()
    try:
        summary = run_once(settings=settings)
    finally:
        done.set()
        dropper.join()
        get_settings.cache_clear()
    statuses = count_by_status(postgres_url)
    FIGURES.append(
        f"embedded run, pg_terminate_backend x5 ({sum(terminated)} connections): "
        f"{sum(statuses.values())} of {ARTICLES} final in {time.monotonic() - started:.1f} s; "
        f"wrongly failed {statuses.get('failed', 0)}"
    )
    print(FIGURES[-1])
    assert sum(terminated) > 0
    assert statuses.get("failed", 0) == 0 and statuses.get("pending", 0) == 0, statuses
    assert sum(statuses.values()) == ARTICLES and summary.database_faults == 0
    assert one_row_per_canonical_url(postgres_url)
