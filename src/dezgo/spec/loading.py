"""Reading and recognising any OpenAPI document (JSON or YAML, a path or a URL).

The spec tools (fetch, diff, check, normalise) read documents that may come from
anywhere, so every way a document can be hostile or broken ends in a
``SpecError`` with one line saying why, never in another exception: too big,
not UTF-8, nested too deep for the parser, YAML aliases that explode, keys that
are not strings, ``$ref``s to files that do not exist. The pinned spec the SDK
runs on is read by ``dezgo._spec`` instead.

What other tools read is read here too: a document that kin-openapi (oasdiff's
loader) loads is not refused. An empty (``null``) value where a mapping or a list
belongs, a missing ``info`` or ``info.version``, a document without paths: each is
read as the empty thing, and said in ``LoadedSpec.warnings`` (the report shows
them). Exit 2 stays for what cannot be decided: a value of the wrong kind (a list
where a mapping belongs), unreadable text, an unresolvable ``$ref``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import attrs

from dezgo._spec.document import Document, escape_token
from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._files import read_regular_file
from dezgo.spec._http import DEFAULT_TIMEOUT_S, MAX_SPEC_BYTES, download
from dezgo.spec._stack import deep_recursion
from dezgo.spec._tree import MAX_ALIAS_NODES, plain_tree

__all__ = [
    "Document",
    "LoadedSpec",
    "check_openapi3",
    "is_url",
    "load_document",
    "load_spec",
    "parse_document",
    "read_location",
]


@attrs.frozen
class LoadedSpec:
    """A document as loaded, with what was read leniently and the source texts (for line numbers)."""

    document: Document
    location: str
    warnings: tuple[str, ...] = ()
    """One line per thing read as empty (``/paths/~1a/post/responses is empty: read as no responses``)."""
    sources: dict[str, tuple[str, bytes]] = attrs.field(factory=dict, eq=False, repr=False)
    """Key under ``x-dezgo-external`` ("" for the root) -> (the file's location, its bytes)."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _merge_budget_loader(yaml: Any) -> Any:
    """A SafeLoader whose merge keys (``<<: *big``) count against the alias budget as they are built.

    PyYAML copies a merged mapping's entries into every mapping that merges it, so one
    map of N keys merged into N maps builds N*N entries before any tree check runs.
    """

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        merged = 0

        def flatten_mapping(self, node: Any) -> None:
            before = len(node.value)
            super().flatten_mapping(node)
            self.merged += max(0, len(node.value) - before)
            if self.merged > MAX_ALIAS_NODES:
                raise _MergeBudget

    return Loader


class _MergeBudget(Exception):
    pass


def _yaml(text: str, source: str) -> tuple[Any, int]:
    """The parsed YAML and how many entries its merge keys added."""
    try:
        import yaml
    except ImportError:
        raise SpecError(f"{source}: YAML specs need PyYAML: pip install pyyaml") from None
    loader = _merge_budget_loader(yaml)(text)
    try:
        # PyYAML's composer recurses a few frames per nesting level; the tree check after
        # it refuses what is deeper than we accept, so give it exactly that much room.
        with deep_recursion():
            return loader.get_single_data(), loader.merged
    except _MergeBudget:
        raise SpecError(
            f"{source}: YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes (merge keys; refused)"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise SpecError(f"{source}: invalid YAML{where}") from None
    except RecursionError:
        raise SpecError(f"{source}: YAML nested too deeply to read (refused)") from None
    except (TypeError, ValueError) as exc:  # e.g. an unhashable (complex) mapping key
        raise SpecError(f"{source}: unsupported YAML ({type(exc).__name__})") from None
    finally:
        loader.dispose()


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
            raise SpecError(f"{source}: not an OpenAPI document (the top level is not a mapping)")
        # JSON already is a plain tree: string keys, no aliases, and json refuses nesting
        # deeper than the recursion limit (about MAX_DEPTH), so no copy is needed.
        return doc
    doc, merged = _yaml(text, source)
    if not isinstance(doc, dict):
        raise SpecError(f"{source}: not an OpenAPI document (the top level is not a mapping)")
    tree: Document = plain_tree(doc, source, alias_nodes=merged)
    return tree


_COMPONENT_MAPS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# operation part -> (its kind, what an empty value is read as: a value, or None for "absent")
_OPERATION_PARTS: dict[str, tuple[type, Callable[[], Any] | None, str]] = {
    "parameters": (list, list, "no parameters"),
    "requestBody": (dict, None, "no request body"),
    "responses": (dict, dict, "no responses"),
    "callbacks": (dict, dict, "no callbacks"),
    "security": (list, None, "the document's security"),
    "tags": (list, list, "no tags"),
}
_KIND: dict[type, str] = {dict: "a mapping", list: "a list"}


class _Shape:
    """Checks the kinds of the parts the diff walks, reading empty ones as empty (with a warning)."""

    def __init__(self, doc: Document, source: str) -> None:
        self.doc, self.source = doc, source
        self.warnings: list[str] = []

    def fail(self, where: str, kind: type) -> SpecError:
        return SpecError(f"{self.source}: {where or '/'} is not {_KIND[kind]}")

    def part(
        self,
        parent: dict[str, Any],
        key: str,
        where: str,
        kind: type,
        empty: Callable[[], Any] | None,
        reading: str,
    ) -> Any:
        """``parent[key]`` checked to be ``kind``; null read as ``empty()`` (or removed) with a warning."""
        here = f"{where}/{escape_token(key)}"
        value = parent.get(key)
        if key in parent and value is None:
            if empty is None:
                del parent[key]
            else:
                value = parent[key] = empty()
            self.warnings.append(f"{self.source}: {here} is empty: read as {reading}")
            return value
        if key in parent and not isinstance(value, kind):
            raise self.fail(here, kind)
        return value

    def run(self) -> None:
        doc = self.doc
        info = self.part(doc, "info", "", dict, dict, "an empty info object")
        if info is None:
            doc["info"] = info = {}
            self.warnings.append(f"{self.source}: no info object: read as an empty one")
        if "version" not in info or info.get("version") is None:
            self.warnings.append(f"{self.source}: /info has no version")
        for section in ("paths", "webhooks"):
            items = self.part(doc, section, "", dict, dict, f"no {section}")
            for name in list(items or {}):
                self.path_item(items, name, f"/{section}")
        components = self.part(doc, "components", "", dict, dict, "no components")
        for key in _COMPONENT_MAPS:
            if components:
                self.part(components, key, "/components", dict, dict, f"no {key}")
        if not doc.get("paths") and not doc.get("webhooks") and not doc.get("components"):
            self.warnings.append(f"{self.source}: the document has no paths, webhooks or components")

    def path_item(self, items: dict[str, Any], name: str, where: str) -> None:
        item = self.part(items, name, where, dict, dict, "an empty path item")
        here = f"{where}/{escape_token(name)}"
        self.part(item, "parameters", here, list, list, "no parameters")
        for method in _METHODS:
            operation = self.part(item, method, here, dict, None, "no operation")
            if operation is None:
                continue
            at = f"{here}/{method}"
            for part, (kind, empty, reading) in _OPERATION_PARTS.items():
                self.part(operation, part, at, kind, empty, reading)
            for status in list(operation.get("responses", {})):
                self.part(operation["responses"], status, f"{at}/responses", dict, dict, "an empty response")


def _recognise(doc: Any, source: str) -> Document:
    if not isinstance(doc, dict):
        raise SpecError(f"{source}: not an OpenAPI document (the top level is not a mapping)")
    version = doc.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        if "swagger" in doc:
            raise SpecError(f"{source}: Swagger {doc.get('swagger')} is not OpenAPI 3.x")
        raise SpecError(f"{source}: not OpenAPI 3.x (no 'openapi: 3.x' field)")
    return doc


def check_openapi3(doc: Any, source: str) -> Document:
    """Raise SpecError unless ``doc`` has the shape of an OpenAPI 3.x document; empty parts are read as empty."""
    return read_openapi3(doc, source)[0]


def read_openapi3(doc: Any, source: str) -> tuple[Document, tuple[str, ...]]:
    """``doc`` recognised as OpenAPI 3.x, its empty parts read as empty (in place), and the warnings saying so."""
    shape = _Shape(_recognise(doc, source), source)
    shape.run()
    return shape.doc, tuple(shape.warnings)


def read_location(
    location: str, *, timeout: float = DEFAULT_TIMEOUT_S, deadline: Deadline | None = None
) -> bytes:
    """The bytes at a path (a regular file) or an http(s) URL, at most MAX_SPEC_BYTES, or SpecError."""
    clock = deadline if deadline is not None else Deadline.start(timeout)
    if is_url(location):
        return download(location, deadline=clock)
    return read_regular_file(location, clock)


def load_spec(
    location: str | os.PathLike[str],
    *,
    allow_remote_refs: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
    deadline: Deadline | None = None,
) -> LoadedSpec:
    """Read an OpenAPI 3.x document from a path or an http(s) URL, its ``$ref``s to other files included.

    A ``$ref`` to another file is resolved relative to the document; one to a URL
    (or any ``$ref`` of a document read from a URL, or fetched from one) only with
    ``allow_remote_refs``, and never against the local disk. Every ``$ref`` must
    resolve: a missing target is a SpecError, never an empty schema. Every read
    shares one total deadline (``timeout`` seconds, or the caller's ``deadline``).
    """
    from dezgo.spec._origin import origin_of
    from dezgo.spec.refs import bundle

    clock = deadline if deadline is not None else Deadline.start(timeout)
    text_location = os.fspath(location)
    raw = read_location(text_location, deadline=clock)
    doc, warnings = read_openapi3(parse_document(raw, text_location), text_location)
    origin = None if is_url(text_location) else origin_of(text_location, clock)
    sources: dict[str, tuple[str, bytes]] = {"": (text_location, raw)}
    bundled = bundle(
        doc, text_location, allow_remote=allow_remote_refs, deadline=clock, origin=origin, sources=sources
    )
    return LoadedSpec(bundled, text_location, warnings, sources)


def load_document(
    location: str | os.PathLike[str],
    *,
    allow_remote_refs: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Document:
    """``load_spec(...).document``: the document alone."""
    return load_spec(location, allow_remote_refs=allow_remote_refs, timeout=timeout).document
