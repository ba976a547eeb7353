"""The effective spec: the pinned document with our overlay applied, cached.

Every consumer (the generator, the facade, the simulator, the command line)
reads this one spec, so what the service says and what we know reach them
together, and a refetched document keeps our knowledge. Applying the overlay
parses YAML and runs a few hundred JSONPath queries (a few hundred ms), so the
result is cached: in this process per file version, and in the user's cache
folder under the digest of both inputs, so a later process reads one JSON file.
A cache that cannot be read or written only makes the start slower.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dezgo._atomic import atomic_write_bytes
from dezgo._cache import cache_folder
from dezgo._spec.document import Document, overlay_path, pinned_document_path, read_json_document
from dezgo._spec.overlay import Applied, Overlay, apply_overlay, document_digest
from dezgo.errors import SpecError

__all__ = [
    "effective_spec_of",
    "is_reconstruction",
    "load_effective_spec",
    "load_overlay",
    "pinned_effective",
]

logger = logging.getLogger("dezgo")

CACHE_FORMAT = 1
"""Bumped whenever applying an overlay gives another result for the same inputs."""
MAX_OVERLAY_BYTES = 16 * 1024 * 1024


def _parse_overlay(raw: bytes, source: str) -> Overlay:
    if len(raw) > MAX_OVERLAY_BYTES:
        raise SpecError(f"{source}: larger than {MAX_OVERLAY_BYTES} bytes (refused)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(f"{source}: not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SpecError(f"{source}: invalid JSON ({exc})") from None
    else:
        try:
            import yaml
        except ImportError:  # pragma: no cover - a runtime dependency
            raise SpecError(f"{source}: reading the overlay needs PyYAML (pip install pyyaml)") from None
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(text, Loader=loader)  # a safe loader (C if available)
        except yaml.YAMLError as exc:
            raise SpecError(f"{source}: invalid YAML ({type(exc).__name__})") from None
    return Overlay.from_data(data, source)


@functools.lru_cache(maxsize=8)
def _overlay_cached(path: str, mtime_ns: int) -> tuple[Overlay, bytes]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SpecError(f"the overlay at {path} cannot be read: {exc.strerror}") from None
    return _parse_overlay(raw, path), raw


def load_overlay(path: Path | None = None) -> Overlay:
    """Our overlay (``openapi/overlay.yaml`` unless ``path``), parsed once per file version."""
    target = path if path is not None else overlay_path()
    try:
        mtime = target.stat().st_mtime_ns
    except OSError as exc:
        raise SpecError(f"the overlay is missing at {target}: {exc.strerror}") from None
    return _overlay_cached(str(target), mtime)[0]


def effective_spec_of(document: Mapping[str, Any], overlay: Overlay | None = None) -> Applied:
    """``document`` with ``overlay`` (default: ours) applied; the document is left untouched.

    Remembered per document content, so tests and tools that build many simulators or
    clients from one document apply the overlay once. Callers must not mutate the result.
    """
    chosen = overlay if overlay is not None else load_overlay()
    return _applied(document_digest(document), chosen, _Frozen(document))


class _Frozen:
    """Carries a document into the memo below without being part of its key."""

    __slots__ = ("document",)

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen)


@functools.lru_cache(maxsize=16)
def _applied(digest: str, overlay: Overlay, document: _Frozen) -> Applied:
    return apply_overlay(document.document, overlay)


def _cache_file(key: str) -> Path:
    return cache_folder() / f"effective-spec-{key[:32]}.json"


def _read_cache(key: str) -> Applied | None:
    path = _cache_file(key)
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("spec"), dict):
        return None
    return Applied(data["spec"], bool(data.get("reconstruction")))


def _write_cache(key: str, applied: Applied) -> None:
    payload = {"key": key, "reconstruction": applied.reconstruction, "spec": applied.spec}
    path = _cache_file(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(payload, separators=(",", ":")).encode(), fsync=False)
    except OSError as exc:
        logger.debug("cannot cache the effective spec in %s: %s", path.parent, exc)


@functools.lru_cache(maxsize=8)
def _effective_cached(doc_path: str, doc_mtime: int, overlay_file: str, overlay_mtime: int) -> Applied:
    try:
        raw_overlay = Path(overlay_file).read_bytes()
    except OSError as exc:
        raise SpecError(f"the overlay at {overlay_file} cannot be read: {exc.strerror}") from None
    document, raw_document = read_json_document(Path(doc_path))
    digest = hashlib.sha256()
    for part in (f"format {CACHE_FORMAT}\0".encode(), raw_document, b"\0", raw_overlay):
        digest.update(part)
    key = digest.hexdigest()
    cached = _read_cache(key)  # before the overlay is parsed: a hit needs neither PyYAML nor JSONPath
    if cached is not None:
        return cached
    overlay = _overlay_cached(overlay_file, overlay_mtime)[0]
    applied = apply_overlay(document, overlay)
    _write_cache(key, applied)
    return applied


def _mtime(path: Path, what: str) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise SpecError(f"the {what} is missing at {path}: {exc.strerror}") from None


def pinned_effective() -> Applied:
    """The pinned document with our overlay applied (cached; callers must not mutate it).

    Read from the cache, it carries no per-action results: ``effective_spec_of`` on the
    document gives those (``dezgo spec check`` and ``make spec`` report them).
    """
    document, overlay = pinned_document_path(), overlay_path()
    return _effective_cached(
        str(document), _mtime(document, "pinned document"), str(overlay), _mtime(overlay, "overlay")
    )


def load_effective_spec() -> Document:
    """The effective spec the SDK runs on (the pinned document with our overlay applied)."""
    return pinned_effective().spec


def is_reconstruction() -> bool:
    """The pinned document is still our reconstruction (not yet a document the service served)."""
    return pinned_effective().reconstruction
