"""`meetwire classify`, `reclassify` and `meetings`: the meeting classifier's commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import typer

from meetwire.cli.app import app
from meetwire.cli.common import console, fail, out, ready_settings
from meetwire.cli.tables import Column, print_table
from meetwire.lines import Line, utf8_lines

if TYPE_CHECKING:
    from worker.classify import Classification, ClassifyInput


class InputError(ValueError):
    """A JSON line that cannot be classified."""


def parse_input(line: str) -> ClassifyInput:
    """One JSON line as a ClassifyInput; InputError names what is wrong."""
    from worker.classify import ClassifyInput

    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise InputError("not a JSON object")
    try:
        return ClassifyInput.from_record(record)
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _record_id(line: str) -> str | None:
    """The `id` of a line that could not be classified, when it can be read at all."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return str(record["id"]) if isinstance(record, dict) and "id" in record else None


def result_record(doc_id: str, result: Classification) -> dict:
    """The JSON object `meetwire classify` writes for one article."""
    from meetwire.corpus import CLASSIFICATION_FIELDS

    record: dict = {"id": doc_id}
    for name in CLASSIFICATION_FIELDS:
        value = getattr(result, name)
        record[name] = value.isoformat() if isinstance(value, date) else value
    return record


def _parsed(lines: Iterable[str | Line]) -> Iterator[ClassifyInput | dict]:
    """Each non-blank line as a ClassifyInput, or as the `error` record it gets."""
    for line in lines:
        if isinstance(line, Line):
            if line.text is None:
                yield {"id": None, "error": f"line {line.number}: {line.problem}"}
                continue
            line = line.text
        if not line.strip():
            continue
        try:
            yield parse_input(line)
        except InputError as exc:
            yield {"id": _record_id(line), "error": str(exc)}


def classify_lines(lines: Iterable[str | Line], *, link: bool = True) -> Iterator[dict]:
    """One output record per non-blank input line; bad lines give an `error` record.

    With `link`, the whole input is read first and its reports are linked to meetings as the
    pipeline links them: a report that states no day or city reads its meeting's.
    """
    from worker.classify import ClassifyInput, classify, link_batch

    if not link:
        for item in _parsed(lines):
            yield item if isinstance(item, dict) else result_record(item.id, classify(item))
        return
    items = list(_parsed(lines))
    docs = [item for item in items if isinstance(item, ClassifyInput)]
    linked = iter(link_batch(docs, [classify(doc) for doc in docs]))
    for item in items:
        yield item if isinstance(item, dict) else result_record(item.id, next(linked)[1])


@app.command("classify")
def classify_command(
    file: str = typer.Argument("-", help="JSON lines to classify; '-' or nothing reads stdin."),
    link: bool = typer.Option(
        True,
        "--link/--no-link",
        help="Link the input's reports to meetings (an unstated day or city is read from the"
        " meeting); --no-link classifies each line alone and streams.",
    ),
) -> None:
    """Classify JSON lines from a file or stdin (no database).

    Each line holds id, title, text, url, published and language.
    """
    stream: BinaryIO
    if file == "-":
        stream = sys.stdin.buffer
    else:
        path = Path(file)
        if not path.is_file():
            fail(f"no such file: {file}")
        stream = path.open("rb")
    undecodable = 0
    with stream:
        for record in classify_lines(utf8_lines(stream), link=link):
            if record.get("id") is None and "not UTF-8" in record.get("error", ""):
                undecodable += 1
                console.print(f"{record['error']}", highlight=False, soft_wrap=True)
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if undecodable:
        fail(f"{undecodable} input lines are not UTF-8 (their error records say which)")


@app.command("reclassify")
def reclassify_command(
    outdated: bool = typer.Option(
        False,
        "--outdated",
        help="Only articles the current classifier version did not label (and their"
        " duplicates), re-linked as the pipeline links them; other meetings are left alone.",
    ),
) -> None:
    """Re-classify stored articles and re-link meetings.

    Run it after the classifier improves; a meeting keeps its id while its articles stay together.
    """
    from rich.table import Table

    from meetwire.cli.progress import RichProgress, progress_bar
    from worker.classify import CLASSIFIER_VERSION
    from worker.reclassify import reclassify

    settings = ready_settings()
    with progress_bar() as bar:
        summary = reclassify(
            database_url=settings.database_url, outdated=outdated, progress=RichProgress(bar)
        )
    table = Table(title="reclassify", show_header=False)
    table.add_row("articles", str(summary.articles))
    for label, count in sorted(summary.labels.items()):
        table.add_row(f"  {label}", str(count))
    if outdated:
        table.add_row(f"up to date ({CLASSIFIER_VERSION}), skipped", str(summary.skipped))
    table.add_row("meetings", str(summary.meetings))
    table.add_row("  kept (same id)", str(summary.kept_meetings))
    table.add_row("  new", str(summary.new_meetings))
    table.add_row("  removed", str(summary.removed_meetings))
    out.print(table)


MEETING_COLUMNS = (
    Column("date"),
    Column("city"),
    Column("country", drop=3),
    Column("mode"),
    Column("occasion", drop=4, fold=True),
    Column("host", drop=2),
    Column("articles", justify="right"),
    Column("publishers", drop=1, fold=True),
)


@app.command("meetings")
def meetings_command(
    wide: bool = typer.Option(False, "--wide", help="Show every column, however wide."),
) -> None:
    """Every Xi–Putin meeting and call, with its article count."""
    from meetwire.corpus import MeetingFilter, iter_meetings
    from models import session_scope

    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        records = list(iter_meetings(session, MeetingFilter()))
    rows = [
        [
            m.date.isoformat() + (f" – {m.end_date.isoformat()}" if m.end_date else ""),
            m.city or "",
            m.country or "",
            m.mode,
            m.occasion or "",
            m.host or "",
            str(m.article_count),
            ", ".join(m.publishers),
        ]
        for m in records
    ]
    print_table(out, MEETING_COLUMNS, rows, wide=wide, title=f"{len(records)} meetings")
