"""Multi-file specs (``$ref`` to other files) and total deadlines on every fetch, against real files and sockets."""

from __future__ import annotations

import http.server
import json
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from dezgo.errors import SpecError
from dezgo.spec.check import main as check_main
from dezgo.spec.diff import diff_locations
from dezgo.spec.diff.cli import main as diff_main
from dezgo.spec.fetch import main as fetch_main
from dezgo.spec.loading import load_document


def write_multi_file_spec(folder: Path, max_length: int = 20) -> Path:
    """root.yaml -> schemas/pet.yaml (YAML) -> ../common.json (JSON), and a cycle back from common to pet."""
    (folder / "schemas").mkdir(parents=True, exist_ok=True)
    (folder / "common.json").write_text(
        json.dumps(
            {
                "Name": {"type": "string", "maxLength": max_length},
                "Owner": {"type": "object", "properties": {"pet": {"$ref": "schemas/pet.yaml#/Pet"}}},
            }
        )
    )
    (folder / "schemas" / "pet.yaml").write_text(
        yaml.safe_dump(
            {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"$ref": "../common.json#/Name"},
                        "owner": {"$ref": "../common.json#/Owner"},
                        "tag": {"$ref": "#/Tag"},
                    },
                },
                "Tag": {"type": "string"},
            }
        )
    )
    root = folder / "root.yaml"
    root.write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "pets", "version": "1"},
                "paths": {
                    "/pets": {
                        "post": {
                            "requestBody": {
                                "content": {"application/json": {"schema": {"$ref": "schemas/pet.yaml#/Pet"}}}
                            },
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
            }
        )
    )
    return root


def test_a_change_behind_a_ref_to_another_file_is_found(tmp_path):
    old = write_multi_file_spec(tmp_path / "old", max_length=20)
    new = write_multi_file_spec(tmp_path / "new", max_length=10)
    report = diff_locations(old, new)
    assert [(c.id, c.message) for c in report.changes] == [
        ("request-property-max-decreased", "body.name: maxLength 20 -> 10"),
        ("request-property-max-decreased", "body.owner.pet.name: maxLength 20 -> 10"),  # through the cycle
    ]
    assert diff_locations(old, old).changes == ()


def test_refs_to_other_files_become_local_refs_under_one_key_per_file(tmp_path):
    doc = load_document(write_multi_file_spec(tmp_path))
    assert set(doc["x-dezgo-external"]) == {"schemas/pet.yaml", "common.json"}
    schema = doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/x-dezgo-external/schemas~1pet.yaml/Pet"}
    pet = doc["x-dezgo-external"]["schemas/pet.yaml"]["Pet"]
    assert pet["properties"]["tag"] == {"$ref": "#/x-dezgo-external/schemas~1pet.yaml/Tag"}


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("missing.yaml#/Pet", "no such file"),
        ("common.json#/Nope", "unresolvable $ref"),
        ("https://example.invalid/pet.yaml#/Pet", "--allow-remote-refs"),
    ],
)
def test_a_ref_that_cannot_be_resolved_is_exit_2_never_an_empty_schema(tmp_path, target, why, capsys):
    root = write_multi_file_spec(tmp_path)
    doc = yaml.safe_load(root.read_text())
    doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {"$ref": target}
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpecError, match=re.escape(why)):
        load_document(broken)
    assert diff_main([str(root), str(broken)]) == 2
    assert why in capsys.readouterr().err


def test_remote_refs_are_followed_only_when_allowed(tmp_path, loopback, capsys):
    pet = json.dumps({"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}).encode()
    loopback.set(lambda req, seen: loopback.send(req, 200, pet))
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/p": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": f"{loopback.url}/pet.json#/Pet"}}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc))
    assert diff_main([str(spec), str(spec)]) == 2
    assert loopback.seen == [], "nothing is fetched without --allow-remote-refs"
    assert diff_main([str(spec), str(spec), "--allow-remote-refs"]) == 0
    assert [s.path for s in loopback.seen] == ["/pet.json", "/pet.json"]


# -- total deadlines --------------------------------------------------------------------------------------


def _trickle_body(request: http.server.BaseHTTPRequestHandler, seen: Any) -> None:
    """Headers at once, then one byte every 0.2 s: every read succeeds, the body never ends in time."""
    request.send_response(200)
    request.send_header("Content-Length", "100")
    request.end_headers()
    try:
        for _ in range(40):  # bounded: the handler ends by itself after 8 s at most
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def _trickle_headers(request: http.server.BaseHTTPRequestHandler, seen: Any) -> None:
    """The status line and headers one byte every 0.2 s."""
    try:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
            request.wfile.write(bytes([byte]))
            request.wfile.flush()
            time.sleep(0.2)
        request.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@pytest.mark.parametrize("handler", [_trickle_body, _trickle_headers], ids=["body", "headers"])
def test_a_trickling_server_meets_a_total_deadline(handler, loopback, tmp_path, capsys):
    loopback.set(handler)
    url = f"{loopback.url}/openapi.json"
    assert check_main(["--url", url, "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert "timed out" in err
    assert "total deadline" in err
    assert len(err.strip().splitlines()) == 1
    assert fetch_main(["--url", url, "--out", str(tmp_path / "pin.json"), "--timeout", "1"]) == 1
    assert "total deadline" in capsys.readouterr().err
    assert not (tmp_path / "pin.json").exists()
