"""Acceptance follows evidence, the same way in the facade, in the simulator and in the contract.

For every constraint of every JSON request body in the pinned spec, a body that breaks that
constraint alone is sent through the facade's check and to the simulator: a constraint the
evidence supports at S, H or M refuses in both (InvalidRequestError / 422 on that field), an
L or G one is a warning in the facade and served by the simulator; strict mode refuses both.
On the service's own document (no evidence of ours) every constraint it states refuses.
"""

from __future__ import annotations

import base64
import warnings
from urllib.parse import urlencode

import httpx
import pytest

from dezgo import Dezgo, InvalidRequestError, WeakEvidenceWarning
from dezgo._arguments import PREFERRED_ENCODINGS, body_problems
from dezgo._constants import MEDIA_TYPES
from dezgo._evidence import VALIDATION_KEYWORDS, enforced_schema, evidence_of
from dezgo._spec import NO_DEFAULT, Operation, pinned_operations
from dezgo._validation import IMAGE_PLACEHOLDER
from dezgo.testing import Simulator

FIRM = {"S", "H", "M"}
SKIPPED = {"default", "format"}  # format: not a check jsonschema makes; base64 images have their own tests
CHECKED = tuple(k for k in VALIDATION_KEYWORDS if k not in SKIPPED)


def _level(prop: dict, keyword: str) -> str:
    """The evidence level of a constraint; on a document without our evidence, the service's own word."""
    return evidence_of(prop, keyword).level or "the service's"


def _firm(level: str) -> bool:
    return level in FIRM or level == "the service's"


def _media_type(op: Operation) -> str:
    """The body the facade sends by default: JSON where the operation takes it, else multipart, else form."""
    return next(MEDIA_TYPES[e] for e in PREFERRED_ENCODINGS if MEDIA_TYPES[e] in op.request_media_types)


def _valid(op: Operation, name: str, prop: dict):
    param = op.param(name)
    if param.is_image:
        return IMAGE_PLACEHOLDER
    if param.enum:
        return param.enum[0]
    if param.default not in (NO_DEFAULT, None):
        return param.default
    return "a red kite"


def _breaking(value_schema: dict, keyword: str, form: bool):
    """A value that breaks ``keyword`` (of a non-null value's schema) and nothing else; None when none.

    In a form or multipart body every value is text and an empty one means "not set", so a
    number for a string, or an empty string, breaks nothing there."""
    kind = value_schema.get("type")
    step = value_schema.get("multipleOf", 1)
    number = int if kind == "integer" else (lambda v: v)
    if keyword == "type":
        if form and kind == "string":
            return None
        return {"integer": "many", "number": "lots", "boolean": "maybe", "string": 12345}.get(kind)
    if keyword == "minimum":
        return number(value_schema["minimum"] - step)
    if keyword == "maximum":
        return number(value_schema["maximum"] + step)
    if keyword == "multipleOf":
        value = number(value_schema.get("minimum", 0) + 1)
        return value if value <= value_schema.get("maximum", value) else None
    if keyword == "minLength":
        short = "x" * (int(value_schema["minLength"]) - 1)
        return None if form and not short else short
    if keyword == "maxLength":
        return "x" * (int(value_schema["maxLength"]) + 1)
    if keyword == "enum":
        return "not-a-listed-value"
    return None  # a keyword (const, pattern, ...) this table has no breaking value for


def _cases():
    out = []
    for op in pinned_operations():
        if not op.request_media_types:
            continue
        media_type = _media_type(op)
        form = media_type != "application/json"
        schema = op.body_schemas[media_type]
        for name in schema["properties"]:
            param = op.param(name)
            if param.is_image and form:  # a file part: its checks are the image tests'
                continue
            keywords = [k for k in CHECKED if k in param.value_schema]
            if name in schema.get("required", []):
                keywords.append("required")
            for keyword in keywords:
                value = None if keyword == "required" else _breaking(dict(param.value_schema), keyword, form)
                if keyword != "required" and value is None:
                    continue
                out.append(
                    pytest.param(op, media_type, name, keyword, value, id=f"{op.name}.{name}.{keyword}")
                )
    return out


CASES = _cases()


def _body(op: Operation, media_type: str, name: str, keyword: str, value) -> dict:
    schema = op.body_schemas[media_type]
    body = {n: _valid(op, n, schema["properties"][n]) for n in schema.get("required", [])}
    if keyword == "required":
        del body[name]
    else:
        body[name] = value
    return body


@pytest.fixture(scope="module")
def sim_pair():
    with Simulator(balance="100000") as lenient, Simulator(balance="100000", strict=True) as strict:
        yield lenient, strict


def _post(sim: Simulator, op: Operation, media_type: str, body: dict, png: bytes) -> httpx.Response:
    headers = {"X-Dezgo-Key": sim.api_key}
    if media_type == "application/json":
        wire = {k: (base64.b64encode(png).decode() if v == IMAGE_PLACEHOLDER else v) for k, v in body.items()}
        return httpx.post(sim.url + op.path, json=wire, headers=headers, timeout=60)
    fields = {k: str(v) for k, v in body.items() if v != IMAGE_PLACEHOLDER}
    if media_type == "application/x-www-form-urlencoded":
        headers["Content-Type"] = media_type  # an empty form is still a form
        return httpx.post(sim.url + op.path, content=urlencode(fields), headers=headers, timeout=60)
    files = {k: (f"{k}.png", png, "image/png") for k, v in body.items() if v == IMAGE_PLACEHOLDER}
    return httpx.post(
        sim.url + op.path, data=fields, files=files or {"": ("", b"")}, headers=headers, timeout=60
    )


@pytest.mark.parametrize(("op", "media_type", "name", "keyword", "value"), CASES)
def test_facade_and_simulator_judge_each_constraint_by_its_evidence(
    op, media_type, name, keyword, value, sim_pair, png
):
    level = _level(op.body_schemas[media_type]["properties"][name], keyword)
    body = _body(op, media_type, name, keyword, value)
    lenient, strict = sim_pair
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        refused = body_problems(op, media_type, body)
    answer = _post(lenient, op, media_type, body, png)
    if _firm(level):
        # (A value of the wrong type may break the field's enum as well: both are reported then.)
        assert {p.field for p in refused} == {name}
        assert keyword in {p.keyword for p in refused}
        assert {p.keyword for p in refused} <= {keyword, "enum"}
        found = next(p for p in refused if p.keyword == keyword)
        assert found.evidence.level == (None if level == "the service's" else level)
        assert not caught
        assert answer.status_code == 422, answer.text
        assert {tuple(d["loc"]) for d in answer.json()["detail"]} == {("body", name)}
    else:
        # (A value of the wrong type may break a weak enum as well: both are warnings then.)
        assert refused == []
        warned = {(w.message.field, w.message.keyword): w.message for w in caught}
        assert (name, keyword) in warned
        assert {field for field, _ in warned} == {name}
        assert f"({level}" in str(warned[name, keyword])
        # Served: an unknown (empty) model id is the catalogue's refusal (400), not the schema's.
        assert answer.status_code in ((400,) if name == "model" else (200,)), answer.text
        strictly = body_problems(op, media_type, body, strict=True)
        assert (name, keyword) in {(p.field, p.keyword) for p in strictly}
        assert _post(strict, op, media_type, body, png).status_code == 422


def test_every_operation_with_a_body_has_cases():
    assert {c.values[0].name for c in CASES} == {
        op.name for op in pinned_operations() if op.request_media_types
    }


@pytest.mark.reconstruction
def test_both_kinds_of_constraint_are_in_the_spec():
    levels = {_level(op.body_schemas[m]["properties"][n], k) for op, m, n, k, _ in (c.values for c in CASES)}
    assert levels >= {"S", "H", "M", "L", "G"}


@pytest.mark.reconstruction
def test_the_enforced_schema_keeps_firm_constraints_and_drops_weak_ones():
    op = next(o for o in pinned_operations() if o.name == "text2image_sdxl_lightning")
    schema = op.body_schemas["application/json"]
    enforced = enforced_schema(schema)
    width = enforced["properties"]["width"]
    assert ("minimum" in width, "maximum" in width, "multipleOf" in width) == (False, False, True)  # G, G, M
    assert "enum" not in enforced["properties"]["sampler"]  # L
    assert enforced["properties"]["prompt"]["maxLength"] == 1000  # M
    assert "minLength" not in enforced["properties"]["prompt"]  # G
    assert enforced_schema(schema, strict=True) is schema
    assert schema["properties"]["width"]["maximum"] == 1536, "the pinned spec itself is not changed"
    flux_pro = next(o for o in pinned_operations() if o.name == "text2image_flux_2_pro")
    assert "required" not in enforced_schema(flux_pro.body_schemas["application/json"])  # prompt: required L


def test_a_spec_without_evidence_is_enforced_whole():
    schema = {
        "type": "object",
        "properties": {"width": {"type": "integer", "maximum": 10}},
        "required": ["width"],
    }
    assert enforced_schema(schema) == schema


@pytest.mark.reconstruction
def test_the_facade_warns_once_sends_and_strict_refuses(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.warns(WeakEvidenceWarning) as caught:
            image = client.text2image_sdxl_lightning(prompt="x", width=1544, height=1024)
        assert image.width == 1544, "sent as asked, and served"
        assert len(caught) == 1
        warning = caught[0].message
        assert (warning.operation, warning.field, warning.keyword, warning.evidence.level) == (
            "text2image_sdxl_lightning",
            "width",
            "maximum",
            "G",
        )
        assert "512-1536 is an inference [G]" in str(warning), "the evidence note is quoted"
        assert "strict=True" in str(warning)
        assert caught[0].filename == __file__, "the warning points at the caller's line"
        with warnings.catch_warnings(record=True) as again:
            warnings.simplefilter("always")
            client.text2image_sdxl_lightning(prompt="x", width=1552, height=1024)
        assert again == [], "once per (operation, field, constraint)"
    with Dezgo(api_key=sim.api_key, base_url=sim.url, strict=True) as strict:
        with pytest.raises(InvalidRequestError, match="less than or equal to 1536") as refused:
            strict.text2image_sdxl_lightning(prompt="x", width=1544, height=1024)
        assert refused.value.field == "width"
    assert len(sim.charges) == 2


@pytest.mark.reconstruction
def test_warnings_can_be_made_errors_by_the_caller(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, warnings.catch_warnings():
        warnings.simplefilter("error", WeakEvidenceWarning)
        with pytest.raises(WeakEvidenceWarning):
            client.text2image(prompt="x", sampler="dpmpp_sde")
    assert sim.charges == []


def test_values_are_coerced_as_the_service_reads_them_before_the_check(loopback, png, needs_encoding):
    needs_encoding("text2image", "json")  # in a form every value is text anyway

    def handler(request, seen):
        loopback.send(request, 200, png, {"Content-Type": "image/png", "x-dezgo-job-amount-usd": "0.0038"})

    loopback.set(handler)
    with Dezgo(api_key="k" * 12, base_url=loopback.url) as client:
        client.text2image(prompt="x", width="512", height=512.0, guidance=7, refiner="on")  # type: ignore[arg-type]
    import json

    assert json.loads(loopback.seen[-1].body) == {
        "prompt": "x",
        "width": 512,
        "height": 512,
        "guidance": 7,
        "refiner": True,
    }
