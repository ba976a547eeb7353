"""Reading and recognising any OpenAPI document (JSON or YAML, a path or a URL).

The spec tools (fetch, diff, check, normalise) read documents that may come from
anywhere, so every way a document can be hostile or broken ends in a
``SpecError`` with one line saying why, never in another exception: too big,
not UTF-8, nested too deep for the parser, YAML aliases that explode, keys that
are not strings, ``$ref``s to files that do not exist. The pinned spec the SDK
runs on is read by ``dezgo._spec`` instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from dezgo._spec.document import Document
from dezgo.errors import SpecError
from dezgo.spec._http import DEFAULT_TIMEOUT_S, MAX_SPEC_BYTES, download
from dezgo.spec._stack import deep_recursion
from dezgo.spec._tree import plain_tree

__all__ = [
    "Document",
    "check_openapi3",
    "is_url",
    "load_document",
    "parse_document",
    "read_location",
]


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _yaml(text: str, source: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise SpecError(f"{source}: YAML specs need PyYAML: pip install pyyaml") from None
    try:
        # PyYAML's composer recurses a few frames per nesting level; the tree check after
        # it refuses what is deeper than we accept, so give it exactly that much room.
        with deep_recursion():
            return yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise SpecError(f"{source}: invalid YAML{where}") from None
    except RecursionError:
        raise SpecError(f"{source}: YAML nested too deeply to read (refused)") from None
    except (TypeError, ValueError) as exc:  # e.g. an unhashable (complex) mapping key
        raise SpecError(f"{source}: unsupported YAML ({type(exc).__name__})") from None


def parse_document(text: str | bytes, source: str) -> Document:
    """Parse JSON (or, failing that, YAML) text into a plain dict tree, or raise SpecError."""
    if len(text) > MAX_SPEC_BYTES:
        raise SpecError(f"{source}: larger than {MAX_SPEC_BYTES} bytes (refused)")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SpecError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    stripped = text.lstrip()
    if not stripped:
        raise SpecError(f"{source}: empty document")
    if stripped[0] in "{[":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(
                f"{source}: invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except RecursionError:
            raise SpecError(f"{source}: JSON nested too deeply to read (refused)") from None
        if not isinstance(doc, dict):
            raise SpecError(f"{source}: not an OpenAPI document (the top level is not an object)")
        # JSON already is a plain tree: string keys, no aliases, and json refuses nesting
        # deeper than the recursion limit (about MAX_DEPTH), so no copy is needed.
        return doc
    doc = _yaml(text, source)
    if not isinstance(doc, dict):
        raise SpecError(f"{source}: not an OpenAPI document (the top level is not an object)")
    tree: Document = plain_tree(doc, source)
    return tree


def check_openapi3(doc: Any, source: str) -> Document:
    """Raise SpecError unless ``doc`` has the shape of an OpenAPI 3.x document."""
    if not isinstance(doc, dict):
        raise SpecError(f"{source}: not an OpenAPI document (the top level is not an object)")
    version = doc.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        if "swagger" in doc:
            raise SpecError(f"{source}: Swagger {doc.get('swagger')} is not OpenAPI 3.x")
        raise SpecError(f"{source}: not OpenAPI 3.x (no 'openapi: 3.x' field)")
    if not isinstance(doc.get("info"), dict):
        raise SpecError(f"{source}: not a valid OpenAPI document (no 'info' object)")
    for key in ("paths", "webhooks", "components"):
        if not isinstance(doc.get(key, {}), dict):
            raise SpecError(f"{source}: not a valid OpenAPI document ('{key}' is not an object)")
    if not doc.get("paths") and not doc.get("webhooks") and not doc.get("components"):
        raise SpecError(f"{source}: not a useful OpenAPI document (no paths)")
    _check_operations(doc, source)
    return doc


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_OPERATION_PARTS = {
    "parameters": list,
    "requestBody": dict,
    "responses": dict,
    "callbacks": dict,
    "security": list,
    "tags": list,
}


def _check_operations(doc: Document, source: str) -> None:
    """Refuse path items and operations of the wrong JSON type, naming where (a JSON Pointer).

    A diff over a malformed operation (a list where an object belongs) has no
    meaning: "could not decide" is the honest answer, not "removed".
    """
    for section in ("paths", "webhooks"):
        for path, item in doc.get(section, {}).items():
            where = f"/{section}/{path.replace('~', '~0').replace('/', '~1')}"
            if not isinstance(item, dict):
                raise SpecError(f"{source}: {where} is not an object")
            if not isinstance(item.get("parameters", []), list):
                raise SpecError(f"{source}: {where}/parameters is not a list")
            for method in _METHODS:
                if method not in item:
                    continue
                operation = item[method]
                if not isinstance(operation, dict):
                    raise SpecError(f"{source}: {where}/{method} is not an object")
                for part, kind in _OPERATION_PARTS.items():
                    if part in operation and not isinstance(operation[part], kind):
                        raise SpecError(f"{source}: {where}/{method}/{part} is not an {kind.__name__}")


def read_location(location: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The bytes at a path or an http(s) URL (at most MAX_SPEC_BYTES), or SpecError."""
    if is_url(location):
        return download(location, timeout=timeout)
    path = Path(location)
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(f"{location}: larger than {MAX_SPEC_BYTES} bytes (refused)")
        return path.read_bytes()
    except FileNotFoundError:
        raise SpecError(f"{location}: no such file") from None
    except IsADirectoryError:
        raise SpecError(f"{location}: is a directory") from None
    except OSError as exc:
        raise SpecError(f"{location}: cannot read ({exc.strerror})") from None


def load_document(
    location: str | os.PathLike[str],
    *,
    allow_remote_refs: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Document:
    """Read an OpenAPI 3.x document from a path or an http(s) URL, its ``$ref``s to other files included.

    A ``$ref`` to another file is resolved relative to the document; one to a URL
    (or any ``$ref`` of a document read from a URL) only with ``allow_remote_refs``.
    Every ``$ref`` must resolve: a missing target is a SpecError, never an empty schema.
    """
    from dezgo.spec.refs import bundle

    text_location = os.fspath(location)
    doc = check_openapi3(
        parse_document(read_location(text_location, timeout=timeout), text_location), text_location
    )
    return bundle(doc, text_location, allow_remote=allow_remote_refs, timeout=timeout)
