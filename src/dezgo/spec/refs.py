"""Multi-file specs: bring every ``$ref``'d file into the document, and check every ``$ref`` resolves.

A ``$ref`` to ``schemas/pet.yaml#/Pet`` is read relative to the file that holds
it (JSON or YAML). Each other file is stored once, under
``x-dezgo-external/<its path relative to the root document>``, and the
``$ref`` is rewritten to point there; the other file's own local ``$ref``s are
rewritten the same way. Nothing is inlined, so a cycle between files stays a
cycle of local ``$ref``s, which the diff already handles, and the key of a file
is the same in two versions of a spec, so old and new compare file by file.

A ``$ref`` that cannot be resolved is a SpecError (exit 2 for the CLI): before
this module, it became an empty schema and every change behind it vanished.
URLs are fetched only when the caller allows remote references.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urljoin

from dezgo._spec.document import Document, escape_token, resolve_pointer
from dezgo.errors import SpecError
from dezgo.spec._http import DEFAULT_TIMEOUT_S

__all__ = ["EXTERNAL", "bundle"]

EXTERNAL = "x-dezgo-external"
MAX_FILES = 500
"""Other documents one spec may pull in (a loop of references to ever-new URLs must end)."""


def _join(base: str, ref_uri: str) -> str:
    from dezgo.spec.loading import is_url

    if is_url(ref_uri) or ref_uri.startswith("/"):
        return ref_uri
    if is_url(base):
        return urljoin(base, ref_uri)
    return posixpath.normpath(posixpath.join(posixpath.dirname(base.replace("\\", "/")), ref_uri))


def _refs(node: Any) -> list[dict[str, Any]]:
    """Every mapping with a string ``$ref`` in ``node`` (iterative: the tree is already bounded)."""
    out: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                out.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


class _Bundler:
    def __init__(self, root: Document, location: str | None, allow_remote: bool, timeout: float) -> None:
        self.root = root
        self.location = location
        self.allow_remote = allow_remote
        self.timeout = timeout
        self.keys: dict[str, str] = {}  # absolute location -> key under EXTERNAL
        self.pending: list[tuple[Any, str, str]] = []  # (tree, its location, its pointer prefix)
        self.seen: list[dict[str, Any]] = []  # every $ref node, rewritten in place

    def key_for(self, target: str) -> str:
        from dezgo.spec.loading import is_url

        if target in self.keys:
            return self.keys[target]
        if len(self.keys) >= MAX_FILES:
            raise SpecError(f"{self.location}: $refs reach more than {MAX_FILES} other documents (refused)")
        if is_url(target) and not self.allow_remote:
            raise SpecError(
                f"{self.location}: $ref to the remote document {target[:200]} "
                "(allow it with --allow-remote-refs)"
            )
        if self.location is not None and not is_url(target) and not is_url(self.location):
            key = posixpath.relpath(target, posixpath.dirname(self.location.replace("\\", "/")) or ".")
        else:
            key = target
        self.keys[target] = key
        from dezgo.spec.loading import parse_document, read_location

        other = parse_document(read_location(target, timeout=self.timeout), target)
        self.root.setdefault(EXTERNAL, {})[key] = other
        self.pending.append((other, target, f"/{EXTERNAL}/{escape_token(key)}"))
        return key

    def rewrite(self, tree: Any, location: str | None, prefix: str) -> None:
        nodes = _refs(tree)
        self.seen.extend(nodes)
        for node in nodes:
            ref: str = node["$ref"]
            uri, _, fragment = ref.partition("#")
            if fragment and not fragment.startswith("/"):
                raise SpecError(f"{location}: $ref {ref[:200]!r}: only JSON Pointer fragments are supported")
            if not uri:
                node["$ref"] = f"#{prefix}{fragment}"
                continue
            if location is None:
                raise SpecError(
                    f"$ref {ref[:200]!r} points to another document, but this one has no location to resolve it "
                    "from (load it with dezgo.spec.loading.load_document)"
                )
            target = _join(location, uri)
            key = self.key_for(target)
            node["$ref"] = f"#/{EXTERNAL}/{escape_token(key)}{fragment}"

    def run(self) -> Document:
        if EXTERNAL in self.root:
            raise SpecError(f"{self.location}: the document already has a top-level {EXTERNAL!r} (reserved)")
        self.rewrite(self.root, self.location, "")
        while self.pending:
            tree, location, prefix = self.pending.pop()
            self.rewrite(tree, location, prefix)
        for node in self.seen:
            ref = node["$ref"]
            try:
                resolve_pointer(self.root, ref)
            except SpecError:
                raise SpecError(f"{self.location or 'document'}: unresolvable $ref {ref[:200]!r}") from None
        return self.root


def bundle(
    doc: Document,
    location: str | None,
    *,
    allow_remote: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Document:
    """``doc`` (changed in place and returned) with other documents' ``$ref``s made local; SpecError if any cannot be."""
    return _Bundler(doc, location, allow_remote, timeout).run()
