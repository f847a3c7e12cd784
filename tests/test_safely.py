"""The transient-or-bug decision, on errors raised by real PostgreSQL and SQLite servers."""

import sqlite3
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import select

from models import Article, session_scope, utcnow
from models.db import get_engine
from worker.safely import (
    Crash,
    is_transient_database_error,
    is_unusable_database_error,
    release_claim,
    run_safely,
)


def raised(action) -> BaseException:
    try:
        action()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


@pytest.mark.postgres
def test_a_terminated_connection_and_a_serialization_failure_are_transient(postgres_url) -> None:
    engine = create_engine(postgres_url)  # no pre-ping: the dead connection is used as is
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(postgres_url.replace("+psycopg", ""), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        dropped = raised(lambda: connection.execute(text("SELECT 1")))
    assert isinstance(dropped, OperationalError)
    assert is_transient_database_error(dropped)

    with engine.connect() as connection:
        serialization = raised(
            lambda: connection.execute(
                text("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            )
        )
        assert is_transient_database_error(serialization)
    with engine.connect() as connection:
        bug = raised(lambda: connection.execute(text("SELECT no_such_column FROM article")))
        assert not is_transient_database_error(bug)
    engine.dispose()


def test_sqlite_locked_is_transient_read_only_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x INTEGER)").connection.commit()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
    with engine.connect() as connection:
        locked = raised(lambda: connection.execute(text("INSERT INTO t VALUES (1)")))
    holder.rollback()
    assert is_transient_database_error(locked) and not is_unusable_database_error(locked)

    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with read_only.connect() as connection:
        refused = raised(lambda: connection.execute(text("INSERT INTO t VALUES (1)")))
    assert is_unusable_database_error(refused) and not is_transient_database_error(refused)
    assert not is_transient_database_error(KeyError("x"))


def test_run_safely_records_a_bug_and_hands_back_a_transient_fault(sqlite_url) -> None:
    recorded = []
    engine = get_engine(sqlite_url)

    def duplicate_key() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO source (id, name) VALUES (1, 'a')"))
            connection.execute(text("INSERT INTO source (id, name) VALUES (1, 'a')"))

    bug = run_safely(duplicate_key, what="stage", on_bug=recorded.append)
    assert isinstance(bug, Crash) and not bug.transient
    assert isinstance(recorded[0], IntegrityError)

    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN EXCLUSIVE")
    locked_engine = create_engine(sqlite_url, connect_args={"timeout": 0.1})

    def write() -> None:
        with locked_engine.begin() as connection:
            connection.execute(text("UPDATE article SET attempts = 1"))

    fault = run_safely(write, what="stage", on_bug=recorded.append)
    holder.rollback()
    assert isinstance(fault, Crash) and fault.transient and len(recorded) == 1
    assert run_safely(lambda: 7, what="stage", on_bug=recorded.append) == 7


def test_release_claim_gives_back_only_a_claim_taken_since(sqlite_url) -> None:
    started = utcnow()
    with session_scope(sqlite_url) as session:
        ours = Article(url="http://a/1", canonical_url="http://a/1")
        theirs = Article(url="http://a/2", canonical_url="http://a/2")
        ours.next_attempt_at = utcnow() + timedelta(seconds=600)  # as claim_article sets it
        theirs.next_attempt_at = started + timedelta(seconds=300)  # an older claim, elsewhere
        session.add_all([ours, theirs])
    for article_id in (1, 2):
        release_claim(
            database_url=sqlite_url,
            article_id=article_id,
            claimed_after=started,
            lease_seconds=600,
        )
    with session_scope(sqlite_url) as session:
        rows = {a.id: a.next_attempt_at for a in session.exec(select(Article))}
    assert rows[1] is None and rows[2] is not None
