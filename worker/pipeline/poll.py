"""Poll one source: fetch its document, read its entries, record new articles as pending."""

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import islice

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from meetwire.settings import Settings
from models import Article, PollEvent, Source, utcnow
from scheduler.policy import next_poll_at
from scheduler.publishers import canonical_url, publisher_for
from scheduler.sources import CLAIM_SECONDS
from worker.pipeline import netguard
from worker.pipeline.entries import EntriesError, Entry, parse_entries
from worker.pipeline.fetch import FetchError, fetch

log = logging.getLogger(__name__)

# Known canonical URLs are looked up this many entries at a time (one query per batch).
_LOOKUP_BATCH = 500
_OLDEST = datetime.min.replace(tzinfo=UTC)


class PollStatus(StrEnum):
    """How a poll ended; the value is what PollEvent.outcome stores."""

    ok = "ok"
    not_modified = "not_modified"
    failed = "failed"


@dataclass
class PollOutcome:
    """What one poll found; `new_article_ids` are the pending articles it created."""

    source_id: int
    source_name: str
    outcome: PollStatus
    entries_found: int = 0
    new_article_ids: list[int] = field(default_factory=list)
    error: str | None = None
    more_left: bool = False  # max_entries_per_poll was reached: the rest on the next poll


def poll_source(*, session: Session, source_id: int, settings: Settings) -> PollOutcome:
    """Fetch and read one source, record its state and a PollEvent; never raises on bad input.

    Any error in the poll (a hostile document, a bug) is recorded on the source, which backs
    off and is released, like a fetch error; only the database failing itself propagates.
    """
    source = session.get(Source, source_id)
    if source is None:
        return PollOutcome(
            source_id, "?", PollStatus.failed, error=f"no source with id {source_id}"
        )
    name = source.name
    started = time.monotonic()
    event = PollEvent(source_id=source_id, outcome=PollStatus.failed)
    seconds = poll_deadline(settings)
    what = f"the poll's deadline ({seconds:g}s, MEETWIRE_POLL_DEADLINE_SECONDS)"
    try:
        with netguard.deadline(seconds, what):
            outcome = _poll(session=session, source=source, settings=settings, event=event)
        _record_poll(source, settings)
    except (FetchError, EntriesError) as exc:
        outcome = PollOutcome(source_id, name, PollStatus.failed, error=str(exc))
        event.http_status = getattr(exc, "status_code", None)
        _record_poll(
            source, settings, error=str(exc), retry_after=getattr(exc, "retry_after", None)
        )
    except Exception as exc:  # a bad document or a bug must not crash the run or keep the claim
        log.exception("poll crashed source=%s", name)
        session.rollback()  # drop whatever the poll half-wrote; the source row reloads
        source = session.get(Source, source_id)
        message = f"internal error while polling: {type(exc).__name__}: {exc}"[:2000]
        outcome = PollOutcome(source_id, name, PollStatus.failed, error=message)
        event.http_status = None
        if source is not None:
            _record_poll(source, settings, error=message)
    event.outcome = outcome.outcome
    event.entries_found = outcome.entries_found
    event.articles_new = len(outcome.new_article_ids)
    event.error = outcome.error
    event.duration_ms = int((time.monotonic() - started) * 1000)
    session.add(event)
    if source is not None:
        session.add(source)
    session.flush()
    log.info(
        "polled source=%s outcome=%s entries=%d new=%d error=%s",
        name,
        outcome.outcome,
        outcome.entries_found,
        len(outcome.new_article_ids),
        outcome.error,
    )
    return outcome


def poll_deadline(settings: Settings) -> float:
    """Seconds a whole poll may take: the setting, and in any case well inside the claim."""
    return min(settings.poll_deadline_seconds, CLAIM_SECONDS * 0.9)


def _poll(*, session: Session, source: Source, settings: Settings, event: PollEvent) -> PollOutcome:
    result = fetch(
        source.url,
        settings=settings,
        etag=source.etag,
        last_modified=source.last_modified,
        expect="feed",
    )
    event.http_status = result.status_code
    if result.not_modified:
        return PollOutcome(source.id, source.name, PollStatus.not_modified)
    entries = parse_entries(result.body, source=source, settings=settings)
    new_ids, more_left = record_entries(
        session=session, source=source, entries=entries, limit=settings.max_entries_per_poll
    )
    left = netguard.remaining()
    finished = left is None or left[0] > 0  # a poll cut by its deadline read only part
    if not more_left and finished:
        # Validators only once everything was taken: a 304 must not hide the rest.
        source.etag, source.last_modified = result.etag, result.last_modified
    return PollOutcome(
        source.id, source.name, PollStatus.ok, len(entries), new_ids, more_left=more_left
    )


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first, then undated ones in document order."""
    return sorted(entries, key=lambda e: e.published_at or _OLDEST, reverse=True)


def record_entries(
    *, session: Session, source: Source, entries: list[Entry], limit: int | None = None
) -> tuple[list[int], bool]:
    """Insert a pending article per entry whose canonical URL is new, newest first, at most
    `limit`; return the new ids and whether new entries were left for the next poll."""
    publisher = publisher_for(source.url, source.publisher or None)
    new_ids: list[int] = []
    for batch in _batches(newest_first(entries), _LOOKUP_BATCH):
        keyed: dict[str, Entry] = {}
        for entry in batch:
            try:
                keyed.setdefault(canonical_url(entry.url, publisher), entry)
            except ValueError:  # "http://x:99999/": not an address any fetch could reach
                log.warning("skipped an entry with an unusable URL %r", entry.url[:200])
        known = set(
            session.exec(select(Article.canonical_url).where(Article.canonical_url.in_(keyed)))
        )
        for key, entry in keyed.items():
            if key in known:
                continue
            if limit is not None and len(new_ids) >= limit:
                return new_ids, True
            values = {
                "url": entry.url,
                "canonical_url": key,
                "source_id": source.id,
                "publisher": publisher.key,
                # PostgreSQL text cannot hold NUL; a title is no worse without one.
                "entry_title": entry.title.replace("\x00", "") if entry.title else None,
                "entry_published_at": entry.published_at,
            }
            article_id = insert_article_if_new(session=session, values=values)
            if article_id is not None:
                new_ids.append(article_id)
    return new_ids, False


def _batches(items: list[Entry], size: int) -> Iterator[list[Entry]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


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
