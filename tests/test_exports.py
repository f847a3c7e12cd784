"""`meetwire export articles|meetings` in JSON lines, CSV and Parquet, run as a user runs it."""

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import insert
from typer.testing import CliRunner, Result

from meetwire.cli import app
from meetwire.corpus import ARTICLE_FIELDS, CLASSIFICATION_FIELDS, MEETING_FIELDS
from meetwire.exports import csv_value, jsonable
from meetwire.settings import Settings, get_settings
from models import Article, get_engine
from tests.support.corpus import MEETINGS, empty_database, store_corpus

MEETWIRE = str(Path(sys.executable).parent / "meetwire")


runner = CliRunner()


def export(*args: str) -> Result:
    """`meetwire export ARGS` in this process (the `settings` fixture names the database)."""
    return runner.invoke(app, ["export", *args], terminal_width=200)


def _jsonl(*args: str) -> list[dict]:
    result = export(*args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def local_env(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The command's settings on an empty SQLite file (for misuse that never reads a row)."""
    monkeypatch.setenv("MEETWIRE_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _parquet(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("what", ["articles", "meetings"])
def test_csv_and_parquet_hold_the_rows_and_fields_of_jsonl(
    settings: Settings, tmp_path: Path, what: str
) -> None:
    store_corpus(settings.database_url)
    rows = _jsonl(what)
    fields = ARTICLE_FIELDS if what == "articles" else MEETING_FIELDS
    assert rows and all(tuple(r) == fields for r in rows)

    out = tmp_path / f"{what}.csv"
    result = export(what, "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {len(rows)} {what}" in result.stderr and result.stdout == ""
    table = _csv(out)
    assert tuple(table[0]) == fields
    assert table == [{k: csv_value(v) for k, v in r.items()} for r in rows]

    out = tmp_path / f"{what}.parquet"
    result = export(what, "--format", "parquet", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert tuple(pq.read_schema(out).names) == fields
    typed = _parquet(out)
    assert len(typed) == len(rows)
    for from_parquet, from_json in zip(typed, rows, strict=True):
        for name in fields:
            value, expected = from_parquet[name], from_json[name]
            if name in ("published_at", "fetched_at") and value is not None:
                # Parquet keeps the instant in UTC; JSON shows the publisher's offset.
                assert value.timestamp() == _instant(expected), name
            else:
                assert jsonable(value) == expected, name


def _instant(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def test_unique_is_one_row_per_stored_story(settings: Settings) -> None:
    corpus = store_corpus(settings.database_url)
    rows = _jsonl("articles", "--unique")
    assert [r["id"] for r in rows] == corpus.stories
    assert {r["status"] for r in rows} == {"stored"}
    meetings = _jsonl("meetings", "--unique")
    assert all(len(m["article_ids"]) == m["story_count"] == 3 for m in meetings)


def test_since_and_label_narrow_the_rows(settings: Settings) -> None:
    corpus = store_corpus(settings.database_url)
    recent = _jsonl("articles", "--since", "2023-01-01", "--unique")
    assert {r["published_at"][:4] for r in recent} == {"2023", "2024"}
    assert len(recent) == 7  # two meetings × three languages, and the unrelated story
    video = _jsonl("articles", "--label", "video_meeting")
    assert [r["id"] for r in video] == [*corpus.stories[6:9], corpus.copies[2]]
    calls = _jsonl("meetings", "--label", "video_meeting")
    assert [m["date"] for m in calls] == ["2022-12-30"]
    later = _jsonl("meetings", "--since", "2023-01-01")
    assert [m["city"] for m in later] == [s.city for s in MEETINGS if s.day.year >= 2023]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (
            ["articles", "--status", "bogus"],
            ["pending", "stored", "duplicate", "skipped", "failed"],
        ),
        (["articles", "--label", "talks"], ["meeting", "video_meeting", "phone_call", "mention"]),
        (["meetings", "--label", "mention"], ["meeting", "video_meeting", "phone_call"]),
        (["articles", "--format", "xml"], ["jsonl", "csv", "parquet"]),
        (["articles", "--since", "yesterday"], ["%Y-%m-%d"]),
    ],
)
def test_an_unknown_value_exits_2_naming_the_valid_ones(
    local_env: None, args: list[str], named: list[str]
) -> None:
    result = export(*args)
    assert result.exit_code == 2
    assert all(name in result.stderr for name in named), result.stderr
    assert result.stdout == ""


def test_a_failed_export_leaves_no_half_written_file(local_env: None, tmp_path: Path) -> None:
    out = tmp_path / "missing-dir" / "articles.csv"
    result = export("articles", "--format", "csv", "--output", str(out))
    assert result.exit_code == 2 and "cannot write" in result.stderr
    assert not out.exists() and not out.with_name("articles.csv.part").exists()


def test_the_command_writes_a_file_a_user_names(sqlite_url: str, tmp_path: Path) -> None:
    store_corpus(sqlite_url)
    out = tmp_path / "articles.csv"
    result = subprocess.run(
        [MEETWIRE, "export", "articles", "--format", "csv", "--output", str(out)],
        env={**os.environ, "MEETWIRE_DATABASE_URL": sqlite_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(_csv(out)) == 24 and result.stdout == ""


def test_classify_writes_the_classification_fields_of_an_export() -> None:
    assert CLASSIFICATION_FIELDS == (
        "label",
        "is_meeting",
        "score",
        "meeting_date",
        "meeting_city",
        "meeting_country",
        "occasion",
        "host",
        "evidence",
        "rule",
    )
    assert set(CLASSIFICATION_FIELDS) <= set(ARTICLE_FIELDS)


def _fill(database_url: str, start: int, count: int, text_bytes: int) -> None:
    """`count` stored articles of `text_bytes` each, numbered from `start`, inserted in bulk."""
    body = ("Xi Jinping and Vladimir Putin held talks. " * (text_bytes // 42 + 1))[:text_bytes]
    rows = [
        {
            "url": f"https://english.news.cn/bulk/{i}.htm",
            "canonical_url": f"https://english.news.cn/bulk/{i}.htm",
            "publisher": "xinhua",
            "title": f"Story {i}",
            "text": body,
            "status": "stored",
            "attempts": 0,
            "evidence": [],
        }
        for i in range(start, start + count)
    ]
    with get_engine(database_url).begin() as connection:
        for first in range(0, count, 2000):
            connection.execute(insert(Article), rows[first : first + 2000])


def _peak_rss_mb(database_url: str, *args: str) -> float:
    """Peak resident memory of one export process, read by a parent that has no other child."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, MEETWIRE, "export", *args],
        env={**os.environ, "MEETWIRE_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout) / 1024


@pytest.mark.parametrize(
    ("database", "fmt"),
    [("sqlite", "parquet"), pytest.param("postgres", "jsonl", marks=pytest.mark.postgres)],
)
def test_export_memory_stays_flat_as_the_corpus_grows(
    request: pytest.FixtureRequest, tmp_path: Path, database: str, fmt: str
) -> None:
    # 2,000 then 10,000 articles of 12 kB: 24 MB then 120 MB of text. Holding it all would add
    # 96 MB and more; streaming (a server-side cursor, Parquet row groups) keeps the peak flat.
    database_url = request.getfixturevalue(f"{database}_url")
    if database == "postgres":
        empty_database(database_url)
    out = str(tmp_path / f"out.{fmt}")
    _fill(database_url, 0, 2000, 12_000)
    small = _peak_rss_mb(database_url, "articles", "--format", fmt, "--output", out)
    _fill(database_url, 2000, 8000, 12_000)
    large = _peak_rss_mb(database_url, "articles", "--format", fmt, "--output", out)
    assert large - small < 60, f"peak RSS {small:.0f} MB → {large:.0f} MB"
    if database == "postgres":
        empty_database(database_url)
