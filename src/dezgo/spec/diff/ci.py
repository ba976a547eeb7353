"""Reports for CI: GitHub Actions annotations on the pull request's lines, and JUnit XML for its test report.

``--format github`` writes one workflow command per change, ``::error`` for a
breaking change, ``::warning`` for a warning and ``::notice`` for info, with
``file=`` and ``line=`` pointing into the new document where the change is (for
something removed, the nearest part of the new document that is still there).
The pointer is followed through ``$ref``s, so a change inside a shared schema is
annotated on the schema's own line, in the file that holds it.

``--format junit`` writes one test case per rule that fired, failed when the rule's
changes are breaking, so the report CI already collects shows the drift.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from typing import Any

import attrs

from dezgo._spec.document import resolve_pointer
from dezgo.errors import SpecError
from dezgo.spec._lines import line_of
from dezgo.spec.diff.model import Change, DiffReport, Level
from dezgo.spec.loading import LoadedSpec, is_url
from dezgo.spec.refs import EXTERNAL

__all__ = ["Position", "github", "junit", "position"]

_COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


@attrs.frozen
class Position:
    file: str | None
    """The file to annotate (None for a document read from a URL)."""
    line: int | None


def _tokens(location: str) -> list[str]:
    if not location:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in location[1:].split("/")]


def _real_tokens(doc: Mapping[str, Any], tokens: list[str]) -> list[str]:
    """The tokens of the place ``tokens`` leads to once ``$ref``s on the way are followed (as far as it exists)."""
    node: Any = doc
    real: list[str] = []
    for token in tokens:
        hops = 0
        while (
            isinstance(node, Mapping)
            and token not in node
            and isinstance(node.get("$ref"), str)
            and node["$ref"].startswith("#")
            and hops < 64
        ):
            ref: str = node["$ref"]
            try:
                node = resolve_pointer(doc, ref)
            except SpecError:
                return real
            real, hops = _tokens(ref[1:]), hops + 1
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
        real.append(token)
    return real


def position(change: Change, new: LoadedSpec | None) -> Position:
    """Where to annotate ``change`` in the new document: the file holding it, and the line."""
    if new is None:
        return Position(None, None)
    where = change.new_location if change.new_location is not None else change.old_location or ""
    real = _real_tokens(new.document, _tokens(where))
    key, inner = "", real
    if len(real) >= 2 and real[0] == EXTERNAL:
        key, inner = real[1], real[2:]
    source = new.sources.get(key) or new.sources.get("")
    if source is None:
        return Position(None, None)
    location, raw = source
    if is_url(location):
        return Position(None, None)
    return Position(_relative(location), line_of(raw, inner if key in new.sources else []))


def _relative(path: str) -> str:
    """Paths as GitHub wants them: relative to the workspace (the working directory) when inside it."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute.startswith(here + os.sep):
        return os.path.relpath(absolute, here)
    return path


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: DiffReport, new: LoadedSpec | None) -> str:
    """One GitHub Actions workflow command per change (and one ``::warning`` per input warning)."""
    lines: list[str] = []
    for change in report.changes:
        at = position(change, new)
        params = []
        if at.file is not None:
            params.append(f"file={_escape_property(at.file)}")
            if at.line is not None:
                params.append(f"line={at.line}")
        params.append(f"title={_escape_property(change.id)}")
        where = f"{change.operation}: " if change.operation else ""
        lines.append(f"::{_COMMAND[change.level]} {','.join(params)}::{_escape_data(where + change.message)}")
    for warning in report.warnings:
        lines.append(f"::warning title=dezgo spec diff::{_escape_data(warning)}")
    return "".join(line + "\n" for line in lines)


def junit(report: DiffReport) -> str:
    """A JUnit XML report: one test case per rule that fired, a failure when its changes are breaking."""
    by_rule: dict[str, list[Change]] = {}
    for change in report.changes:
        by_rule.setdefault(change.id, []).append(change)
    failures = sum(1 for changes in by_rule.values() if any(c.level is Level.BREAKING for c in changes))
    suites = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="dezgo spec diff",
        tests=str(max(1, len(by_rule))),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", name="old", value=report.old)
    ElementTree.SubElement(properties, "property", name="new", value=report.new)
    for rule_id, changes in sorted(by_rule.items()):
        case = ElementTree.SubElement(suite, "testcase", classname="dezgo.spec.diff", name=rule_id, time="0")
        text = "\n".join(f"{c.operation or 'spec'}: {c.message} ({c.location})" for c in changes)
        breaking = [c for c in changes if c.level is Level.BREAKING]
        if breaking:
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(breaking)} breaking change(s)", type="breaking"
            )
            failure.text = text
        else:
            ElementTree.SubElement(case, "system-out").text = f"{changes[0].level.value}:\n{text}"
    if not by_rule:
        ElementTree.SubElement(suite, "testcase", classname="dezgo.spec.diff", name="no changes", time="0")
    if report.warnings:
        ElementTree.SubElement(suite, "system-err").text = "\n".join(report.warnings)
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
    )
