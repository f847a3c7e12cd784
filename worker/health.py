"""Container healthchecks: `python -m worker.health worker NAME | beat SCHEDULE | flower`.

Exit 0 when the service does its job, 1 (with one line saying why) when it does not. The compose
file runs these; so does the test suite, against the same services run as local processes.
"""

import os
import socket
import sys
import time
from pathlib import Path

# Beat writes its schedule file after every tick it sends (beat_sync_every=1): five missed ticks,
# and at least two minutes, mean beat is stuck or cannot reach Redis.
BEAT_STALE_TICKS = 5
BEAT_STALE_MIN_SECONDS = 120.0
# Long enough for a worker busy with a page to answer a ping, short of compose's 30 s timeout.
PING_TIMEOUT_SECONDS = 10.0


def worker_problem(name: str) -> str | None:
    """None when the worker `name@<this host>` answers a broadcast ping."""
    from worker.app import app

    node = f"{name}@{socket.gethostname()}"
    replies = app.control.ping(destination=[node], timeout=PING_TIMEOUT_SECONDS)
    if not any(node in reply for reply in replies):
        return f"worker {node} did not answer a ping within {PING_TIMEOUT_SECONDS:.0f} s"
    return None


def beat_problem(schedule: Path, tick_seconds: float, now: float | None = None) -> str | None:
    """None when beat's schedule file (any of its dbm files) was written recently."""
    files = list(schedule.parent.glob(schedule.name + "*"))
    if not files:
        return f"beat has not written its schedule {schedule} yet"
    age = (now or time.time()) - max(path.stat().st_mtime for path in files)
    stale = max(BEAT_STALE_TICKS * tick_seconds, BEAT_STALE_MIN_SECONDS)
    if age > stale:
        return f"beat last wrote {schedule} {age:.0f} s ago (more than {stale:.0f} s)"
    return None


def flower_problem(port: int) -> str | None:
    """None when Flower answers its (unauthenticated, content-free) /healthcheck."""
    import httpx

    try:
        response = httpx.get(f"http://127.0.0.1:{port}/healthcheck", timeout=PING_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        return f"flower does not answer on port {port}: {exc}"
    if response.status_code != 200 or response.text.strip() != "OK":
        return f"flower's /healthcheck answered {response.status_code}"
    return None


def main(argv: list[str]) -> int:
    from meetwire.settings import get_settings

    usage = "usage: python -m worker.health worker NAME | beat SCHEDULE_FILE | flower"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    kind, args = argv[0], argv[1:]
    if kind == "worker" and len(args) == 1:
        problem = worker_problem(args[0])
    elif kind == "beat" and len(args) == 1:
        problem = beat_problem(Path(args[0]), get_settings().tick_seconds)
    elif kind == "flower" and not args:
        problem = flower_problem(int(os.environ.get("FLOWER_PORT", "5555")))
    else:
        print(usage, file=sys.stderr)
        return 2
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
