"""The JSON routes: health, meetings, articles and sources, read-only."""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BeforeValidator
from sqlalchemy import case, func, select
from sqlmodel import Session

from meetwire.api.deps import session, settings_of
from meetwire.api.schemas import (
    ArticlePage,
    ErrorOut,
    Health,
    MeetingDetail,
    MeetingList,
    SourceList,
    SourceRecord,
)
from meetwire.corpus import (
    ArticleFilter,
    ArticleRecord,
    MeetingFilter,
    get_meeting,
    iter_articles,
    iter_meetings,
)
from meetwire.settings import Settings
from models import Article, ArticleStatus, Meeting, Source
from models.db import is_up_to_date
from worker.classify.labels import Label, Mode

# Ids are PostgreSQL integers; a larger number names nothing and must not reach the driver.
MAX_ID = 2**31 - 1
# PostgreSQL refuses NUL in text, so a filter holding one is rejected up front (422).
NO_NUL = r"^[^\x00]*$"

Db = Annotated[Session, Depends(session)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would also read a number as seconds since 1970."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
Since = Annotated[Day | None, Query(description="From this UTC day on (YYYY-MM-DD).")]
Until = Annotated[Day | None, Query(description="Up to and including this UTC day (YYYY-MM-DD).")]
NOT_FOUND = {404: {"model": ErrorOut, "description": "No such id."}}

router = APIRouter(responses={503: {"model": ErrorOut, "description": "Database unavailable."}})


@router.get("/health", response_model=Health)
def health(db: Db, settings: Annotated[Settings, Depends(settings_of)]) -> Health:
    """Whether the database answers and is at the newest schema, with row counts."""
    articles = db.execute(select(func.count()).select_from(Article)).scalar_one()
    meetings = db.execute(select(func.count()).select_from(Meeting)).scalar_one()
    return Health(
        status="ok",
        database=db.get_bind().dialect.name,
        schema_current=is_up_to_date(settings.database_url),
        articles=articles,
        meetings=meetings,
    )


@router.get("/meetings", response_model=MeetingList)
def list_meetings(
    db: Db, since: Since = None, until: Until = None, mode: Mode | None = None
) -> MeetingList:
    """Every Xi–Putin meeting, video call and phone call in date order, with what covers it."""
    filters = MeetingFilter(since=since, until=until, mode=mode)
    return MeetingList(items=list(iter_meetings(db, filters)))


@router.get("/meetings/{meeting_id}", response_model=MeetingDetail, responses=NOT_FOUND)
def meeting_detail(db: Db, meeting_id: Id) -> MeetingDetail:
    """One meeting with every article that reports it, in every language."""
    meeting = get_meeting(db, meeting_id)
    if meeting is None:
        raise HTTPException(404, f"no meeting {meeting_id}")
    articles = list(iter_articles(db, ArticleFilter(meeting_id=meeting_id)))
    return MeetingDetail(**meeting.model_dump(), articles=articles)


@router.get("/articles", response_model=ArticlePage)
def list_articles(
    db: Db,
    label: Label | None = None,
    publisher: Text = None,
    language: Text = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=NO_NUL,
            description="A phrase found in the title or text (any case).",
        ),
    ] = None,
    unique: Annotated[
        bool, Query(description="Only stored stories: no copies, no failures.")
    ] = False,
    status: ArticleStatus | None = None,
    cursor: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{1,18}$", description="`next_cursor` of the previous page."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ArticlePage:
    """Articles in id order, filtered, a page at a time (follow `next_cursor`)."""
    filters = ArticleFilter(
        unique=unique,
        status=status,
        label=label,
        publisher=publisher,
        language=language,
        since=since,
        until=until,
        text=q,
        # A cursor past the largest id a row can have is past the last page, not an error.
        after_id=min(int(cursor), MAX_ID) if cursor else None,
    )
    # One row past the page tells whether there is a next one.
    items = list(iter_articles(db, filters, limit=limit + 1, batch=limit + 1))
    more = len(items) > limit
    items = items[:limit]
    return ArticlePage(items=items, next_cursor=str(items[-1].id) if more else None)


@router.get("/articles/{article_id}", response_model=ArticleRecord, responses=NOT_FOUND)
def article_detail(db: Db, article_id: Id) -> ArticleRecord:
    """One article with its text, duplicate link and classification."""
    found = next(iter_articles(db, ArticleFilter(article_id=article_id)), None)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


@router.get("/sources", response_model=SourceList)
def list_sources(db: Db) -> SourceList:
    """Every source with its polling state and how many articles it brought."""
    counts = (
        select(
            Article.source_id,
            func.count().label("articles"),
            func.sum(case((Article.status == ArticleStatus.stored, 1), else_=0)).label("stories"),
        )
        .group_by(Article.source_id)
        .subquery()
    )
    rows = db.execute(
        select(Source, counts.c.articles, counts.c.stories)
        .join(counts, counts.c.source_id == Source.id, isouter=True)
        .order_by(Source.name)
    ).all()
    items = [
        SourceRecord(
            **source.model_dump(include=set(SourceRecord.model_fields)),
            article_count=articles or 0,
            story_count=stories or 0,
        )
        for source, articles, stories in rows
    ]
    return SourceList(items=items)
