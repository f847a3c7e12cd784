"""What other tools read: article and meeting records, and the filtered queries that stream them.

The exports, the HTTP API and the timeline page all read through here, so a field or a filter
means the same thing everywhere.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import Article, ArticleStatus, Source
from models.views import split_list, v_meetings
from scheduler.publishers import publisher_for

# Rows fetched per round trip; a server-side cursor on PostgreSQL, so memory stays flat.
BATCH = 1000


class ArticleRecord(BaseModel):
    """One article as exports and the API give it; its fields are the export's columns."""

    id: int
    url: str
    canonical_url: str
    source: str | None = None
    publisher: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    author: str | None = None
    text: str | None = None
    status: str
    error: str | None = None
    fetched_at: datetime | None = None
    duplicate_of: int | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None
    label: str | None = None
    is_meeting: bool | None = None
    score: float | None = None
    meeting_id: int | None = None
    meeting_date: date | None = None
    meeting_city: str | None = None
    meeting_country: str | None = None
    occasion: str | None = None
    host: str | None = None
    evidence: list[str] = []
    classifier_version: str | None = None
    rule: str | None = None


ARTICLE_FIELDS: tuple[str, ...] = tuple(ArticleRecord.model_fields)
# What the classifier decides about one article (`meetwire classify` writes these): the record's
# tail from `label` on, less what only a database has (the meeting row, the version stamped
# when the label was stored).
CLASSIFICATION_FIELDS: tuple[str, ...] = tuple(
    name
    for name in ARTICLE_FIELDS[ARTICLE_FIELDS.index("label") :]
    if name not in ("meeting_id", "classifier_version")
)


class MeetingRecord(BaseModel):
    """One meeting with what covers it, as exports and the API give it."""

    id: int
    date: date
    end_date: date | None = None
    city: str | None = None
    country: str | None = None
    mode: str
    occasion: str | None = None
    host: str | None = None
    article_count: int = 0
    story_count: int = 0
    languages: list[str] = []
    publishers: list[str] = []
    article_ids: list[int] = []


MEETING_FIELDS: tuple[str, ...] = tuple(MeetingRecord.model_fields)


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles to read; every field narrows the set, None means any."""

    unique: bool = False
    status: ArticleStatus | None = None
    label: str | None = None
    publisher: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    meeting_id: int | None = None
    article_id: int | None = None
    after_id: int | None = None


@dataclass(frozen=True)
class MeetingFilter:
    since: date | None = None
    until: date | None = None
    mode: str | None = None
    unique: bool = False


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time.max, UTC)


_COLUMNS = [name for name in ARTICLE_FIELDS if name != "source"]


def article_query(filters: ArticleFilter) -> Select:
    """Articles in id order with their source name and, for text-less copies, the original's."""
    original = aliased(Article)
    query = (
        select(
            *(getattr(Article, name) for name in _COLUMNS),
            Source.name.label("source"),
            original.text.label("original_text"),
        )
        .join(Source, Article.source_id == Source.id, isouter=True)
        .join(original, Article.duplicate_of == original.id, isouter=True)
        .order_by(Article.id)
    )
    return query.where(*_article_conditions(filters))


def _article_conditions(f: ArticleFilter) -> list:
    # "Unique" is one row per story: the stored originals, never failed or skipped rows.
    status = ArticleStatus.stored if f.unique else f.status
    conditions = []
    if status is not None:
        conditions.append(Article.status == status)
    if f.label is not None:
        conditions.append(Article.label == f.label)
    if f.publisher is not None:
        conditions.append(Article.publisher == f.publisher)
    if f.language is not None:
        conditions.append(Article.language == f.language)
    if f.since is not None:
        conditions.append(Article.published_at >= day_start(f.since))
    if f.until is not None:
        conditions.append(Article.published_at <= day_end(f.until))
    if f.text:
        conditions.append(
            or_(
                Article.title.icontains(f.text, autoescape=True),
                Article.text.icontains(f.text, autoescape=True),
            )
        )
    if f.meeting_id is not None:
        conditions.append(Article.meeting_id == f.meeting_id)
    if f.article_id is not None:
        conditions.append(Article.id == f.article_id)
    if f.after_id is not None:
        conditions.append(Article.id > f.after_id)
    return conditions


def article_record(row) -> ArticleRecord:
    """The record of one row of `article_query`."""
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["source"] = row.source
    if values["text"] is None:
        values["text"] = row.original_text
    values["publisher"] = values["publisher"] or None
    if values["status"] is not None:
        values["status"] = str(values["status"])
    # Show times in the publisher's zone: a date-only publish time reads as that local day.
    if values["published_at"] is not None:
        zone = publisher_for(row.url, row.publisher or None).timezone
        values["published_at"] = values["published_at"].astimezone(zone)
    values["evidence"] = list(values["evidence"] or [])
    return ArticleRecord.model_construct(**values)


def iter_articles(
    session: Session, filters: ArticleFilter, *, limit: int | None = None, batch: int = BATCH
) -> Iterator[ArticleRecord]:
    """Stream matching articles in id order, `batch` rows per round trip."""
    query = article_query(filters)
    if limit is not None:
        query = query.limit(limit)
    result = session.execute(query.execution_options(yield_per=batch))
    for row in result:
        yield article_record(row)


def meeting_query(filters: MeetingFilter) -> Select:
    """Meetings from `v_meetings` in date order."""
    query = select(v_meetings).order_by(v_meetings.c.date, v_meetings.c.id)
    if filters.since is not None:
        query = query.where(v_meetings.c.date >= filters.since)
    if filters.until is not None:
        query = query.where(v_meetings.c.date <= filters.until)
    if filters.mode is not None:
        query = query.where(v_meetings.c.mode == filters.mode)
    return query


def meeting_article_ids(session: Session, meeting_id: int, *, unique: bool = False) -> list[int]:
    """The ids of the articles that report one meeting (only the stored stories with `unique`)."""
    statuses = [ArticleStatus.stored] if unique else [ArticleStatus.stored, ArticleStatus.duplicate]
    query = (
        select(Article.id)
        .where(and_(Article.meeting_id == meeting_id, Article.status.in_(statuses)))
        .order_by(Article.id)
    )
    return list(session.execute(query).scalars())


def meeting_record(row, article_ids: list[int]) -> MeetingRecord:
    """The record of one `v_meetings` row."""
    return MeetingRecord(
        id=row.id,
        date=row.date,
        end_date=row.end_date,
        city=row.city,
        country=row.country,
        mode=row.mode,
        occasion=row.occasion,
        host=row.host,
        article_count=row.article_count,
        story_count=row.story_count,
        languages=split_list(row.languages),
        publishers=split_list(row.publishers),
        article_ids=article_ids,
    )


def iter_meetings(session: Session, filters: MeetingFilter) -> Iterator[MeetingRecord]:
    """Meetings in date order, each with its article ids."""
    rows = session.execute(meeting_query(filters)).all()
    for row in rows:
        ids = meeting_article_ids(session, row.id, unique=filters.unique)
        yield meeting_record(row, ids)


def get_meeting(session: Session, meeting_id: int) -> MeetingRecord | None:
    """One meeting, or None."""
    row = session.execute(select(v_meetings).where(v_meetings.c.id == meeting_id)).first()
    return meeting_record(row, meeting_article_ids(session, meeting_id)) if row else None
