"""robots.txt: fetched through the safe fetch path, cached (Redis when configured), obeyed."""

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import redis
from protego import Protego

from meetwire.settings import Settings
from worker.pipeline.politeness import uses_redis

if TYPE_CHECKING:
    from worker.pipeline.politeness import HostThrottle

log = logging.getLogger(__name__)
# RFC 9309 asks crawlers to parse at least 500 KiB; more is either a mistake or an attack.
MAX_ROBOTS_BYTES = 512 * 1024
# Parsed robots.txt kept per process; far more origins than meetwire's publishers ever need.
MAX_MEMORY_ORIGINS = 10_000


@dataclass
class Robots:
    """The robots.txt of one origin: its text ('' allows everything) and for how long to keep it."""

    origin: str
    text: str
    ttl: float

    def parsed(self) -> Protego:
        return Protego.parse(self.text)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased: robots.txt is per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """Answers "may we fetch this URL, and how slowly" from each origin's cached robots.txt."""

    def __init__(self, settings: Settings, *, key_prefix: str = "meetwire:robots:") -> None:
        self.settings = settings
        self.user_agent = settings.user_agent
        self.key_prefix = key_prefix
        self.redis = redis.Redis.from_url(settings.broker_url) if uses_redis(settings) else None
        self._memory: dict[str, tuple[float, Protego]] = {}
        self._lock = threading.Lock()

    def rules_for(self, url: str, *, throttle: "HostThrottle | None" = None) -> Protego:
        """The parsed robots.txt for url's origin, from cache or fetched (politely) now."""
        origin = origin_of(url)
        with self._lock:
            cached = self._memory.get(origin)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        robots = self._load_shared(origin) or self._download(origin, throttle)
        rules = robots.parsed()
        with self._lock:
            if len(self._memory) >= MAX_MEMORY_ORIGINS:  # feeds can link anywhere: stay bounded
                self._memory.clear()
            self._memory[origin] = (time.monotonic() + robots.ttl, rules)
        return rules

    def verdict(
        self, url: str, *, throttle: "HostThrottle | None" = None
    ) -> tuple[bool, float | None]:
        """(may we fetch url, the Crawl-delay asked of us) from one robots.txt lookup."""
        rules = self.rules_for(url, throttle=throttle)
        delay = rules.crawl_delay(self.user_agent)
        return rules.can_fetch(url, self.user_agent), float(delay) if delay else None

    def allowed(self, url: str, *, throttle: "HostThrottle | None" = None) -> bool:
        """Whether robots.txt lets settings.user_agent fetch url."""
        return self.rules_for(url, throttle=throttle).can_fetch(url, self.user_agent)

    def crawl_delay(self, url: str, *, throttle: "HostThrottle | None" = None) -> float | None:
        """The Crawl-delay (seconds) robots.txt asks of our user agent, if any."""
        delay = self.rules_for(url, throttle=throttle).crawl_delay(self.user_agent)
        return float(delay) if delay else None

    def _load_shared(self, origin: str) -> Robots | None:
        """Another worker's copy from Redis, with its remaining lifetime."""
        if self.redis is None:
            return None
        key = self.key_prefix + origin
        text, ttl_ms = self.redis.pipeline().get(key).pttl(key).execute()
        if text is None or ttl_ms <= 0:
            return None
        return Robots(origin, text.decode("utf-8"), ttl_ms / 1000)

    def _download(self, origin: str, throttle: "HostThrottle | None") -> Robots:
        """Fetch origin/robots.txt; a missing one allows all, an unreachable one briefly so."""
        from worker.pipeline.fetch import FetchError, fetch  # fetch uses us: import late

        url = origin + "/robots.txt"
        settings = self.settings
        try:
            result = fetch(
                url, settings=settings, expect="any", throttle=throttle, robots=ALLOW_ALL
            )
            text = (
                result.text if result.text is not None else result.body.decode("utf-8", "replace")
            )
            robots = Robots(origin, text[:MAX_ROBOTS_BYTES], settings.robots_cache_seconds)
        except FetchError as exc:
            # RFC 9309: 4xx means "no robots.txt" (allow all); 5xx and network trouble mean
            # "unknown", which we treat as allow but ask again soon.
            lasting = exc.kind == "http_status" and not exc.transient
            ttl = settings.robots_cache_seconds if lasting else settings.robots_error_cache_seconds
            log.info("robots.txt unavailable url=%s error=%s cache_seconds=%s", url, exc, ttl)
            robots = Robots(origin, "", ttl)
        if self.redis is not None and robots.ttl > 0:
            self.redis.set(self.key_prefix + origin, robots.text, px=int(robots.ttl * 1000))
        return robots


class _AllowAll(RobotsCache):
    """Used to fetch robots.txt itself (no recursion) and when robots_enabled is false."""

    def __init__(self) -> None:
        self._rules = Protego.parse("")
        self.user_agent = "*"

    def rules_for(self, url: str, *, throttle: "HostThrottle | None" = None) -> Protego:
        return self._rules


ALLOW_ALL: RobotsCache = _AllowAll()
_caches: dict[str, RobotsCache] = {}
_caches_lock = threading.Lock()


def get_robots(settings: Settings) -> RobotsCache:
    """The process-wide robots cache for these settings (ALLOW_ALL when robots are disabled)."""
    if not settings.robots_enabled:
        return ALLOW_ALL
    key = settings.model_dump_json()  # robots.txt is fetched with these very settings
    with _caches_lock:
        if key not in _caches:
            _caches[key] = RobotsCache(settings)
        return _caches[key]
