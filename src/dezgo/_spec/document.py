"""Where the pinned document and our overlay are, reading a JSON document, and the one JSON Pointer resolver.

Both ship inside the wheel (``dezgo/_data/``); in a source checkout (editable
install) they are read from ``openapi/``. The document is JSON, read with the
standard library only: this module is on the import path of every client, so
it must stay cheap. What the SDK runs on is the effective spec
(``dezgo._spec.effective``): this document with the overlay applied.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dezgo.errors import SpecError

__all__ = [
    "Document",
    "escape_token",
    "overlay_path",
    "pinned_document_path",
    "pointer",
    "read_json_document",
    "resolve_pointer",
    "resolve_schema",
]

Document = dict[str, Any]


def _data_file(name: str, checkout: str) -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data" / name
    if packaged.is_file():
        return packaged
    return package.parents[1] / "openapi" / checkout


def pinned_document_path() -> Path:
    """Where the pinned document is: ``$DEZGO_SPEC_PATH``, the wheel's copy, or the checkout's."""
    override = os.environ.get("DEZGO_SPEC_PATH")
    return Path(override) if override else _data_file("dezgo.json", "dezgo.json")


def overlay_path() -> Path:
    """Where our overlay is: ``$DEZGO_OVERLAY_PATH``, the wheel's copy, or the checkout's."""
    override = os.environ.get("DEZGO_OVERLAY_PATH")
    return Path(override) if override else _data_file("overlay.yaml", "overlay.yaml")


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> tuple[Document, bytes]:
    try:
        raw = Path(path).read_bytes()
        doc = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise SpecError(f"the pinned document at {path} cannot be read: {exc}") from None
    if not isinstance(doc, dict):
        raise SpecError(f"the pinned document at {path} is not a JSON object")
    return doc, raw


def read_json_document(path: Path) -> tuple[Document, bytes]:
    """A JSON document and its bytes, parsed once per file version. Callers must not mutate it."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise SpecError(f"the pinned document is missing at {path}: {exc.strerror}") from None
    return _load_cached(str(path), mtime)


def escape_token(token: str) -> str:
    """One RFC 6901 reference token: ``~`` and ``/`` escaped (``a/b`` -> ``a~1b``)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str) -> str:
    """An RFC 6901 JSON Pointer from unescaped tokens: ``pointer("paths", "/x")`` -> ``/paths/~1x``."""
    return "".join("/" + escape_token(t) for t in tokens)


def resolve_pointer(doc: Mapping[str, Any], ref: str) -> Any:
    """Follow a local JSON Pointer reference such as ``#/components/schemas/Body_x`` (RFC 6901)."""
    if ref == "#":
        return doc
    if not ref.startswith("#/"):
        raise SpecError(f"only local $refs are supported here, not {ref[:200]!r}")
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise SpecError(f"unresolvable $ref {ref[:200]!r}")
    return node


def resolve_schema(doc: Mapping[str, Any], schema: Any, _seen: frozenset[str] = frozenset()) -> Any:
    """``schema`` with its local ``$ref``s inlined (a cycle is left as its ``$ref``)."""
    if isinstance(schema, list):
        return [resolve_schema(doc, item, _seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema and isinstance(schema["$ref"], str):
        ref = schema["$ref"]
        if ref in _seen:
            return dict(schema)
        target = resolve_schema(doc, resolve_pointer(doc, ref), _seen | {ref})
        siblings = {k: resolve_schema(doc, v, _seen) for k, v in schema.items() if k != "$ref"}
        return {**target, **siblings} if isinstance(target, dict) else target
    return {key: resolve_schema(doc, value, _seen) for key, value in schema.items()}
