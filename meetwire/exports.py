"""The JSON shape of articles that other tools read (documented in the README)."""

import json
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from models import Article, Source
from scheduler.publishers import publisher_for

ARTICLE_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "publisher",
    "title",
    "published_at",
    "language",
    "author",
    "text",
    "status",
    "error",
    "fetched_at",
    "duplicate_of",
    "duplicate_kind",
    "similarity",
    "label",
    "is_meeting",
    "score",
    "meeting_id",
    "meeting_date",
    "meeting_city",
    "meeting_country",
    "occasion",
    "host",
    "evidence",
    "classifier_version",
    "rule",
)


def iter_article_records(
    *, session: Session, unique: bool = False, status: str | None = None, batch: int = 500
) -> Iterator[dict]:
    """Export records in id order; a duplicate stored without text shows its original's."""
    original = aliased(Article)
    query = (
        select(Article, Source.name, original.text)
        .join(Source, Article.source_id == Source.id, isouter=True)
        .join(original, Article.duplicate_of == original.id, isouter=True)
        .order_by(Article.id)
        .execution_options(yield_per=batch)
    )
    if unique:
        query = query.where(Article.duplicate_of.is_(None))
    if status:
        query = query.where(Article.status == status)
    for article, source_name, original_text in session.exec(query):
        yield article_record(article, source_name, original_text)


def article_record(article: Article, source_name: str | None, original_text: str | None) -> dict:
    """The export record of one article."""
    publisher = publisher_for(article.url, article.publisher or None)
    record = {name: getattr(article, name, None) for name in ARTICLE_FIELDS}
    record["source"] = source_name
    record["text"] = article.text if article.text is not None else original_text
    # Show times in the publisher's zone: a date-only publish time reads as that local day.
    if article.published_at is not None:
        record["published_at"] = article.published_at.astimezone(publisher.timezone).isoformat()
    return {key: _jsonable(value) for key, value in record.items()}


def dumps(record: dict) -> str:
    """One JSON line."""
    return json.dumps(record, ensure_ascii=False)


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
