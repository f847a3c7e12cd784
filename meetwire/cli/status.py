"""`meetwire status`: what the corpus holds, what waits in the queue, and what failed lately."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from meetwire.cli.app import app
from meetwire.cli.common import out, ready_settings
from meetwire.cli.tables import Column, print_table

if TYPE_CHECKING:
    from meetwire.settings import Settings


@dataclass(frozen=True)
class QueueState:
    """Messages waiting in the broker and messages taken by workers but not yet acknowledged."""

    name: str
    waiting: int | None = None
    unacked: int | None = None
    error: str | None = None


@app.command("status")
def status_command(
    failures: int = typer.Option(5, "--failures", help="How many recent failures to show."),
    wide: bool = typer.Option(False, "--wide", help="Show every column, however wide."),
) -> None:
    """Articles by source and status, the queue, recent failures.

    Also the stored originals and meetings found; the queue when MEETWIRE_BROKER_URL is set.
    """
    from sqlmodel import func, select

    from models import Article, ArticleStatus, Meeting, Source, session_scope

    statuses = [status.value for status in ArticleStatus]
    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        counts = session.exec(
            select(Source.name, Article.status, func.count())
            .join(Source, Article.source_id == Source.id, isouter=True)
            .group_by(Source.name, Article.status)
        ).all()
        originals = session.exec(
            select(func.count())
            .select_from(Article)
            .where(Article.status == ArticleStatus.stored, Article.duplicate_of.is_(None))
        ).one()
        meetings = session.exec(select(func.count()).select_from(Meeting)).one()
        failing_sources = session.exec(
            select(Source.name, Source.consecutive_failures, Source.last_error)
            .where(Source.consecutive_failures > 0)
            .order_by(Source.last_polled_at.desc())
            .limit(failures)
        ).all()
        failed_articles = session.exec(
            select(Article.id, Article.url, Article.error)
            .where(Article.status == ArticleStatus.failed)
            .order_by(Article.updated_at.desc(), Article.id.desc())
            .limit(failures)
        ).all()
    by_source: dict[str, dict[str, int]] = {}
    for name, status, count in counts:
        by_source.setdefault(name or "(backfill)", {})[str(status)] = count
    rows = [
        [name, *(str(row.get(status, 0)) for status in statuses)]
        for name, row in sorted(by_source.items())
    ]
    totals = [sum(row.get(status, 0) for row in by_source.values()) for status in statuses]
    rows.append(["total", *map(str, totals)])
    # In a narrow terminal the counts a person looks at least (pending, skipped) go first.
    drop = {"skipped": 1, "pending": 2}
    columns = [
        Column("source"),
        *(Column(s, drop=drop.get(s, 0), justify="right") for s in statuses),
    ]
    print_table(out, columns, rows, wide=wide, title="articles", bold_last=True)
    out.print(f"stories (stored originals): {originals}    meetings: {meetings}")
    if settings.broker_url:
        queue = queue_state(settings)
        if queue.error:
            out.print(f"queue {queue.name}: {queue.error}", highlight=False)
        else:
            out.print(
                f"queue {queue.name}: {queue.waiting} waiting, "
                f"{queue.unacked} taken by workers (not yet acknowledged)",
                highlight=False,
            )
    if failing_sources:
        print_table(
            out,
            (Column("source"), Column("failures"), Column("last error", fold=True)),
            [[name, str(n), error or ""] for name, n, error in failing_sources],
            wide=wide,
            title="failing sources",
        )
    if failed_articles:
        print_table(
            out,
            (Column("article"), Column("reason", fold=True), Column("url", drop=1, fold=True)),
            [[str(i), error or "", url] for i, url, error in failed_articles],
            wide=wide,
            title="last failed articles",
        )


def queue_state(settings: Settings) -> QueueState:
    """The Celery queue's length in a Redis broker; an unreachable broker is reported, not fatal."""
    import json

    import redis

    name = settings.queue_name
    if not settings.broker_url.startswith(("redis://", "rediss://", "unix://")):
        return QueueState(name, error="queue lengths are read from a Redis broker only")
    try:
        client = redis.Redis.from_url(settings.broker_url, socket_connect_timeout=3)
        waiting = client.llen(name)
        # Celery's Redis transport keeps a queue as a list, and messages delivered but not yet
        # acknowledged (acks_late) in one `unacked` hash for all queues: [message, exchange, key].
        unacked = 0
        for _tag, raw in client.hscan_iter("unacked"):
            try:
                unacked += json.loads(raw)[2] == name
            except (ValueError, IndexError, TypeError):
                continue
        return QueueState(name, waiting=waiting, unacked=unacked)
    except redis.RedisError as exc:
        return QueueState(name, error=f"the broker is not reachable: {exc}")
