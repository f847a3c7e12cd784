"""Human intervals such as `15m`, `2h`, `1d` or `90` (seconds)."""

import re

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_interval(value: str | int | float) -> int:
    """Seconds in an interval; a bare number is seconds. Raises ValueError on anything else."""
    if isinstance(value, int | float):
        seconds = int(value)
    else:
        match = _PATTERN.match(str(value))
        if not match:
            raise ValueError(f"not an interval: {value!r} (use e.g. 90, 30s, 15m, 2h, 1d)")
        seconds = int(float(match[1]) * _UNITS[(match[2] or "s").lower()])
    if seconds < 1:
        raise ValueError(f"an interval must be at least one second, got {value!r}")
    return seconds


def format_interval(seconds: int) -> str:
    """The shortest exact form of `seconds` (900 -> '15m')."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
