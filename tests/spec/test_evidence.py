"""The pinned spec's evidence lives in ``x-dezgo-evidence``, not in the descriptions users read.

The format (see scripts/reconstruct_spec.py) is relied on by other code, so it is
checked here with a JSON Schema plus the cross-checks a schema cannot express:
``constraints`` names exactly the validation keywords present on that schema
(plus ``required`` when it is required), and an operation's ``media_types``
names exactly its request media types.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import dezgo
from dezgo._evidence import EVIDENCE, LEVELS, VALIDATION_KEYWORDS
from dezgo._spec import load_effective_spec, pinned_operations

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_LEVEL = {"enum": LEVELS}
_COMMON = {
    "confidence": _LEVEL,
    "sources": {"type": "array", "items": {"type": "string", "pattern": r"^(idx [0-9]+|Getting Started)$"}},
    "note": {"type": "string"},
}
FIELD_EVIDENCE = {
    "type": "object",
    "properties": {
        **_COMMON,
        "constraints": {
            "type": "object",
            "propertyNames": {"enum": [*VALIDATION_KEYWORDS, "required"]},
            "additionalProperties": _LEVEL,
        },
    },
    "required": ["confidence", "sources", "note", "constraints"],
    "additionalProperties": False,
}
OPERATION_EVIDENCE = {
    "type": "object",
    "properties": {
        **_COMMON,
        "media_types": {"type": "object", "additionalProperties": _LEVEL},
    },
    "required": ["confidence", "sources", "note", "media_types"],
    "additionalProperties": False,
}
FIELD_VALIDATOR = Draft202012Validator(FIELD_EVIDENCE)
OPERATION_VALIDATOR = Draft202012Validator(OPERATION_EVIDENCE)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _field_problems(where: str, schema: dict[str, Any], evidence: Any, required: bool) -> list[str]:
    if evidence is None:
        return [f"{where}: no {EVIDENCE}"]
    problems = [f"{where}: {e.message}" for e in FIELD_VALIDATOR.iter_errors(evidence)]
    if problems:
        return problems
    expected = {k for k in VALIDATION_KEYWORDS if k in schema} | ({"required"} if required else set())
    if set(evidence["constraints"]) != expected:
        problems.append(
            f"{where}: constraints {sorted(evidence['constraints'])}, keywords {sorted(expected)}"
        )
    return problems


def evidence_problems(doc: dict[str, Any]) -> list[str]:
    """Everything wrong with the ``x-dezgo-evidence`` of ``doc`` (empty when it is well-formed)."""
    problems: list[str] = []
    checked: set[int] = set()  # id() of every evidence object validated at an expected place

    def field(where: str, schema: dict[str, Any], holder: dict[str, Any], required: bool) -> None:
        evidence = holder.get(EVIDENCE)
        problems.extend(_field_problems(where, schema, evidence, required))
        checked.add(id(evidence))

    schemas = doc.get("components", {}).get("schemas", {})
    body_names: set[str] = set()
    for path, item in doc.get("paths", {}).items():
        for parameter in item.get("parameters", []):
            parameter = _resolve(doc, parameter)
            where = f"{path} parameter {parameter.get('name')}"
            field(where, parameter.get("schema", {}), parameter, bool(parameter.get("required")))
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            where = f"{method.upper()} {path}"
            evidence = op.get(EVIDENCE)
            checked.add(id(evidence))
            content = _resolve(doc, op.get("requestBody", {})).get("content", {})
            if evidence is None:
                problems.append(f"{where}: no {EVIDENCE}")
            else:
                problems += [f"{where}: {e.message}" for e in OPERATION_VALIDATOR.iter_errors(evidence)]
                if set(evidence.get("media_types", {})) != set(content):
                    problems.append(
                        f"{where}: media_types {sorted(evidence.get('media_types', {}))}, body {sorted(content)}"
                    )
            for parameter in op.get("parameters", []):
                parameter = _resolve(doc, parameter)
                pwhere = f"{where} parameter {parameter.get('name')}"
                field(pwhere, parameter.get("schema", {}), parameter, bool(parameter.get("required")))
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                body_names.add(ref.rsplit("/", 1)[-1])
            for status, response in op.get("responses", {}).items():
                for name, header in _resolve(doc, response).get("headers", {}).items():
                    header = _resolve(doc, header)
                    hwhere = f"{where} {status} header {name}"
                    field(hwhere, header.get("schema", {}), header, bool(header.get("required")))
    for name in sorted(body_names & set(schemas)):
        body = schemas[name]
        required = set(body.get("required", []))
        for prop_name, prop in body.get("properties", {}).items():
            field(f"{name}.{prop_name}", prop, prop, prop_name in required)
    for name, schema in schemas.items():
        if name not in body_names and EVIDENCE in schema:  # response-body schemas: evidence at schema level
            field(f"components/schemas/{name}", schema, schema, False)

    def stray(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == EVIDENCE and id(value) not in checked:
                    yield f"{where}: {EVIDENCE} in a place nothing reads"
                elif key != EVIDENCE:
                    yield from stray(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from stray(value, f"{where}/{i}")

    problems.extend(stray(doc, "#"))
    return problems


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_effective_spec()


# --- descriptions -----------------------------------------------------------------------------

MARKERS = ("[H", "[M", "[L", "[G", "[S", "idx ", "Evidence")


def _descriptions(node: Any, where: str = "#") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield where, value
            elif key != EVIDENCE:
                yield from _descriptions(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _descriptions(value, f"{where}/{i}")


@pytest.mark.reconstruction
def test_no_description_carries_evidence(spec):
    found = list(_descriptions(spec))
    assert len(found) > 300  # the walk reached properties, headers, responses and components
    bad = [
        (where, text)
        for where, text in found
        if any(m in text for m in MARKERS)
        or "seen" in text.lower()
        or ("evidence" in text.lower() and where != "#/info")  # info's provenance may name it
    ]
    assert not bad, bad[:5]


def test_the_description_check_catches_the_old_style():
    doc = {"paths": {"/x": {"post": {"description": "Makes x. Evidence: JSON H (idx 1)."}}}}
    doc["a"] = {"description": "Sampling method [enum: L, idx 58151168997; values seen in the wild]."}
    texts = [t for _, t in _descriptions(doc)]
    assert all(any(m in t for m in MARKERS) for t in texts)


def test_facade_and_cli_help_show_no_evidence(spec):
    docs = [getattr(dezgo.Dezgo, op.name).__doc__ or "" for op in pinned_operations()]
    assert docs
    assert all(docs)
    for doc in docs:
        assert not any(m in doc for m in MARKERS), doc
    from dezgo.cli import build_parser

    for op in pinned_operations():
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            build_parser().parse_args([op.cli_name, "--help"])  # what `dezgo <command> --help` prints
        help_text = out.getvalue()
        assert "--" in help_text, help_text
        assert not any(m in help_text for m in MARKERS), (op.cli_name, help_text)


def test_generated_code_carries_no_evidence():
    """openapi-python-client ignores x- extensions; this fails if a future version renders them."""
    files = [*sorted((ROOT / "generated").rglob("*.py")), ROOT / "src" / "dezgo" / "_methods.py"]
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert EVIDENCE not in text, path
        assert not re.search(r"idx \d{5,}|\[[HMLGS][:\]]", text), path


# --- the format -------------------------------------------------------------------------------


@pytest.mark.reconstruction
def test_every_field_parameter_header_and_operation_has_well_formed_evidence(spec):
    assert evidence_problems(spec) == []


@pytest.mark.reconstruction
def test_the_evidence_reaches_every_kind_of_place(spec):
    """The validator walks what it finds; this makes sure it found every kind of place."""
    ops = [op for item in spec["paths"].values() for m, op in item.items() if m in METHODS]
    assert len(ops) == 18
    assert all(EVIDENCE in op for op in ops)
    headers = [h for op in ops for r in op["responses"].values() for h in r.get("headers", {}).values()]
    assert len(headers) > 100
    assert all(EVIDENCE in h for h in headers)
    parameters = [p for op in ops for p in op.get("parameters", [])]
    assert [p["name"] for p in parameters] == ["tx_id"]
    assert all(EVIDENCE in p for p in parameters)
    bodies = [s for name, s in spec["components"]["schemas"].items() if name.startswith("Body_")]
    properties = [p for body in bodies for p in body["properties"].values()]
    assert len(properties) > 200
    assert all(EVIDENCE in p for p in properties)


def _mutated(spec: dict[str, Any], edit) -> list[str]:
    doc = copy.deepcopy(spec)
    edit(doc)
    return evidence_problems(doc)


def _prop(doc: dict[str, Any], name: str = "prompt") -> dict[str, Any]:
    return doc["components"]["schemas"]["Body_text2image_text2image_post"]["properties"][name]


def _op(doc: dict[str, Any], path: str = "/text2image", method: str = "post") -> dict[str, Any]:
    return doc["paths"][path][method]


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda d: _prop(d).pop(EVIDENCE), "no x-dezgo-evidence"),
        (lambda d: _prop(d)[EVIDENCE]["constraints"].pop("maxLength"), "constraints"),
        (lambda d: _prop(d)[EVIDENCE]["constraints"].pop("required"), "constraints"),
        (lambda d: _prop(d)[EVIDENCE]["constraints"].update(minimum="M"), "constraints"),
        (lambda d: _prop(d)[EVIDENCE]["constraints"].update(title="M"), "title"),
        (lambda d: _prop(d)[EVIDENCE].update(confidence="X"), "'X' is not one of"),
        (lambda d: _prop(d)[EVIDENCE].update(sources=["somewhere"]), "does not match"),
        (lambda d: _prop(d)[EVIDENCE].pop("note"), "'note' is a required property"),
        (lambda d: _prop(d, "width").update(exclusiveMinimum=0), "constraints"),
        (lambda d: _op(d)[EVIDENCE]["media_types"].pop("multipart/form-data"), "media_types"),
        (lambda d: _op(d)[EVIDENCE].update(constraints={}), "Additional properties"),
        (
            lambda d: _op(d, "/info", "get")[EVIDENCE]["media_types"].update({"application/json": "H"}),
            "media_types",
        ),
        (
            lambda d: _op(d)["responses"]["200"]["headers"]["x-input-seed"][EVIDENCE]["constraints"].pop(
                "pattern"
            ),
            "x-input-seed",
        ),
        (
            lambda d: _op(d)["responses"]["200"]["headers"]["x-dezgo-job-id"].update(required=True),
            "x-dezgo-job-id",
        ),
        (
            lambda d: _op(d, "/unstable/job/{tx_id}", "get")["parameters"][0][EVIDENCE]["constraints"].pop(
                "required"
            ),
            "parameter tx_id",
        ),
        (lambda d: d["servers"][0].update({EVIDENCE: {}}), "a place nothing reads"),
    ],
)
@pytest.mark.reconstruction
def test_the_validator_catches_a_broken_evidence_object(spec, edit, complaint):
    problems = _mutated(spec, edit)
    assert problems, "the validator missed the edit"
    assert any(complaint in p for p in problems), problems


# --- levels pinned from the evidence notes ----------------------------------------------------


def _levels(spec: dict[str, Any], path: str, name: str) -> dict[str, str]:
    op = _op(spec, path)
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    prop = _resolve(spec, {"$ref": ref})["properties"][name]
    return {"confidence": prop[EVIDENCE]["confidence"], **prop[EVIDENCE]["constraints"]}


@pytest.mark.reconstruction
def test_levels_that_the_evidence_notes_fix(spec):
    t2i = "/text2image"
    assert _levels(spec, t2i, "sampler")["enum"] == "L"  # one schema lists the values
    for name in ("width", "height"):
        levels = _levels(spec, "/text2image_sdxl_lightning", name)
        assert (levels["minimum"], levels["maximum"]) == ("G", "G")  # nobody states an SDXL range
        levels = _levels(spec, t2i, name)
        assert (levels["minimum"], levels["maximum"], levels["multipleOf"]) == ("M", "M", "M")
    prompt = _levels(spec, t2i, "prompt")
    assert (prompt["required"], prompt["maxLength"]) == ("H", "M")
    steps, guidance, seed = (_levels(spec, t2i, n) for n in ("steps", "guidance", "seed"))
    assert {steps["minimum"], steps["maximum"], guidance["minimum"], guidance["maximum"]} == {"M"}
    assert (seed["minimum"], seed["maximum"]) == ("M", "M")
    fmt = _levels(spec, t2i, "format")
    assert (fmt["confidence"], fmt["enum"], fmt["default"]) == ("H", "L", "S")  # png/jpg H, webp L; PNG [S]
    assert _levels(spec, t2i, "lora1_strength")["default"] == "G"


@pytest.mark.reconstruction
def test_no_default_model_is_claimed_known(spec):
    for path, item in spec["paths"].items():
        op = item.get("post")
        if not op:
            continue
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        model = _resolve(spec, {"$ref": ref})["properties"].get("model")
        if model and "default" in model:
            assert model[EVIDENCE]["constraints"]["default"] == "G", path


@pytest.mark.reconstruction
def test_getting_started_levels(spec):
    """What the official page states is S wherever it appears."""
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert set(op[EVIDENCE]["media_types"].values()) <= {"S"}, (method, path)  # body formats, §4.3
            if method != "post":
                continue
            headers = op["responses"]["200"]["headers"]
            for name in ("x-dezgo-job-amount-usd", "x-dezgo-balance-total-usd", "x-dezgo-auth-userid"):
                assert headers[name][EVIDENCE]["confidence"] == "S", (path, name)
                assert headers[name][EVIDENCE]["constraints"]["required"] == "S", (path, name)
            assert headers["x-dezgo-balance-index"][EVIDENCE]["constraints"]["pattern"] == "L"
            assert headers["x-dezgo-job-id"][EVIDENCE]["confidence"] == "L"
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            for prop in _resolve(spec, {"$ref": ref})["properties"].values():
                if prop.get("format") == "byte":  # base64 images in JSON, §4.3
                    assert prop[EVIDENCE]["constraints"]["format"] == "S", path
    assert _op(spec, "/account/tx/last", "get")[EVIDENCE]["confidence"] == "S"


@pytest.mark.reconstruction
def test_no_field_is_surer_than_its_operation(spec):
    rank = LEVELS.index
    for path, item in spec["paths"].items():
        op = item.get("post")
        if not op:
            continue
        for media in op["requestBody"]["content"].values():
            for name, prop in _resolve(spec, media["schema"])["properties"].items():
                assert rank(prop[EVIDENCE]["confidence"]) >= rank(op[EVIDENCE]["confidence"]), (path, name)
                for key, level in prop[EVIDENCE]["constraints"].items():
                    if level != "S":  # Getting Started speaks for the whole API
                        assert rank(level) >= rank(prop[EVIDENCE]["confidence"]), (path, name, key)
