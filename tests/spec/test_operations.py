"""Operations read from the spec: the names and metadata every consumer relies on."""

from __future__ import annotations

import copy

import pytest

from dezgo._spec import NO_DEFAULT, load_effective_spec, operation_name, operations, pinned_operations
from dezgo.errors import SpecError


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/text2image", "text2image"),
        ("/text-inpainting", "text_inpainting"),
        ("/remove-background", "remove_background"),
        ("/account/tx/last", "account_tx_last"),
        ("/unstable/job/{tx_id}", "unstable_job"),
        ("/", "root"),
        ("/2fa", "op_2fa"),
    ],
)
def test_operation_names_follow_the_path(path, name):
    assert operation_name(path) == name


def test_every_path_and_method_becomes_one_operation():
    spec = load_effective_spec()
    expected = sum(
        1 for item in spec["paths"].values() for m in item if m in ("get", "post", "put", "delete", "patch")
    )
    ops = pinned_operations()
    assert len(ops) == expected
    assert len({op.name for op in ops}) == expected


def test_image_parameters_are_recognised_from_both_variants():
    ops = {op.name: op for op in pinned_operations()}
    assert [p.name for p in ops["inpainting"].image_params] == ["init_image", "mask_image"]
    assert [p.name for p in ops["controlnet"].image_params] == ["init_image", "init_image_2"]
    assert ops["controlnet"].param("init_image").required
    assert not ops["controlnet"].param("init_image_2").required
    assert ops["text2image"].image_params == ()
    assert ops["upscale"].param("image").type == "image"


def test_parameter_metadata():
    op = {op.name: op for op in pinned_operations()}["text2image"]
    assert op.param("format").enum == ("png", "jpg", "webp")
    assert op.param("format").python_name == "format"
    assert op.param("seed").default in (NO_DEFAULT, None), "none, or pydantic v2's null of an optional"
    assert op.param("steps").type == "integer"
    assert op.param("refiner").type == "boolean"
    assert op.param("guidance").type == "number"
    assert op.cli_name == "text2image"
    assert op.paid
    assert op.seeded
    assert op.returns_media
    assert op.requires_auth


def test_path_parameters_and_free_operations():
    ops = {op.name: op for op in pinned_operations()}
    job = ops["unstable_job"]
    assert [(p.name, p.location, p.required) for p in job.path_params] == [("tx_id", "path", True)]
    assert not ops["info"].paid
    assert not ops["info"].returns_media


def test_keyword_wire_names_get_safe_python_names():
    spec = copy.deepcopy(load_effective_spec())
    content = spec["paths"]["/upscale"]["post"]["requestBody"]["content"]
    for media in content.values():  # every media type's body (a document may share one or not)
        body = spec["components"]["schemas"][media["schema"]["$ref"].rsplit("/", 1)[1]]
        body["properties"]["from"] = {"type": "string"}
        body["properties"]["2x"] = {"type": "boolean"}
    op = {o.name: o for o in operations(spec)}["upscale"]
    assert op.param("from").python_name == "from_"
    assert op.param("2x").python_name == "field_2x"


@pytest.mark.parametrize(
    "file",
    [
        {"type": "string", "format": "binary"},
        {"type": "string", "contentMediaType": "application/octet-stream"},
        {"type": "string", "format": "byte"},
    ],
    ids=["format-binary", "content-media-type", "base64"],
)
def test_an_optional_file_written_as_any_of_with_null_is_an_image(file):
    """FastAPI writes ``UploadFile | None = File(None)`` as ``anyOf [file, null]``: still a file."""
    spec = copy.deepcopy(load_effective_spec())
    content = spec["paths"]["/upscale"]["post"]["requestBody"]["content"]
    for media in content.values():
        body = spec["components"]["schemas"][media["schema"]["$ref"].rsplit("/", 1)[1]]
        body["properties"]["second_image"] = {"anyOf": [dict(file), {"type": "null"}], "title": "Second"}
    param = {o.name: o for o in operations(spec)}["upscale"].param("second_image")
    assert param.is_image
    assert param.type == "image"
    assert not param.required


def test_two_paths_with_the_same_name_are_refused():
    spec = copy.deepcopy(load_effective_spec())
    spec["paths"]["/text2image/"] = spec["paths"]["/text2image"]
    with pytest.raises(SpecError, match="share a name"):
        operations(spec)
