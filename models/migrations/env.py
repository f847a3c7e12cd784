"""Alembic environment: migrations run against the URL the caller configured."""

from alembic import context
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from models.db import get_engine

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # A batch migration rebuilds a table and renames it into place; SQLite's modern
            # rename re-checks every view (v_articles, v_meetings) mid-rebuild and fails.
            connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
