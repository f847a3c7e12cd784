"""The `sitemap` kind: sitemaps, indexes, Google News sitemaps, hostile XML — over real HTTP."""

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from models import Article, Source, SourceKind, session_scope
from tests.support.feed import add_source
from tests.support.http import LocalServer, Response
from worker.pipeline.entries import EntriesError, parse_entries
from worker.pipeline.sitemap import MAX_SITEMAP_BYTES, gunzip, parse_sitemap
from worker.runner import run_once

DATA = Path(__file__).parent / "data" / "sitemaps"
XML = {"Content-Type": "application/xml"}
DUTERTE = "/english/2016-10/20/c_135768396.htm"
BELT_ROAD = "/english/2016-10/20/c_135768928.htm"
ARRIVES = "/english/2016-10/18/c_135763856.htm"
OLD = "/english/world/2014-10/18/c_133725749.htm"


def sitemap(name: str, base: str = "http://www.news.cn") -> bytes:
    return (DATA / name).read_text().replace("{base}", base).encode()


def source(url: str = "http://www.news.cn/sitemap.xml", **fields) -> Source:
    return Source(name="t", kind=SourceKind.sitemap, url=url, publisher="xinhua", **fields)


def serve_sitemaps(server: LocalServer) -> None:
    base = server.base_url
    server.routes["/sitemap_index.xml"] = Response(sitemap("sitemap_index.xml", base), 200, XML)
    server.routes["/sitemaps/news.xml"] = Response(sitemap("news.xml", base), 200, XML)
    server.routes["/sitemaps/2016-archive.xml"] = Response(
        sitemap("2016-archive.xml", base), 200, XML
    )
    gz = gzip.compress(sitemap("2014-archive.xml", base))
    server.routes["/sitemaps/2014-archive.xml.gz"] = Response(
        gz, 200, {"Content-Type": "application/x-gzip"}
    )


def test_a_plain_sitemap_dates_entries_by_lastmod() -> None:
    entries = parse_entries(sitemap("2016-archive.xml"), source=source())

    assert [e.url for e in entries] == [
        "http://www.news.cn" + ARRIVES,
        "http://www.news.cn" + DUTERTE,
        "http://www.news.cn/english/rss/index.htm",
    ]
    # A bare date is midnight in Beijing.
    assert entries[0].published_at == datetime(2016, 10, 17, 16, 0, tzinfo=UTC)
    assert entries[0].title is None and entries[2].published_at is None


def test_a_news_sitemap_gives_publication_date_and_title() -> None:
    duterte, belt_road = parse_sitemap(sitemap("news.xml"), source=source())

    assert duterte.title == "Xi, Duterte agree on full improvement of China-Philippines ties"
    # news:publication_date wins over lastmod.
    assert duterte.published_at == datetime(2016, 10, 20, 9, 43, 21, tzinfo=UTC)
    assert belt_road.url.endswith(BELT_ROAD + "?from=sitemap")
    assert belt_road.published_at == datetime(2016, 10, 19, 16, 0, tzinfo=UTC)


def test_an_index_is_followed_newest_child_first(local_settings, http_server) -> None:
    serve_sitemaps(http_server)
    index = source(http_server.url("/sitemap_index.xml"))

    entries = parse_sitemap(
        sitemap("sitemap_index.xml", http_server.base_url), source=index, settings=local_settings
    )

    by_url = {e.url.removeprefix(http_server.base_url): e for e in entries}
    assert list(by_url) == [
        ARRIVES,
        DUTERTE,
        "/english/rss/index.htm",
        BELT_ROAD + "?from=sitemap",
        OLD,
    ]
    # Listed by the archive and the news sitemap: the news entry's title and date are kept.
    assert by_url[DUTERTE].title.startswith("Xi, Duterte agree")
    assert by_url[DUTERTE].published_at == datetime(2016, 10, 20, 9, 43, 21, tzinfo=UTC)
    assert by_url[OLD].published_at == datetime(2014, 10, 18, 2, 0, tzinfo=UTC)  # from the .gz


def test_index_options_cap_and_filter_children(local_settings, http_server) -> None:
    serve_sitemaps(http_server)
    document = sitemap("sitemap_index.xml", http_server.base_url)
    url = http_server.url("/sitemap_index.xml")

    capped = source(url, options={"max_children": 2})
    entries = parse_sitemap(document, source=capped, settings=local_settings)
    assert http_server.hits("/sitemaps/2014-archive.xml.gz") == 0  # the oldest child is not read
    assert len(entries) == 4

    news_only = source(url, options={"child_pattern": r"/news\.xml$"}, link_pattern=r"c_\d+")
    entries = parse_sitemap(document, source=news_only, settings=local_settings)
    assert [e.title is not None for e in entries] == [True, True]


def test_max_age_days_drops_old_entries_but_keeps_undated_ones() -> None:
    recent = source(options={"max_age_days": 30})
    entries = parse_sitemap(sitemap("2016-archive.xml"), source=recent)
    assert [e.url for e in entries] == ["http://www.news.cn/english/rss/index.htm"]


def test_one_unreadable_child_does_not_lose_the_others(local_settings, http_server) -> None:
    serve_sitemaps(http_server)
    http_server.routes["/sitemaps/news.xml"] = Response(
        b"gone", 410, {"Content-Type": "text/plain"}
    )
    index = source(http_server.url("/sitemap_index.xml"))

    entries = parse_sitemap(
        sitemap("sitemap_index.xml", http_server.base_url), source=index, settings=local_settings
    )
    assert len(entries) == 4  # the two archives

    for path in ("/sitemaps/2016-archive.xml", "/sitemaps/2014-archive.xml.gz"):
        http_server.routes[path] = Response(
            b"<html>oops</html>", 200, {"Content-Type": "text/html"}
        )
    with pytest.raises(EntriesError, match="no child sitemap could be read"):
        parse_sitemap(
            sitemap("sitemap_index.xml", http_server.base_url),
            source=index,
            settings=local_settings,
        )


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_hostile_xml_is_refused(name: str) -> None:
    # Refused on sight of the declaration, before any parser could expand an entity.
    with pytest.raises(EntriesError, match="declares a DTD"):
        parse_sitemap((DATA / name).read_bytes(), source=source())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<rss><channel/></rss>", "not a sitemap: the root element is <rss>"),
        (b"<urlset><url><loc>http://x/</loc>", "not readable XML"),
        (b"", "not readable XML"),
        (b"\x1f\x8b\x08\x00garbage", "not a readable gzip file"),
    ],
)
def test_documents_that_are_not_sitemaps(document: bytes, message: str) -> None:
    with pytest.raises(EntriesError, match=message):
        parse_sitemap(document, source=source())


def test_a_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<" + b" " * (MAX_SITEMAP_BYTES + 10), compresslevel=1)
    assert len(bomb) < 1_000_000
    with pytest.raises(EntriesError, match="inflates beyond"):
        gunzip(bomb)


def test_a_sitemap_source_is_polled_end_to_end(settings, http_server, shared_dir) -> None:
    serve_sitemaps(http_server)
    pages = shared_dir / "fixtures" / "html" / "xinhua"
    for path, name in [
        (DUTERTE, "en-c_135768396.html"),
        (BELT_ROAD, "en-c_135768928.html"),
        (ARRIVES, "en-c_135763856.html"),
        (OLD, "en-c_133725749.html"),
    ]:
        http_server.routes[path] = Response((pages / name).read_bytes())
    add_source(
        settings.database_url,
        http_server.url("/sitemap_index.xml"),
        name="xinhua-sitemap",
        kind="sitemap",
        publisher="xinhua",
        link_pattern=r"/c_\d+\.htm",
    )

    summary = run_once(settings=settings)

    assert summary.sources["xinhua-sitemap"].found == 4
    with session_scope(settings.database_url) as session:
        articles = {
            a.url.removeprefix(http_server.base_url): a for a in session.exec(select(Article))
        }
    assert set(articles) == {DUTERTE, BELT_ROAD + "?from=sitemap", ARRIVES, OLD}
    assert all(a.status == "stored" and a.text for a in articles.values())
    duterte = articles[DUTERTE]
    assert duterte.title == "Chinese, Philippine presidents meet in Beijing"  # from the page
    assert duterte.entry_title.startswith("Xi, Duterte agree")  # from news:title
    assert duterte.entry_published_at == datetime(2016, 10, 20, 9, 43, 21, tzinfo=UTC)
    assert "from=" not in articles[BELT_ROAD + "?from=sitemap"].canonical_url


def test_a_gzipped_sitemap_can_be_the_source_itself(settings, http_server, shared_dir) -> None:
    serve_sitemaps(http_server)
    page = (shared_dir / "fixtures" / "html" / "xinhua" / "en-c_133725749.html").read_bytes()
    http_server.routes[OLD] = Response(page)
    add_source(
        settings.database_url,
        http_server.url("/sitemaps/2014-archive.xml.gz"),
        name="archive-gz",
        kind="sitemap",
        publisher="xinhua",
    )

    summary = run_once(settings=settings)

    assert summary.sources["archive-gz"].poll_error is None
    with session_scope(settings.database_url) as session:
        urls = {a.url.removeprefix(http_server.base_url) for a in session.exec(select(Article))}
    assert OLD in urls
