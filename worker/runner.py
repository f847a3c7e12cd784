"""The embedded one-shot job: poll every enabled source and process every new article in-process."""

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlmodel import select

from meetwire.settings import Settings
from models import Article, ArticleStatus, Source, session_scope
from worker.pipeline.poll import PollOutcome, enabled_source_ids, poll_source
from worker.pipeline.process import ArticleOutcome, process_article, record_crash

log = logging.getLogger(__name__)


@dataclass
class SourceTally:
    """Per-source counts for the closing summary."""

    found: int = 0
    new: int = 0
    statuses: Counter = field(default_factory=Counter)
    poll_error: str | None = None
    poll: str = ""  # ok | not_modified | failed; empty when the source was not polled
    article_ids: list[int] = field(default_factory=list)


@dataclass
class RunSummary:
    """What one run did, by source."""

    sources: dict[str, SourceTally] = field(default_factory=dict)

    def totals(self) -> Counter:
        total: Counter = Counter()
        for tally in self.sources.values():
            total["found"] += tally.found
            total["new"] += tally.new
            total.update(tally.statuses)
        return total


class Progress:
    """What the runner reports while it works; the CLI draws it as a progress bar."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, phase: str) -> None: ...


def run_once(*, settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Poll each enabled source once, then process every pending article until it is final."""
    progress = progress or Progress()
    summary = RunSummary()
    with session_scope(settings.database_url) as session:
        source_ids = enabled_source_ids(session=session)
        by_host = sources_by_host(session=session, source_ids=source_ids)
    progress.start("poll", len(source_ids))
    lock = threading.Lock()

    def polled(outcome: PollOutcome) -> None:
        with lock:
            _tally_poll(summary, outcome)
            progress.advance("poll")

    poll_hosts(by_host, settings=settings, on_polled=polled)
    process_pending(settings=settings, progress=progress, summary=summary)
    return summary


def poll_hosts(
    by_host: dict[str, list[int]],
    *,
    settings: Settings,
    on_polled: Callable[[PollOutcome], None],
) -> None:
    """Poll several hosts at once (settings.poll_concurrency), each host's sources one after
    another, so unreachable hosts cost one timeout together rather than one each.

    Daemon threads: Ctrl-C ends the run at once instead of waiting out polls in flight.
    """
    groups: queue.Queue[list[int]] = queue.Queue()
    for ids in by_host.values():
        groups.put(ids)
    done: queue.Queue[BaseException | None] = queue.Queue()

    def work() -> None:
        while True:
            try:
                ids = groups.get_nowait()
            except queue.Empty:
                return
            try:
                _poll_one_host(ids, settings, on_polled)
                done.put(None)
            except BaseException as exc:  # handed to the caller's thread
                done.put(exc)

    for _ in range(min(settings.poll_concurrency, len(by_host))):
        threading.Thread(target=work, name="poll", daemon=True).start()
    for _ in range(len(by_host)):
        error = done.get()
        if error is not None:  # only a database failure gets here; the poll records the rest
            raise error


def _poll_one_host(
    source_ids: list[int], settings: Settings, on_polled: Callable[[PollOutcome], None]
) -> None:
    for source_id in source_ids:
        with session_scope(settings.database_url) as session:
            outcome = poll_source(session=session, source_id=source_id, settings=settings)
        on_polled(outcome)


def sources_by_host(*, session, source_ids: list[int]) -> dict[str, list[int]]:
    """Source ids grouped by the host of their URL, in id order within a host."""
    groups: dict[str, list[int]] = {}
    for source_id in source_ids:
        source = session.get(Source, source_id)
        host = (urlsplit(source.url).hostname or "") if source is not None else ""
        groups.setdefault(host, []).append(source_id)
    return groups


def process_pending(
    *,
    settings: Settings,
    progress: Progress | None = None,
    summary: RunSummary | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunSummary:
    """Process pending articles; transient failures are retried in-process after their backoff."""
    progress = progress or Progress()
    summary = summary or RunSummary()
    with session_scope(settings.database_url) as session:
        pending = pending_article_ids(session=session)
    progress.start("articles", len(pending))
    queue = [(0.0, article_id) for article_id in pending]
    while queue:
        queue.sort()
        due, article_id = queue.pop(0)
        wait = due - time.monotonic()
        if wait > 0:
            sleep(wait)
        outcome = _process_one(article_id, settings)
        with session_scope(settings.database_url) as session:
            source_name = _source_name(session, article_id)
        if outcome.retry_in is not None:
            queue.append((time.monotonic() + outcome.retry_in, article_id))
            continue
        _tally_article(summary, source_name, outcome)
        progress.advance("articles")
    settle_statuses(summary, settings=settings)
    return summary


def settle_statuses(summary: RunSummary, *, settings: Settings) -> None:
    """Count each processed article by its status now, as `meetwire status` does.

    A later article of the same run can change an earlier one (a wire update makes it a version
    duplicate), so the statuses seen while processing are not the final ones.
    """
    ids = [i for tally in summary.sources.values() for i in tally.article_ids]
    if not ids:
        return
    final: dict[int, str] = {}
    with session_scope(settings.database_url) as session:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = session.exec(select(Article.id, Article.status).where(Article.id.in_(chunk)))
            final.update((article_id, str(status)) for article_id, status in rows)
    for tally in summary.sources.values():
        tally.statuses = Counter(final[i] for i in tally.article_ids if i in final)


def _process_one(article_id: int, settings: Settings) -> ArticleOutcome:
    """Process one article; an unexpected error fails that article, not the whole run."""
    try:
        with session_scope(settings.database_url) as session:
            return process_article(session=session, article_id=article_id, settings=settings)
    except Exception as exc:  # a bug or a hostile page must not stop the batch
        log.exception("processing failed article_id=%s", article_id)
        record_crash(database_url=settings.database_url, article_id=article_id, error=exc)
        return ArticleOutcome(article_id, ArticleStatus.failed, str(exc))


def pending_article_ids(*, session, limit: int | None = None) -> list[int]:
    """Articles not yet finished, oldest first."""
    query = select(Article.id).where(Article.status == ArticleStatus.pending).order_by(Article.id)
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))


def _source_name(session, article_id: int) -> str:
    article = session.get(Article, article_id)
    if article is None or article.source_id is None:
        return "(backfill)"
    source = session.get(Source, article.source_id)
    return source.name if source else "(deleted source)"


def _tally_poll(summary: RunSummary, outcome: PollOutcome) -> None:
    tally = summary.sources.setdefault(outcome.source_name, SourceTally())
    tally.found += outcome.entries_found
    tally.new += len(outcome.new_article_ids)
    tally.poll_error = outcome.error
    tally.poll = outcome.outcome


def _tally_article(summary: RunSummary, source_name: str, outcome: ArticleOutcome) -> None:
    tally = summary.sources.setdefault(source_name, SourceTally())
    tally.statuses[str(outcome.status)] += 1
    tally.article_ids.append(outcome.article_id)
