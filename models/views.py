"""The read-only SQL views other tools query (created by migration 20261202_02).

They live on their own MetaData so that Alembic never tries to create them as tables.
"""

from sqlalchemy import Boolean, Column, Date, Float, Integer, MetaData, String, Table, Text

from models.base import UTCDateTime

VIEWS = MetaData()

v_meetings = Table(
    "v_meetings",
    VIEWS,
    Column("id", Integer, primary_key=True),
    Column("date", Date),
    Column("end_date", Date),
    Column("city", String),
    Column("country", String),
    Column("mode", String),
    Column("occasion", String),
    Column("host", String),
    Column("article_count", Integer),
    Column("story_count", Integer),
    Column("languages", String),
    Column("publishers", String),
)

v_articles = Table(
    "v_articles",
    VIEWS,
    Column("id", Integer, primary_key=True),
    Column("url", String),
    Column("canonical_url", String),
    Column("source", String),
    Column("publisher", String),
    Column("title", Text),
    Column("published_at", UTCDateTime),
    Column("language", String),
    Column("author", Text),
    Column("text", Text),
    Column("fetched_at", UTCDateTime),
    Column("label", String),
    Column("is_meeting", Boolean),
    Column("score", Float),
    Column("meeting_id", Integer),
    Column("meeting_date", Date),
    Column("meeting_end_date", Date),
    Column("meeting_mode", String),
    Column("meeting_city", String),
    Column("meeting_country", String),
    Column("occasion", String),
    Column("host", String),
    Column("duplicates", Integer),
)


def split_list(value: str | None) -> list[str]:
    """A view's comma-separated list column as a Python list."""
    return value.split(",") if value else []
