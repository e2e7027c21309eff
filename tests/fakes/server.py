"""A threaded HTTP server on 127.0.0.1 (port 0) with scripted fault injection, shared by the fakes."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FAULT_KINDS = ("status", "delay", "reset", "malformed", "html", "body", "lose_response")


@dataclass
class Request:
    """What a route sees of one request."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw: bytes
    target: str = ""  # the request target as sent, still percent-encoded

    def json(self) -> Any:
        """The body parsed as JSON (None when it is not)."""
        try:
            return json.loads(self.raw.decode("utf-8")) if self.raw else None
        except ValueError:
            return None

    def form(self) -> dict[str, str]:
        """The body parsed as application/x-www-form-urlencoded."""
        parsed = parse_qs(self.raw.decode("utf-8"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}


@dataclass
class Response:
    """What a route answers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """One scripted misbehaviour, applied to the next `times` requests whose path contains `path`."""

    kind: str
    path: str | None = None
    times: int = 1
    status: int = 503
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[[Request], Response]


class _QuietServer(ThreadingHTTPServer):
    """Does not print the broken pipes that timeouts and resets cause on purpose."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return None


class FakeServer:
    """Serves `route` on 127.0.0.1 until close(); inject() queues faults; counts requests per path."""

    def __init__(self, route: Route) -> None:
        self._route = route
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.requests: list[tuple[str, str]] = []
        self.targets: list[str] = []
        # Benchmarks: answer a GET seen before from its encoded bytes, so the fake's own CPU
        # (a platform's, elsewhere in reality) takes little of the machine being measured.
        self.replay_gets = False
        self._replay: dict[str, tuple[Response, bytes]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per response and no Nagle: avoids 40 ms delayed-ACK stalls on keep-alive.
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Request(
                    method=self.command,
                    path=parts.path,
                    query={
                        k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()
                    },
                    headers={k.lower(): v for k, v in self.headers.items()},
                    raw=raw,
                    target=self.path,
                )
                fake._handle(self, request)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, format: str, *args: object) -> None:
                return None

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def inject(self, kind: str, **kw: Any) -> Fault:
        """Queue a fault (see FAULT_KINDS)."""
        if kind not in FAULT_KINDS:
            raise ValueError(kind)
        fault = Fault(kind, **kw)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()

    def count(self, path_part: str) -> int:
        """How many requests hit a path containing path_part."""
        with self._lock:
            return sum(1 for _, p in self.requests if path_part in p)

    def _take_fault(self, request: Request) -> Fault | None:
        path = request.path
        with self._lock:
            self.requests.append((request.method, path))
            self.targets.append(request.target)
            for fault in self._faults:
                if fault.path is None or fault.path in path:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, request: Request) -> None:
        fault = self._take_fault(request)
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.delay)
            elif fault.kind == "reset":
                _reset(handler)
                return
            elif fault.kind == "lose_response":
                self._route(request)
                _reset(handler)
                return
            elif fault.kind == "status":
                _write(
                    handler, Response(fault.status, fault.body or {"error": "fault"}, fault.headers)
                )
                return
            elif fault.kind == "malformed":
                _write_raw(handler, 200, b'{"comments": [{"id": 1, "te', "application/json")
                return
            elif fault.kind == "html":
                page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
                _write_raw(handler, fault.status, page.encode(), "text/html")
                return
            elif fault.kind == "body":
                _write(handler, Response(fault.status, fault.body, fault.headers))
                return
        if not (self.replay_gets and request.method == "GET"):
            _write(handler, self._route(request))
            return
        replay = self._replay.get(request.target)
        if replay is None:
            response = self._route(request)
            replay = (response, _encode(response))
            if response.status == 200:
                self._replay[request.target] = replay
        _write(handler, replay[0], replay[1])


def _encode(response: Response) -> bytes:
    return json.dumps(response.body, ensure_ascii=False).encode("utf-8")


def _write(handler: BaseHTTPRequestHandler, response: Response, data: bytes | None = None) -> None:
    body = _encode(response) if data is None else data
    _write_raw(handler, response.status, body, "application/json; charset=utf-8", response.headers)


def _write_raw(
    handler: BaseHTTPRequestHandler,
    status: int,
    data: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(data)


def _reset(handler: BaseHTTPRequestHandler) -> None:
    """Abort the connection with an RST, as a crashed gateway would."""
    sock = handler.connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    sock.close()


class Hosted:
    """What every platform fake shares: its FakeServer's address and shutting it down."""

    server: FakeServer

    @property
    def url(self) -> str:
        """Base URL to give the connector."""
        return self.server.url

    def close(self) -> None:
        """Stop the server."""
        self.server.close()
