"""Throughput of fetch() against a local server: throttle off vs on with the Redis backend.

Usage: .venv/bin/python bench/bench_fetch.py [--requests 500] [--redis redis://127.0.0.1:6379/0]
Prints requests per second with host_delay 0, first with the in-process schedule (no Redis:
politeness effectively off), then with the shared Redis schedule (one Lua call per request),
and their ratio; then the smallest gap between arrivals when two threads share a 50 ms interval.
"""

import argparse
import itertools
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwire.settings import Settings
from tests.support.http import LocalServer, Response
from worker.pipeline.fetch import fetch
from worker.pipeline.politeness import HostThrottle
from worker.pipeline.robots import ALLOW_ALL

PAGE = b"<!DOCTYPE html><html><body>" + b"<p>Xi Jinping and Vladimir Putin</p>" * 300 + b"</body>"


def _rate(url: str, settings: Settings, throttle: HostThrottle, requests: int) -> float:
    """Requests per second, sequentially, after a warm-up."""
    for _ in range(10):
        fetch(url, settings=settings, throttle=throttle, robots=ALLOW_ALL)
    started = time.perf_counter()
    for _ in range(requests):
        fetch(url, settings=settings, throttle=throttle, robots=ALLOW_ALL)
    return requests / (time.perf_counter() - started)


def _min_gap(server: LocalServer, settings: Settings, interval: float) -> float:
    """Two threads, one shared Redis schedule: the smallest gap between request arrivals."""
    settings = settings.model_copy(update={"host_delay": interval})
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    url = server.url("/gap")

    def worker() -> None:
        throttle = HostThrottle(settings, key_prefix=prefix)
        for _ in range(10):
            fetch(url, settings=settings, throttle=throttle, robots=ALLOW_ALL)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    arrivals = sorted(r.arrived for r in server.requests if r.path == "/gap")
    return min(b - a for a, b in itertools.pairwise(arrivals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    database = f"sqlite:///{tempfile.gettempdir()}/bench_fetch.db"
    local = Settings(database_url=database, allow_private_networks=True, host_delay=0)
    shared = local.model_copy(update={"broker_url": args.redis})
    with LocalServer() as server:
        server.routes["/page"] = Response(PAGE)
        server.routes["/gap"] = Response(b"<html></html>")
        url = server.url("/page")
        off = _rate(url, local, HostThrottle(local), args.requests)
        redis_rate = _rate(
            url, shared, HostThrottle(shared, key_prefix="bench:throttle:"), args.requests
        )
        print(f"page size                 {len(PAGE):>10,} bytes, {args.requests} requests")
        print(f"throttle off (in memory)  {off:>10.0f} req/s")
        print(f"throttle on (Redis, 0 s)  {redis_rate:>10.0f} req/s")
        print(f"on / off                  {redis_rate / off:>10.2f}")
        gap = _min_gap(server, shared, 0.05)
        print(f"min gap, 2 threads, 50 ms {gap * 1000:>10.1f} ms")


if __name__ == "__main__":
    main()
