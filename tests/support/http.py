"""A real HTTP server on 127.0.0.1 whose routes each test sets up."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    """A canned response; `body` may be bytes or a callable that writes to the handler."""

    body: bytes | Callable[[BaseHTTPRequestHandler], None] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


@dataclass
class RequestRecord:
    path: str
    headers: dict[str, str]
    arrived: float  # by the server's `clock`


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Clients that hang up early (timeouts, size caps) are what many tests provoke.
        pass


Route = Response | Callable[[BaseHTTPRequestHandler], Response | None]


class LocalServer:
    """Serve `routes[path]` (a Response, or a function of the request returning one)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RequestRecord] = []
        # Set when the server stops, so a route that drips or streams forever ends with it.
        self.closing = threading.Event()
        self._lock = threading.Lock()
        server = self
        # What stamps each arrival; a test may swap in the clock its code under test keeps.
        self.clock: Callable[[], float] = time.monotonic

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the body waits ~40 ms for
            # the client's delayed ACK on every keep-alive request.
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                server._handle(self)

            def do_HEAD(self) -> None:
                server._handle(self)

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def hits(self, path: str) -> int:
        """Requests for `path` (the query string is ignored unless `path` has one)."""
        with self._lock:
            return sum(1 for r in self.requests if r.path == path or r.path.split("?")[0] == path)

    def stall(self, path: str, headers: dict[str, str] | None = None) -> None:
        """Answer `path` with silence (or a 200 with only `headers`) until the server stops."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            if headers is not None:
                handler.send_response(200)
                for name, value in headers.items():
                    handler.send_header(name, value)
                handler.end_headers()
                handler.wfile.flush()
            self.closing.wait()

        self.routes[path] = route

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(
                RequestRecord(handler.path, dict(handler.headers.items()), self.clock())
            )
        route = self.routes.get(handler.path) or self.routes.get(handler.path.split("?")[0])
        if route is None:
            response: Response | None = Response(b"not found", 404, {"Content-Type": "text/plain"})
        elif isinstance(route, Response):
            response = route
        else:
            response = route(handler)
        if response is None:  # the route wrote its own response
            return
        if callable(response.body):
            handler.send_response(response.status)
            for name, value in response.headers.items():
                handler.send_header(name, value)
            response.body(handler)
            return
        handler.send_response(response.status)
        headers = dict(response.headers)
        headers.setdefault("Content-Length", str(len(response.body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(response.body)

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
