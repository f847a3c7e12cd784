"""`meetwire export articles`."""

import sys
from enum import StrEnum

import typer

from meetwire.cli.app import export_app
from meetwire.cli.common import ready_settings


class ExportFormat(StrEnum):
    jsonl = "jsonl"


@export_app.command("articles")
def export_articles(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="Output format."),
    unique: bool = typer.Option(False, "--unique", help="Originals only: one row per story."),
    status: str | None = typer.Option(None, "--status", help="Only articles with this status."),
) -> None:
    """Write one JSON object per stored article to stdout."""
    from meetwire.exports import dumps, iter_article_records
    from models import session_scope

    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        for record in iter_article_records(session=session, unique=unique, status=status):
            sys.stdout.write(dumps(record) + "\n")
