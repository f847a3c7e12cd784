"""When a source is polled next: one pure function over the source's state."""

from datetime import datetime, timedelta


def next_poll_at(
    *,
    now: datetime,
    interval_seconds: int,
    consecutive_failures: int,
    max_backoff_seconds: int,
    retry_after_seconds: float | None = None,
) -> datetime:
    """Interval after a success; doubling per failure up to a cap; never before Retry-After,
    which is itself held to the cap (a server cannot park a source for years)."""
    if consecutive_failures <= 0:
        delay = float(interval_seconds)
    else:
        # 2**failures grows past any cap quickly; clamp the exponent to keep the float finite.
        delay = min(interval_seconds * 2.0 ** min(consecutive_failures, 32), max_backoff_seconds)
        delay = max(delay, float(interval_seconds))
    if retry_after_seconds is not None and retry_after_seconds == retry_after_seconds:  # not NaN
        delay = max(delay, min(retry_after_seconds, float(max_backoff_seconds)))
    return now + timedelta(seconds=delay)
