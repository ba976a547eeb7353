"""A team's own policy, in oasdiff's file formats: levels per rule, and changes accepted one by one.

``--severity-levels FILE``: one ``<rule-id> <level>`` per line, the level ``err``,
``warn``, ``info`` or ``none`` (oasdiff's words) or ``breaking``, ``warning``
(ours); ``none`` drops the rule's changes from the report. Besides our ids
(``dezgo spec diff --list-rules``), oasdiff's place-specific spellings of a
schema keyword rule are understood: ``request-parameter-default-value-changed``
is our ``request-property-default-value-changed`` where the schema is a
parameter's (``request-body-``, ``response-body-``, ``response-header-`` alike),
and it wins over the general id. An id this tool does not have is reported in
the report's warnings, not refused, so one file can serve oasdiff and us.

``--ignore FILE``: one accepted change per line, ``METHOD /path <fragment>``
(``webhook NAME METHOD <fragment>``, or ``spec <fragment>`` for a change outside
any operation), where the fragment is part of the change's rule id or message,
and anything after `` #`` is a comment saying why. An entry that matches no change
is reported (stale entries hide nothing, but they should go).

Blank lines and lines starting with ``#`` are skipped in both files. A line that
cannot be read is a SpecError naming ``FILE:LINE`` (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._files import read_regular_file
from dezgo.spec.diff.model import Change, DiffReport, Direction, Level, Place
from dezgo.spec.diff.registry import Rule

__all__ = [
    "IgnoreEntry",
    "Ignored",
    "LevelOverride",
    "Policy",
    "read_ignore_file",
    "read_policy",
    "read_severity_levels",
]

_LEVEL_WORDS: dict[str, Level | None] = {
    "err": Level.BREAKING,
    "error": Level.BREAKING,
    "breaking": Level.BREAKING,
    "warn": Level.WARNING,
    "warning": Level.WARNING,
    "info": Level.INFO,
    "none": None,
}
# oasdiff's place-specific prefixes of a schema keyword rule -> our prefix and the place
_PLACES: dict[str, tuple[Direction, Place]] = {
    "request-parameter-": (Direction.REQUEST, Place.PARAMETER),
    "request-body-": (Direction.REQUEST, Place.BODY),
    "response-body-": (Direction.RESPONSE, Place.BODY),
    "response-header-": (Direction.RESPONSE, Place.HEADER),
}
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace", "query"})


@attrs.frozen
class Ignored:
    """A change a team's ignore file accepted, and the entry that did (``DiffReport.ignored``)."""

    change: Change
    entry: str
    """``FILE:LINE``."""


@attrs.frozen
class LevelOverride:
    rule: Rule
    level: Level | None
    """None: the rule's changes are not reported."""
    place: Place | None
    """Only where the schema sits there (an oasdiff place-specific id), or everywhere."""
    entry: str
    """``FILE:LINE``."""


@attrs.frozen
class IgnoreEntry:
    operation: str | None
    """``post /text2image`` (lower case), or None for a change outside any operation."""
    fragment: str
    """Lower case; matched inside ``"<rule id> <message>"``."""
    comment: str
    entry: str
    """``FILE:LINE``."""

    def matches(self, change: Change) -> bool:
        if (change.operation or "").lower() != (self.operation or ""):
            return False
        return self.fragment in f"{change.id} {change.message}".lower()


@attrs.frozen
class Policy:
    levels: tuple[LevelOverride, ...] = ()
    ignores: tuple[IgnoreEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    """What reading the files found to say (ids this tool does not have)."""

    def level_of(self, change: Change) -> Level | None:
        general: LevelOverride | None = None
        for override in self.levels:
            if override.rule is not change.rule:
                continue
            if override.place is None:
                general = override
            elif override.place is change.place:
                return override.level
        return change.level if general is None else general.level

    def apply(self, report: DiffReport) -> DiffReport:
        """The report with the team's levels, without the changes it accepts; stale entries are warned about."""
        kept: list[Change] = []
        ignored: list[Ignored] = []
        used: set[str] = set()
        for change in report.changes:
            level = self.level_of(change)
            if level is None:
                continue
            judged = change if level is change.level else attrs.evolve(change, level=level)
            entry = next((e for e in self.ignores if e.matches(judged)), None)
            if entry is None:
                kept.append(judged)
            else:
                used.add(entry.entry)
                ignored.append(Ignored(judged, entry.entry))
        stale = [
            f"{e.entry}: matches no change (remove it?): {e.operation or 'spec'} {e.fragment}"
            for e in self.ignores
            if e.entry not in used
        ]
        kept.sort(key=lambda c: (c.level.rank, c.operation or "", c.location, c.id))
        return attrs.evolve(
            report,
            changes=tuple(kept),
            ignored=(*report.ignored, *ignored),
            warnings=(*report.warnings, *self.warnings, *stale),
        )


def _lines(path: Path, deadline: Deadline) -> Iterable[tuple[str, str]]:
    """(``FILE:LINE``, the line's text) for each line that is not blank or a comment."""
    raw = read_regular_file(str(path), deadline, limit=4 * 1024 * 1024)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(f"{path}: not UTF-8 text") from None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield f"{path}:{number}", stripped


def _find_rule(rule_id: str, rules: Mapping[str, Rule]) -> tuple[Rule, Place | None] | None:
    if rule_id in rules:
        return rules[rule_id], None
    for prefix, (direction, place) in _PLACES.items():
        if rule_id.startswith(prefix):
            general = rules.get(f"{direction.value}-property-{rule_id[len(prefix) :]}")
            if general is not None:
                return general, place
    return None


def read_severity_levels(
    path: Path, deadline: Deadline, rules: Mapping[str, Rule]
) -> tuple[tuple[LevelOverride, ...], tuple[str, ...]]:
    """The overrides in an oasdiff ``--severity-levels`` file, and warnings for ids this tool does not have."""
    overrides: list[LevelOverride] = []
    warnings: list[str] = []
    for entry, line in _lines(path, deadline):
        words = line.split()
        if len(words) != 2:
            raise SpecError(f"{entry}: expected '<rule-id> <level>', not {line[:200]!r}")
        rule_id, word = words
        if word.lower() not in _LEVEL_WORDS:
            raise SpecError(
                f"{entry}: level {word!r} is not one of err, warn, info, none (or breaking, warning)"
            )
        found = _find_rule(rule_id, rules)
        if found is None:
            warnings.append(f"{entry}: no rule {rule_id!r} in this tool (see dezgo spec diff --list-rules)")
            continue
        overrides.append(LevelOverride(found[0], _LEVEL_WORDS[word.lower()], found[1], entry))
    return tuple(overrides), tuple(warnings)


def read_ignore_file(path: Path, deadline: Deadline) -> tuple[IgnoreEntry, ...]:
    """The accepted changes of an ignore file (``METHOD /path fragment  # why``)."""
    entries: list[IgnoreEntry] = []
    for entry, line in _lines(path, deadline):
        text, _, comment = line.partition(" #")
        words = text.split()
        operation: str | None
        if len(words) >= 3 and words[0].lower() in _METHODS and words[1].startswith("/"):
            operation, rest = f"{words[0]} {words[1]}", words[2:]
        elif len(words) >= 4 and words[0].lower() == "webhook" and words[2].lower() in _METHODS:
            operation, rest = " ".join(words[:3]), words[3:]
        elif len(words) >= 2 and words[0].lower() == "spec":
            operation, rest = None, words[1:]
        else:
            raise SpecError(
                f"{entry}: expected 'METHOD /path <part of the change text>' "
                f"(or 'webhook NAME METHOD ...', 'spec ...'), not {line[:200]!r}"
            )
        entries.append(
            IgnoreEntry(
                operation.lower() if operation else None, " ".join(rest).lower(), comment.strip(), entry
            )
        )
    return tuple(entries)


def read_policy(severity_levels: Path | None, ignore: Path | None, deadline: Deadline) -> Policy:
    """The policy in a ``--severity-levels`` file and an ``--ignore`` file (either may be None)."""
    from dezgo.spec.diff.rules import RULES

    levels: tuple[LevelOverride, ...] = ()
    warnings: tuple[str, ...] = ()
    if severity_levels is not None:
        levels, warnings = read_severity_levels(severity_levels, deadline, RULES)
    ignores = read_ignore_file(ignore, deadline) if ignore is not None else ()
    return Policy(levels, ignores, warnings)
