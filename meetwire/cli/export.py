"""`meetwire export articles|meetings`: the corpus as JSON lines, CSV or Parquet."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

import typer

from meetwire.cli.app import export_app
from meetwire.cli.common import console, fail, ready_settings
from meetwire.exports import ExportFormat

FORMAT = typer.Option(ExportFormat.jsonl, "--format", help="jsonl, csv or parquet.")
SINCE = typer.Option(
    None, "--since", formats=["%Y-%m-%d"], help="Only from this UTC day on (YYYY-MM-DD)."
)
OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout.")


def _one_of(kind: str, value: str | None, valid: tuple[str, ...]) -> str | None:
    """`value` when it is valid; otherwise exit 2 naming the valid values."""
    if value is not None and value not in valid:
        fail(f"unknown {kind} {value!r}: use one of {', '.join(valid)}")
    return value


@contextmanager
def _output(path: Path | None, fmt: ExportFormat) -> Iterator[IO]:
    """stdout, or FILE written beside itself and renamed at the end (no half-written FILE)."""
    if path is None:
        if fmt.binary and sys.stdout.isatty():
            fail(f"{fmt} is binary: write it to a file with --output FILE")
        yield sys.stdout.buffer if fmt.binary else sys.stdout
        return
    partial = path.with_name(path.name + ".part")
    try:
        with (
            partial.open("wb")
            if fmt.binary
            else partial.open("w", encoding="utf-8", newline="") as out
        ):
            yield out
        os.replace(partial, path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    finally:
        partial.unlink(missing_ok=True)


@export_app.command("articles")
def export_articles(
    format: ExportFormat = FORMAT,
    since: datetime | None = SINCE,
    label: str | None = typer.Option(None, "--label", help="Only articles with this label."),
    unique: bool = typer.Option(False, "--unique", help="One row per stored story."),
    status: str | None = typer.Option(None, "--status", help="Only articles with this status."),
    output: Path | None = OUTPUT,
) -> None:
    """Write every article (one row each) with its text, duplicate link and classification."""
    from meetwire.corpus import ArticleFilter, ArticleRecord, iter_articles
    from meetwire.exports import write_records
    from models import ArticleStatus, session_scope
    from worker.classify.labels import LABELS

    _one_of("label", label, LABELS)
    _one_of("status", status, tuple(ArticleStatus))
    filters = ArticleFilter(
        unique=unique,
        status=ArticleStatus(status) if status else None,
        label=label,
        since=since.date() if since else None,
    )
    settings = ready_settings()
    with session_scope(settings.database_url) as session, _output(output, format) as out:
        count = write_records(iter_articles(session, filters), ArticleRecord, format, out)
    if output is not None:
        console.print(f"wrote {count} articles to {output}", highlight=False)


@export_app.command("meetings")
def export_meetings(
    format: ExportFormat = FORMAT,
    since: datetime | None = SINCE,
    label: str | None = typer.Option(
        None, "--label", help="Only meetings of this kind: meeting, video_meeting, phone_call."
    ),
    unique: bool = typer.Option(False, "--unique", help="List only stored stories' ids."),
    output: Path | None = OUTPUT,
) -> None:
    """Write every meeting with its article counts, languages, publishers and article ids."""
    from meetwire.corpus import MeetingFilter, MeetingRecord, iter_meetings
    from meetwire.exports import write_records
    from models import session_scope
    from worker.classify.labels import MODE_OF_LABEL

    _one_of("meeting label", label, tuple(MODE_OF_LABEL))
    filters = MeetingFilter(
        since=since.date() if since else None,
        mode=MODE_OF_LABEL[label] if label else None,
        unique=unique,
    )
    settings = ready_settings()
    with session_scope(settings.database_url) as session, _output(output, format) as out:
        count = write_records(iter_meetings(session, filters), MeetingRecord, format, out)
    if output is not None:
        console.print(f"wrote {count} meetings to {output}", highlight=False)
