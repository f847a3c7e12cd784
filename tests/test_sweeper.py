from datetime import timedelta

from models import Article, session_scope, utcnow
from worker.sweeper import stranded_article_ids


def _article(session, name: str, **fields) -> int:
    article = Article(url=f"http://x/{name}", canonical_url=f"https://x/{name}", **fields)
    session.add(article)
    session.flush()
    return article.id


def test_only_idle_pending_articles_are_resent_once(settings) -> None:
    now = utcnow()
    old = now - timedelta(hours=1)
    with session_scope(settings.database_url) as session:
        lost = _article(session, "lost", updated_at=old)
        _article(session, "fresh", updated_at=now)
        _article(session, "done", updated_at=old, status="stored")
        _article(session, "waiting", updated_at=old, next_attempt_at=now + timedelta(minutes=5))
        due = _article(session, "due", updated_at=old, next_attempt_at=now - timedelta(minutes=5))
    with session_scope(settings.database_url) as session:
        first = stranded_article_ids(session=session, settings=settings, now=now)
    with session_scope(settings.database_url) as session:
        second = stranded_article_ids(session=session, settings=settings, now=now)
    assert first == [lost, due]
    assert second == []
