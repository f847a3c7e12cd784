"""`meetwire classify`, `reclassify`, `meetings` and `export meetings`: the meeting classifier's
commands."""

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import delete, update
from sqlmodel import Session, func, select

from meetwire.cli.app import app, export_app
from meetwire.cli.common import console, fail, out, ready_settings
from meetwire.lines import Line, utf8_lines
from models import Article, ArticleStatus, Meeting, session_scope
from worker.classify import Classification, ClassifyInput, classify, link_batch
from worker.pipeline.meetings import classify_article

RESULT_FIELDS = (
    "label",
    "is_meeting",
    "score",
    "meeting_date",
    "meeting_city",
    "meeting_country",
    "occasion",
    "host",
    "evidence",
)
# Reclassification commits in batches so a long run keeps its progress if interrupted.
RECLASSIFY_BATCH = 200


class InputError(ValueError):
    """A JSON line that cannot be classified."""


def parse_input(line: str) -> ClassifyInput:
    """One JSON line as a ClassifyInput; InputError names what is wrong."""
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
    record: dict = {"id": doc_id}
    for name in RESULT_FIELDS:
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
    """Classify JSON lines (id, title, text, url, published, language); needs no database."""
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


@dataclass
class ReclassifySummary:
    articles: int = 0
    meetings: int = 0
    removed_meetings: int = 0
    labels: dict[str, int] | None = None


def _stored_ids(session: Session) -> list[int]:
    """Stored articles, originals before their duplicates, so duplicates find their meeting."""
    query = (
        select(Article.id)
        .where(Article.status.in_([ArticleStatus.stored, ArticleStatus.duplicate]))
        .order_by(Article.duplicate_of.is_not(None), Article.id)
    )
    return list(session.exec(query))


def reclassify_all(*, database_url: str, on_article=None) -> ReclassifySummary:
    """Re-run classify_article over every stored article and drop meetings left empty."""
    summary = ReclassifySummary(labels={})
    with session_scope(database_url) as session:
        ids = _stored_ids(session)
        # Meetings are rebuilt from scratch: a corrected date or city may merge or split them.
        session.execute(update(Article).values(meeting_id=None))
        session.execute(delete(Meeting))
    for start in range(0, len(ids), RECLASSIFY_BATCH):
        with session_scope(database_url) as session:
            for article_id in ids[start : start + RECLASSIFY_BATCH]:
                article = session.get(Article, article_id)
                result = classify_article(session=session, article=article)
                summary.articles += 1
                summary.labels[result.label] = summary.labels.get(result.label, 0) + 1
                if on_article:
                    on_article()
    with session_scope(database_url) as session:
        summary.meetings = session.exec(select(func.count()).select_from(Meeting)).one()
    return summary


@app.command("reclassify")
def reclassify_command() -> None:
    """Re-classify every stored article and re-link meetings (after the classifier improves)."""
    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        total = len(_stored_ids(session))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("classifying articles", total=total)
        summary = reclassify_all(
            database_url=settings.database_url, on_article=lambda: bar.advance(task)
        )
    table = Table(title="reclassify", show_header=False)
    table.add_row("articles", str(summary.articles))
    for label, count in sorted((summary.labels or {}).items()):
        table.add_row(f"  {label}", str(count))
    table.add_row("meetings", str(summary.meetings))
    console.print(table)


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting with the articles that cover it, as exports and tables show it."""

    meeting: Meeting
    article_ids: list[int]
    publishers: list[str]

    def as_json(self) -> dict:
        m = self.meeting
        return {
            "id": m.id,
            "date": m.date.isoformat(),
            "end_date": m.end_date.isoformat() if m.end_date else None,
            "city": m.city,
            "country": m.country,
            "mode": m.mode,
            "occasion": m.occasion,
            "host": m.host,
            "article_ids": self.article_ids,
            "publishers": self.publishers,
        }


def meeting_records(*, session: Session) -> list[MeetingRecord]:
    """Every meeting in date order, with its articles' ids and publishers."""
    meetings = session.exec(select(Meeting).order_by(Meeting.date, Meeting.id)).all()
    rows = session.exec(
        select(Article.meeting_id, Article.id, Article.publisher)
        .where(Article.meeting_id.is_not(None))
        .order_by(Article.id)
    ).all()
    by_meeting: dict[int, list[tuple[int, str]]] = {}
    for meeting_id, article_id, publisher in rows:
        by_meeting.setdefault(meeting_id, []).append((article_id, publisher))
    return [
        MeetingRecord(
            meeting=m,
            article_ids=[a for a, _p in by_meeting.get(m.id, [])],
            publishers=sorted({p for _a, p in by_meeting.get(m.id, []) if p}),
        )
        for m in meetings
    ]


@app.command("meetings")
def meetings_command() -> None:
    """Print every Xi–Putin meeting and call with the number of articles covering it."""
    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        records = meeting_records(session=session)
    table = Table(title=f"{len(records)} meetings")
    for column in ("date", "city", "country", "mode", "occasion", "host", "articles", "publishers"):
        table.add_column(column)
    for r in records:
        m = r.meeting
        day = m.date.isoformat() + (f" – {m.end_date.isoformat()}" if m.end_date else "")
        table.add_row(
            day,
            m.city or "",
            m.country or "",
            m.mode,
            m.occasion or "",
            m.host or "",
            str(len(r.article_ids)),
            ", ".join(r.publishers),
        )
    out.print(table)


class MeetingFormat(StrEnum):
    jsonl = "jsonl"


@export_app.command("meetings")
def export_meetings(
    format: MeetingFormat = typer.Option(MeetingFormat.jsonl, "--format", help="Output format."),
) -> None:
    """Write one JSON object per meeting to stdout, with its article ids and publishers."""
    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        for record in meeting_records(session=session):
            sys.stdout.write(json.dumps(record.as_json(), ensure_ascii=False) + "\n")
