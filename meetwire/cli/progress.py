"""The runner's progress reports drawn as rich progress bars on stderr, one bar per phase."""

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from meetwire.cli.common import console

PHASES = {
    "poll": "polling sources",
    "articles": "processing articles",
    "records": "reading WARC records",
    "reprocess": "re-extracting articles",
    "reclassify": "classifying articles",
}


class RichProgress:
    """Implements `worker.runner.Progress` (start/advance by phase) on a rich Progress."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, int] = {}

    def start(self, phase: str, total: int) -> None:
        self.tasks[phase] = self.bar.add_task(PHASES.get(phase, phase), total=total)

    def advance(self, phase: str) -> None:
        self.bar.advance(self.tasks[phase])


def progress_bar(*, transient: bool = False) -> Progress:
    """A progress display on stderr (the console logs are drawn on), so stdout stays data."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=console.real, transient=transient)
