"""The rule registry: every change the diff can report, with its stable id, level and direction.

Levels are judged for a *client* of the API, and of this SDK in particular:
what narrows a request or widens a response breaks callers; changes that are
harmless on the wire but rename or reshape the generated client are breaking
too, marked ``sdk_only``. Ids follow oasdiff's where the concept is the same
(its checker and rule list are the reference for the semantics); where our
verdict differs from oasdiff's declared level, ``note`` says why. A rule about
a schema keyword (``request-property-...``) applies wherever a schema sits: a
body, one of its properties at any depth, a parameter or a header.
"""

from __future__ import annotations

from typing import Literal

import attrs

from dezgo.spec.diff.model import Level

__all__ = ["RULES", "Rule"]

Direction = Literal["request", "response", "none"]


@attrs.frozen
class Rule:
    id: str
    level: Level
    direction: Direction
    summary: str
    sdk_only: bool = False
    note: str = ""
    """Why our level differs from the reference checker's (oasdiff), when it does."""


B, W, N = "breaking", "warning", "info"  # N: no break (info)
_ROWS: list[Rule] = []


def _rule(
    rule_id: str, level: str, direction: Direction, summary: str, *, sdk_only: bool = False, note: str = ""
) -> None:
    _ROWS.append(Rule(rule_id, level, direction, summary, sdk_only, note))  # type: ignore[arg-type]


def _schema(
    suffix: str,
    request: str | None,
    response: str | None,
    summary: str,
    note: str = "",
    sdk_only: bool = False,
) -> None:
    """A schema keyword rule, once per direction it is judged in (None: not reported that way)."""
    if request is not None:
        _rule(
            f"request-property-{suffix}",
            request,
            "request",
            f"request: {summary}",
            note=note,
            sdk_only=sdk_only and request == B,
        )
    if response is not None:
        _rule(
            f"response-property-{suffix}",
            response,
            "response",
            f"response: {summary}",
            note=note,
            sdk_only=sdk_only and response == B,
        )


# -- paths, operations and their lifecycle ----------------------------------------------------------------

_REMOVED_WITH_DEPRECATION = (
    "oasdiff: INFO. The generated function and the facade method disappear, so calls still fail; "
    "the deprecation only warned callers, hence a warning rather than nothing."
)
for _prefix, _what in (("api-path-removed", "a path"), ("api-removed", "an operation")):
    _rule(f"{_prefix}-without-deprecation", B, "none", f"{_what} was removed without being deprecated first")
    _rule(f"{_prefix}-before-sunset", B, "none", f"{_what} was removed before its announced x-sunset date")
    _rule(
        f"{_prefix}-with-deprecation",
        W,
        "none",
        f"{_what} was removed after being deprecated",
        note=_REMOVED_WITH_DEPRECATION,
    )
_rule("endpoint-added", N, "none", "a new operation")
_rule("endpoint-deprecated", N, "none", "an operation was deprecated")
_rule("endpoint-reactivated", N, "none", "an operation is no longer deprecated")
_rule(
    "api-sunset-deleted",
    B,
    "none",
    "a deprecated operation's x-sunset date was deleted: the announced timeline is gone",
)
_rule("api-sunset-date-changed-too-small", B, "none", "a deprecated operation's x-sunset moved earlier")
_rule(
    "api-operation-id-changed",
    B,
    "none",
    "operationId changed: the generated function and module are renamed",
    sdk_only=True,
    note="oasdiff: api-operation-id-removed/-added INFO; openapi-python-client names functions after it.",
)
_rule("webhook-added", N, "none", "a new webhook")
_rule("webhook-removed", B, "none", "a webhook was removed: receivers no longer get it")
_rule("api-callback-added", N, "none", "a new callback")
_rule(
    "api-callback-removed",
    W,
    "none",
    "a callback was removed: your endpoint is no longer called",
    note="oasdiff does not compare callbacks.",
)
_rule(
    "schema-renamed",
    B,
    "none",
    "a component schema was renamed with the same content: the generated class is renamed",
    sdk_only=True,
    note="oasdiff compares $refs by value and reports nothing.",
)
_rule(
    "schema-title-changed",
    B,
    "none",
    "a component schema's title changed: the generated class is renamed",
    sdk_only=True,
    note="oasdiff reports nothing (annotation).",
)
_rule("api-server-removed", W, "none", "a server URL was removed", note="oasdiff has no server rules.")
_rule("api-server-added", N, "none", "a server URL was added")

# -- parameters -----------------------------------------------------------------------------------------

_rule("new-required-request-parameter", B, "request", "a new required parameter")
_rule("new-optional-request-parameter", N, "request", "a new optional parameter")
_rule(
    "request-parameter-removed",
    B,
    "request",
    "a parameter was removed: SDK calls that pass it fail",
    sdk_only=True,
    note="oasdiff: WARN. The generated function loses the argument, so calls passing it raise TypeError.",
)
_rule("request-parameter-became-required", B, "request", "an optional parameter became required")
_rule("request-parameter-became-optional", N, "request", "a required parameter became optional")
_rule("request-parameter-location-changed", B, "request", "a parameter moved (query/header/path/cookie)")
_rule("request-parameter-deprecated", N, "request", "a parameter was deprecated")
_rule(
    "request-parameter-serialization-changed",
    B,
    "request",
    "a parameter's style, explode or allowReserved changed: the same value is sent differently",
    note="oasdiff has no rule; openapi-diff: REQUEST_PARAM_STYLE/EXPLODE_CHANGED incompatible.",
)
_rule(
    "request-path-parameter-renamed",
    W,
    "request",
    "a path parameter was renamed (same position): the wire is unchanged, the generated argument is renamed",
    sdk_only=True,
    note="oasdiff matches the paths and reports nothing; the generated keyword argument changes name.",
)

# -- request bodies -------------------------------------------------------------------------------------

_rule("request-body-added-required", B, "request", "a required request body was added")
_rule("request-body-added-optional", N, "request", "an optional request body was added")
_rule("request-body-became-required", B, "request", "the request body became required")
_rule("request-body-became-optional", N, "request", "the request body became optional")
_rule("request-body-removed", B, "request", "the request body was removed")
_rule("request-body-media-type-removed", B, "request", "a request media type was removed")
_rule("request-body-media-type-added", N, "request", "a request media type was added")
_rule(
    "request-body-media-type-added-shared-schema",
    B,
    "request",
    "a request media type was added with a schema another media type uses: openapi-python-client then "
    "dispatches on isinstance and sends the wrong body (#1276)",
    sdk_only=True,
    note="oasdiff: request-body-media-type-added INFO.",
)
_rule(
    "request-body-media-type-schema-added", B, "request", "a request media type without a schema gained one"
)
_rule("request-body-media-type-schema-removed", N, "request", "a request media type lost its schema")
_rule(
    "request-part-content-type-changed",
    B,
    "request",
    "a multipart part's encoding contentType changed",
    note="oasdiff does not check encodings (#1165).",
)
_rule("request-part-encoding-changed", W, "request", "a multipart part's style, explode or headers changed")

# -- request and response properties ------------------------------------------------------------------

_rule("new-required-request-property", B, "request", "a new required property (readOnly ones excepted)")
_rule("new-optional-request-property", N, "request", "a new optional (or readOnly) property")
_rule(
    "request-property-removed",
    B,
    "request",
    "a property was removed: SDK calls that pass it fail",
    sdk_only=True,
    note="oasdiff: WARN. The generated model loses the field, so calls passing it raise TypeError.",
)
_rule("request-property-became-required", B, "request", "an optional property became required")
_rule("request-property-became-optional", N, "request", "a required property became optional")
_rule(
    "request-property-became-read-only",
    W,
    "request",
    "a property became readOnly: a value sent for it is ignored",
    note="oasdiff: INFO. Accepted on the wire, but the caller's setting silently stops taking effect.",
)
_rule("response-property-added", N, "response", "a response property was added")
_rule("response-required-property-removed", B, "response", "a required response property was removed")
_rule("response-optional-property-removed", W, "response", "an optional response property was removed")
_rule("response-property-became-optional", B, "response", "a response property may now be missing")
_rule("response-property-became-required", N, "response", "a response property is now always present")
_rule(
    "response-required-property-became-write-only",
    B,
    "response",
    "a required response property became writeOnly: it is no longer returned",
    note="oasdiff: INFO. The generated model reads required fields with d['x'] and raises KeyError.",
)
_rule(
    "response-optional-property-became-write-only",
    W,
    "response",
    "an optional response property became writeOnly: it is no longer returned",
    note="oasdiff: INFO. Code reading it now always gets UNSET.",
)

# -- schema keywords (any depth; bodies, properties, parameters, headers) -----------------------------------

_schema("type-changed", B, B, "a type changed or narrowed")
_schema("type-generalized", N, B, "a type widened (integer -> number, or a type added to a list)")
_schema("type-specialized", None, N, "a type narrowed (number -> integer)")
_schema("became-nullable", N, B, "null is now allowed")
_schema("became-not-nullable", B, N, "null is no longer allowed")
_schema(
    "format-added",
    B,
    N,
    "a format was added (e.g. uuid): fewer values are accepted",
    note="oasdiff has no format rules; a request string that gains format uuid refuses other strings.",
)
_schema(
    "format-removed",
    N,
    W,
    "a format was removed",
    note="oasdiff has no format rules; the generated client parses responses by format (date-time -> datetime).",
)
_schema("format-changed", W, W, "a format changed", note="oasdiff has no format rules.")
_schema(
    "format-generalized", N, None, "a format widened (int32 -> int64, float -> double, date -> date-time)"
)
_schema("enum-value-removed", B, N, "an enum value was removed")
_schema(
    "enum-value-added",
    N,
    B,
    "an enum value was added",
    sdk_only=True,
    note="oasdiff: response WARN. The generated Enum(value) raises ValueError on a value it does not know.",
)
_schema("became-enum", B, N, "a free value became an enum")
_schema(
    "enum-removed",
    N,
    B,
    "an enum constraint was removed",
    sdk_only=True,
    note="oasdiff has no rule; in a response any value may come back, and the generated Enum type becomes str.",
)
_schema("x-extensible-enum-value-removed", B, None, "an x-extensible-enum value was removed")
_schema("const-added", B, N, "a const was added")
_schema("const-changed", B, B, "a const changed")
_schema("const-removed", N, B, "a const was removed")
_MAX_SET = (
    "oasdiff: WARN (it cannot tell whether clients send such values); values once accepted are refused."
)
_schema("max-set", B, None, "a maximum (or maxLength/maxItems/...) was added", note=_MAX_SET)
_schema("min-set", B, None, "a minimum (or minLength/minItems/...) was added", note=_MAX_SET)
_schema("max-decreased", B, None, "a maximum (or maxLength/maxItems/...) decreased")
_schema("max-increased", N, B, "a maximum (or maxLength/maxItems/...) increased or was removed")
_schema("min-increased", B, None, "a minimum (or minLength/minItems/...) increased")
_schema("min-decreased", N, B, "a minimum (or minLength/minItems/...) decreased or was removed")
_schema("multiple-of-changed", B, None, "multipleOf changed to a value old values are not multiples of")
_schema("unique-items-set", B, None, "items must now be unique", note="oasdiff has no uniqueItems rule.")
_schema("pattern-added", B, None, "a pattern was added (an empty pattern counts as none)")
_schema("pattern-changed", W, None, "a pattern changed")
_schema("pattern-removed", N, None, "a pattern was removed (or made trivial, such as .*)")
_DEFAULT = (
    "oasdiff: ERR for parameters, INFO for properties. This SDK does not send arguments left at the spec's "
    "default, so a changed default changes what those callers get: a warning, not a certain break."
)
_schema("default-value-changed", W, None, "a default value changed", note=_DEFAULT)
_schema("default-value-removed", W, None, "a default value was removed", note=_DEFAULT)
_schema("default-value-added", N, None, "a default value was added")
_schema("additional-properties-restricted", B, None, "additionalProperties became false")
_schema("additional-properties-opened", None, W, "additionalProperties is no longer false")
_schema("prefix-items-added", N, B, "prefixItems gained a position")
_schema("prefix-items-removed", B, N, "prefixItems lost a position")
for _keyword, _suffix in (
    ("propertyNames", "property-names"),
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("contains", "contains"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("unevaluatedItems", "unevaluated-items"),
    ("contentSchema", "content-schema"),
    ("not", "not"),
    ("patternProperties entry", "pattern-property"),
    ("dependentSchemas entry", "dependent-schema"),
):
    _note = "oasdiff has no `not` rule." if _suffix == "not" else ""
    _schema(f"{_suffix}-added", B, N, f"a `{_keyword}` was added: a new constraint", note=_note)
    _schema(f"{_suffix}-removed", N, B, f"a `{_keyword}` was removed: a constraint is gone", note=_note)
_schema("if-changed", W, W, "an `if` condition changed: other values now get the then/else rules")
_schema("dependent-required-added", B, N, "a dependentRequired entry was added")
_schema("dependent-required-removed", N, B, "a dependentRequired entry was removed")
_schema("dependent-required-changed", B, B, "a dependentRequired entry changed")
_schema("content-media-type-changed", B, B, "contentMediaType changed")
_schema("content-encoding-changed", B, B, "contentEncoding changed")
_schema("all-of-added", B, N, "allOf gained a member with constraints")
_schema("all-of-removed", W, N, "allOf lost a member with constraints")
_schema("one-of-added", N, B, "oneOf gained a variant")
_schema("one-of-removed", B, N, "oneOf lost a variant (or a union narrowed to one of its types)")
_schema(
    "any-of-added",
    N,
    B,
    "anyOf gained a variant",
    note="oasdiff: response INFO (ERR for oneOf). The generated union gains a member the old client cannot parse.",
)
_schema("any-of-removed", B, N, "anyOf lost a variant (or a union narrowed to one of its types)")
_schema(
    "wrapped-in-one-of",
    B,
    B,
    "a schema was wrapped in a oneOf beside a variant of an overlapping type: a value matching both is refused",
)
_schema("discriminator-changed", N, N, "the discriminator changed")

# -- responses ------------------------------------------------------------------------------------------

_rule("response-success-status-removed", B, "response", "a success status was removed")
_rule(
    "response-success-status-added",
    B,
    "response",
    "a new success status: the generated client returns None for statuses it does not know",
    sdk_only=True,
    note="oasdiff: INFO.",
)
_rule("response-non-success-status-removed", N, "response", "an error status was removed")
_rule("response-non-success-status-added", N, "response", "an error status was added")
_rule("response-media-type-removed", B, "response", "a response media type was removed")
_rule("response-media-type-added", N, "response", "a response media type was added")
_rule(
    "response-media-type-name-specialized",
    N,
    "response",
    "a response media type got a more precise name (application/json -> application/problem+json)",
)
_rule(
    "response-media-type-name-generalized",
    B,
    "response",
    "a response media type got a less precise name (application/problem+json -> application/json)",
)
_rule("response-body-media-type-schema-removed", W, "response", "a response media type lost its schema")
_rule("response-body-media-type-schema-added", N, "response", "a response media type gained a schema")
_rule("required-response-header-removed", B, "response", "a required response header was removed")
_rule("optional-response-header-removed", W, "response", "an optional response header was removed")
_rule("response-header-became-optional", B, "response", "a response header is no longer always sent")
_rule("response-header-added", N, "response", "a response header was added")
_rule(
    "response-link-removed", W, "response", "a response link was removed", note="oasdiff has no link rules."
)
_rule(
    "response-link-changed",
    W,
    "response",
    "a response link leads elsewhere",
    note="oasdiff has no link rules.",
)
_rule("response-link-added", N, "response", "a response link was added")

# -- security -------------------------------------------------------------------------------------------

_SECURITY = "oasdiff: INFO by default (all security rules); calls without the new credentials fail."
_rule("api-security-added", B, "request", "an operation now requires credentials it did not", note=_SECURITY)
_rule("api-security-removed", N, "request", "an operation no longer requires credentials")
_rule(
    "api-security-scope-added",
    B,
    "request",
    "an operation's requirement needs more OAuth scopes",
    note=_SECURITY,
)
_rule(
    "security-scheme-changed",
    B,
    "request",
    "a security scheme changed (type, header name, location, URLs)",
    note=_SECURITY,
)
_rule("security-scheme-removed", B, "request", "a security scheme was removed", note=_SECURITY)

RULES: dict[str, Rule] = {rule.id: rule for rule in _ROWS}
