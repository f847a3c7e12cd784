import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from meetwire.publishers import (
    CHINA_DAILY,
    KREMLIN,
    PUBLISHERS,
    XINHUA,
    article_publisher,
    canonical_url,
    date_from_url,
    default_sources,
    host_delay_for,
    local_midnight_utc,
    publisher_for,
    render_sources_yaml,
)
from scheduler.sources import read_sources_file


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Mirror hosts and the old English path all name one Xinhua article.
        (
            "http://news.xinhuanet.com/english/2016-10/20/c_135768396.htm",
            "https://english.news.cn/english/2016-10/20/c_135768396.htm",
        ),
        (
            "https://www.xinhuanet.com/english/2016-10/20/c_135768396.htm?utm_source=x#top",
            "https://english.news.cn/english/2016-10/20/c_135768396.htm",
        ),
        (
            "http://usa.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html",
            "https://www.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html",
        ),
        (
            "https://m.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html?from=timeline",
            "https://www.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html",
        ),
        # Parameters that select content are kept (sorted), tracking ones dropped.
        ("http://example.org/a?id=7&utm_medium=rss&b=2", "https://example.org/a?b=2&id=7"),
    ],
)
def test_canonical_url_unifies_mirrors_and_drops_tracking(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_keeps_the_article_id() -> None:
    a = canonical_url("http://www.news.cn/20230321/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/c.html")
    b = canonical_url("http://www.news.cn/20230321/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/c.html")
    assert a != b


def test_publisher_is_found_by_host() -> None:
    assert publisher_for("https://english.news.cn/world/") is XINHUA
    assert publisher_for("http://global.chinadaily.com.cn/a/x.html") is CHINA_DAILY
    assert publisher_for("https://example.org/").key == "other"
    assert publisher_for("https://example.org/", "xinhua") is XINHUA


def test_an_articles_host_decides_its_publisher_before_the_sources_key() -> None:
    # A source keyed "xinhua" that links a China Daily page: the page is China Daily's.
    assert article_publisher("https://www.chinadaily.com.cn/a/x.html", "xinhua") is CHINA_DAILY
    assert article_publisher("https://example.org/a.html", "kremlin") is KREMLIN
    unknown = article_publisher("https://example.org/a.html", "local-paper")
    assert (unknown.key, unknown.timezone) == ("local-paper", UTC)
    assert article_publisher("https://example.org/a.html").key == "other"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.news.cn/20230321/abc/c.html", date(2023, 3, 21)),
        ("http://news.xinhuanet.com/english/2016-09/05/c_1.htm", date(2016, 9, 5)),
        (
            "https://www.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html",
            date(2023, 11, 16),
        ),
        ("http://www.news.cn/20231345/abc/c.html", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


# --- The registry as a whole: default sources, real fixture URLs, politeness, the README ---

PROJECT = Path(__file__).resolve().parent.parent


def test_sources_yaml_is_generated_from_the_registry() -> None:
    # The registry is the source of truth; regenerate with `python -m meetwire.publishers`.
    on_disk = (PROJECT / "scheduler" / "default_sources.yaml").read_text(encoding="utf-8")
    assert on_disk == render_sources_yaml()


def test_every_default_source_is_importable() -> None:
    specs = read_sources_file(PROJECT / "scheduler" / "default_sources.yaml")
    by_name = {spec.name: spec for spec in specs}
    assert len(by_name) == len(specs) == len(default_sources())
    for publisher, source in default_sources():
        spec = by_name[source.name]
        assert (spec.kind, spec.url, spec.publisher) == (source.kind, source.url, publisher.key)
        assert publisher_for(spec.url) is publisher  # the URL's host belongs to its publisher
    kinds = {spec.kind for spec in specs}
    assert {"rss", "listing", "json"} <= kinds


def test_default_listing_patterns_match_real_article_urls() -> None:
    pattern = re.compile(next(s for _, s in default_sources() if s.kind == "listing").link_pattern)
    assert pattern.search(
        "https://english.news.cn/20230321/0123456789abcdef0123456789abcdef/c.html"
    )
    assert pattern.search(canonical_url("http://news.xinhuanet.com/english/2016-10/20/c_1.htm"))
    assert not pattern.search("https://english.news.cn/world/index.htm")


def test_fixture_urls_canonicalise_to_one_stable_form(shared_dir: Path) -> None:
    manifest = json.loads((shared_dir / "fixtures" / "MANIFEST.json").read_text())
    for item in manifest["files"]:
        if item["page_type"] != "article":
            continue
        url = item["original_url"]
        publisher = publisher_for(url)
        assert publisher.key == item["publisher"], url
        canonical = canonical_url(url)
        assert canonical.startswith("https://") and "#" not in canonical
        assert canonical_url(canonical) == canonical, url  # idempotent
        # The article id survives canonicalisation.
        article_id = re.search(r"(c_\d+|content_\d+|WS[0-9a-f]{24}|/\d{5,}$)", url)
        assert article_id and article_id.group(1) in canonical, url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://news.xinhuanet.com/english2010/world/2010-11/28/c_13625635.htm",
            "https://english.news.cn/english2010/world/2010-11/28/c_13625635.htm",
        ),
        (
            "http://www.xinhuanet.com/local/2020-02/19/c_1125597921.htm",
            "https://www.news.cn/local/2020-02/19/c_1125597921.htm",
        ),
        (
            "http://news.cn/politics/2023-11/15/c_1129976247.htm?spm=a.b#p2",
            "https://www.news.cn/politics/2023-11/15/c_1129976247.htm",
        ),
        (
            "http://europe.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
            "https://www.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
        ),
        (
            "https://www.tass.com/politics/1234567?utm_campaign=x",
            "https://tass.com/politics/1234567",
        ),
        (
            "http://www.kremlin.ru/events/president/news/70748",
            "https://kremlin.ru/events/president/news/70748",
        ),
    ],
)
def test_canonical_url_covers_every_mirror(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_mirror_urls_of_one_article_share_a_key() -> None:
    path = "/a/202311/17/WS65571297a310d5acd876f404.html"
    hosts = ["www", "global", "usa", "europe", "m"]
    keys = {canonical_url(f"http://{h}.chinadaily.com.cn{path}") for h in hosts}
    assert keys == {"https://www.chinadaily.com.cn" + path}
    english = {
        canonical_url("http://news.xinhuanet.com/english/2016-10/20/c_135768396.htm"),
        canonical_url("https://www.xinhuanet.com/english/2016-10/20/c_135768396.htm"),
        canonical_url("https://english.news.cn/english/2016-10/20/c_135768396.htm"),
    }
    assert len(english) == 1


def test_url_date_fallback_is_midnight_in_the_publishers_zone() -> None:
    day = date_from_url("http://www.news.cn/20230321/abc/c.html")
    assert local_midnight_utc(day, XINHUA) == datetime(2023, 3, 20, 16, 0, tzinfo=UTC)
    assert XINHUA.timezone.utcoffset(None) == timedelta(hours=8)
    assert CHINA_DAILY.timezone.utcoffset(None) == timedelta(hours=8)


def test_host_delay_comes_from_the_publisher_and_zero_turns_it_off() -> None:
    assert host_delay_for("en.kremlin.ru", default=2.0) == KREMLIN.host_delay == 5.0
    assert host_delay_for("www.news.cn", default=2.0) == 2.0
    assert host_delay_for("example.org", default=2.0) == 2.0
    assert host_delay_for("en.kremlin.ru", default=0) == 0


def test_readme_lists_every_publisher() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    keys = {line.split("`")[1] for line in rows}
    assert keys == set(PUBLISHERS)
    for _, source in default_sources():
        assert source.name in section, f"README's publisher table misses {source.name}"
