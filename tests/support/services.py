"""Where the tests find PostgreSQL and Redis, and how a test empties the shared database."""

import os
import subprocess
import time
from pathlib import Path

import psycopg
import redis

from tests.support.processes import free_port

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


class RedisServer:
    """A private redis-server on a free port (the shared one on 6379 is never restarted)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # Append-only, as in the compose file: a restart keeps what was queued.
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--appendonly",
            "yes",
            "--save",
            "",
        ]
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
