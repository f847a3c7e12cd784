"""Celery tasks: thin wrappers that load ids, call a pipeline stage and record the outcome."""

import logging

from celery import shared_task

from meetwire.settings import get_settings
from models import session_scope, utcnow
from scheduler.sources import claim_due_sources
from worker.pipeline.poll import poll_source as poll_source_stage
from worker.pipeline.process import process_article as process_article_stage
from worker.pipeline.process import record_crash
from worker.sweeper import stranded_article_ids

log = logging.getLogger(__name__)


@shared_task(name="meetwire.tick")
def tick() -> dict:
    """Beat's single periodic task: poll each due source once; re-send stranded articles."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        source_ids = claim_due_sources(session=session)
    for source_id in source_ids:
        poll_source.delay(source_id)
    with session_scope(settings.database_url) as session:
        stranded = stranded_article_ids(session=session, settings=settings, now=utcnow())
    for article_id in stranded:
        process_article.delay(article_id)
    return {"sources": len(source_ids), "requeued": len(stranded)}


@shared_task(name="meetwire.poll_source")
def poll_source(source_id: int) -> dict:
    """Poll one source and queue its new articles."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        outcome = poll_source_stage(session=session, source_id=source_id, settings=settings)
    for article_id in outcome.new_article_ids:
        process_article.delay(article_id)
    return {
        "source": outcome.source_name,
        "outcome": outcome.outcome,
        "new": len(outcome.new_article_ids),
        "error": outcome.error,
    }


@shared_task(name="meetwire.process_article", bind=True)
def process_article(self, article_id: int) -> dict:
    """Fetch, extract, deduplicate, classify and store one article."""
    settings = get_settings()
    try:
        with session_scope(settings.database_url) as session:
            outcome = process_article_stage(
                session=session, article_id=article_id, settings=settings
            )
    except Exception as exc:  # recorded on the article, so the sweeper does not resend it forever
        log.exception("processing failed article_id=%s task_id=%s", article_id, self.request.id)
        record_crash(database_url=settings.database_url, article_id=article_id, error=exc)
        return {"article_id": article_id, "status": "failed", "error": str(exc)}
    if outcome.retry_in is not None:
        # The row stays pending with next_attempt_at set, so a lost retry is re-sent by tick.
        process_article.apply_async((article_id,), countdown=outcome.retry_in)
    return {"article_id": article_id, "status": str(outcome.status), "error": outcome.error}
