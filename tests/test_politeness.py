"""HostThrottle: intervals, overrides, Crawl-delay, Retry-After; in memory and shared in Redis."""

import multiprocessing

import pytest
import redis

from meetwire.settings import Settings
from tests.support.clock import Stopwatch, spaced_from
from tests.support.http import LocalServer, Response
from worker.pipeline.fetch import fetch
from worker.pipeline.politeness import HostBusy, HostThrottle, get_throttle
from worker.pipeline.robots import ALLOW_ALL


def _settings(local_settings: Settings, **update) -> Settings:
    return local_settings.model_copy(update=update)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend_settings(request: pytest.FixtureRequest, local_settings: Settings) -> Settings:
    """The in-process schedule, then the Redis one."""
    if request.param == "memory":
        return local_settings
    return _settings(local_settings, broker_url=request.getfixturevalue("redis_url"))


def _throttle(settings: Settings, unique_name: str, slept: list[float], **update) -> HostThrottle:
    settings = _settings(settings, **update)
    return HostThrottle(settings, key_prefix=f"test:{unique_name}:", sleep=slept.append)


def test_requests_to_one_host_are_spaced(backend_settings: Settings, unique_name: str) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=2.0)
    stopwatch = Stopwatch()
    waits = [throttle.wait("news.cn") for _ in range(3)]
    assert waits[0] == 0
    assert stopwatch.left_of(2.0, waits[1])
    assert stopwatch.left_of(4.0, waits[2])  # each caller reserves the next free slot
    assert throttle.wait("chinadaily.com.cn") == 0  # other hosts are not held up
    assert slept == waits[1:]


def test_zero_delay_never_waits(backend_settings: Settings, unique_name: str) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=0)
    assert [throttle.wait("news.cn") for _ in range(5)] == [0] * 5 and slept == []


def test_per_host_interval_and_crawl_delay(backend_settings: Settings, unique_name: str) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=1.0, max_crawl_delay=5)
    throttle.set_interval("www.chinadaily.com.cn", 3.0)
    assert throttle.interval_for("WWW.chinadaily.com.cn") == 3.0
    assert throttle.interval_for("news.cn") == 1.0
    assert throttle.interval_for("news.cn", crawl_delay=2.5) == 2.5  # max of the two
    assert throttle.interval_for("news.cn", crawl_delay=0.5) == 1.0
    assert throttle.interval_for("news.cn", crawl_delay=3600) == 5  # capped
    stopwatch = Stopwatch()
    throttle.wait("www.chinadaily.com.cn")
    assert stopwatch.left_of(3.0, throttle.wait("www.chinadaily.com.cn"))
    stopwatch = Stopwatch()
    throttle.wait("news.cn", min_interval=0.5)
    assert stopwatch.left_of(0.5, throttle.wait("news.cn"))


def test_defer_holds_the_host_and_long_waits_are_refused(
    backend_settings: Settings, unique_name: str
) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=0, max_throttle_wait=30)
    stopwatch = Stopwatch()
    throttle.defer("news.cn", 10)
    throttle.defer("news.cn", 1)  # a shorter deferral never pulls the time in
    assert stopwatch.left_of(10, throttle.wait("news.cn"))
    throttle.defer("tass.ru", 120)
    with pytest.raises(HostBusy) as caught:
        throttle.wait("tass.ru")
    assert stopwatch.left_of(120, caught.value.wait)


@pytest.mark.redis
def test_two_throttles_share_one_redis_schedule(
    local_settings: Settings, redis_url: str, unique_name: str
) -> None:
    settings = _settings(local_settings, broker_url=redis_url, host_delay=1.0)
    slept: list[float] = []
    first = _throttle(settings, unique_name, slept)
    second = _throttle(settings, unique_name, slept)
    stopwatch = Stopwatch()
    assert first.wait("news.cn") == 0
    assert stopwatch.left_of(1.0, second.wait("news.cn"))
    first.defer("tass.ru", 5)
    assert stopwatch.left_of(5, second.wait("tass.ru"))


def test_get_throttle_is_process_wide_per_configuration(local_settings: Settings) -> None:
    assert get_throttle(local_settings) is get_throttle(local_settings.model_copy())
    other = _settings(local_settings, host_delay=3.0)
    assert get_throttle(other) is not get_throttle(local_settings)
    assert get_throttle(other).interval_for("news.cn") == 3.0


def _worker(url: str, settings_json: str, key_prefix: str, count: int, ready, go) -> None:
    """One worker process: report ready (imports done), wait for the go, fetch `count` times."""
    settings = Settings.model_validate_json(settings_json)
    throttle = HostThrottle(settings, key_prefix=key_prefix)
    ready.wait(60)
    go.wait(60)
    for _ in range(count):
        fetch(url, settings=settings, throttle=throttle, robots=ALLOW_ALL)


@pytest.mark.redis
def test_two_worker_processes_respect_the_interval_together(
    http_server: LocalServer, local_settings: Settings, redis_url: str, unique_name: str
) -> None:
    interval, per_worker = 0.25, 5
    client = redis.Redis.from_url(redis_url)
    key_prefix = f"test:{unique_name}:"

    def redis_clock() -> float:
        seconds, micros = client.time()
        return seconds + micros / 1_000_000

    # Arrivals are stamped by the clock the shared schedule keeps, so they compare to its slots.
    http_server.clock = redis_clock
    http_server.routes["/article"] = Response(b"<html>ok</html>")
    settings = _settings(local_settings, broker_url=redis_url, host_delay=interval)
    context = multiprocessing.get_context("spawn")
    ready, go = context.Barrier(3), context.Event()
    common = (settings.model_dump_json(), key_prefix, per_worker, ready, go)
    workers = [
        context.Process(target=_worker, args=(http_server.url(f"/article?worker={n}"), *common))
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    ready.wait(30)
    # This test takes the host's first slot itself, so it knows where the schedule starts.
    assert HostThrottle(settings, key_prefix=key_prefix).wait("127.0.0.1") == 0
    first_free = int(client.get(key_prefix + "127.0.0.1")) / 1000
    go.set()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0, 0]
    requests = [r for r in http_server.requests if r.path.startswith("/article")]
    arrivals = sorted(r.arrived for r in requests)
    assert len(arrivals) == 2 * per_worker
    # The two workers really ran side by side: their requests interleave.
    spans = [[r.arrived for r in requests if r.path.endswith(f"worker={n}")] for n in range(2)]
    assert max(min(span) for span in spans) < min(max(span) for span in spans)
    # The host saw no request before its slot: the k-th came no sooner than k intervals after
    # the first free one.
    assert spaced_from(first_free, interval, arrivals), [a - first_free for a in arrivals]


def test_publisher_registry_delays_apply(local_settings: Settings, unique_name: str) -> None:
    """The registry's per-publisher delay (kremlin.ru: 5 s) beats the default, unless it is 0."""
    slept: list[float] = []
    throttle = _throttle(local_settings, unique_name, slept, host_delay=2.0)
    assert throttle.interval_for("kremlin.ru") == 5.0
    assert throttle.interval_for("www.kremlin.ru") == 5.0
    assert throttle.interval_for("example.org") == 2.0
    off = _throttle(local_settings, unique_name, slept, host_delay=0)
    assert off.interval_for("kremlin.ru") == 0.0  # 0 turns politeness off everywhere (tests)
