"""Acceptance follows evidence, the same way in the facade, in the simulator and in the contract.

For every constraint of every JSON request body in the pinned spec, a body that breaks that
constraint alone is sent through the facade's check and to the simulator: a constraint the
evidence supports at S, H or M refuses in both (InvalidRequestError / 422 on that field), an
L or G one is a warning in the facade and served by the simulator; strict mode refuses both.
The levels are read here straight from ``x-dezgo-evidence``, not through the SDK.
"""

from __future__ import annotations

import base64
import warnings

import httpx
import pytest

from dezgo import Dezgo, InvalidRequestError, WeakEvidenceWarning
from dezgo._arguments import body_problems
from dezgo._evidence import enforced_schema
from dezgo._spec import NO_DEFAULT, Operation, pinned_operations
from dezgo._validation import IMAGE_PLACEHOLDER
from dezgo.testing import Simulator

FIRM = {"S", "H", "M"}
SKIPPED = {"default", "format"}  # format: not a check jsonschema makes; base64 images have their own tests


def _level(prop: dict, keyword: str) -> str:
    record = prop["x-dezgo-evidence"]
    return record["constraints"].get(keyword, record["confidence"])


def _valid(op: Operation, name: str, prop: dict):
    if op.param(name).is_image:
        return IMAGE_PLACEHOLDER
    if prop.get("enum"):
        return prop["enum"][0]
    if op.param(name).default is not NO_DEFAULT:
        return op.param(name).default
    return "a red kite"


def _breaking(prop: dict, keyword: str):
    """A value that breaks ``keyword`` of ``prop`` and nothing else; None when there is none."""
    step = prop.get("multipleOf", 1)
    if keyword == "type":
        return {"integer": "many", "number": "lots", "boolean": "maybe", "string": 12345}.get(prop["type"])
    if keyword == "minimum":
        return prop["minimum"] - step
    if keyword == "maximum":
        return prop["maximum"] + step
    if keyword == "multipleOf":
        value = prop.get("minimum", 0) + 1
        return value if value <= prop.get("maximum", value) else None
    if keyword == "minLength":
        return "x" * (prop["minLength"] - 1)
    if keyword == "maxLength":
        return "x" * (prop["maxLength"] + 1)
    if keyword == "enum":
        return "not-a-listed-value"
    raise AssertionError(f"no breaking value for {keyword}")


def _cases():
    out = []
    for op in pinned_operations():
        schema = op.body_schemas.get("application/json")
        if schema is None:
            continue
        for name, prop in schema["properties"].items():
            for keyword in prop["x-dezgo-evidence"]["constraints"]:
                if keyword in SKIPPED or (keyword == "required" and name not in schema.get("required", [])):
                    continue
                value = None if keyword == "required" else _breaking(prop, keyword)
                if keyword != "required" and value is None:
                    continue
                out.append(pytest.param(op, name, keyword, value, id=f"{op.name}.{name}.{keyword}"))
    return out


CASES = _cases()


def _body(op: Operation, name: str, keyword: str, value) -> dict:
    schema = op.body_schemas["application/json"]
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


def _post(sim: Simulator, op: Operation, body: dict, png: bytes) -> httpx.Response:
    wire = {k: (base64.b64encode(png).decode() if v == IMAGE_PLACEHOLDER else v) for k, v in body.items()}
    return httpx.post(sim.url + op.path, json=wire, headers={"X-Dezgo-Key": sim.api_key}, timeout=60)


@pytest.mark.parametrize(("op", "name", "keyword", "value"), CASES)
def test_facade_and_simulator_judge_each_constraint_by_its_evidence(op, name, keyword, value, sim_pair, png):
    level = _level(op.body_schemas["application/json"]["properties"][name], keyword)
    body = _body(op, name, keyword, value)
    lenient, strict = sim_pair
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        refused = body_problems(op, "application/json", body)
    answer = _post(lenient, op, body, png)
    if level in FIRM:
        assert [(p.field, p.keyword) for p in refused] == [(name, keyword)]
        assert refused[0].evidence.level == level
        assert not caught
        assert answer.status_code == 422, answer.text
        assert [d["loc"] for d in answer.json()["detail"]] == [["body", name]]
    else:
        # (A value of the wrong type may break a weak enum as well: both are warnings then.)
        assert refused == []
        warned = {(w.message.field, w.message.keyword): w.message for w in caught}
        assert (name, keyword) in warned
        assert {field for field, _ in warned} == {name}
        assert f"({level}" in str(warned[name, keyword])
        # Served: an unknown (empty) model id is the catalogue's refusal (400), not the schema's.
        assert answer.status_code in ((400,) if name == "model" else (200,)), answer.text
        strictly = body_problems(op, "application/json", body, strict=True)
        assert (name, keyword) in {(p.field, p.keyword) for p in strictly}
        assert _post(strict, op, body, png).status_code == 422


def test_both_kinds_of_constraint_are_in_the_spec():
    levels = {
        _level(op.body_schemas["application/json"]["properties"][n], k)
        for op, n, k, _ in (c.values for c in CASES)
    }
    assert levels >= {"S", "H", "M", "L", "G"}


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


def test_warnings_can_be_made_errors_by_the_caller(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, warnings.catch_warnings():
        warnings.simplefilter("error", WeakEvidenceWarning)
        with pytest.raises(WeakEvidenceWarning):
            client.text2image(prompt="x", sampler="dpmpp_sde")
    assert sim.charges == []


def test_values_are_coerced_as_the_service_reads_them_before_the_check(loopback, png):
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
