"""Engines, sessions and schema migrations for SQLite (embedded) and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_exponential

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (exports, the CLI) run while the pipeline writes; the busy timeout
    # makes a second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the process loses
    # nothing and the file never corrupts (a power cut may lose the last commits, which are
    # re-fetched as pending). FULL made each of the pipeline's commits wait for the disk.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@lru_cache(maxsize=8)
def get_engine(database_url: str) -> Engine:
    """One pooled engine per database URL and process."""
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(database_url, pool_pre_ping=True)


@contextmanager
def session_scope(database_url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def _alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def wait_for_database(database_url: str, *, seconds: float) -> None:
    """Block until the database answers, for up to `seconds` (a starting container may lag)."""

    @retry(
        retry=retry_if_exception_type(OperationalError),
        stop=stop_after_delay(seconds),
        wait=wait_exponential(multiplier=0.2, max=2),
        reraise=True,
    )
    def ping() -> None:
        with get_engine(database_url).connect() as connection:
            connection.execute(text("SELECT 1"))

    ping()


def upgrade(database_url: str) -> None:
    """Apply every pending migration (the only way the schema is created or changed)."""
    command.upgrade(_alembic_config(database_url), "head")


def is_up_to_date(database_url: str) -> bool:
    """True when the database is at the newest migration."""
    script = ScriptDirectory.from_config(_alembic_config(database_url))
    with get_engine(database_url).connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


def prepare_database(database_url: str) -> None:
    """On SQLite apply pending migrations by themselves; PostgreSQL needs `meetwire db upgrade`."""
    if database_url.startswith("sqlite"):
        if not is_up_to_date(database_url):
            upgrade(database_url)
        return
    if not is_up_to_date(database_url):
        raise RuntimeError(
            "the database schema is not up to date: run `meetwire db upgrade` "
            "(the compose `migrate` service does this)"
        )
