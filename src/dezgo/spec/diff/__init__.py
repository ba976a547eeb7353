"""Spec drift: what changed between two OpenAPI documents, and what it means for this SDK.

from dezgo.spec.diff import diff_locations
report = diff_locations("openapi/dezgo.json", "https://api.dezgo.com/openapi.json")
for change in report.at_least("breaking"):
    print(change.id, change.operation, change.message, change.affects)
"""

from __future__ import annotations

import os
from pathlib import Path

from dezgo.spec.diff.compare import compare_locations
from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.diff.model import LEVELS, Change, DiffReport, Direction, Level, Place, Side
from dezgo.spec.diff.rules import RULES, Rule

__all__ = [
    "LEVELS",
    "RULES",
    "Change",
    "DiffReport",
    "Direction",
    "Level",
    "Place",
    "Rule",
    "Side",
    "diff_locations",
    "diff_specs",
]


def diff_locations(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    severity_levels: str | os.PathLike[str] | None = None,
    ignore: str | os.PathLike[str] | None = None,
) -> DiffReport:
    """Diff two specs given as paths or URLs (JSON or YAML), under a team's policy files if given.

    SpecError when a document or a policy file cannot be read. The report's ``warnings``
    say what was read leniently (an empty part read as empty) and which policy entries
    matched nothing.
    """
    return compare_locations(
        os.fspath(old),
        os.fspath(new),
        severity_levels=None if severity_levels is None else Path(severity_levels),
        ignore=None if ignore is None else Path(ignore),
    ).report
