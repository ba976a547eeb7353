"""Errors, retries that never charge twice, validation before spending, images, secrets."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import threading
import time
from decimal import Decimal

import httpx
import pytest
from PIL import Image as PILImage

import dezgo
from dezgo import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncDezgo,
    AuthenticationError,
    Dezgo,
    Image,
    InsufficientBalanceError,
    InvalidRequestError,
    MissingAPIKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableRequestError,
)
from dezgo.testing import Simulator

KEY = "DEZGO-SECRET-" + "ab12" * 16


def _png(size=(40, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


# -- the error table -----------------------------------------------------------------------------

ERROR_TABLE = [
    (400, APIStatusError, b'{"detail": "bad sampler"}', "bad sampler"),
    (401, AuthenticationError, b'{"detail": "Invalid key"}', "DEZGO_API_KEY"),
    (402, InsufficientBalanceError, b'{"detail": "Insufficient balance"}', "top up"),
    (403, PermissionDeniedError, b'{"detail": "forbidden"}', "may not"),
    (404, NotFoundError, b'{"detail": "Not Found"}', "check the path"),
    (
        422,
        UnprocessableRequestError,
        b'{"detail": [{"loc": ["body", "width"], "msg": "too wide", "type": "x"}]}',
        "width: too wide",
    ),
    (429, RateLimitError, b'{"detail": "slow down"}', "slow down"),
    (500, ServerError, b'{"detail": "boom"}', "try again later"),
    (502, ServerError, b"<html>bad gateway</html>", "try again later"),
]


@pytest.mark.parametrize(("status", "cls", "body", "hint"), ERROR_TABLE, ids=[str(r[0]) for r in ERROR_TABLE])
def test_each_status_raises_its_error(status, cls, body, hint, loopback):
    loopback.set(
        lambda req, seen: loopback.send(
            req, status, body, {"Content-Type": "application/json", "Retry-After": "120"}
        )
    )
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client, pytest.raises(cls) as caught:
        client.text2image(prompt="x")
    error = caught.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.response.status_code == status
    assert hint in str(error)
    assert str(error).startswith("text2image(): HTTP")
    if status == 422:
        assert [(e.field, e.message) for e in error.errors] == [("width", "too wide")]
    if status == 429:
        assert error.retry_after == 120.0


# -- retries ------------------------------------------------------------------------------------


def test_429_is_retried_after_the_advised_delay(loopback, headers_for_billing):
    calls = []

    def handler(request, seen):
        calls.append(time.monotonic())
        if len(calls) == 1:
            loopback.send(request, 429, b'{"detail": "slow"}', {"Retry-After": "0.2"})
        else:
            loopback.send(request, 200, _png(), {"Content-Type": "image/png", **headers_for_billing()})

    loopback.set(handler)
    with Dezgo(api_key=KEY, base_url=loopback.url) as client:
        image = client.text2image(prompt="x")
    assert image.charge.amount_usd == Decimal("0.0038")
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.19


def test_503_without_a_charge_is_retried_but_with_a_charge_is_not(loopback, headers_for_billing):
    statuses = iter([503, 503, 200])
    loopback.set(
        lambda req, seen: loopback.send(
            req, s := next(statuses), _png() if s == 200 else b"{}", headers_for_billing() if s == 200 else {}
        )
    )
    with Dezgo(api_key=KEY, base_url=loopback.url) as client:
        client.text2image(prompt="x")
    assert len(loopback.seen) == 3
    loopback.seen.clear()
    loopback.set(lambda req, seen: loopback.send(req, 503, b"{}", headers_for_billing()))
    with Dezgo(api_key=KEY, base_url=loopback.url) as client, pytest.raises(ServerError):
        client.text2image(prompt="x")
    assert len(loopback.seen) == 1, "a 503 that reports a charge is never retried"


def test_connect_errors_are_retried_and_say_nothing_was_charged():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Dezgo(api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=2) as client:
        started = time.monotonic()
        with pytest.raises(APIConnectionError) as caught:
            client.text2image(prompt="x")
    assert caught.value.maybe_charged is False
    assert "nothing was charged" in str(caught.value)
    assert time.monotonic() - started >= 0.5 * 0.5 + 1.0 * 0.5 - 0.01, "two backed-off retries"


def test_a_connection_dropped_after_billing_is_not_retried(sim):
    sim.add_fault("drop-after-billing", "text2image", count=1)
    with Dezgo(api_key=sim.api_key, base_url=sim.url, max_retries=5) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.text2image(prompt="x")
        assert caught.value.maybe_charged is True
        assert "may have run and been billed" in str(caught.value)
        assert sim.requests["text2image"] == 1
        assert len(sim.charges) == 1, "billed exactly once"
        client.text2image(prompt="x")  # the fault is spent; the next call works
    assert len(sim.charges) == 2


def test_a_read_timeout_on_a_paid_call_is_not_retried(sim):
    sim.add_fault("stall", "text2image", count=1, value=1.0)
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url, timeout=0.3, max_retries=3) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.text2image(prompt="x")
    assert caught.value.maybe_charged is True
    assert sim.requests["text2image"] == 1
    time.sleep(1.0)
    assert len(sim.charges) == 1, "the job ran after the client gave up: retrying would have paid twice"


def test_a_truncated_body_keeps_the_charge_it_reported(sim):
    sim.add_fault("truncated-body", "text2image", count=1)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.text2image(prompt="x")
        assert caught.value.charge.amount_usd == sim.charges[0].amount_usd
        assert "billed" in str(caught.value)
        assert client.ledger.total_usd == sim.total_billed
    assert sim.requests["text2image"] == 1


def test_opting_in_retries_unsafe_failures(sim):
    sim.add_fault("drop-after-billing", "text2image", count=1)
    with Dezgo(api_key=sim.api_key, base_url=sim.url, retry_unsafe=True) as client:
        client.text2image(prompt="x")
    assert sim.requests["text2image"] == 2
    assert len(sim.charges) == 2, "the caller asked for it: paid twice"


def test_free_operations_are_retried_after_a_drop(sim):
    sim.add_fault("drop-before-job", "info", count=1)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        assert client.info().models
    assert sim.requests["info"] == 2


def test_rate_limit_fault_through_the_facade(sim):
    sim.add_fault("rate-limit", "upscale", count=1, value=0.1)
    sim.add_fault("server-error", "remove_background", count=1, value=503)
    sim.add_fault("latency", "text2image", value=0.2)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        client.upscale(image=_png())
        client.remove_background(image=_png())
        started = time.monotonic()
        client.text2image(prompt="x")
        assert time.monotonic() - started >= 0.2
    assert sim.requests == {"upscale": 2, "remove_background": 2, "text2image": 1}
    assert len(sim.charges) == 3


def test_drop_before_job_on_a_paid_call_is_not_retried_either(sim):
    """The client cannot tell a drop before the job from one after it: it must assume the worst."""
    sim.add_fault("drop-before-job", "text2image", count=1)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, pytest.raises(APIConnectionError) as caught:
        client.text2image(prompt="x")
    assert caught.value.maybe_charged is True
    assert sim.charges == []


# -- validation before spending ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "why"),
    [
        ({"prompt": "x", "width": 2000}, "width", "less than or equal to 1024"),
        ({"prompt": "x", "width": 500}, "width", "multiple of 8"),
        ({"prompt": "x", "guidance": 21}, "guidance", "less than or equal to 20"),
        ({"prompt": "x", "steps": "many"}, "steps", "integer"),
        ({"prompt": "x" * 1001}, "prompt", "at most 1000 characters"),
        ({"prompt": "x", "upscale": 0}, "upscale", "greater than or equal to 1"),
    ],
)
def test_bad_arguments_are_refused_before_sending(kwargs, field, why, sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, pytest.raises(InvalidRequestError) as caught:
        client.text2image(**kwargs)
    assert caught.value.field == field
    assert why in str(caught.value)
    assert sim.requests == {}


def test_missing_required_and_unknown_arguments(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.raises(TypeError, match="prompt"):
            client.text2image()  # type: ignore[call-arg]
        with pytest.raises(TypeError, match="colour"):
            client.text2image(prompt="x", colour="red")  # type: ignore[call-arg]
    assert sim.requests == {}


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("/no/such/file.png", "no such file"),
        (b"%PDF-1.4 not an image", "not an image"),
        (b"", "empty"),
        (12, "expected a path"),
    ],
)
def test_bad_images_are_refused_before_sending(value, why, sim, tmp_path):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, pytest.raises(InvalidRequestError) as caught:
        client.upscale(image=value)
    assert caught.value.field == "image"
    assert why in str(caught.value)
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url) as client,
        pytest.raises(InvalidRequestError, match="folder"),
    ):
        client.upscale(image=tmp_path)
    assert sim.requests == {}


def test_image_inputs_of_every_kind(sim, tmp_path):
    source = _png((48, 32), "JPEG")
    path = tmp_path / "in.jpg"
    path.write_bytes(source)
    pil = PILImage.new("RGBA", (48, 32), (1, 2, 3, 128))
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, path.open("rb") as handle:
        for value in (source, str(path), path, handle, pil, bytearray(source), memoryview(source)):
            assert client.upscale(image=value).width == 96
    assert len(sim.charges) == 7


# -- results ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("png", "png"), ("jpg", "jpeg"), ("webp", "webp")])
def test_result_format_and_size_come_from_the_bytes(fmt, name, sim, tmp_path):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        image = client.text2image(prompt="x", width=320, height=448, seed=9, format=fmt)
    assert (image.format, image.width, image.height, image.seed) == (name, 320, 448, 9)
    assert image.response.status_code == 200
    assert image.to_pil().size == (320, 448)
    written = image.save(tmp_path / "result")
    assert written.name == f"result.{'jpg' if name == 'jpeg' else name}"
    assert written.read_bytes() == image.data
    kept = image.save(tmp_path / "named.bin")
    assert kept.suffix == ".bin"


def test_save_is_atomic_and_leaves_nothing_on_failure(tmp_path, monkeypatch):
    image = Image.from_bytes(_png())
    target = tmp_path / "out.png"
    target.write_bytes(b"old")
    import dezgo._atomic as atomic

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        image.save(target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png"]
    monkeypatch.undo()
    # Missing folders are made (the quickstart saves to "out/..."); a file in the way is an error.
    assert image.save(tmp_path / "new" / "folder" / "x") == tmp_path / "new" / "folder" / "x.png"
    assert (tmp_path / "new" / "folder" / "x.png").read_bytes() == image.data
    with pytest.raises(OSError):
        image.save(tmp_path / "out.png" / "x.png")
    assert target.read_bytes() == b"old"


def test_image_sizes_are_read_without_pillow():
    for fmt in ("PNG", "JPEG", "WEBP"):
        image = Image.from_bytes(_png((123, 45), fmt))
        assert (image.width, image.height) == (123, 45), fmt
    lossless = io.BytesIO()
    PILImage.new("RGBA", (77, 66)).save(lossless, "WEBP", lossless=True)
    assert (Image.from_bytes(lossless.getvalue()).width, Image.from_bytes(lossless.getvalue()).height) == (
        77,
        66,
    )


def test_video_results(sim, tmp_path):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        video = client.text2video_wan_2_1(prompt="waves")
    assert isinstance(video, dezgo.Video)
    assert video.format == "mp4"
    assert video.save(tmp_path / "clip").name == "clip.mp4"


def test_json_results_are_typed_and_exact(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        catalogue = client.info()
        assert "flux_1_schnell" in {m.id for m in catalogue.for_function("text2image_flux")}
        assert catalogue["juggernautxl_1024px"].native_width == 1024
        client.text2image(prompt="x")
        balance = client.balance()
        assert isinstance(balance, Decimal)
        assert balance == sim.balance
        assert client.last_transaction().balance == balance


def test_job_tickets_are_polled_until_the_image_is_ready():
    with (
        Simulator(async_jobs=True) as sim,
        Dezgo(api_key=sim.api_key, base_url=sim.url, poll_interval=0.01) as client,
    ):
        image = client.text2image_flux_2_pro(prompt="x", width=512, height=512)
        assert (image.format, image.width) == ("png", 512)
        assert image.charge.amount_usd == sim.charges[0].amount_usd
        assert sim.requests["unstable_job"] == 1

    async def run():
        with Simulator(async_jobs=True) as sim2:
            async with AsyncDezgo(api_key=sim2.api_key, base_url=sim2.url, poll_interval=0.01) as aclient:
                return await aclient.image2image_flux_2_pro(prompt="x", init_image=_png())

    assert asyncio.run(run()).format == "png"


# -- auth and secrets ------------------------------------------------------------------------------


def test_key_from_the_environment_or_a_clear_error(monkeypatch, sim):
    monkeypatch.delenv("DEZGO_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError, match="DEZGO_API_KEY"):
        Dezgo()
    monkeypatch.setenv("DEZGO_API_KEY", sim.api_key)
    monkeypatch.setenv("DEZGO_BASE_URL", sim.url)
    with Dezgo() as client:
        assert client.text2image(prompt="x").charge is not None


def test_rapidapi_route(sim):
    with Dezgo.rapidapi(key=sim.api_key, base_url=sim.url) as client:
        client.text2image(prompt="x")
    assert len(sim.charges) == 1
    assert Dezgo.rapidapi(key="k" * 20).base_url == "https://dezgo.p.rapidapi.com"


def test_the_key_never_leaks(sim, caplog, capsys):
    caplog.set_level(logging.DEBUG, logger="dezgo")
    sim.add_fault("drop-after-billing", "upscale", count=1)
    texts = []
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        texts.append(repr(client))
        client.text2image(prompt="x")
        for call in (lambda: client.upscale(image=_png()), lambda: client.text2image(prompt="x", width=3)):
            with pytest.raises(dezgo.DezgoError) as caught:
                call()
            texts += [str(caught.value), repr(caught.value)]
    with (
        Dezgo(api_key="DEZGO-WRONG-" + "9" * 40, base_url=sim.url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.text2image(prompt="x")
    texts += [str(caught.value), repr(client)]
    out = capsys.readouterr()
    texts += [out.out, out.err, caplog.text]
    assert any("text2image" in r.getMessage() for r in caplog.records), "DEBUG logs the requests"
    for text in texts:
        assert sim.api_key not in text
        assert "9" * 40 not in text


def test_caller_supplied_http_client_is_used_and_left_open(sim):
    seen = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(r.url.path)]})
    with Dezgo(api_key=sim.api_key, base_url=sim.url, http_client=http) as client:
        client.text2image(prompt="x")
    assert seen == ["/text2image"]
    assert not http.is_closed
    http.close()


def test_threads_share_one_client_safely(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        threads = [
            threading.Thread(target=lambda: client.text2image(prompt="x", width=320, height=320))
            for _ in range(16)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(client.ledger) == 16
        assert client.ledger.total_usd == sim.total_billed


def test_import_does_not_load_generated_modules():
    import subprocess
    import sys

    code = "import sys, dezgo; print(any(m.startswith('dezgo_api.api') for m in sys.modules), 'jsonschema' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ}
    )
    assert out.stdout.split() == ["False", "False"]
