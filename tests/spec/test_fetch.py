"""``make spec``'s code against a loopback server: only a complete OpenAPI 3.x body replaces the pin."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dezgo.errors import SpecError
from dezgo.spec.fetch import fetch_spec, main

VALID = json.dumps(
    {"openapi": "3.1.0", "info": {"title": "Dezgo API", "version": "9.9"}, "paths": {"/x": {}}}
).encode()


def _pinned(tmp_path: Path, pinned_spec_bytes: bytes) -> Path:
    target = tmp_path / "dezgo.json"
    target.write_bytes(pinned_spec_bytes)
    return target


def test_valid_spec_replaces_the_pin_byte_for_byte(loopback, tmp_path, pinned_spec_bytes, capsys):
    loopback.set(lambda req, seen: loopback.send(req, 200, VALID, {"Content-Type": "application/json"}))
    target = _pinned(tmp_path, pinned_spec_bytes)
    assert main(["--url", f"{loopback.url}/openapi.json", "--out", str(target)]) == 0
    assert target.read_bytes() == VALID
    out = capsys.readouterr().out
    assert "updated" in out
    assert "OpenAPI 3.1.0" in out
    assert [p.name for p in tmp_path.iterdir()] == ["dezgo.json"], "no temp file left behind"


def test_unchanged_spec_is_reported_and_not_rewritten(loopback, tmp_path):
    loopback.set(lambda req, seen: loopback.send(req, 200, VALID))
    target = tmp_path / "dezgo.json"
    target.write_bytes(VALID)
    before = target.stat().st_mtime_ns
    result = fetch_spec(f"{loopback.url}/openapi.json", target)
    assert result.changed is False
    assert target.stat().st_mtime_ns == before


def _stall(req: http.server.BaseHTTPRequestHandler, seen: object) -> None:
    time.sleep(2.0)  # longer than the client's timeout below; bounded so the server thread ends


BAD_SERVERS = {
    "invalid JSON": (
        lambda lb: lambda req, seen: lb.send(req, 200, b'{"openapi": "3.1.0", "info": '),
        "invalid JSON",
    ),
    "JSON that is not OpenAPI": (
        lambda lb: lambda req, seen: lb.send(req, 200, json.dumps({"hello": "world", "paths": {}}).encode()),
        "not OpenAPI 3.x",
    ),
    "Swagger 2.0": (
        lambda lb: (
            lambda req, seen: lb.send(
                req, 200, json.dumps({"swagger": "2.0", "info": {}, "paths": {}}).encode()
            )
        ),
        "Swagger 2.0 is not OpenAPI 3.x",
    ),
    "HTTP 500": (lambda lb: lambda req, seen: lb.send(req, 500, b"boom"), "HTTP 500"),
    "HTML error page": (
        lambda lb: lambda req, seen: lb.send(req, 200, b"<html><body>maintenance</body></html>"),
        "not",
    ),
    "truncated body": (
        lambda lb: lambda req, seen: lb.send(req, 200, VALID[: len(VALID) // 2], content_length=len(VALID)),
        "broke before the body was complete",
    ),
    "stalled response": (lambda lb: _stall, "timed out"),
    "empty body": (lambda lb: lambda req, seen: lb.send(req, 200, b""), "empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_SERVERS))
def test_bad_responses_keep_the_pin_byte_identical(case, loopback, tmp_path, pinned_spec_bytes, capsys):
    make_handler, reason = BAD_SERVERS[case]
    loopback.set(make_handler(loopback))
    target = _pinned(tmp_path, pinned_spec_bytes)
    code = main(["--url", f"{loopback.url}/openapi.json", "--out", str(target), "--timeout", "0.5"])
    assert code == 1
    assert target.read_bytes() == pinned_spec_bytes
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("spec fetch failed, kept")
    assert reason in err
    assert [p.name for p in tmp_path.iterdir()] == ["dezgo.json"]


def test_connection_refused_keeps_the_pin(tmp_path, pinned_spec_bytes):
    import socket

    with socket.socket() as sock:  # a port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    target = _pinned(tmp_path, pinned_spec_bytes)
    with pytest.raises(SpecError, match="cannot connect"):
        fetch_spec(f"http://127.0.0.1:{port}/openapi.json", target, timeout=1)
    assert target.read_bytes() == pinned_spec_bytes


def test_unresolvable_host_keeps_the_pin(tmp_path, pinned_spec_bytes):
    target = _pinned(tmp_path, pinned_spec_bytes)
    with pytest.raises(SpecError):
        fetch_spec("http://no-such-host.invalid/openapi.json", target, timeout=2)
    assert target.read_bytes() == pinned_spec_bytes


def test_make_spec_entry_point_runs_as_a_module(loopback, tmp_path, pinned_spec_bytes):
    """The exact command `make spec` runs, in a subprocess, against a failing then a good server."""
    target = _pinned(tmp_path, pinned_spec_bytes)
    cmd = [
        sys.executable,
        "-m",
        "dezgo.spec.fetch",
        "--url",
        f"{loopback.url}/openapi.json",
        "--out",
        str(target),
    ]
    loopback.set(lambda req, seen: loopback.send(req, 503, b"unavailable"))
    failed = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1
    assert "HTTP 503" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert target.read_bytes() == pinned_spec_bytes
    loopback.set(lambda req, seen: loopback.send(req, 200, VALID))
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert target.read_bytes() == VALID
