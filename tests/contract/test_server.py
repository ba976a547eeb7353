"""Server side: every operation of the pinned spec, checked by schemathesis against the simulator.

All of schemathesis's checks run (not_a_server_error, status_code_conformance,
content_type_conformance, response_headers_conformance, response_schema_conformance,
negative_data_rejection, positive_data_acceptance, ...), plus two of ours for what it
cannot see in binary bodies: the bytes are the image (or video) the Content-Type
says, and every billing header parses as an exact amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pydantic
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    status_code_conformance,
    unsupported_method,
)

from dezgo._evidence import enforced_request_bodies
from dezgo._spec import load_effective_spec, operations
from dezgo.testing.frontend import GET_WITH_BODY

# Request bodies as enforced: the constraints that rest on L/G evidence are not ones the
# simulator must refuse (see conftest.py); responses are checked against the pinned spec as is.
schema = schemathesis.openapi.from_dict(enforced_request_bodies(load_effective_spec()))

MAGIC = {
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    "video/mp4": lambda b: b[4:8] == b"ftyp",
}
AMOUNT_HEADERS = (
    "x-dezgo-job-amount-usd",
    "x-dezgo-balance-credits-usd",
    "x-dezgo-balance-debits-usd",
    "x-dezgo-balance-total-usd",
)


def _served_media(response) -> str:
    """The media type an answer says it is, without parameters."""
    return response.headers.get("content-type", [""])[0].split(";")[0]


@schemathesis.check
def media_bytes_match_the_content_type(ctx, response, case):
    media = _served_media(response)
    if response.status_code == 200 and media in MAGIC:
        assert MAGIC[media](response.content), f"the body is not {media}"


@schemathesis.check
def billing_headers_are_exact_amounts(ctx, response, case):
    for name in AMOUNT_HEADERS:
        for value in response.headers.get(name, []):
            try:
                amount = Decimal(value)
            except InvalidOperation:
                raise AssertionError(f"{name}: {value!r} is not a decimal amount") from None
            assert amount.is_finite(), f"{name}: {value!r}"
    index = response.headers.get("x-dezgo-balance-index")
    if index:
        assert index[0].isdigit(), index


CHECKS = [media_bytes_match_the_content_type, billing_headers_are_exact_amounts]


TEXT_ENCODED = ("multipart/form-data", "application/x-www-form-urlencoded")


ENFORCED_BODIES = {
    (op.path, media): schema
    for op in operations(enforced_request_bodies(load_effective_spec()))
    for media, schema in op.body_schemas.items()
}
OPERATIONS = {(op.path, op.method.upper()): op for op in operations(load_effective_spec())}
LAX = {
    "integer": pydantic.TypeAdapter(int),
    "number": pydantic.TypeAdapter(float),
    "boolean": pydantic.TypeAdapter(bool),
}


def _type_of(prop: dict) -> str | None:
    """A property's type, also where pydantic v2 writes an optional as ``anyOf [X, null]``."""
    if "type" in prop:
        return prop["type"] if isinstance(prop["type"], str) else None
    types = [option.get("type") for option in prop.get("anyOf", []) if option.get("type") != "null"]
    return types[0] if len(types) == 1 and isinstance(types[0], str) else None


def _valid_in_lax_mode(case) -> bool:
    """pydantic's own verdict: does lax mode (the service's FastAPI) turn this JSON body into a valid one?

    ``false`` for a number is 0.0 there and ``0`` for a boolean is False: schemathesis calls those
    "wrong type" negative data, but the service takes them.
    """
    schema = ENFORCED_BODIES.get((case.operation.path, case.media_type))
    if schema is None or not isinstance(case.body, dict):
        return False
    coerced = {}
    for name, value in case.body.items():
        adapter = None if value is None else LAX.get(_type_of(schema.get("properties", {}).get(name, {})))
        try:
            coerced[name] = adapter.validate_python(value) if adapter is not None else value
        except pydantic.ValidationError:
            return False
    return not list(Draft202012Validator(schema).iter_errors(coerced))


def _empty_required_form_value(case) -> bool:
    if case.media_type not in TEXT_ENCODED or not isinstance(case.body, dict):
        return False
    schema = ENFORCED_BODIES.get((case.operation.path, case.media_type)) or {}
    return any(case.body.get(name) == "" for name in schema.get("required", []))


def call_and_check(case, sim, fit=None, **kwargs):
    if case.media_type in TEXT_ENCODED and isinstance(case.body, dict):
        # A form cannot carry null (schemathesis would write the text "null", examples included):
        # an optional's null is the field left out, which FastAPI reads as its default.
        case.body = {k: v for k, v in case.body.items() if v is not None}
    # Fitted here, after the nulls are gone: a case made negative only by a null is positive once
    # it is left out, and schemathesis then judges it so (the hooks saw it as negative).
    if fit is not None and _positive(case):
        fit(case)
    response = case.call(base_url=sim.url, headers={"X-Dezgo-Key": sim.api_key}, **kwargs)
    # In text-encoded bodies every value is a string, and a pydantic-style server (FastAPI, so the
    # service, and the simulator) reads "0"/"1" as booleans and "7" as a number: schemathesis's
    # "wrong type" negative cases there are valid on the wire. In JSON bodies they are checked,
    # except those that pydantic's lax mode itself makes valid.
    lax = case.media_type in TEXT_ENCODED or _valid_in_lax_mode(case)
    excluded = [negative_data_rejection] if lax else []
    # The service answers GET with a body on these paths (evidence M, dezgo.testing.frontend),
    # so a 200 there is not the "undeclared method" schemathesis would expect a 405 for.
    if case.operation.path in GET_WITH_BODY:
        excluded.append(unsupported_method)
    # A request HTTP itself cannot carry (generated headers such as ``transfer-encoding: =3YO``) is
    # refused by the HTTP server before any application sees it, in its own words and media type.
    if response.status_code == 400 and response.content == b"Invalid HTTP request received.":
        excluded.append(content_type_conformance)
    # The wire decides what the document leaves open: a success the document describes only as
    # FastAPI's placeholder (``application/json: {schema: {}}``, a raw ``Response``) may be the
    # image or video a job answers (media_bytes_match_the_content_type still checks its bytes).
    operation = OPERATIONS.get((case.operation.path, case.operation.method.upper()))
    served = _served_media(response)
    if (
        operation is not None
        and operation.returns_media
        and not operation.media_declared
        and 200 <= response.status_code < 300
        and served.startswith(("image/", "video/"))
    ):
        excluded.append(content_type_conformance)
    # Valid by the schema, refused for what no schema says: an empty form value is a missing one
    # (FastAPI), and a job dearer than the balance is 402, as the service answers.
    if _empty_required_form_value(case) or response.status_code == 402:
        excluded.append(positive_data_acceptance)
    # A request schemathesis sent without the key (its own negative auth cases) gets 401 from any
    # paid route, declared or not: an operation the overlay does not know declares none.
    if response.status_code == 401 and "401" not in case.operation.definition.raw.get("responses", {}):
        excluded.append(status_code_conformance)
    case.validate_response(response, additional_checks=CHECKS, excluded_checks=excluded)
    return response


def _positive(case) -> bool:
    """A case meant to be valid: schemathesis's positive mode, or its examples phase."""
    phase = getattr(getattr(case.meta, "phase", None), "name", None)
    mode = getattr(getattr(case.meta, "generation", None), "mode", None)
    return str(getattr(phase, "value", phase)).lower() == "examples" or (
        str(getattr(mode, "value", mode)).lower() == "positive"
    )


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_simulator_conforms_to_the_spec(case, contract_simulator, fit_positive):
    # Fitted again in call_and_check: the examples and coverage phases build cases without the hooks.
    call_and_check(case, contract_simulator, fit=fit_positive)


# -- the checks can fail: break the simulator from outside and watch them catch it --------------


def _rewriting_response_headers(rewrite):
    """A middleware factory: every response's headers pass through ``rewrite(name, value)``."""

    def middleware(app):
        async def wrapped(scope, receive, send):
            async def rewriting(message):
                if message["type"] == "http.response.start":
                    message["headers"] = [rewrite(k, v) for k, v in message["headers"]]
                await send(message)

            await app(scope, receive, rewriting)

        return wrapped

    return middleware


_rename_header = _rewriting_response_headers(
    lambda k, v: (b"x-dezgo-job-amount" if k == b"x-dezgo-job-amount-usd" else k, v)
)
_wrong_content_type = _rewriting_response_headers(
    lambda k, v: (k, b"text/plain" if k == b"content-type" and v.startswith(b"image/") else v)
)


def _server_error_when_a_prompt_is_sent(app):
    async def wrapped(scope, receive, send):
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        # A field every valid text2image body carries, in any encoding (an optional field may be
        # left out or null in all 40 cases of a document that makes it nullable).
        if re.search(rb'"prompt": ?"|name="prompt"\r\n|(^|&)prompt=', body):
            await send(
                {"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]}
            )
            await send({"type": "http.response.body", "body": b"boom"})
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return {"type": "http.disconnect"}
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await app(scope, replay, send)

    return wrapped


BREAKAGES = {
    "a wrong billing header name": (_rename_header, "x-dezgo-job-amount-usd"),
    "a wrong content type": (_wrong_content_type, "Content-Type"),
    "a 500 when a prompt is sent": (_server_error_when_a_prompt_is_sent, "Server error"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_simulator_fails_the_contract(name):
    from hypothesis import given
    from schemathesis.core.failures import FailureGroup

    from dezgo.testing import Simulator

    middleware, expected = BREAKAGES[name]
    operation = schema["/text2image"]["POST"]
    failures: list[str] = []
    with Simulator(balance="1000", middleware=middleware) as sim:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case):
            try:
                call_and_check(case, sim)
            except FailureGroup as group:
                failures.append(str(group))

        run()
    assert failures, f"the contract did not notice {name}"
    assert any(expected in text for text in failures), failures[0][:500]
