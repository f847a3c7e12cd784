"""Two worker processes deduplicating near-identical articles at once end with one original."""

import multiprocessing as mp
import random
from datetime import UTC, datetime

import psycopg
import pytest
from sqlmodel import Session

from meetwire.publishers import article_publisher
from meetwire.settings import Settings
from models import Article, ArticleStatus, get_engine
from worker.pipeline.dedup import deduplicate

pytestmark = pytest.mark.postgres

BODY = (
    "MOSCOW, March 21 (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
    "President Vladimir Putin at the Kremlin on Tuesday, and the two heads of state agreed to "
    "deepen the comprehensive strategic partnership of coordination for the new era. Xi said "
    "China and Russia should work together to uphold the international system with the United "
    "Nations at its core. Putin said Russia is ready to expand cooperation in energy, "
    "agriculture, transport and cross-border infrastructure with China. The two leaders also "
    "signed a joint statement on the economic cooperation plan until 2030."
)


def _article_pair(url: str, round_no: int) -> tuple[int, int]:
    """Two pending articles whose bodies differ by one word (near duplicates of each other only)."""
    # Forty words of its own keep each round's pair apart from the other rounds' articles.
    own = " ".join(random.Random(round_no).choices([f"w{i}" for i in range(5000)], k=40))
    body = f"{own}. {BODY}"
    with Session(get_engine(url), expire_on_commit=False) as session:
        ids = []
        for n, text in enumerate((body, body.replace("Tuesday", "Tuesday evening"))):
            link = f"https://example.com/{round_no}/{n}"
            article = Article(url=link, canonical_url=link, publisher=f"outlet{n}")
            session.add(article)
            session.flush()
            ids.append(article.id)
            article.text = text  # set after insert, as extraction does
        session.commit()
        return ids[0], ids[1]


def _dedup_worker(url: str, article_id: int, start, after, done, hold: bool) -> None:
    """One worker: deduplicate its article in one transaction, then commit.

    `after` (an event) makes it start only once the other worker has deduplicated; `hold` keeps
    the transaction open until the other worker is blocked on the advisory lock.
    """
    settings = Settings(database_url=url)
    with Session(get_engine(url)) as session:
        article = session.get(Article, article_id)
        article.title = "Xi, Putin hold talks"
        article.published_at = datetime(2023, 3, 21, 12, tzinfo=UTC)
        article.status = ArticleStatus.stored
        session.flush()
        start.wait()
        if after is not None:
            after.wait()
        publisher = article_publisher(article.url, article.publisher or None)
        deduplicate(session=session, article=article, settings=settings, publisher=publisher)
        if done is not None:
            done.set()
        if hold:
            # Without the lock the other worker would now read a corpus missing this article.
            _wait_for_lock_waiter(url)
        session.commit()


def _wait_for_lock_waiter(url: str, timeout: float = 20.0) -> None:
    deadline = datetime.now(UTC).timestamp() + timeout
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        while datetime.now(UTC).timestamp() < deadline:
            waiting = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()[0]
            if waiting:
                return
    raise AssertionError("the second worker never waited on the advisory lock")


def _outcome(url: str, ids: tuple[int, int]) -> list[tuple]:
    with Session(get_engine(url)) as session:
        rows = [session.get(Article, i) for i in ids]
        return sorted((r.duplicate_of is None, r.duplicate_of, r.duplicate_kind) for r in rows)


def _run(url: str, ids: tuple[int, int], *, ordered: bool) -> None:
    ctx = mp.get_context("spawn")
    start, deduped = ctx.Barrier(2), ctx.Event()
    first = ctx.Process(target=_dedup_worker, args=(url, ids[0], start, None, deduped, ordered))
    after = deduped if ordered else None
    second = ctx.Process(target=_dedup_worker, args=(url, ids[1], start, after, None, False))
    first.start()
    second.start()
    first.join(60)
    second.join(60)
    assert first.exitcode == 0 and second.exitcode == 0


def _assert_one_original(url: str, ids: tuple[int, int]) -> None:
    outcome = _outcome(url, ids)
    originals = [row for row in outcome if row[0]]
    duplicates = [row for row in outcome if not row[0]]
    assert len(originals) == 1 and len(duplicates) == 1, outcome
    assert duplicates[0][1] in ids and duplicates[0][2] == "near"


def test_racing_workers_end_with_one_original_and_one_duplicate(postgres_url: str) -> None:
    for round_no in range(4):
        ids = _article_pair(postgres_url, round_no)
        _run(postgres_url, ids, ordered=False)
        _assert_one_original(postgres_url, ids)


def test_second_worker_waits_for_the_first_to_commit(postgres_url: str) -> None:
    """The first holds its transaction open until the second is blocked on the lock."""
    ids = _article_pair(postgres_url, 100)
    _run(postgres_url, ids, ordered=True)
    _assert_one_original(postgres_url, ids)
    with Session(get_engine(postgres_url)) as session:
        second = session.get(Article, ids[1])
        assert second.duplicate_of == ids[0]
