"""`meetwire api` as a real process on 127.0.0.1, ready once uvicorn says it is listening."""

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

MEETWIRE = str(Path(sys.executable).parent / "meetwire")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, log: list[str]) -> None:
    """Read the server's log until uvicorn reports it listens; keep draining it afterwards."""
    assert process.stdout is not None
    for line in process.stdout:
        log.append(line)
        if "Uvicorn running on" in line:
            threading.Thread(target=lambda: log.extend(process.stdout), daemon=True).start()
            return
    raise RuntimeError(f"the server exited with {process.wait()}:\n{''.join(log)}")


class ApiServer:
    """Run `command` (default `meetwire api --host 127.0.0.1 --port P`) with `env` added."""

    def __init__(self, env: dict[str, str], command: list[str] | None = None) -> None:
        self.port = free_port()
        self.command = command or [MEETWIRE, "api", "--host", "127.0.0.1", "--port", str(self.port)]
        self.env = {**os.environ, **env}
        self.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}"
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ApiServer":
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_until_listening(self.process, self.log)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
