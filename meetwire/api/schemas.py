"""The API's response bodies (they make its OpenAPI document); labels and modes come from
`worker.classify.labels`."""

from datetime import datetime

from pydantic import BaseModel, Field

from meetwire.corpus import ArticleRecord, MeetingRecord


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, in words a person can act on.")


class Health(BaseModel):
    status: str = Field(description="`ok` (a database that does not answer gives a 503).")
    database: str = Field(description="`sqlite` or `postgresql`.")
    schema_current: bool = Field(description="True when the database is at the newest migration.")
    articles: int = Field(description="Articles stored, in every status.")
    meetings: int


class ArticlePage(BaseModel):
    items: list[ArticleRecord]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class MeetingList(BaseModel):
    items: list[MeetingRecord]


class MeetingDetail(MeetingRecord):
    articles: list[ArticleRecord] = Field(
        description="Every article that reports the meeting, stories and their copies, by id."
    )


class SourceRecord(BaseModel):
    id: int
    name: str
    kind: str
    url: str
    publisher: str
    enabled: bool
    interval_seconds: int
    next_poll_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_status: str | None
    consecutive_failures: int
    last_error: str | None
    article_count: int = Field(description="Articles this source found, in every status.")
    story_count: int = Field(description="Of them, the stored stories (no copies).")


class SourceList(BaseModel):
    items: list[SourceRecord]
