"""`meetwire sources check`: one fetch, nothing stored, the entries and what is wrong."""

from models import Source, SourceKind
from tests.support import DATA_DIR
from tests.support.feed import serve_feed
from tests.support.http import LocalServer, Response
from worker.pipeline.check import check_source


def test_a_feed_shows_its_entries_and_its_gaps(local_settings, http_server: LocalServer) -> None:
    serve_feed(http_server)
    source = Source(name="cd", url=http_server.url("/rss.xml"), kind=SourceKind.rss)
    report = check_source(source, settings=local_settings)
    assert not report.error
    assert [e.title for e in report.entries] == [
        "Xi, Putin hold talks in Moscow",
        "Philippine president arrives in Beijing",
    ]
    assert report.entries[0].published_at.isoformat() == "2023-03-21T12:15:00+00:00"
    assert report.problems == []
    assert http_server.hits("/rss.xml") == 1
    assert http_server.hits("/a/202303/21/WS64191e5aa31057c47ebb5b1a.html") == 0


def test_a_sitemap_declared_rss_says_so(local_settings, http_server: LocalServer) -> None:
    http_server.routes["/sitemap.xml"] = Response(
        (DATA_DIR / "sitemaps" / "news.xml").read_bytes(),
        headers={"Content-Type": "application/xml"},
    )
    source = Source(name="s", url=http_server.url("/sitemap.xml"), kind=SourceKind.rss)
    report = check_source(source, settings=local_settings)
    assert report.error and report.entries == []
    assert report.problems == ["this is a sitemap, not a feed: use kind: sitemap"]


def test_a_listing_whose_pattern_matches_nothing(local_settings, http_server) -> None:
    http_server.routes["/world/"] = Response(b"<html><body><a href='/x.html'>x</a></body></html>")
    source = Source(
        name="l", url=http_server.url("/world/"), kind=SourceKind.listing, link_pattern="c_\\d+"
    )
    report = check_source(source, settings=local_settings)
    assert report.error and "no entries found" in report.problems[0]
    assert "link_pattern" in report.problems[0]
