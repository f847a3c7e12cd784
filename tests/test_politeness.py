"""HostThrottle: intervals, overrides, Crawl-delay, Retry-After; in memory and shared in Redis."""

import itertools
import multiprocessing

import pytest

from meetwire.settings import Settings
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


def _left(wait: float, interval: float) -> bool:
    """A wait is the interval minus the time since the slot was taken (slack for busy CI)."""
    return interval - 0.5 < wait <= interval


def _throttle(settings: Settings, unique_name: str, slept: list[float], **update) -> HostThrottle:
    settings = _settings(settings, **update)
    return HostThrottle(settings, key_prefix=f"test:{unique_name}:", sleep=slept.append)


def test_requests_to_one_host_are_spaced(backend_settings: Settings, unique_name: str) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=2.0)
    waits = [throttle.wait("news.cn") for _ in range(3)]
    assert waits[0] == 0
    assert _left(waits[1], 2.0)
    assert _left(waits[2], 4.0)  # each caller reserves the next free slot
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
    throttle.wait("www.chinadaily.com.cn")
    assert _left(throttle.wait("www.chinadaily.com.cn"), 3.0)
    throttle.wait("news.cn", min_interval=0.5)
    assert _left(throttle.wait("news.cn"), 0.5)


def test_defer_holds_the_host_and_long_waits_are_refused(
    backend_settings: Settings, unique_name: str
) -> None:
    slept: list[float] = []
    throttle = _throttle(backend_settings, unique_name, slept, host_delay=0, max_throttle_wait=30)
    throttle.defer("news.cn", 10)
    throttle.defer("news.cn", 1)  # a shorter deferral never pulls the time in
    assert _left(throttle.wait("news.cn"), 10)
    throttle.defer("tass.ru", 120)
    with pytest.raises(HostBusy) as caught:
        throttle.wait("tass.ru")
    assert _left(caught.value.wait, 120)


@pytest.mark.redis
def test_two_throttles_share_one_redis_schedule(
    local_settings: Settings, redis_url: str, unique_name: str
) -> None:
    settings = _settings(local_settings, broker_url=redis_url, host_delay=1.0)
    slept: list[float] = []
    first = _throttle(settings, unique_name, slept)
    second = _throttle(settings, unique_name, slept)
    assert first.wait("news.cn") == 0
    assert _left(second.wait("news.cn"), 1.0)
    first.defer("tass.ru", 5)
    assert _left(second.wait("tass.ru"), 5)


def test_get_throttle_is_process_wide_per_configuration(local_settings: Settings) -> None:
    assert get_throttle(local_settings) is get_throttle(local_settings.model_copy())
    other = _settings(local_settings, host_delay=3.0)
    assert get_throttle(other) is not get_throttle(local_settings)
    assert get_throttle(other).interval_for("news.cn") == 3.0


def _worker(url: str, settings_json: str, key_prefix: str, count: int, start) -> None:
    """One worker process: wait for the other one at the barrier, then fetch `count` times."""
    settings = Settings.model_validate_json(settings_json)
    throttle = HostThrottle(settings, key_prefix=key_prefix)
    start.wait()
    for _ in range(count):
        fetch(url, settings=settings, throttle=throttle, robots=ALLOW_ALL)


@pytest.mark.redis
def test_two_worker_processes_respect_the_interval_together(
    http_server: LocalServer, local_settings: Settings, redis_url: str, unique_name: str
) -> None:
    interval, per_worker = 0.25, 5
    http_server.routes["/article"] = Response(b"<html>ok</html>")
    settings = _settings(local_settings, broker_url=redis_url, host_delay=interval)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)  # both processes ready (imports done) before either fetches
    common = (settings.model_dump_json(), f"test:{unique_name}:", per_worker, start)
    workers = [
        context.Process(target=_worker, args=(http_server.url(f"/article?worker={n}"), *common))
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0, 0]
    requests = [r for r in http_server.requests if r.path.startswith("/article")]
    arrivals = sorted(r.arrived for r in requests)
    assert len(arrivals) == 2 * per_worker
    # The two workers really ran side by side: their requests interleave in time.
    spans = [[r.arrived for r in requests if r.path.endswith(f"worker={n}")] for n in range(2)]
    assert max(min(span) for span in spans) < min(max(span) for span in spans)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    # Slots are exact in Redis time; arrivals add a few ms of process scheduling noise.
    assert min(gaps) >= interval - 0.03, gaps
    assert arrivals[-1] - arrivals[0] >= (2 * per_worker - 1) * interval - 0.03


def test_publisher_registry_delays_apply(local_settings: Settings, unique_name: str) -> None:
    """The registry's per-publisher delay (kremlin.ru: 5 s) beats the default, unless it is 0."""
    slept: list[float] = []
    throttle = _throttle(local_settings, unique_name, slept, host_delay=2.0)
    assert throttle.interval_for("kremlin.ru") == 5.0
    assert throttle.interval_for("www.kremlin.ru") == 5.0
    assert throttle.interval_for("example.org") == 2.0
    off = _throttle(local_settings, unique_name, slept, host_delay=0)
    assert off.interval_for("kremlin.ru") == 0.0  # 0 turns politeness off everywhere (tests)
