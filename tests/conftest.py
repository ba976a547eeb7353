"""Fixtures shared by the whole suite: the repo layout and a tiny loopback HTTP server.

The server is deliberately dumb (stdlib ``http.server`` in a thread): each test
gives it a handler that decides, per request, exactly which bytes go on the
wire, including broken ones (truncated bodies, stalls, dropped connections).
"""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
PINNED_SPEC = ROOT / "openapi" / "dezgo.json"
SHARED = ROOT.parent / "shared"


@attrs.define
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def send(
    request: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    *,
    content_length: int | None = None,
) -> None:
    """Write a response; ``content_length`` may lie, to simulate a truncated body."""
    request.send_response(status)
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(body) if content_length is None else content_length))
    request.end_headers()
    request.wfile.write(body)
    request.wfile.flush()
    if content_length is not None and content_length != len(body):
        request.close_connection = True
        request.connection.shutdown(socket.SHUT_RDWR)


Handler = Callable[["http.server.BaseHTTPRequestHandler", Seen], None]


@attrs.define
class LoopbackServer:
    url: str
    seen: list[Seen]
    handler: list[Handler]

    send = staticmethod(send)

    def set(self, handler: Handler) -> None:
        self.handler[0] = handler


def _make_request_handler(state: LoopbackServer) -> type[http.server.BaseHTTPRequestHandler]:
    class _Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without TCP_NODELAY each keep-alive
        # response waits ~40 ms for the client's delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            return

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            state.seen.append(seen)
            state.handler[0](self, seen)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return _Handler


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A threaded HTTP server on 127.0.0.1; set its behaviour with ``server.set(handler)``."""

    def not_set(request: http.server.BaseHTTPRequestHandler, seen: Seen) -> None:
        request.send_error(500, "no handler set")

    state = LoopbackServer(url="", seen=[], handler=[not_set])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _make_request_handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def pinned_spec_bytes() -> bytes:
    return PINNED_SPEC.read_bytes()


@pytest.fixture(scope="session")
def _session_simulator():
    from dezgo.testing import Simulator

    with Simulator(balance="100.00") as sim:
        yield sim


@pytest.fixture
def sim(_session_simulator):
    """The shared simulator, reset (charges, counts, faults, balance) for each test."""
    _session_simulator.reset()
    return _session_simulator


def make_image(
    fmt: str = "PNG", size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 40, 40)
) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def png() -> bytes:
    return make_image("PNG")


@pytest.fixture
def images():
    """A factory for small test images: ``images("JPEG", (32, 32))``."""
    return make_image
