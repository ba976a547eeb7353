"""Every rule of the registry has its own old/new pair here, and fires exactly where it should."""

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
                    },
                },
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


CASES: dict[str, Mutation] = {
    "api-path-removed": lambda d: d["paths"].pop("/info"),
    "api-removed": lambda d: d["paths"]["/info"].update({"post": d["paths"]["/info"].pop("get")}),
    "endpoint-added": lambda d: d["paths"].update(
        {"/new": {"get": {"responses": {"200": {"description": "ok"}}}}}
    ),
    "api-operation-id-changed": lambda d: at(d, *OP).update(operationId="generate"),
    "api-deprecated": lambda d: at(d, *OP).update(deprecated=True),
    "schema-renamed": lambda d: (
        d["components"]["schemas"].update(Outcome=d["components"]["schemas"].pop("Result"))
        or at(d, *OP, "responses", "200", "content", "application/json").update(
            schema={"$ref": "#/components/schemas/Outcome"}
        )
    ),
    "schema-title-changed": lambda d: result(d).update(title="Outcome"),
    "new-required-request-parameter": lambda d: params(d).append(
        {"name": "x-trace", "in": "header", "required": True, "schema": {"type": "string"}}
    ),
    "new-optional-request-parameter": lambda d: params(d).append(
        {"name": "page", "in": "query", "schema": {"type": "integer"}}
    ),
    "request-parameter-removed": lambda d: params(d).pop(1),
    "request-parameter-became-required": lambda d: params(d)[1].update(required=True),
    "request-parameter-became-optional": lambda d: params(d)[0].update(required=False),
    "request-parameter-location-changed": lambda d: params(d)[1].update({"in": "header"}),
    "request-body-added-required": lambda d: d["paths"]["/info"]["get"].update(
        requestBody={"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    ),
    "request-body-became-required": lambda d: None,  # see PREPARE and AFTER
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
    "request-part-content-type-changed": lambda d: at(
        d, *OP, "requestBody", "content", "multipart/form-data", "encoding", "image"
    ).update(contentType="image/jpeg"),
    "request-part-encoding-changed": lambda d: at(
        d, *OP, "requestBody", "content", "multipart/form-data", "encoding", "image"
    ).update(style="form"),
    "new-required-request-property": lambda d: (
        body(d)["properties"].update(seed={"type": "integer"}),
        body(d)["required"].append("seed"),
    ),
    "new-optional-request-property": lambda d: body(d)["properties"].update(seed={"type": "integer"}),
    "request-property-removed": lambda d: body(d)["properties"].pop("note"),
    "request-property-became-required": lambda d: body(d)["required"].append("note"),
    "request-property-became-optional": lambda d: body(d).update(required=[]),
    "request-property-type-changed": lambda d: body(d)["properties"]["style"].update(type="integer"),
    "request-property-type-generalized": lambda d: body(d)["properties"]["ratio"].update(type="number"),
    "request-property-format-changed": lambda d: None,  # see PREPARE and AFTER
    "request-property-enum-value-removed": lambda d: body(d)["properties"]["sampler"].update(enum=["x"]),
    "request-property-enum-value-added": lambda d: body(d)["properties"]["sampler"].update(
        enum=["x", "y", "z"]
    ),
    "request-property-became-enum": lambda d: body(d)["properties"]["style"].update(enum=["oil"]),
    "request-property-enum-removed": lambda d: body(d)["properties"]["sampler"].pop("enum"),
    "request-property-max-decreased": lambda d: body(d)["properties"]["width"].update(maximum=768),
    "request-property-max-increased": lambda d: body(d)["properties"]["width"].update(maximum=2048),
    "request-property-max-set": lambda d: body(d)["properties"]["note"].update(maxLength=10),
    "request-property-min-increased": lambda d: body(d)["properties"]["width"].update(minimum=128),
    "request-property-min-decreased": lambda d: body(d)["properties"]["width"].update(minimum=32),
    "request-property-min-set": lambda d: body(d)["properties"]["note"].update(minLength=3),
    "request-property-multiple-of-changed": lambda d: body(d)["properties"]["width"].update(multipleOf=64),
    "request-property-pattern-added": lambda d: body(d)["properties"]["note"].update(pattern="^a"),
    "request-property-pattern-changed": lambda d: body(d)["properties"]["code"].update(pattern="^[a-z0-9]+$"),
    "request-property-pattern-removed": lambda d: body(d)["properties"]["code"].pop("pattern"),
    "request-property-became-not-nullable": lambda d: None,  # needs a nullable base: see PREPARE and AFTER
    "request-property-became-nullable": lambda d: body(d)["properties"]["style"].update(
        type=["string", "null"]
    ),
    "request-property-one-of-removed": lambda d: body(d)["properties"]["choice"]["oneOf"].pop(),
    "request-property-one-of-added": lambda d: body(d)["properties"]["choice"]["oneOf"].append(
        {"type": "boolean"}
    ),
    "request-property-additional-properties-restricted": lambda d: body(d)["properties"]["extra"].update(
        additionalProperties=False
    ),
    "request-property-became-read-only": lambda d: body(d)["properties"]["note"].update(readOnly=True),
    "request-property-default-value-changed": lambda d: body(d)["properties"]["sampler"].update(default="y"),
    "response-success-status-removed": lambda d: at(d, *OP, "responses").pop("200"),
    "response-success-status-added": lambda d: at(d, *OP, "responses").update(
        {"202": {"description": "accepted"}}
    ),
    "response-non-success-status-removed": lambda d: at(d, *OP, "responses").pop("422"),
    "response-non-success-status-added": lambda d: at(d, *OP, "responses").update(
        {"429": {"description": "slow"}}
    ),
    "response-media-type-removed": lambda d: at(d, *OP, "responses", "200", "content").pop("image/png"),
    "response-media-type-added": lambda d: at(d, *OP, "responses", "200", "content").update(
        {"image/webp": {"schema": {"type": "string"}}}
    ),
    "required-response-header-removed": lambda d: at(d, *OP, "responses", "200", "headers").pop("x-cost"),
    "optional-response-header-removed": lambda d: at(d, *OP, "responses", "200", "headers").pop("x-note"),
    "response-header-became-optional": lambda d: at(d, *OP, "responses", "200", "headers", "x-cost").update(
        required=False
    ),
    "response-header-added": lambda d: at(d, *OP, "responses", "200", "headers").update(
        {"x-new": {"schema": {"type": "string"}}}
    ),
    "response-required-property-removed": lambda d: (
        result(d)["properties"].pop("id"),
        result(d)["required"].remove("id"),
    ),
    "response-optional-property-removed": lambda d: result(d)["properties"].pop("hint"),
    "response-property-became-optional": lambda d: result(d)["required"].remove("state"),
    "response-property-became-required": lambda d: result(d)["required"].append("hint"),
    "response-property-added": lambda d: result(d)["properties"].update(url={"type": "string"}),
    "response-property-type-changed": lambda d: result(d)["properties"]["score"].update(type="number"),
    "response-property-type-specialized": lambda d: result(d)["properties"]["amount"].update(type="integer"),
    "response-property-format-changed": lambda d: None,  # see PREPARE and AFTER
    "response-property-enum-value-added": lambda d: result(d)["properties"]["state"]["enum"].append("queued"),
    "response-property-enum-value-removed": lambda d: result(d)["properties"]["state"]["enum"].remove(
        "failed"
    ),
    "response-property-became-nullable": lambda d: result(d)["properties"]["hint"].update(
        type=["string", "null"]
    ),
    "response-property-became-not-nullable": lambda d: None,  # see PREPARE and AFTER
    "response-property-one-of-added": lambda d: result(d)["properties"]["any"]["oneOf"].append(
        {"type": "boolean"}
    ),
    "response-property-one-of-removed": lambda d: result(d)["properties"]["any"]["oneOf"].pop(),
    "response-property-max-increased": lambda d: result(d)["properties"]["score"].update(maximum=100),
    "response-property-min-decreased": lambda d: result(d)["properties"]["score"].update(minimum=-1),
    "response-property-became-write-only": lambda d: result(d)["properties"]["secret"].update(writeOnly=True),
    "response-additional-properties-opened": lambda d: result(d)["properties"]["meta"].pop(
        "additionalProperties"
    ),
    "api-security-added": lambda d: d["paths"]["/info"]["get"].pop("security"),
    "api-security-removed": lambda d: at(d, *OP).update(security=[]),
    "security-scheme-changed": lambda d: d["components"]["securitySchemes"]["Key"].update(name="X-Other-Key"),
    "security-scheme-removed": lambda d: None,  # see PREPARE and AFTER
}

# Cases whose *old* side needs a tweak first (the change is a removal of something the base lacks).
PREPARE: dict[str, Mutation] = {
    "request-property-became-not-nullable": lambda d: body(d)["properties"]["style"].update(
        type=["string", "null"]
    ),
    "response-property-became-not-nullable": lambda d: result(d)["properties"]["hint"].update(
        type=["string", "null"]
    ),
    "security-scheme-removed": lambda d: d["components"]["securitySchemes"].update(
        Other={"type": "http", "scheme": "bearer"}
    ),
    "request-body-became-required": lambda d: at(d, *OP, "requestBody").update(required=False),
}
AFTER: dict[str, Mutation] = {
    "request-property-became-not-nullable": lambda d: body(d)["properties"]["style"].update(type="string"),
    "response-property-became-not-nullable": lambda d: result(d)["properties"]["hint"].update(type="string"),
    "request-body-became-required": lambda d: at(d, *OP, "requestBody").update(required=True),
    "security-scheme-removed": lambda d: d["components"]["securitySchemes"].pop("Other"),
    "request-property-format-changed": lambda d: body(d)["properties"]["code"].update(format="hostname"),
    "response-property-format-changed": lambda d: result(d)["properties"]["hint"].update(format="uri"),
}
PREPARE["request-property-format-changed"] = lambda d: body(d)["properties"]["code"].update(format="email")
PREPARE["response-property-format-changed"] = lambda d: result(d)["properties"]["hint"].update(format="email")


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule(rule_id):
    old = base()
    if rule_id in PREPARE:
        PREPARE[rule_id](old)
    new = copy.deepcopy(old)
    (AFTER.get(rule_id) or CASES[rule_id])(new)
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
    allowed = {  # a change that is, by nature, two changes
        "api-removed": {"api-removed"},
        "schema-renamed": set(),
    }.get(rule_id, set())
    assert unexpected <= allowed, f"{rule_id} also reported {unexpected}"


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
    assert any(c.id == "response-property-type-changed" and "tree" in c.location for c in report.changes)


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
