"""`meetwire classify`, `reclassify`, `meetings` and `export meetings`, run for real."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from meetwire.cli import app
from meetwire.settings import Settings
from models import Article, ArticleStatus, Meeting, session_scope
from worker.classify import CLASSIFIER_VERSION

runner = CliRunner()

LINES = [
    {
        "id": "a1",
        "title": "Xi Jinping holds talks with Vladimir Putin in Beijing",
        "text": "BEIJING, May 16 (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
        "President Vladimir Putin in Beijing on Thursday.",
        "published": "2024-05-16",
        "language": "en",
    },
    {
        "id": "a2",
        "title": "习近平同俄罗斯总统普京通电话",
        "text": "国家主席习近平8日同俄罗斯总统普京通电话。",
        "published": "2024-02-08",
    },
    {"id": "a3", "title": "Weather", "text": "Rain in Moscow.", "language": "en"},
]


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_classify_reads_stdin_and_writes_one_line_per_input() -> None:
    result = runner.invoke(app, ["classify"], input=_jsonl(LINES))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a1", "a2", "a3"]
    assert out[0] == {
        "id": "a1",
        "label": "meeting",
        "is_meeting": True,
        "score": out[0]["score"],
        "meeting_date": "2024-05-16",
        "meeting_city": "Beijing",
        "meeting_country": "China",
        "occasion": None,
        "host": "China",
        "evidence": out[0]["evidence"],
        "rule": "report:in_person:direct:talks",
    }
    assert out[0]["evidence"] and 0 < out[0]["score"] <= 1
    assert (out[1]["label"], out[1]["meeting_date"]) == ("phone_call", "2024-02-08")
    assert out[2]["label"] == "unrelated" and out[2]["is_meeting"] is False


RECAP = {
    "id": "r1",
    "title": "Тема недели — переговоры лидеров России и Китая",
    "text": "Владимир Путин и Си Цзиньпин провели переговоры и подписали заявление.",
    "published": "2024-05-19",
    "language": "ru",
}


def test_classify_links_the_files_reports_unless_told_not_to() -> None:
    linked = runner.invoke(app, ["classify"], input=_jsonl([RECAP, LINES[0]]))
    assert linked.exit_code == 0, linked.output
    recap, stated = [json.loads(line) for line in linked.stdout.splitlines()]
    # The weekly recap states no day and no city: it reads its meeting's.
    assert (recap["meeting_date"], recap["meeting_city"], recap["host"]) == (
        "2024-05-16",
        "Beijing",
        "China",
    )
    assert stated["meeting_date"] == "2024-05-16"
    alone = runner.invoke(app, ["classify", "--no-link"], input=_jsonl([RECAP, LINES[0]]))
    recap = json.loads(alone.stdout.splitlines()[0])
    assert (recap["meeting_date"], recap["meeting_city"]) == ("2024-05-19", None)


def test_bad_lines_get_an_error_and_the_rest_still_run() -> None:
    text = 'not json\n{"id": "b", "title": "x", "published": "yesterday"}\n' + _jsonl(LINES[:1])
    result = runner.invoke(app, ["classify", "-"], input=text)
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] is None and "not JSON" in out[0]["error"]
    assert out[1]["id"] == "b" and "published" in out[1]["error"]
    assert out[2]["label"] == "meeting"


def test_classify_a_file_with_the_installed_command(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl(LINES), encoding="utf-8")
    command = [sys.executable, "-c", "from meetwire.cli import main; main()", "classify"]
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["label"] for x in done.stdout.splitlines()] == [
        "meeting",
        "phone_call",
        "unrelated",
    ]
    missing = subprocess.run(
        [*command, str(tmp_path / "missing.jsonl")], capture_output=True, text=True, timeout=60
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


def _store(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        for i, line in enumerate(LINES):
            url = f"https://english.news.cn/{line['id']}.htm"
            session.add(
                Article(
                    url=url,
                    canonical_url=url,
                    publisher="xinhua",
                    title=line["title"],
                    text=line["text"],
                    published_at=datetime(2024, 2, 8 + i, 4, 0, tzinfo=UTC)
                    if i
                    else datetime(2024, 5, 16, 4, 0, tzinfo=UTC),
                    status=ArticleStatus.stored,
                )
            )
        pending = "https://english.news.cn/pending.htm"
        session.add(Article(url=pending, canonical_url=pending, title=LINES[0]["title"]))


def test_reclassify_then_meetings_and_export(settings: Settings) -> None:
    _store(settings)
    result = runner.invoke(app, ["reclassify"])
    assert result.exit_code == 0, result.output
    with session_scope(settings.database_url) as session:
        meetings = session.exec(select(Meeting).order_by(Meeting.date)).all()
        assert [(m.mode, m.city) for m in meetings] == [("phone", None), ("in_person", "Beijing")]
        pending = session.exec(select(Article).where(Article.status == "pending")).one()
        assert pending.label is None, "only stored articles are classified"

    # Running it again rebuilds the same meetings instead of adding rows.
    assert runner.invoke(app, ["reclassify"]).exit_code == 0
    with session_scope(settings.database_url) as session:
        assert len(session.exec(select(Meeting)).all()) == 2

    exported = runner.invoke(app, ["export", "meetings", "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(r["mode"], r["date"], r["city"], r["country"]) for r in records] == [
        ("phone", "2024-02-08", None, None),
        ("in_person", "2024-05-16", "Beijing", "China"),
    ]
    assert {"id", "occasion", "host", "article_ids", "publishers"} <= set(records[0])
    assert len(records[1]["article_ids"]) == 1 and records[1]["publishers"] == ["xinhua"]

    table = runner.invoke(app, ["meetings"], terminal_width=200)
    assert table.exit_code == 0, table.output
    assert "Beijing" in table.stdout and "phone" in table.stdout and "2 meetings" in table.stdout


def test_reclassify_keeps_meeting_ids_and_exports_the_classifier_version(
    settings: Settings,
) -> None:
    _store(settings)
    assert runner.invoke(app, ["reclassify"]).exit_code == 0
    first = runner.invoke(app, ["export", "meetings", "--format", "jsonl"]).stdout
    again = runner.invoke(app, ["reclassify"], terminal_width=200)
    assert again.exit_code == 0, again.output
    assert "kept (same id)" in again.output
    assert runner.invoke(app, ["export", "meetings", "--format", "jsonl"]).stdout == first

    outdated = runner.invoke(app, ["reclassify", "--outdated"], terminal_width=200)
    assert outdated.exit_code == 0, outdated.output
    assert "skipped" in outdated.output and CLASSIFIER_VERSION in outdated.output
    exported = runner.invoke(app, ["export", "articles", "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [r["classifier_version"] for r in records] == [CLASSIFIER_VERSION] * 3 + [None]
    assert {"label", "meeting_id", "evidence", "host"} <= set(records[0])
