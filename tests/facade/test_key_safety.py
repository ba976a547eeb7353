"""The key stays safe under hostile input: judged by every place the SDK prints or stores something.

A key in a URL, the request headers an error hands out, a service (or a proxy) that echoes
the key back in a 401's detail or in its billing headers, and plain HTTP off this machine.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import warnings
from decimal import Decimal

import pytest

from dezgo import Dezgo
from dezgo._base import InsecureTransportWarning
from dezgo.errors import APIStatusError, UnexpectedResponseError, UsageError

KEY = "DEZGO-" + "a1b2c3d4" * 9


def _dumps(value: object) -> str:
    return repr(value) + repr(vars(value)) if hasattr(value, "__dict__") else repr(value)


@pytest.mark.parametrize("where", ["argument", "environment"])
def test_a_key_in_the_base_url_is_refused_and_never_shown(where, monkeypatch):
    url = f"http://user:{KEY}@127.0.0.1:9"
    monkeypatch.setenv("DEZGO_API_KEY", KEY)
    if where == "environment":
        monkeypatch.setenv("DEZGO_BASE_URL", url)
    with pytest.raises(UsageError) as refused:
        Dezgo(base_url=url if where == "argument" else None)
    assert KEY not in str(refused.value)
    assert "credentials" in str(refused.value)


def test_the_command_line_refuses_it_without_showing_it():
    env = {**os.environ, "DEZGO_API_KEY": KEY, "DEZGO_BASE_URL": f"http://user:{KEY}@127.0.0.1:9"}
    done = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "text2image", "x", "-o", "/tmp/never"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert KEY not in done.stdout + done.stderr
    assert "credentials" in done.stderr


def test_request_headers_handed_out_mask_the_key(loopback, png):
    def handler(request, seen):
        loopback.send(request, 500, b'{"detail": "down"}', {"Content-Type": "application/json"})

    loopback.set(handler)
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        with pytest.raises(APIStatusError) as caught:
            client.text2image(prompt="x")
        assert KEY not in repr(caught.value.request.headers)
        assert KEY not in _dumps(caught.value)
        assert KEY not in repr(caught.value.response.request.headers)
        loopback.set(lambda r, s: loopback.send(r, 200, png, {"Content-Type": "image/png"}))
        image = client.text2image(prompt="x")
        assert image.response is not None
        assert KEY not in repr(image.response.request.headers)
    assert loopback.seen[-1].headers["x-dezgo-key"] == KEY, "the service still got the key"


def _echoing(loopback, png, status: int) -> None:
    def handler(request, seen):
        headers = {
            "Content-Type": "image/png" if status == 200 else "application/json",
            "x-dezgo-job-amount-usd": "0.0038",
            "x-dezgo-balance-total-usd": "4.99",
            "x-dezgo-balance-index": "2",
            "x-dezgo-job-id": f"job-{KEY}",
            "x-dezgo-auth-userid": KEY,
        }
        body = png if status == 200 else json.dumps({"detail": f"bad key {KEY}"}).encode()
        loopback.send(request, status, body, headers)

    loopback.set(handler)


@pytest.mark.parametrize("status", [200, 401, 500])
def test_an_echoed_key_is_masked_in_charges_errors_and_the_ledger(status, loopback, png):
    _echoing(loopback, png, status)
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        if status == 200:
            charge = client.text2image(prompt="x").charge
        else:
            with pytest.raises(APIStatusError) as caught:
                client.text2image(prompt="x")
            assert KEY not in str(caught.value)
            assert KEY not in json.dumps(caught.value.body)
            charge = caught.value.charge
        assert charge is not None
        assert KEY not in repr(charge)
        assert KEY not in client.ledger.to_json()
        assert KEY not in client.ledger.to_csv()
        assert "***" in (charge.user_id or "")


def test_an_echoed_key_never_reaches_the_command_line_or_a_batch(loopback, png, tmp_path):
    _echoing(loopback, png, 401)
    env = {**os.environ, "DEZGO_API_KEY": KEY, "DEZGO_BASE_URL": loopback.url}
    for argv in (
        ["text2image", "x", "-o", str(tmp_path / "a")],
        ["--json", "text2image", "x", "-o", str(tmp_path / "b")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "dezgo.cli", *argv], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 3, done.stderr
        assert KEY not in done.stdout + done.stderr
    _echoing(loopback, png, 500)
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"prompt": "x", "output": "x"}) + "\n")
    out = tmp_path / "out"
    batch = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "batch", str(manifest), "-o", str(out), "-q", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert KEY not in batch.stdout + batch.stderr
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_plain_http_to_another_host_warns_once_and_a_flag_silences_it():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Dezgo(api_key=KEY, base_url="http://api.example.invalid").close()
        Dezgo(api_key=KEY, base_url="http://api.example.invalid").close()
        Dezgo(api_key=KEY, base_url="http://other.example.invalid", allow_plain_http=True).close()
        Dezgo(api_key=KEY, base_url="http://127.0.0.1:8000").close()
    insecure = [w for w in caught if issubclass(w.category, InsecureTransportWarning)]
    assert len(insecure) == 1
    assert "api.example.invalid" in str(insecure[0].message)
    assert KEY not in str(insecure[0].message)


def test_a_body_that_inflates_past_the_limit_is_an_error_that_keeps_the_charge(loopback, monkeypatch):
    from dezgo import _plan

    monkeypatch.setattr(_plan, "MAX_BODY_BYTES", 8 * 1024 * 1024)
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))  # 64 KiB on the wire, 64 MiB decoded

    def handler(request, seen):
        loopback.send(
            request,
            200,
            bomb,
            {"Content-Type": "image/png", "Content-Encoding": "gzip", "x-dezgo-job-amount-usd": "0.0038"},
        )

    loopback.set(handler)
    with (
        Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client,
        pytest.raises(UnexpectedResponseError) as caught,
    ):
        client.text2image(prompt="x")
    error = caught.value
    assert "larger than the 8 MiB" in str(error)
    assert error.maybe_charged
    assert error.charge is not None
    assert error.charge.amount_usd == Decimal("0.0038")
    assert len(error.content) <= 64 * 1024
