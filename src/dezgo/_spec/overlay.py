"""OpenAPI Overlay 1.0: what we know about the service, applied on top of the document it serves.

The pinned document (``openapi/dezgo.json``) is the service's word, replaced byte
for byte by ``make spec``. Everything the SDK knows beyond it (billing and seed
headers, that a paid answer is an image, the job-ticket answer, which operations
are free, evidence levels, the descriptions we wrote) is a list of Overlay
actions in ``openapi/overlay.yaml``. Targets are RFC 9535 JSONPath queries,
matched by ``jsonpath-rfc9535``; an ``update`` is merged as the Overlay
specification says (1.1 spells out 1.0's "recursively merged"): objects merge
key by key, arrays are concatenated, other values are replaced; a target that
selects an array has the update appended; ``remove`` deletes what it selects.

One extension, on an action: ``x-dezgo-scope: reconstruction`` marks knowledge
about *our reconstruction* of the document (evidence levels, our descriptions).
Those actions apply only while the pinned document is that reconstruction,
recognised by the digest recorded in the overlay's ``info.x-dezgo-reconstruction``;
on a fetched document they are inert, so a document without our evidence is
taken at its word. An action in scope whose target matches nothing is reported
(``Applied.unmatched``): our knowledge has drifted from the document, and
``make spec`` and ``dezgo spec check`` say so rather than drop it silently.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from dezgo.errors import SpecError

__all__ = [
    "SCOPE_KEY",
    "Action",
    "ActionResult",
    "Applied",
    "Overlay",
    "Scope",
    "apply_overlay",
    "document_digest",
]

SCOPE_KEY = "x-dezgo-scope"
RECONSTRUCTION_KEY = "x-dezgo-reconstruction"
_ABSENT: Any = object()


class Scope(enum.Enum):
    """When an action applies."""

    ALWAYS = "always"
    """Knowledge of the service: applies to whatever document is pinned."""
    RECONSTRUCTION = "reconstruction"
    """Knowledge of our reconstruction of the document: applies only to that reconstruction."""


@attrs.frozen
class Action:
    """One Overlay action, numbered from 1 in the order of the overlay."""

    number: int
    target: str
    description: str = ""
    update: Any = attrs.field(default=_ABSENT, repr=False)
    remove: bool = False
    scope: Scope = Scope.ALWAYS

    @property
    def label(self) -> str:
        """How a report names it: its number, target and description."""
        about = f" ({self.description})" if self.description else ""
        return f"action {self.number}: {self.target}{about}"


@attrs.frozen(eq=False)
class Overlay:
    """A parsed Overlay document (compared, and hashed, by identity)."""

    title: str
    version: str
    actions: tuple[Action, ...]
    reconstruction_digest: str | None = None
    """The digest (``document_digest``) of the reconstruction this overlay's scoped actions describe."""
    info: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def from_data(cls, data: Any, source: str) -> Overlay:
        """Check the shape of an Overlay 1.0 document; SpecError naming what is wrong."""
        if not isinstance(data, dict):
            raise SpecError(f"{source}: an overlay is a mapping at the top level")
        version = data.get("overlay")
        if not isinstance(version, str) or not version.startswith("1."):
            raise SpecError(f"{source}: not an OpenAPI Overlay 1.x document (no 'overlay: 1.0.0')")
        info = data.get("info")
        if not isinstance(info, dict) or not isinstance(info.get("title"), str):
            raise SpecError(f"{source}: the overlay's info needs a title and a version")
        raw_actions = data.get("actions")
        if not isinstance(raw_actions, list) or not raw_actions:
            raise SpecError(f"{source}: the overlay has no actions")
        actions = tuple(_action(number, raw, source) for number, raw in enumerate(raw_actions, start=1))
        record = info.get(RECONSTRUCTION_KEY)
        digest = record.get("digest") if isinstance(record, dict) else None
        return cls(
            title=info["title"],
            version=str(info.get("version", "")),
            actions=actions,
            reconstruction_digest=digest if isinstance(digest, str) else None,
            info=info,
        )


def _action(number: int, raw: Any, source: str) -> Action:
    where = f"{source}: action {number}"
    if not isinstance(raw, dict):
        raise SpecError(f"{where} is not a mapping")
    target = raw.get("target")
    if not isinstance(target, str) or not target.startswith("$"):
        raise SpecError(f"{where}: its target must be a JSONPath query starting with $")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise SpecError(f"{where}: remove must be true or false")
    update = raw.get("update", _ABSENT)
    if update is _ABSENT and not remove:
        raise SpecError(f"{where}: it has neither update nor remove: true")
    scope_text = raw.get(SCOPE_KEY, Scope.ALWAYS.value)
    try:
        scope = Scope(scope_text)
    except ValueError:
        raise SpecError(f"{where}: {SCOPE_KEY} must be one of {[s.value for s in Scope]}") from None
    return Action(
        number=number,
        target=target,
        description=str(raw.get("description", "")),
        update=update,
        remove=remove,
        scope=scope,
    )


@attrs.frozen
class ActionResult:
    action: Action
    matched: int
    """How many nodes its target selected (0 for an inert action)."""
    applied: bool
    """False for a reconstruction-only action on a fetched document."""


@attrs.frozen
class Applied:
    """An effective spec: the document with the overlay applied, and what each action did."""

    spec: dict[str, Any] = attrs.field(repr=False)
    reconstruction: bool
    """The document is the reconstruction the overlay's scoped actions describe."""
    results: tuple[ActionResult, ...] = ()

    @property
    def unmatched(self) -> tuple[Action, ...]:
        """Actions in scope whose target selects nothing: knowledge that no longer finds its place."""
        return tuple(r.action for r in self.results if r.applied and r.matched == 0)

    @property
    def inert(self) -> tuple[Action, ...]:
        """Reconstruction-only actions left out because the document is not the reconstruction."""
        return tuple(r.action for r in self.results if not r.applied)


def document_digest(document: Mapping[str, Any]) -> str:
    """A digest of a document's content (not of its formatting): sha256 of its canonical JSON."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def apply_overlay(document: Mapping[str, Any], overlay: Overlay) -> Applied:
    """The effective spec: a copy of ``document`` with ``overlay`` applied (the input is untouched)."""
    import jsonpath_rfc9535 as jsonpath

    reconstruction = (
        overlay.reconstruction_digest is not None
        and document_digest(document) == overlay.reconstruction_digest
    )
    spec: dict[str, Any] = copy.deepcopy(dict(document))
    results: list[ActionResult] = []
    for action in overlay.actions:
        if action.scope is Scope.RECONSTRUCTION and not reconstruction:
            results.append(ActionResult(action, 0, applied=False))
            continue
        try:
            nodes = jsonpath.find(action.target, spec)
        except jsonpath.JSONPathError as exc:
            raise SpecError(f"overlay {action.label}: not an RFC 9535 JSONPath query ({exc})") from None
        locations = [tuple(node.location) for node in nodes]
        if action.remove:
            _remove(spec, locations)
        else:
            for node in nodes:
                _update(spec, tuple(node.location), node.value, action)
        results.append(ActionResult(action, len(locations), applied=True))
    return Applied(spec, reconstruction, tuple(results))


def _parent(root: Any, location: tuple[str | int, ...]) -> Any:
    node = root
    for part in location[:-1]:
        node = node[part]
    return node


def _remove(root: dict[str, Any], locations: list[tuple[str | int, ...]]) -> None:
    # Deepest and last first, so that removing one node never shifts another's index.
    def order(location: tuple[str | int, ...]) -> tuple[int, int]:
        last = location[-1] if location else -1
        return len(location), last if isinstance(last, int) else -1

    for location in sorted(locations, key=order, reverse=True):
        if not location:
            raise SpecError("an overlay action cannot remove the whole document")
        parent = _parent(root, location)
        key = location[-1]
        if isinstance(parent, dict):
            parent.pop(key, None)
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]


def _update(root: dict[str, Any], location: tuple[str | int, ...], value: Any, action: Action) -> None:
    update = copy.deepcopy(action.update)
    if isinstance(value, dict):
        if not isinstance(update, dict):
            raise SpecError(f"overlay {action.label}: it selects an object, so its update must be a mapping")
        _merge(value, update)
    elif isinstance(value, list):
        value.append(update)
    else:
        # 1.0 allows only objects and arrays as targets; 1.1 replaces a selected primitive.
        if not location:
            raise SpecError(f"overlay {action.label}: the document itself is not a mapping")
        _parent(root, location)[location[-1]] = update


def _merge(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        current = target.get(key, _ABSENT)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(value)
        else:
            target[key] = value
