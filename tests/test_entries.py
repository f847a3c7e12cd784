import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from models import Source, SourceKind
from worker.pipeline.entries import EntriesError, parse_entries

FEEDS = Path(__file__).parent / "data" / "feeds"
BASE = "http://127.0.0.1:8000"


def _doc(name: str) -> bytes:
    return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", BASE).encode()


def test_rss_entries_have_links_titles_and_utc_dates() -> None:
    source = Source(name="cd", kind=SourceKind.rss, url=f"{BASE}/rss.xml")
    entries = parse_entries(_doc("chinadaily_world.xml"), source=source)
    assert [e.title for e in entries] == [
        "Xi, Putin hold talks in Moscow",
        "Philippine president arrives in Beijing",
    ]
    assert entries[0].url == f"{BASE}/a/202303/21/WS64191e5aa31057c47ebb5b1a.html"
    assert entries[0].published_at == datetime(2023, 3, 21, 12, 15, tzinfo=UTC)


def test_a_page_that_is_not_a_feed_is_refused_with_a_reason() -> None:
    source = Source(name="x", kind=SourceKind.rss, url=f"{BASE}/rss.xml")
    with pytest.raises(EntriesError, match="not a readable RSS/Atom feed"):
        parse_entries(b"<rss><channel><title>cut <short", source=source)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            (FEEDS.parent / "sitemaps" / "news.xml").read_bytes(),
            "this is a sitemap, not a feed: use kind: sitemap",
        ),
        (
            b'<?xml version="1.0"?>\n<!-- index -->\n<sitemapindex xmlns="x"></sitemapindex>',
            "this is a sitemap, not a feed: use kind: sitemap",
        ),
        (_doc("broken.xml"), "this is an HTML page, not a feed: use kind: listing"),
        (
            b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/rss/world.xml"></head><body></body></html>',
            f"it links to a feed: {BASE}/rss/world.xml",
        ),
        (b'{"list": []}', "this is JSON, not a feed: use kind: json"),
    ],
)
def test_an_rss_source_serving_something_else_says_what_it_is(document, message) -> None:
    # Not "ok, 0 found": the poll fails with what the document is and the kind that reads it.
    source = Source(name="x", kind=SourceKind.rss, url=f"{BASE}/rss.xml")
    with pytest.raises(EntriesError, match=re.escape(message)):
        parse_entries(document, source=source)


def test_an_empty_feed_is_still_a_feed() -> None:
    source = Source(name="x", kind=SourceKind.rss, url=f"{BASE}/rss.xml")
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_entries(empty, source=source) == []


def test_listing_keeps_matching_links_once() -> None:
    source = Source(
        name="xh",
        kind=SourceKind.listing,
        url=f"{BASE}/world/",
        link_pattern=r"^http://127\.0\.0\.1:8000/(\d{8}/[0-9a-f]{32}/c\.html|english/\d{4}-\d{2}/\d{2}/c_\d+\.htm)$",
    )
    entries = parse_entries(_doc("xinhua_world_listing.html"), source=source)
    assert [e.url for e in entries] == [
        f"{BASE}/20230321/3c4a5b6d7e8f90a1b2c3d4e5f6a7b8c9/c.html",
        f"{BASE}/english/2016-10/20/c_135768396.htm",
    ]
    assert entries[0].title == "Xi, Putin hold talks in Moscow"


def test_listing_with_a_bad_pattern_says_so() -> None:
    source = Source(name="xh", kind=SourceKind.listing, url=f"{BASE}/", link_pattern="([")
    with pytest.raises(EntriesError, match="not a valid regex"):
        parse_entries(b"<html></html>", source=source)


def test_real_xinhua_search_listing_page(shared_dir: Path) -> None:
    """The real Xinhua search-results page yields its article links."""
    page = (shared_dir / "fixtures/html/xinhua/en-search-listing-duterte-p1.html").read_bytes()
    source = Source(
        name="search",
        kind=SourceKind.listing,
        url="http://search.news.cn/language/search.jspa?id=en&n1=duterte",
        link_pattern=r"/english/\d{4}-\d{2}/\d{2}/c_\d+\.htm$",
    )
    entries = parse_entries(page, source=source)
    assert len(entries) >= 10
    assert all("xinhuanet.com" in e.url or "news.cn" in e.url for e in entries)
