"""What a schema means, with its spelling taken out: ``$ref``s followed, ``allOf`` merged, nullability unified.

Two specs can say the same thing many ways (a ``$ref`` or the inline schema,
``nullable: true`` or ``type: [x, "null"]`` or ``oneOf: [{type: "null"}, x]``,
one schema or an ``allOf`` of its parts). The diff compares the *view* built
here, so a rewrite that keeps the meaning reports nothing, and a wrapper such
as ``oneOf: [{type: null}, {$ref: X}]`` is compared as "X, nullable" rather than
as a new union whose properties all disappeared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dezgo._spec.document import resolve_pointer
from dezgo.errors import SpecError

__all__ = ["ANNOTATIONS", "Resolver", "is_null_schema", "types_of", "variants"]

ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "summary",
        "example",
        "examples",
        "externalDocs",
        "$comment",
        "xml",
        "deprecated",
        "$id",
        "$schema",
        "$anchor",
        "$defs",
        "definitions",
    }
)
"""Keywords that never change which values are valid."""

_MIN_KEYS = ("minimum", "minLength", "minItems", "minProperties", "minContains")
_MAX_KEYS = ("maximum", "maxLength", "maxItems", "maxProperties", "maxContains")


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, Mapping) and (
        schema.get("type") == "null" or schema.get("type") == ["null"] or schema.get("const", 0) is None
    )


def types_of(schema: Mapping[str, Any]) -> tuple[frozenset[str] | None, bool]:
    """The declared types without null (None: any type), and whether null is allowed."""
    declared = schema.get("type")
    if isinstance(declared, list):
        types: set[str] | None = {t for t in declared if isinstance(t, str)}
    elif isinstance(declared, str):
        types = {declared}
    else:
        types = None
    nullable = schema.get("nullable") is True or (types is not None and "null" in types)
    enum = schema.get("enum")
    if isinstance(enum, list) and None in enum:
        nullable = True
    if "const" in schema and schema["const"] is None:
        nullable = True
    if schema.get("x-dezgo-null-variant"):
        nullable = True
    if types is not None:
        types.discard("null")
        if not types and declared is not None:
            return frozenset(), nullable
    return (frozenset(types) if types is not None else None), nullable


def variants(schema: Mapping[str, Any], key: str) -> list[Any]:
    values = schema.get(key)
    if not isinstance(values, list):
        return []
    return [v for v in values if not is_null_schema(v)]


def _tighter(key: str, a: Any, b: Any) -> Any:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or isinstance(a, bool):
        return a
    return max(a, b) if key in _MIN_KEYS else min(a, b)


_SIBLINGS = "x-dezgo-ref-siblings"
"""Marks the allOf that stands for keywords written beside a ``$ref``."""


class Resolver:
    """Follows ``$ref``s in one document; every ``$ref`` must resolve (SpecError otherwise)."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """The node a ``$ref`` chain ends at, and the last ``$ref`` followed (None when inline)."""
        ref_name = None
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(f"$ref {ref[:200]!r} refers to itself")
            seen.add(ref)
            ref_name = ref
            if not ref.startswith("#"):
                raise SpecError(
                    f"$ref {ref[:200]!r} points to another document: load specs with "
                    "dezgo.spec.loading.load_document (or diff_locations) so it is resolved"
                )
            target = resolve_pointer(self.doc, ref)
            siblings = {k: v for k, v in node.items() if k != "$ref" and k not in ANNOTATIONS}
            if siblings and isinstance(target, Mapping):
                # OpenAPI 3.1: keywords beside a $ref apply as well as the target's. Merged as an
                # allOf, but not one the author wrote: ``$ref`` + ``default`` means the inline schema.
                return {"allOf": [target, siblings], _SIBLINGS: True}, ref_name
            node = target
        return node, ref_name

    def view(self, schema: Any, _active: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The schema as one mapping: ``allOf`` merged in, a lone non-null union variant unwrapped."""
        node, ref = self.deref(schema)
        if ref is not None:
            if ref in _active:
                return {}  # an allOf that includes itself adds nothing more
            _active = _active | {ref}
        if isinstance(node, bool):
            return {} if node else {"not": {}}
        if not isinstance(node, Mapping):
            return {}
        out = dict(node)
        if out.get("format") == "binary" and out.get("type") == "string":
            # OpenAPI 3.0's ``format: binary`` is 3.1's ``contentMediaType``: raw bytes of any type.
            del out["format"]
            out.setdefault("contentMediaType", "application/octet-stream")
        if ref is not None:
            out["x-dezgo-ref"] = ref  # which component this was, for matching allOf members
        parts = out.pop("allOf", None)
        written = not out.pop(_SIBLINGS, False)
        if isinstance(parts, list) and parts:
            if written:
                out["x-dezgo-all-of"] = parts
            for part in parts:
                self._merge(out, self.view(part, _active))
        for key in ("oneOf", "anyOf"):
            options = out.get(key)
            if not isinstance(options, list):
                continue
            real = [o for o in options if not is_null_schema(o)]
            if len(real) < len(options):
                out["x-dezgo-null-variant"] = True
            if len(real) == 1:
                del out[key]
                self._merge(out, self.view(real[0], _active))
            elif not real:
                del out[key]
        return out

    @staticmethod
    def _merge(into: dict[str, Any], part: Mapping[str, Any]) -> None:
        for key, value in part.items():
            if key not in into:
                into[key] = value
            elif key == "properties" and isinstance(value, Mapping) and isinstance(into[key], Mapping):
                merged = dict(into[key])
                for name, prop in value.items():
                    merged[name] = {"allOf": [merged[name], prop]} if name in merged else prop
                into[key] = merged
            elif key == "required" and isinstance(value, list) and isinstance(into[key], list):
                into[key] = [*into[key], *(r for r in value if r not in into[key])]
            elif key in _MIN_KEYS or key in _MAX_KEYS:
                into[key] = _tighter(key, into[key], value)
            elif key == "enum" and isinstance(value, list) and isinstance(into[key], list):
                into[key] = [v for v in into[key] if v in value]
            elif key == "type":
                a, _ = types_of(into)
                b, _ = types_of(part)
                if a is not None and b is not None:
                    both = (a & b) | ({"integer"} if "integer" in a | b and "number" in a | b else set())
                    into[key] = sorted(both & (a | b))
