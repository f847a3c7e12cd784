"""What hostile hosts cost `meetwire run`, with the shipped timeouts.

Usage: .venv/bin/python bench/bench_hostile.py [--hosts 3]
Serves N hosts on 127.0.0.2.. that accept connections and never answer, then runs
`meetwire run` over one source per host: first one host at a time (MEETWIRE_POLL_CONCURRENCY=1,
the old behaviour), then at once (the default). Then one host that drips a byte a second: the
seconds before it is cut off, against the whole-request timeout it used to take. Prints the
seconds each took and the ratios.
"""

import argparse
import shutil
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwire.settings import Settings
from models import Source, get_engine, session_scope, upgrade
from tests.support.http import LocalServer
from worker.pipeline.fetch import FetchError, fetch
from worker.runner import run_once


def _silent(server: LocalServer):
    def route(handler: BaseHTTPRequestHandler) -> None:
        server.closing.wait(600)

    return route


def _drip(server: LocalServer):
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        while not server.closing.wait(1.0):
            try:
                handler.wfile.write(b"x")
            except OSError:
                return

    return route


def _run(template: Path, servers: list[LocalServer], concurrency: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        with session_scope(url) as session:
            for i, server in enumerate(servers):
                session.add(Source(name=f"host{i}", url=server.url("/feed")))
        settings = Settings(
            database_url=url,
            broker_url="",
            allow_private_networks=True,
            host_delay=0,
            poll_concurrency=concurrency,
        )
        started = time.perf_counter()
        summary = run_once(settings=settings)
        took = time.perf_counter() - started
        errors = {tally.poll_error[:60] for tally in summary.sources.values() if tally.poll_error}
        print(f"  concurrency {concurrency}: {took:6.1f} s  ({'; '.join(sorted(errors))})")
        get_engine(url).dispose()
        return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        upgrade(f"sqlite:///{template}")
        get_engine(f"sqlite:///{template}").dispose()  # WAL checkpointed: the file is whole
        servers = [LocalServer(f"127.0.0.{i + 2}") for i in range(args.hosts)]
        for server in servers:
            server.routes["/robots.txt"] = _silent(server)
            server.routes["/feed"] = _silent(server)
            server.__enter__()
        try:
            print(f"meetwire run over {args.hosts} hosts that never answer (shipped timeouts):")
            one = _run(template, servers, 1)
            many = _run(template, servers, 8)
            print(f"  one host at a time / at once: {one / many:.1f}x")
        finally:
            for server in servers:
                server.__exit__(None, None, None)

        with LocalServer() as server:
            server.routes["/drip"] = _drip(server)
            settings = Settings(
                database_url=f"sqlite:///{template}",
                broker_url="",
                allow_private_networks=True,
                host_delay=0,
                robots_enabled=False,
            )
            started = time.perf_counter()
            try:
                fetch(server.url("/drip"), settings=settings)
            except FetchError as exc:
                kind = exc.kind
            took = time.perf_counter() - started
            print(
                f"one byte a second: cut off as {kind} after {took:.1f} s; the whole-request "
                f"timeout is {settings.total_timeout:.0f} s ({settings.total_timeout / took:.1f}x)"
            )


if __name__ == "__main__":
    main()
