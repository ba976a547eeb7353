"""The rule registry: every change the diff can report, with its stable id, level and direction.

Levels are judged for a *client* of the API, and of this SDK in particular:
what narrows a request or widens a response breaks callers; changes that are
harmless on the wire but rename or reshape the generated client are breaking
too, marked ``sdk_only`` with the reason. Ids follow oasdiff's where the concept
is the same, so reports can be compared.
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


_TABLE: list[tuple[str, Level, Direction, str, bool]] = [
    # operations and paths
    ("api-path-removed", "breaking", "none", "a path was removed: every call to it fails", False),
    ("api-removed", "breaking", "none", "an operation (method) was removed from a path", False),
    ("endpoint-added", "info", "none", "a new operation", False),
    (
        "api-operation-id-changed",
        "breaking",
        "none",
        "operationId changed: the generated function and module are renamed",
        True,
    ),
    ("api-deprecated", "info", "none", "an operation was deprecated", False),
    (
        "schema-renamed",
        "breaking",
        "none",
        "a component schema was renamed with the same content: the generated class is renamed",
        True,
    ),
    (
        "schema-title-changed",
        "breaking",
        "none",
        "a component schema's title changed: the generated class is renamed",
        True,
    ),
    # parameters
    ("new-required-request-parameter", "breaking", "request", "a new required parameter", False),
    ("new-optional-request-parameter", "info", "request", "a new optional parameter", False),
    (
        "request-parameter-removed",
        "breaking",
        "request",
        "a parameter was removed: SDK calls that pass it fail",
        True,
    ),
    (
        "request-parameter-became-required",
        "breaking",
        "request",
        "an optional parameter became required",
        False,
    ),
    ("request-parameter-became-optional", "info", "request", "a required parameter became optional", False),
    (
        "request-parameter-location-changed",
        "breaking",
        "request",
        "a parameter moved (query/header/path)",
        False,
    ),
    # request bodies
    ("request-body-added-required", "breaking", "request", "a required request body was added", False),
    ("request-body-became-required", "breaking", "request", "the request body became required", False),
    ("request-body-removed", "breaking", "request", "the request body was removed", False),
    ("request-body-media-type-removed", "breaking", "request", "a request media type was removed", False),
    ("request-body-media-type-added", "info", "request", "a request media type was added", False),
    (
        "request-body-media-type-added-shared-schema",
        "breaking",
        "request",
        "a request media type was added with a schema another media type uses: openapi-python-client then "
        "dispatches on isinstance and sends the wrong body (#1276)",
        True,
    ),
    (
        "request-part-content-type-changed",
        "breaking",
        "request",
        "a multipart part's encoding contentType changed",
        False,
    ),
    (
        "request-part-encoding-changed",
        "warning",
        "request",
        "a multipart part's style, explode or headers changed",
        False,
    ),
    # request schemas
    ("new-required-request-property", "breaking", "request", "a new required property", False),
    ("new-optional-request-property", "info", "request", "a new optional property", False),
    (
        "request-property-removed",
        "breaking",
        "request",
        "a property was removed: SDK calls that pass it fail",
        True,
    ),
    (
        "request-property-became-required",
        "breaking",
        "request",
        "an optional property became required",
        False,
    ),
    ("request-property-became-optional", "info", "request", "a required property became optional", False),
    ("request-property-type-changed", "breaking", "request", "a property's type changed or narrowed", False),
    (
        "request-property-type-generalized",
        "info",
        "request",
        "a property's type widened (integer -> number)",
        False,
    ),
    ("request-property-format-changed", "warning", "request", "a property's format changed", False),
    (
        "request-property-enum-value-removed",
        "breaking",
        "request",
        "an enum value can no longer be sent",
        False,
    ),
    ("request-property-enum-value-added", "info", "request", "an enum value was added", False),
    ("request-property-became-enum", "breaking", "request", "a free value became an enum", False),
    ("request-property-enum-removed", "info", "request", "an enum constraint was removed", False),
    (
        "request-property-max-decreased",
        "breaking",
        "request",
        "a maximum (or maxLength/maxItems) decreased",
        False,
    ),
    (
        "request-property-max-increased",
        "info",
        "request",
        "a maximum (or maxLength/maxItems) increased",
        False,
    ),
    ("request-property-max-set", "breaking", "request", "a maximum (or maxLength/maxItems) was added", False),
    (
        "request-property-min-increased",
        "breaking",
        "request",
        "a minimum (or minLength/minItems) increased",
        False,
    ),
    (
        "request-property-min-decreased",
        "info",
        "request",
        "a minimum (or minLength/minItems) decreased",
        False,
    ),
    ("request-property-min-set", "breaking", "request", "a minimum (or minLength/minItems) was added", False),
    ("request-property-multiple-of-changed", "breaking", "request", "multipleOf changed", False),
    ("request-property-pattern-added", "breaking", "request", "a pattern was added", False),
    ("request-property-pattern-changed", "warning", "request", "a pattern changed", False),
    ("request-property-pattern-removed", "info", "request", "a pattern was removed", False),
    ("request-property-became-not-nullable", "breaking", "request", "null can no longer be sent", False),
    ("request-property-became-nullable", "info", "request", "null can now be sent", False),
    ("request-property-one-of-removed", "breaking", "request", "a oneOf/anyOf variant was removed", False),
    ("request-property-one-of-added", "info", "request", "a oneOf/anyOf variant was added", False),
    (
        "request-property-additional-properties-restricted",
        "breaking",
        "request",
        "additionalProperties was closed",
        False,
    ),
    (
        "request-property-became-read-only",
        "breaking",
        "request",
        "a property became readOnly: it can no longer be sent",
        False,
    ),
    ("request-property-default-value-changed", "info", "request", "a default value changed", False),
    # responses
    ("response-success-status-removed", "breaking", "response", "a success status was removed", False),
    (
        "response-success-status-added",
        "breaking",
        "response",
        "a new success status: the generated client returns None for statuses it does not know",
        True,
    ),
    ("response-non-success-status-removed", "info", "response", "an error status was removed", False),
    ("response-non-success-status-added", "info", "response", "an error status was added", False),
    ("response-media-type-removed", "breaking", "response", "a response media type was removed", False),
    ("response-media-type-added", "info", "response", "a response media type was added", False),
    (
        "required-response-header-removed",
        "breaking",
        "response",
        "a required response header was removed",
        False,
    ),
    (
        "optional-response-header-removed",
        "warning",
        "response",
        "an optional response header was removed",
        False,
    ),
    (
        "response-header-became-optional",
        "breaking",
        "response",
        "a response header is no longer always sent",
        False,
    ),
    ("response-header-added", "info", "response", "a response header was added", False),
    # response schemas
    (
        "response-required-property-removed",
        "breaking",
        "response",
        "a required response property was removed",
        False,
    ),
    (
        "response-optional-property-removed",
        "warning",
        "response",
        "an optional response property was removed",
        False,
    ),
    (
        "response-property-became-optional",
        "breaking",
        "response",
        "a response property may now be missing",
        False,
    ),
    (
        "response-property-became-required",
        "info",
        "response",
        "a response property is now always present",
        False,
    ),
    ("response-property-added", "info", "response", "a response property was added", False),
    (
        "response-property-type-changed",
        "breaking",
        "response",
        "a response property's type changed or widened",
        False,
    ),
    (
        "response-property-type-specialized",
        "info",
        "response",
        "a response property's type narrowed (number -> integer)",
        False,
    ),
    (
        "response-property-format-changed",
        "warning",
        "response",
        "a response property's format changed",
        False,
    ),
    (
        "response-property-enum-value-added",
        "breaking",
        "response",
        "a response enum gained a value: the generated Enum(value) raises ValueError on it",
        True,
    ),
    ("response-property-enum-value-removed", "info", "response", "a response enum lost a value", False),
    (
        "response-property-became-nullable",
        "breaking",
        "response",
        "a response property may now be null",
        False,
    ),
    (
        "response-property-became-not-nullable",
        "info",
        "response",
        "a response property is no longer null",
        False,
    ),
    (
        "response-property-one-of-added",
        "breaking",
        "response",
        "a response oneOf/anyOf gained a variant",
        False,
    ),
    ("response-property-one-of-removed", "info", "response", "a response oneOf/anyOf lost a variant", False),
    ("response-property-max-increased", "breaking", "response", "a response maximum widened", False),
    ("response-property-min-decreased", "breaking", "response", "a response minimum widened", False),
    (
        "response-property-became-write-only",
        "breaking",
        "response",
        "a response property became writeOnly: no longer returned",
        False,
    ),
    (
        "response-additional-properties-opened",
        "warning",
        "response",
        "a response object may now carry unknown properties",
        False,
    ),
    # security
    ("api-security-added", "breaking", "request", "an operation now requires credentials it did not", False),
    ("api-security-removed", "info", "request", "an operation no longer requires credentials", False),
    (
        "security-scheme-changed",
        "breaking",
        "request",
        "a security scheme changed (type, header name, location)",
        False,
    ),
    ("security-scheme-removed", "breaking", "request", "a security scheme was removed", False),
]

RULES: dict[str, Rule] = {row[0]: Rule(*row) for row in _TABLE}
