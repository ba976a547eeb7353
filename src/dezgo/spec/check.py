"""``dezgo spec check`` / ``make drift``: diff the live spec against the pinned one."""

from __future__ import annotations

import argparse
import os
import sys

from dezgo._spec import pinned_spec_path
from dezgo.errors import SpecError
from dezgo.spec.diff.cli import add_report_options, finish
from dezgo.spec.diff.engine import diff_specs
from dezgo.spec.fetch import DEFAULT_SPEC_URL, download
from dezgo.spec.loading import check_openapi3, load_document, parse_document

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dezgo spec check", description="Diff the live Dezgo spec against the pinned one."
    )
    parser.add_argument("--url", default=os.environ.get("DEZGO_SPEC_URL") or DEFAULT_SPEC_URL)
    parser.add_argument("--pinned", default=None, help="the pinned spec (default: the package's)")
    parser.add_argument("--timeout", type=float, default=30.0)
    add_report_options(parser)
    args = parser.parse_args(argv)
    pinned = args.pinned or str(pinned_spec_path())
    try:
        old = load_document(pinned)
        new = check_openapi3(parse_document(download(args.url, timeout=args.timeout), args.url), args.url)
    except SpecError as exc:
        print(f"dezgo spec check: {exc}", file=sys.stderr)
        return 2
    return finish(diff_specs(old, new, old_name=pinned, new_name=args.url), args)


if __name__ == "__main__":
    raise SystemExit(main())
