"""What every command needs: settings, a usable database, and clear errors."""

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from meetwire.settings import Settings, get_settings
from models import prepare_database

# Messages go to stderr so that stdout carries only data (exports, tables).
console = Console(stderr=True)
out = Console()


def ready_settings() -> Settings:
    """Settings with the database migrated (SQLite) or checked (PostgreSQL); exits 2 if unusable."""
    settings = get_settings()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    try:
        prepare_database(settings.database_url)
    except (SQLAlchemyError, RuntimeError, OSError) as exc:
        fail(f"the database {redact(settings.database_url)} is not usable: {exc}")
    return settings


def fail(message: str, code: int = 2) -> None:
    """Print an error a person can act on and exit."""
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def redact(url: str) -> str:
    """A database URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
    return url


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM ends a command like Ctrl-C (the runner releases its claims); exit 130 after."""

    def on_sigterm(_signum, _frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    except KeyboardInterrupt:
        console.print(
            "interrupted: the article in progress was given back; run again to continue",
            highlight=False,
        )
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
