"""Waiting for what started services do, with their logs when they do not."""

import time
from collections.abc import Callable
from pathlib import Path

import pytest


def wait_for(condition: Callable[[], bool], timeout: float, what: str, logs: Path) -> None:
    """Check `condition` until it holds; on timeout fail with the services' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    tails = "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(logs.glob("*.log"))
    )
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")
