"""Find articles whose queue message was lost: the database, not the queue, is the truth."""

from datetime import datetime, timedelta

from sqlmodel import Session, or_, select, update

from meetwire.settings import Settings
from models import Article, ArticleStatus


def stranded_article_ids(
    *, session: Session, settings: Settings, now: datetime, limit: int = 1000
) -> list[int]:
    """Claim pending articles idle for `requeue_after_seconds` whose retry time has come."""
    cutoff = now - timedelta(seconds=settings.requeue_after_seconds)
    query = (
        select(Article.id)
        .where(
            Article.status == ArticleStatus.pending,
            Article.updated_at < cutoff,
            or_(Article.next_attempt_at.is_(None), Article.next_attempt_at <= now),
        )
        .order_by(Article.id)
        .limit(limit)
        # A worker processing an article holds its row (PostgreSQL): it is not stranded.
        .with_for_update(skip_locked=True)
    )
    ids = list(session.exec(query))
    if ids:
        # Touching them keeps the next tick from sending the same articles again.
        session.exec(update(Article).where(Article.id.in_(ids)).values(updated_at=now))
    return ids
