"""The `meetwire` command as a user runs it: a real process, real files, a local feed."""

import json
from pathlib import Path

import pytest

from tests.support.cli import command_env, meetwire
from tests.support.feed import serve_feed
from tests.support.http import LocalServer


@pytest.fixture
def cli_env(database_url: str) -> dict[str, str]:
    return command_env(database_url)


def test_import_run_and_export(cli_env, http_server: LocalServer, tmp_path: Path) -> None:
    serve_feed(http_server)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        f"  - {{name: local, kind: rss, url: '{http_server.url('/rss.xml')}', "
        "publisher: chinadaily, interval: 15m}\n"
    )
    imported = meetwire("sources", "import", str(sources), env=cli_env)
    assert imported.returncode == 0, imported.stderr
    assert "1 new" in imported.stderr

    listed = meetwire("sources", "list", env=cli_env)
    assert "local" in listed.stdout and "15m" in listed.stdout

    run = meetwire("run", env=cli_env)
    assert run.returncode == 0, run.stderr
    assert "total" in run.stderr

    exported = meetwire("export", "articles", "--format", "jsonl", env=cli_env)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == 2
    first = records[0]
    for field in (
        "id",
        "url",
        "canonical_url",
        "source",
        "publisher",
        "title",
        "published_at",
        "language",
        "text",
        "status",
        "error",
    ):
        assert field in first
    assert first["source"] == "local" and first["publisher"] == "chinadaily"
    assert first["status"] == "stored" and first["published_at"].startswith("2023-03-21")

    status = meetwire("status", env=cli_env)
    assert status.returncode == 0, status.stderr
    assert "stories (stored originals): 2" in status.stdout and "meetings: 1" in status.stdout
    assert "local" in status.stdout

    rerun = meetwire("run", env=cli_env)
    assert rerun.returncode == 0
    again = meetwire("export", "articles", "--format", "jsonl", env=cli_env)
    assert len(again.stdout.splitlines()) == 2


def test_add_disable_and_reimport_by_name(cli_env, tmp_path: Path) -> None:
    added = meetwire(
        "sources",
        "add",
        "cd",
        "https://www.chinadaily.com.cn/rss/world_rss.xml",
        "--interval",
        "30m",
        env=cli_env,
    )
    assert added.returncode == 0, added.stderr
    disabled = meetwire("sources", "disable", "cd", env=cli_env)
    assert disabled.returncode == 0
    listed = meetwire("sources", "list", env=cli_env)
    assert "chinadaily" in listed.stdout and " no " in listed.stdout
    as_options = meetwire(
        "sources",
        "add",
        "--name",
        "xh",
        "--url",
        "https://english.news.cn/world/",
        "--kind",
        "listing",
        "--link-pattern",
        "c\\.html$",
        env=cli_env,
    )
    assert as_options.returncode == 0, as_options.stderr
    assert "xh" in meetwire("sources", "list", env=cli_env).stdout
    incomplete = meetwire("sources", "add", "--name", "only-a-name", env=cli_env)
    assert incomplete.returncode == 2 and "name and URL" in incomplete.stderr
    missing = meetwire("sources", "disable", "nope", env=cli_env)
    assert missing.returncode == 2 and "no source named 'nope'" in missing.stderr


def test_misuse_exits_non_zero_with_a_reason(cli_env, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {name: x, url: 'http://x/', kind: listing}\n")
    result = meetwire("sources", "import", str(bad), env=cli_env)
    assert result.returncode == 2 and "link_pattern" in result.stderr


def test_an_unusable_database_is_reported(tmp_path: Path) -> None:
    env = {"MEETWIRE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = meetwire("run", env=env)
    assert result.returncode == 2 and "is not usable" in result.stderr


def test_db_upgrade_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    env = {"MEETWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    result = meetwire("db", "upgrade", env=env)
    assert result.returncode == 0 and "newest schema" in result.stderr


def test_db_upgrade_gives_up_on_an_unreachable_database_with_a_reason() -> None:
    env = {"MEETWIRE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = meetwire("db", "upgrade", "--wait", "1", env=env)
    assert result.returncode == 2 and "could not migrate" in result.stderr
