"""Day-one documents: plausible shapes of the service's own /openapi.json, each describing the
same service as our reconstruction, none of them our reconstruction.

``make day-one`` pins each in a scratch copy of the repository, regenerates the SDK there and
runs the suite against it (``scripts/run_day_one.py``). Each shape is one thing FastAPI (the
service's framework) or its configuration may well write differently from us; ``combined``
puts several together. None carries our evidence, so in each the document is the service's
word: every constraint it states is enforced.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["SHAPES", "make"]

Document = dict[str, Any]
Shape = Callable[[Document], Document]
SHAPES: dict[str, Shape] = {}
METHODS = ("get", "put", "post", "delete", "patch")


def _shape(name: str) -> Callable[[Shape], Shape]:
    def register(function: Shape) -> Shape:
        SHAPES[name] = function
        return function

    return register


def make(name: str, reconstruction: Document) -> Document:
    """The day-one document ``name``, built from (a copy of) our reconstruction."""
    document = SHAPES[name](copy.deepcopy(reconstruction))
    document["info"] = {"title": "Dezgo API", "version": "3.153"}  # the service's own info, not ours
    return document


def _operations(doc: Document) -> Iterator[tuple[str, str, Document]]:
    for path, item in doc["paths"].items():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield path, method, item[method]


def _schemas(doc: Document) -> dict[str, Document]:
    schemas: dict[str, Document] = doc["components"]["schemas"]
    return schemas


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in list(node.values()):
            _walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit)


def _drop_unreferenced(doc: Document) -> None:
    text = repr(doc["paths"])
    schemas = _schemas(doc)
    for name in list(schemas):
        referenced = f"#/components/schemas/{name}'" in text or any(
            f"#/components/schemas/{name}'" in repr(other) for key, other in schemas.items() if key != name
        )
        if not referenced and not name.startswith(("HTTPValidationError", "ValidationError")):
            del schemas[name]


@_shape("fetched-as-is")
def fetched_as_is(doc: Document) -> Document:
    """Our reconstruction's content, as fetched: FastAPI's raw-Response 200s, no response headers,
    no evidence (not our bytes, so our reconstruction-only knowledge does not apply)."""
    return doc


@_shape("form-and-file")
def form_and_file(doc: Document) -> Document:
    """What FastAPI writes for ``Form()``/``File()`` parameters: one request media type per
    operation, multipart where a file is taken and urlencoded otherwise; no JSON bodies."""
    for _, _, op in _operations(doc):
        content = op.get("requestBody", {}).get("content")
        if not content:
            continue
        multipart = content.get("multipart/form-data") or next(iter(content.values()))
        ref = multipart["schema"]["$ref"].rsplit("/", 1)[1]
        binary = any(p.get("format") == "binary" for p in _schemas(doc)[ref]["properties"].values())
        kind = "multipart/form-data" if binary else "application/x-www-form-urlencoded"
        op["requestBody"]["content"] = {kind: copy.deepcopy(multipart)}
    _drop_unreferenced(doc)
    return doc


@_shape("openapi-3.0")
def openapi_30(doc: Document) -> Document:
    """OpenAPI 3.0.3 as FastAPI wrote it before 0.99: ``nullable`` instead of type lists,
    ``example`` instead of ``examples``, base64 as ``format: byte`` only."""
    doc["openapi"] = "3.0.3"

    def visit(node: dict[str, Any]) -> None:
        kind = node.get("type")
        if isinstance(kind, list):
            others = [t for t in kind if t != "null"]
            node["type"] = others[0] if others else "string"
            if "null" in kind:
                node["nullable"] = True
        node.pop("contentEncoding", None)
        node.pop("contentMediaType", None)
        if isinstance(node.get("examples"), list):
            node["example"] = node.pop("examples")[0]

    _walk(doc["components"], visit)
    return doc


def _optional(prop: Document) -> Document:
    """pydantic v2's ``X | None = default``: the constraints inside an anyOf with null."""
    inner = {k: v for k, v in prop.items() if k not in ("title", "default", "description")}
    out: Document = {"anyOf": [inner, {"type": "null"}], "title": prop.get("title", "")}
    out["default"] = prop.get("default")
    return out


@_shape("pydantic-optionals")
def pydantic_optionals(doc: Document) -> Document:
    """pydantic v2 optionals: every optional field ``anyOf [X, null]`` with ``default: null``
    where none is declared, a title on every schema, ``examples`` on the prompt."""
    for name, schema in _schemas(doc).items():
        if not name.startswith("Body_"):
            continue
        required = set(schema.get("required", []))
        for field, prop in list(schema["properties"].items()):
            if field == "prompt":
                prop["examples"] = ["a lighthouse at dusk"]
            if field not in required and prop.get("format") not in ("binary", "byte"):
                schema["properties"][field] = _optional(prop)
    return doc


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@_shape("refs-tags-and-styles")
def refs_tags_and_styles(doc: Document) -> Document:
    """Enums as components (``$ref`` with a sibling default), camelCase operationIds from a custom
    ``generate_unique_id_function``, tags on every operation, no summaries, and file parts
    declared with ``contentMediaType`` instead of ``format: binary``."""
    schemas = _schemas(doc)
    enums: dict[tuple[str, ...], str] = {}
    for name, schema in list(schemas.items()):
        if not name.startswith("Body_"):
            continue
        for field, prop in schema["properties"].items():
            if isinstance(prop.get("enum"), list):
                values = tuple(prop["enum"])
                component = enums.setdefault(values, _camel(f"{field}_{len(enums)}").capitalize())
                schemas[component] = {
                    "type": prop.get("type", "string"),
                    "enum": list(values),
                    "title": component,
                }
                replaced: Document = {"$ref": f"#/components/schemas/{component}"}
                if "default" in prop:
                    replaced["default"] = prop["default"]
                schema["properties"][field] = replaced
            elif prop.get("format") == "binary":
                prop.pop("format")
                prop["contentMediaType"] = "application/octet-stream"
    for path, _, op in _operations(doc):
        op.pop("summary", None)
        op.pop("description", None)
        op["operationId"] = _camel(re.sub(r"\W", "_", path.strip("/")) or "root")
        op["tags"] = ["account"] if path.startswith(("/account", "/info", "/unstable")) else ["generation"]
    return doc


@_shape("new-operation-and-field")
def new_operation_and_field(doc: Document) -> Document:
    """A new endpoint (``/text2image_sdxl_turbo``, as FastAPI declares it) and a new optional
    field (``clip_skip``) on every text2image body."""
    paths, schemas = doc["paths"], _schemas(doc)
    new = copy.deepcopy(paths["/text2image_sdxl"])
    new["post"]["operationId"] = "text2image_sdxl_turbo_text2image_sdxl_turbo_post"
    new["post"]["summary"] = "Text2Image Sdxl Turbo"
    for media in new["post"]["requestBody"]["content"].values():
        old = media["schema"]["$ref"].rsplit("/", 1)[1]
        name = old.replace(
            "text2image_sdxl_text2image_sdxl_post", "text2image_sdxl_turbo_text2image_sdxl_turbo_post"
        )
        schemas[name] = {**copy.deepcopy(schemas[old]), "title": name}
        media["schema"]["$ref"] = f"#/components/schemas/{name}"
    paths["/text2image_sdxl_turbo"] = new
    for name, schema in schemas.items():
        if name.startswith("Body_text2image_text2image_post"):
            schema["properties"]["clip_skip"] = {
                "title": "Clip Skip",
                "type": "integer",
                "minimum": 1,
                "maximum": 12,
            }
    return doc


@_shape("declares-media-and-headers")
def declares_media_and_headers(doc: Document) -> Document:
    """A service that says more than FastAPI's defaults (``responses=`` on each route): image media
    types and the billing headers declared by the document itself."""
    headers = {
        name: {"description": name, "schema": {"type": "string"}}
        for name in (
            "x-dezgo-job-amount-usd",
            "x-dezgo-balance-total-usd",
            "x-dezgo-balance-index",
            "x-input-seed",
        )
    }
    for path, method, op in _operations(doc):
        if method != "post":
            continue
        video = "video" in path
        media = {"video/mp4": {}} if video else {"image/png": {}, "image/jpeg": {}}
        op["responses"]["200"] = {
            "description": "Successful Response",
            "headers": copy.deepcopy(headers),
            "content": {k: {"schema": {"type": "string", "format": "binary"}} for k in media},
        }
    return doc


@_shape("combined")
def combined(doc: Document) -> Document:
    """Several at once: pydantic optionals, enums as components, other operationIds and tags, a
    new endpoint and field (the document the first trial of day one was run on)."""
    return refs_tags_and_styles(pydantic_optionals(new_operation_and_field(doc)))
