"""``dezgo spec diff OLD NEW``: exit 0 (nothing at the --fail-on level), 1 (found), 2 (could not decide).

CI reads the exit code, so it must mean what it says for *any* input: 1 only
when a comparison finished and found something at the ``--fail-on`` level, and
2, with one line on stderr and no traceback, whenever the tool could not
decide: an unreadable, hostile or invalid document, an unresolvable ``$ref``,
a fetch past its deadline, or a bug of ours (``--debug`` shows its traceback).

A team's policy (``--severity-levels``, ``--ignore``: ``dezgo.spec.diff.policy``)
changes which changes count before the exit code is decided; ``--format github``
and ``--format junit`` are for CI (``dezgo.spec.diff.ci``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from dezgo._exit import ExitCode
from dezgo.cli._options import SPEC_TOOL_OPTIONS, option, standalone
from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._files import write_file
from dezgo.spec._http import DEFAULT_TIMEOUT_S
from dezgo.spec.diff.compare import Compared, compare_locations
from dezgo.spec.diff.model import DiffReport, Level
from dezgo.spec.diff.report import Format, render
from dezgo.spec.loading import LoadedSpec

__all__ = [
    "FAILURE_CODE",
    "add_report_options",
    "compare",
    "configure",
    "decide",
    "finish",
    "main",
    "run",
]


FAILURE_CODE = ExitCode.BAD_INPUT
"""Whatever goes wrong, the answer is "could not decide" (2), never "breaking" (1)."""


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=None,
        help="report format (default text; json with --json); github: one annotation per change, "
        "on its line of the new document; junit: one test case per rule that fired",
    )
    parser.add_argument(
        "--fail-on",
        choices=["breaking", "warning", "none"],
        default="breaking",
        help="exit 1 when a change at this level (or worse) is found (default breaking)",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="write the report here (atomically) instead of stdout"
    )
    parser.add_argument(
        "--allow-remote-refs",
        action="store_true",
        help="follow $refs to http(s) URLs (and the relative $refs of a spec read from a URL); "
        "off by default, so a diff reads nothing but the files it was given",
    )
    parser.add_argument(
        "--severity-levels",
        type=Path,
        default=None,
        metavar="FILE",
        help="your levels: one '<rule-id> err|warn|info|none' per line (oasdiff's format; ids: --list-rules)",
    )
    parser.add_argument(
        "--ignore",
        type=Path,
        default=None,
        metavar="FILE",
        help="changes you accept: one 'METHOD /path <part of the change text>  # why' per line; "
        "an entry that matches nothing is reported",
    )


def decide(prog: str, args: argparse.Namespace, work: Callable[[], int]) -> int:
    """Run ``work``; any failure is exit 2 with one line on stderr (a traceback only with --debug)."""
    try:
        return work()
    except SpecError as exc:
        print(f"{prog}: {_one_line(str(exc))}", file=sys.stderr)
    except (RecursionError, MemoryError) as exc:
        print(
            f"{prog}: the input is too deep or too large to compare ({type(exc).__name__})", file=sys.stderr
        )
    except OSError as exc:
        print(f"{prog}: {_one_line(str(exc))}", file=sys.stderr)
    except Exception as exc:
        if option(args, "debug"):
            raise
        print(
            f"{prog}: internal error, could not decide ({type(exc).__name__}: {_one_line(str(exc))})",
            file=sys.stderr,
        )
    return ExitCode.BAD_INPUT


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def timeout_of(args: argparse.Namespace) -> float:
    value = option(args, "timeout")
    return float(value) if value else DEFAULT_TIMEOUT_S


def compare(
    old: str,
    new: str,
    args: argparse.Namespace,
    *,
    remote_old: bool = True,
    then: Callable[[Compared], None] | None = None,
) -> int:
    """Load both documents and the policy within one total deadline, diff, report; the exit code.

    ``then`` sees what was compared once the report is out (``spec check`` checks our overlay
    against the new document with it)."""
    deadline = Deadline.start(timeout_of(args))
    compared = compare_locations(
        old,
        new,
        severity_levels=args.severity_levels,
        ignore=args.ignore,
        allow_remote_refs=args.allow_remote_refs,
        remote_old=remote_old,
        deadline=deadline,
    )
    code = finish(compared.report, args, new=compared.new, deadline=deadline)
    if then is not None:
        then(compared)
    return code


def finish(
    report: DiffReport,
    args: argparse.Namespace,
    *,
    new: LoadedSpec | None = None,
    deadline: Deadline | None = None,
) -> int:
    """Print or write the report; the exit code follows --fail-on."""
    fmt = args.format or ("json" if option(args, "json") else "text")
    text = render(report, fmt, sys.stdout if args.output is None else None, new=new)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_file(args.output, text.encode(), deadline or Deadline.start(timeout_of(args)))
    if args.fail_on == "none":
        return ExitCode.OK
    return ExitCode.FAILED if report.at_least(Level(args.fail_on)) else ExitCode.OK


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Compare two OpenAPI specs for a client of the Dezgo SDK."
    parser.add_argument("old", nargs="?", help="path or URL (JSON or YAML)")
    parser.add_argument("new", nargs="?", help="path or URL (JSON or YAML)")
    parser.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule (id, level, direction, what it means, why it differs from oasdiff) and exit",
    )
    add_report_options(parser)


def list_rules(args: argparse.Namespace) -> int:
    """The rule registry as text, Markdown or JSON (the same --format/--json switches as a report)."""
    import json

    from dezgo.spec.diff.rules import RULES

    fmt = args.format or ("json" if option(args, "json") else "text")
    rules = sorted(RULES.values(), key=lambda r: r.id)
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "level": r.level.value,
                "direction": r.direction.value,
                "sdk_only": r.sdk_only,
                "summary": r.summary,
                "note": r.note,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    elif fmt == "markdown":
        lines = ["| rule | level | direction | meaning | differs from oasdiff |", "|---|---|---|---|---|"]
        for r in rules:
            sdk = " *(SDK only)*" if r.sdk_only else ""
            lines.append(
                f"| `{r.id}` | {r.level.value} | {r.direction.value} | {r.summary}{sdk} | {r.note} |"
            )
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        for r in rules:
            sys.stdout.write(f"{r.id:<52} {r.level.value:<8} {r.direction.value:<8} {r.summary}\n")
        sys.stdout.write(
            "\nIn a --severity-levels file, a request-property-/response-property- rule may also be named as "
            "oasdiff names it\nat one place: request-parameter-, request-body-, response-body-, response-header-.\n"
        )
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        return list_rules(args)
    if args.old is None or args.new is None:
        print("dezgo spec diff: give OLD and NEW (paths or URLs), or --list-rules", file=sys.stderr)
        return ExitCode.BAD_INPUT

    return decide("dezgo spec diff", args, lambda: compare(args.old, args.new, args))


def main(argv: list[str] | None = None) -> int:
    return standalone(
        "dezgo spec diff",
        "Compare two OpenAPI specs for a client of the Dezgo SDK.",
        configure,
        run,
        argv,
        only=SPEC_TOOL_OPTIONS["diff"],
    )


if __name__ == "__main__":
    raise SystemExit(main())
