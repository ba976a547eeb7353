"""Typed records of a spec diff: one ``Change`` per thing that changed, and the report."""

from __future__ import annotations

from typing import Any, Literal

import attrs

__all__ = ["LEVELS", "Change", "DiffReport", "Level"]

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")


@attrs.frozen
class Change:
    """One change between two specs, judged for a client of this SDK."""

    id: str
    """The rule's stable id, e.g. ``request-property-enum-value-removed``."""
    level: Level
    operation: str | None
    """``"POST /text2image"``, or None for a change outside any operation."""
    location: str
    """Where, as an RFC 6901 JSON Pointer (the first of ``locations``): into the new document, or
    into the old one for something removed."""
    message: str
    affects: tuple[str, ...] = ()
    """The SDK calls that may now fail: ``Dezgo.text2image``, the generated module, ..."""
    direction: Literal["request", "response", "none"] = "none"
    sdk_only: bool = False
    """Harmless on the wire, breaking for the generated SDK (renamed function or class, enum)."""
    locations: tuple[str, ...] = ()
    """Every place this one change shows (each media type of a body, ...), as JSON Pointers."""
    media_types: tuple[str, ...] = ()
    """The media types of the body this change affects (empty when it is not about a body)."""

    def __attrs_post_init__(self) -> None:
        if not self.locations:
            object.__setattr__(self, "locations", (self.location,))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "operation": self.operation,
            "location": self.location,
            "locations": list(self.locations),
            "media_types": list(self.media_types),
            "message": self.message,
            "affects": list(self.affects),
        }


@attrs.frozen
class DiffReport:
    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def summary(self) -> dict[str, int]:
        return {level: sum(1 for c in self.changes if c.level == level) for level in LEVELS}

    def at_least(self, level: Level) -> tuple[Change, ...]:
        rank = LEVELS.index(level)
        return tuple(c for c in self.changes if LEVELS.index(c.level) <= rank)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "changes": [c.as_json() for c in self.changes],
        }
