"""robots.txt: obeyed through fetch(), cached (memory and Redis), Crawl-delay honoured."""

import time
from functools import partial

import pytest

from meetwire.settings import Settings
from tests.support.clock import spaced_from
from tests.support.http import LocalServer, Response
from worker.pipeline.fetch import FetchError, download_robots, fetch, robots_for
from worker.pipeline.politeness import HostThrottle
from worker.pipeline.robots import ALLOW_ALL, RobotsCache

ROBOTS = b"""User-agent: *
Disallow: /private/

User-agent: meetwire
Disallow: /no-meetwire/
Crawl-delay: 0.3
"""
PAGE = Response(b"<html>ok</html>")


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def robots_settings(request: pytest.FixtureRequest, local_settings: Settings) -> Settings:
    if request.param == "memory":
        return local_settings
    redis_url = request.getfixturevalue("redis_url")
    return local_settings.model_copy(update={"broker_url": redis_url})


def _cache(settings: Settings, unique_name: str) -> RobotsCache:
    download = partial(download_robots, settings=settings)
    return RobotsCache(settings, download, key_prefix=f"test:{unique_name}:robots:")


def test_disallowed_url_is_not_fetched(
    http_server: LocalServer, robots_settings: Settings, unique_name: str
) -> None:
    http_server.routes["/robots.txt"] = Response(ROBOTS, headers={"Content-Type": "text/plain"})
    http_server.routes["/no-meetwire/a"] = PAGE
    http_server.routes["/private/b"] = PAGE
    http_server.routes["/public"] = PAGE
    robots = _cache(robots_settings, unique_name)
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/no-meetwire/a"), settings=robots_settings, robots=robots)
    assert (caught.value.kind, caught.value.transient) == ("disallowed", False)
    assert "robots.txt" in str(caught.value)
    # Our group names us, so the `*` group's /private/ rule does not apply to us.
    assert fetch(http_server.url("/private/b"), settings=robots_settings, robots=robots)
    assert fetch(http_server.url("/public"), settings=robots_settings, robots=robots)
    assert http_server.hits("/no-meetwire/a") == 0
    assert http_server.hits("/robots.txt") == 1  # fetched once, then cached


def test_crawl_delay_spaces_requests(
    http_server: LocalServer, local_settings: Settings, unique_name: str
) -> None:
    http_server.routes["/robots.txt"] = Response(ROBOTS, headers={"Content-Type": "text/plain"})
    http_server.routes["/page"] = PAGE
    robots = _cache(local_settings, unique_name)
    throttle = HostThrottle(local_settings)  # host_delay is 0: only Crawl-delay spaces them
    start = time.monotonic()  # the clock of the in-process schedule and of the server
    for _ in range(3):
        fetch(http_server.url("/page"), settings=local_settings, robots=robots, throttle=throttle)
    arrivals = [r.arrived for r in http_server.requests if r.path == "/page"]
    assert len(arrivals) == 3 and spaced_from(start, 0.3, arrivals), arrivals
    assert robots.verdict(http_server.url("/page")).crawl_delay == 0.3


@pytest.mark.parametrize("status", [404, 403, 410])
def test_missing_robots_allows_all_and_is_cached(
    http_server: LocalServer, local_settings: Settings, unique_name: str, status: int
) -> None:
    http_server.routes["/robots.txt"] = Response(b"", status)
    http_server.routes["/page"] = PAGE
    robots = _cache(local_settings, unique_name)
    for _ in range(2):
        fetch(http_server.url("/page"), settings=local_settings, robots=robots)
    assert http_server.hits("/page") == 2 and http_server.hits("/robots.txt") == 1


def test_robots_server_error_disallows_for_now_and_is_asked_again(
    http_server: LocalServer, local_settings: Settings, unique_name: str
) -> None:
    """RFC 9309: an unreadable robots.txt (5xx) means complete disallow, until it can be read."""
    http_server.routes["/robots.txt"] = Response(b"down", 503)
    http_server.routes["/page"] = PAGE
    settings = local_settings.model_copy(update={"robots_error_cache_seconds": 0})
    robots = _cache(settings, unique_name)
    for _ in range(2):
        with pytest.raises(FetchError) as caught:
            fetch(http_server.url("/page"), settings=settings, robots=robots)
        assert (caught.value.kind, caught.value.transient) == ("robots_unavailable", True)
        assert "HTTP 503" in str(caught.value) and "RFC 9309" in str(caught.value)
    assert http_server.hits("/page") == 0 and http_server.hits("/robots.txt") == 2
    http_server.routes["/robots.txt"] = Response(b"", 404)
    assert fetch(http_server.url("/page"), settings=settings, robots=robots).status_code == 200


def test_robots_timeout_disallows_for_now(
    http_server: LocalServer, local_settings: Settings, unique_name: str
) -> None:
    http_server.stall("/robots.txt")
    http_server.routes["/page"] = PAGE
    settings = local_settings.model_copy(update={"read_timeout": 0.3})
    robots = _cache(settings, unique_name)
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/page"), settings=settings, robots=robots)
    assert caught.value.kind == "robots_unavailable" and "timed out" in str(caught.value)
    assert http_server.hits("/page") == 0


def test_robots_follows_redirects_and_the_page_rules_apply(
    http_server: LocalServer, local_settings: Settings, unique_name: str
) -> None:
    name = unique_name
    http_server.routes["/robots.txt"] = Response(b"", 301, {"Location": "/real-robots.txt"})
    http_server.routes["/real-robots.txt"] = Response(
        b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/x"), settings=local_settings, robots=_cache(local_settings, name))
    assert caught.value.kind == "disallowed"


@pytest.mark.redis
def test_redis_cache_is_shared_between_workers(
    http_server: LocalServer, local_settings: Settings, redis_url: str, unique_name: str
) -> None:
    http_server.routes["/robots.txt"] = Response(ROBOTS, headers={"Content-Type": "text/plain"})
    settings = local_settings.model_copy(update={"broker_url": redis_url})
    first, second = _cache(settings, unique_name), _cache(settings, unique_name)
    assert not first.verdict(http_server.url("/no-meetwire/x")).allowed
    assert not second.verdict(http_server.url("/no-meetwire/x")).allowed
    assert second.verdict(http_server.url("/")).crawl_delay == 0.3
    assert http_server.hits("/robots.txt") == 1


def test_robots_can_be_turned_off(http_server: LocalServer, local_settings: Settings) -> None:
    http_server.routes["/robots.txt"] = Response(b"User-agent: *\nDisallow: /\n")
    http_server.routes["/page"] = PAGE
    settings = local_settings.model_copy(update={"robots_enabled": False})
    assert robots_for(settings) is ALLOW_ALL
    assert fetch(http_server.url("/page"), settings=settings).status_code == 200
    assert http_server.hits("/robots.txt") == 0
    with pytest.raises(FetchError):  # and on by default
        fetch(http_server.url("/page"), settings=local_settings)
