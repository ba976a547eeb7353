"""The diff's judgement where spelling and meaning part: composition, wrappers, readOnly/writeOnly, renames.

Each test is one finding of issue 17 that the diff used to get wrong.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from dezgo.spec.diff import diff_specs


def spec(body: Any = None, result: Any = None, **extra: Any) -> dict[str, Any]:
    """One POST /items with a JSON body schema and a JSON 200 response schema."""
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "operationId": "items_post",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body or {"type": "object"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": result or {"type": "object"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                    },
                },
                "Tag": {"type": "object", "required": ["tag"], "properties": {"tag": {"type": "string"}}},
            }
        },
    }
    doc.update(extra)
    return doc


def ids(old: dict[str, Any], new: dict[str, Any], level: str | None = None) -> set[str]:
    return {c.id for c in diff_specs(old, new).changes if level is None or c.level == level}


PET = {"$ref": "#/components/schemas/Pet"}
TAG = {"$ref": "#/components/schemas/Tag"}


def test_a_union_narrowed_to_one_of_its_types_breaks_a_request():
    old = spec({"type": "object", "properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}})
    new = spec({"type": "object", "properties": {"v": {"type": "integer"}}})
    assert ids(old, new, "breaking") == {"request-property-one-of-removed"}
    assert ids(new, old, "breaking") == set()  # widening a request back is fine


def test_a_union_narrowed_in_a_response_is_harmless():
    old = spec(result={"oneOf": [{"type": "string"}, {"type": "integer"}]})
    new = spec(result={"type": "integer"})
    assert ids(old, new, "breaking") == set()
    assert ids(new, old, "breaking") == {"response-property-one-of-added"}


def test_wrapping_in_a_one_of_beside_an_overlapping_variant():
    old = spec(PET, PET)
    new = spec({"oneOf": [PET, TAG]}, {"oneOf": [PET, TAG]})
    # an object with both `name` and `tag` matched Pet; now it matches two variants: refused
    assert ids(old, new, "breaking") == {
        "request-property-wrapped-in-one-of",
        "response-property-wrapped-in-one-of",
    }


def test_a_ref_added_to_all_of_and_a_member_removed_are_reported():
    old = spec({"allOf": [PET]})
    new = spec({"allOf": [PET, TAG]})
    assert "request-property-all-of-added" in ids(old, new, "breaking")
    assert "new-required-request-property" in ids(old, new, "breaking")  # Tag's required `tag`
    assert "request-property-all-of-removed" in ids(new, old)


def test_a_nullable_wrapper_is_not_a_removal_of_every_property():
    old = spec(result=PET)
    new = spec(result={"oneOf": [{"type": "null"}, PET]})
    assert ids(old, new) == {"response-property-became-nullable"}
    old_request, new_request = spec(PET), spec({"anyOf": [PET, {"type": "null"}]})
    assert ids(old_request, new_request) == {"request-property-became-nullable"}


def test_an_enum_value_removed_inside_a_nullable_wrapper_breaks_a_request():
    old = spec({"oneOf": [{"type": "null"}, PET]})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Pet"]["properties"]["kind"]["enum"] = ["cat"]
    changes = [c for c in diff_specs(old, new).changes if c.level == "breaking"]
    assert [c.id for c in changes] == ["request-property-enum-value-removed"]


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_pattern_replaced_by_a_real_one_is_a_new_constraint(empty):
    before = {"type": "string"} if empty is None else {"type": "string", "pattern": empty}
    old = spec({"type": "object", "properties": {"code": before}})
    new = spec({"type": "object", "properties": {"code": {"type": "string", "pattern": "^[a-z]+$"}}})
    assert ids(old, new) == {"request-property-pattern-added"}


def test_a_format_added_to_a_request_string_narrows_it():
    old = spec({"type": "object", "properties": {"id": {"type": "string"}}})
    new = spec({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}})
    assert ids(old, new, "breaking") == {"request-property-format-added"}


def test_a_json_body_without_schema_that_gains_one():
    old = spec()
    old["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"] = {}
    new = spec({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}})
    assert ids(old, new, "breaking") == {"request-body-media-type-schema-added"}


def test_a_renamed_path_parameter_is_the_same_operation():
    old = spec()
    item = old["paths"].pop("/items")
    item["post"]["parameters"] = [
        {"name": "bookId", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    old["paths"]["/books/{bookId}"] = item
    new = copy.deepcopy(old)
    new["paths"]["/books/{id}"] = new["paths"].pop("/books/{bookId}")
    new["paths"]["/books/{id}"]["post"]["parameters"][0]["name"] = "id"
    report = diff_specs(old, new)
    assert [c.id for c in report.changes] == ["request-path-parameter-renamed"]
    assert report.changes[0].level == "warning"
    assert report.changes[0].operation == "POST /books/{id}"
    new["paths"]["/books/{id}"]["post"]["parameters"][0]["schema"] = {"type": "integer"}
    assert "request-property-type-changed" in ids(old, new)  # still compared as one parameter


def test_a_changed_parameter_default_is_a_warning_that_says_why():
    old = spec()
    old["paths"]["/items"]["post"]["parameters"] = [
        {"name": "size", "in": "query", "schema": {"type": "integer", "default": 10}}
    ]
    new = copy.deepcopy(old)
    new["paths"]["/items"]["post"]["parameters"][0]["schema"]["default"] = 20
    (change,) = diff_specs(old, new).changes
    assert (change.id, change.level) == ("request-property-default-value-changed", "warning")
    assert "parameter 'size'" in change.message
    assert "10 -> 20" in change.message
    from dezgo.spec.diff import RULES

    assert "does not send arguments left at the spec's default" in RULES[change.id].note


def test_read_only_and_write_only_properties_are_judged_where_they_travel():
    old = spec(PET, PET)
    new = copy.deepcopy(old)
    pet = new["components"]["schemas"]["Pet"]
    pet["properties"]["id"] = {"type": "string", "readOnly": True}
    pet["required"].append("id")
    # a new required readOnly property: never sent, so not breaking for the request
    assert ids(old, new, "breaking") == set()
    old2 = spec(PET, PET)
    old2["components"]["schemas"]["Pet"]["properties"]["secret"] = {"type": "string", "writeOnly": True}
    old2["components"]["schemas"]["Pet"]["required"].append("secret")
    new2 = copy.deepcopy(old2)
    new2["components"]["schemas"]["Pet"]["required"].remove("secret")
    # a required writeOnly property made optional: never returned, so the response is unaffected
    assert ids(old2, new2, "breaking") == set()
    assert "request-property-became-optional" in ids(old2, new2)


def test_webhooks_are_compared_with_the_directions_swapped():
    hook = {
        "post": {
            "requestBody": {"content": {"application/json": {"schema": PET}}},
            "responses": {"200": {"description": "ok"}},
        }
    }
    old = spec(webhooks={"petAdded": hook})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Pet"]["properties"]["kind"]["enum"].append("bird")
    # the API sends the webhook: a new enum value reaches your handler, as in a response
    found = [c for c in diff_specs(old, new).changes if c.operation == "webhook petAdded POST"]
    assert [(c.id, c.level) for c in found] == [("response-property-enum-value-added", "breaking")]
    assert (
        found[0].location
        == "/webhooks/petAdded/post/requestBody/content/application~1json/schema/properties/kind/enum"
    )
    del new["webhooks"]["petAdded"]
    assert "webhook-removed" in ids(old, new, "breaking")


def test_removal_before_the_announced_sunset_and_a_deleted_sunset():
    old = spec()
    old["paths"]["/items"]["post"].update({"deprecated": True, "x-sunset": "2030-06-01"})
    gone = copy.deepcopy(old)
    del gone["paths"]["/items"]
    before = diff_specs(old, gone, today=datetime.date(2030, 1, 1)).changes
    after = diff_specs(old, gone, today=datetime.date(2030, 7, 1)).changes
    assert [(c.id, c.level) for c in before] == [("api-path-removed-before-sunset", "breaking")]
    assert [(c.id, c.level) for c in after] == [("api-path-removed-with-deprecation", "warning")]
    no_sunset = copy.deepcopy(old)
    del no_sunset["paths"]["/items"]["post"]["x-sunset"]
    assert ids(old, no_sunset) == {"api-sunset-deleted"}


def test_constraints_tightened_inside_if_then_else_and_2020_12_keywords():
    old = spec(
        {"type": "object", "if": {"required": ["a"]}, "then": {"properties": {"b": {"maxLength": 10}}}}
    )
    new = copy.deepcopy(old)
    new["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]["then"][
        "properties"
    ]["b"]["maxLength"] = 5
    (change,) = diff_specs(old, new).changes
    assert change.id == "request-property-max-decreased"
    assert change.location.endswith("/schema/then/properties/b/maxLength")
    assert change.message == "body.then.b: maxLength 10 -> 5"


def test_type_arrays_with_null_and_a_const():
    old = spec({"type": "object", "properties": {"v": {"type": ["integer", "string"]}}})
    new = spec({"type": "object", "properties": {"v": {"type": "integer"}}})
    assert ids(old, new) == {"request-property-type-changed"}
    assert ids(new, old) == {"request-property-type-generalized"}


def test_one_change_in_three_media_types_is_one_change_with_three_locations():
    old = spec(PET)
    content = old["paths"]["/items"]["post"]["requestBody"]["content"]
    content["multipart/form-data"] = {"schema": PET}
    content["application/x-www-form-urlencoded"] = {"schema": PET}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Pet"]["properties"]["size"] = {"type": "integer"}
    new["components"]["schemas"]["Pet"]["required"].append("size")
    (change,) = diff_specs(old, new).changes
    assert change.id == "new-required-request-property"
    assert set(change.media_types) == set(content)
    assert len(change.locations) == 3
    assert all(loc.startswith("/paths/~1items/post/requestBody/content/") for loc in change.locations)


def test_a_ref_extended_through_all_of_with_optional_properties_is_not_breaking():
    """GitHub's spec (GHES 3.18 -> 3.19) turned `$ref: X` into `allOf: [X, {optional property}]`."""
    old = spec({"type": "object", "properties": {"opts": PET}})
    extra = {"type": "object", "properties": {"extra": {"type": "boolean"}}}
    new = spec({"type": "object", "properties": {"opts": {"allOf": [PET, extra]}}})
    assert ids(old, new) == {"new-optional-request-property"}
    stricter = spec(
        {"type": "object", "properties": {"opts": {"allOf": [PET, {**extra, "required": ["extra"]}]}}}
    )
    assert {"request-property-all-of-added", "new-required-request-property"} <= ids(
        old, stricter, "breaking"
    )


def test_an_enum_moved_to_a_component_with_a_sibling_default_is_no_change():
    """What FastAPI writes for ``sampler: Sampler = Sampler.euler``: ``$ref`` beside ``default``. It
    means the inline enum with that default; reading it as an author's allOf reported 40 breaking
    changes between our reconstruction and a FastAPI app's document of the same service."""
    inline = {"type": "string", "enum": ["a", "b"], "default": "a"}
    body = {"type": "object", "properties": {"sampler": inline}}
    moved = {"type": "object", "properties": {"sampler": {"$ref": "#/components/schemas/S", "default": "a"}}}
    old = spec(body)
    new = spec(moved)
    new["components"]["schemas"]["S"] = {"type": "string", "enum": ["a", "b"], "title": "S"}
    assert ids(old, new) == set()
    assert ids(new, old) == set()
    narrowed = copy.deepcopy(new)
    narrowed["components"]["schemas"]["S"]["enum"] = ["a"]
    assert "request-property-enum-value-removed" in ids(new, narrowed, "breaking")


def test_format_binary_and_content_media_type_octet_stream_are_one_spelling():
    """OpenAPI 3.0 writes a file part ``format: binary``; 3.1 (FastAPI >= 0.100) writes
    ``contentMediaType: application/octet-stream``. Both are raw bytes; another media type is not."""

    def with_file(schema: dict[str, Any]) -> dict[str, Any]:
        return spec({"type": "object", "properties": {"file": schema}})

    binary = with_file({"type": "string", "format": "binary"})
    octets = with_file({"type": "string", "contentMediaType": "application/octet-stream"})
    assert ids(binary, octets) == set()
    assert ids(octets, binary) == set()
    png_only = with_file({"type": "string", "contentMediaType": "image/png"})
    assert "request-property-content-media-type-changed" in ids(binary, png_only)
