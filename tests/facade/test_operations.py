"""Every operation, in every encoding it allows, sync and async, sends a request the spec accepts."""

from __future__ import annotations

import asyncio
import inspect
import io
import json
from decimal import Decimal

import pytest
from PIL import Image as PILImage

from dezgo import (
    NOT_GIVEN,
    AsyncDezgo,
    Catalogue,
    Dezgo,
    Image,
    InvalidRequestError,
    JobStatus,
    Transaction,
    Video,
)
from dezgo._spec import NO_DEFAULT, Expect, Operation, pinned_operations

ENCODINGS = {
    "application/json": "json",
    "multipart/form-data": "multipart",
    "application/x-www-form-urlencoded": "form",
}
OPS = pinned_operations()


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _arguments(op: Operation, image: bytes) -> dict:
    """Every parameter: required ones, and a non-default value for most optional ones."""
    out = {}
    for p in op.params:
        if p.is_image:
            out[p.python_name] = image
        elif p.location == "path":
            out[p.python_name] = "job-1"
        elif p.name == "model":
            out[p.python_name] = p.default  # a model of the catalogue (the simulator refuses others)
        elif p.enum:
            out[p.python_name] = p.enum[-1]
        elif p.type == "boolean":
            out[p.python_name] = True
        elif p.type in ("integer", "number"):
            low = p.value_schema.get("minimum", 1)
            step = p.value_schema.get("multipleOf", 1)
            value = (
                low + step * 2
                if "maximum" not in p.value_schema or low + step * 2 <= p.value_schema["maximum"]
                else low
            )
            out[p.python_name] = float(value) if p.type == "number" else int(value)
        else:
            out[p.python_name] = "a lighthouse at dusk"
    return out


def _answer(loopback, image: bytes, extra_headers: dict):
    def handler(request, seen):
        path = seen.path
        if path == "/info":
            body = json.dumps(
                {"models": [{"id": "m1", "name": "M", "family": "sd1", "functions": ["text2image"]}]}
            ).encode()
            loopback.send(request, 200, body, {"Content-Type": "application/json"})
        elif path == "/account/tx/last":
            loopback.send(
                request, 200, b'{"balance": 4.9962, "_id": "t"}', {"Content-Type": "application/json"}
            )
        elif path.startswith("/unstable/job/"):
            loopback.send(
                request, 200, b'{"status": "done", "final": true}', {"Content-Type": "application/json"}
            )
        elif "video" in path:
            loopback.send(
                request,
                200,
                b"\x00\x00\x00\x18ftypisom" + b"\x00" * 20,
                {"Content-Type": "video/mp4", **extra_headers},
            )
        else:
            loopback.send(request, 200, image, {"Content-Type": "image/png", **extra_headers})

    return handler


CASES = [(op, ENCODINGS[mt]) for op in OPS for mt in op.request_media_types] + [
    (op, None) for op in OPS if not op.request_media_types
]


def _expected_type(op: Operation) -> type:
    if op.name == "info":
        return Catalogue
    if op.name == "account_tx_last":
        return Transaction
    if op.name == "unstable_job":
        return JobStatus
    return Video if op.expects is Expect.VIDEO else Image


def _check(op, encoding, result, loopback, validate_request, key):
    seen = loopback.seen[-1]
    assert seen.headers["x-dezgo-key"] == key
    if encoding is not None:
        media_type = {v: k for k, v in ENCODINGS.items()}[encoding]
        assert seen.headers["content-type"].startswith(media_type)
    validate_request(seen)
    assert isinstance(result, _expected_type(op))
    if op.paid:
        assert result.charge.amount_usd == Decimal("0.0038")


def test_arguments_not_passed_are_not_sent(loopback, headers_for_billing):
    # The service applies its own defaults; sending the pinned spec's copy of them would override
    # the service wherever the reconstruction guessed a default wrong.
    loopback.set(_answer(loopback, _png(), headers_for_billing()))
    op = next(o for o in OPS if o.name == "text2image")
    with Dezgo(api_key="k" * 12, base_url=loopback.url) as client:
        for media_type in op.request_media_types:
            client.text2image(prompt="x", encoding=ENCODINGS[media_type])
        client.text2image(prompt="x", seed=None)  # None: not sent (the schema does not allow null)
    if not op.param("seed").allows_null:
        assert [seen.fields() for seen in loopback.seen] == [{"prompt": "x"}] * len(loopback.seen)
    else:  # pydantic's X | None: null is a value the caller may send
        assert [seen.fields() for seen in loopback.seen[:-1]] == [{"prompt": "x"}] * (len(loopback.seen) - 1)


def _as_sent(value, media_type: str):
    """A value as it travels: itself in JSON, its text (as the generated encoder writes it) elsewhere."""
    if media_type == "application/json":
        return value
    if isinstance(value, bool) and media_type == "application/x-www-form-urlencoded":
        return str(value).lower()  # httpx writes booleans in forms as true/false
    return str(value)


DEFAULTED = [(op, p) for op in OPS for p in op.body_params if p.default is not NO_DEFAULT and not p.is_image]


@pytest.mark.parametrize(("op", "param"), DEFAULTED, ids=[f"{o.name}.{p.name}" for o, p in DEFAULTED])
def test_an_argument_passed_with_the_spec_default_is_sent(op, param, loopback, headers_for_billing):
    # A caller who asks for a value gets it on the wire, whatever the (reconstructed) default says.
    image = _png()
    loopback.set(_answer(loopback, image, headers_for_billing()))
    arguments = {
        p.python_name: v for p in op.params if p.required for v in [_arguments(op, image)[p.python_name]]
    }
    arguments[param.python_name] = param.default
    with Dezgo(api_key="k" * 12, base_url=loopback.url) as client:
        getattr(client, op.name)(**arguments)
    seen = loopback.seen[-1]
    body = seen.fields()
    if param.default == "" and seen.media_type != "application/json":
        # In a form or a multipart body FastAPI reads an empty value as "not set": the default.
        assert param.name not in body
        return
    assert param.name in body
    assert body[param.name] == _as_sent(param.default, seen.media_type)
    assert type(body[param.name]) is type(_as_sent(param.default, seen.media_type))


@pytest.mark.parametrize(("op", "encoding"), CASES, ids=[f"{o.name}-{e}" for o, e in CASES])
def test_sync_call_sends_a_valid_request(op, encoding, loopback, validate_request, headers_for_billing):
    image = _png()
    loopback.set(_answer(loopback, image, headers_for_billing()))
    with Dezgo(api_key="DEZGO-TESTKEY-0001", base_url=loopback.url) as client:
        kwargs = _arguments(op, image)
        if encoding:
            kwargs["encoding"] = encoding
        result = getattr(client, op.name)(**kwargs)
    _check(op, encoding, result, loopback, validate_request, "DEZGO-TESTKEY-0001")


@pytest.mark.parametrize(("op", "encoding"), CASES, ids=[f"{o.name}-{e}" for o, e in CASES])
def test_async_call_sends_a_valid_request(op, encoding, loopback, validate_request, headers_for_billing):
    image = _png()
    loopback.set(_answer(loopback, image, headers_for_billing()))

    async def run():
        async with AsyncDezgo(api_key="DEZGO-TESTKEY-0002", base_url=loopback.url) as client:
            kwargs = _arguments(op, image)
            if encoding:
                kwargs["encoding"] = encoding
            return await getattr(client, op.name)(**kwargs)

    result = asyncio.run(run())
    _check(op, encoding, result, loopback, validate_request, "DEZGO-TESTKEY-0002")


def test_the_facade_has_every_operation_of_the_spec():
    for op in OPS:
        sync, coro = getattr(Dezgo, op.name, None), getattr(AsyncDezgo, op.name, None)
        assert callable(sync), f"Dezgo lacks {op.name}"
        assert inspect.iscoroutinefunction(coro), f"AsyncDezgo lacks {op.name}"
        signature = inspect.signature(sync)
        names = {p.python_name for p in op.params}
        assert names <= set(signature.parameters), op.name
        for param in op.params:
            declared = signature.parameters[param.python_name]
            assert declared.kind is inspect.Parameter.KEYWORD_ONLY
            if param.required:
                assert declared.default is inspect.Parameter.empty
            else:  # not passed = not sent; the spec's default is documented, not sent
                assert declared.default is NOT_GIVEN
                if param.default is not NO_DEFAULT:
                    assert repr(param.default) in (sync.__doc__ or ""), (op.name, param.name)
        assert (op.summary or op.name).split()[0] in (sync.__doc__ or "")


def test_methods_only_offer_the_encodings_the_spec_allows(loopback):
    with (
        Dezgo(api_key="k" * 12, base_url=loopback.url) as client,
        pytest.raises(InvalidRequestError, match="encoding"),
    ):
        client.upscale(image=_png(), encoding="form")
    assert loopback.seen == []


@pytest.mark.parametrize("op", [o for o in OPS if o.request_media_types], ids=lambda o: o.name)
def test_the_default_encoding_is_the_operations_own_and_can_be_changed_per_client(
    op, loopback, headers_for_billing
):
    """JSON where the operation takes it (the service recommends it), else multipart, else form;
    a client's own choice wins where the operation takes it."""
    image = _png()
    loopback.set(_answer(loopback, image, headers_for_billing()))
    kwargs = _arguments(op, image)
    with Dezgo(api_key="k" * 12, base_url=loopback.url) as client:
        getattr(client, op.name)(**kwargs)
    preferred = next(m for m in ENCODINGS if m in op.request_media_types)
    assert loopback.seen[-1].media_type == preferred
    for media_type in op.request_media_types:
        with Dezgo(api_key="k" * 12, base_url=loopback.url, encoding=ENCODINGS[media_type]) as client:
            getattr(client, op.name)(**kwargs)
        assert loopback.seen[-1].media_type == media_type


@pytest.mark.parametrize(("op", "encoding"), CASES, ids=[f"{o.name}-{e}" for o, e in CASES])
def test_every_operation_and_encoding_against_the_simulator(op, encoding, sim):
    image = _png()
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        kwargs = _arguments(op, image)
        if op.name == "unstable_job":
            return  # needs a ticket: covered by the job-ticket tests
        if encoding:
            kwargs["encoding"] = encoding
        result = getattr(client, op.name)(**kwargs)
    assert isinstance(result, _expected_type(op))
    if op.paid:
        assert result.charge.amount_usd == sim.charges[-1].amount_usd
        assert client.ledger.total_usd == sim.total_billed
