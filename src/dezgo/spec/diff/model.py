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
    """Where, as a path into the document (``requestBody/application/json/sampler/enum``)."""
    message: str
    affects: tuple[str, ...] = ()
    """The SDK calls that may now fail: ``Dezgo.text2image``, the generated module, ..."""
    direction: Literal["request", "response", "none"] = "none"
    sdk_only: bool = False
    """Harmless on the wire, breaking for the generated SDK (renamed function or class, enum)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "operation": self.operation,
            "location": self.location,
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
