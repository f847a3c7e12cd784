"""`meetwire run`: the embedded one-shot job, with a progress bar and a closing summary."""

from pathlib import Path

from rich.console import Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from sqlmodel import func, select

from meetwire.cli.app import app
from meetwire.cli.common import console, interruptible, ready_settings
from meetwire.settings import Settings
from models import Source, session_scope
from scheduler.sources import SourcesFileError, read_sources_file, upsert_source
from worker.runner import Progress as RunProgress
from worker.runner import RunSummary, run_once


class _RichProgress(RunProgress):
    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, int] = {}

    def start(self, phase: str, total: int) -> None:
        label = {"poll": "polling sources", "articles": "processing articles"}.get(phase, phase)
        self.tasks[phase] = self.bar.add_task(label, total=total)

    def advance(self, phase: str) -> None:
        self.bar.advance(self.tasks[phase])


@app.command("run")
def run_command() -> None:
    """Poll every enabled source once and fetch, extract and store every new article."""
    settings = ready_settings()
    seed_default_sources(settings)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with interruptible(), Progress(*columns, console=console, transient=False) as bar:
        summary = run_once(settings=settings, progress=_RichProgress(bar))
    console.print(summary_table(summary))
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
    with session_scope(settings.database_url) as session:
        if session.exec(select(func.count()).select_from(Source)).one():
            return
        try:
            specs = read_sources_file(Path(settings.sources_file))
        except (SourcesFileError, OSError) as exc:
            console.print(f"no sources configured and the defaults could not be read: {exc}")
            return
        for spec in specs:
            upsert_source(
                session=session, spec=spec, default_interval=settings.default_interval_seconds
            )
    console.print(f"no sources yet: imported {len(specs)} defaults from {settings.sources_file}")


def summary_table(summary: RunSummary) -> Group:
    """Items found, new, stored, duplicate, skipped and failed, by source; then poll errors."""
    table = Table(
        "source",
        "poll",
        "found",
        "new",
        "stored",
        "duplicate",
        "skipped",
        "failed",
        title="meetwire run",
    )
    table.columns[0].no_wrap = True
    for name, tally in sorted(summary.sources.items()):
        s = tally.statuses
        table.add_row(
            name,
            "failed" if tally.poll_error else "ok",
            str(tally.found),
            str(tally.new),
            str(s["stored"]),
            str(s["duplicate"]),
            str(s["skipped"]),
            str(s["failed"]),
        )
    total = summary.totals()
    table.add_row(
        "total",
        "",
        str(total["found"]),
        str(total["new"]),
        str(total["stored"]),
        str(total["duplicate"]),
        str(total["skipped"]),
        str(total["failed"]),
        style="bold",
    )
    errors = [
        Text(f"{name}: {tally.poll_error}", style="red")
        for name, tally in sorted(summary.sources.items())
        if tally.poll_error
    ]
    if errors:
        errors.insert(0, Text("\nsources that failed (see `meetwire sources list`):"))
    return Group(table, *errors)
