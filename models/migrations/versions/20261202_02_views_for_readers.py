"""views for readers: v_meetings and v_articles

Revision ID: 20261202_02
Revises: 20261202_03
Create Date: 2026-12-02 02:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261202_02"
down_revision: str | None = "20261202_03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Articles that carry a story: an original or one of its copies (not pending, skipped, failed).
_READABLE = "('stored', 'duplicate')"


def _distinct_list(column: str, dialect: str) -> str:
    """A sorted, comma-separated list of one article column over a meeting's articles."""
    where = f"a.meeting_id = m.id AND a.{column} IS NOT NULL AND a.{column} <> '' "
    where += f"AND a.status IN {_READABLE}"
    if dialect == "postgresql":
        return (
            f"(SELECT string_agg(DISTINCT a.{column}, ',' ORDER BY a.{column}) "
            f"FROM article a WHERE {where})"
        )
    # SQLite's group_concat(DISTINCT x) takes no separator or order: aggregate a sorted subquery.
    return (
        f"(SELECT group_concat({column}, ',') FROM "
        f"(SELECT DISTINCT a.{column} FROM article a WHERE {where} ORDER BY a.{column}))"
    )


def _v_meetings(dialect: str) -> str:
    return f"""
CREATE VIEW v_meetings AS
SELECT
    m.id, m.date, m.end_date, m.city, m.country, m.mode, m.occasion, m.host,
    (SELECT count(*) FROM article a
      WHERE a.meeting_id = m.id AND a.status IN {_READABLE}) AS article_count,
    (SELECT count(*) FROM article a
      WHERE a.meeting_id = m.id AND a.status = 'stored') AS story_count,
    {_distinct_list("language", dialect)} AS languages,
    {_distinct_list("publisher", dialect)} AS publishers
FROM meeting m
"""


V_ARTICLES = """
CREATE VIEW v_articles AS
SELECT
    a.id, a.url, a.canonical_url, s.name AS source, a.publisher, a.title, a.published_at,
    a.language, a.author, a.text, a.fetched_at,
    a.label, a.is_meeting, a.score,
    a.meeting_id, m.date AS meeting_date, m.end_date AS meeting_end_date, m.mode AS meeting_mode,
    m.city AS meeting_city, m.country AS meeting_country, m.occasion, m.host,
    (SELECT count(*) FROM article d WHERE d.duplicate_of = a.id) AS duplicates
FROM article a
LEFT JOIN source s ON s.id = a.source_id
LEFT JOIN meeting m ON m.id = a.meeting_id
WHERE a.status = 'stored'
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(_v_meetings(dialect))
    op.execute(V_ARTICLES)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_articles")
    op.execute("DROP VIEW IF EXISTS v_meetings")
