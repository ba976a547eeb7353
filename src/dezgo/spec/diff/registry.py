"""Rules are registered where they are written: each module that reports a change defines its rules.

``rule(...)`` returns a ``Rule`` and records it; the code that finds the change emits
that very object, so an id cannot be misspelt between the definition and its use,
and a rule that points into the old document says so itself (``side=Side.OLD``)
instead of being listed apart. Adding a rule touches the module that emits it and
its test, nothing else (``tests/spec_diff/test_registry.py`` holds that).

The whole catalogue (``RULES``) is ``dezgo.spec.diff.rules``, which imports every
module that defines rules.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from dezgo.spec.diff.model import Direction, Level, Side

__all__ = ["Rule", "SchemaRules", "registered", "rule", "schema_rules"]


@attrs.frozen
class Rule:
    id: str
    level: Level
    """The level this SDK gives the change (a team's policy may change it: ``dezgo.spec.diff.policy``)."""
    direction: Direction
    summary: str
    sdk_only: bool = False
    """Harmless on the wire, breaking for the generated SDK (renamed function or class, enum)."""
    note: str = ""
    """Why our level differs from the reference checker's (oasdiff), when it does."""
    side: Side = Side.NEW
    """The document the change is found in: the old one for something removed."""
    module: str = ""
    """The module that defines (and emits) it."""


_RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    level: Level,
    direction: Direction,
    summary: str,
    *,
    sdk_only: bool = False,
    note: str = "",
    side: Side = Side.NEW,
) -> Rule:
    """Define and register a rule; its module is the caller's."""
    if rule_id in _RULES:
        raise ValueError(f"rule {rule_id!r} is defined twice ({_RULES[rule_id].module})")
    module = sys._getframe(1).f_globals.get("__name__", "")
    if module == __name__:  # defined through schema_rules: the module that called it
        module = sys._getframe(2).f_globals.get("__name__", "")
    defined = Rule(rule_id, level, direction, summary, sdk_only, note, side, module)
    _RULES[rule_id] = defined
    return defined


@attrs.frozen
class SchemaRules:
    """One schema keyword rule, judged in each direction it is reported in (``request-property-<suffix>``, ...)."""

    suffix: str
    request: Rule | None
    response: Rule | None

    def judged(self, direction: Direction) -> Rule:
        found = self.request if direction is Direction.REQUEST else self.response
        if found is None:
            raise LookupError(f"{self.suffix} is not reported in a {direction.value}")
        return found


def schema_rules(
    suffix: str,
    request: Level | None,
    response: Level | None,
    summary: str,
    note: str = "",
    sdk_only: bool = False,
) -> SchemaRules:
    """A schema keyword rule, once per direction it is judged in (None: not reported that way)."""
    rules: dict[Direction, Rule | None] = {}
    for direction, level in ((Direction.REQUEST, request), (Direction.RESPONSE, response)):
        rules[direction] = (
            None
            if level is None
            else rule(
                f"{direction.value}-property-{suffix}",
                level,
                direction,
                f"{direction.value}: {summary}",
                note=note,
                sdk_only=sdk_only and level is Level.BREAKING,
            )
        )
    return SchemaRules(suffix, rules[Direction.REQUEST], rules[Direction.RESPONSE])


def registered() -> Mapping[str, Rule]:
    """Every rule defined so far (import ``dezgo.spec.diff.rules`` for all of them)."""
    return MappingProxyType(_RULES)
