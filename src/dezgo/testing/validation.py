"""Request bodies decoded and validated against the spec, answered like FastAPI would.

Form and multipart values arrive as text; they are coerced to the schema's
types first the way pydantic does (``"30"`` -> 30, ``"True"``/``"1"`` -> True),
and an empty string means "not set", as real clients send ``seed=''``. Then the
operation's body schema from the pinned spec is checked (``dezgo._validation``,
the same checks the facade runs before sending). Image fields must decode to
PNG, JPEG or WebP bytes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from dezgo._spec import Operation
from dezgo._validation import IMAGE_PLACEHOLDER, coerce_text, schema_problems, sniff_image

__all__ = ["Rejected", "error", "validate_body"]


class Rejected(Exception):
    """A 422: ``detail`` is FastAPI's list of ``{"loc", "msg", "type"}``."""

    def __init__(self, detail: list[dict[str, Any]]) -> None:
        self.detail = detail
        super().__init__(detail)


def error(loc: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def validate_body(op: Operation, media_type: str, raw: Any) -> dict[str, Any]:
    """Coerce, validate and decode a body; returns the arguments (images as bytes) or raises Rejected."""
    if not isinstance(raw, Mapping):
        raise Rejected(
            [
                error(
                    [],
                    "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type",
                )
            ]
        )
    params = {p.name: p for p in op.body_params}
    text_encoded = media_type != "application/json"
    data: dict[str, Any] = {}
    for name, value in raw.items():
        param = params.get(name)
        if text_encoded and isinstance(value, str):
            if value == "":
                continue  # real clients send seed='' for "unset"
            value = coerce_text(value, param.type if param else None)
        data[name] = value
    checked = {k: (IMAGE_PLACEHOLDER if isinstance(v, (bytes, bytearray)) else v) for k, v in data.items()}
    problems = schema_problems(op.body_schemas[media_type], checked)
    if problems:
        raise Rejected(
            [
                error(list(p.loc), "Field required" if p.kind == "missing" else f"Input {p.message}", p.kind)
                for p in problems
            ]
        )
    bad: list[dict[str, Any]] = []
    for name, param in params.items():
        if not param.is_image or name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            if text_encoded:
                bad.append(error([name], "Expected a file upload", "value_error"))
                continue
            try:
                value = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                bad.append(error([name], "Invalid base64 image data", "value_error"))
                continue
        if not isinstance(value, (bytes, bytearray)) or sniff_image(value) is None:
            bad.append(error([name], "The image must be a PNG, JPEG or WebP file", "value_error"))
            continue
        data[name] = bytes(value)
    if bad:
        raise Rejected(bad)
    return data
