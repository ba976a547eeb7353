"""Finding, reading and recognising OpenAPI documents.

The pinned spec ships inside the wheel (``dezgo/_data/dezgo.json``); in a
source checkout (editable install) it is read from ``openapi/dezgo.json``.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from dezgo.errors import SpecError

__all__ = [
    "check_openapi3",
    "load_document",
    "load_pinned_spec",
    "parse_document",
    "pinned_spec_path",
    "resolve_ref",
]

Document = dict[str, Any]


def pinned_spec_path() -> Path:
    """Where the pinned spec is: ``$DEZGO_SPEC_PATH``, the wheel's copy, or the checkout's."""
    override = os.environ.get("DEZGO_SPEC_PATH")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent.parent / "_data" / "dezgo.json"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "openapi" / "dezgo.json"


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> Document:
    return load_document(path)


def load_pinned_spec() -> Document:
    """The pinned spec, parsed once per file version. Callers must not mutate it."""
    path = pinned_spec_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise SpecError(f"the pinned spec is missing at {path}: {exc.strerror}") from None
    return _load_cached(str(path), mtime)


def parse_document(text: str | bytes, source: str) -> Document:
    """Parse JSON (or, failing that, YAML) text into a dict, or raise SpecError."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SpecError(f"{source}: not UTF-8 text") from None
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
    else:
        import yaml

        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise SpecError(f"{source}: invalid YAML{where}") from None
    if not isinstance(doc, dict):
        raise SpecError(f"{source}: not an OpenAPI document (the top level is not an object)")
    return doc


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
    paths = doc.get("paths", {})
    if not isinstance(paths, dict):
        raise SpecError(f"{source}: not a valid OpenAPI document ('paths' is not an object)")
    if not paths and not doc.get("webhooks") and not doc.get("components"):
        raise SpecError(f"{source}: not a useful OpenAPI document (no paths)")
    return doc


def load_document(location: str | os.PathLike[str]) -> Document:
    """Read an OpenAPI 3.x document from a path or an http(s) URL."""
    text_location = os.fspath(location)
    if text_location.startswith(("http://", "https://")):
        from dezgo.spec.fetch import download

        raw = download(text_location)
    else:
        try:
            raw = Path(text_location).read_bytes()
        except FileNotFoundError:
            raise SpecError(f"{text_location}: no such file") from None
        except OSError as exc:
            raise SpecError(f"{text_location}: cannot read ({exc.strerror})") from None
    return check_openapi3(parse_document(raw, text_location), text_location)


def resolve_ref(doc: Document, ref: str) -> Any:
    """Follow a local JSON pointer such as ``#/components/schemas/Body_x``."""
    if not ref.startswith("#/"):
        raise SpecError(f"only local $refs are supported, not {ref!r}")
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise SpecError(f"unresolvable $ref {ref!r}")
        node = node[part]
    return node
