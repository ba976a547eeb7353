"""Reading and recognising any OpenAPI document (JSON or YAML, a path or a URL).

The spec tools (fetch, diff, check, normalise) read documents that may come from
anywhere; the pinned spec the SDK runs on is read by ``dezgo._spec`` instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from dezgo._spec.document import Document
from dezgo.errors import SpecError
from dezgo.spec._http import download

__all__ = ["Document", "check_openapi3", "load_document", "parse_document"]


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
        try:
            import yaml
        except ImportError:
            raise SpecError(f"{source}: YAML specs need PyYAML: pip install 'dezgo[cli]'") from None

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
        raw = download(text_location)
    else:
        try:
            raw = Path(text_location).read_bytes()
        except FileNotFoundError:
            raise SpecError(f"{text_location}: no such file") from None
        except OSError as exc:
            raise SpecError(f"{text_location}: cannot read ({exc.strerror})") from None
    return check_openapi3(parse_document(raw, text_location), text_location)
