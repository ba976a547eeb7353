"""``dezgo batch MANIFEST -o OUT``: the command line of ``dezgo.batch``.

The global options apply: ``--base-url``, ``--api-key-file``, ``--budget-usd``,
``--timeout``, ``--json`` (the summary as JSON on stdout), ``-q`` and ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dezgo._atomic import atomic_write_bytes
from dezgo._exit import ExitCode
from dezgo.batch.manifest import ManifestError
from dezgo.batch.runner import run as run_batch
from dezgo.cli._options import api_key, budget_usd, option, standalone
from dezgo.errors import DezgoError

__all__ = ["configure", "main", "run"]

DESCRIPTION = """Run many jobs from a manifest: concurrent, resumable, budgeted, never paying twice.

The manifest is JSONL (one JSON object a line) or CSV (a header row), one job a row:
  id          optional; a stable hash of the row otherwise
  operation   default text2image (any image operation: image2image, upscale, ...)
  output      optional file name inside OUT (default: the id; the extension is added)
  ...         the operation's arguments, as in the library (image arguments: paths
              relative to the manifest)
Example row:
  {"id": "cat-1", "prompt": "a cat in a hat", "width": 512, "height": 512, "output": "cats/1.png"}

OUT/.dezgo-batch.jsonl is the journal: a re-run skips finished jobs and never re-sends
one that may have been billed (use --retry-uncertain to re-send those)."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("manifest", type=Path, help="a .jsonl or .csv file, one job a row")
    parser.add_argument("-o", "--out", type=Path, required=True, help="where images and the journal go")
    parser.add_argument("--concurrency", type=int, default=4, help="jobs in flight at most (default 4)")
    parser.add_argument(
        "--retry-uncertain", action="store_true", help="re-send jobs that may already have been billed"
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="skip invalid rows (listed) instead of refusing the run"
    )
    parser.add_argument("--report", type=Path, default=None, help="write the summary as JSON here")


def run(args: argparse.Namespace) -> int:
    if args.concurrency < 1:
        print("dezgo batch: --concurrency must be at least 1", file=sys.stderr)
        return ExitCode.BAD_INPUT
    try:
        summary = run_batch(
            args.manifest,
            args.out,
            concurrency=args.concurrency,
            budget_usd=budget_usd(args),
            retry_uncertain=args.retry_uncertain,
            skip_invalid=args.skip_invalid,
            quiet=bool(option(args, "quiet")),
            api_key=api_key(args),
            base_url=option(args, "base_url"),
            timeout=option(args, "timeout"),
        )
    except ManifestError as exc:
        print(f"dezgo batch: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except (DezgoError, OSError, ValueError) as exc:
        print(f"dezgo batch: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    report = json.dumps(summary.as_json(), indent=2) + "\n"
    if option(args, "json"):
        sys.stdout.write(report)
    else:
        print(summary.text())
        for line, reason in summary.invalid:
            print(f"  skipped invalid line {line}: {reason}")
    if args.report:
        atomic_write_bytes(args.report, report.encode())
    return summary.exit_code


def main(argv: list[str] | None = None) -> int:
    return standalone("dezgo batch", DESCRIPTION.splitlines()[0], configure, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
