"""Hostile sources for the spec tools (issue #24): what a document may make us read, and for how long.

A document read from a URL never makes us touch the local disk, a fetched copy keeps the
origin of its ``$ref``s, local ``$ref``s read only regular files within the size limit,
YAML merge keys count against the alias budget as they are built, and every read and
write of ``spec fetch`` obeys its total deadline. Each case runs in a real process with a
hard timeout, so a regression shows as a failure, not as a hung suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

SECRET = "runner-secret-7f3a"


def _doc_with_ref(ref: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": ref}}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def _secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "runner-secret.json"
    path.write_text(json.dumps({"S": {"type": "string", "enum": [SECRET]}}))
    return path


def _dezgo(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dezgo.cli", *args], capture_output=True, text=True, timeout=timeout
    )


def _plain_doc() -> bytes:
    return json.dumps(
        {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {}}}
    ).encode()


# -- documents read from a URL ---------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["absolute", "file-uri"])
def test_a_url_document_never_resolves_refs_on_the_local_disk(spelling, tmp_path, loopback):
    secret = _secret_file(tmp_path)
    ref = f"{secret}#/S" if spelling == "absolute" else f"file://{secret}#/S"
    loopback.set(lambda req, seen: loopback.send(req, 200, json.dumps(_doc_with_ref(ref)).encode()))
    pinned = tmp_path / "pinned.json"
    pinned.write_bytes(_plain_doc())
    for command in (
        ("spec", "diff", str(pinned), f"{loopback.url}/openapi.json", "--format", "json"),
        ("spec", "check", "--pinned", str(pinned), "--url", f"{loopback.url}/openapi.json"),
    ):
        result = _dezgo(*command)
        assert SECRET not in result.stdout + result.stderr
        assert result.returncode == 2, result.stdout + result.stderr
        assert "local" in result.stderr or "--allow-remote-refs" in result.stderr


def test_a_fetched_copy_keeps_the_origin_of_its_refs(tmp_path, loopback):
    """The workflow's own steps: ``spec fetch --out``, then ``spec_drift.py report`` on that file."""
    secret = _secret_file(tmp_path)
    served = json.dumps(_doc_with_ref(f"{secret}#/S")).encode()
    loopback.set(lambda req, seen: loopback.send(req, 200, served))
    live = tmp_path / "build" / "live.json"
    fetched = _dezgo("spec", "fetch", "--url", f"{loopback.url}/openapi.json", "--out", str(live))
    assert fetched.returncode == 0, fetched.stderr
    assert live.read_bytes() == served, "the fetched file stays byte for byte what was served"
    pinned = tmp_path / "pinned.json"
    pinned.write_bytes(_plain_doc())
    out = tmp_path / "drift"
    report = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve().parents[2] / "scripts" / "spec_drift.py"),
            "report",
            "--pinned",
            str(pinned),
            "--live",
            str(live),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    written = "".join(p.read_text() for p in out.glob("*")) if out.exists() else ""
    assert SECRET not in report.stdout + report.stderr + written
    assert report.returncode == 2, report.stdout + report.stderr
    # diffing the fetched copy directly is refused the same way
    direct = _dezgo("spec", "diff", str(pinned), str(live))
    assert SECRET not in direct.stdout + direct.stderr
    assert direct.returncode == 2


def test_a_fetch_of_a_self_contained_document_leaves_no_origin_file(tmp_path, loopback):
    loopback.set(lambda req, seen: loopback.send(req, 200, _plain_doc()))
    live = tmp_path / "live.json"
    stale = tmp_path / "live.json.origin"
    stale.write_text(json.dumps({"url": "http://127.0.0.1:9/old.json"}))
    assert (
        _dezgo("spec", "fetch", "--url", f"{loopback.url}/openapi.json", "--out", str(live)).returncode == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.json"]


# -- local $refs: regular files within the size limit only ------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_ref_to_a_device_or_a_fifo_is_refused_at_once(target, tmp_path):
    if target == "fifo":
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        target = str(fifo)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_doc_with_ref(f"{target}#/S")))
    start = time.monotonic()
    result = _dezgo("spec", "diff", str(spec), str(spec), timeout=30)
    assert time.monotonic() - start < 20
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_fifo_given_as_the_document_itself_is_refused(tmp_path):
    fifo = tmp_path / "spec.json"
    os.mkfifo(fifo)
    result = _dezgo("spec", "diff", str(fifo), str(fifo), timeout=30)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


# -- YAML merge keys ------------------------------------------------------------------------------------------


def _merge_fan_out(keys: int) -> bytes:
    lines = ['openapi: "3.1.0"', "info: {title: t, version: '1'}", "paths: {/a: {}}", "x-big: &big"]
    lines += [f"  k{i}: {i}" for i in range(keys)]
    lines.append("x-fan:")
    lines += [f"  m{i}: {{<<: *big}}" for i in range(keys)]
    return ("\n".join(lines) + "\n").encode()


def test_merge_keys_fanned_out_are_refused(tmp_path):
    """N = 2,000 (4,000,000 entries once built) was read whole: 7 s and 270 MB, then "no changes".

    Counted as they are built, the entries pass the alias budget (1,000,000) a quarter of
    the way through, and the document is refused. N = 9,000 took 104 s and 3.1 GB.
    """
    (tmp_path / "a.yaml").write_bytes(_plain_doc())
    (tmp_path / "b.yaml").write_bytes(_merge_fan_out(2_000))
    result = _dezgo("spec", "diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "aliases expand" in result.stderr
    assert "merge keys" in result.stderr


def test_a_few_merge_keys_still_load(tmp_path):
    from dezgo.spec.loading import parse_document

    doc = parse_document(_merge_fan_out(20), "small.yaml")
    assert doc["x-fan"]["m3"] == {f"k{i}": i for i in range(20)}


# -- spec fetch --out: its writes obey the deadline and fail as fetch failures ---------------------------------


def test_fetch_out_a_fifo_ends_by_its_deadline(tmp_path, loopback):
    loopback.set(lambda req, seen: loopback.send(req, 200, _plain_doc()))
    fifo = tmp_path / "live.json"
    os.mkfifo(fifo)
    start = time.monotonic()
    result = _dezgo(
        "spec",
        "fetch",
        "--url",
        f"{loopback.url}/openapi.json",
        "--out",
        str(fifo),
        "--timeout",
        "5",
        timeout=30,
    )
    assert time.monotonic() - start < 15
    assert result.returncode == 1, result.stderr
    assert "not a regular file" in result.stderr
    assert loopback.seen == [], "nothing is downloaded for a destination that cannot take it"


def test_fetch_out_a_folder_is_a_fetch_failure(tmp_path, loopback):
    loopback.set(lambda req, seen: loopback.send(req, 200, _plain_doc()))
    result = _dezgo("spec", "fetch", "--url", f"{loopback.url}/openapi.json", "--out", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "is a directory" in result.stderr
    assert "Errno" not in result.stderr
