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
URLs are fetched only when the caller allows remote references, and the
``$ref``s of a document read from a URL (or fetched from one: see
``dezgo.spec._origin``) are resolved against that URL only: they never read the
local disk, whatever they spell (``/abs/path``, ``file:///etc/passwd``).
Local ``$ref``s read regular files only (``dezgo.spec._files``).
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urljoin, urlsplit

from dezgo._spec.document import Document, escape_token, resolve_pointer
from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._http import DEFAULT_TIMEOUT_S

__all__ = ["EXTERNAL", "bundle", "external_refs"]

EXTERNAL = "x-dezgo-external"
MAX_FILES = 500
"""Other documents one spec may pull in (a loop of references to ever-new URLs must end)."""


def _join(base: str, ref_uri: str) -> str:
    """The document ``ref_uri`` names, read from ``base``; SpecError for what may not be read from there."""
    from dezgo.spec.loading import is_url

    scheme = urlsplit(ref_uri).scheme.lower()
    if is_url(base):
        target = urljoin(base, ref_uri)
        if not is_url(target):
            raise SpecError(
                f"{base}: $ref {ref_uri[:200]!r} names a local file, but this document was read from a URL: "
                "its $refs are never resolved on the local disk"
            )
        return target
    if is_url(ref_uri):
        return ref_uri
    if scheme and len(scheme) > 1:  # file:, ftp:, ... (a one-letter scheme is a Windows drive)
        raise SpecError(f"{base}: $ref {ref_uri[:200]!r}: only relative paths and http(s) URLs are supported")
    if ref_uri.startswith("/"):
        return posixpath.normpath(ref_uri)
    return posixpath.normpath(posixpath.join(posixpath.dirname(base.replace("\\", "/")), ref_uri))


def external_refs(doc: Any) -> list[str]:
    """Every ``$ref`` in ``doc`` that names another document (not ``#...``)."""
    return [node["$ref"] for node in _refs(doc) if not node["$ref"].startswith("#")]


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
    def __init__(
        self, root: Document, location: str | None, base: str | None, allow_remote: bool, deadline: Deadline
    ) -> None:
        self.root = root
        self.location = location
        self.base = base  # where the root's $refs are resolved from: its location, or the URL it came from
        self.allow_remote = allow_remote
        self.deadline = deadline
        self.sources: dict[str, tuple[str, bytes]] = {}  # key -> (location, bytes read)
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
        if self.base is not None and not is_url(target) and not is_url(self.base):
            key = posixpath.relpath(target, posixpath.dirname(self.base.replace("\\", "/")) or ".")
        else:
            key = target
        self.keys[target] = key
        from dezgo.spec.loading import parse_document, read_location

        raw = read_location(target, deadline=self.deadline)
        self.sources[key] = (target, raw)
        other = parse_document(raw, target)
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
        self.rewrite(self.root, self.base, "")
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
    deadline: Deadline | None = None,
    origin: str | None = None,
    sources: dict[str, tuple[str, bytes]] | None = None,
) -> Document:
    """``doc`` (changed in place and returned) with other documents' ``$ref``s made local; SpecError if any cannot be.

    ``origin`` is the URL a local copy was fetched from: its ``$ref``s are resolved against it.
    ``sources``, when given, receives each other file's location and bytes under its key.
    """
    clock = deadline if deadline is not None else Deadline.start(timeout)
    bundler = _Bundler(doc, location, origin or location, allow_remote, clock)
    result = bundler.run()
    if sources is not None:
        sources.update(bundler.sources)
    return result
