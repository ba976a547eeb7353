"""Reports of a diff: text for a terminal, Markdown for a pull request, JSON for machines."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from dezgo.spec.diff.model import LEVELS, Change, DiffReport

__all__ = ["render"]

COLOURS = {"breaking": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
RESET = "\x1b[0m"


def _impact(change: Change) -> str:
    calls = [a for a in change.affects if a.startswith("Dezgo.")]
    if change.level == "info" or not change.affects:
        return ""
    target = ", ".join(calls) if calls else ", ".join(change.affects)
    because = "the generated SDK changes" if change.sdk_only else "the API changed"
    return f"your calls to {target} may now fail ({because})"


def text(report: DiffReport, *, colour: bool) -> str:
    summary = report.summary
    lines = [
        f"{report.old} -> {report.new}: {summary['breaking']} breaking, {summary['warning']} warning, {summary['info']} info"
    ]
    for level in LEVELS:
        changes = [c for c in report.changes if c.level == level]
        if not changes:
            continue
        head = f"{level.upper()} ({len(changes)})"
        lines += ["", f"{COLOURS[level]}{head}{RESET}" if colour else head]
        for c in changes:
            where = c.operation or "spec"
            media = f" [{', '.join(c.media_types)}]" if c.media_types else ""
            lines.append(f"  [{c.id}] {where}: {c.message}{media}")
            impact = _impact(c)
            if impact:
                lines.append(f"      {impact}")
    if not report.changes:
        lines.append("no changes")
    return "\n".join(lines) + "\n"


def markdown(report: DiffReport) -> str:
    summary = report.summary
    lines = [
        f"## Dezgo API spec changes: `{report.old}` → `{report.new}`",
        "",
        f"**{summary['breaking']} breaking**, {summary['warning']} warning, {summary['info']} info.",
    ]
    for level in LEVELS:
        changes = [c for c in report.changes if c.level == level]
        if not changes:
            continue
        lines += [
            "",
            f"### {level.capitalize()} ({len(changes)})",
            "",
            "| rule | operation | change | SDK calls affected |",
            "|---|---|---|---|",
        ]
        for c in changes:
            affected = ", ".join(f"`{a}`" for a in c.affects) or "—"
            note = " *(breaks the generated SDK only)*" if c.sdk_only else ""
            media = f" ({', '.join(f'`{m}`' for m in c.media_types)})" if c.media_types else ""
            message = c.message.replace("|", "\\|") + media
            lines.append(f"| `{c.id}` | {c.operation or '—'} | {message}{note} | {affected} |")
    return "\n".join(lines) + "\n"


def as_json(report: DiffReport) -> str:
    return json.dumps(report.as_json(), indent=2) + "\n"


def render(report: DiffReport, fmt: str, stream: TextIO | None = None) -> str:
    if fmt == "json":
        return as_json(report)
    if fmt == "markdown":
        return markdown(report)
    out = stream or sys.stdout
    colour = out.isatty() and "NO_COLOR" not in os.environ
    return text(report, colour=colour)
