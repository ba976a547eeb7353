"""Fixtures shared by the whole suite: the repo layout and a tiny loopback HTTP server.

The server is deliberately dumb (stdlib ``http.server`` in a thread): each test
gives it a handler that decides, per request, exactly which bytes go on the
wire, including broken ones (truncated bodies, stalls, dropped connections).
"""

from __future__ import annotations

import http.server
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from dezgo._spec import load_effective_spec, pinned_operations

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/_kit

ROOT = Path(__file__).resolve().parents[1]
PINNED_SPEC = ROOT / "openapi" / "dezgo.json"
OVERLAY = ROOT / "openapi" / "overlay.yaml"
SHARED = ROOT.parent / "shared"


def _needs_encoding(operation: str, encoding: str) -> None:
    from dezgo._constants import MEDIA_TYPES
    from dezgo._spec import by_name

    op = by_name(pinned_operations())[operation]
    if MEDIA_TYPES[encoding] not in op.request_media_types:
        pytest.skip(f"the pinned document's {operation} takes no {encoding} bodies")


@pytest.fixture
def needs_encoding() -> Callable[[str, str], None]:
    """``needs_encoding(operation, encoding)`` skips (saying why) where the pinned document's operation
    does not take ``encoding``: FastAPI declares one request media type for Form()/File() parameters."""
    return _needs_encoding


@attrs.define
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    def fields(self) -> dict[str, Any]:
        """The body's fields, whatever its encoding: JSON values as parsed; form values and
        multipart text parts as the text sent; file parts as bytes."""
        import json
        from urllib.parse import parse_qsl

        if self.media_type == "application/json":
            data: dict[str, Any] = json.loads(self.body)
            return data
        if self.media_type == "application/x-www-form-urlencoded":
            return dict(parse_qsl(self.body.decode(), keep_blank_values=True))
        if self.media_type == "multipart/form-data":
            message = BytesParser(policy=default).parsebytes(
                f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode() + self.body
            )
            out: dict[str, Any] = {}
            for part in message.iter_parts():
                payload = part.get_payload(decode=True)
                name = part.get_param("name", header="content-disposition")
                out[name] = payload if part.get_filename() else payload.decode()
            return out
        raise AssertionError(f"no body fields in a {self.media_type or 'bodiless'} request")


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


class _QuietServer(http.server.ThreadingHTTPServer):
    """A client that hangs up mid-answer (as clients under test do) is not an error of the test
    server: socketserver would print a traceback into the output a test reads."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


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
    server = _QuietServer(("127.0.0.1", 0), _make_request_handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def pytest_configure(config: pytest.Config) -> None:
    """One cache folder for the whole session, set before anything computes the effective spec, so
    every command a test runs reads the effective spec from it instead of applying the overlay again
    (and none writes into the user's own cache)."""
    import os
    import tempfile

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker or not os.environ.get("DEZGO_TEST_SESSION_CACHE"):
        # Each process of its own (an xdist worker too: tests clear the price cache, which must not
        # pull it from under another worker's test); a pytest run by a test shares its parent's.
        folder = tempfile.mkdtemp(prefix=f"dezgo-test-cache-{worker or 'main'}-")
        os.environ["DEZGO_TEST_SESSION_CACHE"] = folder
        config.stash[_OWN_CACHE] = folder
    os.environ["DEZGO_CACHE_DIR"] = os.environ["DEZGO_TEST_SESSION_CACHE"]


def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import shutil

    folder = config.stash.get(_OWN_CACHE, None)
    if folder:
        os.environ.pop("DEZGO_TEST_SESSION_CACHE", None)
        shutil.rmtree(folder, ignore_errors=True)


_OWN_CACHE = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``reconstruction`` check our reconstruction's own content (a table of ranges,
    evidence levels): once ``make spec`` has pinned the service's own document they have nothing
    to check, and say so. Every other test derives what it expects from the effective spec."""
    from dezgo._spec import is_reconstruction

    if is_reconstruction():
        return
    skip = pytest.mark.skip(
        reason="checks our reconstruction's own content; the pinned document is the service's, not ours"
    )
    for item in items:
        if item.get_closest_marker("reconstruction") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_evidence_warnings() -> Iterator[None]:
    """Each test sees its own WeakEvidenceWarnings (they are emitted once per process otherwise)."""
    import dezgo._arguments

    dezgo._arguments._warned.clear()
    yield
    dezgo._arguments._warned.clear()


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


# -- an independent check that a captured request matches the pinned spec ---------------------------
# JSON and form requests go through openapi-core. Multipart ones cannot (openapi-core 0.23 does not
# cast multipart text parts to the schema's types), so their parts are parsed with the stdlib email
# parser, text parts cast by the schema's declared type, binary parts checked for image magic bytes
# and a filename, and the result checked with jsonschema. None of this uses the SDK's own code.

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF")


class _Request:
    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.host_url = "https://api.dezgo.com"
        self.path = path
        self.full_url_pattern = self.host_url + path
        self.method = method.lower()
        self.content_type = headers.get("content-type", "")
        self.body = body or None
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(), header=Headers(list(headers.items())), cookie=ImmutableMultiDict()
        )


def _cast(text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    for option in schema.get("anyOf", []):  # pydantic's X | None
        if option.get("type") not in (None, "null"):
            kind = option["type"]
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text.lower()]
    return text


def _is_file(schema: dict[str, Any]) -> bool:
    """A file part, alone or as pydantic's optional ``anyOf [file, null]`` (FastAPI's ``UploadFile | None``)."""
    options = [schema, *(o for o in schema.get("anyOf", []) if o.get("type") != "null")]
    return any(o.get("format") == "binary" or "contentMediaType" in o for o in options)


def _check_multipart(path: str, headers: dict[str, str], body: bytes) -> None:
    op = next(o for o in pinned_operations() if o.path == path)
    schema = op.body_schemas["multipart/form-data"]
    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {headers['content-type']}\r\n\r\n".encode() + body
    )
    data: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        prop = schema["properties"][name]
        if _is_file(prop):
            assert payload.startswith(IMAGE_MAGIC), f"{name} is not an image"
            assert part.get_filename(), f"{name} is sent as a file part (with a filename)"
            data[name] = "<binary>"
        else:
            data[name] = _cast(payload.decode(), prop)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]


@pytest.fixture(scope="session")
def validate_request():
    """``validate_request(seen)`` raises unless the captured request is valid against the pinned spec."""
    openapi = OpenAPI.from_dict(load_effective_spec())

    def check(seen) -> None:
        media_type = seen.headers.get("content-type", "").split(";")[0]
        path = seen.path.split("?")[0]
        if media_type == "multipart/form-data":
            _check_multipart(path, seen.headers, seen.body)
        else:
            openapi.validate_request(_Request(seen.method, path, seen.headers, seen.body))

    return check


def _run_in_pty(
    argv: list[str], env: dict[str, str], cwd: str | None = None, timeout: float = 60
) -> tuple[int, str]:
    """Run a command on a pseudo-terminal; returns its exit code and everything it drew."""
    import os
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command, on a terminal
        if cwd:
            os.chdir(cwd)
        os.execve(argv[0], argv, env)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


@pytest.fixture
def run_in_pty():
    """``run_in_pty(argv, env, cwd=None)`` -> (exit code, what the terminal showed)."""
    return _run_in_pty


@pytest.fixture(autouse=True)
def _isolated_price_cache(monkeypatch):
    """The command line remembers prices in the user's cache folder: never the real one in tests
    (pytest_configure made one for the session), and none left from another test."""
    import os

    folder = Path(os.environ["DEZGO_TEST_SESSION_CACHE"])
    prices = folder / "prices.json"
    prices.unlink(missing_ok=True)
    monkeypatch.setenv("DEZGO_CACHE_DIR", str(folder))
    yield
    prices.unlink(missing_ok=True)
