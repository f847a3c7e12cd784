"""The publisher registry: one declarative entry per publisher (hosts, URL rules, time zone)."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from url_normalize import url_normalize

CHINA_TZ = timezone(timedelta(hours=8), "CST")
MOSCOW_TZ = timezone(timedelta(hours=3), "MSK")

# Query parameters that only track a click; they never select a different article.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|spm|from|share\w*|fbclid|gclid|yclid|mc_\w+|ref|src)$")


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
    },
    # The English site moved from xinhuanet.com/english/ to english.news.cn.
    path_rewrites=(("www.news.cn/english/", "english.news.cn/english/"),),
    timezone=CHINA_TZ,
    language="zh",
    url_date_patterns=(
        r"/(?P<y>20\d\d)(?P<m>\d\d)(?P<d>\d\d)/",
        r"/(?P<y>20\d\d)-(?P<m>\d\d)/(?P<d>\d\d)/",
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
)

TASS = Publisher(
    key="tass",
    name="TASS",
    hosts=("tass.ru", "tass.com"),
    timezone=MOSCOW_TZ,
    language="ru",
)

KREMLIN = Publisher(
    key="kremlin",
    name="Kremlin",
    hosts=("kremlin.ru",),
    timezone=MOSCOW_TZ,
    language="ru",
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
