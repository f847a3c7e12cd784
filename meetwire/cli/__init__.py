"""Command-line interface; importing the command modules registers their commands."""

import sys

from meetwire.cli import api, backfill, db, dedup, export, reprocess, run, sources, status  # noqa: F401
from meetwire.cli import classify as _classify  # noqa: F401
from meetwire.cli.app import app
from meetwire.cli.common import console


def main() -> None:
    """Console-script entry point: an error the user can fix is one line and exit 2."""
    try:
        app()
    except Exception as exc:
        from meetwire.cli.errors import user_error  # SQLAlchemy's errors: only when one happens

        message = user_error(exc)
        if message is None:
            raise
        console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        sys.exit(2)


__all__ = ["app", "main"]
