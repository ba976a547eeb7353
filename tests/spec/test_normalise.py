"""The generator's normalised copy: works around 0.29's traps without touching the pin."""

from __future__ import annotations

import copy
import json

from dezgo._spec import load_effective_spec
from dezgo.spec.normalise import normalise_for_generator, render


def _body_refs(doc: dict, path: str) -> dict[str, str]:
    content = doc["paths"][path]["post"]["requestBody"]["content"]
    return {mt: media["schema"]["$ref"].rsplit("/", 1)[1] for mt, media in content.items()}


def test_shared_body_schema_gets_one_copy_per_media_type():
    pinned = load_effective_spec()
    shared = _body_refs(pinned, "/text2image")
    assert len(set(shared.values())) == 1, "the pin shares one schema, like the service"
    refs = _body_refs(normalise_for_generator(pinned), "/text2image")
    assert refs == {
        "application/json": "Body_text2image_text2image_post_Json",
        "application/x-www-form-urlencoded": "Body_text2image_text2image_post_Form",
        "multipart/form-data": "Body_text2image_text2image_post_Multipart",
    }


def test_copies_keep_the_fields_and_rules_of_the_original():
    pinned = load_effective_spec()
    original = pinned["components"]["schemas"]["Body_text2image_text2image_post"]
    schemas = normalise_for_generator(pinned)["components"]["schemas"]
    for suffix in ("Json", "Form", "Multipart"):
        clone = dict(schemas[f"Body_text2image_text2image_post_{suffix}"])
        assert clone.pop("title") == f"Body_text2image_text2image_post_{suffix}"
        assert clone == {k: v for k, v in original.items() if k != "title"}
    assert "Body_text2image_text2image_post" not in schemas, "the orphaned original is dropped"


def test_distinct_schemas_per_media_type_are_left_alone():
    pinned = load_effective_spec()
    assert _body_refs(normalise_for_generator(pinned), "/image2image") == _body_refs(pinned, "/image2image")


def test_required_multi_media_bodies_are_relaxed_only_in_the_copy():
    pinned = load_effective_spec()
    normalised = normalise_for_generator(pinned)
    assert pinned["paths"]["/image2image"]["post"]["requestBody"]["required"] is True
    assert normalised["paths"]["/image2image"]["post"]["requestBody"]["required"] is False


def test_the_pin_is_not_mutated_and_output_is_deterministic():
    pinned = load_effective_spec()
    before = copy.deepcopy(pinned)
    first = render(pinned)
    assert pinned == before
    assert render(json.loads(json.dumps(pinned))) == first


def test_inline_shared_schema_is_split_too():
    body = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "post": {
                    "operationId": "x_post",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": body},
                            "multipart/form-data": {"schema": body},
                        },
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    out = normalise_for_generator(doc)
    content = out["paths"]["/x"]["post"]["requestBody"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Body_x_post_Json"}
    assert content["multipart/form-data"]["schema"] == {"$ref": "#/components/schemas/Body_x_post_Multipart"}
    assert out["components"]["schemas"]["Body_x_post_Json"]["properties"] == body["properties"]
