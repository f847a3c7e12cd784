import psycopg
import pytest
from sqlalchemy import inspect

from models import get_engine, prepare_database
from tests.support.services import POSTGRES_ADMIN_URL


def test_sqlite_migrates_itself_with_wal(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    prepare_database(url)
    engine = get_engine(url)
    assert {"article", "source", "meeting", "poll_event", "raw_page", "lsh_bucket"} <= set(
        inspect(engine).get_table_names()
    )
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    prepare_database(url)  # a second call finds nothing to do


@pytest.mark.postgres
def test_postgres_is_never_migrated_behind_the_users_back(postgres_url, unique_name) -> None:
    """PostgreSQL needs `meetwire db upgrade`; an unmigrated database is refused with that hint."""
    prepare_database(postgres_url)  # the session database is at head
    name = f"meetwire_test_unmigrated_{unique_name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    try:
        with pytest.raises(RuntimeError, match="meetwire db upgrade"):
            prepare_database(url)
    finally:
        get_engine(url).dispose()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
