"""The simulator behaves like the service as the spec describes it (plain httpx, no facade)."""

from __future__ import annotations

import base64
import copy
import io
import json
from decimal import Decimal

import httpx
import pytest
from _kit.bodies import body_for
from PIL import Image

from dezgo._spec import NO_DEFAULT, Operation, load_effective_spec, pinned_document_path, pinned_operations
from dezgo.testing import Simulator, parse_fault


def _value(op: Operation, name: str):
    param = op.param(name)
    if param.enum:
        return param.enum[0]
    if param.default is not NO_DEFAULT:
        return param.default
    if param.type in ("integer", "number"):
        return param.value_schema.get("minimum", 1)
    if param.type == "boolean":
        return True
    return "a lighthouse at dusk"


def _request(op: Operation, media_type: str, png: bytes, **extra) -> dict:
    """httpx kwargs for a minimal valid request in ``media_type``."""
    fields = {p.name: _value(op, p.name) for p in op.body_params if p.required and not p.is_image}
    fields.update(extra)
    images = {p.name: png for p in op.image_params if p.required}
    if media_type == "application/json":
        return {"json": {**fields, **{k: base64.b64encode(v).decode() for k, v in images.items()}}}
    text = {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in fields.items()}
    if media_type == "multipart/form-data":
        return {
            "data": text,
            "files": {k: (f"{k}.png", v, "image/png") for k, v in images.items()} or {"_": ("", b"")},
        }
    return {"data": text}


CASES = [(op, mt) for op in pinned_operations() for mt in (op.request_media_types or (None,))]


@pytest.mark.parametrize(("op", "media_type"), CASES, ids=[f"{o.name}-{m}" for o, m in CASES])
def test_every_operation_and_media_type_is_served(op, media_type, sim, png):
    headers = {"X-Dezgo-Key": sim.api_key}
    if op.method == "GET":
        path = op.path.replace("{tx_id}", "missing-job")
        response = httpx.get(sim.url + path, headers=headers)
        assert response.status_code in (200, 404)
        assert response.headers["content-type"] == "application/json"
        return
    response = httpx.post(sim.url + op.path, headers=headers, **_request(op, media_type, png))
    assert response.status_code == 200, response.text
    media = response.headers["content-type"]
    # A media result whatever the document declares (FastAPI writes application/json for a raw
    # Response): the wire decides, as the SDK reads it.
    assert media in op.response_media_types or (
        op.returns_media and media.split("/")[0] in ("image", "video")
    )
    for header, declared in op.response_headers.items():
        if declared.get("required"):
            assert header in response.headers, header
    if response.headers["content-type"].startswith("image/"):
        image = Image.open(io.BytesIO(response.content))
        assert image.format.lower() in ("png", "jpeg", "webp")
    else:
        assert response.content[4:8] == b"ftyp"
    assert sim.charges[-1].operation == op.name
    assert Decimal(response.headers["x-dezgo-job-amount-usd"]) == sim.charges[-1].amount_usd


def test_a_new_operation_in_the_spec_is_served_without_code_changes(tmp_path, png):
    """A new endpoint in the service's document, declared as FastAPI declares a raw Response (and
    unknown to our overlay), is served as a paid media result at a default price."""
    spec = json.loads(pinned_document_path().read_bytes())
    spec["paths"]["/sketch2image"] = copy.deepcopy(spec["paths"]["/image2image"])
    spec["paths"]["/sketch2image"]["post"]["operationId"] = "sketch2image_sketch2image_post"
    spec["paths"]["/colour-count"] = {
        "get": {
            "operationId": "colour_count_get",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"count": {"type": "integer", "minimum": 3}},
                                "required": ["count"],
                            }
                        }
                    },
                }
            },
        }
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    with Simulator(spec_path=path) as sim:
        headers = {"X-Dezgo-Key": sim.api_key}
        files = {"init_image": ("a.png", png, "image/png")}
        response = httpx.post(sim.url + "/sketch2image", headers=headers, data={"prompt": "x"}, files=files)
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.content)).size == (64, 48)
        assert sim.charges[-1].operation == "sketch2image"
        missing = httpx.post(
            sim.url + "/sketch2image", headers=headers, data={"strength": "0.5"}, files=files
        )
        assert missing.status_code == 422
        assert httpx.get(sim.url + "/colour-count", headers=headers).json() == {"count": 3}
        assert httpx.get(sim.url + "/openapi.json").content == path.read_bytes()


TEXT2IMAGE_MEDIA = next(o for o in pinned_operations() if o.name == "text2image").request_media_types


@pytest.mark.parametrize("media_type", TEXT2IMAGE_MEDIA)
@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [("width", 2000, "less_than_equal"), ("upscale", 3, "less_than_equal"), ("steps", "many", "int_parsing")],
)
def test_invalid_requests_get_422_naming_the_field_and_cost_nothing(media_type, field, value, kind, sim, png):
    op = next(o for o in pinned_operations() if o.name == "text2image")
    response = httpx.post(
        sim.url + op.path,
        headers={"X-Dezgo-Key": sim.api_key},
        **_request(op, media_type, png, **{field: value}),
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [d["loc"] for d in detail] == [["body", field]]
    assert detail[0]["type"] == kind
    assert sim.charges == []
    assert sim.balance == Decimal("100.00")


def test_missing_field_and_undecodable_base64_are_422_and_non_images_400(sim):
    headers = {"X-Dezgo-Key": sim.api_key}
    no_prompt = httpx.post(
        sim.url + "/text2image", headers=headers, **body_for("/text2image", {"width": 512})
    )
    assert no_prompt.json()["detail"][0] == {
        "loc": ["body", "prompt"],
        "msg": "Field required",
        "type": "missing",
    }
    not_base64 = httpx.post(
        sim.url + "/upscale", headers=headers, **body_for("/upscale", {"image": "not base64!"})
    )
    assert not_base64.json()["detail"][0]["loc"] == ["body", "image"]
    not_image = httpx.post(
        sim.url + "/upscale", headers=headers, files={"image": ("x.txt", b"hello", "text/plain")}
    )
    assert not_image.status_code == 400
    assert not_image.json() == {"detail": "image: the image cannot be decoded (not an image)"}
    wrong_type = httpx.post(
        sim.url + "/text2image", headers={**headers, "Content-Type": "text/plain"}, content=b"x"
    )
    assert wrong_type.status_code == 422
    assert sim.charges == []


def test_empty_strings_mean_unset_in_form_bodies(sim):
    response = httpx.post(
        sim.url + "/text2image",
        headers={"X-Dezgo-Key": sim.api_key},
        data={"prompt": "x", "seed": "", "lora1": ""},
    )
    assert response.status_code == 200
    assert response.headers["x-input-seed"].isdigit()


def test_server_side_charges_equal_the_billing_headers_sent(sim):
    headers = {"X-Dezgo-Key": sim.api_key}
    sent = []
    for width in (320, 512, 768, 1024):
        for steps in (10, 31, 150):
            r = httpx.post(
                sim.url + "/text2image",
                headers=headers,
                **body_for("/text2image", {"prompt": "p", "width": width, "height": 512, "steps": steps}),
            )
            sent.append(Decimal(r.headers["x-dezgo-job-amount-usd"]))
            assert Decimal(r.headers["x-dezgo-balance-total-usd"]) == sim.balance
    assert sim.total_billed == sum(sent)
    assert [c.amount_usd for c in sim.charges] == sent
    assert len(set(sent)) > 5, "prices depend on size and steps"
    assert sim.balance == Decimal("100.00") - sum(sent)
    indexes = [c.balance_index for c in sim.charges]
    assert indexes == sorted(indexes)
    last = httpx.get(sim.url + "/account/tx/last", headers=headers)
    assert Decimal(last.text.split('"balance":')[1].split(",")[0]) == sim.balance  # an exact JSON number


def test_auth(sim):
    assert httpx.post(sim.url + "/text2image", **body_for("/text2image", {"prompt": "x"})).status_code == 401
    assert (
        httpx.post(
            sim.url + "/text2image",
            **body_for("/text2image", {"prompt": "x"}),
            headers={"X-Dezgo-Key": "DEZGO-WRONG"},
        ).status_code
        == 401
    )
    assert httpx.get(sim.url + "/info").status_code == 200  # free and open
    rapid = {"X-RapidAPI-Key": sim.api_key, "X-RapidAPI-Host": "dezgo.p.rapidapi.com"}
    assert (
        httpx.post(
            sim.url + "/text2image", **body_for("/text2image", {"prompt": "x"}), headers=rapid
        ).status_code
        == 200
    )
    assert sim.requests["text2image"] == 3
    assert len(sim.charges) == 1


def test_402_when_the_balance_cannot_cover_the_job():
    with Simulator(balance="0.0040") as sim:
        headers = {"X-Dezgo-Key": sim.api_key}
        first = httpx.post(
            sim.url + "/text2image",
            headers=headers,
            **body_for("/text2image", {"prompt": "x", "width": 512, "height": 512}),
        )
        assert first.status_code == 200
        second = httpx.post(
            sim.url + "/text2image",
            headers=headers,
            **body_for("/text2image", {"prompt": "x", "width": 512, "height": 512}),
        )
        assert second.status_code == 402
        assert "x-dezgo-job-amount-usd" not in second.headers
        assert sim.balance == Decimal("0.0002")
        assert len(sim.charges) == 1


def _without_limits(schema: dict, names: tuple[str, ...]) -> None:
    for name in names:
        prop = schema["properties"].get(name, {})
        for variant in (prop, *prop.get("anyOf", [])):
            for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
                variant.pop(keyword, None)


def test_a_job_of_absurd_size_is_a_402_for_its_price_never_a_500(tmp_path):
    """Where the document sets no limit on a side, a 36-digit height is valid data: the service
    would price it and refuse it for the balance, and so does the simulator (it answered 500)."""
    spec = json.loads(pinned_document_path().read_bytes())
    for media in spec["paths"]["/text2image"]["post"]["requestBody"]["content"].values():
        body = spec["components"]["schemas"][media["schema"]["$ref"].rsplit("/", 1)[1]]
        _without_limits(body, ("width", "height", "steps"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    with Simulator(spec_path=path, balance="1000") as sim:
        headers = {"X-Dezgo-Key": sim.api_key}
        for fields in ({"height": 10**35}, {"height": 10**35, "steps": -(10**12)}, {"width": 7 * 10**300}):
            answer = httpx.post(
                sim.url + "/text2image", headers=headers, **body_for("/text2image", {"prompt": "x", **fields})
            )
            assert answer.status_code in (402, 200), (fields, answer.status_code, answer.text[:200])
        assert answer.status_code == 402
        assert "costs" in answer.json()["detail"]
        assert all(charge.amount_usd <= Decimal("1000") for charge in sim.charges)
        assert sim.balance >= 0


def test_prices_are_exact_at_any_size():
    from dezgo.testing.pricing import price_of

    huge = price_of("text2image", 40, 10**35, {}, 30)
    assert huge == Decimal("0.0038") * 40 * 10**35 / (512 * 512)
    assert price_of("text2image", 512, 512, {"steps": 60}, 30) == Decimal("0.0076")
    assert price_of("text2image", -5, 512, {}, 30) == Decimal("0.0010"), "the floor"


def test_images_are_deterministic_and_as_asked(sim):
    headers = {"X-Dezgo-Key": sim.api_key}
    body = {"prompt": "a lighthouse", "seed": 42, "width": 640, "height": 384}
    first = httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body)).content
    again = httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body)).content
    other = httpx.post(
        sim.url + "/text2image", headers=headers, **body_for("/text2image", {**body, "prompt": "a forest"})
    ).content
    assert first == again
    assert first != other
    assert Image.open(io.BytesIO(first)).size == (640, 384)
    for fmt, pillow in (("jpg", "JPEG"), ("webp", "WEBP"), ("png", "PNG")):
        r = httpx.post(
            sim.url + "/text2image", headers=headers, **body_for("/text2image", {**body, "format": fmt})
        )
        assert Image.open(io.BytesIO(r.content)).format == pillow
    sdxl = httpx.post(
        sim.url + "/text2image_sdxl", headers=headers, **body_for("/text2image_sdxl", {"prompt": "x"})
    )
    assert Image.open(io.BytesIO(sdxl.content)).size == (1024, 1024), "native SDXL size when none is asked"
    chosen = {
        httpx.post(
            sim.url + "/text2image", headers=headers, **body_for("/text2image", {"prompt": "x"})
        ).headers["x-input-seed"]
        for _ in range(3)
    }
    assert len(chosen) == 3


def test_image_operations_derive_from_their_input(sim, images):
    headers = {"X-Dezgo-Key": sim.api_key}
    source = images("JPEG", (96, 64))
    files = {"image": ("a.jpg", source, "image/jpeg")}
    upscaled = httpx.post(sim.url + "/upscale", headers=headers, files=files)
    assert Image.open(io.BytesIO(upscaled.content)).size == (192, 128)
    cut = Image.open(
        io.BytesIO(httpx.post(sim.url + "/remove-background", headers=headers, files=files).content)
    )
    assert cut.mode == "RGBA"
    assert cut.size == (96, 64)
    assert cut.getextrema()[3][0] == 0, "some pixels are transparent"
    init = {"init_image": ("a.jpg", source, "image/jpeg")}
    weak = httpx.post(
        sim.url + "/image2image",
        headers=headers,
        data={"prompt": "x", "strength": "0.1", "seed": "1"},
        files=init,
    )
    strong = httpx.post(
        sim.url + "/image2image",
        headers=headers,
        data={"prompt": "x", "strength": "0.9", "seed": "1"},
        files=init,
    )
    original = Image.open(io.BytesIO(source)).convert("RGB")

    def distance(data: bytes) -> int:
        result = Image.open(io.BytesIO(data)).convert("RGB")
        return sum(
            abs(a - b) for a, b in zip(result.getpixel((5, 5)), original.getpixel((5, 5)), strict=True)
        )

    assert distance(weak.content) < distance(strong.content)


def test_info_and_openapi(sim):
    from openapi_core import OpenAPI

    info = httpx.get(sim.url + "/info").json()
    ids = {m["id"] for m in info["models"]}
    assert {"stablediffusion_1_5", "juggernautxl_1024px", "flux_1_schnell"} <= ids
    schema = OpenAPI.from_dict(load_effective_spec()).spec / "components" / "schemas" / "InfoResponse"
    from jsonschema import Draft202012Validator

    resolved = next(o for o in pinned_operations() if o.name == "info").response_json_schema
    Draft202012Validator(resolved).validate(info)
    assert schema is not None
    # Served as the service serves it: the pinned document, not our overlay on top of it.
    assert httpx.get(sim.url + "/openapi.json").content == pinned_document_path().read_bytes()


def test_job_tickets_when_async_jobs_are_on(png):
    with Simulator(async_jobs=True) as sim:
        headers = {"X-Dezgo-Key": sim.api_key}
        ticket = httpx.post(
            sim.url + "/text2image_flux_2_pro",
            headers=headers,
            **body_for("/text2image_flux_2_pro", {"prompt": "x"}),
        )
        assert ticket.headers["content-type"] == "application/json"
        tx_id = ticket.json()["tx"]["_id"]
        status = httpx.get(f"{sim.url}/unstable/job/{tx_id}", headers=headers).json()
        assert status["final"] is True
        output = httpx.get(status["files"]["output"]["url"])
        assert output.content.startswith(b"\x89PNG")
        assert len(sim.charges) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("latency=0.2", ("latency", None, 1.0, None, 0.2)),
        ("rate-limit=3@0.1", ("rate-limit", None, 0.1, None, 3.0)),
        ("server-error=503:upscale#2", ("server-error", "upscale", 1.0, 2, 503.0)),
        ("drop-after-billing:text2image@0.5", ("drop-after-billing", "text2image", 0.5, None, None)),
        ("drop-before-job:remove-background", ("drop-before-job", "remove_background", 1.0, None, None)),
    ],
)
def test_fault_syntax(text, expected):
    fault = parse_fault(text)
    assert (fault.kind, fault.operation, fault.rate, fault.count, fault.value) == expected


@pytest.mark.parametrize("text", ["explode", "latency=x", "drop-after-billing@2", ""])
def test_bad_fault_syntax_is_refused(text):
    with pytest.raises(ValueError, match="fault"):
        parse_fault(text)


def test_fault_rates_are_seeded_and_reproducible():
    def pattern() -> list[int]:
        with Simulator(seed=7, faults=["server-error=503@0.5"]) as sim:
            return [httpx.get(sim.url + "/info").status_code for _ in range(20)]

    first = pattern()
    assert first == pattern()
    assert 503 in first
    assert 200 in first


def test_fault_counts_run_out(sim):
    sim.add_fault("server-error", "info", count=2, value=502)
    codes = [httpx.get(sim.url + "/info").status_code for _ in range(4)]
    assert codes == [502, 502, 200, 200]


def test_drops_truncation_and_stalls_over_raw_http(sim):
    headers = {"X-Dezgo-Key": sim.api_key}
    body = {"prompt": "x", "width": 512, "height": 512}
    sim.add_fault("drop-before-job", "text2image", count=1)
    # A closed connection reads as an end without a response, or as a reset when the request's
    # bytes were still unread in the server's buffer: either way, a transport error.
    dropped = (httpx.RemoteProtocolError, httpx.ReadError)
    with pytest.raises(dropped):
        httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body))
    assert sim.charges == []
    sim.add_fault("drop-after-billing", "text2image", count=1)
    with pytest.raises(dropped):
        httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body))
    assert len(sim.charges) == 1, "billed, then the response was lost"
    sim.add_fault("truncated-body", "text2image", count=1)
    with pytest.raises(dropped):
        httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body))
    assert len(sim.charges) == 2
    sim.add_fault("stall", "text2image", count=1, value=1.0)
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(sim.url + "/text2image", headers=headers, **body_for("/text2image", body), timeout=0.3)
    assert sim.requests["text2image"] == 4
