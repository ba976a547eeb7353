"""The simulator refuses what the service refuses, with its status and body, before any billing; and
takes what real clients get answers to. Plain httpx and raw sockets, no facade."""

from __future__ import annotations

import io
import json
import select
import socket
import time
import tracemalloc
from decimal import Decimal

import httpx
import pytest
from _kit.bodies import body_for, operation_at, takes_json
from PIL import Image

from dezgo._spec import pinned_operations
from dezgo.images import MAX_IMAGE_BYTES, b64_length
from dezgo.testing import Simulator
from dezgo.testing.frontend import MAX_BODY_BYTES


def _png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _key(sim: Simulator) -> dict[str, str]:
    return {"X-Dezgo-Key": sim.api_key}


# -- unknown models: 400, from the catalogue it serves --------------------------------------------------


@pytest.mark.parametrize("media_type", operation_at("/text2image").request_media_types)
def test_an_unknown_model_is_400_and_costs_nothing(media_type, sim):
    fields = {"prompt": "x", "model": "no_such_model"}
    kwargs = body_for("/text2image", fields, media_type=media_type)
    response = httpx.post(sim.url + "/text2image", headers=_key(sim), **kwargs)
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown model 'no_such_model': GET /info lists the models"}
    assert sim.charges == []
    assert sim.balance == Decimal("100.00")


def test_every_model_the_catalogue_lists_is_served_by_its_operations(sim):
    catalogue = httpx.get(sim.url + "/info").json()["models"]
    by_cli = {op.cli_name: op for op in pinned_operations()} | {op.name: op for op in pinned_operations()}
    families: dict[str, dict] = {}
    for model in catalogue:
        families.setdefault(model["family"], model)  # one model per family keeps this quick
    served = 0
    for model in families.values():
        for function in model["functions"]:
            op = by_cli[function]
            if not any(p.name == "model" for p in op.body_params):
                continue
            images = {p.name: _png() for p in op.image_params if p.required}
            body = {"prompt": "x", "model": model["id"]}
            if op.name == "text_inpainting":
                body["mask_prompt"] = "the sky"
            if op.name == "controlnet":
                body["control_model"] = "scribble"
            response = httpx.post(
                sim.url + op.path, headers=_key(sim), **body_for(op.path, body, images), timeout=30
            )
            assert response.status_code == 200, (model["id"], op.name, response.text)
            served += 1
    assert served >= len(families)


# -- images that do not decode: 400 ------------------------------------------------------------------------


def _corrupt_png() -> bytes:
    data = _png((256, 256))
    return data[:60] + bytes(len(data) - 60)  # the header is fine, the pixels are not


@pytest.mark.parametrize(
    ("what", "data"),
    [
        ("a corrupt PNG", _corrupt_png()),
        ("a truncated PNG", _png((256, 256))[:70]),
        ("text", b"hello, this is not an image"),
    ],
)
@pytest.mark.parametrize("media_type", operation_at("/upscale").request_media_types)
def test_an_image_that_does_not_decode_is_400_not_500_and_costs_nothing(what, data, media_type, sim):
    response = httpx.post(
        sim.url + "/upscale",
        headers=_key(sim),
        **body_for("/upscale", {}, {"image": data}, media_type=media_type),
    )
    assert response.status_code == 400, what
    assert response.json()["detail"].startswith("image: the image cannot be decoded")
    assert sim.charges == []


def test_an_image_in_another_format_that_decodes_is_served(sim):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (1, 2, 3)).save(buffer, "GIF")
    response = httpx.post(
        sim.url + "/upscale", headers=_key(sim), files={"image": ("a.gif", buffer.getvalue())}
    )
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (60, 40)


# -- validation before the balance -------------------------------------------------------------------------


def test_refusals_come_before_the_balance_check():
    with Simulator(balance="0") as sim:

        def post(body):
            image = body.pop("init_image", None)
            images = {"init_image": image} if image is not None else {}
            return httpx.post(
                sim.url + "/image2image", headers=_key(sim), **body_for("/image2image", body, images)
            )

        image = _png()
        assert post({"prompt": "x", "init_image": image, "strength": 2}).status_code == 422
        assert post({"init_image": image}).status_code == 422
        assert post({"prompt": "x", "init_image": image, "model": "nope"}).status_code == 400
        assert post({"prompt": "x", "init_image": _corrupt_png()}).status_code == 400
        assert post({"prompt": "x", "init_image": image}).status_code == 402, (
            "only a valid job meets the balance"
        )
        assert sim.charges == []


# -- bodies over the limit: 413, while they stream -----------------------------------------------------------


def test_the_limit_is_above_the_largest_body_the_sdk_sends():
    most_images = max(len(op.image_params) for op in pinned_operations())
    largest = most_images * b64_length(MAX_IMAGE_BYTES) + 1024 * 1024
    assert largest < MAX_BODY_BYTES


def _raw(sim: Simulator, head: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", sim.port))
    sock.sendall(head)
    return sock


def _response(sock: socket.socket) -> tuple[int, dict]:
    data = b""
    sock.settimeout(10)
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_a_declared_length_over_the_limit_is_413_before_any_body_is_read(sim):
    head = (
        f"POST /text2image HTTP/1.1\r\nHost: x\r\nX-Dezgo-Key: {sim.api_key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {300 * 1000 * 1000}\r\n\r\n"
    ).encode()
    sock = _raw(sim, head)  # and not one byte of the 300 MB
    try:
        status, body = _response(sock)
    finally:
        sock.close()
    assert status == 413
    assert body == {"detail": f"Request body too large: the limit is {MAX_BODY_BYTES} bytes"}
    assert sim.charges == []


STREAMED = {
    "application/json": "application/json",
    "multipart/form-data": "multipart/form-data; boundary=xyz",
    "application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
}


@pytest.mark.parametrize("media_type", [STREAMED[m] for m in operation_at("/text2image").request_media_types])
def test_a_streamed_body_over_the_limit_is_cut_off_at_the_limit_not_read_whole(media_type):
    limit, total, chunk = 4 * 1024 * 1024, 300 * 1000 * 1000, 256 * 1024
    with Simulator(max_body_bytes=limit) as sim:
        head = (
            f"POST /text2image HTTP/1.1\r\nHost: x\r\nX-Dezgo-Key: {sim.api_key}\r\n"
            f"Content-Type: {media_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        sock = _raw(sim, head)
        sock.setblocking(False)
        piece = f"{chunk:x}\r\n".encode() + b"7" * chunk + b"\r\n"
        if media_type.startswith("multipart"):  # a well-formed part whose file never ends
            prelude = b'--xyz\r\nContent-Disposition: form-data; name="prompt"; filename="p.txt"\r\n\r\n'
            sock.sendall(f"{len(prelude):x}\r\n".encode() + prelude + b"\r\n")
        sent, answered = 0, False
        tracemalloc.start()
        deadline = time.monotonic() + 60
        try:
            while sent < total and time.monotonic() < deadline:
                readable, writable, _ = select.select([sock], [sock], [], 1)
                if readable:
                    answered = True
                    break
                if writable:
                    try:
                        sent += sock.send(piece)
                    except BlockingIOError:
                        continue
                    except OSError:  # the server closed its side after answering
                        answered = True
                        break
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        sock.setblocking(True)
        status, body = _response(sock)
        sock.close()
        assert answered, sent
        assert status == 413, (sent, status)
        assert body["detail"] == f"Request body too large: the limit is {limit} bytes"
        assert sent < total // 10, f"answered after {sent} of {total} bytes: the body was not read whole"
        assert peak < 32 * 1024 * 1024, f"peak {peak} bytes while 300 MB were offered"
        assert sim.charges == []


# -- what real clients send, and get answers to ----------------------------------------------------------------


@pytest.mark.skipif(not takes_json("/text2image"), reason="the pinned document takes no JSON body here")
def test_json_numbers_sent_as_strings_are_read_as_pydantic_reads_them(sim):
    body = {
        "prompt": "x",
        "width": "512",
        "height": " 384 ",
        "steps": "30",
        "guidance": "7.5",
        "upscale": "1",
    }
    response = httpx.post(sim.url + "/text2image", headers=_key(sim), json=body)
    assert response.status_code == 200, response.text
    assert Image.open(io.BytesIO(response.content)).size == (512, 384)
    refused = httpx.post(sim.url + "/text2image", headers=_key(sim), json={**body, "width": "512px"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "width"]


def test_get_with_a_json_body_runs_text2image_as_the_service_does(sim):
    response = httpx.request(
        "GET",
        sim.url + "/text2image",
        headers=_key(sim),
        **body_for("/text2image", {"prompt": "x", "width": 320, "height": 320}),
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert sim.charges[-1].operation == "text2image"
    elsewhere = httpx.request("GET", sim.url + "/text2image_sdxl", headers=_key(sim), json={"prompt": "x"})
    assert elsewhere.status_code == 405, "no evidence for GET on other paths"


@pytest.mark.parametrize("path", ["//text2image_sdxl_lightning", "//text2image", "/text2image//"])
def test_doubled_slashes_reach_the_operation(path, sim):
    response = httpx.post(sim.url + path, headers=_key(sim), data={"prompt": "x"})
    assert response.status_code in (200, 404)
    if path.endswith("//"):
        assert response.status_code == 404, "a trailing slash is another path"
    else:
        assert response.status_code == 200
        assert sim.charges[-1].operation == path.strip("/")


@pytest.mark.reconstruction
def test_a_guess_is_served_and_a_firm_limit_refused(sim):
    lightning = "/text2image_sdxl_lightning"
    served = httpx.post(
        sim.url + lightning, headers=_key(sim), json={"prompt": "x", "width": 1544, "sampler": "lcm"}
    )
    assert served.status_code == 200, "512-1536 is a guess (G) and so is the sampler list (L)"
    refused = httpx.post(sim.url + lightning, headers=_key(sim), json={"prompt": "x", "width": 1540})
    assert refused.status_code == 422, "a multiple of 8 is M"
    with Simulator(strict=True) as strict:
        answer = httpx.post(strict.url + lightning, headers=_key(strict), json={"prompt": "x", "width": 1544})
        assert answer.status_code == 422
