"""Alembic environment: migrations run against the URL the caller configured."""

from alembic import context
from sqlmodel import SQLModel

import models.article
import models.meeting
import models.source  # noqa: F401
from models.db import get_engine

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
