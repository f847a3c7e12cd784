"""Headless Chromium driven over the DevTools protocol: load a page, read it, click, screenshot."""

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Port 0: Chromium picks a free port and names it on stderr.
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium process with a fresh profile and one page."""

    def __init__(self, *, width: int = 1200, height: int = 900, timeout: float = 60) -> None:
        self.width, self.height, self.timeout = width, height, timeout
        self._ids = itertools.count(1)
        self._events: list[dict] = []

    def __enter__(self) -> "Browser":
        self._stack = contextlib.ExitStack()
        self._profile = tempfile.TemporaryDirectory(
            prefix="meetwire-chromium-", ignore_cleanup_errors=True
        )
        profile = Path(self._profile.name)
        self.process = subprocess.Popen(
            [
                chromium_path() or "chromium",
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            port = self._devtools_port()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                page = next(t for t in json.load(r) if t["type"] == "page")
            socket = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=self.timeout)
            self.ws = self._stack.enter_context(socket)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()
        # Chromium's helpers (renderer, GPU, network) share its process group: stop them all.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._profile.cleanup()

    def _devtools_port(self) -> int:
        """The port from Chromium's "DevTools listening on ws://…" line; the rest is drained."""
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            found = re.search(rb"DevTools listening on ws://[^:]+:(\d+)/", raw)
            if found:
                drain = threading.Thread(target=self.process.stderr.read, daemon=True)
                drain.start()
                return int(found.group(1))
        raise RuntimeError(f"chromium exited with {self.process.wait()} before listening")

    def send(self, method: str, **params) -> dict:
        """Call one DevTools method and return its result (events in between are skipped)."""
        call_id = next(self._ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=self.timeout))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            if "method" in message:
                self._events.append(message)

    def wait_event(self, method: str) -> dict:
        """The next event `method` (one that arrived during an earlier call counts)."""
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method:
                    return self._events.pop(i)
            message = json.loads(self.ws.recv(timeout=self.timeout))
            if "method" in message:
                self._events.append(message)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Navigate and wait until the page and its scripts and styles have loaded."""
        self.send("Page.enable")
        self._events.clear()
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def text(self) -> str:
        """What a person sees: the rendered text of the page (closed and hidden parts left out)."""
        return self.evaluate("document.body.innerText")

    def click(self, selector: str) -> None:
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return false; e.click(); return true; })()"
        )
        if not found:
            raise LookupError(f"nothing matches {selector}")

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """Save a PNG of the page (all of it with `full_page`)."""
        height = self.height
        if full_page:
            height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path
