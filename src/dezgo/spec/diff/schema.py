"""Comparing two schemas keyword by keyword, in the direction the data flows.

A request schema is what the client sends: a change that *narrows* it (a new
constraint, a removed enum value, a new required property) breaks callers. A
response schema is what the client receives: a change that *widens* it (a new
enum value, a bound removed, a property no longer guaranteed) breaks the code
that reads it. Every keyword of JSON Schema 2020-12 and of the OpenAPI 3.0
dialect is judged that way here; ``rules.py`` holds the verdict of each rule.

Schemas are compared as *views* (``view.py``): ``$ref``s followed, ``allOf``
merged, nullability in one form. A pair of referenced schemas is compared once
per direction (memoised by the pair of ``$ref``s), and a pair already being
compared further up the stack (a cycle) ends there.

The result is a list of ``SchemaEvent``s (the rule, pointer tokens, property
names, text), the tokens and names relative to the schema compared; the caller
prefixes them with where the schema sits. The rules this module reports are
defined here, beside the code that finds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from dezgo.errors import SpecError
from dezgo.spec._tree import MAX_DEPTH
from dezgo.spec.diff.model import Direction, Level
from dezgo.spec.diff.registry import Rule, SchemaRules, rule, schema_rules
from dezgo.spec.diff.view import ANNOTATIONS, Resolver, types_of, variants

__all__ = ["SchemaDiff", "SchemaEvent"]

B, W, N = Level.BREAKING, Level.WARNING, Level.INFO
REQ, RESP = Direction.REQUEST, Direction.RESPONSE


@attrs.frozen
class SchemaEvent:
    """One finding inside a schema: the rule, where (pointer tokens and property names), what."""

    rule: Rule
    tokens: tuple[str, ...]
    names: tuple[str, ...]
    text: str


Events = list[SchemaEvent]
Emit = Callable[..., None]
"""emit(schema_rules, text, *tokens): a keyword finding, judged in the direction compared."""

# -- properties -------------------------------------------------------------------------------------------

_NO_NOT_RULE = "oasdiff has no `not` rule."
_MAX_SET = (
    "oasdiff: WARN (it cannot tell whether clients send such values); values once accepted are refused."
)
_DEFAULT = (
    "oasdiff: ERR for parameters, INFO for properties. "
    "This SDK does not send arguments left at the spec's default, so a changed default changes what those callers get: a warning, not a certain break."
)
NEW_REQUIRED_REQUEST_PROPERTY = rule(
    "new-required-request-property", B, REQ, "a new required property (readOnly ones excepted)"
)
NEW_OPTIONAL_REQUEST_PROPERTY = rule(
    "new-optional-request-property", N, REQ, "a new optional (or readOnly) property"
)
REQUEST_PROPERTY_REMOVED = rule(
    "request-property-removed",
    B,
    REQ,
    "a property was removed: SDK calls that pass it fail",
    sdk_only=True,
    note="oasdiff: WARN. The generated model loses the field, so calls passing it raise TypeError.",
)
REQUEST_PROPERTY_BECAME_REQUIRED = rule(
    "request-property-became-required", B, REQ, "an optional property became required"
)
REQUEST_PROPERTY_BECAME_OPTIONAL = rule(
    "request-property-became-optional", N, REQ, "a required property became optional"
)
REQUEST_PROPERTY_BECAME_READ_ONLY = rule(
    "request-property-became-read-only",
    W,
    REQ,
    "a property became readOnly: a value sent for it is ignored",
    note="oasdiff: INFO. Accepted on the wire, but the caller's setting silently stops taking effect.",
)
RESPONSE_PROPERTY_ADDED = rule("response-property-added", N, RESP, "a response property was added")
RESPONSE_REQUIRED_PROPERTY_REMOVED = rule(
    "response-required-property-removed", B, RESP, "a required response property was removed"
)
RESPONSE_OPTIONAL_PROPERTY_REMOVED = rule(
    "response-optional-property-removed", W, RESP, "an optional response property was removed"
)
RESPONSE_PROPERTY_BECAME_OPTIONAL = rule(
    "response-property-became-optional", B, RESP, "a response property may now be missing"
)
RESPONSE_PROPERTY_BECAME_REQUIRED = rule(
    "response-property-became-required", N, RESP, "a response property is now always present"
)
RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY = rule(
    "response-required-property-became-write-only",
    B,
    RESP,
    "a required response property became writeOnly: it is no longer returned",
    note="oasdiff: INFO. The generated model reads required fields with d['x'] and raises KeyError.",
)
RESPONSE_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY = rule(
    "response-optional-property-became-write-only",
    W,
    RESP,
    "an optional response property became writeOnly: it is no longer returned",
    note="oasdiff: INFO. Code reading it now always gets UNSET.",
)

# -- schema keywords (any depth; bodies, properties, parameters, headers) -----------------------------------

TYPE_CHANGED = schema_rules("type-changed", B, B, "a type changed or narrowed")
TYPE_GENERALIZED = schema_rules(
    "type-generalized", N, B, "a type widened (integer -> number, or a type added to a list)"
)
TYPE_SPECIALIZED = schema_rules("type-specialized", None, N, "a type narrowed (number -> integer)")
BECAME_NULLABLE = schema_rules("became-nullable", N, B, "null is now allowed")
BECAME_NOT_NULLABLE = schema_rules("became-not-nullable", B, N, "null is no longer allowed")
FORMAT_ADDED = schema_rules(
    "format-added",
    B,
    N,
    "a format was added (e.g. uuid): fewer values are accepted",
    note="oasdiff has no format rules; a request string that gains format uuid refuses other strings.",
)
FORMAT_REMOVED = schema_rules(
    "format-removed",
    N,
    W,
    "a format was removed",
    note="oasdiff has no format rules; the generated client parses responses by format (date-time -> datetime).",
)
FORMAT_CHANGED = schema_rules("format-changed", W, W, "a format changed", note="oasdiff has no format rules.")
FORMAT_GENERALIZED = schema_rules(
    "format-generalized", N, None, "a format widened (int32 -> int64, float -> double, date -> date-time)"
)
ENUM_VALUE_REMOVED = schema_rules("enum-value-removed", B, N, "an enum value was removed")
ENUM_VALUE_ADDED = schema_rules(
    "enum-value-added",
    N,
    B,
    "an enum value was added",
    note="oasdiff: response WARN. The generated Enum(value) raises ValueError on a value it does not know.",
    sdk_only=True,
)
BECAME_ENUM = schema_rules("became-enum", B, N, "a free value became an enum")
ENUM_REMOVED = schema_rules(
    "enum-removed",
    N,
    B,
    "an enum constraint was removed",
    note="oasdiff has no rule; in a response any value may come back, and the generated Enum type becomes str.",
    sdk_only=True,
)
X_EXTENSIBLE_ENUM_VALUE_REMOVED = schema_rules(
    "x-extensible-enum-value-removed", B, None, "an x-extensible-enum value was removed"
)
CONST_ADDED = schema_rules("const-added", B, N, "a const was added")
CONST_CHANGED = schema_rules("const-changed", B, B, "a const changed")
CONST_REMOVED = schema_rules("const-removed", N, B, "a const was removed")
MAX_SET = schema_rules(
    "max-set",
    B,
    None,
    "a maximum (or maxLength/maxItems/...) was added",
    note=_MAX_SET,
)
MIN_SET = schema_rules(
    "min-set",
    B,
    None,
    "a minimum (or minLength/minItems/...) was added",
    note=_MAX_SET,
)
MAX_DECREASED = schema_rules("max-decreased", B, None, "a maximum (or maxLength/maxItems/...) decreased")
MAX_INCREASED = schema_rules(
    "max-increased", N, B, "a maximum (or maxLength/maxItems/...) increased or was removed"
)
MIN_INCREASED = schema_rules("min-increased", B, None, "a minimum (or minLength/minItems/...) increased")
MIN_DECREASED = schema_rules(
    "min-decreased", N, B, "a minimum (or minLength/minItems/...) decreased or was removed"
)
MULTIPLE_OF_CHANGED = schema_rules(
    "multiple-of-changed", B, None, "multipleOf changed to a value old values are not multiples of"
)
UNIQUE_ITEMS_SET = schema_rules(
    "unique-items-set", B, None, "items must now be unique", note="oasdiff has no uniqueItems rule."
)
PATTERN_ADDED = schema_rules(
    "pattern-added", B, None, "a pattern was added (an empty pattern counts as none)"
)
PATTERN_CHANGED = schema_rules("pattern-changed", W, None, "a pattern changed")
PATTERN_REMOVED = schema_rules(
    "pattern-removed", N, None, "a pattern was removed (or made trivial, such as .*)"
)
DEFAULT_VALUE_CHANGED = schema_rules(
    "default-value-changed",
    W,
    None,
    "a default value changed",
    note=_DEFAULT,
)
DEFAULT_VALUE_REMOVED = schema_rules(
    "default-value-removed",
    W,
    None,
    "a default value was removed",
    note=_DEFAULT,
)
DEFAULT_VALUE_ADDED = schema_rules("default-value-added", N, None, "a default value was added")
ADDITIONAL_PROPERTIES_RESTRICTED = schema_rules(
    "additional-properties-restricted", B, None, "additionalProperties became false"
)
ADDITIONAL_PROPERTIES_OPENED = schema_rules(
    "additional-properties-opened", None, W, "additionalProperties is no longer false"
)
PREFIX_ITEMS_ADDED = schema_rules("prefix-items-added", N, B, "prefixItems gained a position")
PREFIX_ITEMS_REMOVED = schema_rules("prefix-items-removed", B, N, "prefixItems lost a position")
PROPERTY_NAMES_ADDED = schema_rules(
    "property-names-added", B, N, "a `propertyNames` was added: a new constraint"
)
PROPERTY_NAMES_REMOVED = schema_rules(
    "property-names-removed", N, B, "a `propertyNames` was removed: a constraint is gone"
)
IF_ADDED = schema_rules("if-added", B, N, "a `if` was added: a new constraint")
IF_REMOVED = schema_rules("if-removed", N, B, "a `if` was removed: a constraint is gone")
THEN_ADDED = schema_rules("then-added", B, N, "a `then` was added: a new constraint")
THEN_REMOVED = schema_rules("then-removed", N, B, "a `then` was removed: a constraint is gone")
ELSE_ADDED = schema_rules("else-added", B, N, "a `else` was added: a new constraint")
ELSE_REMOVED = schema_rules("else-removed", N, B, "a `else` was removed: a constraint is gone")
CONTAINS_ADDED = schema_rules("contains-added", B, N, "a `contains` was added: a new constraint")
CONTAINS_REMOVED = schema_rules("contains-removed", N, B, "a `contains` was removed: a constraint is gone")
UNEVALUATED_PROPERTIES_ADDED = schema_rules(
    "unevaluated-properties-added", B, N, "a `unevaluatedProperties` was added: a new constraint"
)
UNEVALUATED_PROPERTIES_REMOVED = schema_rules(
    "unevaluated-properties-removed", N, B, "a `unevaluatedProperties` was removed: a constraint is gone"
)
UNEVALUATED_ITEMS_ADDED = schema_rules(
    "unevaluated-items-added", B, N, "a `unevaluatedItems` was added: a new constraint"
)
UNEVALUATED_ITEMS_REMOVED = schema_rules(
    "unevaluated-items-removed", N, B, "a `unevaluatedItems` was removed: a constraint is gone"
)
CONTENT_SCHEMA_ADDED = schema_rules(
    "content-schema-added", B, N, "a `contentSchema` was added: a new constraint"
)
CONTENT_SCHEMA_REMOVED = schema_rules(
    "content-schema-removed", N, B, "a `contentSchema` was removed: a constraint is gone"
)
NOT_ADDED = schema_rules("not-added", B, N, "a `not` was added: a new constraint", note=_NO_NOT_RULE)
NOT_REMOVED = schema_rules(
    "not-removed", N, B, "a `not` was removed: a constraint is gone", note=_NO_NOT_RULE
)
PATTERN_PROPERTY_ADDED = schema_rules(
    "pattern-property-added", B, N, "a `patternProperties entry` was added: a new constraint"
)
PATTERN_PROPERTY_REMOVED = schema_rules(
    "pattern-property-removed", N, B, "a `patternProperties entry` was removed: a constraint is gone"
)
DEPENDENT_SCHEMA_ADDED = schema_rules(
    "dependent-schema-added", B, N, "a `dependentSchemas entry` was added: a new constraint"
)
DEPENDENT_SCHEMA_REMOVED = schema_rules(
    "dependent-schema-removed", N, B, "a `dependentSchemas entry` was removed: a constraint is gone"
)
IF_CHANGED = schema_rules(
    "if-changed", W, W, "an `if` condition changed: other values now get the then/else rules"
)
DEPENDENT_REQUIRED_ADDED = schema_rules(
    "dependent-required-added", B, N, "a dependentRequired entry was added"
)
DEPENDENT_REQUIRED_REMOVED = schema_rules(
    "dependent-required-removed", N, B, "a dependentRequired entry was removed"
)
DEPENDENT_REQUIRED_CHANGED = schema_rules(
    "dependent-required-changed", B, B, "a dependentRequired entry changed"
)
CONTENT_MEDIA_TYPE_CHANGED = schema_rules("content-media-type-changed", B, B, "contentMediaType changed")
CONTENT_ENCODING_CHANGED = schema_rules("content-encoding-changed", B, B, "contentEncoding changed")
ALL_OF_ADDED = schema_rules("all-of-added", B, N, "allOf gained a member with constraints")
ALL_OF_REMOVED = schema_rules("all-of-removed", W, N, "allOf lost a member with constraints")
ONE_OF_ADDED = schema_rules("one-of-added", N, B, "oneOf gained a variant")
ONE_OF_REMOVED = schema_rules(
    "one-of-removed", B, N, "oneOf lost a variant (or a union narrowed to one of its types)"
)
ANY_OF_ADDED = schema_rules(
    "any-of-added",
    N,
    B,
    "anyOf gained a variant",
    note="oasdiff: response INFO (ERR for oneOf). The generated union gains a member the old client cannot parse.",
)
ANY_OF_REMOVED = schema_rules(
    "any-of-removed", B, N, "anyOf lost a variant (or a union narrowed to one of its types)"
)
WRAPPED_IN_ONE_OF = schema_rules(
    "wrapped-in-one-of",
    B,
    B,
    "a schema was wrapped in a oneOf beside a variant of an overlapping type: a value matching both is refused",
)
DISCRIMINATOR_CHANGED = schema_rules("discriminator-changed", N, N, "the discriminator changed")

_BOUNDS = (
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
    ("minContains", "maxContains"),
)
_WIDER_FORMATS = {("int32", "int64"), ("float", "double"), ("date", "date-time")}
_ANNOTATION_FORMATS = frozenset({"password", "textarea"})
_TRIVIAL_PATTERNS = frozenset({"", ".*", "^.*$", "^(.*)$", "[\\s\\S]*", "^[\\s\\S]*$"})


def _canonical(value: Any) -> str:
    if isinstance(value, Mapping):
        value = {k: v for k, v in value.items() if k not in ANNOTATIONS}
    return json.dumps(value, sort_keys=True, default=str)


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _number(value: Any) -> float | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        return float(value)
    except OverflowError:  # an integer beyond any float (JSON allows 1e400 written out)
        return float("inf") if value > 0 else float("-inf")


def _whole(value: float | None) -> int | float | None:
    """A count for messages: 3 rather than 3.0, and inf as it is."""
    return int(value) if value is not None and value.is_integer() else value


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Every type in ``narrow`` is accepted by ``wide`` (integer is a number)."""
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _upper(s: Mapping[str, Any]) -> tuple[float, bool] | None:
    """The effective upper bound (value, exclusive), from 3.0 or 3.1 spellings."""
    bounds: list[tuple[float, bool]] = []
    maximum, exclusive = _number(s.get("maximum")), s.get("exclusiveMaximum")
    if maximum is not None:
        bounds.append((maximum, exclusive is True))
    exclusive_value = _number(exclusive)
    if exclusive_value is not None:
        bounds.append((exclusive_value, True))
    return min(bounds, key=lambda b: (b[0], not b[1])) if bounds else None


def _lower(s: Mapping[str, Any]) -> tuple[float, bool] | None:
    bounds: list[tuple[float, bool]] = []
    minimum, exclusive = _number(s.get("minimum")), s.get("exclusiveMinimum")
    if minimum is not None:
        bounds.append((minimum, exclusive is True))
    exclusive_value = _number(exclusive)
    if exclusive_value is not None:
        bounds.append((exclusive_value, True))
    return max(bounds, key=lambda b: (b[0], b[1])) if bounds else None


def _fmt_bound(bound: tuple[float, bool] | None) -> str:
    if bound is None:
        return "none"
    value = _whole(bound[0])
    return f"{value}{' (exclusive)' if bound[1] else ''}"


# schema-valued keywords, present on one side only = added/removed
_SUBSCHEMAS: tuple[tuple[str, SchemaRules, SchemaRules], ...] = (
    ("propertyNames", PROPERTY_NAMES_ADDED, PROPERTY_NAMES_REMOVED),
    ("if", IF_ADDED, IF_REMOVED),
    ("then", THEN_ADDED, THEN_REMOVED),
    ("else", ELSE_ADDED, ELSE_REMOVED),
    ("contains", CONTAINS_ADDED, CONTAINS_REMOVED),
    ("unevaluatedProperties", UNEVALUATED_PROPERTIES_ADDED, UNEVALUATED_PROPERTIES_REMOVED),
    ("unevaluatedItems", UNEVALUATED_ITEMS_ADDED, UNEVALUATED_ITEMS_REMOVED),
    ("contentSchema", CONTENT_SCHEMA_ADDED, CONTENT_SCHEMA_REMOVED),
    ("not", NOT_ADDED, NOT_REMOVED),
)
_ENTRIES: tuple[tuple[str, SchemaRules, SchemaRules], ...] = (
    ("patternProperties", PATTERN_PROPERTY_ADDED, PATTERN_PROPERTY_REMOVED),
    ("dependentSchemas", DEPENDENT_SCHEMA_ADDED, DEPENDENT_SCHEMA_REMOVED),
)
# (rule when a bound appears, when it tightens, when it loosens) for upper and lower bounds
_UPPER = (MAX_SET, MAX_DECREASED, MAX_INCREASED)
_LOWER = (MIN_SET, MIN_INCREASED, MIN_DECREASED)
_UNIONS = {"oneOf": (ONE_OF_ADDED, ONE_OF_REMOVED), "anyOf": (ANY_OF_ADDED, ANY_OF_REMOVED)}

STRUCTURAL_CYCLES_FROM = 32
"""Below this depth a cycle is found by node identity (cheap); from it on, by node contents."""


class SchemaDiff:
    """Compares schemas of one old and one new document."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> None:
        self.ro, self.rn = Resolver(old_doc), Resolver(new_doc)
        self.memo: dict[tuple[str, str, str], Events] = {}
        self.active: set[tuple[int, int, str]] = set()
        self.refs: dict[int, tuple[Any, bool]] = {}  # id -> (the node, kept alive; whether it holds a $ref)

    def _holds_ref(self, node: Any) -> bool:
        """Whether a ``$ref`` occurs anywhere in ``node`` (memoised per node: each is walked once)."""
        known = self.refs.get(id(node))
        if known is not None:
            return known[1]
        if isinstance(node, Mapping):
            children: Any = node.values()
            found = "$ref" in node
        elif isinstance(node, list):
            children, found = node, False
        else:
            return False
        for child in children:  # a plain loop: no generator frames on the C stack at depth
            if found:
                break
            found = self._holds_ref(child)
        self.refs[id(node)] = (node, found)
        return found

    def compare(self, old: Any, new: Any, direction: str) -> Events:
        """Events for ``old`` -> ``new`` where data flows in ``direction`` (``request``/``response``)."""
        return self._compare(old, new, direction, 0)

    # -- recursion -------------------------------------------------------------------------------------

    def _compare(self, old: Any, new: Any, d: str, depth: int) -> Events:
        if depth > 2 * MAX_DEPTH:
            raise SpecError(f"schemas nested deeper than {2 * MAX_DEPTH} levels: cannot compare them")
        if old == new and not self._holds_ref(old):
            return []  # equal and self-contained: nothing can differ (the common case, checked in C)
        oref = old.get("$ref") if isinstance(old, Mapping) else None
        nref = new.get("$ref") if isinstance(new, Mapping) else None
        memo_key = (oref, nref, d) if isinstance(oref, str) and isinstance(nref, str) else None
        if memo_key is not None and memo_key in self.memo:
            return self.memo[memo_key]
        cycle_key: tuple[Any, Any, str] = (id(old), id(new), d)
        if depth > STRUCTURAL_CYCLES_FROM:
            # Deep down, a recursive schema may be paired with a node made afresh at each level (a
            # missing side read as ``{}``, a merged ``allOf``), so identities never repeat and the
            # cycle would run until the stack gives out: compare the nodes' contents instead. Their
            # ``$ref``s are not expanded, so the text is finite and a cycle shows as a repeat.
            cycle_key = (_canonical(old), _canonical(new), d)
        if cycle_key in self.active:
            return []  # this pair is already being compared further up: a cycle ends here
        self.active.add(cycle_key)
        try:
            events = self._schema(self.ro.view(old), self.rn.view(new), d, depth)
        finally:
            self.active.discard(cycle_key)
        if memo_key is not None:
            self.memo[memo_key] = events
        return events

    def _sub(
        self,
        events: Events,
        old: Any,
        new: Any,
        d: str,
        depth: int,
        tokens: tuple[str, ...],
        names: tuple[str, ...],
    ) -> None:
        for event in self._compare(old, new, d, depth + 1):
            events.append(
                SchemaEvent(event.rule, (*tokens, *event.tokens), (*names, *event.names), event.text)
            )

    # -- one schema ------------------------------------------------------------------------------------

    def _schema(self, o: dict[str, Any], n: dict[str, Any], d: str, depth: int) -> Events:
        ev: Events = []

        direction = Direction(d)

        def emit(rules: SchemaRules, text: str, *tokens: str) -> None:
            ev.append(SchemaEvent(rules.judged(direction), tokens, (), text))

        o_union = any(variants(o, k) for k in ("oneOf", "anyOf"))
        n_union = any(variants(n, k) for k in ("oneOf", "anyOf"))
        self._nullable(o, n, d, emit)
        if o_union != n_union:
            # A plain schema became a union or the reverse: the plain side is compared with
            # the variant it matches (in _union), not with the union's empty outside.
            for key in ("oneOf", "anyOf"):
                self._union(o, n, d, depth, key, ev, emit)
            return ev
        if not o_union:
            self._type(o, n, d, emit)
        self._format(o, n, d, emit)
        self._values(o, n, d, emit)
        self._bounds(o, n, d, emit)
        self._pattern(o, n, d, emit)
        if d == "request":
            self._request_only(o, n, emit)
        self._properties(o, n, d, depth, ev)
        self._additional(o, n, d, depth, ev, emit)
        self._items(o, n, d, depth, ev, emit)
        self._subschemas(o, n, d, depth, ev, emit)
        self._dependencies(o, n, d, depth, ev, emit)
        self._content(o, n, emit)
        self._all_of(o, n, d, emit)
        for key in ("oneOf", "anyOf"):
            self._union(o, n, d, depth, key, ev, emit)
        od, nd = o.get("discriminator"), n.get("discriminator")
        if _canonical(od) != _canonical(nd) and (od or nd):
            emit(DISCRIMINATOR_CHANGED, "the discriminator changed", "discriminator")
        return ev

    def _type(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        ot, _ = types_of(o)
        nt, _ = types_of(n)
        if ot == nt:
            return
        before = "any" if ot is None else "/".join(sorted(ot)) or "null"
        after = "any" if nt is None else "/".join(sorted(nt)) or "null"
        text = f"type {before} -> {after}"
        widened = nt is None or (ot is not None and _covers(nt, ot))
        narrowed = ot is None or (nt is not None and _covers(ot, nt))
        if d == "request":
            emit(TYPE_GENERALIZED if widened else TYPE_CHANGED, text, "type")
        elif narrowed:
            emit(TYPE_SPECIALIZED, text, "type")
        else:
            emit(TYPE_GENERALIZED if widened else TYPE_CHANGED, text, "type")

    def _nullable(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        _, onull = types_of(o)
        _, nnull = types_of(n)
        if onull != nnull:
            emit(
                BECAME_NULLABLE if nnull else BECAME_NOT_NULLABLE,
                "null " + ("now allowed" if nnull else "no longer allowed"),
                "nullable",
            )

    def _format(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        # a format that is not a string (``format: []`` in a hostile document) is no format
        of = o.get("format") if isinstance(o.get("format"), str) else None
        nf = n.get("format") if isinstance(n.get("format"), str) else None
        if (
            of == nf
            or (of in _ANNOTATION_FORMATS and nf is None)
            or (nf in _ANNOTATION_FORMATS and of is None)
        ):
            return
        text = f"format {of} -> {nf}"
        if of is None:
            emit(FORMAT_ADDED, text, "format")
        elif nf is None:
            emit(FORMAT_REMOVED, text, "format")
        elif (of, nf) in _WIDER_FORMATS:
            emit(FORMAT_GENERALIZED if d == "request" else FORMAT_CHANGED, text, "format")
        else:
            emit(FORMAT_CHANGED, text, "format")

    def _values(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        oe = [v for v in o["enum"] if v is not None] if isinstance(o.get("enum"), list) else None
        ne = [v for v in n["enum"] if v is not None] if isinstance(n.get("enum"), list) else None
        if oe is not None and ne is not None:
            for value in oe:
                if value not in ne:
                    emit(ENUM_VALUE_REMOVED, f"enum value {_show(value)} removed", "enum")
            for value in ne:
                if value not in oe:
                    emit(ENUM_VALUE_ADDED, f"enum value {_show(value)} added", "enum")
        elif ne is not None:
            emit(BECAME_ENUM, f"now limited to {_show(ne)}", "enum")
        elif oe is not None:
            emit(ENUM_REMOVED, "the enum constraint was removed: any value is possible", "enum")
        ox, nx = o.get("x-extensible-enum"), n.get("x-extensible-enum")
        if isinstance(ox, list) and isinstance(nx, list) and d == "request":
            for value in ox:
                if value not in nx:
                    emit(
                        X_EXTENSIBLE_ENUM_VALUE_REMOVED,
                        f"x-extensible-enum value {_show(value)} removed",
                        "x-extensible-enum",
                    )
        if "const" in o or "const" in n:
            if "const" not in o:
                emit(CONST_ADDED, f"now always {_show(n['const'])}", "const")
            elif "const" not in n:
                emit(CONST_REMOVED, f"no longer always {_show(o['const'])}", "const")
            elif o["const"] != n["const"]:
                emit(CONST_CHANGED, f"const {_show(o['const'])} -> {_show(n['const'])}", "const")

    def _bounds(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        req = d == "request"

        def judge(kind: str, key: str, before: Any, after: Any, tighter: bool) -> None:
            text = f"{key} {before} -> {after}"
            appeared, tightened, loosened = _UPPER if kind == "max" else _LOWER
            if req:
                if before in (None, "none"):
                    emit(appeared, text, key)
                elif tighter:
                    emit(tightened, text, key)
                else:
                    emit(loosened, text, key)
            elif not tighter and before not in (None, "none"):
                emit(loosened, text, key)

        ou, nu = _upper(o), _upper(n)
        if ou != nu:
            tighter = nu is not None and (ou is None or nu[0] < ou[0] or (nu[0] == ou[0] and nu[1]))
            judge("max", "maximum", _fmt_bound(ou), _fmt_bound(nu), tighter)
        ol, nl = _lower(o), _lower(n)
        if ol != nl:
            tighter = nl is not None and (ol is None or nl[0] > ol[0] or (nl[0] == ol[0] and nl[1]))
            judge("min", "minimum", _fmt_bound(ol), _fmt_bound(nl), tighter)
        for low, high in _BOUNDS:
            for key, kind in ((high, "max"), (low, "min")):
                ov, nv = _number(o.get(key)), _number(n.get(key))
                if ov == nv:
                    continue
                if kind == "max":
                    tighter = nv is not None and (ov is None or nv < ov)
                else:
                    tighter = nv is not None and (ov is None or nv > ov)
                judge(kind, key, _whole(ov), _whole(nv), tighter)
        om, nm = _number(o.get("multipleOf")), _number(n.get("multipleOf"))
        if req and om != nm and nm is not None:
            finer = om is not None and nm != 0 and (om / nm).is_integer()
            if not finer:
                emit(
                    MULTIPLE_OF_CHANGED,
                    f"multipleOf {o.get('multipleOf')} -> {n.get('multipleOf')}",
                    "multipleOf",
                )

    def _pattern(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        op_, np_ = o.get("pattern"), n.get("pattern")
        if d != "request" or op_ == np_:
            return
        old_open = not isinstance(op_, str) or op_ in _TRIVIAL_PATTERNS
        new_open = not isinstance(np_, str) or np_ in _TRIVIAL_PATTERNS
        if old_open and new_open:
            return
        if old_open:
            emit(PATTERN_ADDED, f"pattern {np_!r} added", "pattern")
        elif new_open:
            emit(PATTERN_REMOVED, f"pattern {op_!r} removed", "pattern")
        else:
            emit(PATTERN_CHANGED, f"pattern {op_!r} -> {np_!r}", "pattern")

    def _request_only(self, o: Mapping[str, Any], n: Mapping[str, Any], emit: Emit) -> None:
        if "default" in o and "default" in n and o["default"] != n["default"]:
            emit(DEFAULT_VALUE_CHANGED, f"default {_show(o['default'])} -> {_show(n['default'])}", "default")
        elif "default" in o and "default" not in n:
            emit(DEFAULT_VALUE_REMOVED, f"default {_show(o['default'])} removed", "default")
        elif "default" in n and "default" not in o:
            emit(DEFAULT_VALUE_ADDED, f"default {_show(n['default'])} added", "default")
        if n.get("uniqueItems") is True and o.get("uniqueItems") is not True:
            emit(UNIQUE_ITEMS_SET, "items must now be unique", "uniqueItems")

    # -- structure -------------------------------------------------------------------------------------

    def _properties(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, depth: int, ev: Events) -> None:
        op_ = _map(o.get("properties"))
        np_ = _map(n.get("properties"))
        ro = (
            {r for r in o.get("required") or [] if isinstance(r, str)}
            if isinstance(o.get("required"), list)
            else set()
        )
        rn = (
            {r for r in n.get("required") or [] if isinstance(r, str)}
            if isinstance(n.get("required"), list)
            else set()
        )
        req = d == "request"
        hidden = "readOnly" if req else "writeOnly"  # never sent in a request / never returned in a response

        def flag(resolver: Resolver, prop: Any, key: str) -> bool:
            return resolver.view(prop).get(key) is True

        def add(found: Rule, name: str, text: str) -> None:
            ev.append(SchemaEvent(found, ("properties", name), (name,), text))

        for name in np_:
            if name in op_:
                continue
            if req:
                if name in rn and not flag(self.rn, np_[name], "readOnly"):
                    add(NEW_REQUIRED_REQUEST_PROPERTY, name, f"property {name!r} added as required")
                else:
                    add(NEW_OPTIONAL_REQUEST_PROPERTY, name, f"property {name!r} added")
            else:
                add(RESPONSE_PROPERTY_ADDED, name, f"property {name!r} added")
        for name in op_:
            if name not in np_:
                if flag(self.ro, op_[name], hidden):
                    continue
                if req:
                    add(REQUEST_PROPERTY_REMOVED, name, f"property {name!r} removed")
                elif name in ro:
                    add(RESPONSE_REQUIRED_PROPERTY_REMOVED, name, f"required property {name!r} removed")
                else:
                    add(RESPONSE_OPTIONAL_PROPERTY_REMOVED, name, f"optional property {name!r} removed")
                continue
            was_hidden, now_hidden = flag(self.ro, op_[name], hidden), flag(self.rn, np_[name], hidden)
            if req:
                if not now_hidden and name in rn and (name not in ro or was_hidden):
                    add(REQUEST_PROPERTY_BECAME_REQUIRED, name, f"{name!r} became required")
                elif name in ro and name not in rn and not was_hidden:
                    add(REQUEST_PROPERTY_BECAME_OPTIONAL, name, f"{name!r} became optional")
                if now_hidden and not was_hidden:
                    add(
                        REQUEST_PROPERTY_BECAME_READ_ONLY,
                        name,
                        f"{name!r} became readOnly: a value sent for it is ignored",
                    )
            else:
                if now_hidden and not was_hidden:
                    hidden_rule = (
                        RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY
                        if name in ro
                        else RESPONSE_OPTIONAL_PROPERTY_BECAME_WRITE_ONLY
                    )
                    add(hidden_rule, name, f"{name!r} became writeOnly: it is no longer returned")
                elif name in ro and name not in rn and not was_hidden and not now_hidden:
                    add(
                        RESPONSE_PROPERTY_BECAME_OPTIONAL,
                        name,
                        f"{name!r} became optional: it may be missing",
                    )
                elif name in rn and name not in ro:
                    add(RESPONSE_PROPERTY_BECAME_REQUIRED, name, f"{name!r} is now always returned")
            if now_hidden and was_hidden:
                continue
            self._sub(ev, op_[name], np_[name], d, depth, ("properties", name), (name,))

    def _additional(
        self,
        o: Mapping[str, Any],
        n: Mapping[str, Any],
        d: str,
        depth: int,
        ev: Events,
        emit: Emit,
    ) -> None:
        oa, na = o.get("additionalProperties", True), n.get("additionalProperties", True)
        o_closed, n_closed = oa is False, na is False
        if o_closed == n_closed and not o_closed:
            if oa is not True or na is not True:
                self._sub(
                    ev,
                    oa if isinstance(oa, Mapping) else {},
                    na if isinstance(na, Mapping) else {},
                    d,
                    depth,
                    ("additionalProperties",),
                    ("*",),
                )
            return
        if n_closed and not o_closed and d == "request":
            emit(
                ADDITIONAL_PROPERTIES_RESTRICTED,
                "additionalProperties is now false: unknown properties are refused",
                "additionalProperties",
            )
        elif o_closed and not n_closed and d == "response":
            emit(
                ADDITIONAL_PROPERTIES_OPENED,
                "additionalProperties is no longer false: unknown properties may come back",
                "additionalProperties",
            )

    def _items(
        self,
        o: Mapping[str, Any],
        n: Mapping[str, Any],
        d: str,
        depth: int,
        ev: Events,
        emit: Emit,
    ) -> None:
        def prefix(s: Mapping[str, Any]) -> list[Any]:
            value = s.get("prefixItems", s.get("items") if isinstance(s.get("items"), list) else None)
            return value if isinstance(value, list) else []

        oi, ni = o.get("items"), n.get("items")
        if isinstance(oi, Mapping) or isinstance(ni, Mapping):
            self._sub(
                ev,
                oi if isinstance(oi, Mapping) else {},
                ni if isinstance(ni, Mapping) else {},
                d,
                depth,
                ("items",),
                ("items",),
            )
        op_, np_ = prefix(o), prefix(n)
        for index in range(min(len(op_), len(np_))):
            self._sub(ev, op_[index], np_[index], d, depth, ("prefixItems", str(index)), (f"[{index}]",))
        if len(np_) > len(op_):
            emit(PREFIX_ITEMS_ADDED, f"{len(np_) - len(op_)} prefixItems position(s) added", "prefixItems")
        elif len(op_) > len(np_):
            emit(
                PREFIX_ITEMS_REMOVED,
                f"{len(op_) - len(np_)} prefixItems position(s) removed",
                "prefixItems",
            )

    def _subschemas(
        self,
        o: Mapping[str, Any],
        n: Mapping[str, Any],
        d: str,
        depth: int,
        ev: Events,
        emit: Emit,
    ) -> None:
        for key, added, removed in _SUBSCHEMAS:
            ov, nv = o.get(key, True), n.get(key, True)
            if key == "not":
                ov, nv = o.get(key), n.get(key)
            o_has = ov is not True and ov is not None
            n_has = nv is not True and nv is not None
            if o_has and n_has:
                if key == "if":
                    if _canonical(ov) != _canonical(nv):
                        emit(
                            IF_CHANGED,
                            "the `if` condition changed: other values now get the then/else rules",
                            key,
                        )
                    continue
                flipped = ("response" if d == "request" else "request") if key == "not" else d
                self._sub(
                    ev,
                    ov if isinstance(ov, Mapping) else {"not": {}},
                    nv if isinstance(nv, Mapping) else {"not": {}},
                    flipped,
                    depth,
                    (key,),
                    (key,),
                )
            elif n_has:
                emit(added, f"`{key}` added", key)
            elif o_has:
                emit(removed, f"`{key}` removed", key)
        for key, added, removed in _ENTRIES:
            om, nm = _map(o.get(key)), _map(n.get(key))
            for name in nm:
                if name not in om:
                    emit(added, f"{key} {name!r} added", key, name)
                else:
                    self._sub(ev, om[name], nm[name], d, depth, (key, name), (name,))
            for name in om:
                if name not in nm:
                    emit(removed, f"{key} {name!r} removed", key, name)

    def _dependencies(
        self,
        o: Mapping[str, Any],
        n: Mapping[str, Any],
        d: str,
        depth: int,
        ev: Events,
        emit: Emit,
    ) -> None:
        om = _map(o.get("dependentRequired"))
        nm = _map(n.get("dependentRequired"))
        for name in sorted(set(om) | set(nm)):
            before = {x for x in om.get(name) or [] if isinstance(x, str)} if name in om else None
            after = {x for x in nm.get(name) or [] if isinstance(x, str)} if name in nm else None
            if before == after:
                continue
            if before is None:
                emit(
                    DEPENDENT_REQUIRED_ADDED,
                    f"when {name!r} is present, {sorted(after or [])} are now required",
                    "dependentRequired",
                    name,
                )
            elif after is None:
                emit(
                    DEPENDENT_REQUIRED_REMOVED,
                    f"{name!r} no longer requires {sorted(before)}",
                    "dependentRequired",
                    name,
                )
            elif (d == "request" and after - before) or (d == "response" and before - after):
                emit(
                    DEPENDENT_REQUIRED_CHANGED,
                    f"{name!r} requires {sorted(before)} -> {sorted(after)}",
                    "dependentRequired",
                    name,
                )

    def _content(self, o: Mapping[str, Any], n: Mapping[str, Any], emit: Emit) -> None:
        for key, changed in (
            ("contentMediaType", CONTENT_MEDIA_TYPE_CHANGED),
            ("contentEncoding", CONTENT_ENCODING_CHANGED),
        ):
            if o.get(key) != n.get(key):
                emit(changed, f"{key} {o.get(key)} -> {n.get(key)}", key)

    def _overlap(self, original: Any, added: list[Any]) -> bool:
        """Whether a value could match both the original schema and one of the added variants (by type)."""
        types = types_of(self.ro.view(original))[0]
        return any(_overlaps(types, types_of(self.rn.view(v))[0]) for v in added)

    def _member_key(self, resolver: Resolver, member: Any) -> str:
        node, ref = resolver.deref(member)
        return ref.rsplit("/", 1)[-1] if ref else _canonical(node)

    def _all_of(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str, emit: Emit) -> None:
        """allOf members added or removed, judged beside the merged comparison.

        A plain schema counts as a one-member allOf, so ``$ref: X`` -> ``allOf: [X, Y]``
        adds Y, not X. An added member that only *extends* (the same type, optional
        properties the schema did not have) is left to the merged comparison, which
        reports those properties: values a client could build before are still valid
        (oasdiff reports any added member; the generated client never sent the new
        properties, so nothing it sends is refused).
        """
        om, nm = o.get("x-dezgo-all-of") or [], n.get("x-dezgo-all-of") or []
        if not om and not nm:
            return
        okeys = [self._member_key(self.ro, m) for m in om] or [_own_key(o)]
        nkeys = [self._member_key(self.rn, m) for m in nm] or [_own_key(n)]
        old_types = types_of(o)[0]
        old_props = set(_map(o.get("properties")))
        for key, member in zip(nkeys, nm, strict=False):
            if key in okeys:
                continue
            view = self.rn.view(member)
            if _substantive(view) and not _extends(view, old_types, old_props):
                emit(ALL_OF_ADDED, f"allOf gained {_label(key)}", "allOf")
        for key, member in zip(okeys, om, strict=False):
            if key not in nkeys and _substantive(self.ro.view(member)):
                emit(ALL_OF_REMOVED, f"allOf lost {_label(key)}", "allOf")

    def _union(
        self,
        o: Mapping[str, Any],
        n: Mapping[str, Any],
        d: str,
        depth: int,
        key: str,
        ev: Events,
        emit: Emit,
    ) -> None:
        ov, nv = variants(o, key), variants(n, key)
        if not ov and not nv:
            return
        other = "anyOf" if key == "oneOf" else "oneOf"
        added, removed = _UNIONS[key]
        wrapped = False
        if not ov:
            if variants(o, other):
                return  # oneOf <-> anyOf: judged when the other keyword is compared
            ov, wrapped = [_without_unions(o)], True
        if not nv:
            if variants(n, other):
                return
            nv = [_without_unions(n)]
        okeys = [self._member_key(self.ro, v) for v in ov]
        nkeys = [self._member_key(self.rn, v) for v in nv]
        pairs: list[tuple[int, int]] = [(i, nkeys.index(k)) for i, k in enumerate(okeys) if k in nkeys]
        # What is left is matched by type: `oneOf: [string, integer]` -> `integer` keeps integer.
        left_o = [i for i in range(len(ov)) if i not in {p[0] for p in pairs}]
        left_n = [j for j in range(len(nv)) if j not in {p[1] for p in pairs}]
        for i in list(left_o):
            otypes = types_of(self.ro.view(ov[i]))[0]
            for j in left_n:
                if types_of(self.rn.view(nv[j]))[0] == otypes:
                    pairs.append((i, j))
                    left_o.remove(i)
                    left_n.remove(j)
                    break
        if len(left_o) == len(left_n) == 1:  # one variant edited in place
            pairs.append((left_o.pop(), left_n.pop()))
        for i, j in pairs:
            self._sub(ev, ov[i], nv[j], d, depth, (key, str(i)), ())
        if wrapped and key == "oneOf" and left_n and self._overlap(ov[0], [nv[j] for j in left_n]):
            # oneOf demands exactly one match: a value valid for the old schema and an added
            # variant is now refused (and a response may now match the other variant).
            emit(WRAPPED_IN_ONE_OF, f"wrapped in a oneOf with {len(left_n)} other variant(s)", key)
            return
        for i in left_o:
            emit(removed, f"{key} variant {_label(okeys[i])} removed", key, str(i))
        for j in left_n:
            emit(added, f"{key} variant {_label(nkeys[j])} added", key, str(j))


def _own_key(view: Mapping[str, Any]) -> str:
    ref = view.get("x-dezgo-ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else _canonical(view)


def _substantive(view: Mapping[str, Any]) -> bool:
    return any(k not in ANNOTATIONS and not k.startswith("x-") for k in view)


def _extends(view: Mapping[str, Any], old_types: frozenset[str] | None, old_props: set[str]) -> bool:
    """Only the same type and optional properties the schema did not have."""
    if any(k not in ANNOTATIONS and not k.startswith("x-") and k not in ("type", "properties") for k in view):
        return False
    types = types_of(view)[0]
    if types is not None and types != old_types:
        return False
    return not (set(_map(view.get("properties"))) & old_props)


def _overlaps(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is None or b is None:
        return True
    return bool(a & b) or ("integer" in a and "number" in b) or ("number" in a and "integer" in b)


def _label(key: str) -> str:
    return key if not key.startswith("{") else (key if len(key) <= 60 else key[:57] + "...")


def _without_unions(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "x-dezgo-all-of")}
