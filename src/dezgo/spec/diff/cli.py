"""``dezgo spec diff OLD NEW``: exit 0 (nothing at the --fail-on level), 1 (found), 2 (could not decide)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dezgo._atomic import atomic_write_bytes
from dezgo._exit import ExitCode
from dezgo.cli._options import option, standalone
from dezgo.errors import SpecError
from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.diff.model import DiffReport
from dezgo.spec.diff.report import render
from dezgo.spec.loading import load_document

__all__ = ["FAILURE_CODE", "add_report_options", "configure", "finish", "main", "run"]

FAILURE_CODE = ExitCode.BAD_INPUT
"""Whatever goes wrong, the answer is "could not decide" (2), never "breaking" (1)."""


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default=None,
        help="report format (default text; json with --json)",
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


def finish(report: DiffReport, args: argparse.Namespace) -> int:
    """Print or write the report; the exit code follows --fail-on."""
    fmt = args.format or ("json" if option(args, "json") else "text")
    text = render(report, fmt, sys.stdout if args.output is None else None)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(args.output, text.encode())
    if args.fail_on == "none":
        return ExitCode.OK
    return ExitCode.FAILED if report.at_least(args.fail_on) else ExitCode.OK


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Compare two OpenAPI specs for a client of the Dezgo SDK."
    parser.add_argument("old", help="path or URL (JSON or YAML)")
    parser.add_argument("new", help="path or URL (JSON or YAML)")
    add_report_options(parser)


def run(args: argparse.Namespace) -> int:
    try:
        old = load_document(args.old)
        new = load_document(args.new)
    except SpecError as exc:
        print(f"dezgo spec diff: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    return finish(diff_specs(old, new, old_name=args.old, new_name=args.new), args)


def main(argv: list[str] | None = None) -> int:
    return standalone(
        "dezgo spec diff", "Compare two OpenAPI specs for a client of the Dezgo SDK.", configure, run, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
