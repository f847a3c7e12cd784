"""`meetwire backfill --urls FILE | --warc FILE.warc[.gz]`: archives through the same pipeline."""

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, interruptible, ready_settings
from meetwire.cli.run import summary_table
from worker.backfill import BackfillReport, backfill_urls, backfill_warc
from worker.runner import Progress as RunProgress

PHASES = {
    "articles": "processing articles",
    "records": "reading WARC records",
    "reprocess": "re-extracting articles",
    "reclassify": "classifying articles",
}


class RichProgress(RunProgress):
    """The runner's progress reports drawn as rich progress bars, one per phase."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, int] = {}

    def start(self, phase: str, total: int) -> None:
        self.tasks[phase] = self.bar.add_task(PHASES.get(phase, phase), total=total)

    def advance(self, phase: str) -> None:
        self.bar.advance(self.tasks[phase])


def progress_bar() -> Progress:
    """A progress display on stderr, so stdout stays free for data."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=console, transient=False)


@app.command("backfill")
def backfill_command(
    urls: Path | None = typer.Option(None, "--urls", help="A file with one article URL a line."),
    warc: Path | None = typer.Option(None, "--warc", help="A WARC file (.warc or .warc.gz)."),
) -> None:
    """Ingest archived articles without a schedule; run it again to resume."""
    if (urls is None) == (warc is None):
        fail("give exactly one of --urls FILE or --warc FILE.warc[.gz]")
    path = urls or warc
    if not path.is_file():
        fail(f"no such file: {path}")
    settings = ready_settings()
    with interruptible(), progress_bar() as bar:
        if urls is not None:
            report = backfill_urls(settings=settings, path=path, progress=RichProgress(bar))
        else:
            report = backfill_warc(settings=settings, path=path, progress=RichProgress(bar))
    for line in report.invalid:
        shown = f"{line.text!r} " if line.text else ""
        console.print(f"line {line.number}: {shown}skipped: {line.reason}", highlight=False)
    if report.summary is not None:
        console.print(summary_table(report.summary))
    console.print(report_table(report, "URLs" if urls else "records"))
    if report.error:
        fail(report.error, code=1)
    if report.undecodable:
        fail(f"{path}: {report.undecodable} lines are not UTF-8 (listed above): save it as UTF-8")


def report_table(report: BackfillReport, unit: str) -> Table:
    """What was read, inserted, skipped and where the articles ended."""
    table = Table("", "count", title="meetwire backfill", show_header=False)
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
