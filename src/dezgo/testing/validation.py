"""Request bodies decoded and judged as the service would: 422 for the schema, 400 for the handler's own checks.

422 (FastAPI's answer to a body that breaks its schema): values are coerced
first the way pydantic's lax mode does, for JSON as well as form bodies
(``"512"`` -> 512, ``"on"`` -> True; ``dezgo._lax``); an empty form value means
"not set", as FastAPI reads forms and real clients send ``seed=''``. Then the
operation's body schema is checked by ``dezgo._validation.assess``, the same
function, with the same reading of the evidence, as the facade: constraints
the evidence supports at S, H or M refuse, L and G ones do not (unless
``strict``), so a value the facade only warns about is served here too.

400 (what a handler refuses after the schema passed; the status clients
handle as "bad parameters", facts §0.2 [H]): a model id that is not in the
catalogue this simulator serves at ``GET /info``, and an image that does not
decode. Both are checked before the balance, so they never cost anything.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Mapping
from typing import Any

from dezgo._spec import Operation
from dezgo._validation import IMAGE_PLACEHOLDER, assess, quote
from dezgo.testing.catalogue import MODEL_IDS

__all__ = ["BadRequest", "Rejected", "check_images", "check_model", "error", "validate_body"]


class Rejected(Exception):
    """A 422: ``detail`` is FastAPI's list of ``{"loc", "msg", "type"}``."""

    def __init__(self, detail: list[dict[str, Any]]) -> None:
        self.detail = detail
        super().__init__(detail)


class BadRequest(Exception):
    """A 400 with ``{"detail": message}``: the handler cannot use a value the schema let through."""


def error(loc: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def validate_body(op: Operation, media_type: str, raw: Any, *, strict: bool = False) -> dict[str, Any]:
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
    images = {p.name for p in op.image_params}
    text_encoded = media_type != "application/json"
    data: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    for name, value in raw.items():
        if name in images and isinstance(value, (bytes, bytearray)):
            files[name] = bytes(value)
            value = IMAGE_PLACEHOLDER
        data[name] = value
    # form=: FastAPI reads an empty form value as "not set" (real clients send seed='').
    result = assess(op.body_schemas[media_type], data, strict=strict, form=text_encoded)
    if result.refusals:
        raise Rejected(
            [
                error(list(p.loc), "Field required" if p.kind == "missing" else f"Input {p.message}", p.kind)
                for p in result.refusals
            ]
        )
    arguments = dict(result.values)
    bad: list[dict[str, Any]] = []
    for name in images & set(arguments):
        if name in files:
            arguments[name] = files[name]
        elif text_encoded:
            bad.append(error([name], "Expected a file upload", "value_error"))
        elif isinstance(arguments[name], str):
            try:
                arguments[name] = base64.b64decode(arguments[name], validate=True)
            except (binascii.Error, ValueError):
                bad.append(error([name], "Invalid base64 image data", "value_error"))
    if bad:
        raise Rejected(bad)
    return arguments


def check_model(op: Operation, arguments: Mapping[str, Any]) -> None:
    """A ``model`` the catalogue does not list is refused, as the service cannot run it."""
    if not any(p.name == "model" for p in op.body_params) or "model" not in arguments:
        return
    model = arguments["model"]
    if not isinstance(model, str) or model not in MODEL_IDS:
        raise BadRequest(f"Unknown model {quote(model)}: GET /info lists the models")


def check_images(op: Operation, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Each image argument decoded (Pillow images by field); BadRequest for one that does not decode.

    The service decodes its inputs with an image library before running the job; what that
    library cannot read is refused. Pillow stands in for it: any format it reads is taken
    (PNG, JPEG and WebP are what clients send; that others fail is only a guess, G).
    """
    from PIL import Image, UnidentifiedImageError

    decoded: dict[str, Any] = {}
    for param in op.image_params:
        data = arguments.get(param.name)
        if not isinstance(data, (bytes, bytearray)):
            continue
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
        ) as exc:
            reason = "not an image" if isinstance(exc, UnidentifiedImageError) else "damaged or truncated"
            raise BadRequest(f"{param.name}: the image cannot be decoded ({reason})") from None
        decoded[param.name] = image
    return decoded
