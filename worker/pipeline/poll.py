"""Poll one source: fetch its document, read its entries, record new articles as pending."""

import logging
import time
from dataclasses import dataclass, field

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from meetwire.publishers import canonical_url, publisher_for
from meetwire.settings import Settings
from models import Article, PollEvent, Source, utcnow
from scheduler.policy import next_poll_at
from worker.pipeline.entries import EntriesError, Entry, parse_entries
from worker.pipeline.fetch import FetchError, fetch

log = logging.getLogger(__name__)


@dataclass
class PollOutcome:
    """What one poll found; `new_article_ids` are the pending articles it created."""

    source_id: int
    source_name: str
    outcome: str  # ok | not_modified | failed
    entries_found: int = 0
    new_article_ids: list[int] = field(default_factory=list)
    error: str | None = None


def poll_source(*, session: Session, source_id: int, settings: Settings) -> PollOutcome:
    """Fetch and read one source, record its state and a PollEvent; never raises on bad input."""
    source = session.get(Source, source_id)
    if source is None:
        return PollOutcome(source_id, "?", "failed", error=f"no source with id {source_id}")
    started = time.monotonic()
    event = PollEvent(source_id=source_id, outcome="failed")
    try:
        result = fetch(
            source.url,
            settings=settings,
            etag=source.etag,
            last_modified=source.last_modified,
            expect="feed",
        )
        event.http_status = result.status_code
        if result.not_modified:
            outcome = PollOutcome(source_id, source.name, "not_modified")
        else:
            entries = parse_entries(result.body, source=source, settings=settings)
            new_ids = record_entries(session=session, source=source, entries=entries)
            outcome = PollOutcome(source_id, source.name, "ok", len(entries), new_ids)
            source.etag, source.last_modified = result.etag, result.last_modified
        _record_poll(source, settings)
    except (FetchError, EntriesError) as exc:
        outcome = PollOutcome(source_id, source.name, "failed", error=str(exc))
        retry_after = getattr(exc, "retry_after", None)
        event.http_status = getattr(exc, "status_code", None)
        _record_poll(source, settings, error=str(exc), retry_after=retry_after)
    event.outcome = outcome.outcome
    event.entries_found = outcome.entries_found
    event.articles_new = len(outcome.new_article_ids)
    event.error = outcome.error
    event.duration_ms = int((time.monotonic() - started) * 1000)
    session.add(event)
    session.add(source)
    session.flush()
    log.info(
        "polled source=%s outcome=%s entries=%d new=%d error=%s",
        source.name,
        outcome.outcome,
        outcome.entries_found,
        len(outcome.new_article_ids),
        outcome.error,
    )
    return outcome


def record_entries(*, session: Session, source: Source, entries: list[Entry]) -> list[int]:
    """Insert a pending article per entry whose canonical URL is new; return the new ids."""
    publisher = publisher_for(source.url, source.publisher or None)
    new_ids = []
    for entry in entries:
        key = canonical_url(entry.url, publisher)
        values = {
            "url": entry.url,
            "canonical_url": key,
            "source_id": source.id,
            "publisher": publisher.key,
            "entry_title": entry.title,
            "entry_published_at": entry.published_at,
        }
        article_id = insert_article_if_new(session=session, values=values)
        if article_id is not None:
            new_ids.append(article_id)
    return new_ids


def insert_article_if_new(*, session: Session, values: dict) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING on the canonical URL; the new id, or None if known."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    row = {
        "status": "pending",
        "discovered_at": now,
        "updated_at": now,
        "evidence": [],
        "attempts": 0,
        **values,
    }
    statement = (
        insert(Article)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(Article.id)
    )
    return session.exec(statement).scalar_one_or_none()


def _record_poll(
    source: Source,
    settings: Settings,
    *,
    error: str | None = None,
    retry_after: float | None = None,
) -> None:
    """Store a poll's outcome on the source; a success resets the failure count and error."""
    now = utcnow()
    source.last_polled_at = now
    source.claimed_until = None
    if error is None:
        source.last_success_at = now
        source.consecutive_failures = 0
        source.last_status = "ok"
    else:
        source.consecutive_failures += 1
        source.last_status = "failed"
    source.last_error = error
    source.next_poll_at = next_poll_at(
        now=now,
        interval_seconds=source.interval_seconds,
        consecutive_failures=source.consecutive_failures,
        max_backoff_seconds=settings.max_backoff_seconds,
        retry_after_seconds=retry_after,
    )


def enabled_source_ids(*, session: Session) -> list[int]:
    """Every enabled source, in id order."""
    return list(session.exec(select(Source.id).where(Source.enabled).order_by(Source.id)))
