"""Celery tasks: thin wrappers that load ids, call a pipeline stage and record the outcome.

Each task returns one short sentence (what happened) and is sent with an `argsrepr` naming its
source or article, so Flower's task list reads "article 12 https://…" → "stored, meeting".
"""

import logging
from collections.abc import Iterable

from celery import shared_task
from sqlmodel import select

from meetwire.settings import Settings, get_settings
from models import Article, ArticleStatus, Source, session_scope, utcnow
from scheduler.sources import claim_due_sources
from worker.pipeline.poll import poll_source as poll_source_stage
from worker.pipeline.process import ArticleOutcome, record_crash
from worker.pipeline.process import process_article as process_article_stage
from worker.pipeline.retry import backoff_delay
from worker.safely import Crash, run_safely, try_release_claim
from worker.sweeper import stranded_article_ids

log = logging.getLogger(__name__)

# Flower shows a task's arguments and result cut to this many characters; longer is noise.
SHORT = 160


@shared_task(name="meetwire.tick")
def tick() -> str:
    """Beat's single periodic task: poll each due source once; re-send stranded articles."""
    settings = get_settings()

    def claim() -> tuple[list[int], list[int]]:
        with session_scope(settings.database_url) as session:
            source_ids = claim_due_sources(session=session)
        with session_scope(settings.database_url) as session:
            stranded = stranded_article_ids(session=session, settings=settings, now=utcnow())
        return source_ids, stranded

    claimed = run_safely(claim, what="tick", on_bug=lambda exc: None)
    if isinstance(claimed, Crash):
        # Nothing was sent; the next tick claims the same sources and articles.
        return f"skipped: {claimed.message}"[:SHORT]
    source_ids, stranded = claimed
    send_polls(settings, source_ids)
    send_articles(settings, stranded)
    return f"{len(source_ids)} sources due, {len(stranded)} stranded articles re-sent"


@shared_task(name="meetwire.poll_source", bind=True)
def poll_source(self, source_id: int) -> str:
    """Poll one source and queue its new articles."""
    settings = get_settings()

    def stage():
        with session_scope(settings.database_url) as session:
            return poll_source_stage(session=session, source_id=source_id, settings=settings)

    outcome = run_safely(stage, what=f"poll of source {source_id}", on_bug=lambda exc: None)
    if isinstance(outcome, Crash):
        if outcome.transient:
            return retry_after_database_fault(self, settings, outcome)
        return f"crashed: {outcome.message}"[:SHORT]
    send_articles(settings, outcome.new_article_ids)
    new = len(outcome.new_article_ids)
    summary = f"{outcome.outcome}, {outcome.entries_found} found, {new} new"
    return (summary + (f": {outcome.error}" if outcome.error else ""))[:SHORT]


@shared_task(name="meetwire.process_article", bind=True)
def process_article(self, article_id: int) -> str:
    """Fetch, extract, deduplicate, classify and store one article."""
    settings = get_settings()
    started = utcnow()

    def stage() -> ArticleOutcome:
        with session_scope(settings.database_url) as session:
            return process_article_stage(session=session, article_id=article_id, settings=settings)

    def mark_failed(error: BaseException) -> None:
        record_crash(database_url=settings.database_url, article_id=article_id, error=error)

    outcome = run_safely(stage, what=f"article {article_id}", on_bug=mark_failed)
    if isinstance(outcome, Crash):
        if not outcome.transient:
            return f"failed: internal error: {outcome.message}"[:SHORT]
        # Give the claim back so the retry (or another worker) need not wait for the lease.
        try_release_claim(
            database_url=settings.database_url,
            article_id=article_id,
            claimed_after=started,
            lease_seconds=settings.article_lease_seconds,
        )
        return retry_after_database_fault(self, settings, outcome)
    if outcome.retry_in is not None:
        # The row stays pending with next_attempt_at set, so a lost retry is re-sent by tick.
        send_articles(settings, [article_id], countdown=outcome.retry_in)
    return describe(settings, outcome)


def retry_after_database_fault(task, settings: Settings, crash: Crash) -> str:
    """Retry the task with backoff; past `db_retry_max` leave the work to the sweeper."""
    retries = task.request.retries
    if retries >= settings.db_retry_max:
        # Not failed: the article stays pending and tick re-sends it once the database is back.
        log.error("giving up on task %s after %d database errors", task.request.id, retries)
        return f"left pending after {retries} database errors: {crash.message}"[:SHORT]
    delay = backoff_delay(
        retries + 1, base=settings.db_retry_base_seconds, cap=settings.db_retry_cap_seconds
    )
    raise task.retry(countdown=delay, max_retries=settings.db_retry_max)


def describe(settings: Settings, outcome: ArticleOutcome) -> str:
    """What became of an article, in a few words: Flower's result column."""
    if outcome.retry_in is not None:
        return f"retry in {outcome.retry_in:.0f} s: {outcome.error}"[:SHORT]
    if outcome.status in (ArticleStatus.pending, ArticleStatus.skipped, ArticleStatus.failed):
        return f"{outcome.status}: {outcome.error}"[:SHORT]
    try:
        with session_scope(settings.database_url) as session:
            article = session.get(Article, outcome.article_id)
    except Exception as exc:  # the article is done; only its description is missing
        log.warning("cannot describe article %s: %s", outcome.article_id, exc)
        article = None
    if article is None:
        return str(outcome.status)
    if article.status == ArticleStatus.duplicate:
        return f"duplicate of {article.duplicate_of} ({article.duplicate_kind})"
    where = ", ".join(
        str(part) for part in (article.meeting_city, article.meeting_date) if part is not None
    )
    return f"stored, classified as {article.label}" + (f" ({where})" if where else "")


def send_articles(
    settings: Settings, article_ids: Iterable[int], countdown: float | None = None
) -> None:
    """Queue process_article for each id, labelled with its URL for Flower."""
    ids = list(article_ids)
    if not ids:
        return
    urls = _labels(settings, select(Article.id, Article.url).where(Article.id.in_(ids)))
    for article_id in ids:
        label = f"article {article_id} {urls.get(article_id, '')}".strip()[:SHORT]
        process_article.apply_async((article_id,), countdown=countdown, argsrepr=label)


def send_polls(settings: Settings, source_ids: Iterable[int]) -> None:
    """Queue poll_source for each id, labelled with the source's name for Flower."""
    ids = list(source_ids)
    if not ids:
        return
    names = _labels(settings, select(Source.id, Source.name).where(Source.id.in_(ids)))
    for source_id in ids:
        label = f"source {source_id} {names.get(source_id, '')}".strip()[:SHORT]
        poll_source.apply_async((source_id,), argsrepr=label)


def _labels(settings: Settings, query) -> dict[int, str]:
    """id → URL or name for Flower; a database fault only leaves the labels out."""
    try:
        with session_scope(settings.database_url) as session:
            return dict(session.exec(query).all())
    except Exception as exc:  # labels are cosmetic: the ids alone are the message
        log.warning("no labels for the queued tasks: %s", exc)
        return {}
