"""`meetwire dedup --rebuild`: rebuild the deduplication index from stored text."""

import typer

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, out, ready_settings


@app.command("dedup")
def dedup_command(
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Recompute hashes, MinHashes, buckets and every duplicate link."
    ),
) -> None:
    """Deduplication maintenance (stop the workers before a rebuild)."""
    if not rebuild:
        fail("nothing to do: pass --rebuild to rebuild the index from stored text")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from models import session_scope
    from worker.pipeline.dedup import rebuild_index

    settings = ready_settings()
    columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
    with (
        session_scope(settings.database_url) as session,
        Progress(*columns, TimeRemainingColumn(), console=console.real, transient=True) as bar,
    ):
        task = bar.add_task("deduplicating", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        stats = rebuild_index(session=session, settings=settings, progress=progress)
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(stats.duplicates.items()))
    out.print(
        f"rebuilt {stats.articles} articles: {stats.originals} originals, "
        f"{sum(stats.duplicates.values())} duplicates ({kinds or 'none'})"
    )
