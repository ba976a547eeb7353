"""Checking a body against the spec, judged by the evidence: shared by the facade and the simulator.

``assess`` is the one check: values are coerced the way the service's framework
reads them (``dezgo._lax``), the body schema of the pinned spec is applied, and
each problem carries the evidence behind the broken constraint
(``dezgo._evidence``). Problems at S, H or M are refusals (the facade raises
before sending, the simulator answers 422); problems at L or G are warnings
unless ``strict``. Both sides describe a problem the same way: where
(``loc``), what (``message``) and pydantic's error ``kind``. Messages quote
at most a short prefix of a bad value: a 1 MB prompt is not echoed back.
jsonschema is imported on first use, so ``import dezgo`` stays cheap.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._evidence import Evidence, evidence_at, evidence_of
from dezgo._lax import coerce, field_type

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = [
    "IMAGE_PLACEHOLDER",
    "Assessment",
    "Problem",
    "WeakEvidenceWarning",
    "assess",
    "plural",
    "quote",
    "schema_problems",
    "sniff_image",
]

IMAGE_PLACEHOLDER = "<image>"
QUOTE_CHARS = 40
"""How much of a bad value a message shows."""


class WeakEvidenceWarning(UserWarning):
    """A value breaks a constraint that the pinned spec only guesses (evidence L or G); it was sent anyway.

    Emitted once per (operation, field, constraint). ``strict=True`` turns these into
    refusals; ``warnings.filterwarnings("error", category=WeakEvidenceWarning)`` into errors.
    """

    def __init__(
        self, message: str, *, operation: str, field: str, keyword: str, reason: str, evidence: Evidence
    ) -> None:
        self.operation = operation
        self.field = field
        self.keyword = keyword
        self.reason = reason
        """What is wrong with the value, without the operation and field (``should be ...``)."""
        self.evidence = evidence
        super().__init__(message)


@attrs.frozen
class Problem:
    """One reason a value does not fit its schema, with the evidence behind the constraint it breaks."""

    loc: tuple[str | int, ...]
    message: str
    kind: str
    keyword: str = ""
    """The schema keyword broken (``maximum``, ``enum``, ``required``...); empty for other checks."""
    evidence: Evidence = attrs.field(factory=Evidence)

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc) or "(body)"

    @property
    def firm(self) -> bool:
        """The evidence is S, H or M (or the spec records none): the service is expected to refuse too."""
        return self.evidence.firm


@attrs.frozen
class Assessment:
    """A body checked: its values as the service reads them, what refuses it and what only warns."""

    values: dict[str, Any]
    refusals: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def quote(value: Any) -> str:
    """``value`` for a message: short values whole, long ones as a prefix and their length."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{plural(len(value), 'byte')}>"
    if isinstance(value, str) and len(value) > QUOTE_CHARS:
        return f"{value[:QUOTE_CHARS]!r}... ({plural(len(value), 'character')})"
    text = repr(value)
    return text if len(text) <= QUOTE_CHARS + 10 else f"{text[:QUOTE_CHARS]}... ({type(value).__name__})"


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


def _limit_message(rule: str, limit: Any) -> tuple[str, str] | None:
    if isinstance(limit, float) and limit.is_integer() and abs(limit) < 2**53:
        limit = int(limit)  # FastAPI writes Field(le=1024) as 1024.0: say 1024
    simple = {
        "minimum": ("greater_than_equal", f"should be greater than or equal to {limit}"),
        "maximum": ("less_than_equal", f"should be less than or equal to {limit}"),
        "exclusiveMinimum": ("greater_than", f"should be greater than {limit}"),
        "exclusiveMaximum": ("less_than", f"should be less than {limit}"),
        "multipleOf": ("multiple_of", f"should be a multiple of {limit}"),
        "pattern": ("string_pattern_mismatch", f"should match the pattern {limit!r}"),
    }
    if rule in simple:
        return simple[rule]
    if rule in ("maxLength", "minLength") and isinstance(limit, int):
        bound = "at most" if rule == "maxLength" else "at least"
        kind = "string_too_long" if rule == "maxLength" else "string_too_short"
        return kind, f"should have {bound} {plural(limit, 'character')}"
    return None


def _describe(err: ValidationError, root: Mapping[str, Any]) -> Problem:
    loc: tuple[str | int, ...] = tuple(err.absolute_path)
    rule, limit = str(err.validator), err.validator_value
    where = list(err.absolute_schema_path)[:-1]
    if rule == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        properties = err.schema.get("properties", {}) if isinstance(err.schema, Mapping) else {}
        evidence = evidence_of(properties.get(missing), "required")
        return Problem((*loc, missing), "is required", "missing", "required", evidence)
    evidence = evidence_at(root, where, rule)
    got = f", got {quote(err.instance)}"
    if rule == "type":
        expected = limit if isinstance(limit, str) else "string"
        kind, message = _TYPES.get(expected, ("type_error", f"should be of type {expected}"))
        if expected == "integer" and isinstance(err.instance, float):
            kind, message = "int_from_float", "should be a whole number"
        return Problem(loc, message + got, kind, rule, evidence)
    described = _limit_message(rule, limit)
    if described is not None:
        return Problem(loc, described[1] + got, described[0], rule, evidence)
    if rule == "enum" and isinstance(limit, list):
        listed = ", ".join(repr(v) for v in limit)
        return Problem(loc, f"should be one of {listed}{got}", "enum", rule, evidence)
    return Problem(loc, str(err.message)[:200], "value_error", rule, evidence)


def _unwrapped(err: ValidationError) -> list[ValidationError]:
    """pydantic's ``X | None`` is ``anyOf [X, null]``: a value that breaks X is reported by X's own
    keyword (``maximum``, ``type``), as the service reports it, not as "not valid under anyOf"."""
    branches = err.validator_value
    if err.validator not in ("anyOf", "oneOf") or not err.context or not isinstance(branches, list):
        return [err]
    values = [i for i, b in enumerate(branches) if not (isinstance(b, Mapping) and b.get("type") == "null")]
    if len(values) != 1:
        return [err]
    inner = [e for e in err.context if list(e.relative_schema_path)[:1] == [values[0]]]
    return [u for e in inner for u in _unwrapped(e)] or [err]


_BY_IDENTITY: dict[int, tuple[Mapping[str, Any], Draft202012Validator]] = {}


def schema_problems(schema: Mapping[str, Any], data: Any) -> list[Problem]:
    """Every way ``data`` breaks ``schema`` (a resolved JSON schema), in field order, with its evidence."""
    # The spec's schemas live as long as the process: find their validator by identity, without
    # serialising the schema on every call (keeping a reference so the id is never reused).
    cached = _BY_IDENTITY.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, _validator(json.dumps(schema, sort_keys=True)))
        _BY_IDENTITY[id(schema)] = cached
    validator = cached[1]
    errors = sorted(
        (inner for e in validator.iter_errors(data) for inner in _unwrapped(e)),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    problems = [_describe(e, schema) for e in errors]
    return problems + _nan_problems(schema, data)


def _nan_problems(schema: Mapping[str, Any], data: Any) -> list[Problem]:
    """NaN passes JSON Schema's bounds (every comparison with it is false) but not pydantic's."""
    if not isinstance(data, Mapping):
        return []
    out = []
    for name, value in data.items():
        prop = schema.get("properties", {}).get(name)
        if not (isinstance(value, float) and math.isnan(value) and isinstance(prop, Mapping)):
            continue
        for rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            described = _limit_message(rule, prop.get(rule))
            if rule in prop and described is not None:
                kind, message = described
                out.append(Problem((name,), f"{message}, got nan", kind, rule, evidence_of(prop, rule)))
    return out


def assess(
    schema: Mapping[str, Any], body: Mapping[str, Any], *, strict: bool = False, form: bool = False
) -> Assessment:
    """Coerce ``body`` as the service would, check it, and split its problems by their evidence.

    ``body`` holds wire names (images as ``IMAGE_PLACEHOLDER``). ``form``: the body is
    form-urlencoded or multipart, where FastAPI reads an empty value as "not set" (so an
    empty required field is missing). With ``strict``, problems at L and G refuse too.
    """
    properties = schema.get("properties", {})
    emptied = {name for name, value in body.items() if form and value == ""}
    values = {
        name: coerce(value, field_type(properties.get(name))) if name in properties else value
        for name, value in body.items()
        if name not in emptied
    }
    problems = [
        attrs.evolve(p, message="is required (an empty value in a form body means 'not set')")
        if p.kind == "missing" and p.loc[-1] in emptied
        else p
        for p in schema_problems(schema, values)
    ]
    refusals = tuple(p for p in problems if strict or p.firm)
    warnings = tuple(p for p in problems if not (strict or p.firm))
    return Assessment(values, refusals, warnings)
