"""One article through process_article: how it is claimed and how often the database is asked."""

import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text, update

from meetwire.settings import Settings
from models import Article, ArticleStatus, get_engine, session_scope
from tests.support.http import LocalServer, Response
from tests.support.services import truncate_postgres
from worker.pipeline.poll import insert_article_if_new
from worker.pipeline.process import claim_article, process_article

DATA = Path(__file__).parent / "data"


@contextmanager
def statements(database_url: str):
    """Every SQL statement and commit the engine sends while the block runs."""
    sent: list[str] = []
    engine = get_engine(database_url)

    def on_execute(_conn, _cursor, statement, _params, _context, _many) -> None:
        sent.append(" ".join(statement.split()))

    def on_commit(_conn) -> None:
        sent.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


def pending_article(database_url: str, url: str, key: str) -> int:
    with session_scope(database_url) as session:
        return insert_article_if_new(
            session=session, values={"url": url, "canonical_url": key, "publisher": "xinhua"}
        )


def test_an_article_row_is_written_once(settings, http_server: LocalServer) -> None:
    """Fetch, extract, dedup, classify, store: one UPDATE of the article, its raw page not read."""
    http_server.routes["/talks.html"] = Response(
        (DATA / "pages" / "xi_putin_talks.html").read_bytes()
    )
    article_id = pending_article(
        settings.database_url, http_server.url("/talks.html"), "https://x/talks"
    )

    with statements(settings.database_url) as sent, session_scope(settings.database_url) as s:
        outcome = process_article(session=s, article_id=article_id, settings=settings)

    assert outcome.status == ArticleStatus.stored
    updates = [s for s in sent if s.startswith("UPDATE article ")]
    raw_page_reads = [s for s in sent if s.startswith("SELECT") and "FROM raw_page" in s]
    commits = sent.count("COMMIT")
    if settings.is_sqlite:
        # SQLite has no row locks: the lease is an UPDATE committed before the fetch.
        assert (len(updates), commits) == (2, 2), sent
    else:
        assert (len(updates), commits) == (1, 1), sent
    assert raw_page_reads == []
    with session_scope(settings.database_url) as session:
        stored = session.get(Article, article_id)
        assert stored.text and stored.label and stored.next_attempt_at is None


def test_a_finished_or_waiting_article_is_not_claimed(settings) -> None:
    article_id = pending_article(settings.database_url, "http://127.0.0.1:9/a", "https://x/a")
    with session_scope(settings.database_url) as session:
        session.execute(update(Article).values(status="stored"))
    with session_scope(settings.database_url) as session:
        article, claimed = claim_article(session=session, article_id=article_id, settings=settings)
        assert (article.id, article.status, claimed) == (article_id, "stored", False)
        assert claim_article(session=session, article_id=10**9, settings=settings) == (None, False)


@pytest.mark.postgres
def test_the_claim_reads_one_row_whatever_the_statistics(postgres_url: str) -> None:
    """Statistics that say no article is pending must not turn the claim into a walk over the
    status index: it reads the one row by primary key."""
    truncate_postgres(postgres_url)
    settings = Settings(database_url=postgres_url)
    with session_scope(postgres_url) as session:
        session.execute(
            text(
                "INSERT INTO article (url, canonical_url, publisher, status, attempts, evidence, "
                "discovered_at, updated_at) SELECT 'http://x/' || n, 'https://x/' || n, 'x', "
                "'stored', 0, '[]', now(), now() FROM generate_series(1, 3000) AS n"
            )
        )
    with get_engine(postgres_url).connect() as connection:
        connection.execute(text("ANALYZE article"))
        connection.commit()
    with session_scope(postgres_url) as session:  # every row pending, the statistics not told
        session.execute(text("UPDATE article SET status = 'pending'"))
        target = session.execute(text("SELECT max(id) FROM article")).scalar_one()

    with statements(postgres_url) as sent, session_scope(postgres_url) as session:
        _article, claimed = claim_article(session=session, article_id=target, settings=settings)
        assert claimed
        claim = next(s for s in sent if "FOR UPDATE" in s)
        # Plan and run the very statement the claim sent, with its id.
        sql = re.sub(r"%\(\w+\)s(::\w+)?", str(target), claim)
        plan = session.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)).scalar_one()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    scans = list(_scans(plan[0]["Plan"]))
    assert scans and all(s.get("Index Name") == "article_pkey" for s in scans), scans
    assert all(s["Actual Rows"] <= 1 for s in scans)


def _scans(node: dict):
    if "Scan" in node["Node Type"]:
        yield node
    for child in node.get("Plans", []):
        yield from _scans(child)
