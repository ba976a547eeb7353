"""The second drift corpus: one case per rule of the reference checker (oasdiff) that ``dezgo spec diff`` implements.

Written from oasdiff's rule list (``checker/rules.go``: each rule's id and declared
level), not from its test files: every old/new pair below is ours. Each case is
labelled with oasdiff's level for its rule -- ERR (a break), WARN (possibly a
break) or INFO (not a break) -- so the benchmark can report ERR recall and false
alarms on INFO cases for every tool alike.

Schema keyword rules exist in oasdiff once per place (``request-body-``,
``request-property-``, ``request-parameter-``, ``response-body-``,
``response-property-``, ``response-header-``); ``KEYWORD_CASES`` holds one
old/new schema pair per keyword rule and ``cases()`` places it wherever oasdiff
has that rule. The other rules have a hand-written mutation in ``MUTATIONS``.

``DIFFERS`` lists the rules where this SDK's verdict deliberately differs from
oasdiff's level (see ``dezgo.spec.diff.rules``: each such rule's ``note``);
those cases are counted apart, never relabelled.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]

OASDIFF_LEVELS: dict[str, str] = {
    # ERR
    "api-path-removed-before-sunset": "ERR",
    "api-path-removed-without-deprecation": "ERR",
    "api-removed-before-sunset": "ERR",
    "api-removed-without-deprecation": "ERR",
    "api-sunset-date-changed-too-small": "ERR",
    "new-request-path-parameter": "ERR",
    "new-required-request-parameter": "ERR",
    "new-required-request-property": "ERR",
    "new-required-request-property-with-default": "ERR",
    "request-body-added-required": "ERR",
    "request-body-all-of-added": "ERR",
    "request-body-any-of-removed": "ERR",
    "request-body-became-enum": "ERR",
    "request-body-became-not-nullable": "ERR",
    "request-body-became-required": "ERR",
    "request-body-const-added": "ERR",
    "request-body-const-changed": "ERR",
    "request-body-contains-added": "ERR",
    "request-body-content-encoding-changed": "ERR",
    "request-body-content-media-type-changed": "ERR",
    "request-body-content-schema-added": "ERR",
    "request-body-dependent-required-added": "ERR",
    "request-body-dependent-required-changed": "ERR",
    "request-body-dependent-schema-added": "ERR",
    "request-body-else-added": "ERR",
    "request-body-enum-value-removed": "ERR",
    "request-body-exclusive-max-decreased": "ERR",
    "request-body-exclusive-min-increased": "ERR",
    "request-body-if-added": "ERR",
    "request-body-list-of-types-narrowed": "ERR",
    "request-body-max-contains-decreased": "ERR",
    "request-body-max-decreased": "ERR",
    "request-body-max-length-decreased": "ERR",
    "request-body-media-type-removed": "ERR",
    "request-body-media-type-schema-added": "ERR",
    "request-body-min-contains-increased": "ERR",
    "request-body-min-increased": "ERR",
    "request-body-min-items-increased": "ERR",
    "request-body-min-length-increased": "ERR",
    "request-body-one-of-removed": "ERR",
    "request-body-pattern-property-added": "ERR",
    "request-body-prefix-items-removed": "ERR",
    "request-body-property-names-added": "ERR",
    "request-body-removed": "ERR",
    "request-body-then-added": "ERR",
    "request-body-type-changed": "ERR",
    "request-body-unevaluated-items-added": "ERR",
    "request-body-unevaluated-properties-added": "ERR",
    "request-body-wrapped-in-one-of": "ERR",
    "request-parameter-became-enum": "ERR",
    "request-parameter-became-not-nullable": "ERR",
    "request-parameter-became-required": "ERR",
    "request-parameter-default-value-added": "ERR",
    "request-parameter-default-value-changed": "ERR",
    "request-parameter-default-value-removed": "ERR",
    "request-parameter-enum-value-removed": "ERR",
    "request-parameter-exclusive-max-decreased": "ERR",
    "request-parameter-exclusive-min-increased": "ERR",
    "request-parameter-list-of-types-narrowed": "ERR",
    "request-parameter-max-decreased": "ERR",
    "request-parameter-max-items-decreased": "ERR",
    "request-parameter-max-length-decreased": "ERR",
    "request-parameter-min-increased": "ERR",
    "request-parameter-min-items-increased": "ERR",
    "request-parameter-min-length-increased": "ERR",
    "request-parameter-pattern-added": "ERR",
    "request-parameter-type-changed": "ERR",
    "request-parameter-x-extensible-enum-value-removed": "ERR",
    "request-property-all-of-added": "ERR",
    "request-property-any-of-removed": "ERR",
    "request-property-became-enum": "ERR",
    "request-property-became-not-nullable": "ERR",
    "request-property-became-required": "ERR",
    "request-property-became-required-with-default": "ERR",
    "request-property-const-added": "ERR",
    "request-property-const-changed": "ERR",
    "request-property-contains-added": "ERR",
    "request-property-content-encoding-changed": "ERR",
    "request-property-content-media-type-changed": "ERR",
    "request-property-content-schema-added": "ERR",
    "request-property-dependent-required-added": "ERR",
    "request-property-dependent-required-changed": "ERR",
    "request-property-dependent-schema-added": "ERR",
    "request-property-else-added": "ERR",
    "request-property-enum-value-removed": "ERR",
    "request-property-exclusive-max-decreased": "ERR",
    "request-property-exclusive-min-increased": "ERR",
    "request-property-if-added": "ERR",
    "request-property-list-of-types-narrowed": "ERR",
    "request-property-max-contains-decreased": "ERR",
    "request-property-max-decreased": "ERR",
    "request-property-max-length-decreased": "ERR",
    "request-property-min-contains-increased": "ERR",
    "request-property-min-increased": "ERR",
    "request-property-min-items-increased": "ERR",
    "request-property-min-length-increased": "ERR",
    "request-property-one-of-removed": "ERR",
    "request-property-pattern-added": "ERR",
    "request-property-pattern-property-added": "ERR",
    "request-property-prefix-items-removed": "ERR",
    "request-property-property-names-added": "ERR",
    "request-property-then-added": "ERR",
    "request-property-type-changed": "ERR",
    "request-property-unevaluated-items-added": "ERR",
    "request-property-unevaluated-properties-added": "ERR",
    "request-property-x-extensible-enum-value-removed": "ERR",
    "required-response-header-removed": "ERR",
    "response-body-became-nullable": "ERR",
    "response-body-const-changed": "ERR",
    "response-body-const-removed": "ERR",
    "response-body-contains-removed": "ERR",
    "response-body-content-encoding-changed": "ERR",
    "response-body-content-media-type-changed": "ERR",
    "response-body-content-schema-removed": "ERR",
    "response-body-dependent-required-changed": "ERR",
    "response-body-dependent-required-removed": "ERR",
    "response-body-dependent-schema-removed": "ERR",
    "response-body-else-removed": "ERR",
    "response-body-exclusive-max-increased": "ERR",
    "response-body-exclusive-min-decreased": "ERR",
    "response-body-if-removed": "ERR",
    "response-body-list-of-types-widened": "ERR",
    "response-body-max-contains-increased": "ERR",
    "response-body-max-increased": "ERR",
    "response-body-max-length-increased": "ERR",
    "response-body-max-length-unset": "ERR",
    "response-body-min-contains-decreased": "ERR",
    "response-body-min-decreased": "ERR",
    "response-body-min-items-decreased": "ERR",
    "response-body-min-items-unset": "ERR",
    "response-body-min-length-decreased": "ERR",
    "response-body-one-of-added": "ERR",
    "response-body-pattern-property-removed": "ERR",
    "response-body-prefix-items-added": "ERR",
    "response-body-property-names-removed": "ERR",
    "response-body-then-removed": "ERR",
    "response-body-type-changed": "ERR",
    "response-body-type-generalized": "ERR",
    "response-body-unevaluated-items-removed": "ERR",
    "response-body-unevaluated-properties-removed": "ERR",
    "response-body-wrapped-in-one-of": "ERR",
    "response-header-became-nullable": "ERR",
    "response-header-became-optional": "ERR",
    "response-header-type-changed": "ERR",
    "response-header-type-generalized": "ERR",
    "response-media-type-name-generalized": "ERR",
    "response-media-type-removed": "ERR",
    "response-property-became-nullable": "ERR",
    "response-property-became-optional": "ERR",
    "response-property-const-changed": "ERR",
    "response-property-const-removed": "ERR",
    "response-property-contains-removed": "ERR",
    "response-property-content-encoding-changed": "ERR",
    "response-property-content-media-type-changed": "ERR",
    "response-property-content-schema-removed": "ERR",
    "response-property-dependent-required-changed": "ERR",
    "response-property-dependent-required-removed": "ERR",
    "response-property-dependent-schema-removed": "ERR",
    "response-property-else-removed": "ERR",
    "response-property-exclusive-max-increased": "ERR",
    "response-property-exclusive-min-decreased": "ERR",
    "response-property-if-removed": "ERR",
    "response-property-list-of-types-widened": "ERR",
    "response-property-max-contains-increased": "ERR",
    "response-property-max-increased": "ERR",
    "response-property-max-length-increased": "ERR",
    "response-property-max-length-unset": "ERR",
    "response-property-min-contains-decreased": "ERR",
    "response-property-min-decreased": "ERR",
    "response-property-min-items-decreased": "ERR",
    "response-property-min-items-unset": "ERR",
    "response-property-min-length-decreased": "ERR",
    "response-property-one-of-added": "ERR",
    "response-property-pattern-property-removed": "ERR",
    "response-property-prefix-items-added": "ERR",
    "response-property-property-names-removed": "ERR",
    "response-property-then-removed": "ERR",
    "response-property-type-changed": "ERR",
    "response-property-type-generalized": "ERR",
    "response-property-unevaluated-items-removed": "ERR",
    "response-property-unevaluated-properties-removed": "ERR",
    "response-required-property-removed": "ERR",
    "response-success-status-removed": "ERR",
    "sunset-deleted": "ERR",
    "webhook-removed": "ERR",
    # WARN
    "optional-response-header-removed": "WARN",
    "request-body-all-of-removed": "WARN",
    "request-body-exclusive-max-set": "WARN",
    "request-body-exclusive-min-set": "WARN",
    "request-body-max-length-set": "WARN",
    "request-body-max-set": "WARN",
    "request-body-min-items-set": "WARN",
    "request-body-min-set": "WARN",
    "request-parameter-exclusive-max-set": "WARN",
    "request-parameter-exclusive-min-set": "WARN",
    "request-parameter-max-length-set": "WARN",
    "request-parameter-max-set": "WARN",
    "request-parameter-min-items-set": "WARN",
    "request-parameter-min-set": "WARN",
    "request-parameter-pattern-changed": "WARN",
    "request-parameter-removed": "WARN",
    "request-property-all-of-removed": "WARN",
    "request-property-exclusive-max-set": "WARN",
    "request-property-exclusive-min-set": "WARN",
    "request-property-max-length-set": "WARN",
    "request-property-max-set": "WARN",
    "request-property-min-items-set": "WARN",
    "request-property-min-set": "WARN",
    "request-property-pattern-changed": "WARN",
    "request-property-removed": "WARN",
    "response-body-media-type-schema-removed": "WARN",
    "response-optional-property-removed": "WARN",
    "response-property-enum-value-added": "WARN",
    # INFO
    "api-operation-id-removed": "INFO",
    "api-path-removed-with-deprecation": "INFO",
    "api-removed-with-deprecation": "INFO",
    "api-security-added": "INFO",
    "api-security-component-removed": "INFO",
    "api-security-removed": "INFO",
    "api-security-scope-added": "INFO",
    "api-tag-added": "INFO",
    "endpoint-added": "INFO",
    "endpoint-deprecated": "INFO",
    "endpoint-reactivated": "INFO",
    "new-optional-request-parameter": "INFO",
    "new-optional-request-property": "INFO",
    "request-body-added-optional": "INFO",
    "request-body-all-of-added-annotation-only": "INFO",
    "request-body-all-of-removed-annotation-only": "INFO",
    "request-body-any-of-added": "INFO",
    "request-body-became-nullable": "INFO",
    "request-body-became-optional": "INFO",
    "request-body-const-removed": "INFO",
    "request-body-contains-removed": "INFO",
    "request-body-content-schema-removed": "INFO",
    "request-body-default-value-added": "INFO",
    "request-body-default-value-changed": "INFO",
    "request-body-default-value-removed": "INFO",
    "request-body-dependent-required-removed": "INFO",
    "request-body-dependent-schema-removed": "INFO",
    "request-body-discriminator-added": "INFO",
    "request-body-discriminator-property-name-changed": "INFO",
    "request-body-discriminator-removed": "INFO",
    "request-body-else-removed": "INFO",
    "request-body-exclusive-max-increased": "INFO",
    "request-body-exclusive-min-decreased": "INFO",
    "request-body-if-removed": "INFO",
    "request-body-list-of-types-widened": "INFO",
    "request-body-max-contains-increased": "INFO",
    "request-body-max-increased": "INFO",
    "request-body-max-length-increased": "INFO",
    "request-body-media-type-added": "INFO",
    "request-body-media-type-schema-removed": "INFO",
    "request-body-min-contains-decreased": "INFO",
    "request-body-min-decreased": "INFO",
    "request-body-min-length-decreased": "INFO",
    "request-body-one-of-added": "INFO",
    "request-body-pattern-property-removed": "INFO",
    "request-body-prefix-items-added": "INFO",
    "request-body-property-names-removed": "INFO",
    "request-body-then-removed": "INFO",
    "request-body-type-generalized": "INFO",
    "request-body-unevaluated-items-removed": "INFO",
    "request-body-unevaluated-properties-removed": "INFO",
    "request-optional-property-became-read-only": "INFO",
    "request-parameter-became-nullable": "INFO",
    "request-parameter-became-optional": "INFO",
    "request-parameter-deprecated": "INFO",
    "request-parameter-enum-value-added": "INFO",
    "request-parameter-exclusive-max-increased": "INFO",
    "request-parameter-exclusive-min-decreased": "INFO",
    "request-parameter-list-of-types-widened": "INFO",
    "request-parameter-max-increased": "INFO",
    "request-parameter-max-items-increased": "INFO",
    "request-parameter-max-length-increased": "INFO",
    "request-parameter-min-decreased": "INFO",
    "request-parameter-min-items-decreased": "INFO",
    "request-parameter-min-length-decreased": "INFO",
    "request-parameter-pattern-generalized": "INFO",
    "request-parameter-pattern-removed": "INFO",
    "request-parameter-removed-with-deprecation": "INFO",
    "request-parameter-type-generalized": "INFO",
    "request-property-all-of-added-annotation-only": "INFO",
    "request-property-all-of-removed-annotation-only": "INFO",
    "request-property-any-of-added": "INFO",
    "request-property-became-nullable": "INFO",
    "request-property-became-optional": "INFO",
    "request-property-const-removed": "INFO",
    "request-property-contains-removed": "INFO",
    "request-property-content-schema-removed": "INFO",
    "request-property-default-value-added": "INFO",
    "request-property-default-value-changed": "INFO",
    "request-property-default-value-removed": "INFO",
    "request-property-dependent-required-removed": "INFO",
    "request-property-dependent-schema-removed": "INFO",
    "request-property-discriminator-added": "INFO",
    "request-property-discriminator-property-name-changed": "INFO",
    "request-property-discriminator-removed": "INFO",
    "request-property-else-removed": "INFO",
    "request-property-enum-value-added": "INFO",
    "request-property-exclusive-max-increased": "INFO",
    "request-property-exclusive-min-decreased": "INFO",
    "request-property-if-removed": "INFO",
    "request-property-list-of-types-widened": "INFO",
    "request-property-max-contains-increased": "INFO",
    "request-property-max-increased": "INFO",
    "request-property-max-length-increased": "INFO",
    "request-property-min-contains-decreased": "INFO",
    "request-property-min-decreased": "INFO",
    "request-property-min-length-decreased": "INFO",
    "request-property-one-of-added": "INFO",
    "request-property-pattern-generalized": "INFO",
    "request-property-pattern-property-removed": "INFO",
    "request-property-pattern-removed": "INFO",
    "request-property-prefix-items-added": "INFO",
    "request-property-property-names-removed": "INFO",
    "request-property-then-removed": "INFO",
    "request-property-type-generalized": "INFO",
    "request-property-unevaluated-items-removed": "INFO",
    "request-property-unevaluated-properties-removed": "INFO",
    "request-required-property-became-read-only": "INFO",
    "response-body-all-of-added": "INFO",
    "response-body-all-of-added-annotation-only": "INFO",
    "response-body-all-of-removed": "INFO",
    "response-body-all-of-removed-annotation-only": "INFO",
    "response-body-any-of-added": "INFO",
    "response-body-any-of-removed": "INFO",
    "response-body-became-not-nullable": "INFO",
    "response-body-const-added": "INFO",
    "response-body-contains-added": "INFO",
    "response-body-content-schema-added": "INFO",
    "response-body-default-value-added": "INFO",
    "response-body-default-value-changed": "INFO",
    "response-body-default-value-removed": "INFO",
    "response-body-dependent-required-added": "INFO",
    "response-body-dependent-schema-added": "INFO",
    "response-body-discriminator-added": "INFO",
    "response-body-discriminator-property-name-changed": "INFO",
    "response-body-discriminator-removed": "INFO",
    "response-body-else-added": "INFO",
    "response-body-if-added": "INFO",
    "response-body-list-of-types-narrowed": "INFO",
    "response-body-max-contains-decreased": "INFO",
    "response-body-media-type-schema-added": "INFO",
    "response-body-min-contains-increased": "INFO",
    "response-body-one-of-removed": "INFO",
    "response-body-pattern-property-added": "INFO",
    "response-body-prefix-items-removed": "INFO",
    "response-body-property-names-added": "INFO",
    "response-body-then-added": "INFO",
    "response-body-type-specialized": "INFO",
    "response-body-unevaluated-items-added": "INFO",
    "response-body-unevaluated-properties-added": "INFO",
    "response-header-added": "INFO",
    "response-header-became-not-nullable": "INFO",
    "response-header-type-specialized": "INFO",
    "response-media-type-added": "INFO",
    "response-media-type-name-specialized": "INFO",
    "response-non-success-status-added": "INFO",
    "response-non-success-status-removed": "INFO",
    "response-optional-property-added": "INFO",
    "response-optional-property-became-write-only": "INFO",
    "response-property-all-of-added": "INFO",
    "response-property-all-of-added-annotation-only": "INFO",
    "response-property-all-of-removed": "INFO",
    "response-property-all-of-removed-annotation-only": "INFO",
    "response-property-any-of-added": "INFO",
    "response-property-any-of-removed": "INFO",
    "response-property-became-not-nullable": "INFO",
    "response-property-became-required": "INFO",
    "response-property-const-added": "INFO",
    "response-property-contains-added": "INFO",
    "response-property-content-schema-added": "INFO",
    "response-property-default-value-added": "INFO",
    "response-property-default-value-changed": "INFO",
    "response-property-default-value-removed": "INFO",
    "response-property-dependent-required-added": "INFO",
    "response-property-dependent-schema-added": "INFO",
    "response-property-discriminator-added": "INFO",
    "response-property-discriminator-property-name-changed": "INFO",
    "response-property-discriminator-removed": "INFO",
    "response-property-else-added": "INFO",
    "response-property-enum-value-removed": "INFO",
    "response-property-if-added": "INFO",
    "response-property-list-of-types-narrowed": "INFO",
    "response-property-max-contains-decreased": "INFO",
    "response-property-min-contains-increased": "INFO",
    "response-property-one-of-removed": "INFO",
    "response-property-pattern-added": "INFO",
    "response-property-pattern-changed": "INFO",
    "response-property-pattern-property-added": "INFO",
    "response-property-pattern-removed": "INFO",
    "response-property-prefix-items-removed": "INFO",
    "response-property-property-names-added": "INFO",
    "response-property-then-added": "INFO",
    "response-property-type-specialized": "INFO",
    "response-property-unevaluated-items-added": "INFO",
    "response-property-unevaluated-properties-added": "INFO",
    "response-required-property-added": "INFO",
    "response-required-property-became-write-only": "INFO",
    "response-success-status-added": "INFO",
    "response-write-only-property-became-optional": "INFO",
    "webhook-added": "INFO",
}


DIFFERS: dict[str, str] = {
    "response-property-enum-value-added": "ours breaking: the generated Enum(value) raises ValueError",
    "response-body-enum-value-added": "ours breaking: the generated Enum(value) raises ValueError",
    "response-success-status-added": "ours breaking: the generated client returns None for an unknown status",
    "api-operation-id-removed": "ours breaking: the generated function is renamed",
    "api-security-added": "ours breaking: calls without the new credentials fail",
    "api-security-scope-added": "ours breaking: calls without the new scope fail",
    "api-security-component-removed": "ours breaking: the scheme the calls used is gone",
    "request-parameter-default-value-changed": "ours warning: this SDK omits defaults, so callers get another value",
    "request-parameter-default-value-added": "ours info: a documented default for what was the service's choice",
    "request-parameter-default-value-removed": "ours warning: callers omitting it get whatever the service does",
    "request-property-default-value-changed": "ours warning: this SDK omits defaults, so callers get another value",
    "request-property-default-value-removed": "ours warning",
    "request-body-default-value-changed": "ours warning",
    "request-body-default-value-removed": "ours warning",
    "api-path-removed-with-deprecation": "ours warning: the generated function still disappears",
    "api-removed-with-deprecation": "ours warning: the generated function still disappears",
    "request-parameter-removed-with-deprecation": "ours breaking: the generated argument disappears",
    "request-parameter-removed": "ours breaking: the generated argument disappears",
    "request-property-removed": "ours breaking: the generated model loses the field",
    "response-required-property-became-write-only": "ours breaking: the generated model reads required fields",
    "response-optional-property-became-write-only": "ours warning: the field is no longer returned",
    "request-optional-property-became-read-only": "ours warning: the value sent is ignored",
    "request-required-property-became-read-only": "ours warning: the value sent is ignored",
    "response-body-media-type-schema-removed": "same level (warning)",
    "response-body-any-of-added": "ours breaking: the generated union gains a member the old client cannot parse",
    "response-property-any-of-added": "ours breaking: the generated union gains a member the old client cannot parse",
    "response-body-all-of-removed": "ours breaking here: the removed member carried a required property",
    "response-property-all-of-removed": "ours breaking here: the removed member carried a required property",
}
for _place in ("request-body", "request-property", "request-parameter"):
    for _what in (
        "max-set",
        "min-set",
        "max-length-set",
        "min-items-set",
        "exclusive-max-set",
        "exclusive-min-set",
    ):
        DIFFERS[f"{_place}-{_what}"] = "ours breaking: values once accepted are refused"
    DIFFERS[f"{_place}-pattern-changed"] = "same level (warning)"

S: Doc = {"type": "string"}
INT: Doc = {"type": "integer"}
NUM: Doc = {"type": "number"}
OBJ: Doc = {"type": "object"}
ARR: Doc = {"type": "array", "items": S}


def w(**kw: Any) -> Doc:
    return {**S, **kw}


def n(**kw: Any) -> Doc:
    return {**NUM, **kw}


def a(**kw: Any) -> Doc:
    return {**ARR, **kw}


def o(**kw: Any) -> Doc:
    return {**OBJ, **kw}


KEYWORD_CASES: dict[str, tuple[Doc, Doc]] = {
    "type-changed": (S, {"type": "boolean"}),
    "type-generalized": (INT, NUM),
    "type-specialized": (NUM, INT),
    "list-of-types-widened": ({"type": ["string"]}, {"type": ["string", "integer"]}),
    "list-of-types-narrowed": ({"type": ["string", "integer"]}, {"type": ["string"]}),
    "became-nullable": (S, {"type": ["string", "null"]}),
    "became-not-nullable": ({"type": ["string", "null"]}, S),
    "enum-value-removed": (w(enum=["a", "b"]), w(enum=["a"])),
    "enum-value-added": (w(enum=["a"]), w(enum=["a", "b"])),
    "became-enum": (S, w(enum=["a"])),
    "x-extensible-enum-value-removed": (
        w(**{"x-extensible-enum": ["a", "b"]}),
        w(**{"x-extensible-enum": ["a"]}),
    ),
    "min-length-decreased": (w(minLength=3), w(minLength=1)),
    "min-length-increased": (w(minLength=1), w(minLength=3)),
    "max-length-increased": (w(maxLength=5), w(maxLength=10)),
    "max-length-decreased": (w(maxLength=10), w(maxLength=5)),
    "max-length-set": (S, w(maxLength=10)),
    "max-length-unset": (w(maxLength=10), S),
    "min-decreased": (n(minimum=3), n(minimum=1)),
    "min-increased": (n(minimum=1), n(minimum=3)),
    "min-set": (NUM, n(minimum=1)),
    "max-increased": (n(maximum=5), n(maximum=10)),
    "max-decreased": (n(maximum=10), n(maximum=5)),
    "max-set": (NUM, n(maximum=10)),
    "exclusive-min-decreased": (n(exclusiveMinimum=3), n(exclusiveMinimum=1)),
    "exclusive-min-increased": (n(exclusiveMinimum=1), n(exclusiveMinimum=3)),
    "exclusive-min-set": (NUM, n(exclusiveMinimum=1)),
    "exclusive-max-increased": (n(exclusiveMaximum=5), n(exclusiveMaximum=10)),
    "exclusive-max-decreased": (n(exclusiveMaximum=10), n(exclusiveMaximum=5)),
    "exclusive-max-set": (NUM, n(exclusiveMaximum=10)),
    "min-items-increased": (a(minItems=1), a(minItems=3)),
    "min-items-decreased": (a(minItems=3), a(minItems=1)),
    "min-items-set": (ARR, a(minItems=2)),
    "min-items-unset": (a(minItems=2), ARR),
    "max-items-increased": (a(maxItems=3), a(maxItems=5)),
    "max-items-decreased": (a(maxItems=5), a(maxItems=3)),
    "min-contains-increased": (a(contains=S, minContains=1), a(contains=S, minContains=2)),
    "min-contains-decreased": (a(contains=S, minContains=2), a(contains=S, minContains=1)),
    "max-contains-increased": (a(contains=S, maxContains=2), a(contains=S, maxContains=4)),
    "max-contains-decreased": (a(contains=S, maxContains=4), a(contains=S, maxContains=2)),
    "pattern-added": (S, w(pattern="^[a-z]+$")),
    "pattern-removed": (w(pattern="^[a-z]+$"), S),
    "pattern-changed": (w(pattern="^[a-z]+$"), w(pattern="^[0-9]+$")),
    "pattern-generalized": (w(pattern="^[a-z]+$"), w(pattern=".*")),
    "default-value-added": (S, w(default="a")),
    "default-value-changed": (w(default="a"), w(default="b")),
    "default-value-removed": (w(default="a"), S),
    "const-added": (S, w(const="a")),
    "const-changed": (w(const="a"), w(const="b")),
    "const-removed": (w(const="a"), S),
    "contains-added": (ARR, a(contains={"const": "x"})),
    "contains-removed": (a(contains={"const": "x"}), ARR),
    "prefix-items-added": ({"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S, INT]}),
    "prefix-items-removed": (
        {"type": "array", "prefixItems": [S, INT]},
        {"type": "array", "prefixItems": [S]},
    ),
    "property-names-added": (OBJ, o(propertyNames={"maxLength": 3})),
    "property-names-removed": (o(propertyNames={"maxLength": 3}), OBJ),
    "dependent-required-added": (OBJ, o(dependentRequired={"a": ["b"]})),
    "dependent-required-removed": (o(dependentRequired={"a": ["b"]}), OBJ),
    "dependent-schema-added": (OBJ, o(dependentSchemas={"a": {"required": ["b"]}})),
    "dependent-schema-removed": (o(dependentSchemas={"a": {"required": ["b"]}}), OBJ),
    "if-added": (OBJ, o(**{"if": {"required": ["a"]}})),
    "if-removed": (o(**{"if": {"required": ["a"]}}), OBJ),
    "then-added": (OBJ, o(then={"required": ["b"]})),
    "then-removed": (o(then={"required": ["b"]}), OBJ),
    "else-added": (OBJ, o(**{"else": {"required": ["c"]}})),
    "else-removed": (o(**{"else": {"required": ["c"]}}), OBJ),
    "pattern-property-added": (OBJ, o(patternProperties={"^x-": S})),
    "pattern-property-removed": (o(patternProperties={"^x-": S}), OBJ),
    "unevaluated-properties-added": (OBJ, o(unevaluatedProperties=False)),
    "unevaluated-properties-removed": (o(unevaluatedProperties=False), OBJ),
    "unevaluated-items-added": ({"type": "array"}, {"type": "array", "unevaluatedItems": False}),
    "unevaluated-items-removed": ({"type": "array", "unevaluatedItems": False}, {"type": "array"}),
    "content-encoding-changed": (w(contentEncoding="base64"), w(contentEncoding="base32")),
    "content-media-type-changed": (w(contentMediaType="image/png"), w(contentMediaType="image/jpeg")),
    "content-schema-added": (
        w(contentMediaType="application/json"),
        w(contentMediaType="application/json", contentSchema=OBJ),
    ),
    "content-schema-removed": (
        w(contentMediaType="application/json", contentSchema=OBJ),
        w(contentMediaType="application/json"),
    ),
    "one-of-added": ({"oneOf": [S, INT]}, {"oneOf": [S, INT, {"type": "boolean"}]}),
    "one-of-removed": ({"oneOf": [S, INT, {"type": "boolean"}]}, {"oneOf": [S, INT]}),
    "any-of-added": ({"anyOf": [S, INT]}, {"anyOf": [S, INT, {"type": "boolean"}]}),
    "any-of-removed": ({"anyOf": [S, INT, {"type": "boolean"}]}, {"anyOf": [S, INT]}),
    "all-of-added": ({"allOf": [OBJ]}, {"allOf": [OBJ, {"required": ["z"], "properties": {"z": S}}]}),
    "all-of-removed": ({"allOf": [OBJ, {"required": ["z"], "properties": {"z": S}}]}, {"allOf": [OBJ]}),
    "all-of-added-annotation-only": ({"allOf": [OBJ]}, {"allOf": [OBJ, {"description": "more"}]}),
    "all-of-removed-annotation-only": ({"allOf": [OBJ, {"description": "more"}]}, {"allOf": [OBJ]}),
    "wrapped-in-one-of": (
        o(properties={"a": S}),
        {"oneOf": [o(properties={"a": S}), o(properties={"b": S})]},
    ),
    "discriminator-added": (
        {"oneOf": [o(properties={"kind": S}), o(properties={"kind": S, "x": INT})]},
        {
            "oneOf": [o(properties={"kind": S}), o(properties={"kind": S, "x": INT})],
            "discriminator": {"propertyName": "kind"},
        },
    ),
    "discriminator-removed": (
        {
            "oneOf": [o(properties={"kind": S}), o(properties={"kind": S, "x": INT})],
            "discriminator": {"propertyName": "kind"},
        },
        {"oneOf": [o(properties={"kind": S}), o(properties={"kind": S, "x": INT})]},
    ),
    "discriminator-property-name-changed": (
        o(discriminator={"propertyName": "kind"}),
        o(discriminator={"propertyName": "type"}),
    ),
}

DIRECTED: dict[str, tuple[Doc, Doc]] = {
    # a request is stricter with more names required; a response is looser with fewer
    "request-body-dependent-required-changed": (
        o(dependentRequired={"a": ["b"]}),
        o(dependentRequired={"a": ["b", "c"]}),
    ),
    "request-property-dependent-required-changed": (
        o(dependentRequired={"a": ["b"]}),
        o(dependentRequired={"a": ["b", "c"]}),
    ),
    "response-body-dependent-required-changed": (
        o(dependentRequired={"a": ["b", "c"]}),
        o(dependentRequired={"a": ["b"]}),
    ),
    "response-property-dependent-required-changed": (
        o(dependentRequired={"a": ["b", "c"]}),
        o(dependentRequired={"a": ["b"]}),
    ),
}


def base() -> Doc:
    """A small pets API (not the Dezgo spec), with every part the cases touch."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "pets", "version": "1"},
        "security": [{"Key": []}],
        "paths": {
            "/pets": {
                "post": {
                    "operationId": "create_pet",
                    "parameters": [{"name": "dry", "in": "query", "schema": {"type": "boolean"}}],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {
                                "x-rate": {"required": True, "schema": {"type": "integer"}},
                                "x-note": {"schema": {"type": "string"}},
                            },
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        },
                        "422": {"description": "invalid"},
                    },
                },
                "get": {"operationId": "list_pets", "responses": {"200": {"description": "ok"}}},
            },
            "/pets/{id}": {
                "get": {
                    "operationId": "get_pet",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "webhooks": {
            "petAdded": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            "schemas": {
                "NewPet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "nick": {"type": "string"}},
                },
                "Pet": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "nick": {"type": "string"},
                    },
                },
            },
        },
    }


def _post(d: Doc) -> Doc:
    return d["paths"]["/pets"]["post"]


def _new_pet(d: Doc) -> Doc:
    return d["components"]["schemas"]["NewPet"]


def _pet(d: Doc) -> Doc:
    return d["components"]["schemas"]["Pet"]


def _place(d: Doc, where: str, schema: Doc) -> None:
    """Put ``schema`` at one of oasdiff's places."""
    post = _post(d)
    if where == "request-body":
        post["requestBody"]["content"]["application/json"]["schema"] = schema
    elif where == "request-property":
        _new_pet(d)["properties"]["p"] = schema
    elif where == "request-parameter":
        post["parameters"].append({"name": "p", "in": "query", "schema": schema})
    elif where == "response-body":
        post["responses"]["200"]["content"]["application/json"]["schema"] = schema
    elif where == "response-property":
        _pet(d)["properties"]["p"] = schema
    elif where == "response-header":
        post["responses"]["200"]["headers"]["x-p"] = {"schema": schema}
    else:
        raise ValueError(where)


Mutation = Callable[[Doc], Any]


def _deprecate(op: Doc, sunset: str | None = None) -> None:
    op["deprecated"] = True
    if sunset is not None:
        op["x-sunset"] = sunset


def _all(*steps: Mutation) -> Mutation:
    def run(d: Doc) -> None:
        for step in steps:
            step(d)

    return run


# (mutate the old side first, or None; then mutate the new side)
MUTATIONS: dict[str, tuple[Mutation | None, Mutation]] = {
    "endpoint-added": (
        None,
        lambda d: d["paths"].update({"/toys": {"get": {"responses": {"200": {"description": "ok"}}}}}),
    ),
    "api-path-removed-without-deprecation": (None, lambda d: d["paths"].pop("/pets/{id}")),
    "api-path-removed-with-deprecation": (
        lambda d: _deprecate(d["paths"]["/pets/{id}"]["get"], "2020-01-01"),
        lambda d: d["paths"].pop("/pets/{id}"),
    ),
    "api-path-removed-before-sunset": (
        lambda d: _deprecate(d["paths"]["/pets/{id}"]["get"], "2999-01-01"),
        lambda d: d["paths"].pop("/pets/{id}"),
    ),
    "api-removed-without-deprecation": (None, lambda d: d["paths"]["/pets"].pop("get")),
    "api-removed-with-deprecation": (
        lambda d: _deprecate(d["paths"]["/pets"]["get"], "2020-01-01"),
        lambda d: d["paths"]["/pets"].pop("get"),
    ),
    "api-removed-before-sunset": (
        lambda d: _deprecate(d["paths"]["/pets"]["get"], "2999-01-01"),
        lambda d: d["paths"]["/pets"].pop("get"),
    ),
    "sunset-deleted": (
        lambda d: _deprecate(d["paths"]["/pets"]["get"], "2999-01-01"),
        lambda d: d["paths"]["/pets"]["get"].pop("x-sunset"),
    ),
    "api-sunset-date-changed-too-small": (
        lambda d: _deprecate(d["paths"]["/pets"]["get"], "2999-01-01"),
        lambda d: d["paths"]["/pets"]["get"].update({"x-sunset": "2998-01-01"}),
    ),
    "endpoint-deprecated": (None, lambda d: _deprecate(d["paths"]["/pets"]["get"])),
    "endpoint-reactivated": (
        lambda d: _deprecate(d["paths"]["/pets"]["get"]),
        lambda d: d["paths"]["/pets"]["get"].pop("deprecated"),
    ),
    "webhook-added": (None, lambda d: d["webhooks"].update(petGone=copy.deepcopy(d["webhooks"]["petAdded"]))),
    "webhook-removed": (None, lambda d: d["webhooks"].pop("petAdded")),
    "api-operation-id-removed": (None, lambda d: _post(d).update(operationId="add_pet")),
    "api-security-added": (
        lambda d: d["paths"]["/pets"]["get"].update(security=[]),
        lambda d: d["paths"]["/pets"]["get"].pop("security"),
    ),
    "api-security-removed": (None, lambda d: d["paths"]["/pets"]["get"].update(security=[])),
    "api-security-scope-added": (
        lambda d: (
            d["components"]["securitySchemes"].update(
                OAuth={
                    "type": "oauth2",
                    "flows": {"clientCredentials": {"tokenUrl": "https://a/t", "scopes": {"r": "", "w": ""}}},
                }
            ),
            _post(d).update(security=[{"OAuth": ["r"]}]),
        ),
        lambda d: _post(d).update(security=[{"OAuth": ["r", "w"]}]),
    ),
    "api-security-component-removed": (
        lambda d: d["components"]["securitySchemes"].update(Other={"type": "http", "scheme": "bearer"}),
        lambda d: d["components"]["securitySchemes"].pop("Other"),
    ),
    "api-tag-added": (None, lambda d: d["paths"]["/pets"]["get"].update(tags=["pets"])),
    "new-required-request-parameter": (
        None,
        lambda d: _post(d)["parameters"].append(
            {"name": "owner", "in": "query", "required": True, "schema": S}
        ),
    ),
    "new-optional-request-parameter": (
        None,
        lambda d: _post(d)["parameters"].append({"name": "owner", "in": "query", "schema": S}),
    ),
    "new-request-path-parameter": (
        lambda d: d["paths"]["/pets/{id}"]["get"].update(parameters=[]),
        lambda d: d["paths"]["/pets/{id}"]["get"].update(
            parameters=[{"name": "id", "in": "path", "required": True, "schema": S}]
        ),
    ),
    "request-parameter-removed": (None, lambda d: _post(d)["parameters"].clear()),
    "request-parameter-became-required": (None, lambda d: _post(d)["parameters"][0].update(required=True)),
    "request-parameter-became-optional": (
        lambda d: _post(d)["parameters"][0].update(required=True),
        lambda d: _post(d)["parameters"][0].update(required=False),
    ),
    "request-parameter-removed-with-deprecation": (
        lambda d: _post(d)["parameters"][0].update(deprecated=True),
        lambda d: _post(d)["parameters"].clear(),
    ),
    "request-parameter-deprecated": (None, lambda d: _post(d)["parameters"][0].update(deprecated=True)),
    "request-body-added-required": (
        None,
        lambda d: d["paths"]["/pets"]["get"].update(
            requestBody={"required": True, "content": {"application/json": {"schema": OBJ}}}
        ),
    ),
    "request-body-added-optional": (
        None,
        lambda d: d["paths"]["/pets"]["get"].update(
            requestBody={"content": {"application/json": {"schema": OBJ}}}
        ),
    ),
    "request-body-removed": (None, lambda d: _post(d).pop("requestBody")),
    "request-body-became-required": (
        lambda d: _post(d)["requestBody"].update(required=False),
        lambda d: _post(d)["requestBody"].update(required=True),
    ),
    "request-body-became-optional": (None, lambda d: _post(d)["requestBody"].update(required=False)),
    "request-body-media-type-added": (
        None,
        lambda d: _post(d)["requestBody"]["content"].update({"application/xml": {"schema": OBJ}}),
    ),
    "request-body-media-type-removed": (
        lambda d: _post(d)["requestBody"]["content"].update({"application/xml": {"schema": OBJ}}),
        lambda d: _post(d)["requestBody"]["content"].pop("application/xml"),
    ),
    "request-body-media-type-schema-added": (
        lambda d: _post(d)["requestBody"]["content"].update({"application/json": {}}),
        lambda d: _post(d)["requestBody"]["content"]["application/json"].update(
            schema={"$ref": "#/components/schemas/NewPet"}
        ),
    ),
    "request-body-media-type-schema-removed": (
        None,
        lambda d: _post(d)["requestBody"]["content"]["application/json"].pop("schema"),
    ),
    "new-required-request-property": (
        None,
        lambda d: (_new_pet(d)["properties"].update(age=INT), _new_pet(d)["required"].append("age")),
    ),
    "new-optional-request-property": (None, lambda d: _new_pet(d)["properties"].update(age=INT)),
    "new-required-request-property-with-default": (
        None,
        lambda d: (
            _new_pet(d)["properties"].update(age={"type": "integer", "default": 1}),
            _new_pet(d)["required"].append("age"),
        ),
    ),
    "request-property-became-required": (None, lambda d: _new_pet(d)["required"].append("nick")),
    "request-property-became-required-with-default": (
        lambda d: _new_pet(d)["properties"]["nick"].update(default="x"),
        lambda d: _new_pet(d)["required"].append("nick"),
    ),
    "request-property-became-optional": (None, lambda d: _new_pet(d).update(required=[])),
    "request-property-removed": (None, lambda d: _new_pet(d)["properties"].pop("nick")),
    "response-success-status-added": (
        None,
        lambda d: _post(d)["responses"].update({"201": {"description": "created"}}),
    ),
    "response-success-status-removed": (
        None,
        lambda d: _post(d)["responses"].update({"201": _post(d)["responses"].pop("200")}),
    ),
    "response-non-success-status-added": (
        None,
        lambda d: _post(d)["responses"].update({"409": {"description": "conflict"}}),
    ),
    "response-non-success-status-removed": (None, lambda d: _post(d)["responses"].pop("422")),
    "response-media-type-added": (
        None,
        lambda d: _post(d)["responses"]["200"]["content"].update({"application/xml": {"schema": OBJ}}),
    ),
    "response-media-type-removed": (
        lambda d: _post(d)["responses"]["200"]["content"].update({"application/xml": {"schema": OBJ}}),
        lambda d: _post(d)["responses"]["200"]["content"].pop("application/xml"),
    ),
    "response-media-type-name-generalized": (
        lambda d: _post(d)["responses"]["200"].update(content={"application/problem+json": {"schema": OBJ}}),
        lambda d: _post(d)["responses"]["200"].update(content={"application/json": {"schema": OBJ}}),
    ),
    "response-media-type-name-specialized": (
        lambda d: _post(d)["responses"]["200"].update(content={"application/json": {"schema": OBJ}}),
        lambda d: _post(d)["responses"]["200"].update(content={"application/problem+json": {"schema": OBJ}}),
    ),
    "response-body-media-type-schema-added": (
        lambda d: _post(d)["responses"]["200"]["content"]["application/json"].pop("schema"),
        lambda d: _post(d)["responses"]["200"]["content"]["application/json"].update(
            schema={"$ref": "#/components/schemas/Pet"}
        ),
    ),
    "response-body-media-type-schema-removed": (
        None,
        lambda d: _post(d)["responses"]["200"]["content"]["application/json"].pop("schema"),
    ),
    "response-required-property-removed": (
        None,
        lambda d: (_pet(d)["properties"].pop("name"), _pet(d)["required"].remove("name")),
    ),
    "response-optional-property-removed": (None, lambda d: _pet(d)["properties"].pop("nick")),
    "response-property-became-optional": (None, lambda d: _pet(d)["required"].remove("name")),
    "response-property-became-required": (None, lambda d: _pet(d)["required"].append("nick")),
    "response-optional-property-added": (None, lambda d: _pet(d)["properties"].update(age=INT)),
    "response-required-property-added": (
        None,
        lambda d: (_pet(d)["properties"].update(age=INT), _pet(d)["required"].append("age")),
    ),
    "response-required-property-became-write-only": (
        None,
        lambda d: _pet(d)["properties"]["name"].update(writeOnly=True),
    ),
    "response-optional-property-became-write-only": (
        None,
        lambda d: _pet(d)["properties"]["nick"].update(writeOnly=True),
    ),
    "response-write-only-property-became-optional": (
        lambda d: (
            _pet(d)["properties"].update(secret={"type": "string", "writeOnly": True}),
            _pet(d)["required"].append("secret"),
        ),
        lambda d: _pet(d)["required"].remove("secret"),
    ),
    "request-optional-property-became-read-only": (
        None,
        lambda d: _new_pet(d)["properties"]["nick"].update(readOnly=True),
    ),
    "request-required-property-became-read-only": (
        None,
        lambda d: _new_pet(d)["properties"]["name"].update(readOnly=True),
    ),
    "required-response-header-removed": (
        None,
        lambda d: _post(d)["responses"]["200"]["headers"].pop("x-rate"),
    ),
    "optional-response-header-removed": (
        None,
        lambda d: _post(d)["responses"]["200"]["headers"].pop("x-note"),
    ),
    "response-header-became-optional": (
        None,
        lambda d: _post(d)["responses"]["200"]["headers"]["x-rate"].update(required=False),
    ),
    "response-header-added": (
        None,
        lambda d: _post(d)["responses"]["200"]["headers"].update({"x-new": {"schema": S}}),
    ),
}

PLACES = (
    "request-body",
    "request-property",
    "request-parameter",
    "response-body",
    "response-property",
    "response-header",
)


def cases() -> list[tuple[str, str, Doc, Doc]]:
    """(oasdiff rule id, its level, old spec, new spec) for every rule with a case, in a stable order."""
    out: list[tuple[str, str, Doc, Doc]] = []
    for place in PLACES:
        for suffix, (before, after) in KEYWORD_CASES.items():
            rule = f"{place}-{suffix}"
            if rule not in OASDIFF_LEVELS:
                continue
            old, new = base(), base()
            _place(old, place, copy.deepcopy(before))
            _place(new, place, copy.deepcopy(after))
            out.append((rule, OASDIFF_LEVELS[rule], old, new))
    for rule, (before, after) in DIRECTED.items():
        place = rule.rsplit("-dependent", 1)[0]
        old, new = base(), base()
        _place(old, place, copy.deepcopy(before))
        _place(new, place, copy.deepcopy(after))
        out.append((rule, OASDIFF_LEVELS[rule], old, new))
    for rule, (prepare, mutate) in MUTATIONS.items():
        old = base()
        if prepare is not None:
            prepare(old)
        new = copy.deepcopy(old)
        mutate(new)
        out.append((rule, OASDIFF_LEVELS[rule], old, new))
    return out
