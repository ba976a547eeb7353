"""The generator's normalised copy: works around 0.29's traps without touching the pin."""

from __future__ import annotations

import copy
import json

from dezgo._spec import load_effective_spec
from dezgo.spec.normalise import normalise_for_generator, render


def _body_refs(doc: dict, path: str) -> dict[str, str]:
    content = doc["paths"][path]["post"]["requestBody"]["content"]
    return {mt: media["schema"]["$ref"].rsplit("/", 1)[1] for mt, media in content.items()}


MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


def _shaped() -> dict:
    """The effective spec, reshaped (whatever the pinned document's own shape) so that one body
    schema serves three media types on /text2image, and /image2image has a schema per media type."""
    doc = copy.deepcopy(load_effective_spec())
    schemas = doc["components"]["schemas"]
    text = doc["paths"]["/text2image"]["post"]["requestBody"]
    name = next(iter(_body_refs(doc, "/text2image").values()))
    schemas["SharedBody"] = schemas[name]
    text["content"] = {m: {"schema": {"$ref": "#/components/schemas/SharedBody"}} for m in MEDIA}
    image = doc["paths"]["/image2image"]["post"]["requestBody"]
    image_name = next(iter(_body_refs(doc, "/image2image").values()))
    for suffix in ("J", "M"):
        schemas[f"Image{suffix}"] = copy.deepcopy(schemas[image_name])
    image["required"] = True
    image["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/ImageJ"}},
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/ImageM"}},
    }
    return doc


def test_shared_body_schema_gets_one_copy_per_media_type():
    shaped = _shaped()
    assert set(_body_refs(shaped, "/text2image").values()) == {"SharedBody"}
    refs = _body_refs(normalise_for_generator(shaped), "/text2image")
    assert refs == {
        "application/json": "SharedBody_Json",
        "application/x-www-form-urlencoded": "SharedBody_Form",
        "multipart/form-data": "SharedBody_Multipart",
    }


def test_copies_keep_the_fields_and_rules_of_the_original():
    shaped = _shaped()
    original = shaped["components"]["schemas"]["SharedBody"]
    schemas = normalise_for_generator(shaped)["components"]["schemas"]
    for suffix in ("Json", "Form", "Multipart"):
        clone = dict(schemas[f"SharedBody_{suffix}"])
        assert clone.pop("title") == f"SharedBody_{suffix}"
        assert clone == {k: v for k, v in original.items() if k != "title"}
    assert "SharedBody" not in schemas, "the orphaned original is dropped"


def test_distinct_schemas_per_media_type_are_left_alone():
    shaped = _shaped()
    assert _body_refs(normalise_for_generator(shaped), "/image2image") == _body_refs(shaped, "/image2image")


def test_required_multi_media_bodies_are_relaxed_only_in_the_copy():
    shaped = _shaped()
    normalised = normalise_for_generator(shaped)
    assert shaped["paths"]["/image2image"]["post"]["requestBody"]["required"] is True
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
