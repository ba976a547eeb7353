"""How sure the pinned spec is of each constraint: the one reading of its ``x-dezgo-evidence``.

The pinned spec is a reconstruction; every property records, per validation
keyword, the evidence behind it: S (the official Getting Started page), H (4+
independent sources), M (2-3), L (one source) or G (an inference). Acceptance
follows evidence: a constraint at S, H or M is enforced (the facade refuses
the call before any money is spent, the simulator answers 422), one at L or G
is only a warning, because refusing a paying user's call on a guess is worse
than letting the service judge it. ``strict`` enforces everything.

The facade, the simulator, ``dezgo batch`` and the contract tests all ask
this module, so a value the facade only warns about is never refused by the
simulator. A spec without the extension (the service's own document, once
``make spec`` fetches it) is taken at its word: every constraint is enforced.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "EVIDENCE",
    "FIRM",
    "LEVELS",
    "VALIDATION_KEYWORDS",
    "Evidence",
    "enforced_request_bodies",
    "enforced_schema",
    "evidence_at",
    "evidence_of",
]

EVIDENCE = "x-dezgo-evidence"
LEVELS = ("S", "H", "M", "L", "G")
"""Strongest first."""
VALIDATION_KEYWORDS = (
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "default",
)
"""The keywords whose evidence a property records (plus ``required``)."""
FIRM = frozenset({"S", "H", "M"})
"""The levels that refuse: the official page, or two or more independent sources."""
KEPT = frozenset({"required", "default", "format"})
"""Keywords an enforced schema keeps whatever their level: ``required`` is judged per property,
``default`` constrains nothing, and ``format`` (``binary``, ``byte``) says how a value is
encoded (a file part, base64 text), which no request can do without."""


@attrs.frozen
class Evidence:
    """The evidence behind one constraint; ``level`` None means the spec records none (its own word)."""

    level: str | None = None
    note: str = ""
    sources: tuple[str, ...] = ()

    @property
    def firm(self) -> bool:
        return self.level is None or self.level in FIRM


def evidence_of(schema: Any, keyword: str) -> Evidence:
    """The evidence behind ``keyword`` of ``schema`` (for ``required``, pass the property's schema).

    A keyword without its own entry has the schema's overall confidence.
    """
    record = schema.get(EVIDENCE) if isinstance(schema, Mapping) else None
    if not isinstance(record, Mapping):
        return Evidence()
    constraints = record.get("constraints")
    level = constraints.get(keyword) if isinstance(constraints, Mapping) else None
    if level is None:
        level = record.get("confidence")
    sources = record.get("sources")
    return Evidence(
        level=level if level in LEVELS else None,
        note=str(record.get("note", "")),
        sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
    )


def evidence_at(root: Any, schema_path: Iterable[str | int], keyword: str) -> Evidence:
    """The evidence for ``keyword`` at ``schema_path`` of ``root``: the nearest schema on the way that has some.

    ``schema_path`` is a jsonschema error's ``absolute_schema_path`` without its last part
    (the keyword), so a constraint inside an ``anyOf`` variant is judged by its property.
    """
    node, holder = root, root if isinstance(root, Mapping) and EVIDENCE in root else None
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and EVIDENCE in node:
            holder = node
    return evidence_of(holder, keyword) if holder is not None else Evidence()


def enforced_schema(schema: Any, *, strict: bool = False) -> Any:
    """``schema`` without the constraints that rest on L or G evidence: what a request must meet.

    The contract tests give this to schemathesis: a request that breaks only a weak
    constraint is not "negative data" the simulator must refuse.
    """
    if strict:
        return schema
    out = copy.deepcopy(schema)
    _relax(out)
    return out


def enforced_request_bodies(document: Mapping[str, Any], *, strict: bool = False) -> dict[str, Any]:
    """A copy of an OpenAPI document whose request-body schemas are enforced ones; the rest unchanged.

    What a request must meet, operation by operation, for the contract tests' generators.
    """
    doc: dict[str, Any] = copy.deepcopy(dict(document))
    schemas = doc.get("components", {}).get("schemas", {})
    for item in doc.get("paths", {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            content = (
                operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            )
            for media in content.values():
                schema = media.get("schema", {})
                ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
                name = ref.rsplit("/", 1)[-1]
                if ref.startswith("#/components/schemas/") and name in schemas:
                    schemas[name] = enforced_schema(schemas[name], strict=strict)
                elif isinstance(schema, dict) and not ref:
                    media["schema"] = enforced_schema(schema, strict=strict)
    return doc


def _relax(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _relax(item)
        return
    if not isinstance(node, dict):
        return
    record = node.get(EVIDENCE)
    if isinstance(record, Mapping):
        for keyword in list(record.get("constraints") or {}):
            weak = keyword in node and not evidence_of(node, keyword).firm
            if weak and keyword not in KEPT:
                del node[keyword]
    properties = node.get("properties")
    if isinstance(properties, dict) and isinstance(node.get("required"), list):
        kept = [name for name in node["required"] if evidence_of(properties.get(name), "required").firm]
        if kept:
            node["required"] = kept
        else:
            del node["required"]
    for key, value in node.items():
        if key != EVIDENCE:
            _relax(value)
