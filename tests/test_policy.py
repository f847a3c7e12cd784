from datetime import UTC, datetime, timedelta

from scheduler.policy import next_poll_at

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _delay(**kwargs) -> float:
    args = {
        "now": NOW,
        "interval_seconds": 900,
        "consecutive_failures": 0,
        "max_backoff_seconds": 6 * 3600,
    } | kwargs
    return (next_poll_at(**args) - NOW).total_seconds()


def test_success_waits_one_interval() -> None:
    assert _delay() == 900


def test_failures_back_off_exponentially_up_to_the_cap() -> None:
    assert _delay(consecutive_failures=1) == 1800
    assert _delay(consecutive_failures=2) == 3600
    assert _delay(consecutive_failures=10) == 6 * 3600
    assert _delay(consecutive_failures=10_000) == 6 * 3600


def test_cap_never_shortens_the_interval() -> None:
    assert _delay(interval_seconds=86400, consecutive_failures=3) == 86400


def test_retry_after_is_a_floor() -> None:
    assert _delay(retry_after_seconds=7200) == 7200
    assert _delay(consecutive_failures=1, retry_after_seconds=60) == 1800
    assert next_poll_at(
        now=NOW, interval_seconds=60, consecutive_failures=0, max_backoff_seconds=10
    ) == NOW + timedelta(seconds=60)
