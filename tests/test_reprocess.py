"""Re-extraction from kept raw pages (in the database or MEETWIRE_RAW_DIR), without fetching."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from meetwire.settings import Settings
from models import Article, RawPage, session_scope, utcnow
from tests.support.cli import command_env, meetwire
from tests.support.feed import TALKS, add_source, serve_feed
from tests.support.http import LocalServer
from worker.pipeline.poll import insert_article_if_new
from worker.pipeline.rawstore import load_raw, save_raw
from worker.reprocess import UnknownSource, reprocess
from worker.runner import run_once


def ingest(settings, server: LocalServer) -> None:
    serve_feed(server)
    add_source(settings.database_url, server.url("/rss.xml"), name="local")
    run_once(settings=settings)


def spoil_extraction(settings) -> None:
    """What an older, worse extractor might have stored."""
    with session_scope(settings.database_url) as session:
        for article in session.exec(select(Article)):
            article.title, article.text = "wrong", "wrong"


def by_path(settings, server: LocalServer) -> dict[str, Article]:
    with session_scope(settings.database_url) as session:
        return {a.url.removeprefix(server.base_url): a for a in session.exec(select(Article))}


def test_reprocess_re_extracts_from_raw_pages_without_fetching(settings, http_server) -> None:
    ingest(settings, http_server)
    spoil_extraction(settings)
    hits = len(http_server.requests)

    report = reprocess(settings=settings)

    assert len(http_server.requests) == hits  # nothing fetched
    assert report.selected == 2 and report.statuses == {"stored": 2} and not report.without_raw
    talks = by_path(settings, http_server)[TALKS]
    assert talks.title == "Xi, Putin hold talks in Moscow"
    assert talks.text.startswith("MOSCOW, March 21 (Xinhua) -- Chinese President Xi Jinping")


def test_articles_without_a_raw_page_are_reported(settings, http_server) -> None:
    ingest(settings, http_server)
    with session_scope(settings.database_url) as session:
        values = {"url": "http://gone.example/a", "canonical_url": "https://gone.example/a"}
        lost = insert_article_if_new(session=session, values={**values, "status": "failed"})
        pending = {"url": "http://p.example/a", "canonical_url": "https://p.example/a"}
        insert_article_if_new(session=session, values=pending)

    report = reprocess(settings=settings)

    assert report.selected == 3  # pending articles are the pipeline's, not reprocess's
    assert report.without_raw == [lost] and report.statuses == {"stored": 2}


def test_source_and_since_select_articles(settings, http_server) -> None:
    ingest(settings, http_server)
    with pytest.raises(UnknownSource, match="no source named 'nope'"):
        reprocess(settings=settings, source_name="nope")

    assert reprocess(settings=settings, source_name="local").selected == 2
    later = utcnow() + timedelta(hours=1)
    assert reprocess(settings=settings, since=later).selected == 0
    assert reprocess(settings=settings, since=utcnow() - timedelta(hours=1)).selected == 2


def test_raw_dir_keeps_pages_on_disk(settings, http_server, tmp_path: Path) -> None:
    on_disk = settings.model_copy(update={"raw_dir": str(tmp_path / "raw")})
    ingest(on_disk, http_server)

    with session_scope(settings.database_url) as session:
        pages = list(session.exec(select(RawPage)))
    assert len(pages) == 2 and all(p.body is None and p.path for p in pages)
    files = sorted((tmp_path / "raw").rglob("*.zz"))
    assert [f.relative_to(tmp_path / "raw").as_posix() for f in files] == sorted(
        p.path for p in pages
    )
    assert b"Xi, Putin hold talks" in load_raw(
        page=next(p for p in pages if p.final_url.endswith(TALKS)), settings=on_disk
    )

    spoil_extraction(settings)
    assert reprocess(settings=on_disk).statuses == {"stored": 2}
    assert by_path(settings, http_server)[TALKS].text.startswith("MOSCOW")

    files[0].unlink()
    report = reprocess(settings=on_disk)
    assert len(report.unreadable) == 1 and "unreadable" in next(iter(report.unreadable.values()))


def test_save_raw_shares_identical_bodies_and_round_trips(local_settings, tmp_path) -> None:
    on_disk = local_settings.model_copy(update={"raw_dir": str(tmp_path)})
    first, second, inline = (RawPage(article_id=i, final_url="u") for i in (1, 2, 3))
    save_raw(page=first, body=b"<html>same</html>", settings=on_disk)
    save_raw(page=second, body=b"<html>same</html>", settings=on_disk)
    save_raw(page=inline, body=b"<html>db</html>", settings=local_settings)

    assert first.path == second.path and len(list(tmp_path.rglob("*.zz"))) == 1
    assert load_raw(page=second, settings=on_disk) == b"<html>same</html>"
    assert (
        inline.path is None and load_raw(page=inline, settings=local_settings) == b"<html>db</html>"
    )
    assert not list(tmp_path.rglob(".tmp-*"))


def test_reprocess_command(sqlite_url, http_server) -> None:
    settings = Settings(
        database_url=sqlite_url, allow_private_networks=True, host_delay=0, broker_url=""
    )
    ingest(settings, http_server)
    env = command_env(sqlite_url)

    done = meetwire("reprocess", "--source", "local", "--since", "2020-01-01", env=env)
    assert done.returncode == 0, done.stderr
    assert "re-extracting articles" in done.stderr and "stored" in done.stderr

    unknown = meetwire("reprocess", "--source", "nope", env=env)
    assert unknown.returncode == 2 and "no source named 'nope'" in unknown.stderr
    bad_date = meetwire("reprocess", "--since", "yesterday", env=env)
    assert bad_date.returncode == 2 and "--since must be a date" in bad_date.stderr
