"""Process one article: fetch, extract, deduplicate, classify, store — recording every outcome."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, or_, select, update

from meetwire.publishers import Publisher, article_publisher
from meetwire.settings import Settings
from models import FINAL_STATUSES, Article, ArticleStatus, RawPage, session_scope, utcnow
from worker.pipeline.dedup import deduplicate
from worker.pipeline.extract import Extracted, ExtractionError, extract_article
from worker.pipeline.fetch import FetchError, FetchErrorKind, FetchResult, fetch
from worker.pipeline.meetings import classify_article
from worker.pipeline.rawstore import load_raw, save_raw
from worker.pipeline.retry import backoff_delay, is_transient

log = logging.getLogger(__name__)

BUSY = "another worker holds it, or its retry is not due yet"

# Fetch errors that mean "not an article for us" rather than "something broke".
SKIP_KINDS = frozenset({FetchErrorKind.disallowed, FetchErrorKind.not_html})


@dataclass(frozen=True)
class ArticleOutcome:
    """Where one article ended; `retry_in` is set when a transient failure should be retried."""

    article_id: int
    status: str
    error: str | None = None
    retry_in: float | None = None


FetchPage = Callable[[str], FetchResult]


def process_article(
    *,
    session: Session,
    article_id: int,
    settings: Settings,
    fetch_page: FetchPage | None = None,
) -> ArticleOutcome:
    """Run every stage for one pending article; idempotent for finished or claimed ones.

    `fetch_page` (url -> FetchResult, raising FetchError) lets a driver hand in a page it
    fetched ahead; by default the page is fetched here.
    """
    article, claimed = claim_article(session=session, article_id=article_id, settings=settings)
    if article is None:
        return ArticleOutcome(article_id, ArticleStatus.failed, f"no article with id {article_id}")
    if article.status in FINAL_STATUSES:
        return ArticleOutcome(article_id, article.status, article.error)
    if not claimed:
        return ArticleOutcome(article_id, ArticleStatus.pending, BUSY)
    try:
        if fetch_page is None:
            result = fetch(article.url, settings=settings, expect="html")
        else:
            result = fetch_page(article.url)
    except FetchError as exc:
        # Waiting for a busy host's turn is not a failed attempt: it must not use up retries.
        article.attempts += exc.kind != FetchErrorKind.throttled
        return _fetch_failed(session=session, article=article, error=exc, settings=settings)
    article.attempts += 1
    keep_raw_page(session=session, article=article, result=result, settings=settings)
    return analyse_article(
        session=session,
        article=article,
        html=result.text or "",
        settings=settings,
        final_url=result.final_url,
    )


def claim_article(
    *, session: Session, article_id: int, settings: Settings
) -> tuple[Article | None, bool]:
    """The article, and whether this worker took it: pending, its retry time come, not held.

    Found by primary key, so a claim reads one row however many are pending and whatever the
    planner's statistics say. On PostgreSQL the row lock (SKIP LOCKED) is the claim: held until
    this transaction ends, released by a worker that dies, no extra commit. SQLite has no row
    locks: there a lease is written and committed before the fetch.
    """
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        query = select(Article).where(Article.id == article_id).with_for_update(skip_locked=True)
        article = session.exec(query).first()
        if article is None:  # skipped: another worker holds it (or there is no such article)
            return session.get(Article, article_id), False
        return article, article.status == ArticleStatus.pending and _due(article, now)
    lease = now + timedelta(seconds=settings.article_lease_seconds)
    params = {"claim_id": article_id, "now": now, "lease": lease}
    article = session.execute(_LEASE, params).scalars().first()
    # Committed at once: the lease must be visible to other processes while this one fetches.
    session.commit()
    if article is None:
        return session.get(Article, article_id), False
    return article, True


def _lease_statement():
    """SQLite's claim, built once: set the lease on a due pending article, returning its row.

    A Core UPDATE loaded as an Article: the ORM's bulk-update path (evaluating the criteria
    against the session's objects) cost more than the statement itself.
    """
    table = Article.__table__
    lease = (
        update(table)
        .where(
            table.c.id == bindparam("claim_id"),
            table.c.status == ArticleStatus.pending.value,
            or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= bindparam("now")),
        )
        .values(next_attempt_at=bindparam("lease"))
        .returning(*table.c)
    )
    # An Article this session already holds takes the row as updated.
    return select(Article).from_statement(lease).execution_options(populate_existing=True)


_LEASE = _lease_statement()


def _due(article: Article, now: datetime) -> bool:
    return article.next_attempt_at is None or article.next_attempt_at <= now


def record_crash(*, database_url: str, article_id: int, error: BaseException) -> None:
    """Mark an article failed after an unexpected error, so one bad page never stalls the rest."""
    with session_scope(database_url) as session:
        article = session.get(Article, article_id)
        if article is not None and article.status not in FINAL_STATUSES:
            message = f"internal error while processing: {type(error).__name__}: {error}"
            _finish(session, article, ArticleStatus.failed, message[:2000])


def analyse_article(
    *,
    session: Session,
    article: Article,
    html: str,
    settings: Settings,
    final_url: str | None = None,
) -> ArticleOutcome:
    """Extract, deduplicate and classify an article from its HTML, then store it.

    `final_url` is where the fetch ended (after redirects); without it the kept raw page says.
    """
    # Resolved once here; extraction, deduplication and classification all read this one.
    publisher = article_publisher(article.url, article.publisher or None)
    try:
        extracted = extract_article(html, url=article.url, publisher=publisher)
    except ExtractionError as exc:
        return _finish(session, article, ArticleStatus.skipped, str(exc))
    # A pending article was never decided: it has no index rows to replace.
    first = article.status == ArticleStatus.pending
    # The article row is written once, at the end: queries on the way read other rows only.
    with session.no_autoflush:
        return _store(session, article, extracted, publisher, settings, final_url, first)


def _store(
    session: Session,
    article: Article,
    extracted: Extracted,
    publisher: Publisher,
    settings: Settings,
    final_url: str | None,
    first: bool,
) -> ArticleOutcome:
    article.title = extracted.title or article.entry_title
    article.text = extracted.text
    article.published_at = _published_at(
        extracted.published_at, article.entry_published_at, publisher
    )
    article.language = extracted.language
    article.author = extracted.author
    article.fetched_at = article.fetched_at or utcnow()
    article.status = ArticleStatus.stored
    # May mark it a duplicate.
    deduplicate(
        session=session,
        article=article,
        settings=settings,
        publisher=publisher,
        final_url=final_url,
        first=first,
    )
    classify_article(session=session, article=article, publisher=publisher)
    return _finish(session, article, article.status, None)


def _published_at(
    page: datetime | None, entry: datetime | None, publisher: Publisher
) -> datetime | None:
    """The page's publish day, at the feed's exact time when the feed agrees on the day."""
    if page is None or entry is None:
        return page or entry
    same_day = (
        page.astimezone(publisher.timezone).date() == entry.astimezone(publisher.timezone).date()
    )
    return entry if same_day else page


def keep_raw_page(
    *, session: Session, article: Article, result: FetchResult, settings: Settings
) -> None:
    """Store the response compressed, so `meetwire reprocess` can re-extract without fetching."""
    # A page is kept only with fetched_at set: an article never fetched has none to look up.
    earlier = session.get(RawPage, article.id) if article.fetched_at is not None else None
    page = earlier or RawPage(article_id=article.id, final_url="")
    page.final_url = result.final_url
    page.http_status = result.status_code
    page.content_type = result.content_type
    page.charset = result.charset
    save_raw(page=page, body=result.body, settings=settings)
    page.fetched_at = utcnow()
    article.http_status = result.status_code
    article.fetched_at = page.fetched_at
    session.add(page)


def raw_html(*, session: Session, article_id: int, settings: Settings) -> str | None:
    """The decoded HTML kept for an article (in the row or under MEETWIRE_RAW_DIR), if any."""
    page = session.get(RawPage, article_id)
    body = load_raw(page=page, settings=settings) if page is not None else None
    if body is None:
        return None
    return body.decode(page.charset or "utf-8", errors="replace")


def _fetch_failed(
    *, session: Session, article: Article, error: FetchError, settings: Settings
) -> ArticleOutcome:
    article.http_status = error.status_code
    if error.kind in SKIP_KINDS:
        return _finish(session, article, ArticleStatus.skipped, str(error))
    if is_transient(error) and article.attempts < settings.max_attempts:
        delay = backoff_delay(
            article.attempts,
            base=settings.retry_base_seconds,
            cap=settings.retry_cap_seconds,
            retry_after=error.retry_after,
        )
        article.error = str(error)
        article.next_attempt_at = utcnow() + timedelta(seconds=delay)
        article.updated_at = utcnow()
        session.add(article)
        session.flush()
        return ArticleOutcome(article.id, ArticleStatus.pending, str(error), retry_in=delay)
    if is_transient(error):
        message = f"gave up after {article.attempts} attempts: {error}"
        return _finish(session, article, ArticleStatus.failed, message)
    return _finish(session, article, ArticleStatus.failed, str(error))


def _finish(
    session: Session, article: Article, status: ArticleStatus, error: str | None
) -> ArticleOutcome:
    article.status = status
    article.error = error
    article.next_attempt_at = None
    article.updated_at = utcnow()
    session.add(article)
    log.info("processed article_id=%s status=%s error=%s", article.id, status, error)
    return ArticleOutcome(article.id, status, error)
