"""Faults: interrupted runs, dropped database connections, a killed worker, a restarted Redis,
two beats and every message delivered twice. After each, every article is final, one row per
canonical URL, and no article is failed by the fault."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlmodel import func, select

from models import Article, ArticleStatus, session_scope, utcnow
from tests.support.http import LocalServer, Response
from tests.test_runner import EXPO, TALKS, add_source, serve_feed

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
        [MEETWIRE, "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_gives_back_its_claim(
    signum: int, settings, http_server: LocalServer
) -> None:
    serve_feed(http_server)
    add_source(settings, http_server.url("/rss.xml"))
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
    add_source(settings, http_server.url("/rss.xml"))
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
