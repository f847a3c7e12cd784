from datetime import date

import pytest

from scheduler.publishers import CHINA_DAILY, XINHUA, canonical_url, date_from_url, publisher_for


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


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.news.cn/20230321/abc/c.html", date(2023, 3, 21)),
        ("http://news.xinhuanet.com/english/2016-09/05/c_1.htm", date(2016, 9, 5)),
        ("https://www.chinadaily.com.cn/a/202311/16/WS65571297a310d5acd876f404.html",
         date(2023, 11, 16)),
        ("http://www.news.cn/20231345/abc/c.html", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected
