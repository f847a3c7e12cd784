"""The retry policy: what is transient, and how long to wait before the next attempt."""

import random

import httpx
import pytest

from worker.pipeline.fetch import FetchError
from worker.pipeline.retry import backoff_delay, is_transient, is_transient_status


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (FetchError("timeout", "t", url="u"), True),
        (FetchError("connection", "c", url="u"), True),
        (FetchError("throttled", "later", url="u", retry_after=60), True),
        (FetchError("http_status", "500", url="u", status_code=500), True),
        (FetchError("http_status", "503", url="u", status_code=503), True),
        (FetchError("http_status", "429", url="u", status_code=429), True),
        (FetchError("http_status", "408", url="u", status_code=408), True),
        (FetchError("http_status", "404", url="u", status_code=404), False),
        (FetchError("http_status", "410", url="u", status_code=410), False),
        (FetchError("http_status", "403", url="u", status_code=403), False),
        (FetchError("disallowed", "robots", url="u"), False),
        (FetchError("too_large", "big", url="u"), False),
        (FetchError("not_html", "pdf", url="u"), False),
        (FetchError("private_address", "no", url="u"), False),
        (FetchError("too_many_redirects", "loop", url="u"), False),
        (FetchError("bad_scheme", "ftp", url="u"), False),
        (FetchError("bad_url", "?", url="u"), False),
        (httpx.ReadTimeout("slow"), True),
        (httpx.ConnectError("refused"), True),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
        (ValueError("bug"), False),
        (KeyError("bug"), False),
    ],
)
def test_is_transient(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient


def test_an_explicit_transient_flag_wins() -> None:
    assert not is_transient(
        FetchError("http_status", "x", url="u", status_code=500, transient=False)
    )


@pytest.mark.parametrize(("status", "transient"), [(500, True), (599, True), (404, False)])
def test_is_transient_status(status: int, transient: bool) -> None:
    assert is_transient_status(status) is transient


def test_backoff_is_full_jitter_under_an_exponential_ceiling() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (50, 30.0)]:
        delays = [backoff_delay(attempt, base=2.0, cap=30.0, rng=rng) for _ in range(400)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > 0.9 * ceiling  # the whole range is used...
        assert min(delays) < 0.1 * ceiling  # ...from near zero (full jitter)
        assert len(set(delays)) == len(delays)


def test_retry_after_wins_when_larger_even_above_the_cap() -> None:
    assert backoff_delay(1, base=1.0, cap=10.0, retry_after=120.0) == 120.0
    rng = random.Random(1)
    assert backoff_delay(6, base=10.0, cap=300.0, retry_after=0.5, rng=rng) > 0.5


def test_huge_attempt_numbers_do_not_overflow() -> None:
    assert 0 <= backoff_delay(10_000, base=1.0, cap=60.0) <= 60.0
    assert 0 <= backoff_delay(0, base=1.0, cap=60.0) <= 1.0
