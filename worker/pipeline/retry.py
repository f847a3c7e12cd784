"""The retry policy as pure functions: which failures are worth retrying, and when."""

import random

import httpx

# Statuses that say "later" rather than "never": timeouts, rate limits and server trouble.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524})


def is_transient_status(status_code: int) -> bool:
    """Whether an HTTP status is worth retrying (5xx, 408, 425, 429); 404/410/403 are not."""
    return status_code in TRANSIENT_STATUSES or 500 <= status_code < 600


def is_transient(error: BaseException) -> bool:
    """Whether a retry may succeed: FetchError says so itself; network errors are transient."""
    transient = getattr(error, "transient", None)
    if isinstance(transient, bool):
        return transient
    if isinstance(error, httpx.HTTPStatusError):
        return is_transient_status(error.response.status_code)
    return isinstance(error, httpx.TransportError | ConnectionError | TimeoutError)


def backoff_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds before retry number `attempt` (1 = first retry): full jitter, Retry-After wins.

    Full jitter (uniform over [0, min(cap, base * 2**(attempt-1))]) spreads retries of many
    workers apart; a server's Retry-After is honoured even above the cap, as politeness asks.
    """
    ceiling = min(cap, base * 2.0 ** min(max(0, attempt - 1), 60))
    delay = (rng or random).uniform(0, ceiling)
    if retry_after is not None and retry_after > delay:
        return float(retry_after)
    return delay
