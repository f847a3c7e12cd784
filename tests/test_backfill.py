"""Backfill from a URL list (real HTTP) and from a WARC written with warcio, on SQLite and
PostgreSQL; both resume after an interruption."""

import gzip
import io
import json
from pathlib import Path

import pytest
from sqlmodel import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from models import Article, RawPage, session_scope
from tests.support.cli import command_env, meetwire
from tests.support.http import LocalServer, Response
from worker.backfill import backfill_urls, backfill_warc, read_url_list
from worker.pipeline.process import raw_html
from worker.runner import FETCH_AHEAD, Progress

# Real pages (../shared/fixtures/html) and where they were published.
PAGES = {
    "http://news.xinhuanet.com/english/2016-10/20/c_135768396.htm": "xinhua/en-c_135768396.html",
    "http://news.xinhuanet.com/english/2009-01/06/content_10612887.htm": (
        "xinhua/en-content_10612887.html"
    ),
    "http://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm": (
        "xinhua/he-content_25340717-archive-org.html"
    ),
    "https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html": (
        "chinadaily/zh-WS65571297a310d5acd876f404-china-us-summit.html"
    ),
}
DUTERTE, REBELS, PLAY, SUMMIT = PAGES


class StopAfter(Progress):
    """Interrupts the run like Ctrl-C after `n` items of `phase`."""

    def __init__(self, phase: str, n: int) -> None:
        self.phase, self.left = phase, n

    def advance(self, phase: str) -> None:
        if phase == self.phase:
            self.left -= 1
            if self.left == 0:
                raise KeyboardInterrupt


def page(shared_dir: Path, url: str) -> bytes:
    return (shared_dir / "fixtures" / "html" / PAGES[url]).read_bytes()


def articles(settings) -> dict[str, Article]:
    with session_scope(settings.database_url) as session:
        return {a.url: a for a in session.exec(select(Article).order_by(Article.id))}


# --- URL lists -------------------------------------------------------------------------------


def write_url_list(tmp_path: Path, server: LocalServer, shared_dir: Path) -> Path:
    lines = ["# Xinhua and China Daily, served locally", ""]
    for i, url in enumerate(PAGES):
        path = f"/page{i}.htm"
        server.routes[path] = Response(page(shared_dir, url))
        lines.append(server.url(path) + ("?utm_source=list" if i == 0 else ""))
    lines += ["ftp://example.org/file", "not a url", "http://", server.url("/page1.htm")]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def test_url_list_reading_reports_invalid_lines(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("# c\n\nhttp://a.example/1\n  https://b.example/2  \nftp://x/\nhttp://\n")
    read = read_url_list(listing)
    assert read.urls == ["http://a.example/1", "https://b.example/2"]
    assert [(i.number, i.reason) for i in read.invalid] == [
        (5, "not an http(s) URL"),
        (6, "no host"),
    ]


def test_backfill_urls_processes_and_resumes(settings, http_server, shared_dir, tmp_path) -> None:
    listing = write_url_list(tmp_path, http_server, shared_dir)

    with pytest.raises(KeyboardInterrupt):
        backfill_urls(settings=settings, path=listing, progress=StopAfter("articles", 2))
    done = [a for a in articles(settings).values() if a.status != "pending"]
    assert len(done) == 2 and len(articles(settings)) == 4

    report = backfill_urls(settings=settings, path=listing)

    assert report.read == 4 and report.new == 0 and report.done_before == 2
    assert [line.text for line in report.invalid] == [
        "ftp://example.org/file",
        "not a url",
        "http://",
    ]
    stored = articles(settings)
    assert {a.status for a in stored.values()} == {"stored"}
    assert all(a.source_id is None for a in stored.values())
    # Articles finished before the interrupt are not fetched again; a page fetched ahead of the
    # interrupt but not yet processed is fetched once more.
    done_paths = {a.url.split("?")[0].rsplit("/", 1)[1] for a in done}
    hits = {f"page{i}.htm": http_server.hits(f"/page{i}.htm") for i in range(4)}
    assert all(hits[name] == 1 for name in done_paths)
    assert all(1 <= count <= 2 for count in hits.values())
    assert sum(hits.values()) <= 4 + FETCH_AHEAD

    again = backfill_urls(settings=settings, path=listing)
    assert again.new == 0 and again.done_before == 4 and sum(again.statuses.values()) == 0


# --- WARC ------------------------------------------------------------------------------------


def http_headers(status: str, content_type: str, extra=()) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def write_warc(path: Path, shared_dir: Path, *, compress: bool) -> None:
    """A crawl as a crawler writes it: requests, responses of every kind, a revisit."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        date = {"WARC-Date": "2016-10-21T03:04:05Z"}

        def response(url, body, headers):
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict=date,
                )
            )

        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.xinhuanet.com")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(DUTERTE, "request", http_headers=request))
        response(
            DUTERTE, page(shared_dir, DUTERTE), http_headers("200 OK", "text/html; charset=utf-8")
        )
        # The gb2312 pages arrive as a server sent them: one declared in the header, one not.
        response(
            REBELS, page(shared_dir, REBELS), http_headers("200 OK", "text/html; charset=gb2312")
        )
        # Content-Encoding as sent on the wire: warcio hands back the decoded body.
        response(
            PLAY,
            gzip.compress(page(shared_dir, PLAY)),
            http_headers("200 OK", "text/html", [("Content-Encoding", "gzip")]),
        )
        response(
            SUMMIT, page(shared_dir, SUMMIT), http_headers("200 OK", "text/html; charset=utf-8")
        )
        response("http://www.news.cn/logo.png", b"\x89PNG\r\n", http_headers("200 OK", "image/png"))
        response("http://www.news.cn/gone.htm", b"gone", http_headers("404 Not Found", "text/html"))
        response(
            DUTERTE + "?utm_source=again",
            page(shared_dir, DUTERTE),
            http_headers("200 OK", "text/html"),
        )
        writer.write_record(
            writer.create_revisit_record(
                DUTERTE,
                digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri=DUTERTE,
                refers_to_date="2016-10-21T03:04:05Z",
                http_headers=http_headers("200 OK", "text/html"),
            )
        )


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_backfill_warc_processes_html_responses_without_network(
    settings, shared_dir, tmp_path, compress
) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_warc(path, shared_dir, compress=compress)

    report = backfill_warc(settings=settings, path=path)

    assert report.error is None
    assert report.read == 10 and report.new == 4
    assert report.done_before == 1  # the second capture of one canonical URL
    assert report.skipped == {
        "warcinfo record": 1,
        "request record": 1,
        "not HTML (image/png)": 1,
        "HTTP status 404": 1,
        "revisit record (no body)": 1,
    }
    assert report.statuses == {"stored": 4}
    stored = articles(settings)
    duterte, rebels, play, summit = (stored[url] for url in PAGES)
    assert duterte.canonical_url == "https://english.news.cn/english/2016-10/20/c_135768396.htm"
    assert duterte.publisher == "xinhua" and duterte.title.startswith("Chinese, Philippine")
    assert duterte.fetched_at.isoformat() == "2016-10-21T03:04:05+00:00"  # capture time
    assert "Filipino soldier" in rebels.title
    assert "约定无期限" in play.title and "\ufffd" not in play.text
    assert summit.publisher == "chinadaily" and "中美" in summit.text
    with session_scope(settings.database_url) as session:
        kept = session.get(RawPage, rebels.id)
        assert kept.charset == "gb18030" and kept.content_type == "text/html"
        html = raw_html(session=session, article_id=rebels.id, settings=settings)
    assert "Filipino soldier" in html


def test_backfill_warc_resumes_after_an_interruption(settings, shared_dir, tmp_path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, shared_dir, compress=True)

    with pytest.raises(KeyboardInterrupt):
        backfill_warc(settings=settings, path=path, progress=StopAfter("records", 4))
    assert [a.status for a in articles(settings).values()] == ["stored", "stored"]

    report = backfill_warc(settings=settings, path=path)

    assert report.new == 2 and report.done_before == 3
    assert {a.status for a in articles(settings).values()} == {"stored"}
    assert len(articles(settings)) == 4


def test_a_broken_warc_is_reported(settings, tmp_path) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a WARC file\r\n\r\n")
    report = backfill_warc(settings=settings, path=path)
    assert report.error and "not a WARC file" in report.error
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99"))
    report = backfill_warc(settings=settings, path=truncated)
    assert report.error and "not a readable WARC" in report.error


def test_a_truncated_warc_keeps_what_it_read(settings, shared_dir, tmp_path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, shared_dir, compress=False)
    whole = path.read_bytes()
    # Cut inside the last HTML response (SUMMIT), 200 bytes before the next record.
    path.write_bytes(whole[: whole.index(b"WARC-Target-URI: http://www.news.cn/logo.png") - 200])
    report = backfill_warc(settings=settings, path=path)
    assert report.statuses == {"stored": 3} and report.truncated == 1
    assert f"is truncated: record 6 ({SUMMIT}) ends " in report.error
    assert "bytes short of its" in report.error
    assert SUMMIT not in {a.url for a in articles(settings).values()}


@pytest.mark.parametrize("fraction", [0.6, 0.999])
def test_a_cut_warc_gz_stores_nothing_partial_and_the_whole_file_finishes_it(
    settings, shared_dir, tmp_path, fraction: float
) -> None:
    whole = tmp_path / "crawl.warc.gz"
    write_warc(whole, shared_dir, compress=True)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * fraction)])

    report = backfill_warc(settings=settings, path=cut)

    assert report.truncated == 1 and "is truncated" in report.error
    assert "run again with the complete file" in report.error
    first = articles(settings)
    assert all(a.status == "stored" and len(a.text) > 200 for a in first.values())

    again = backfill_warc(settings=settings, path=whole)

    assert again.error is None and again.truncated == 0
    assert again.done_before == len(first) + 1  # the repeated Duterte URL is already stored
    final = articles(settings)
    assert {a.url for a in final.values()} >= {DUTERTE, REBELS, PLAY, SUMMIT}
    assert {a.status for a in final.values()} == {"stored"}


# --- The command as a user runs it -------------------------------------------------------------


def test_backfill_command(sqlite_url, shared_dir, tmp_path, http_server) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, shared_dir, compress=True)
    env = command_env(sqlite_url)

    warc = meetwire("backfill", "--warc", str(path), env=env)
    assert warc.returncode == 0, warc.stderr
    assert "reading WARC records" in warc.stderr and "revisit record (no body)" in warc.stdout

    listing = write_url_list(tmp_path, http_server, shared_dir)
    urls = meetwire("backfill", "--urls", str(listing), env=env)
    assert urls.returncode == 0, urls.stderr
    assert "line 8: 'not a url' skipped" in urls.stderr
    # One report, titled as the backfill's, with final statuses; no `meetwire run` table.
    assert "meetwire backfill" in urls.stdout and "meetwire run" not in urls.stdout + urls.stderr
    assert "duplicate" in urls.stdout  # the same pages as the archive's

    exported = meetwire("export", "articles", "--format", "jsonl", env=env)
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 8  # four archived URLs, four local ones
    assert all(r["status"] in {"stored", "duplicate"} for r in rows)

    misuse = meetwire("backfill", env=env)
    assert misuse.returncode == 2 and "exactly one of" in misuse.stderr
