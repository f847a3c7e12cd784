"""Hostile responses for a LocalServer, and a forked child that measures time and peak memory."""

import contextlib
import os
import pickle
import resource
import select
import signal
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.http import LocalServer

MB = 1024 * 1024


@dataclass(frozen=True)
class Measured:
    """What a child returned, how long it took and how much memory it added at its peak."""

    value: Any
    seconds: float
    peak_mb: float  # the child's peak resident set (ru_maxrss)
    base_mb: float  # its resident set when it started (inherited from the test process)

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.base_mb


# A child may use this much more address space than it started with: a regression that
# inflates a bomb fails the test with MemoryError instead of taking the machine down.
CHILD_HEADROOM = 2048 * MB


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def in_child(function: Callable[..., Any], *args: Any, timeout: float = 90.0) -> Measured:
    """Run function(*args) in a forked child; its result, wall time and peak RSS (wait4).

    The child starts with this process's memory, so `growth_mb` is what the work itself cost.
    """
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: run, send the outcome, leave without running any cleanup
        os.close(read_end)
        try:
            base = _status_mb("VmRSS")
            ceiling = int(_status_mb("VmSize") * MB) + CHILD_HEADROOM
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                ceiling = min(ceiling, hard)
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
            try:
                outcome = ("ok", function(*args), base)
            except BaseException as exc:  # reported to the parent, which fails the test
                outcome = ("raised", f"{type(exc).__name__}: {exc}", base)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = timeout - (time.monotonic() - started)
            ready, _, _ = select.select([pipe], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError(f"{function.__name__} did not finish within {timeout}s")
            chunk = os.read(pipe.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, _, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    status, value, base = pickle.loads(b"".join(chunks))
    if status != "ok":
        raise AssertionError(f"{function.__name__} raised in the child: {value}")
    return Measured(value, seconds, usage.ru_maxrss / 1024, base)


def stacked_gzip_bomb(inflated: int, layers: int = 2) -> bytes:
    """gzip applied `layers` times to `inflated` zero bytes, built without holding them.

    The inner layer is one 16 MB gzip member repeated (gzip allows members back to back).
    """
    member_size = 16 * MB
    member = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    one = member.compress(bytes(member_size)) + member.flush()
    data = one * max(1, inflated // member_size)
    for _ in range(layers - 1):
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = packer.compress(data) + packer.flush()
    return data


def raw(server: LocalServer, payload: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that writes `payload` as the whole response, status line included."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        with contextlib.suppress(OSError):
            handler.wfile.write(payload)
        handler.close_connection = True

    return route


def drip(
    server: LocalServer,
    *,
    head: bytes = b"",
    byte: bytes = b"x",
    every: float = 0.5,
    seconds: float = 600.0,
) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that sends `head` at once, then one `byte` every `every` seconds for up to
    `seconds` (ten minutes), until the client hangs up or the server stops."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        end = time.monotonic() + seconds
        try:
            if head:
                handler.wfile.write(head)
            while time.monotonic() < end and not server.closing.wait(every):
                handler.wfile.write(byte)
        except OSError:
            pass
        handler.close_connection = True

    return route


def endless(server: LocalServer, head: bytes, chunk: bytes) -> Callable[..., None]:
    """A route that sends `head`, then `chunk` over and over until the client hangs up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(head)
            while not server.closing.is_set():
                handler.wfile.write(chunk)
        except OSError:
            pass
        handler.close_connection = True

    return route
