"""Command-line interface; importing the command modules registers their commands."""

from meetwire.cli import api, backfill, db, dedup, export, reprocess, run, sources, status  # noqa: F401
from meetwire.cli import classify as _classify  # noqa: F401
from meetwire.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
