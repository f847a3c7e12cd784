"""Time checks that a slow machine can only make easier: countdowns and request spacing."""

import time

# The Redis schedule counts whole milliseconds, so a slot may stand up to 1 ms early.
_ROUNDING = 0.002


class Stopwatch:
    """Started before a countdown is set; bounds what the countdown may have run down to."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def left_of(self, total: float, left: float) -> bool:
        """Whether `left` is `total` less no more than the time since the start."""
        elapsed = time.monotonic() - self.started
        return total - elapsed - _ROUNDING <= left <= total


def spaced_from(start: float, interval: float, arrivals: list[float]) -> bool:
    """Whether the k-th arrival (in time order) came no sooner than `start + k * interval`.

    That is what a schedule of one slot per interval from `start` allows; delays on a busy
    machine only push arrivals later.
    """
    ordered = sorted(arrivals)
    return all(a >= start + k * interval - _ROUNDING for k, a in enumerate(ordered))
