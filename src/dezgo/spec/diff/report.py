"""Reports of a diff: text for a terminal, Markdown for a pull request, JSON for machines; CI formats in ``ci``."""

from __future__ import annotations

import enum
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from dezgo.spec.diff.model import LEVELS, Change, DiffReport, Level

if TYPE_CHECKING:
    from dezgo.spec.loading import LoadedSpec

__all__ = ["Format", "render"]


class Format(str, enum.Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


COLOURS = {"breaking": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
RESET = "\x1b[0m"


def _impact(change: Change) -> str:
    calls = [a for a in change.affects if a.startswith("Dezgo.")]
    if change.level is Level.INFO or not change.affects:
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
        changes = [c for c in report.changes if c.level is level]
        if not changes:
            continue
        head = f"{level.value.upper()} ({len(changes)})"
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
    if report.ignored:
        lines += ["", f"ACCEPTED BY THE IGNORE FILE ({len(report.ignored)})"]
        lines += [
            f"  [{i.change.id}] {i.change.operation or 'spec'}: {i.change.message} ({i.entry})"
            for i in report.ignored
        ]
    if report.warnings:
        lines += ["", f"WARNINGS ABOUT THE INPUT ({len(report.warnings)})"]
        lines += [f"  {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def markdown(report: DiffReport) -> str:
    summary = report.summary
    lines = [
        f"## Dezgo API spec changes: `{report.old}` → `{report.new}`",
        "",
        f"**{summary['breaking']} breaking**, {summary['warning']} warning, {summary['info']} info.",
    ]
    for level in LEVELS:
        changes = [c for c in report.changes if c.level is level]
        if not changes:
            continue
        lines += [
            "",
            f"### {level.value.capitalize()} ({len(changes)})",
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
    if report.ignored:
        lines += ["", f"### Accepted by the ignore file ({len(report.ignored)})", ""]
        lines += [
            f"- `{i.change.id}` {i.change.operation or 'spec'}: {i.change.message} ({i.entry})"
            for i in report.ignored
        ]
    if report.warnings:
        lines += ["", f"### Warnings about the input ({len(report.warnings)})", ""]
        lines += [f"- {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def as_json(report: DiffReport) -> str:
    return json.dumps(report.as_json(), indent=2) + "\n"


def render(
    report: DiffReport, fmt: Format | str, stream: TextIO | None = None, *, new: LoadedSpec | None = None
) -> str:
    """The report as text (coloured for a terminal ``stream``), Markdown, JSON, GitHub annotations or JUnit.

    ``new`` (the loaded new document) gives the GitHub annotations their files and lines.
    """
    chosen = Format(fmt)
    if chosen is Format.JSON:
        return as_json(report)
    if chosen is Format.MARKDOWN:
        return markdown(report)
    if chosen is Format.GITHUB:
        from dezgo.spec.diff.ci import github

        return github(report, new)
    if chosen is Format.JUNIT:
        from dezgo.spec.diff.ci import junit

        return junit(report)
    out = stream or sys.stdout
    colour = out.isatty() and "NO_COLOR" not in os.environ
    return text(report, colour=colour)
