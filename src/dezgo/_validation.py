"""Checking arguments against the spec's schemas: shared by the facade and the simulator.

The facade refuses bad arguments before any request (nothing is charged); the
simulator answers the same problems with FastAPI's 422. Both describe a problem
the same way: where (``loc``), what (``message``) and pydantic's error ``kind``.
jsonschema is imported on first use, so ``import dezgo`` stays cheap.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["IMAGE_PLACEHOLDER", "Problem", "coerce_text", "schema_problems", "sniff_image"]

IMAGE_PLACEHOLDER = "<image>"
TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
FALSE = frozenset({"false", "0", "no", "off", "f", "n"})


@attrs.frozen
class Problem:
    """One reason a value does not fit its schema."""

    loc: tuple[str | int, ...]
    message: str
    kind: str

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc) or "(body)"


def sniff_image(data: bytes | bytearray | memoryview) -> str | None:
    """``png``, ``jpeg`` or ``webp`` from the magic bytes; None for anything else."""
    head = bytes(data[:16])
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def coerce_text(value: str, kind: str | None) -> Any:
    """A form/multipart text value in the schema's type, leniently like pydantic."""
    text = value.strip()
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return value
            return int(number) if number.is_integer() else value
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return value
        return number if number == number and abs(number) != float("inf") else value
    if kind == "boolean":
        lowered = text.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
    return value


@functools.lru_cache(maxsize=256)
def _validator(schema_json: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_json))


_TYPES = {
    "integer": ("int_parsing", "should be an integer"),
    "number": ("float_parsing", "should be a number"),
    "boolean": ("bool_parsing", "should be a boolean"),
    "string": ("string_type", "should be a string"),
    "object": ("model_attributes_type", "should be an object"),
    "array": ("list_type", "should be a list"),
}


def _describe(err: ValidationError) -> Problem:
    loc: tuple[str | int, ...] = tuple(err.absolute_path)
    rule, limit = str(err.validator), err.validator_value
    if rule == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        return Problem((*loc, missing), "is required", "missing")
    if rule == "type":
        expected = limit if isinstance(limit, str) else "string"
        kind, message = _TYPES.get(expected, ("type_error", f"should be of type {expected}"))
        return Problem(loc, f"{message}, got {err.instance!r}", kind)
    simple = {
        "minimum": ("greater_than_equal", f"should be greater than or equal to {limit}"),
        "maximum": ("less_than_equal", f"should be less than or equal to {limit}"),
        "exclusiveMinimum": ("greater_than", f"should be greater than {limit}"),
        "exclusiveMaximum": ("less_than", f"should be less than {limit}"),
        "maxLength": ("string_too_long", f"should have at most {limit} characters"),
        "minLength": ("string_too_short", f"should have at least {limit} characters"),
        "multipleOf": ("multiple_of", f"should be a multiple of {limit}"),
        "pattern": ("string_pattern_mismatch", f"should match the pattern {limit!r}"),
    }
    if rule in simple:
        kind, message = simple[rule]
        return Problem(loc, f"{message}, got {err.instance!r}", kind)
    if rule == "enum" and isinstance(limit, list):
        return Problem(
            loc, f"should be one of {', '.join(repr(v) for v in limit)}, got {err.instance!r}", "enum"
        )
    return Problem(loc, str(err.message), "value_error")


_BY_IDENTITY: dict[int, tuple[Mapping[str, Any], Draft202012Validator]] = {}


def schema_problems(schema: Mapping[str, Any], data: Any) -> list[Problem]:
    """Every way ``data`` breaks ``schema`` (a resolved JSON schema), in field order."""
    # The spec's schemas live as long as the process: find their validator by identity, without
    # serialising the schema on every call (keeping a reference so the id is never reused).
    cached = _BY_IDENTITY.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, _validator(json.dumps(schema, sort_keys=True)))
        _BY_IDENTITY[id(schema)] = cached
    validator = cached[1]
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [_describe(e) for e in errors]
