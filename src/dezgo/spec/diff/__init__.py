"""Spec drift: what changed between two OpenAPI documents, and what it means for this SDK.

from dezgo.spec.diff import diff_locations
report = diff_locations("openapi/dezgo.json", "https://api.dezgo.com/openapi.json")
for change in report.at_least("breaking"):
    print(change.id, change.operation, change.message, change.affects)
"""

from __future__ import annotations

import os

from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.diff.model import LEVELS, Change, DiffReport
from dezgo.spec.diff.rules import RULES, Rule
from dezgo.spec.loading import load_document

__all__ = ["LEVELS", "RULES", "Change", "DiffReport", "Rule", "diff_locations", "diff_specs"]


def diff_locations(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> DiffReport:
    """Diff two specs given as paths or URLs (JSON or YAML); SpecError when one cannot be read."""
    return diff_specs(
        load_document(old), load_document(new), old_name=os.fspath(old), new_name=os.fspath(new)
    )
