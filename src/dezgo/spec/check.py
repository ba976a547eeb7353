"""``dezgo spec check`` / ``make drift``: diff the live spec against the pinned one."""

from __future__ import annotations

import argparse
import sys

from dezgo._spec import pinned_document_path
from dezgo.cli._options import standalone
from dezgo.spec.diff.cli import FAILURE_CODE, add_report_options, decide, finish, timeout_of
from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.fetch import spec_url
from dezgo.spec.knowledge import knowledge_lines
from dezgo.spec.loading import load_document

__all__ = ["FAILURE_CODE", "configure", "main", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Diff the live Dezgo spec against the pinned one."
    parser.add_argument("--url", default=None, help="the live spec (default: as for `spec fetch`)")
    parser.add_argument("--pinned", default=None, help="the pinned spec (default: the package's)")
    add_report_options(parser)


def run(args: argparse.Namespace) -> int:
    url = spec_url(args)
    pinned = args.pinned or str(pinned_document_path())

    def work() -> int:
        old = load_document(pinned)
        new = load_document(url, allow_remote_refs=args.allow_remote_refs, timeout=timeout_of(args))
        code = finish(diff_specs(old, new, old_name=pinned, new_name=url), args)
        for line in knowledge_lines(new):
            print(f"dezgo spec check: {line}", file=sys.stderr)
        return code

    return decide("dezgo spec check", args, work)


def main(argv: list[str] | None = None) -> int:
    return standalone(
        "dezgo spec check", "Diff the live Dezgo spec against the pinned one.", configure, run, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
