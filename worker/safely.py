"""Run a pipeline stage for a driver (Celery task or embedded runner) and sort out its crash.

A crash is one of three things: a transient database fault (a dropped connection, a
serialization failure, a restarting server), which is retried and never fails the article; a
database the process cannot use at all (a read-only SQLite file), which stops the driver; or a
bug in the stage, which is recorded on the article so one bad page never stalls the rest.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import exc as sa_exc
from sqlmodel import update
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from models import Article, ArticleStatus, session_scope, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLSTATE codes (and classes) that say "try again": 08 connection exception, 40 transaction
# rollback (serialization failure, deadlock), 53300 too many connections, 57P01-57P03 the server
# is shutting down, crashed or starting (pg_terminate_backend gives 57P01 AdminShutdown).
_TRANSIENT_SQLSTATE_CLASSES = ("08", "40")
_TRANSIENT_SQLSTATES = frozenset({"53300", "57P01", "57P02", "57P03", "55P03"})
# SQLite says "locked" or "busy" when another writer outlasted the busy timeout.
_SQLITE_TRANSIENT = ("database is locked", "database is busy", "database table is locked")
# SQLite errors no retry can mend: the operator has to fix the file or its folder.
_SQLITE_FATAL = (
    "readonly database",
    "unable to open database file",
    "disk i/o error",
    "database or disk is full",
)


@dataclass(frozen=True)
class Crash:
    """A stage that raised: `transient` ones are retried; the others were recorded as failed."""

    error: BaseException
    transient: bool

    @property
    def message(self) -> str:
        return f"{type(self.error).__name__}: {self.error}"


def _dbapi_error(error: BaseException) -> BaseException | None:
    """The driver's own exception behind a SQLAlchemy error (or the error itself)."""
    if isinstance(error, sa_exc.DBAPIError):
        return error.orig
    module = type(error).__module__
    return error if module.startswith(("psycopg", "sqlite3")) else None


def is_transient_database_error(error: BaseException) -> bool:
    """Whether a retry may succeed: lost connections, serialization failures, busy databases."""
    for candidate in (error, error.__cause__):
        if candidate is None:
            continue
        if isinstance(candidate, sa_exc.DBAPIError) and candidate.connection_invalidated:
            return True
        if isinstance(candidate, sa_exc.DisconnectionError | sa_exc.TimeoutError):
            return True  # a pool checkout that failed, or a pool exhausted for a moment
        orig = _dbapi_error(candidate)
        if orig is None:
            continue
        sqlstate = getattr(orig, "sqlstate", None)
        if sqlstate:
            if sqlstate in _TRANSIENT_SQLSTATES or sqlstate.startswith(_TRANSIENT_SQLSTATE_CLASSES):
                return True
            continue
        text = str(orig).lower()
        if type(orig).__module__.startswith("sqlite3"):
            if any(marker in text for marker in _SQLITE_TRANSIENT):
                return True
            continue
        # psycopg reports a connection lost mid-query as OperationalError with no SQLSTATE.
        if type(orig).__name__ in ("OperationalError", "InterfaceError"):
            return True
    return False


def is_unusable_database_error(error: BaseException) -> bool:
    """Whether the database cannot be written at all (read-only or missing SQLite file)."""
    orig = _dbapi_error(error)
    if orig is None or not type(orig).__module__.startswith("sqlite3"):
        return False
    text = str(orig).lower()
    return any(marker in text for marker in _SQLITE_FATAL)


def run_safely(
    stage: Callable[[], T], *, what: str, on_bug: Callable[[BaseException], None]
) -> T | Crash:
    """Run `stage`; a transient fault comes back as a Crash to retry, a bug is passed to `on_bug`.

    A database the process cannot write is raised, not recorded: no article is to blame.
    """
    try:
        return stage()
    except Exception as exc:
        if is_transient_database_error(exc):
            log.warning("transient database error in %s, retrying later: %s", what, exc)
            return Crash(exc, transient=True)
        if is_unusable_database_error(exc):
            raise
        log.exception("%s failed", what)
        try:
            on_bug(exc)
        except Exception as inner:
            # The article cannot be marked now; it stays pending and is tried again.
            if is_transient_database_error(inner):
                log.warning("could not record the failure of %s: %s", what, inner)
                return Crash(exc, transient=True)
            raise
        return Crash(exc, transient=False)


def with_retries(step: Callable[[], T], *, attempts: int, base: float, cap: float) -> T:
    """Run a short database step (bookkeeping outside a stage) again after a transient fault."""
    retrying = Retrying(
        retry=retry_if_exception(is_transient_database_error),
        stop=stop_after_attempt(max(1, attempts)),
        wait=wait_random_exponential(multiplier=base, max=cap),
        reraise=True,
    )
    return retrying(step)


def release_claim(
    *, database_url: str, article_id: int, claimed_after: datetime, lease_seconds: int
) -> bool:
    """Give back a claim this process took at or after `claimed_after`; True if released.

    A claim is a lease time on the row (now + lease); only a lease that started while this
    process held the article matches, so another worker's later claim is left alone.
    """
    lease = timedelta(seconds=lease_seconds)
    # A second either side covers the clock reads around the claim's UPDATE.
    low = claimed_after + lease - timedelta(seconds=1)
    high = utcnow() + lease + timedelta(seconds=1)
    with session_scope(database_url) as session:
        result = session.exec(
            update(Article)
            .where(
                Article.id == article_id,
                Article.status == ArticleStatus.pending,
                Article.next_attempt_at >= low,
                Article.next_attempt_at <= high,
            )
            .values(next_attempt_at=None)
        )
        return result.rowcount == 1


def try_release_claim(**kwargs) -> bool:
    """release_claim, but a database that is still down only means the lease runs out instead."""
    try:
        return release_claim(**kwargs)
    except Exception as exc:
        if is_transient_database_error(exc) or is_unusable_database_error(exc):
            log.warning("could not release the claim on article %s: %s", kwargs["article_id"], exc)
            return False
        raise
