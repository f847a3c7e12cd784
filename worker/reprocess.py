"""Re-extract stored articles from their kept raw pages, without fetching anything."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from meetwire.settings import Settings
from models import FINAL_STATUSES, Article, RawPage, Source, session_scope
from worker.pipeline.process import analyse_article, raw_html
from worker.pipeline.rawstore import RawStoreError
from worker.runner import Progress


class UnknownSource(ValueError):
    """`--source NAME` names no source."""


@dataclass
class ReprocessReport:
    """How many finished articles were selected, re-analysed (by new status) or left alone."""

    selected: int = 0
    statuses: Counter = field(default_factory=Counter)
    without_raw: list[int] = field(default_factory=list)  # article ids with no kept page
    unreadable: dict[int, str] = field(default_factory=dict)  # article id -> why


def reprocess(
    *,
    settings: Settings,
    source_name: str | None = None,
    since: datetime | None = None,
    progress: Progress | None = None,
) -> ReprocessReport:
    """Run extraction, dedup and classification again over each selected article's raw page."""
    progress = progress or Progress()
    with session_scope(settings.database_url) as session:
        ids = select_articles(session=session, source_name=source_name, since=since)
    report = ReprocessReport(selected=len(ids))
    progress.start("reprocess", len(ids))
    for article_id in ids:  # oldest first, so originals are seen before their duplicates
        with session_scope(settings.database_url) as session:
            _reprocess_one(session, article_id, settings, report)
        progress.advance("reprocess")
    return report


def select_articles(
    *, session: Session, source_name: str | None = None, since: datetime | None = None
) -> list[int]:
    """Finished articles, of one source and fetched since a time if asked, in id order."""
    query = select(Article.id).where(Article.status.in_([str(s) for s in FINAL_STATUSES]))
    if source_name is not None:
        source_id = session.exec(select(Source.id).where(Source.name == source_name)).first()
        if source_id is None:
            raise UnknownSource(f"no source named {source_name!r} (see `meetwire sources list`)")
        query = query.where(Article.source_id == source_id)
    if since is not None:
        query = query.where(Article.fetched_at >= since)
    return list(session.exec(query.order_by(Article.id)))


def _reprocess_one(
    session: Session, article_id: int, settings: Settings, report: ReprocessReport
) -> None:
    article = session.get(Article, article_id)
    if article is None or session.get(RawPage, article_id) is None:
        report.without_raw.append(article_id)
        return
    try:
        html = raw_html(session=session, article_id=article_id, settings=settings)
    except RawStoreError as exc:
        report.unreadable[article_id] = str(exc)
        return
    if html is None:
        report.without_raw.append(article_id)
        return
    _forget_derived(article)
    outcome = analyse_article(session=session, article=article, html=html, settings=settings)
    report.statuses[str(outcome.status)] += 1


def _forget_derived(article: Article) -> None:
    """Drop what the stages derived last time, so they judge the new extraction afresh."""
    article.error = None
    article.content_hash = None
    article.minhash = None
    article.duplicate_of = None
    article.duplicate_kind = None
    article.similarity = None
