"""robots.txt: downloaded by an injected function, cached (Redis when configured), obeyed.

RFC 9309: a robots.txt answering 4xx means "no rules"; one that cannot be read (5xx, network
trouble) means "disallow everything" until it can be read again.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import redis
from protego import Protego

from meetwire.settings import Settings
from worker.pipeline.politeness import uses_redis

if TYPE_CHECKING:
    from worker.pipeline.politeness import HostThrottle

log = logging.getLogger(__name__)
# Parsed robots.txt kept per process; far more origins than meetwire's publishers ever need.
MAX_MEMORY_ORIGINS = 10_000
# Marks a shared (Redis) entry for a robots.txt that could not be read; never starts a real file.
_UNAVAILABLE = "\0unavailable:"


@dataclass(frozen=True)
class RobotsFile:
    """What downloading one robots.txt gave: its text, "there is none" (4xx), or an error."""

    text: str | None = None
    missing: bool = False  # answered 4xx (or redirected nowhere): no rules, everything allowed
    error: str | None = None  # unreadable (5xx, timeout, ...): why, for the message


# download(robots_url, throttle) -> RobotsFile; fetch.py provides it, so robots imports no fetch.
Download = Callable[[str, "HostThrottle | None"], RobotsFile]


@dataclass(frozen=True)
class Verdict:
    """May a URL be fetched, how slowly, and (when refused for that reason) why robots.txt
    could not be read."""

    allowed: bool
    crawl_delay: float | None = None
    unavailable: str | None = None


class RobotsPolicy(Protocol):
    def verdict(self, url: str, *, throttle: "HostThrottle | None" = None) -> Verdict: ...


class AllowAll:
    """The policy when robots_enabled is false, and for fetching robots.txt itself."""

    def verdict(self, url: str, *, throttle: "HostThrottle | None" = None) -> Verdict:
        return Verdict(True)


ALLOW_ALL = AllowAll()


@dataclass(frozen=True)
class _Rules:
    parsed: Protego | None  # None when unavailable
    unavailable: str | None


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased: robots.txt is per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def usable_prefix(text: str, *, truncated: bool) -> str:
    """The part of a robots.txt to parse. A cut-off last line is dropped, unless it is a
    Disallow: cutting its path only disallows more (a 50 MB "Disallow: /      ..." holds)."""
    if not truncated:
        return text
    complete, _, partial = text.rpartition("\n")
    if partial.lstrip().lower().startswith("disallow"):
        return text
    return complete + "\n" if complete else ""


class RobotsCache:
    """Answers "may we fetch this URL, and how slowly" from each origin's cached robots.txt."""

    def __init__(
        self, settings: Settings, download: Download, *, key_prefix: str = "meetwire:robots:"
    ) -> None:
        self.settings = settings
        self.download = download
        self.user_agent = settings.user_agent
        self.key_prefix = key_prefix
        self.redis = redis.Redis.from_url(settings.broker_url) if uses_redis(settings) else None
        self._memory: dict[str, tuple[float, _Rules]] = {}
        self._lock = threading.Lock()

    def verdict(self, url: str, *, throttle: "HostThrottle | None" = None) -> Verdict:
        """(may we fetch url, its Crawl-delay, why robots.txt is unreadable) in one lookup."""
        rules = self._rules_for(url, throttle)
        if rules.parsed is None:
            return Verdict(False, None, rules.unavailable)
        delay = rules.parsed.crawl_delay(self.user_agent)
        allowed = rules.parsed.can_fetch(url, self.user_agent)
        return Verdict(allowed, float(delay) if delay else None)

    def _rules_for(self, url: str, throttle: "HostThrottle | None") -> _Rules:
        origin = origin_of(url)
        with self._lock:
            cached = self._memory.get(origin)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        shared = self._load_shared(origin)
        if shared is not None:
            text, ttl = shared
        else:
            text, ttl = self._read(origin, throttle)
            if self.redis is not None and ttl > 0:
                self.redis.set(self.key_prefix + origin, text, px=int(ttl * 1000))
        if text.startswith(_UNAVAILABLE):
            rules = _Rules(None, text[len(_UNAVAILABLE) :])
        else:
            rules = _Rules(Protego.parse(text), None)
        with self._lock:
            if len(self._memory) >= MAX_MEMORY_ORIGINS:  # feeds can link anywhere: stay bounded
                self._memory.clear()
            self._memory[origin] = (time.monotonic() + ttl, rules)
        return rules

    def _load_shared(self, origin: str) -> tuple[str, float] | None:
        """Another worker's copy from Redis, with its remaining lifetime."""
        if self.redis is None:
            return None
        key = self.key_prefix + origin
        text, ttl_ms = self.redis.pipeline().get(key).pttl(key).execute()
        if text is None or ttl_ms <= 0:
            return None
        return text.decode("utf-8"), ttl_ms / 1000

    def _read(self, origin: str, throttle: "HostThrottle | None") -> tuple[str, float]:
        """Download origin/robots.txt: (its text or the unavailable marker, seconds to keep)."""
        url = origin + "/robots.txt"
        settings = self.settings
        found = self.download(url, throttle)
        if found.text is not None:
            return found.text, settings.robots_cache_seconds
        if found.missing:
            return "", settings.robots_cache_seconds
        log.info("robots.txt unreadable url=%s error=%s", url, found.error)
        return _UNAVAILABLE + (found.error or "unreadable"), settings.robots_error_cache_seconds
