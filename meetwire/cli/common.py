"""What every command needs: settings, a usable database, and clear errors.

Heavy libraries (SQLAlchemy, the models, the pipeline) are imported inside the commands that
use them, so `meetwire --help` and a mistyped option answer at once.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from meetwire.settings import Settings


class LazyConsole:
    """A rich Console made on first use, so that `--help` does not import rich."""

    def __init__(self, *, stderr: bool) -> None:
        object.__setattr__(self, "_stderr", stderr)
        object.__setattr__(self, "_console", None)

    @property
    def real(self) -> Console:
        """The rich Console itself, for rich objects that draw on it (progress bars, logs)."""
        if self._console is None:
            from rich.console import Console

            object.__setattr__(self, "_console", Console(stderr=self._stderr))
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self.real, name, value)


# Messages, progress and logs go to stderr so that stdout carries only data (exports, tables).
console = LazyConsole(stderr=True)
out = LazyConsole(stderr=False)

# Libraries that log every odd page they see: a person reads their warnings in the log lines
# above the progress bar, never their info or debug chatter.
_CHATTY_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


def setup_logging(level: int = logging.WARNING) -> None:
    """Send every log record (ours and the libraries') through the stderr console.

    Records are drawn above a live progress bar instead of over it; Python warnings are logged.
    """
    from rich.logging import RichHandler

    handler = RichHandler(console=console.real, show_time=False, show_path=False, markup=False)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler.set_name("meetwire-console")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "meetwire-console"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)


def load_settings() -> Settings:
    """The settings; a value out of range or of the wrong type exits 2 naming the variable."""
    from pydantic import ValidationError

    from meetwire.settings import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        from meetwire.cli.errors import settings_error

        fail(settings_error(exc))


def ready_settings() -> Settings:
    """Settings with the database migrated (SQLite) or checked (PostgreSQL); exits 2 if unusable."""
    from sqlalchemy.exc import SQLAlchemyError

    from models import prepare_database

    settings = load_settings()
    setup_logging()
    try:
        prepare_database(settings.database_url)
    except (SQLAlchemyError, RuntimeError, OSError) as exc:
        fail(f"the database {redact(settings.database_url)} is not usable: {exc}")
    return settings


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error a person can act on and exit."""
    # One logical line, however long: the terminal wraps it, rich does not break it.
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
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
