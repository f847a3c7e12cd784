"""Per-host politeness: a minimum interval between requests, shared by every worker.

With a redis:// broker the schedule lives in Redis, so workers on all machines share it: each
request atomically reserves the next free slot for its host (one Lua script, Redis clock) and
sleeps until that slot. Without a broker the same schedule is kept in this process.
"""

import threading
import time
from typing import Protocol

import redis

from meetwire.settings import Settings
from scheduler.publishers import host_delay_for

# Reserve the next slot for a host. KEYS[1] holds the next allowed time (ms, Redis clock).
# ARGV[1] = interval ms, ARGV[2] = longest acceptable wait ms, ARGV[3] = the longest a host may
# be deferred (ms): a stored time beyond it (written before the cap existed) is pulled in.
# Returns {reserved, wait ms}; a slot further away than ARGV[2] is not reserved. Redis time
# keeps machine clocks out of it.
_RESERVE = """
local now_parts = redis.call('TIME')
local now = now_parts[1] * 1000 + math.floor(now_parts[2] / 1000)
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local next_free = math.min(stored, now + tonumber(ARGV[3]))
if stored > next_free then
  redis.call('SET', KEYS[1], next_free, 'PX', math.max(1, next_free - now))
end
local slot = math.max(now, next_free)
if slot - now > tonumber(ARGV[2]) then
  return {0, slot - now}
end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
return {1, slot - now}
"""
# Push a host's next allowed time out to now + ARGV[1] ms (never pull it in, never past the cap
# ARGV[2] ms). The key expires when the deferral ends: it cannot outlive the cap.
_DEFER = """
local now_parts = redis.call('TIME')
local now = now_parts[1] * 1000 + math.floor(now_parts[2] / 1000)
local cap = tonumber(ARGV[2])
local next_free = math.min(tonumber(redis.call('GET', KEYS[1]) or '0'), now + cap)
local until_ms = math.max(next_free, now + math.min(tonumber(ARGV[1]), cap))
redis.call('SET', KEYS[1], until_ms, 'PX', math.max(1, until_ms - now))
return until_ms - now
"""


class HostBusy(Exception):
    """The host's next free slot is further away than a worker should sleep."""

    def __init__(self, host: str, wait: float) -> None:
        self.host, self.wait = host, wait
        super().__init__(f"{host} is not to be contacted for another {wait:.0f}s")


class _Schedule(Protocol):
    def reserve(self, host: str, interval: float, max_wait: float) -> tuple[bool, float]: ...
    def defer(self, host: str, seconds: float) -> None: ...


class MemorySchedule:
    """Next allowed time per host, in this process only."""

    def __init__(self, cap: float = 6 * 3600) -> None:
        self.cap = cap
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, host: str, interval: float, max_wait: float) -> tuple[bool, float]:
        with self._lock:
            now = time.monotonic()
            slot = max(now, min(self._next.get(host, 0.0), now + self.cap))
            if slot - now > max_wait:
                return False, slot - now
            self._next[host] = slot + interval
            return True, slot - now

    def defer(self, host: str, seconds: float) -> None:
        with self._lock:
            now = time.monotonic()
            until = now + min(seconds, self.cap)
            self._next[host] = max(min(self._next.get(host, 0.0), now + self.cap), until)


class RedisSchedule:
    """Next allowed time per host in Redis, reserved atomically by a Lua script."""

    def __init__(self, client: redis.Redis, key_prefix: str, cap: float = 6 * 3600) -> None:
        self.client, self.key_prefix = client, key_prefix
        self.cap_ms = int(cap * 1000)
        self._reserve = client.register_script(_RESERVE)
        self._defer = client.register_script(_DEFER)

    def reserve(self, host: str, interval: float, max_wait: float) -> tuple[bool, float]:
        args = [int(interval * 1000), int(max_wait * 1000), self.cap_ms]
        reserved, wait_ms = self._reserve(keys=[self.key_prefix + host], args=args)
        return bool(reserved), int(wait_ms) / 1000

    def defer(self, host: str, seconds: float) -> None:
        ms = min(self.cap_ms, int(seconds * 1000))
        self._defer(keys=[self.key_prefix + host], args=[ms, self.cap_ms])


def uses_redis(settings: Settings) -> bool:
    """Whether the broker URL names a Redis server the throttle can share."""
    return settings.broker_url.startswith(("redis://", "rediss://", "unix://"))


class HostThrottle:
    """Waits so that requests to one host keep at least their interval apart, fleet-wide."""

    def __init__(
        self,
        settings: Settings,
        *,
        intervals: dict[str, float] | None = None,
        key_prefix: str = "meetwire:throttle:",
        sleep=time.sleep,
    ) -> None:
        self.default_interval = settings.host_delay
        self.max_crawl_delay = settings.max_crawl_delay
        self.max_wait = settings.max_throttle_wait
        self.intervals = {host.lower(): value for host, value in (intervals or {}).items()}
        cap = settings.max_retry_after_seconds
        self.schedule: _Schedule = (
            RedisSchedule(redis.Redis.from_url(settings.broker_url), key_prefix, cap)
            if uses_redis(settings)
            else MemorySchedule(cap)
        )
        self._sleep = sleep

    def set_interval(self, host: str, seconds: float) -> None:
        """Give `host` its own interval (the publisher registry's per-publisher delay)."""
        self.intervals[host.lower()] = seconds

    def interval_for(self, host: str, crawl_delay: float | None = None) -> float:
        """host's interval (set here, else its publisher's, else the default), raised to
        robots.txt's Crawl-delay (capped)."""
        interval = self.intervals.get(host.lower())
        if interval is None:
            interval = host_delay_for(host.lower(), default=self.default_interval)
        if crawl_delay:
            interval = max(interval, min(crawl_delay, self.max_crawl_delay))
        return interval

    def wait(
        self, host: str, min_interval: float | None = None, *, max_wait: float | None = None
    ) -> float:
        """Block until a request to `host` is allowed; returns the seconds waited.

        `min_interval` replaces the configured interval for this call (None keeps it); a
        deferral from Retry-After is honoured either way. Raises HostBusy instead of sleeping
        longer than settings.max_throttle_wait, or `max_wait` when shorter (a poll's deadline).
        """
        interval = self.interval_for(host) if min_interval is None else min_interval
        longest = self.max_wait if max_wait is None else max(0.0, min(self.max_wait, max_wait))
        reserved, wait = self.schedule.reserve(host.lower(), max(0.0, interval), longest)
        if not reserved:
            raise HostBusy(host, wait)
        if wait > 0:
            self._sleep(wait)
        return max(0.0, wait)

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` before `seconds` from now (Retry-After on 429/503)."""
        if seconds > 0:
            self.schedule.defer(host.lower(), seconds)


_throttles: dict[str, HostThrottle] = {}
_lock = threading.Lock()


def get_throttle(settings: Settings) -> HostThrottle:
    """The process-wide throttle for these settings (one per broker and delay)."""
    key = settings.model_dump_json()
    with _lock:
        if key not in _throttles:
            _throttles[key] = HostThrottle(settings)
        return _throttles[key]
