"""Typed records of a spec diff: levels, directions, one ``Change`` per thing that changed, and the report."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from dezgo.spec.diff.policy import Ignored
    from dezgo.spec.diff.registry import Rule

__all__ = ["LEVELS", "Change", "DiffReport", "Direction", "Level", "Place", "Side"]


class Level(str, enum.Enum):
    """How bad a change is for a client of this SDK. A ``str`` enum: ``Level.BREAKING == "breaking"``."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for breaking, 1 for warning, 2 for info: lower is worse."""
        return LEVELS.index(self)

    def __str__(self) -> str:
        return self.value


LEVELS: tuple[Level, ...] = (Level.BREAKING, Level.WARNING, Level.INFO)


class Direction(str, enum.Enum):
    """Which way the data a rule judges flows: what the client sends, receives, or neither."""

    REQUEST = "request"
    RESPONSE = "response"
    NONE = "none"

    def __str__(self) -> str:
        return self.value


class Side(enum.Enum):
    """The document a change is found in: the new one, or the old one for something removed."""

    OLD = "old"
    NEW = "new"


class Place(str, enum.Enum):
    """Where a schema keyword change sits (oasdiff has one rule id per place: ``request-parameter-...``)."""

    BODY = "body"
    PROPERTY = "property"
    PARAMETER = "parameter"
    HEADER = "header"


@attrs.frozen
class Change:
    """One change between two specs, judged for a client of this SDK."""

    rule: Rule
    level: Level
    """The rule's level, or the one a team's policy gave it."""
    operation: str | None
    """``"POST /text2image"``, or None for a change outside any operation."""
    message: str
    old_location: str | None
    """Where it is in the old document (an RFC 6901 JSON Pointer), when it is there."""
    new_location: str | None
    """Where it is in the new document; for something removed, where it was (its nearest part may remain)."""
    affects: tuple[str, ...] = ()
    """The SDK calls that may now fail: ``Dezgo.text2image``, the generated module, ..."""
    locations: tuple[str, ...] = ()
    """Every place this one change shows (each media type of a body, ...), in the document of its side."""
    media_types: tuple[str, ...] = ()
    """The media types of the body this change affects (empty when it is not about a body)."""
    place: Place | None = None
    """For a schema keyword rule: a body, a property, a parameter or a header."""

    def __attrs_post_init__(self) -> None:
        if not self.locations:
            object.__setattr__(self, "locations", (self.location,))

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def direction(self) -> Direction:
        return self.rule.direction

    @property
    def sdk_only(self) -> bool:
        return self.rule.sdk_only

    @property
    def location(self) -> str:
        """The pointer into the document the change is found in (the old one for a removal)."""
        first = self.old_location if self.rule.side is Side.OLD else self.new_location
        return first or self.new_location or self.old_location or ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level.value,
            "direction": self.direction.value,
            "operation": self.operation,
            "location": self.location,
            "locations": list(self.locations),
            "old_location": self.old_location,
            "new_location": self.new_location,
            "media_types": list(self.media_types),
            "message": self.message,
            "affects": list(self.affects),
        }


@attrs.frozen
class DiffReport:
    old: str
    new: str
    changes: tuple[Change, ...]
    warnings: tuple[str, ...] = ()
    """What was read leniently (an empty part read as empty), and policy entries that matched nothing."""
    ignored: tuple[Ignored, ...] = ()

    @property
    def summary(self) -> dict[str, int]:
        return {level.value: sum(1 for c in self.changes if c.level is level) for level in LEVELS}

    def at_least(self, level: Level | str) -> tuple[Change, ...]:
        rank = Level(level).rank
        return tuple(c for c in self.changes if c.level.rank <= rank)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "changes": [c.as_json() for c in self.changes],
            "warnings": list(self.warnings),
            "ignored": [{**i.change.as_json(), "ignored_by": i.entry} for i in self.ignored],
        }
