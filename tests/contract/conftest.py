"""Schemathesis (4.x) set-up for the contract suite, and the help it needs for this API.

Hooks, documented because they change what schemathesis generates:

* Image fields. The spec's JSON image fields are base64 text (``format: byte``) and its
  multipart ones binary parts; schemathesis fills them with random bytes, which the
  service rightly refuses (they are not images). For *positive* cases, ``map_case``
  puts a small real PNG, JPEG or WebP there (base64 for JSON, bytes for multipart).
  Negative cases are left alone, so the service must still reject them.
* Models. The spec's ``model`` is any string; the service (and the simulator) run only the
  models of the catalogue and answer 400 to the rest. For positive cases ``map_case`` puts
  a catalogue id there (the operation's spec default).
* Empty form values. FastAPI (so the service, and the simulator) reads an empty form or
  multipart value as "not set": for positive cases ``map_case`` puts text in an empty
  required text field of such bodies. (A null, which a form cannot carry, is left out by
  ``test_server.call_and_check`` for every case, examples included.)
* Evidence. Request bodies are the spec's with the constraints that rest on L or G evidence
  removed (``dezgo._evidence.enforced_schema``, the same reading the facade and the
  simulator use): a body that breaks only a guess is not negative data the simulator must
  refuse. Response schemas are the pinned spec's, unchanged.
* Binary parts get ``image/*`` strategies too (``schemathesis.openapi.media_type``).
* Auth: the ``X-Dezgo-Key`` header is passed on every call by the tests.
"""

from __future__ import annotations

import base64
import io

import pytest
import schemathesis
from hypothesis import strategies as st
from PIL import Image

from dezgo._evidence import enforced_request_bodies
from dezgo._spec import load_effective_spec, pinned_operations


def _image(fmt: str, size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


IMAGES = [
    _image("PNG", (48, 32), (200, 30, 30)),
    _image("JPEG", (40, 40), (20, 200, 30)),
    _image("WEBP", (32, 48), (30, 30, 200)),
]
IMAGE_FIELDS = {op.path: {p.name for p in op.image_params} for op in pinned_operations()}
REQUIRED_TEXT = {
    (op.path, media): [
        p.name for p in op.body_params if p.name in schema.get("required", []) and p.type == "string"
    ]
    for op in pinned_operations()
    for media, schema in op.body_schemas.items()
}
MODELS = {op.path: op.param("model").default for op in pinned_operations() if "model" in op.body_defaults}


schemathesis.openapi.media_type("image/*", st.sampled_from(IMAGES))
schemathesis.openapi.media_type("application/octet-stream", st.sampled_from(IMAGES))


def _is_positive(case: schemathesis.Case) -> bool:
    generation = getattr(case.meta, "generation", None)
    mode = getattr(generation, "mode", None)
    return str(getattr(mode, "value", mode)).lower() == "positive"


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    return fit_positive_case(case) if _is_positive(case) else case


def fit_positive_case(case: schemathesis.Case) -> schemathesis.Case:
    """A real image in each image field, a catalogue model, text in empty required form fields.
    Also called by test_server for the examples phase, which schemathesis builds without hooks."""
    fields = IMAGE_FIELDS.get(case.operation.path, set())
    model = MODELS.get(case.operation.path)
    if model is not None and isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = model
    if case.media_type != "application/json" and isinstance(case.body, dict):
        for name in REQUIRED_TEXT.get((case.operation.path, case.media_type), ()):
            if case.body.get(name) == "":
                case.body[name] = "a lighthouse"
    if fields and isinstance(case.body, dict):
        for index, name in enumerate(sorted(fields)):
            if name in case.body:
                image = IMAGES[(hash(case.id) + index) % len(IMAGES)]
                case.body[name] = (
                    base64.b64encode(image).decode() if case.media_type == "application/json" else image
                )
    return case


@pytest.fixture(scope="session")
def fit_positive():
    return fit_positive_case


@pytest.fixture(scope="session")
def contract_simulator():
    from dezgo.testing import Simulator

    with Simulator(balance="100000.00") as sim:
        yield sim


@pytest.fixture(scope="session")
def contract_schema(contract_simulator):
    schema = schemathesis.openapi.from_dict(enforced_request_bodies(load_effective_spec()))
    schema.config.update(base_url=contract_simulator.url, headers={"X-Dezgo-Key": contract_simulator.api_key})
    return schema
