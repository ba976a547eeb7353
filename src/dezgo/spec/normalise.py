"""Normalise the pinned spec into the copy that openapi-python-client reads.

The pinned spec stays exactly what the service serves; what the generator
cannot handle is worked around here, in code, and only in the copy:

* **One schema shared by several request media types.** 0.29 turns the body
  into a union dispatched with ``isinstance``; when every media type has the
  same class, every branch matches, the last (multipart) wins, and JSON and
  form bodies cannot be sent at all (openapi-python-client issue #1276). Each
  media type gets its own copy of the schema, named ``<Schema>_<Suffix>``.

* **A required body with several media types** (0.29, issue #1451, fix PR
  #1478 not released): the template annotates ``body`` with ``| Unset = UNSET``
  but imports ``Unset`` only for optional bodies, so every such module fails
  to import with ``NameError``. The copy marks those bodies optional, which
  gives the same signature with the import; the facade always sends a body,
  and the facade's validation and the simulator still read ``required: true``
  from the pinned spec.

* **A file part declared with ``contentMediaType``** (OpenAPI 3.1, what FastAPI writes for
  ``UploadFile`` since pydantic 2) instead of ``format: binary``: 0.29 reads it as a plain
  string, so a multipart image would be sent as the text of its bytes. The copy adds
  ``format: binary`` to every string schema with a non-text ``contentMediaType``.

* **A paid answer declared as FastAPI's raw ``Response``** (``application/json: {schema: {}}``,
  on an operation our overlay does not know): the answer is a job's result, not JSON (the
  facade decides by what arrives), so the generator's copy declares it
  ``application/octet-stream`` and the generated client returns the bytes as ``File``
  instead of failing to parse an image as JSON.

Binary ``image/*`` responses are handled by ``content_type_overrides`` in
``openapi/generator.yaml`` rather than here, because that is the generator's
supported switch for it.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from pathlib import Path

from dezgo._spec import Document
from dezgo.spec.loading import load_document

__all__ = ["MEDIA_SUFFIX", "main", "normalise_for_generator", "render"]

MEDIA_SUFFIX = {
    "application/json": "Json",
    "application/x-www-form-urlencoded": "Form",
    "multipart/form-data": "Multipart",
}

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _suffix(media_type: str) -> str:
    known = MEDIA_SUFFIX.get(media_type)
    if known:
        return known
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", media_type) if part)


def _split_shared_bodies(doc: Document) -> None:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for path, item in doc.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            by_schema: dict[str, list[str]] = {}
            for media_type, media in content.items():
                key = json.dumps(media.get("schema"), sort_keys=True)
                by_schema.setdefault(key, []).append(media_type)
            for key, media_types in by_schema.items():
                if len(media_types) < 2 or key == "null":
                    continue
                shared = json.loads(key)
                if "$ref" in shared and shared["$ref"].startswith("#/components/schemas/"):
                    base = shared["$ref"].rsplit("/", 1)[1]
                    body = schemas[base]
                else:
                    op_id = operation.get("operationId") or re.sub(r"\W", "_", f"{method}{path}")
                    base, body = f"Body_{op_id}", shared
                for media_type in media_types:
                    name = f"{base}_{_suffix(media_type)}"
                    clone = copy.deepcopy(body)
                    clone["title"] = name
                    schemas[name] = clone
                    content[media_type]["schema"] = {"$ref": f"#/components/schemas/{name}"}
    # Drop schemas that nothing references any more, so no orphan model is generated.
    text = json.dumps(doc)
    for name in list(schemas):
        if f'"#/components/schemas/{name}"' not in text:
            del schemas[name]
            text = json.dumps(doc)
    doc["components"]["schemas"] = dict(sorted(schemas.items()))


def _relax_multi_media_required_bodies(doc: Document) -> None:
    for item in doc.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody")
            if isinstance(body, dict) and body.get("required") and len(body.get("content", {})) > 1:
                body["required"] = False


def _binary_content_media_types(node: object) -> None:
    if isinstance(node, list):
        for item in node:
            _binary_content_media_types(item)
        return
    if not isinstance(node, dict):
        return
    media = node.get("contentMediaType")
    if (
        node.get("type") == "string"
        and isinstance(media, str)
        and not media.startswith("text/")
        and "contentEncoding" not in node
        and "format" not in node
    ):
        node["format"] = "binary"
    for value in node.values():
        _binary_content_media_types(value)


def _open_paid_answers_as_bytes(doc: Document) -> None:
    from dezgo._spec import operations

    for op in operations(doc):
        if not (op.paid and op.returns_media and not op.media_declared):
            continue
        success = doc["paths"][op.path][op.method.lower()].get("responses", {}).get(op.success_status)
        if isinstance(success, dict):
            success["content"] = {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            }


def normalise_for_generator(spec: Document) -> Document:
    """Return a normalised deep copy of ``spec``; the input is left untouched."""
    doc = copy.deepcopy(spec)
    _open_paid_answers_as_bytes(doc)
    _binary_content_media_types(doc.get("components", {}))
    _split_shared_bodies(doc)
    _relax_multi_media_required_bodies(doc)
    return doc


def render(spec: Document) -> str:
    """Deterministic text of the normalised spec (same input, same bytes)."""
    return json.dumps(normalise_for_generator(spec), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the generator's normalised copy of a spec.")
    parser.add_argument("spec", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    args.out.write_text(render(load_document(args.spec)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
