"""`meetwire backfill --urls FILE | --warc FILE.warc[.gz]`: archives through the same pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, interruptible, out, ready_settings

if TYPE_CHECKING:
    from rich.table import Table

    from worker.backfill import BackfillReport


@app.command("backfill")
def backfill_command(
    urls: Path | None = typer.Option(None, "--urls", help="A file with one article URL a line."),
    warc: Path | None = typer.Option(None, "--warc", help="A WARC file (.warc or .warc.gz)."),
) -> None:
    """Ingest archived articles from a URL list or a WARC file.

    No schedule: run it again to resume where it stopped.
    """
    if (urls is None) == (warc is None):
        fail("give exactly one of --urls FILE or --warc FILE.warc[.gz]")
    path = urls or warc
    if not path.is_file():
        fail(f"no such file: {path}")
    from meetwire.cli.progress import RichProgress, progress_bar
    from worker.backfill import backfill_urls, backfill_warc

    settings = ready_settings()
    with interruptible(), progress_bar() as bar:
        if urls is not None:
            report = backfill_urls(settings=settings, path=path, progress=RichProgress(bar))
        else:
            report = backfill_warc(settings=settings, path=path, progress=RichProgress(bar))
    for line in report.invalid:
        shown = f"{line.text!r} " if line.text else ""
        console.print(f"line {line.number}: {shown}skipped: {line.reason}", highlight=False)
    out.print(report_table(report, "URLs" if urls else "records"))
    if report.error:
        fail(report.error, code=1)
    if report.undecodable:
        fail(f"{path}: {report.undecodable} lines are not UTF-8 (listed above): save it as UTF-8")


def report_table(report: BackfillReport, unit: str) -> Table:
    """What was read, inserted, skipped and where the articles ended (final statuses)."""
    from rich.table import Table

    table = Table("", "count", title="meetwire backfill", show_header=False)
    table.columns[0].no_wrap = True
    table.add_row(f"{unit} read", str(report.read))
    table.add_row("new articles", str(report.new))
    table.add_row("already done (skipped)", str(report.done_before))
    if report.invalid:
        table.add_row("invalid lines", str(len(report.invalid)))
    for reason, count in sorted(report.skipped.items()):
        table.add_row(f"skipped: {reason}", str(count))
    for status, count in sorted(report.statuses.items()):
        table.add_row(status, str(count), style="bold")
    return table
