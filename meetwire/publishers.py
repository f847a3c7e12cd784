"""The publisher registry: one declarative entry per publisher (hosts, URL rules, time zone,
politeness and default sources)."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from url_normalize import url_normalize

CHINA_TZ = timezone(timedelta(hours=8), "CST")
MOSCOW_TZ = timezone(timedelta(hours=3), "MSK")

# Query parameters that only track a click; they never select a different article.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|spm|from|share\w*|fbclid|gclid|yclid|mc_\w+|ref|src)$")


# Xinhua's article URLs: /20230321/<32 hex>/c.html now, /2016-10/20/c_135768396.htm before.
XINHUA_EN_ARTICLE = r"^https?://english\.news\.cn/(\d{8}/[0-9a-f]{32}/c\.html|english/\d{4}-\d{2}/\d{2}/c_\d+\.htm)$"


@dataclass(frozen=True)
class DefaultSource:
    """A source every installation polls unless told otherwise (scheduler/default_sources.yaml)."""

    name: str
    kind: str  # rss | listing | json | sitemap
    url: str
    interval: str = "15m"
    link_pattern: str | None = None
    options: dict = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class Publisher:
    """What meetwire knows about one publisher."""

    key: str
    name: str
    hosts: tuple[str, ...]
    # Mirror host -> the host every canonical URL of this publisher uses.
    mirrors: dict[str, str] = field(default_factory=dict)
    # Path prefix rewrites applied after host unification (old layout -> current layout).
    path_rewrites: tuple[tuple[str, str], ...] = ()
    timezone: timezone = UTC
    language: str = "en"
    # Seconds between two requests to one of its hosts; None uses MEETWIRE_HOST_DELAY.
    host_delay: float | None = None
    # Date embedded in article URLs, used when the page states none.
    url_date_patterns: tuple[str, ...] = ()
    # The publisher's real endpoints (../shared/fixtures/FEED_URLS.md), polled by default.
    sources: tuple[DefaultSource, ...] = ()

    def owns(self, host: str) -> bool:
        host = host.lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)


XINHUA = Publisher(
    key="xinhua",
    name="Xinhua",
    hosts=("news.cn", "xinhuanet.com"),
    mirrors={
        "www.xinhuanet.com": "www.news.cn",
        "xinhuanet.com": "www.news.cn",
        "news.xinhuanet.com": "www.news.cn",
        "news.cn": "www.news.cn",
        "m.news.cn": "www.news.cn",
        "m.xinhuanet.com": "www.news.cn",
        "english.xinhuanet.com": "english.news.cn",
        "www.english.news.cn": "english.news.cn",
    },
    # The English site moved from xinhuanet.com/english/ (and /english2010/) to english.news.cn;
    # the article id (c_135768396) stays in the path, so only the host part is rewritten.
    path_rewrites=(
        ("www.news.cn/english/", "english.news.cn/english/"),
        ("www.news.cn/english2010/", "english.news.cn/english2010/"),
    ),
    timezone=CHINA_TZ,
    language="zh",
    url_date_patterns=(
        r"/(?P<y>20\d\d)(?P<m>\d\d)(?P<d>\d\d)/",
        r"/(?P<y>20\d\d)-(?P<m>\d\d)/(?P<d>\d\d)/",
    ),
    sources=(
        DefaultSource(
            name="xinhua-en-world",
            kind="listing",
            url="https://english.news.cn/world/",
            link_pattern=XINHUA_EN_ARTICLE,
        ),
        DefaultSource(
            name="xinhua-en-china",
            kind="listing",
            url="https://english.news.cn/china/",
            link_pattern=XINHUA_EN_ARTICLE,
        ),
        # The 新华社新闻 page names its JSON datasource in ul.wz-list[data]; the json parser
        # follows it (RSSHub route news/xhsxw does the same).
        DefaultSource(
            name="xinhua-zh-xhsxw",
            kind="json",
            url="http://www.news.cn/xhsxw.htm",
        ),
    ),
)

CHINA_DAILY = Publisher(
    key="chinadaily",
    name="China Daily",
    hosts=("chinadaily.com.cn",),
    mirrors={
        "chinadaily.com.cn": "www.chinadaily.com.cn",
        "global.chinadaily.com.cn": "www.chinadaily.com.cn",
        "usa.chinadaily.com.cn": "www.chinadaily.com.cn",
        "europe.chinadaily.com.cn": "www.chinadaily.com.cn",
        "africa.chinadaily.com.cn": "www.chinadaily.com.cn",
        "asia.chinadaily.com.cn": "www.chinadaily.com.cn",
        "m.chinadaily.com.cn": "www.chinadaily.com.cn",
    },
    timezone=CHINA_TZ,
    language="en",
    url_date_patterns=(r"/a/(?P<y>20\d\d)(?P<m>\d\d)/(?P<d>\d\d)/",),
    sources=(
        DefaultSource(
            name="chinadaily-world",
            kind="rss",
            url="https://www.chinadaily.com.cn/rss/world_rss.xml",
        ),
        DefaultSource(
            name="chinadaily-china",
            kind="rss",
            url="https://www.chinadaily.com.cn/rss/china_rss.xml",
        ),
    ),
)

TASS = Publisher(
    key="tass",
    name="TASS",
    hosts=("tass.ru", "tass.com"),
    mirrors={"www.tass.ru": "tass.ru", "www.tass.com": "tass.com", "m.tass.ru": "tass.ru"},
    timezone=MOSCOW_TZ,
    language="ru",
    sources=(DefaultSource(name="tass-en", kind="rss", url="https://tass.com/rss/v2.xml"),),
)

KREMLIN = Publisher(
    key="kremlin",
    name="Kremlin",
    hosts=("kremlin.ru",),
    mirrors={"www.kremlin.ru": "kremlin.ru", "www.en.kremlin.ru": "en.kremlin.ru"},
    timezone=MOSCOW_TZ,
    language="ru",
    # A government site on modest hardware that blocks bursts; one request per 5 s is plenty
    # for a feed of a few items a day.
    host_delay=5.0,
    sources=(
        DefaultSource(
            name="kremlin-en-news",
            kind="rss",
            url="http://en.kremlin.ru/events/president/news/feed",
            interval="30m",
        ),
    ),
)

GENERIC = Publisher(key="other", name="Other", hosts=())

PUBLISHERS: dict[str, Publisher] = {p.key: p for p in (XINHUA, CHINA_DAILY, TASS, KREMLIN)}


def publisher_for(url: str, key: str | None = None) -> Publisher:
    """The publisher named by `key`, else the one owning the URL's host, else a generic one."""
    if key and key in PUBLISHERS:
        return PUBLISHERS[key]
    host = (urlsplit(url).hostname or "").lower()
    for publisher in PUBLISHERS.values():
        if publisher.owns(host):
            return publisher
    return GENERIC if not key else Publisher(key=key, name=key, hosts=())


def article_publisher(url: str, key: str | None = None) -> Publisher:
    """An article's publisher: the one owning its URL's host, else the one named by `key`.

    The host decides first: `key` comes from the source that found the article and may name a
    publisher the registry does not know."""
    publisher = publisher_for(url)
    if publisher is GENERIC and key:
        return publisher_for("", key)
    return publisher


def canonical_url(url: str, publisher: Publisher | None = None) -> str:
    """One URL per article: normalised, no tracking parameters or fragment, mirror hosts unified."""
    publisher = publisher or publisher_for(url)
    normalised = url_normalize(url.strip(), default_scheme="https") or url.strip()
    parts = urlsplit(normalised)
    host = (parts.hostname or "").lower()
    host = publisher.mirrors.get(host, host)
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k.lower())
        )
    )
    # http and https serve the same article; one scheme keeps the key unique.
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path or "/"
    rebuilt = urlunsplit((scheme, host + port, path, query, ""))
    for old, new in publisher.path_rewrites:
        rebuilt = rebuilt.replace("://" + old, "://" + new, 1)
    return rebuilt


def date_from_url(url: str, publisher: Publisher | None = None) -> date | None:
    """The publish date a publisher writes into its article URLs, if any."""
    publisher = publisher or publisher_for(url)
    for pattern in publisher.url_date_patterns:
        match = re.search(pattern, url)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def local_midnight_utc(day: date, publisher: Publisher) -> datetime:
    """Midnight of `day` in the publisher's time zone, as UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=publisher.timezone).astimezone(UTC)


def host_delay_for(host: str, *, default: float) -> float:
    """Seconds between requests to `host`: its publisher's delay, else `default` (0: all off)."""
    if default <= 0:
        return 0.0
    publisher = publisher_for(f"http://{host}/")
    return default if publisher.host_delay is None else publisher.host_delay


def default_sources() -> list[tuple[Publisher, DefaultSource]]:
    """Every publisher's default sources, in registry order."""
    return [(p, source) for p in PUBLISHERS.values() for source in p.sources]


def default_sources_document() -> dict:
    """The registry's default sources as the mapping scheduler/default_sources.yaml holds."""
    items = []
    for publisher, source in default_sources():
        item: dict = {"name": source.name, "kind": source.kind, "url": source.url}
        item["publisher"] = publisher.key
        item["interval"] = source.interval
        if source.link_pattern:
            item["link_pattern"] = source.link_pattern
        if source.options:
            item["options"] = dict(source.options)
        if not source.enabled:
            item["enabled"] = False
        items.append(item)
    return {"sources": items}


SOURCES_YAML_HEADER = """\
# Default sources: the publishers' real endpoints (../shared/fixtures/FEED_URLS.md).
# GENERATED from the registry in meetwire/publishers.py, which is the source of truth:
#   .venv/bin/python -m meetwire.publishers > scheduler/default_sources.yaml
# (tests/test_publishers.py fails when the two disagree.)
# Shipped inside the package: `meetwire run` imports them into an empty database, and
# `meetwire sources import` (with no file) imports them again; importing updates by name.
"""


def render_sources_yaml() -> str:
    """scheduler/default_sources.yaml exactly as the registry defines it."""
    import yaml

    body = yaml.safe_dump(
        default_sources_document(), sort_keys=False, allow_unicode=True, width=1000
    )
    return SOURCES_YAML_HEADER + body


if __name__ == "__main__":
    print(render_sources_yaml(), end="")
