"""Two locations in, one judged report out: load both within one deadline, diff, apply the team's policy.

The one sequence ``dezgo spec diff``, ``dezgo spec check``, ``diff_locations`` and
the drift workflow's script all run, so a policy file or a load warning means the
same thing everywhere.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from dezgo.spec._deadline import Deadline
from dezgo.spec._http import DEFAULT_TIMEOUT_S
from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.diff.model import DiffReport
from dezgo.spec.loading import LoadedSpec, load_spec

__all__ = ["Compared", "compare_locations"]


@attrs.frozen
class Compared:
    report: DiffReport
    old: LoadedSpec
    new: LoadedSpec
    """The new document as loaded: its sources give annotations their files and lines."""


def compare_locations(
    old: str,
    new: str,
    *,
    severity_levels: Path | None = None,
    ignore: Path | None = None,
    allow_remote_refs: bool = False,
    remote_old: bool = True,
    timeout: float = DEFAULT_TIMEOUT_S,
    deadline: Deadline | None = None,
) -> Compared:
    """Load, diff and judge; every read (documents, ``$ref``s, policy files) within one total deadline.

    ``remote_old=False`` keeps the old document's remote ``$ref``s refused even with
    ``allow_remote_refs`` (``spec check``: the pinned spec is ours, the live one is not).
    """
    clock = deadline if deadline is not None else Deadline.start(timeout)
    old_spec = load_spec(old, allow_remote_refs=allow_remote_refs and remote_old, deadline=clock)
    new_spec = load_spec(new, allow_remote_refs=allow_remote_refs, deadline=clock)
    report = diff_specs(old_spec.document, new_spec.document, old_name=old, new_name=new)
    report = attrs.evolve(report, warnings=(*old_spec.warnings, *new_spec.warnings))
    if severity_levels is not None or ignore is not None:
        from dezgo.spec.diff.policy import read_policy

        report = read_policy(severity_levels, ignore, clock).apply(report)
    return Compared(report, old_spec, new_spec)
