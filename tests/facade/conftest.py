"""Facade test helpers: an independent check that captured requests match the pinned spec.

JSON and form requests go through openapi-core. Multipart ones cannot (openapi-core
0.23 does not cast multipart text parts to the schema's types), so their parts are
parsed with the stdlib email parser, text parts cast by the schema's declared type,
binary parts checked for image magic bytes, and the result checked with jsonschema.
None of this uses the SDK's own validation code.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import default
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from dezgo.spec.loading import load_pinned_spec
from dezgo.spec.operations import pinned_operations

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF")


class _Request:
    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.host_url = "https://api.dezgo.com"
        self.path = path
        self.full_url_pattern = self.host_url + path
        self.method = method.lower()
        self.content_type = headers.get("content-type", "")
        self.body = body or None
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(), header=Headers(list(headers.items())), cookie=ImmutableMultiDict()
        )


def _cast(text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text.lower()]
    return text


def _check_multipart(path: str, headers: dict[str, str], body: bytes) -> None:
    op = next(o for o in pinned_operations() if o.path == path)
    schema = op.body_schemas["multipart/form-data"]
    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {headers['content-type']}\r\n\r\n".encode() + body
    )
    data: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        prop = schema["properties"][name]
        if prop.get("format") == "binary":
            assert payload.startswith(IMAGE_MAGIC), f"{name} is not an image"
            assert part.get_filename(), f"{name} is sent as a file part (with a filename)"
            data[name] = "<binary>"
        else:
            data[name] = _cast(payload.decode(), prop)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]


@pytest.fixture(scope="session")
def validate_request():
    """``validate_request(seen)`` raises unless the captured request is valid against the pinned spec."""
    openapi = OpenAPI.from_dict(load_pinned_spec())

    def check(seen) -> None:
        media_type = seen.headers.get("content-type", "").split(";")[0]
        path = seen.path.split("?")[0]
        if media_type == "multipart/form-data":
            _check_multipart(path, seen.headers, seen.body)
        else:
            openapi.validate_request(_Request(seen.method, path, seen.headers, seen.body))

    return check


def billing_headers(amount: str = "0.0038", *, index: int = 2, total: str = "4.9962") -> dict[str, str]:
    return {
        "x-dezgo-job-amount-usd": amount,
        "x-dezgo-balance-credits-usd": "5.00",
        "x-dezgo-balance-debits-usd": "0.0038",
        "x-dezgo-balance-total-usd": total,
        "x-dezgo-balance-index": str(index),
        "x-dezgo-auth-userid": "user-1",
        "x-input-seed": "42",
    }


@pytest.fixture
def headers_for_billing():
    return billing_headers
