"""The embedded one-shot job: poll every enabled source and process every new article in-process."""

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import select

from meetwire.settings import Settings
from models import Article, ArticleStatus, Source, session_scope, utcnow
from worker.pipeline.fetch import FetchResult, fetch
from worker.pipeline.poll import PollOutcome, enabled_source_ids, poll_source
from worker.pipeline.process import BUSY, ArticleOutcome, process_article, record_crash
from worker.pipeline.retry import backoff_delay
from worker.safely import Crash, run_safely, try_release_claim, with_retries

log = logging.getLogger(__name__)

# Pages fetched ahead of the article being extracted: one hides the fetch behind extraction;
# two absorb an uneven page. Each holds one response body in memory.
FETCH_AHEAD = 2


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
    # Articles another process holds (or whose retry is not due): id → until when.
    held: dict[int, datetime | None] = field(default_factory=dict)
    # Articles left pending because the database kept failing; the next run takes them.
    database_faults: int = 0

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

    def enabled_now() -> tuple[list[int], dict[str, list[int]]]:
        with session_scope(settings.database_url) as session:
            ids = enabled_source_ids(session=session)
            return ids, sources_by_host(session=session, source_ids=ids)

    source_ids, by_host = _retrying(settings, enabled_now)
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
        on_polled(_poll_one(source_id, settings))


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

    def pending_now() -> dict[int, PendingArticle]:
        with session_scope(settings.database_url) as session:
            return pending_articles(session=session)

    pending = _retrying(settings, pending_now)
    progress.start("articles", len(pending))
    waiting = [(0.0, article_id) for article_id in pending]
    faults: Counter = Counter()
    with FetchAhead(settings) as ahead:
        while waiting:
            waiting.sort()
            due, article_id = waiting.pop(0)
            # The first pass goes in id order: its next pages are fetched while this one is
            # extracted. Retries (after their backoff) fetch when their time comes.
            ahead.prefetch([pending[i].url for when, i in waiting[:FETCH_AHEAD] if when == 0.0])
            wait = due - time.monotonic()
            if wait > 0:
                sleep(wait)
            started = utcnow()
            try:
                outcome = _process_one(article_id, settings, ahead.fetch)
            except BaseException:
                # Ctrl-C, SIGTERM or an unusable database: the next run must not find it claimed.
                _release(settings, article_id, started)
                raise
            if isinstance(outcome, Crash):
                _release(settings, article_id, started)
                faults[article_id] += 1
                if faults[article_id] <= settings.db_retry_max:
                    delay = backoff_delay(
                        faults[article_id],
                        base=settings.db_retry_base_seconds,
                        cap=settings.db_retry_cap_seconds,
                    )
                    waiting.append((time.monotonic() + delay, article_id))
                else:
                    summary.database_faults += 1
                    progress.advance("articles")
                continue
            if outcome.error == BUSY:
                summary.held[article_id] = _held_until(settings, article_id)
            if outcome.retry_in is not None:
                waiting.append((time.monotonic() + outcome.retry_in, article_id))
                continue
            _tally_article(summary, pending[article_id].source_name, outcome)
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


class FetchAhead:
    """Fetches pages on a background thread, so the network overlaps the extraction.

    The thread is a daemon: on Ctrl-C or an error, a fetch in flight (a slow or silent server)
    must not hold the exit; the claim is given back by the caller.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._pages: dict[str, Future] = {}
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="fetch-ahead", daemon=True)
        self._thread.start()

    def prefetch(self, urls: list[str]) -> None:
        for url in urls:
            if url not in self._pages:
                self._pages[url] = future = Future()
                self._todo.put((url, future))

    def fetch(self, url: str) -> FetchResult:
        """The page fetched ahead for `url` (its FetchError raised here), else fetched now."""
        page = self._pages.pop(url, None)
        return page.result() if page is not None else self._get(url)

    def _get(self, url: str) -> FetchResult:
        return fetch(url, settings=self._settings, expect="html")

    def _work(self) -> None:
        while (item := self._todo.get()) is not None:
            url, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._get(url))
            except BaseException as exc:  # handed to whoever asks for the page
                future.set_exception(exc)

    def __enter__(self) -> "FetchAhead":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        for page in self._pages.values():
            page.cancel()
        self._todo.put(None)
        if exc_type is None:
            self._thread.join()


def _process_one(
    article_id: int, settings: Settings, fetch_page: Callable[[str], FetchResult] | None = None
) -> ArticleOutcome | Crash:
    """Process one article; a bug fails that article, a database fault comes back to retry."""

    def stage() -> ArticleOutcome:
        with session_scope(settings.database_url) as session:
            return process_article(
                session=session, article_id=article_id, settings=settings, fetch_page=fetch_page
            )

    def mark_failed(error: BaseException) -> None:
        record_crash(database_url=settings.database_url, article_id=article_id, error=error)

    outcome = run_safely(stage, what=f"article {article_id}", on_bug=mark_failed)
    if isinstance(outcome, Crash) and not outcome.transient:
        return ArticleOutcome(article_id, ArticleStatus.failed, outcome.message)
    return outcome


def _poll_one(source_id: int, settings: Settings) -> PollOutcome:
    """Poll one source; a crash or a database fault is that source's failure, not the run's."""

    def stage() -> PollOutcome:
        with session_scope(settings.database_url) as session:
            return poll_source(session=session, source_id=source_id, settings=settings)

    outcome = run_safely(stage, what=f"poll of source {source_id}", on_bug=lambda exc: None)
    if isinstance(outcome, Crash):
        return PollOutcome(source_id, f"source {source_id}", "failed", error=outcome.message)
    return outcome


def _release(settings: Settings, article_id: int, started: datetime) -> None:
    try_release_claim(
        database_url=settings.database_url,
        article_id=article_id,
        claimed_after=started,
        lease_seconds=settings.article_lease_seconds,
    )


def _held_until(settings: Settings, article_id: int) -> datetime | None:
    """Until when a busy article (claimed by another process) is held."""

    def read() -> datetime | None:
        with session_scope(settings.database_url) as session:
            article = session.get(Article, article_id)
            return article.next_attempt_at if article else None

    return _retrying(settings, read)


def _retrying(settings: Settings, step):
    return with_retries(
        step,
        attempts=settings.db_retry_max,
        base=settings.db_retry_base_seconds,
        cap=settings.db_retry_cap_seconds,
    )


@dataclass(frozen=True)
class PendingArticle:
    """What the runner needs of a pending article besides its id: where to fetch it and
    which source to count it under."""

    url: str
    source_name: str


def pending_articles(*, session) -> dict[int, PendingArticle]:
    """Articles not yet finished, oldest first, read in one query."""
    query = (
        select(Article.id, Article.url, Article.source_id, Source.name)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.status == ArticleStatus.pending)
        .order_by(Article.id)
    )
    return {
        article_id: PendingArticle(url, _source_name(source_id, name))
        for article_id, url, source_id, name in session.exec(query)
    }


def _source_name(source_id: int | None, name: str | None) -> str:
    if source_id is None:
        return "(backfill)"
    return name or "(deleted source)"


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
