"""A feed, listing, JSON datasource or sitemap that is polled on a schedule."""

from datetime import datetime

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow
from models.source_kind import SourceKind


class SourceBase(SQLModel):
    name: str = Field(index=True, unique=True, max_length=200)
    kind: SourceKind = Field(default=SourceKind.rss, sa_type=String(20))
    url: str = Field(max_length=2000)
    publisher: str = Field(default="", max_length=100)
    interval_seconds: int = Field(default=900)
    link_pattern: str | None = Field(default=None, max_length=1000)
    enabled: bool = Field(default=True)
    # Kind-specific settings (e.g. the JSON field mapping of a `json` source).
    options: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Source(SourceBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    next_poll_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # Set while one poller holds the source, so two ticks never poll it twice.
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_polled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status: str | None = Field(default=None, max_length=100)
    consecutive_failures: int = Field(default=0)
    last_error: str | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PollEvent(SQLModel, table=True):
    """One poll of one source: what came back and what it led to."""

    __tablename__ = "poll_event"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    duration_ms: int = Field(default=0)
    outcome: str = Field(max_length=40)
    http_status: int | None = None
    entries_found: int = 0
    articles_new: int = 0
    error: str | None = None
