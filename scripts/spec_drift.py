"""The scheduled drift workflow's own steps (.github/workflows/spec-drift.yml), runnable and testable locally.

``report``: diff the fetched live spec (a file: the workflow fetches once) against the
pinned one, under the team's policy files when the repository has them
(``openapi/drift-severity-levels.txt``, ``openapi/drift-ignore.txt``); write the report
as Markdown, JSON, GitHub annotations (on the lines of ``openapi/dezgo.json``, where the
fetched file is pinned) and JUnit XML; tell the workflow whether the spec changed at all
(byte for byte, so an edited description is pinned too) and how many breaking changes
the diff found. A fetched file keeps the origin of its ``$ref``s (``spec fetch`` records
it), so they are never resolved on the runner's disk.

The report also says what became of our knowledge (``dezgo.spec.knowledge``): the overlay
actions that no longer find their place in the fetched document, and, on the first fetch
from the service, that the reconstruction's evidence no longer applies (every constraint
the service states is then enforced).

``pr``: after the client was regenerated and the tests ran, write the pull request's
title, labels and body: the report, and, when the regenerated client fails its
tests (which is what a breaking change does), the failing tests, read from the JUnit
XML. The pull request is opened either way, so the team always sees the
regenerated client.

Outputs go to ``$GITHUB_OUTPUT`` (``name=value`` lines), or to stdout outside Actions.
Exit codes: 0 done; 2 the spec could not be read or diffed (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402

from dezgo.errors import SpecError  # noqa: E402
from dezgo.spec.diff.compare import compare_locations  # noqa: E402
from dezgo.spec.diff.report import Format, render  # noqa: E402
from dezgo.spec.knowledge import knowledge_lines  # noqa: E402

MAX_BODY = 60_000
"""GitHub refuses pull request bodies over 65,536 characters."""
SEVERITY_LEVELS = ROOT / "openapi" / "drift-severity-levels.txt"
IGNORE = ROOT / "openapi" / "drift-ignore.txt"
"""The team's policy files (oasdiff's formats; see docs/drift.md), read when present."""


def set_outputs(values: dict[str, str]) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        sys.stdout.write(lines)


def _present(path: Path | None) -> Path | None:
    return path if path is not None and path.is_file() else None


def report(
    pinned: Path,
    live: Path,
    out: Path,
    *,
    severity_levels: Path | None = SEVERITY_LEVELS,
    ignore: Path | None = IGNORE,
    annotate_as: str | None = None,
) -> int:
    try:
        compared = compare_locations(
            str(pinned), str(live), severity_levels=_present(severity_levels), ignore=_present(ignore)
        )
    except SpecError as exc:
        print(f"spec-drift: {exc}", file=sys.stderr)
        return 2
    result, new = compared.report, compared.new
    if annotate_as is not None:  # the annotations point where the fetched file will be pinned
        new = attrs.evolve(new, sources={**new.sources, "": (annotate_as, new.sources[""][1])})
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(render(result, Format.MARKDOWN), encoding="utf-8")
    (out / "report.json").write_text(render(result, Format.JSON), encoding="utf-8")
    (out / "annotations.txt").write_text(render(result, Format.GITHUB, new=new), encoding="utf-8")
    (out / "junit.xml").write_text(render(result, Format.JUNIT), encoding="utf-8")
    (out / "knowledge.md").write_text(knowledge_section(compared.new.document), encoding="utf-8")
    changed = pinned.read_bytes() != live.read_bytes()
    set_outputs(
        {
            "changed": "true" if changed else "false",
            "breaking": str(result.summary["breaking"]),
            "changes": str(len(result.changes)),
        }
    )
    return 0


def knowledge_section(document: dict[str, object]) -> str:
    """Markdown: what of our overlay no longer fits the fetched document ("" when all of it does)."""
    lines = knowledge_lines(document)
    if not lines:
        return ""
    items = [f"  - {line.strip()}" if line.startswith("  ") else f"- {line}" for line in lines]
    return "### Our knowledge (openapi/overlay.yaml) against this document\n\n" + "\n".join(items) + "\n\n"


def failing_tests(junit: Path) -> list[str]:
    """``file::name`` of every failed or errored test case in a JUnit XML report."""
    if not junit.is_file():
        return []
    try:
        tree = ElementTree.parse(junit)
    except ElementTree.ParseError:
        return ["(the JUnit report could not be read)"]
    names = []
    for case in tree.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            names.append(f"{case.get('classname', '')}::{case.get('name', '')}")
    return names


def pull_request(folder: Path, junit: Path, generate_status: int, tests_status: int) -> int:
    summary = json.loads((folder / "report.json").read_text(encoding="utf-8"))["summary"]
    breaking = int(summary["breaking"])
    failing = failing_tests(junit)
    broken = generate_status != 0 or tests_status != 0
    lines: list[str] = []
    if breaking or broken:
        lines += [
            "> [!CAUTION]",
            "> **Breaking.** " + _why(breaking, generate_status, len(failing), tests_status),
            "",
        ]
    if generate_status != 0:
        lines += [
            f"`make generate` failed (exit {generate_status}): the client below was not regenerated.",
            "",
        ]
    if failing:
        lines += [f"### Tests failing against the new spec ({len(failing)})", ""]
        lines += [f"- `{name}`" for name in failing[:200]]
        if len(failing) > 200:
            lines.append(f"- ... and {len(failing) - 200} more")
        lines.append("")
    elif tests_status != 0 and generate_status == 0:
        lines += [f"`make test` failed (exit {tests_status}) without a JUnit report of failures.", ""]
    knowledge = folder / "knowledge.md"
    lines.append(knowledge.read_text(encoding="utf-8") if knowledge.is_file() else "")
    body = "\n".join(lines) + (folder / "report.md").read_text(encoding="utf-8")
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n*(report cut to fit a pull request; the job summary has all of it)*\n"
    (folder / "pr-body.md").write_text(body, encoding="utf-8")
    title = f"Dezgo spec drift: {breaking} breaking change(s)"
    if failing:
        title += f", {len(failing)} failing test(s)"
    elif broken:
        title += ", regenerated client broken"
    if breaking or broken:
        title = "[BREAKING] " + title
    labels = "spec-drift,breaking" if breaking or broken else "spec-drift"
    set_outputs({"title": title, "labels": labels, "breaking": "true" if breaking or broken else "false"})
    return 0


def _why(breaking: int, generate_status: int, failing: int, tests_status: int) -> str:
    parts = []
    if breaking:
        parts.append(f"the diff found {breaking} breaking change(s)")
    if generate_status != 0:
        parts.append("the client could not be regenerated")
    elif failing or tests_status != 0:
        parts.append(f"the regenerated client fails {failing or 'its'} test(s)")
    return "; ".join(parts).capitalize() + ". Review before merging."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("report", help="diff the fetched live spec against the pinned one")
    one.add_argument("--pinned", type=Path, default=ROOT / "openapi" / "dezgo.json")
    one.add_argument("--live", type=Path, required=True)
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--severity-levels", type=Path, default=SEVERITY_LEVELS, help="read when present")
    one.add_argument("--ignore", type=Path, default=IGNORE, help="read when present")
    one.add_argument(
        "--annotate-as", default=None, help="the file the annotations name (where the live spec is pinned)"
    )
    two = commands.add_parser("pr", help="write the pull request's title, labels and body")
    two.add_argument("--dir", type=Path, required=True, help="the folder `report` wrote to")
    two.add_argument("--junit", type=Path, required=True)
    two.add_argument("--generate-status", type=int, default=0)
    two.add_argument("--tests-status", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "report":
        return report(
            args.pinned,
            args.live,
            args.out,
            severity_levels=args.severity_levels,
            ignore=args.ignore,
            annotate_as=args.annotate_as,
        )
    return pull_request(args.dir, args.junit, args.generate_status, args.tests_status)


if __name__ == "__main__":
    raise SystemExit(main())
