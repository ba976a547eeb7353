"""``dezgo batch MANIFEST -o OUT``: the command line of ``dezgo.batch``.

The global options apply: ``--base-url``, ``--api-key-file``, ``--budget-usd`` (the
batch's total), ``--timeout``, ``--json`` (the summary as JSON on stdout), ``-q`` and
``--debug``. ``--help`` is the reference a user reads first, so it carries the manifest
format with an example row, the journal, the budget and the exit codes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dezgo._atomic import atomic_write_bytes
from dezgo._exit import ExitCode
from dezgo.batch.gallery import GALLERY
from dezgo.batch.journal import JournalBusyError
from dezgo.batch.manifest import ManifestError
from dezgo.batch.outputs import RESERVED_PREFIX, folded
from dezgo.batch.runner import DEFAULT_CONNECT_RETRIES, MAX_CONCURRENCY
from dezgo.batch.runner import run as run_batch
from dezgo.cli._options import api_key, budget_usd, option
from dezgo.errors import DezgoError

__all__ = ["configure", "main", "run"]

DESCRIPTION = """Run many jobs from a manifest: concurrent, resumable, budgeted, never paying twice.

The manifest is JSONL (one JSON object a line; blank lines and lines starting with #
are skipped) or CSV (a header row), UTF-8, one job a row:
  id          optional; letters, digits, '-', '_', '.'; a stable hash of the row otherwise
  operation   default text2image (any image operation: image2image, upscale, ...)
  output      optional path inside OUT, '/'-separated (default: the id); the image's
              extension is added when it has none, and an extension naming a format
              sets format (a contradiction is refused). Refused before anything is sent:
              absolute paths, '..', control characters, names too long for the file
              system, the journal, and two rows writing the same file (ignoring case)
  ...         the operation's arguments, as in the library (image arguments: paths
              relative to the manifest)
Example row:
  {"id": "cat-1", "prompt": "a cat in a hat", "width": 512, "height": 512, "output": "cats/1.png"}

OUT/.dezgo-batch.jsonl is the journal. Each job is recorded as started before it is sent
and as done once its image is on disk, so a re-run of the same command skips finished
jobs and never re-sends one that may have been billed: those are listed as uncertain
(re-send them with --retry-uncertain). Two runs on one OUT at once are refused.

The budget belongs to the batch: --budget-usd is the total for everything this OUT's
journal records, over every run. A re-run counts what earlier runs spent; without
--budget-usd it keeps the last total given. To raise it, run again with a larger total,
e.g. --budget-usd 5.00.

OUT/index.html is a page of every job (thumbnails linking to the images, prompt,
model, size, seed, charge and status), rewritten as jobs finish and on every run; it
needs no network and no script, and the folder can be moved or zipped (--no-gallery:
no page). --metadata stores how each image was made inside its file (PNG text chunks,
JPEG and WebP XMP/EXIF; never the key): dezgo.read_metadata(path) reads it back.

Exit codes: 0 every job done; 1 some jobs failed, are uncertain, missing or not saved
(listed); 2 bad input, nothing sent; 3 the service could not be reached or refused the
key or the balance (resumable); 4 the batch's budget is used; 5 a write failed (disk full,
read-only folder): nothing new was sent and every job billed but not saved is listed;
130 interrupted (Ctrl-C or SIGTERM; resumable)."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("manifest", type=Path, help="a .jsonl or .csv file, one job a row")
    parser.add_argument("-o", "--out", type=Path, required=True, help="where images and the journal go")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=4,
        help=f"jobs in flight at most, 1 to {MAX_CONCURRENCY} (default 4)",
    )
    parser.add_argument(
        "--retry-uncertain", action="store_true", help="re-send jobs that may already have been billed"
    )
    parser.add_argument(
        "--retry-missing",
        action="store_true",
        help="re-send jobs done earlier whose image is no longer in OUT (they are paid for again)",
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="skip invalid rows (listed) instead of refusing the run"
    )
    parser.add_argument(
        "--connect-retries",
        type=int,
        default=DEFAULT_CONNECT_RETRIES,
        help="failures in a row to reach the service (or 429/502/503) before the run stops "
        f"(default {DEFAULT_CONNECT_RETRIES}, with growing waits)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also refuse values that break limits the spec only guesses (evidence L or G); "
        "by default those are sent with a warning",
    )
    parser.add_argument("--report", type=Path, default=None, help="also write the summary as JSON here")
    parser.add_argument(
        "--no-gallery", action="store_true", help="do not write OUT/index.html, the page of every job"
    )
    parser.add_argument(
        "--metadata",
        action="store_true",
        help="store each image's generation parameters in its file (read back by dezgo.read_metadata)",
    )


def _report_problem(report: Path, out: Path, manifest: Path) -> str | None:
    """The report is written over whatever is there: never over the journal or the manifest."""
    target = report.resolve()
    if target.parent == out.resolve() and folded(target.name).startswith(RESERVED_PREFIX):
        return "that is the batch's journal"
    if target == manifest.resolve():
        return "that is the manifest"
    if target.is_dir():
        return "that is a folder"
    return None


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        print(f"dezgo batch: --concurrency must be between 1 and {MAX_CONCURRENCY}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    if args.connect_retries < 0:
        print("dezgo batch: --connect-retries must be 0 or more", file=sys.stderr)
        return ExitCode.BAD_INPUT
    if args.report is not None:
        problem = _report_problem(args.report, args.out, args.manifest)
        if problem is not None:
            print(f"dezgo batch: --report {args.report}: {problem}; nothing was sent", file=sys.stderr)
            return ExitCode.BAD_INPUT
    try:
        summary = run_batch(
            args.manifest,
            args.out,
            concurrency=args.concurrency,
            budget_usd=budget_usd(args),
            retry_uncertain=args.retry_uncertain,
            retry_missing=args.retry_missing,
            skip_invalid=args.skip_invalid,
            quiet=bool(option(args, "quiet")),
            api_key=api_key(args),
            base_url=option(args, "base_url"),
            timeout=option(args, "timeout"),
            connect_retries=args.connect_retries,
            reserved=[args.report] if args.report else [],
            strict=args.strict,
            gallery=not args.no_gallery,
            metadata=args.metadata,
        )
    except (ManifestError, JournalBusyError, DezgoError, ValueError) as exc:
        print(f"dezgo batch: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    report = json.dumps(summary.as_json(), indent=2) + "\n"
    if option(args, "json"):
        sys.stdout.write(report)
    else:
        if not args.no_gallery and (args.out / GALLERY).is_file():
            print(f"gallery: {args.out / GALLERY}")
        print(summary.text())
        for line, reason in summary.invalid:
            print(f"  skipped invalid line {line}: {reason}")
    code = summary.exit_code
    if args.report:
        try:
            atomic_write_bytes(args.report, report.encode())
        except OSError as exc:
            print(
                f"dezgo batch: could not write the report {args.report}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            if code in (ExitCode.OK, ExitCode.FAILED):
                code = ExitCode.WRITE_FAILED
    return code


def main(argv: list[str] | None = None) -> int:
    """``python -m dezgo.batch ...`` is ``dezgo batch ...``: the same parser, global options,
    ``--debug``, Ctrl-C and error handling."""
    from dezgo.cli import main as dezgo_main

    return dezgo_main(["batch", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
