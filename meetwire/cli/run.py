"""`meetwire run`: the embedded one-shot job, with a progress bar and a closing summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, interruptible, out, ready_settings
from meetwire.cli.tables import Column, print_table

if TYPE_CHECKING:
    from meetwire.settings import Settings
    from worker.runner import RunSummary

POLL_SHOWN = {"ok": "ok", "not_modified": "not modified", "failed": "failed"}
SUMMARY_COLUMNS = (
    Column("source"),
    Column("poll"),
    Column("found", drop=2),
    Column("new", drop=3),
    Column("stored", justify="right"),
    Column("duplicate", justify="right"),
    Column("skipped", drop=1, justify="right"),
    Column("failed", justify="right"),
)


@app.command("run")
def run_command(
    wide: bool = typer.Option(False, "--wide", help="Show every column, however wide."),
) -> None:
    """Poll enabled sources once and process every new article.

    Fetches, extracts, deduplicates, classifies and stores in this one process; the summary
    goes to stdout, progress and logs to stderr.
    """
    from meetwire.cli.progress import RichProgress, progress_bar
    from worker.runner import run_once

    settings = ready_settings()
    seed_default_sources(settings)
    with interruptible(), progress_bar() as bar:
        summary = run_once(settings=settings, progress=RichProgress(bar))
    print_summary(summary, wide=wide)
    held = held_note(summary)
    if held:
        console.print(held, highlight=False)
    if summary.database_faults:
        console.print(
            f"{summary.database_faults} articles left pending after repeated database errors "
            "(not failed): run again once the database is back",
            highlight=False,
        )


def held_note(summary: RunSummary) -> str | None:
    """Articles this run could not take: another process holds them or their retry is not due."""
    if not summary.held:
        return None
    until = max((t for t in summary.held.values() if t is not None), default=None)
    when = f" until {until:%Y-%m-%d %H:%M} UTC" if until else ""
    return (
        f"{len(summary.held)} articles are claimed by another process or wait for a retry{when}: "
        "left pending; run again after that"
    )


def seed_default_sources(settings: Settings) -> None:
    """On a database with no sources at all, import the default sources file."""
    from sqlmodel import func, select

    from models import Source, session_scope
    from scheduler.sources import SourcesFileError, read_default_sources, upsert_source

    with session_scope(settings.database_url) as session:
        if session.exec(select(func.count()).select_from(Source)).one():
            return
        try:
            specs, origin = read_default_sources(settings.sources_file)
        except (SourcesFileError, OSError) as exc:
            fail(f"no sources yet, and MEETWIRE_SOURCES_FILE cannot be imported: {exc}")
        for spec in specs:
            upsert_source(
                session=session, spec=spec, default_interval=settings.default_interval_seconds
            )
    console.print(f"no sources yet: imported {len(specs)} defaults from {origin}")


def summary_rows(summary: RunSummary) -> list[list[str]]:
    """One row per source (final statuses), then the totals."""
    rows = []
    for name, tally in sorted(summary.sources.items()):
        s = tally.statuses
        rows.append(
            [
                name,
                POLL_SHOWN.get(tally.poll, tally.poll) if tally.poll else "",
                str(tally.found),
                str(tally.new),
                str(s["stored"]),
                str(s["duplicate"]),
                str(s["skipped"]),
                str(s["failed"]),
            ]
        )
    total = summary.totals()
    keys = ("found", "new", "stored", "duplicate", "skipped", "failed")
    rows.append(["total", "", *(str(total[key]) for key in keys)])
    return rows


def print_summary(summary: RunSummary, *, wide: bool = False) -> None:
    """Items found, new, stored, duplicate, skipped and failed, by source; then poll errors."""
    rows = summary_rows(summary)
    print_table(out, SUMMARY_COLUMNS, rows, wide=wide, title="meetwire run", bold_last=True)
    errors = [(name, t.poll_error) for name, t in sorted(summary.sources.items()) if t.poll_error]
    if errors:
        out.print("\nsources that failed (see `meetwire sources list`):")
        for name, error in errors:
            out.print(f"{name}: {error}", style="red", highlight=False, soft_wrap=wide)
