"""Where the tests find PostgreSQL and Redis, and how a test empties the shared database."""

import os

import psycopg

POSTGRES_ADMIN_URL = os.environ.get(
    "MEETWIRE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("MEETWIRE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def truncate_postgres(url: str) -> None:
    """Empty every table of the session's PostgreSQL database (the schema stays)."""
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        conn.execute(
            "TRUNCATE lsh_bucket, raw_page, article, meeting, poll_event, source "
            "RESTART IDENTITY CASCADE"
        )
