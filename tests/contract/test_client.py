"""Client side: whatever the facade sends, for any arguments the spec allows, the spec accepts.

Arguments come from hypothesis strategies built from each parameter's own schema in
the pinned spec (enums, ranges, multipleOf, lengths). Requests are captured by an
httpx MockTransport and checked by the independent validator in tests/conftest.py
(openapi-core for JSON and form bodies; parsed parts + jsonschema for multipart).
Both directions are checked: a value the spec rejects is refused locally with
InvalidRequestError and nothing reaches the transport.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from dezgo import Dezgo, InvalidRequestError
from dezgo._arguments import preferred_media_type
from dezgo._evidence import evidence_of
from dezgo._spec import Operation, Param, pinned_operations

ENCODINGS = {
    "application/json": "json",
    "multipart/form-data": "multipart",
    "application/x-www-form-urlencoded": "form",
}


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (90, 60, 30)).save(buffer, fmt)
    return buffer.getvalue()


IMAGES = [_image("PNG"), _image("JPEG"), _image("WEBP")]
TEXT = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)), max_size=40
)


def valid_values(param: Param) -> st.SearchStrategy[Any]:
    schema = param.value_schema
    if param.is_image:
        return st.sampled_from(IMAGES)
    if param.enum:
        return st.sampled_from(param.enum)
    if param.type == "integer":
        step = int(schema.get("multipleOf", 1))
        low = math.ceil(schema.get("minimum", 0) / step)
        high = math.floor(schema.get("maximum", 100_000) / step)
        return st.integers(low, high).map(lambda k: k * step)
    if param.type == "number":
        return st.floats(
            schema.get("minimum", -1e6),
            schema.get("maximum", 1e6),
            allow_nan=False,
            allow_infinity=False,
            width=32,
        )
    if param.type == "boolean":
        return st.booleans()
    return TEXT.filter(lambda s: len(s) >= schema.get("minLength", 0)).map(
        lambda s: s[: schema.get("maxLength", 1000)]
    )


def arguments(op: Operation) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for param in op.params:
        if param.location == "path":
            fields[param.python_name] = st.just("job-1")
        elif param.required:
            fields[param.python_name] = valid_values(param)
        else:
            fields[param.python_name] = st.none() | valid_values(param)
    return st.fixed_dictionaries(fields)


@attrs.define
class Captured:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def capturing_client(seen: list[Captured]) -> Dezgo:
    def handler(request: httpx.Request) -> httpx.Response:
        body = request.read()
        seen.append(
            Captured(
                request.method, request.url.path, {k.lower(): v for k, v in request.headers.items()}, body
            )
        )
        if request.url.path in ("/info",):
            return httpx.Response(200, json={"models": []})
        if request.url.path == "/account/tx/last":
            return httpx.Response(200, json={"balance": 1})
        if request.url.path.startswith("/unstable/"):
            return httpx.Response(200, json={"status": "done", "final": True})
        return httpx.Response(
            200, content=IMAGES[0], headers={"content-type": "image/png", "x-dezgo-job-amount-usd": "0.0038"}
        )

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Dezgo(api_key="DEZGO-CONTRACT", base_url="https://api.dezgo.com", http_client=http)


CASES = [(op, ENCODINGS[mt]) for op in pinned_operations() for mt in op.request_media_types] + [
    (op, None) for op in pinned_operations() if not op.request_media_types
]


@pytest.mark.parametrize(("op", "encoding"), CASES, ids=[f"{o.name}-{e}" for o, e in CASES])
def test_every_request_the_facade_sends_is_valid(op, encoding, validate_request):
    @given(args=arguments(op))
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(args):
        seen: list[Captured] = []
        kwargs = {k: v for k, v in args.items() if v is not None}
        if encoding:
            kwargs["encoding"] = encoding
        with capturing_client(seen) as client:
            getattr(client, op.name)(**kwargs)
        assert len(seen) == 1
        validate_request(seen[0])

    check()


def _invalid(param: Param) -> list[tuple[str, Any]]:
    """(keyword, value): values that break one keyword of this parameter's schema."""
    schema, out = param.value_schema, []
    if param.enum:
        out.append(("enum", "not-one-of-them"))
    if param.type in ("integer", "number"):
        if "maximum" in schema:
            out.append(("maximum", schema["maximum"] + schema.get("multipleOf", 1)))
        if "minimum" in schema:
            out.append(("minimum", schema["minimum"] - schema.get("multipleOf", 1)))
        if "multipleOf" in schema:
            out.append(("multipleOf", schema.get("minimum", 0) + 1))
        out.append(("type", "seven"))
    if param.type == "integer":
        out.append(("type", 2.5))
    if param.type == "boolean":
        out.append(("type", "yes please"))
    if param.type == "string" and not param.enum:
        if "maxLength" in schema:
            out.append(("maxLength", "x" * (schema["maxLength"] + 1)))
        if schema.get("minLength"):
            out.append(("minLength", ""))
        out.append(("type", 12))
    return out


def _firm(param: Param, keyword: str) -> bool:
    """S, H and M refuse; L and G do not (docs/validation.md); without our evidence (the service's
    own document) every constraint refuses."""
    return evidence_of(param.schema, keyword).level in (None, "S", "H", "M")


NEGATIVE = [
    (op, param, keyword, value)
    for op in pinned_operations()
    if op.request_media_types
    for param in op.body_params
    if not param.is_image
    for keyword, value in _invalid(param)
]


def _case(op: Operation, param: Param, keyword: str, value: Any) -> Any:
    # In a form or multipart body an empty value is no value: FastAPI (the service) reads it as
    # "not set", so an empty string there breaks no minLength. Only a JSON body can carry it.
    if value == "" and preferred_media_type(op) != "application/json":
        return pytest.param(
            op, param, keyword, value, marks=pytest.mark.skip(reason="this operation's body is a form here")
        )
    return (op, param, keyword, value)


@pytest.mark.parametrize(
    ("op", "param", "keyword", "value"),
    [_case(*case) for case in NEGATIVE],
    ids=[f"{o.name}-{p.name}-{k}-{v!r}"[:80] for o, p, k, v in NEGATIVE],
)
def test_a_value_the_spec_rejects_is_refused_before_sending_when_the_evidence_is_firm(
    op, param, keyword, value
):
    kwargs = {
        p.python_name: (IMAGES[0] if p.is_image else next(iter(p.enum)) if p.enum else "x")
        for p in op.params
        if p.required
    }
    kwargs[param.python_name] = value
    seen: list[Captured] = []
    with capturing_client(seen) as client, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if _firm(param, keyword):
            with pytest.raises(InvalidRequestError) as refused:
                getattr(client, op.name)(**kwargs)
            assert refused.value.field == param.name
            assert seen == [], "nothing was sent"
        else:  # a guess: sent, with a warning that names the field
            getattr(client, op.name)(**kwargs)
            assert len(seen) == 1
            assert any(getattr(w.message, "field", None) == param.name for w in caught)
    strict = capturing_client(seen)
    strict.strict = True
    with strict, pytest.raises(InvalidRequestError):
        getattr(strict, op.name)(**kwargs)
    assert len(seen) == (0 if _firm(param, keyword) else 1), "strict mode sends nothing either"


def test_missing_images_and_bad_images_are_refused_before_sending():
    seen: list[Captured] = []
    with capturing_client(seen) as client:
        with pytest.raises(InvalidRequestError, match="init_image"):
            client.image2image(prompt="x", init_image=b"not an image")
        with pytest.raises(TypeError, match="init_image"):
            client.image2image(prompt="x")  # type: ignore[call-arg]
    assert seen == []
