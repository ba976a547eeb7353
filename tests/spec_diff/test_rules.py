"""Every rule of the registry has its own old/new pair here, and fires exactly where it should.

Operation-level rules mutate a small spec (``CASES``); schema-keyword rules put an
old and a new schema at a request property and at a response property
(``KEYWORD_CASES``), so each keyword is judged in both directions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from dezgo.spec.diff import RULES, diff_specs


def base() -> dict[str, Any]:
    """A small spec with everything the rules look at."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "security": [{"Key": []}],
        "paths": {
            "/gen/{job}": {
                "post": {
                    "operationId": "gen_post",
                    "parameters": [
                        {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "mode",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["a", "b"]},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Body"}},
                            "multipart/form-data": {
                                "schema": {"$ref": "#/components/schemas/Upload"},
                                "encoding": {"image": {"contentType": "image/png"}},
                            },
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {
                                "x-cost": {"required": True, "schema": {"type": "string"}},
                                "x-note": {"required": False, "schema": {"type": "string"}},
                            },
                            "content": {
                                "image/png": {"schema": {"type": "string", "format": "binary"}},
                                "application/json": {"schema": {"$ref": "#/components/schemas/Result"}},
                            },
                        },
                        "422": {"description": "bad"},
                    },
                }
            },
            "/info": {
                "get": {
                    "operationId": "info_get",
                    "security": [],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "components": {
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            "schemas": {
                "Body": {
                    "title": "Body",
                    "type": "object",
                    "required": ["prompt"],
                    "properties": {
                        "prompt": {"type": "string", "maxLength": 100, "minLength": 1},
                        "width": {"type": "integer", "minimum": 64, "maximum": 1024, "multipleOf": 8},
                        "sampler": {"type": "string", "enum": ["x", "y"], "default": "x"},
                        "style": {"type": "string"},
                        "code": {"type": "string", "pattern": "^[a-z]+$"},
                        "note": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 4},
                        "extra": {"type": "object", "properties": {"k": {"type": "string"}}},
                        "choice": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "ratio": {"type": "integer"},
                        "p": {"type": "string"},
                    },
                },
                "Extra": {"minProperties": 1},
                "Upload": {
                    "title": "Upload",
                    "type": "object",
                    "properties": {"image": {"type": "string", "format": "binary"}},
                },
                "Result": {
                    "title": "Result",
                    "type": "object",
                    "required": ["id", "state"],
                    "properties": {
                        "id": {"type": "string"},
                        "state": {"type": "string", "enum": ["done", "failed"]},
                        "score": {"type": "integer", "maximum": 10, "minimum": 0},
                        "hint": {"type": "string"},
                        "any": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "secret": {"type": "string"},
                        "meta": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {"a": {"type": "string"}},
                        },
                        "amount": {"type": "number"},
                        "p": {"type": "string"},
                    },
                },
            },
        },
    }


Mutation = Callable[[dict[str, Any]], None]
OP = ("paths", "/gen/{job}", "post")


def at(doc: dict[str, Any], *path: str) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def body(doc):
    return doc["components"]["schemas"]["Body"]


def result(doc):
    return doc["components"]["schemas"]["Result"]


def params(doc):
    return at(doc, *OP, "parameters")


def info_get(doc):
    return doc["paths"]["/info"]["get"]


def deprecate(op: dict[str, Any], sunset: str | None = None) -> None:
    op["deprecated"] = True
    if sunset:
        op["x-sunset"] = sunset


WEBHOOK = {
    "post": {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}},
        "responses": {"200": {"description": "ok"}},
    }
}
CALLBACK = {"{$request.body#/url}": WEBHOOK}
OAUTH = {
    "type": "oauth2",
    "flows": {"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {"read": "", "write": ""}}},
}

CASES: dict[str, Mutation] = {
    # paths, operations, lifecycle
    "api-path-removed-without-deprecation": lambda d: d["paths"].pop("/info"),
    "api-path-removed-with-deprecation": lambda d: d["paths"].pop("/info"),
    "api-path-removed-before-sunset": lambda d: d["paths"].pop("/info"),
    "api-removed-without-deprecation": lambda d: d["paths"]["/info"].pop("delete"),
    "api-removed-with-deprecation": lambda d: d["paths"]["/info"].pop("delete"),
    "api-removed-before-sunset": lambda d: d["paths"]["/info"].pop("delete"),
    "api-sunset-deleted": lambda d: info_get(d).pop("x-sunset"),
    "api-sunset-date-changed-too-small": lambda d: info_get(d).update({"x-sunset": "2998-01-01"}),
    "endpoint-added": lambda d: d["paths"].update(
        {"/new": {"get": {"responses": {"200": {"description": "ok"}}}}}
    ),
    "endpoint-deprecated": lambda d: at(d, *OP).update(deprecated=True),
    "endpoint-reactivated": lambda d: info_get(d).pop("deprecated"),
    "api-operation-id-changed": lambda d: at(d, *OP).update(operationId="generate"),
    "webhook-added": lambda d: d.update(webhooks={"done": copy.deepcopy(WEBHOOK)}),
    "webhook-removed": lambda d: d.pop("webhooks"),
    "api-callback-added": lambda d: at(d, *OP).update(callbacks={"onDone": copy.deepcopy(CALLBACK)}),
    "api-callback-removed": lambda d: at(d, *OP).pop("callbacks"),
    "api-server-added": lambda d: d.update(servers=[{"url": "https://a"}, {"url": "https://b"}]),
    "api-server-removed": lambda d: d.update(servers=[]),
    "schema-renamed": lambda d: (
        d["components"]["schemas"].update(Outcome=d["components"]["schemas"].pop("Result"))
        or at(d, *OP, "responses", "200", "content", "application/json").update(
            schema={"$ref": "#/components/schemas/Outcome"}
        )
    ),
    "schema-title-changed": lambda d: result(d).update(title="Outcome"),
    # parameters
    "new-required-request-parameter": lambda d: params(d).append(
        {"name": "x-trace", "in": "header", "required": True, "schema": {"type": "string"}}
    ),
    "new-optional-request-parameter": lambda d: params(d).append(
        {"name": "page", "in": "query", "schema": {"type": "integer"}}
    ),
    "request-parameter-removed": lambda d: params(d).pop(1),
    "request-parameter-became-required": lambda d: params(d)[1].update(required=True),
    "request-parameter-became-optional": lambda d: params(d)[1].update(required=False),
    "request-parameter-location-changed": lambda d: params(d)[1].update({"in": "header"}),
    "request-parameter-deprecated": lambda d: params(d)[1].update(deprecated=True),
    "request-parameter-serialization-changed": lambda d: params(d)[1].update(style="spaceDelimited"),
    "request-path-parameter-renamed": lambda d: (
        d["paths"].update({"/gen/{id}": d["paths"].pop("/gen/{job}")}),
        d["paths"]["/gen/{id}"]["post"]["parameters"][0].update(name="id"),
    ),
    # request bodies
    "request-body-added-required": lambda d: info_get(d).update(
        requestBody={"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    ),
    "request-body-added-optional": lambda d: info_get(d).update(
        requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}
    ),
    "request-body-became-required": lambda d: at(d, *OP, "requestBody").update(required=True),
    "request-body-became-optional": lambda d: at(d, *OP, "requestBody").update(required=False),
    "request-body-removed": lambda d: at(d, *OP).pop("requestBody"),
    "request-body-media-type-removed": lambda d: at(d, *OP, "requestBody", "content").pop(
        "multipart/form-data"
    ),
    "request-body-media-type-added": lambda d: at(d, *OP, "requestBody", "content").update(
        {"application/xml": {"schema": {"type": "object"}}}
    ),
    "request-body-media-type-added-shared-schema": lambda d: at(d, *OP, "requestBody", "content").update(
        {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Body"}}}
    ),
    "request-body-media-type-schema-added": lambda d: at(
        d, *OP, "requestBody", "content", "text/plain"
    ).update(schema={"type": "string", "maxLength": 5}),
    "request-body-media-type-schema-removed": lambda d: at(
        d, *OP, "requestBody", "content", "text/plain"
    ).pop("schema"),
    "request-part-content-type-changed": lambda d: at(
        d, *OP, "requestBody", "content", "multipart/form-data", "encoding", "image"
    ).update(contentType="image/jpeg"),
    "request-part-encoding-changed": lambda d: at(
        d, *OP, "requestBody", "content", "multipart/form-data", "encoding", "image"
    ).update(style="form"),
    # properties
    "new-required-request-property": lambda d: (
        body(d)["properties"].update(seed={"type": "integer"}),
        body(d)["required"].append("seed"),
    ),
    "new-optional-request-property": lambda d: body(d)["properties"].update(seed={"type": "integer"}),
    "request-property-removed": lambda d: body(d)["properties"].pop("note"),
    "request-property-became-required": lambda d: body(d)["required"].append("note"),
    "request-property-became-optional": lambda d: body(d).update(required=[]),
    "request-property-became-read-only": lambda d: body(d)["properties"]["note"].update(readOnly=True),
    # responses
    "response-success-status-removed": lambda d: at(d, *OP, "responses").pop("200"),
    "response-success-status-added": lambda d: at(d, *OP, "responses").update(
        {"202": {"description": "accepted"}}
    ),
    "response-non-success-status-removed": lambda d: at(d, *OP, "responses").pop("422"),
    "response-non-success-status-added": lambda d: at(d, *OP, "responses").update(
        {"429": {"description": "slow"}}
    ),
    "response-media-type-removed": lambda d: at(d, *OP, "responses", "200", "content").pop("image/png"),
    "response-media-type-name-specialized": lambda d: at(d, *OP, "responses", "200", "content").update(
        {"application/problem+json": at(d, *OP, "responses", "200", "content").pop("application/json")}
    ),
    "response-media-type-name-generalized": lambda d: at(d, *OP, "responses", "200", "content").update(
        {"application/json": at(d, *OP, "responses", "200", "content").pop("application/problem+json")}
    ),
    "response-media-type-added": lambda d: at(d, *OP, "responses", "200", "content").update(
        {"image/webp": {"schema": {"type": "string"}}}
    ),
    "response-body-media-type-schema-removed": lambda d: at(
        d, *OP, "responses", "200", "content", "image/png"
    ).pop("schema"),
    "response-body-media-type-schema-added": lambda d: at(
        d, *OP, "responses", "200", "content", "image/png"
    ).update(schema={"type": "string", "format": "binary"}),
    "required-response-header-removed": lambda d: at(d, *OP, "responses", "200", "headers").pop("x-cost"),
    "optional-response-header-removed": lambda d: at(d, *OP, "responses", "200", "headers").pop("x-note"),
    "response-header-became-optional": lambda d: at(d, *OP, "responses", "200", "headers", "x-cost").update(
        required=False
    ),
    "response-header-added": lambda d: at(d, *OP, "responses", "200", "headers").update(
        {"x-new": {"schema": {"type": "string"}}}
    ),
    "response-link-added": lambda d: at(d, *OP, "responses", "200", "links").update(
        {"again": {"operationId": "gen_post"}}
    ),
    "response-link-changed": lambda d: at(d, *OP, "responses", "200", "links", "info").update(
        operationId="gen_post"
    ),
    "response-link-removed": lambda d: at(d, *OP, "responses", "200", "links").pop("info"),
    "response-required-property-removed": lambda d: (
        result(d)["properties"].pop("id"),
        result(d)["required"].remove("id"),
    ),
    "response-optional-property-removed": lambda d: result(d)["properties"].pop("hint"),
    "response-property-became-optional": lambda d: result(d)["required"].remove("state"),
    "response-property-became-required": lambda d: result(d)["required"].append("hint"),
    "response-property-added": lambda d: result(d)["properties"].update(url={"type": "string"}),
    "response-required-property-became-write-only": lambda d: result(d)["properties"]["id"].update(
        writeOnly=True
    ),
    "response-optional-property-became-write-only": lambda d: result(d)["properties"]["secret"].update(
        writeOnly=True
    ),
    # security
    "api-security-added": lambda d: info_get(d).pop("security"),
    "api-security-removed": lambda d: at(d, *OP).update(security=[]),
    "api-security-scope-added": lambda d: at(d, *OP).update(security=[{"OAuth": ["read", "write"]}]),
    "security-scheme-changed": lambda d: d["components"]["securitySchemes"]["Key"].update(name="X-Other-Key"),
    "security-scheme-removed": lambda d: d["components"]["securitySchemes"].pop("Other"),
}

# The old side of cases about something the base spec lacks.
PREPARE: dict[str, Mutation] = {
    "api-path-removed-with-deprecation": lambda d: deprecate(info_get(d)),
    "api-path-removed-before-sunset": lambda d: deprecate(info_get(d), "2999-01-01"),
    "api-removed-without-deprecation": lambda d: d["paths"]["/info"].update(
        delete={"responses": {"200": {"description": "ok"}}}
    ),
    "api-removed-with-deprecation": lambda d: d["paths"]["/info"].update(
        delete={"deprecated": True, "x-sunset": "2020-01-01", "responses": {"200": {"description": "ok"}}}
    ),
    "api-removed-before-sunset": lambda d: d["paths"]["/info"].update(
        delete={"deprecated": True, "x-sunset": "2999-01-01", "responses": {"200": {"description": "ok"}}}
    ),
    "api-sunset-deleted": lambda d: deprecate(info_get(d), "2999-01-01"),
    "api-sunset-date-changed-too-small": lambda d: deprecate(info_get(d), "2999-01-01"),
    "endpoint-reactivated": lambda d: deprecate(info_get(d)),
    "webhook-removed": lambda d: d.update(webhooks={"done": copy.deepcopy(WEBHOOK)}),
    "api-callback-removed": lambda d: at(d, *OP).update(callbacks={"onDone": copy.deepcopy(CALLBACK)}),
    "api-server-added": lambda d: d.update(servers=[{"url": "https://a"}]),
    "api-server-removed": lambda d: d.update(servers=[{"url": "https://a"}]),
    "request-body-became-required": lambda d: at(d, *OP, "requestBody").update(required=False),
    "request-parameter-became-optional": lambda d: params(d)[1].update(required=True),
    "response-media-type-name-generalized": lambda d: at(d, *OP, "responses", "200", "content").update(
        {"application/problem+json": at(d, *OP, "responses", "200", "content").pop("application/json")}
    ),
    "request-body-media-type-schema-added": lambda d: at(d, *OP, "requestBody", "content").update(
        {"text/plain": {}}
    ),
    "request-body-media-type-schema-removed": lambda d: at(d, *OP, "requestBody", "content").update(
        {"text/plain": {"schema": {"type": "string"}}}
    ),
    "response-body-media-type-schema-added": lambda d: at(
        d, *OP, "responses", "200", "content", "image/png"
    ).pop("schema"),
    "response-link-added": lambda d: at(d, *OP, "responses", "200").update(
        links={"info": {"operationId": "info_get"}}
    ),
    "response-link-changed": lambda d: at(d, *OP, "responses", "200").update(
        links={"info": {"operationId": "info_get"}}
    ),
    "response-link-removed": lambda d: at(d, *OP, "responses", "200").update(
        links={"info": {"operationId": "info_get"}}
    ),
    "api-security-scope-added": lambda d: (
        d["components"]["securitySchemes"].update(OAuth=copy.deepcopy(OAUTH)),
        at(d, *OP).update(security=[{"OAuth": ["read"]}]),
    ),
    "security-scheme-removed": lambda d: d["components"]["securitySchemes"].update(
        Other={"type": "http", "scheme": "bearer"}
    ),
}

# Schema keyword rules: (old, new) for the property "p" of the request body or of the response.
S, OBJ, ARR = {"type": "string"}, {"type": "object"}, {"type": "array", "items": {"type": "string"}}
EXTRA = {"$ref": "#/components/schemas/Extra"}
_BOTH: dict[str, tuple[Any, Any]] = {
    "type-changed": (S, {"type": "boolean"}),
    "type-generalized": ({"type": "integer"}, {"type": "number"}),
    "type-specialized": ({"type": "number"}, {"type": "integer"}),
    "became-nullable": (S, {"type": ["string", "null"]}),
    "became-not-nullable": ({"type": ["string", "null"]}, S),
    "format-added": (S, {"type": "string", "format": "uuid"}),
    "format-removed": ({"type": "string", "format": "date-time"}, S),
    "format-changed": ({"type": "string", "format": "email"}, {"type": "string", "format": "uri"}),
    "format-generalized": ({"type": "integer", "format": "int32"}, {"type": "integer", "format": "int64"}),
    "enum-value-removed": ({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a"]}),
    "enum-value-added": ({"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", "b"]}),
    "became-enum": (S, {"type": "string", "enum": ["a"]}),
    "enum-removed": ({"type": "string", "enum": ["a"]}, S),
    "x-extensible-enum-value-removed": (
        {"type": "string", "x-extensible-enum": ["a", "b"]},
        {"type": "string", "x-extensible-enum": ["a"]},
    ),
    "const-added": (S, {"type": "string", "const": "a"}),
    "const-changed": ({"type": "string", "const": "a"}, {"type": "string", "const": "b"}),
    "const-removed": ({"type": "string", "const": "a"}, S),
    "max-set": ({"type": "integer"}, {"type": "integer", "maximum": 10}),
    "min-set": (S, {"type": "string", "minLength": 2}),
    "max-decreased": ({"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 5}),
    "max-increased": ({"type": "string", "maxLength": 5}, {"type": "string", "maxLength": 10}),
    "min-increased": ({"type": "array", "minItems": 1}, {"type": "array", "minItems": 2}),
    "min-decreased": ({"type": "number", "exclusiveMinimum": 1}, {"type": "number", "exclusiveMinimum": 0}),
    "multiple-of-changed": ({"type": "integer", "multipleOf": 8}, {"type": "integer", "multipleOf": 64}),
    "unique-items-set": (ARR, {**ARR, "uniqueItems": True}),
    "pattern-added": ({"type": "string", "pattern": ""}, {"type": "string", "pattern": "^a"}),
    "pattern-changed": ({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}),
    "pattern-removed": ({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": ".*"}),
    "default-value-changed": ({"type": "string", "default": "a"}, {"type": "string", "default": "b"}),
    "default-value-removed": ({"type": "string", "default": "a"}, S),
    "default-value-added": (S, {"type": "string", "default": "a"}),
    "additional-properties-restricted": (OBJ, {"type": "object", "additionalProperties": False}),
    "additional-properties-opened": ({"type": "object", "additionalProperties": False}, OBJ),
    "prefix-items-added": (
        {"type": "array", "prefixItems": [S]},
        {"type": "array", "prefixItems": [S, {"type": "integer"}]},
    ),
    "prefix-items-removed": (
        {"type": "array", "prefixItems": [S, {"type": "integer"}]},
        {"type": "array", "prefixItems": [S]},
    ),
    "if-changed": (
        {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        {"type": "object", "if": {"required": ["c"]}, "then": {"required": ["b"]}},
    ),
    "dependent-required-added": (OBJ, {"type": "object", "dependentRequired": {"a": ["b"]}}),
    "dependent-required-removed": ({"type": "object", "dependentRequired": {"a": ["b"]}}, OBJ),
    "content-media-type-changed": (
        {"type": "string", "contentMediaType": "image/png"},
        {"type": "string", "contentMediaType": "image/jpeg"},
    ),
    "content-encoding-changed": (
        {"type": "string", "contentEncoding": "base64"},
        {"type": "string", "contentEncoding": "base32"},
    ),
    "all-of-added": ({"allOf": [OBJ]}, {"allOf": [OBJ, EXTRA]}),
    "all-of-removed": ({"allOf": [OBJ, EXTRA]}, {"allOf": [OBJ]}),
    "one-of-added": (
        {"oneOf": [S, {"type": "integer"}]},
        {"oneOf": [S, {"type": "integer"}, {"type": "boolean"}]},
    ),
    "one-of-removed": (
        {"oneOf": [S, {"type": "integer"}, {"type": "boolean"}]},
        {"oneOf": [S, {"type": "integer"}]},
    ),
    "any-of-added": (
        {"anyOf": [S, {"type": "integer"}]},
        {"anyOf": [S, {"type": "integer"}, {"type": "boolean"}]},
    ),
    "any-of-removed": (
        {"anyOf": [S, {"type": "integer"}, {"type": "boolean"}]},
        {"anyOf": [S, {"type": "integer"}]},
    ),
    "wrapped-in-one-of": (S, {"oneOf": [S, {"type": "string", "format": "email"}]}),
    "discriminator-changed": (
        {"type": "object", "discriminator": {"propertyName": "kind"}},
        {"type": "object", "discriminator": {"propertyName": "type"}},
    ),
}
for _keyword, _suffix, _base, _value in (
    ("propertyNames", "property-names", OBJ, {"maxLength": 3}),
    ("if", "if", OBJ, {"required": ["a"]}),
    ("then", "then", OBJ, {"required": ["b"]}),
    ("else", "else", OBJ, {"required": ["c"]}),
    ("contains", "contains", ARR, {"const": "x"}),
    ("unevaluatedProperties", "unevaluated-properties", OBJ, False),
    ("unevaluatedItems", "unevaluated-items", {"type": "array"}, False),
    ("contentSchema", "content-schema", {"type": "string", "contentMediaType": "application/json"}, OBJ),
    ("not", "not", S, {"const": "x"}),
    ("patternProperties", "pattern-property", OBJ, {"^x-": S}),
    ("dependentSchemas", "dependent-schema", OBJ, {"a": {"required": ["b"]}}),
):
    _BOTH[f"{_suffix}-added"] = (_base, {**_base, _keyword: _value})
    _BOTH[f"{_suffix}-removed"] = ({**_base, _keyword: _value}, _base)
_DIRECTED: dict[str, tuple[Any, Any]] = {
    # stricter for a request means more names required; for a response, fewer
    "request-property-dependent-required-changed": (
        {"type": "object", "dependentRequired": {"a": ["b"]}},
        {"type": "object", "dependentRequired": {"a": ["b", "c"]}},
    ),
    "response-property-dependent-required-changed": (
        {"type": "object", "dependentRequired": {"a": ["b", "c"]}},
        {"type": "object", "dependentRequired": {"a": ["b"]}},
    ),
    "response-property-min-decreased": ({"type": "integer", "minimum": 1}, {"type": "integer"}),
    "response-property-max-increased": ({"type": "integer", "maximum": 1}, {"type": "integer", "maximum": 2}),
}
KEYWORD_CASES: dict[str, tuple[Any, Any]] = {}
for _rule_id in RULES:
    for _direction in ("request", "response"):
        _prefix = f"{_direction}-property-"
        if _rule_id.startswith(_prefix) and _rule_id not in CASES:
            suffix = _rule_id[len(_prefix) :]
            if _rule_id in _DIRECTED:
                KEYWORD_CASES[_rule_id] = _DIRECTED[_rule_id]
            elif suffix in _BOTH:
                KEYWORD_CASES[_rule_id] = _BOTH[suffix]

# A case may, by nature, be more than one change: the other breaking rules it may fire.
ALSO: dict[str, set[str]] = {
    "request-property-all-of-added": {"request-property-min-set"},
    "response-property-all-of-removed": {"response-property-min-decreased"},
    "request-path-parameter-renamed": set(),
}


def _keyword_case(rule_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    old = base()
    holder = body(old) if rule_id.startswith("request-") else result(old)
    holder["properties"]["p"] = copy.deepcopy(KEYWORD_CASES[rule_id][0])
    new = copy.deepcopy(old)
    (body(new) if rule_id.startswith("request-") else result(new))["properties"]["p"] = copy.deepcopy(
        KEYWORD_CASES[rule_id][1]
    )
    return old, new


def _case(rule_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if rule_id in KEYWORD_CASES:
        return _keyword_case(rule_id)
    old = base()
    if rule_id in PREPARE:
        PREPARE[rule_id](old)
    new = copy.deepcopy(old)
    CASES[rule_id](new)
    return old, new


def test_every_rule_has_a_case():
    assert set(CASES) | set(KEYWORD_CASES) == set(RULES)
    assert not set(CASES) & set(KEYWORD_CASES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule(rule_id):
    old, new = _case(rule_id)
    report = diff_specs(old, new)
    fired = {c.id for c in report.changes}
    assert rule_id in fired, f"{rule_id} did not fire; got {sorted(fired)}"
    change = next(c for c in report.changes if c.id == rule_id)
    assert change.level == RULES[rule_id].level
    assert change.sdk_only == RULES[rule_id].sdk_only
    if change.operation == "POST /gen/{job}":
        assert "Dezgo.gen" in change.affects
        assert "dezgo_api.api.default.gen_post" in change.affects or rule_id == "api-operation-id-changed"
    unexpected = {c.id for c in report.changes if c.level == "breaking"} - {rule_id}
    assert unexpected <= ALSO.get(rule_id, set()), f"{rule_id} also reported {unexpected}"
    assert {c.id for c in diff_specs(old, copy.deepcopy(old)).changes} == set(), "the old side alone is quiet"


NO_OPS: dict[str, Mutation] = {
    "reordered keys": lambda d: d["components"]["schemas"].update(Body=dict(reversed(list(body(d).items())))),
    "description edits": lambda d: (
        body(d)["properties"]["prompt"].update(description="new words"),
        at(d, *OP).update(description="x"),
    ),
    "inline to $ref": lambda d: (
        d["components"]["schemas"].update(Width=body(d)["properties"]["width"]),
        body(d)["properties"].update(width={"$ref": "#/components/schemas/Width"}),
    ),
    "summary and examples": lambda d: (
        at(d, *OP).update(summary="Generate"),
        body(d)["properties"]["prompt"].update(examples=["x"]),
    ),
}


def test_nullable_written_the_3_0_or_the_3_1_way_is_the_same():
    old = base()
    body(old)["properties"]["style"] = {"type": "string", "nullable": True}
    new = copy.deepcopy(old)
    body(new)["properties"]["style"] = {"type": ["string", "null"]}
    assert diff_specs(old, new).changes == ()
    body(new)["properties"]["style"] = {"type": "string"}
    assert [c.id for c in diff_specs(old, new).changes] == ["request-property-became-not-nullable"]


@pytest.mark.parametrize("name", sorted(NO_OPS))
def test_no_op_changes_are_not_reported(name):
    old = base()
    new = copy.deepcopy(old)
    NO_OPS[name](new)
    report = diff_specs(old, new)
    assert [c for c in report.changes if c.level != "info"] == [], name


def test_cycles_in_refs_end():
    old = base()
    old["components"]["schemas"]["Node"] = {
        "type": "object",
        "properties": {"child": {"$ref": "#/components/schemas/Node"}, "v": {"type": "integer"}},
    }
    result(old)["properties"]["tree"] = {"$ref": "#/components/schemas/Node"}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["properties"]["v"]["type"] = "number"
    report = diff_specs(old, new)
    assert any(c.id == "response-property-type-generalized" and "tree" in c.location for c in report.changes)


def test_a_shared_component_change_reaches_every_operation_using_it():
    old = base()
    old["paths"]["/again"] = {
        "post": {
            "operationId": "again_post",
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}
            },
            "responses": {"200": {"description": "ok"}},
        }
    }
    new = copy.deepcopy(old)
    body(new)["properties"]["sampler"]["enum"] = ["x"]
    operations = {
        c.operation for c in diff_specs(old, new).changes if c.id == "request-property-enum-value-removed"
    }
    assert operations == {"POST /gen/{job}", "POST /again"}
