"""The `json` kind: news.cn's ds_<id>.json datasource and configured mappings, over real HTTP."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from models import Article, PollEvent, Source, SourceKind, session_scope
from tests.support.feed import add_source
from tests.support.http import LocalServer, Response
from worker.pipeline.entries import EntriesError, parse_entries
from worker.pipeline.json_listing import parse_json_listing
from worker.runner import run_once

DATA = Path(__file__).parent / "data" / "json"
JSON = {"Content-Type": "application/json; charset=utf-8"}
DRUGS = "/politics/2023-11/15/c_1129976247.htm"
STRIKE = "/world/2019-12/10/c_1125327450.htm"


def datasource(base: str = "http://www.news.cn") -> bytes:
    return (DATA / "ds_xhsxw.json").read_text().replace("{base}", base).encode()


def source(url: str = "http://www.news.cn/ds_113352.json", options: dict | None = None) -> Source:
    return Source(
        name="t", kind=SourceKind.json, url=url, publisher="xinhua", options=options or {}
    )


def test_news_cn_datasource_is_the_default_mapping() -> None:
    entries = parse_entries(datasource(), source=source())

    assert [e.url for e in entries] == [
        "http://www.news.cn" + DRUGS,
        "http://www.news.cn" + STRIKE + "?spm=C73544894212.P59511941341.0.0#comments",
    ]
    assert entries[0].title == "短缺药品保供稳价 全力保障临床用药需求"
    # publishTime is China Standard Time without an offset.
    assert entries[0].published_at == datetime(2023, 11, 15, 0, 25, 16, tzinfo=UTC)


def test_a_configured_mapping_reads_another_json_shape() -> None:
    options = {"items": "data.list", "url": "LinkUrl", "title": "Title", "published": "PubTime"}
    document = (DATA / "api_list.json").read_bytes()
    entries = parse_json_listing(document, source=source(options=options))

    assert [e.title for e in entries] == ["习近平同俄罗斯总统普京会谈", "中俄联合声明"]
    assert entries[0].published_at == datetime(2024, 5, 16, 8, 0, tzinfo=UTC)  # epoch ms
    assert entries[1].published_at == datetime(2024, 5, 16, 18, 0, tzinfo=UTC)  # own offset


def test_link_pattern_filters_entries() -> None:
    picked = source()
    picked.link_pattern = r"/politics/"
    assert [e.url for e in parse_json_listing(datasource(), source=picked)] == [
        "http://www.news.cn" + DRUGS
    ]


@pytest.mark.parametrize(
    ("document", "options", "message"),
    [
        (b'{"datasource": [', {}, "not valid JSON"),
        (b'{"data": []}', {}, "set options.items"),
        (b'{"datasource": [{"url": "/a"}]}', {}, "set options.url"),
        (b'{"datasource": []}', {"colour": "red"}, "unknown json options colour"),
        (b'{"datasource": []}', {"timezone": "CST"}, "options.timezone"),
        (b"<html><body>no datasource</body></html>", {}, "no datasource:<id>"),
    ],
)
def test_unusable_documents_say_what_to_fix(document: bytes, options: dict, message: str) -> None:
    with pytest.raises(EntriesError, match=message):
        parse_json_listing(document, source=source(options=options))


def test_an_empty_datasource_has_no_entries() -> None:
    assert parse_json_listing(b'{"datasource": []}', source=source()) == []


def test_the_listing_page_leads_to_its_datasource(local_settings, http_server) -> None:
    http_server.routes["/xhsxw.htm"] = Response((DATA / "xhsxw.htm").read_bytes())
    http_server.routes["/ds_113352.json"] = Response(datasource(http_server.base_url), 200, JSON)

    page = (DATA / "xhsxw.htm").read_bytes()
    entries = parse_json_listing(
        page, source=source(http_server.url("/xhsxw.htm")), settings=local_settings
    )

    assert http_server.hits("/ds_113352.json") == 1
    assert entries[0].url == http_server.url(DRUGS)


def test_an_unreachable_datasource_is_an_entries_error(local_settings, http_server) -> None:
    page = (DATA / "xhsxw.htm").read_bytes()
    with pytest.raises(EntriesError, match=r"could not fetch .*ds_113352\.json"):
        parse_json_listing(
            page, source=source(http_server.url("/xhsxw.htm")), settings=local_settings
        )


def serve_news_cn(server: LocalServer, shared_dir: Path) -> None:
    html = shared_dir / "fixtures" / "html" / "xinhua"
    server.routes["/xhsxw.htm"] = Response((DATA / "xhsxw.htm").read_bytes())
    server.routes["/ds_113352.json"] = Response(datasource(server.base_url), 200, JSON)
    server.routes[DRUGS] = Response((html / "zh-newscn-newspaper4k-002.html").read_bytes())
    server.routes[STRIKE] = Response((html / "zh-gne-test-1.html").read_bytes())


def test_a_json_source_is_polled_end_to_end(settings, http_server, shared_dir) -> None:
    serve_news_cn(http_server, shared_dir)
    add_source(
        settings.database_url,
        http_server.url("/xhsxw.htm"),
        name="xhsxw",
        kind="json",
        publisher="xinhua",
    )

    summary = run_once(settings=settings)

    assert summary.sources["xhsxw"].found == 2
    with session_scope(settings.database_url) as session:
        articles = list(session.exec(select(Article).order_by(Article.id)))
        event = session.exec(select(PollEvent)).one()
    assert [a.status for a in articles] == ["stored", "stored"]
    drugs, strike = articles
    assert drugs.publisher == "xinhua" and drugs.language == "zh"
    assert "短缺药品" in drugs.title and "短缺药品" in drugs.text
    assert drugs.entry_published_at == datetime(2023, 11, 15, 0, 25, 16, tzinfo=UTC)
    assert "罢工" in strike.text
    assert "spm=" not in strike.canonical_url and "#" not in strike.canonical_url
    assert event.outcome == "ok" and event.entries_found == 2

    again = run_once(settings=settings)
    assert again.totals()["new"] == 0
    assert http_server.hits(DRUGS) == 1
