"""Fixtures shared by every test: settings, databases, a local HTTP server, ../shared."""

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from meetwire.settings import PROJECT_ROOT, Settings, get_settings
from models.db import get_engine, upgrade
from tests.support.http import LocalServer
from tests.support.services import POSTGRES_ADMIN_URL, REDIS_URL, truncate_postgres

# The only MEETWIRE_ variables the tests take from outside: where their services and data are.
_TEST_VARIABLES = {"MEETWIRE_SHARED_DIR", "MEETWIRE_TEST_POSTGRES_URL", "MEETWIRE_TEST_REDIS_URL"}


def pytest_configure(config: pytest.Config) -> None:
    """Every setting at its default in the environment, before any test module is imported.

    Environment variables outrank `.env`, so neither a developer's `.env` (read from the working
    directory by this process, the commands and the services the tests start) nor their shell's
    MEETWIRE_ variables can change what a test sees; a test sets what it needs on top.
    """
    for name in [n for n in os.environ if n.startswith("MEETWIRE_")]:
        if name not in _TEST_VARIABLES:
            del os.environ[name]
    defaults = Settings.model_construct().model_dump(mode="json")
    for name, value in defaults.items():
        if value is not None:
            text = value if isinstance(value, str) else json.dumps(value)
            os.environ[f"MEETWIRE_{name.upper()}"] = text
    get_settings.cache_clear()


def _need(reason: str) -> None:
    """Skip on a user's machine; fail under CI, where every service and folder must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (or MEETWIRE_SHARED_DIR): the real pages and the labelled eval set."""
    path = Path(os.environ.get("MEETWIRE_SHARED_DIR", PROJECT_ROOT.parent / "shared"))
    if not (path / "fixtures" / "MANIFEST.json").is_file():
        _need(f"the shared test data folder is missing: {path} (set MEETWIRE_SHARED_DIR)")
    return path


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1; set `server.routes[path] = Response(...)`."""
    with LocalServer() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated to head, dropped afterwards."""
    name = f"meetwire_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        _need(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    upgrade(url)
    yield url
    get_engine(url).dispose()
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The local Redis server (tests use unique key prefixes and queue names)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        _need(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite file, migrated to head."""
    url = f"sqlite:///{tmp_path / 'meetwire.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run the test once on SQLite and once on PostgreSQL (emptied before each test)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    url = request.getfixturevalue("postgres_url")
    truncate_postgres(url)
    return url


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings for tests: the given database, private networks allowed, no host delay."""
    monkeypatch.setenv("MEETWIRE_DATABASE_URL", database_url)
    monkeypatch.setenv("MEETWIRE_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("MEETWIRE_HOST_DELAY", "0")
    monkeypatch.setenv("MEETWIRE_BROKER_URL", "")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def unique_name() -> str:
    """A short unique name for Redis keys, queues and sources."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
def local_settings(tmp_path: Path) -> Settings:
    """Settings for tests that need no shared database: private networks allowed, no delay."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'local.db'}",
        allow_private_networks=True,
        host_delay=0,
        broker_url="",
    )
