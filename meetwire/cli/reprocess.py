"""`meetwire reprocess [--source NAME] [--since DATE]`: re-extract from kept raw pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, out, ready_settings

if TYPE_CHECKING:
    from rich.table import Table

    from worker.reprocess import ReprocessReport


@app.command("reprocess")
def reprocess_command(
    source: str | None = typer.Option(None, "--source", help="Only this source's articles."),
    since: str | None = typer.Option(
        None, "--since", help="Only articles fetched on or after this date (YYYY-MM-DD, UTC)."
    ),
) -> None:
    """Re-extract and re-classify stored raw pages (no fetching).

    Extraction, deduplication and classification run again over the kept raw responses.
    """
    from meetwire.cli.progress import RichProgress, progress_bar
    from worker.reprocess import UnknownSource, reprocess

    since_at = parse_since(since) if since else None
    settings = ready_settings()
    try:
        with progress_bar() as bar:
            report = reprocess(
                settings=settings, source_name=source, since=since_at, progress=RichProgress(bar)
            )
    except UnknownSource as exc:
        fail(str(exc))
    if report.without_raw:
        shown = ", ".join(str(i) for i in report.without_raw[:20])
        more = " ..." if len(report.without_raw) > 20 else ""
        console.print(f"no raw page kept, skipped: article {shown}{more}", highlight=False)
    for article_id, why in report.unreadable.items():
        console.print(f"article {article_id} skipped: {why}", highlight=False)
    out.print(report_table(report))


def parse_since(text: str) -> datetime:
    """A date or ISO 8601 time; naive values are UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--since must be a date like 2024-05-16 or an ISO 8601 time, got {text!r}")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def report_table(report: ReprocessReport) -> Table:
    from rich.table import Table

    table = Table("", "count", title="meetwire reprocess", show_header=False)
    table.columns[0].no_wrap = True
    table.add_row("selected", str(report.selected))
    table.add_row("without raw page (skipped)", str(len(report.without_raw)))
    if report.unreadable:
        table.add_row("raw page unreadable (skipped)", str(len(report.unreadable)))
    for status, count in sorted(report.statuses.items()):
        table.add_row(status, str(count), style="bold")
    return table
