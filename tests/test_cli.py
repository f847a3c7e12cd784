"""The `meetwire` command as a user runs it: a real process, real files, a local feed."""

import json
from pathlib import Path

import pytest
import redis
from sqlmodel import func, select

from models import Article, PollEvent, Source, session_scope
from tests.support.cli import command_env, meetwire
from tests.support.feed import TALKS, serve_feed
from tests.support.http import LocalServer, Response


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
    # The summary is a result (stdout); the progress bar is not.
    assert "total" in run.stdout and "total" not in run.stderr
    assert "processing articles" in run.stderr and "processing articles" not in run.stdout

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


# --- Reading the results at 80 columns, stdout and stderr, help --------------------------------


def test_tables_stay_readable_at_80_columns(cli_env, http_server: LocalServer, tmp_path) -> None:
    serve_feed(http_server)
    feed = http_server.routes["/rss.xml"]
    http_server.routes["/rss.xml"] = lambda handler: (
        Response(b"", 304, {"ETag": '"v1"'})
        if handler.headers.get("If-None-Match") == '"v1"'
        else feed
    )
    narrow = {**cli_env, "COLUMNS": "80"}
    name = "chinadaily-world-local-feed"
    added = meetwire("sources", "add", name, http_server.url("/rss.xml"), env=narrow)
    assert added.returncode == 0, added.stderr
    first = meetwire("run", env=narrow)
    second = meetwire("run", env=narrow)  # the feed answers 304 to its ETag
    assert second.returncode == 0, second.stderr
    outputs = {
        "run": first.stdout,
        "run again": second.stdout,
        "sources list": meetwire("sources", "list", env=narrow).stdout,
        "status": meetwire("status", env=narrow).stdout,
        "meetings": meetwire("meetings", env=narrow).stdout,
    }
    for command, text in outputs.items():
        assert text, command
        assert "…" not in text, f"{command} cut a cell:\n{text}"
        assert max(map(len, text.splitlines())) <= 80, f"{command} is wider than 80:\n{text}"
        if command != "meetings":
            assert name in text, f"{command} lost the source's name:\n{text}"
    assert "stored" in outputs["run"] and "duplicate" in outputs["run"]
    assert "not modified" in outputs["run again"]
    assert "2023-03-21" in outputs["meetings"] and "in_person" in outputs["meetings"]
    assert "Moscow" in outputs["meetings"]
    listed = outputs["sources list"]
    assert "--wide" in listed and http_server.url("/rss.xml") not in listed
    wide = meetwire("sources", "list", "--wide", env=narrow).stdout
    assert http_server.url("/rss.xml") in wide and "chinadaily" in wide and "not shown" not in wide


def test_help_version_and_h(cli_env) -> None:
    top = meetwire("-h", env=cli_env)
    assert top.returncode == 0 and top.stdout == meetwire("--help", env=cli_env).stdout
    for command in ("run", "status", "meetings", "backfill", "reprocess", "sources", "db"):
        assert command in top.stdout
    assert "enable" in top.stdout  # `sources enable` is named under sources
    version = meetwire("--version", env=cli_env)
    assert version.returncode == 0 and version.stdout.strip() == "meetwire 0.1.0"
    commands = [["sources", c] for c in ("import", "list", "add", "check", "disable", "enable")]
    commands += [[c] for c in ("run", "status", "meetings", "backfill", "reprocess", "dedup")]
    commands += [["db", "upgrade"], ["export", "articles"], ["classify"], ["reclassify"]]
    for command in [[], ["sources"], ["db"], ["export"], *commands]:
        shown = meetwire(*command, "-h", env=cli_env)
        assert shown.returncode == 0, (command, shown.stderr)
        assert "<bool>" not in shown.stdout, command
    assert "--wide" in meetwire("sources", "list", "-h", env=cli_env).stdout


def test_a_setting_out_of_range_is_refused_at_start_up(cli_env) -> None:
    env = {**cli_env, "MEETWIRE_NEAR_DUPLICATE_THRESHOLD": "7"}
    for command in (["status"], ["db", "upgrade"], ["sources", "check", "http://127.0.0.1:1/"]):
        result = meetwire(*command, env=env)
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "MEETWIRE_NEAR_DUPLICATE_THRESHOLD='7'" in lines[0]
        assert "at most 1" in lines[0]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("  - {name: a, url: 'http://a/'}\n  - {name: a, url: 'http://b/'}\n", "already used"),
        ("  - {name: x, url: 'http://a/', kind: listing, link_pattern: '(['}\n", "valid regex"),
        ("  - {name: ' ', url: 'http://a/'}\n", "the name is blank"),
        ("  - {name: x, url: 'http://a/', publisher: reuters}\n", "unknown publisher 'reuters'"),
    ],
)
def test_sources_file_mistakes_exit_2_on_one_line(cli_env, tmp_path, entries, message) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n" + entries)
    result = meetwire("sources", "import", str(path), env=cli_env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "sources[" in lines[0], result.stderr
    # Nothing of the file was imported.
    assert "no sources yet" in meetwire("sources", "list", env=cli_env).stderr


# --- sources check ----------------------------------------------------------------------------


def test_the_command_stores_nothing(cli_env, http_server: LocalServer, database_url) -> None:
    serve_feed(http_server)
    env = {**cli_env, "COLUMNS": "80"}
    url = http_server.url("/rss.xml")
    checked = meetwire("sources", "check", url, env=env)
    assert checked.returncode == 0, checked.stderr
    assert "2 entries would be ingested" in checked.stdout
    # Titles are free text: at 80 columns they wrap, every word kept.
    words = " ".join(line.strip("│ ") for line in checked.stdout.splitlines()).split()
    assert {"Xi,", "Putin", "Moscow", "Philippine", "2023-03-21"} <= set(words)
    assert "no problems found" in checked.stdout
    assert max(map(len, checked.stdout.splitlines())) <= 80

    added = meetwire("sources", "add", "local", url, env=env)
    assert added.returncode == 0, added.stderr
    by_name = meetwire("sources", "check", "local", env=env)
    assert by_name.returncode == 0 and "2 entries would be ingested" in by_name.stdout
    with session_scope(database_url) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == 0
        assert session.exec(select(func.count()).select_from(PollEvent)).one() == 0
        source = session.exec(select(Source)).one()
        assert source.last_polled_at is None and source.etag is None

    as_sitemap = meetwire("sources", "check", "local", "--kind", "sitemap", env=env)
    assert as_sitemap.returncode == 1 and "problem:" in as_sitemap.stdout
    unknown = meetwire("sources", "check", "nope", env=env)
    assert unknown.returncode == 2 and "no source named 'nope'" in unknown.stderr


def test_checking_a_url_needs_no_database(http_server: LocalServer, tmp_path: Path) -> None:
    serve_feed(http_server)
    env = {
        "MEETWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
    }
    checked = meetwire("sources", "check", http_server.url("/rss.xml"), env=env)
    assert checked.returncode == 0, checked.stderr
    assert not (tmp_path / "never.db").exists()


# --- status: the queue and the last failures ---------------------------------------------------


def test_status_shows_the_last_failures_with_their_reasons(
    cli_env, http_server: LocalServer
) -> None:
    serve_feed(http_server)
    del http_server.routes[TALKS]  # one article answers 404
    env = {**cli_env, "COLUMNS": "80"}
    meetwire("sources", "add", "local", http_server.url("/rss.xml"), env=env)
    meetwire("sources", "add", "gone", http_server.url("/gone.xml"), env=env)
    assert meetwire("run", env=env).returncode == 0
    status = meetwire("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "failing sources" in status.stdout and "gone" in status.stdout
    assert "last failed articles" in status.stdout and "404" in status.stdout
    assert "queue" not in status.stdout  # no broker configured


@pytest.mark.redis
def test_status_shows_the_queue_length_from_redis(cli_env, redis_url, unique_name) -> None:
    from celery import Celery

    queue = f"status-{unique_name}"
    # Not the current app: later tests' shared tasks must keep sending through meetwire's own.
    producer = Celery("status-test", broker=redis_url, set_as_current=False)
    for article_id in (1, 2, 3):
        producer.send_task("meetwire.process_article", args=[article_id], queue=queue)
    env = {**cli_env, "MEETWIRE_BROKER_URL": redis_url, "MEETWIRE_QUEUE_NAME": queue}
    try:
        status = meetwire("status", env=env)
    finally:
        redis.Redis.from_url(redis_url).delete(queue)
    assert status.returncode == 0, status.stderr
    assert f"queue {queue}: 3 waiting, 0 taken by workers" in status.stdout

    unreachable = {**env, "MEETWIRE_BROKER_URL": "redis://127.0.0.1:1/0"}
    down = meetwire("status", env=unreachable)
    assert down.returncode == 0 and "the broker is not reachable" in down.stdout


def test_run_refuses_a_bad_sources_file_at_start_up(cli_env, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "sources:\n  - {name: x, url: 'http://a/', kind: listing, link_pattern: '(['}\n"
    )
    result = meetwire("run", env={**cli_env, "MEETWIRE_SOURCES_FILE": str(path)})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "sources[0] (x): link_pattern '([' is not a valid regex" in lines[0]


def test_sources_import_without_a_file_imports_the_packaged_defaults(tmp_path: Path) -> None:
    env = {"MEETWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "COLUMNS": "80"}
    imported = meetwire("sources", "import", env=env)
    assert imported.returncode == 0, imported.stderr
    assert "from the packaged defaults: 7 new" in imported.stderr
    assert "chinadaily-world" in meetwire("sources", "list", env=env).stdout
