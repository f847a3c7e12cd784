"""Mistakes a user can fix get one line naming the fix and exit 2, from every command."""

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetwire.cli.errors import user_error
from meetwire.lines import utf8_lines
from meetwire.settings import Settings
from tests.support.http import LocalServer, Response

MEETWIRE = str(Path(sys.executable).parent / "meetwire")
DATA = Path(__file__).parent / "data"


def meetwire(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    full = {**os.environ, "MEETWIRE_BROKER_URL": "", "COLUMNS": "200", **env}
    return subprocess.run(
        [MEETWIRE, *args], env=full, cwd=cwd, capture_output=True, timeout=180, check=False
    )


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.decode().splitlines() if line.startswith("error:")]


@pytest.fixture
def read_only_db(sqlite_url: str, tmp_path: Path) -> Iterator[Path]:
    """A migrated SQLite file with one source and one stored article, made read-only."""
    from models import Article, ArticleStatus, session_scope
    from scheduler.sources import SourceSpec, upsert_source

    with session_scope(sqlite_url) as session:
        upsert_source(
            session=session,
            spec=SourceSpec(name="local", url="http://127.0.0.1:9/rss.xml"),
            default_interval=900,
        )
        session.add(
            Article(
                url="http://127.0.0.1:9/a.html",
                canonical_url="http://127.0.0.1:9/a.html",
                status=ArticleStatus.stored,
                text="Xi Jinping held talks with Vladimir Putin in Moscow on Tuesday.",
                title="Xi, Putin hold talks",
            )
        )
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    path.chmod(0o444)
    immutable = os.geteuid() == 0  # root writes through file modes; an immutable file stops it
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    yield path
    if immutable:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o644)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "command",
    [
        ["run"],
        ["sources", "add", "new", "http://127.0.0.1:9/feed.xml"],
        ["reclassify"],
        ["dedup", "--rebuild"],
    ],
    ids=["run", "sources-add", "reclassify", "dedup"],
)
def test_a_read_only_database_is_one_line_and_exit_2(
    command: list[str], read_only_db: Path, tmp_path: Path
) -> None:
    before = digest(read_only_db)
    env = {"MEETWIRE_DATABASE_URL": f"sqlite:///{read_only_db}", "MEETWIRE_HOST_DELAY": "0"}
    result = meetwire(*command, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr.decode()[-3000:]
    errors = error_lines(result)
    assert len(errors) == 1 and "Traceback" not in result.stderr.decode()
    assert str(read_only_db) in errors[0] and "writable" in errors[0]
    assert digest(read_only_db) == before


def test_a_bad_setting_value_names_the_variable_even_for_status(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = {"MEETWIRE_DATABASE_URL": sqlite_url, "MEETWIRE_HOST_DELAY": "abc"}
    result = meetwire("status", env=env, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == b""
    (error,) = error_lines(result)
    assert "MEETWIRE_HOST_DELAY='abc'" in error and "valid number" in error


def test_an_unsupported_database_url_is_refused_without_showing_its_password(
    tmp_path: Path,
) -> None:
    env = {"MEETWIRE_DATABASE_URL": "mysql://user:s3cret@db.example/meetwire"}
    result = meetwire("status", env=env, cwd=tmp_path)
    assert result.returncode == 2
    (error,) = error_lines(result)
    assert "MEETWIRE_DATABASE_URL" in error and "'mysql'" in error and "postgresql://" in error
    assert "s3cret" not in result.stderr.decode()
    assert list(tmp_path.iterdir()) == []  # nothing written, not even an SQLite file


def test_classify_reads_each_line_alone_a_bad_byte_costs_one_line(tmp_path: Path) -> None:
    good = {"id": "a", "title": "Xi, Putin hold talks in Moscow", "text": "Talks at the Kremlin."}
    other = {"id": "c", "title": "Weather", "text": "Rain in Beijing."}
    path = tmp_path / "input.jsonl"
    path.write_bytes(
        json.dumps(good).encode() + b"\n" + b'{"id": "b", "title": "caf\xe9"}\n'
        b"" + json.dumps(other).encode() + b"\n"
    )
    result = meetwire("classify", str(path), "--no-link", env={}, cwd=tmp_path)
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == ["a", None, "c"]
    assert records[0]["label"] == "meeting" and records[2]["label"] == "unrelated"
    assert records[1]["error"].startswith("line 2: not UTF-8 (byte 0xe9 at column 26)")
    assert result.returncode == 2
    assert "line 2: not UTF-8" in result.stderr.decode()


def test_backfill_urls_skips_an_undecodable_line_and_fetches_the_rest(
    sqlite_url: str, tmp_path: Path, http_server: LocalServer
) -> None:
    http_server.routes["/talks.html"] = Response(
        (DATA / "pages" / "xi_putin_talks.html").read_bytes()
    )
    path = tmp_path / "urls.txt"
    path.write_bytes(
        http_server.url("/talks.html").encode() + b"\n" + b"http://example.com/\xff\xfe\n"
    )
    env = {
        "MEETWIRE_DATABASE_URL": sqlite_url,
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
    }
    result = meetwire("backfill", "--urls", str(path), env=env, cwd=tmp_path)
    stderr = result.stderr.decode()
    assert "line 2: skipped: not UTF-8 (byte 0xff at column 20)" in stderr
    assert result.returncode == 2 and "not UTF-8" in error_lines(result)[0]
    exported = meetwire("export", "articles", "--format", "jsonl", env=env, cwd=tmp_path)
    rows = [json.loads(line) for line in exported.stdout.decode().splitlines()]
    assert [r["status"] for r in rows] == ["stored"]


def test_utf8_lines_reports_each_bad_line_and_drops_a_bom() -> None:
    lines = list(utf8_lines([b"\xef\xbb\xbfone\n", b"tw\xffo\r\n", b"three"]))
    assert [line.text for line in lines] == ["one", None, "three"]
    assert lines[1].number == 2 and "byte 0xff at column 3" in lines[1].problem


def test_a_bug_is_not_mistaken_for_a_user_error() -> None:
    assert user_error(KeyError("x")) is None
    with pytest.raises(ValueError) as caught:
        Settings(host_delay="abc")
    assert "MEETWIRE_HOST_DELAY='abc'" in user_error(caught.value)
