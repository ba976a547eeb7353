"""``dezgo spec check`` / ``make drift``: diff the live spec against the pinned one."""

from __future__ import annotations

import argparse
import sys

from dezgo._spec import pinned_document_path
from dezgo.cli._options import SPEC_TOOL_OPTIONS, standalone
from dezgo.spec.diff.cli import FAILURE_CODE, add_report_options, compare, decide
from dezgo.spec.diff.compare import Compared
from dezgo.spec.fetch import spec_url
from dezgo.spec.knowledge import knowledge_lines

__all__ = ["FAILURE_CODE", "configure", "main", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Diff the live Dezgo spec against the pinned one."
    parser.add_argument("--url", default=None, help="the live spec (default: as for `spec fetch`)")
    parser.add_argument("--pinned", default=None, help="the pinned spec (default: the package's)")
    add_report_options(parser)


def run(args: argparse.Namespace) -> int:
    url = spec_url(args)
    pinned = args.pinned or str(pinned_document_path())

    def report_knowledge(compared: Compared) -> None:
        for line in knowledge_lines(compared.new.document):
            print(f"dezgo spec check: {line}", file=sys.stderr)

    return decide(
        "dezgo spec check", args, lambda: compare(pinned, url, args, remote_old=False, then=report_knowledge)
    )


def main(argv: list[str] | None = None) -> int:
    return standalone(
        "dezgo spec check",
        "Diff the live Dezgo spec against the pinned one.",
        configure,
        run,
        argv,
        only=SPEC_TOOL_OPTIONS["check"],
    )


if __name__ == "__main__":
    raise SystemExit(main())
