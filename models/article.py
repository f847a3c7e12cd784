"""An article: one canonical URL, its text, its duplicate links and its classification."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, LargeBinary, String
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class ArticleStatus(StrEnum):
    """Lifecycle; the last four are final."""

    pending = "pending"
    stored = "stored"
    duplicate = "duplicate"
    skipped = "skipped"
    failed = "failed"


FINAL_STATUSES = frozenset(
    {ArticleStatus.stored, ArticleStatus.duplicate, ArticleStatus.skipped, ArticleStatus.failed}
)


class DuplicateKind(StrEnum):
    url = "url"
    exact = "exact"
    near = "near"
    version = "version"


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    canonical_url: str = Field(max_length=2000, unique=True, index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    publisher: str = Field(default="", max_length=100, index=True)

    # What the feed said, kept as a fallback when the page lacks it.
    entry_title: str | None = None
    entry_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    title: str | None = None
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    language: str | None = Field(default=None, max_length=20)
    author: str | None = None
    text: str | None = None

    status: ArticleStatus = Field(default=ArticleStatus.pending, sa_type=String(20), index=True)
    error: str | None = None
    http_status: int | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    discovered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    fetched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    # Deduplication.
    content_hash: str | None = Field(default=None, max_length=64, index=True)
    minhash: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    duplicate_of: int | None = Field(default=None, foreign_key="article.id", index=True)
    duplicate_kind: DuplicateKind | None = Field(default=None, sa_type=String(20))
    similarity: float | None = None

    # Classification.
    label: str | None = Field(default=None, max_length=20, index=True)
    is_meeting: bool | None = None
    score: float | None = None
    evidence: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meeting_date: date | None = None
    meeting_city: str | None = Field(default=None, max_length=100)
    meeting_country: str | None = Field(default=None, max_length=100)
    occasion: str | None = Field(default=None, max_length=100)
    host: str | None = Field(default=None, max_length=100)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    classified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Which classifier set the label: `meetwire reclassify --outdated` skips the current one's.
    classifier_version: str | None = Field(default=None, max_length=50)
    # Why the classifier decided so: "report:phone:direct:通电话" (see docs/classifier.md).
    rule: str | None = Field(default=None, max_length=200)


class RawPage(SQLModel, table=True):
    """The response an article was extracted from, zlib-compressed, for re-extraction."""

    __tablename__ = "raw_page"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    final_url: str = Field(max_length=2000)
    http_status: int = 200
    content_type: str | None = Field(default=None, max_length=200)
    charset: str | None = Field(default=None, max_length=50)
    body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    # Set instead of `body` when MEETWIRE_RAW_DIR keeps responses on disk.
    path: str | None = Field(default=None, max_length=1000)
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LshBucket(SQLModel, table=True):
    """One band of one article's MinHash: the near-duplicate index, shared by all workers."""

    __tablename__ = "lsh_bucket"

    band: int = Field(primary_key=True)
    bucket: str = Field(primary_key=True, max_length=40)
    article_id: int = Field(foreign_key="article.id", primary_key=True, index=True)
