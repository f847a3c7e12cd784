"""The SQL views v_meetings and v_articles, on SQLite and PostgreSQL, as a reader queries them."""

from alembic import command
from sqlalchemy import inspect, text

from models import get_engine, upgrade
from models.db import _alembic_config
from models.views import v_articles, v_meetings
from tests.support.corpus import MEETINGS, store_corpus


def _rows(database_url: str, sql: str) -> list[dict]:
    with get_engine(database_url).connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql))]


def test_v_meetings_has_one_row_per_meeting_with_counts_languages_publishers(
    database_url: str,
) -> None:
    corpus = store_corpus(database_url)
    rows = _rows(database_url, "SELECT * FROM v_meetings ORDER BY date")
    assert [r["id"] for r in rows] == corpus.meeting_ids
    assert [(str(r["date"]), r["city"], r["mode"]) for r in rows] == [
        (s.day.isoformat(), s.city, s.mode) for s in MEETINGS
    ]
    for row in rows:
        # Three stories (en, zh, ru) and one text-less copy of the English one.
        assert (row["article_count"], row["story_count"]) == (4, 3)
        assert row["languages"] == "en,ru,zh"
        assert row["publishers"] == "chinadaily,tass,xinhua"


def test_v_articles_holds_stored_stories_with_label_and_meeting(database_url: str) -> None:
    corpus = store_corpus(database_url)
    rows = _rows(database_url, "SELECT * FROM v_articles ORDER BY id")
    assert [r["id"] for r in rows] == corpus.stories, "no copies, failures, skips or pending rows"
    moscow = next(r for r in rows if r["meeting_city"] == "Moscow" and r["language"] == "en")
    assert (moscow["label"], moscow["meeting_mode"], moscow["source"]) == (
        "meeting",
        "in_person",
        "xinhua-en-world",
    )
    assert moscow["duplicates"] == 1 and moscow["text"]
    unrelated = rows[-1]
    assert unrelated["label"] == "unrelated" and unrelated["meeting_id"] is None


def test_view_models_name_the_views_columns(database_url: str) -> None:
    inspector = inspect(get_engine(database_url))
    assert {"v_meetings", "v_articles"} <= set(inspector.get_view_names())
    for view in (v_meetings, v_articles):
        columns = [c["name"] for c in inspector.get_columns(view.name)]
        assert columns == [c.name for c in view.columns]


def test_the_migration_goes_down_and_up_again(sqlite_url: str) -> None:
    command.downgrade(_alembic_config(sqlite_url), "-1")
    assert "v_meetings" not in inspect(get_engine(sqlite_url)).get_view_names()
    upgrade(sqlite_url)
    assert _rows(sqlite_url, "SELECT count(*) AS n FROM v_articles") == [{"n": 0}]
