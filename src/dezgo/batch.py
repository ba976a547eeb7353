"""``dezgo batch``: many jobs from a manifest, concurrent, resumable, budgeted, never paying twice.

A manifest is JSONL or CSV, one job a row: ``id`` (optional; a stable hash of the row
otherwise), ``operation`` (default ``text2image``), ``output`` (optional file name), and
the operation's arguments with the facade's names (image arguments are paths relative to
the manifest). Every row is checked against the spec before the first request.

Never paying twice rests on the journal, ``OUT/.dezgo-batch.jsonl``: append-only, one
fsynced line per event. ``started`` is written *before* a request is sent; ``done`` after
the image is safely on disk; ``failed`` when the service refused the job without charging
it. A job that was started but never finished (a crash, a SIGKILL, a connection dropped
after the service billed it) is **uncertain**: a re-run lists it and does not send it
again unless ``--retry-uncertain`` says so.

Who retries what: the batch's own client sends each request once (``max_retries=0``); the
batch re-queues a job only when the service provably did not do it (429 with
Retry-After, which also halves the concurrency, connection refused, and 502/503/504 that
carry no charge). Exit codes: 0 every job done, 1 some failed or are uncertain, 2 an
invalid manifest, 4 the budget stopped the run, 130 interrupted (re-run to resume).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._spec import Operation, pinned_operations
from dezgo._validation import IMAGE_PLACEHOLDER, coerce_text, schema_problems, sniff_image
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    BudgetExceededError,
    DezgoError,
    RateLimitError,
)

if TYPE_CHECKING:
    from dezgo._client import AsyncDezgo

__all__ = ["Job", "ManifestError", "Summary", "load_manifest", "main", "run"]

JOURNAL = ".dezgo-batch.jsonl"
RESERVED = {"id", "operation", "output"}
EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_BUDGET, EXIT_INTERRUPTED = 0, 1, 2, 4, 130


class ManifestError(DezgoError):
    """Rows that are not valid jobs; ``problems`` lists (line, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = "\n".join(f"  line {line}: {message}" for line, message in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} invalid row(s) in the manifest; nothing was sent:\n{lines}{more}")


@attrs.frozen
class Job:
    id: str
    line: int
    operation: str
    arguments: Mapping[str, Any]
    output: str


@attrs.define
class Summary:
    """What a run did; ``as_json()`` is the ``--report`` file."""

    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    uncertain: list[str] = attrs.field(factory=list)
    invalid: list[tuple[int, str]] = attrs.field(factory=list)
    not_run: int = 0
    spent_usd: Decimal = Decimal(0)
    elapsed_s: float = 0.0
    stopped: str | None = None

    @property
    def images_per_minute(self) -> float:
        return self.done / self.elapsed_s * 60 if self.elapsed_s > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.stopped == "interrupted":
            return EXIT_INTERRUPTED
        if self.stopped == "budget":
            return EXIT_BUDGET
        return EXIT_FAILED if self.failed or self.uncertain else EXIT_OK

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "done": self.done,
            "skipped": self.skipped,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
            "uncertain": self.uncertain,
            "invalid": [{"line": n, "reason": r} for n, r in self.invalid],
            "not_run": self.not_run,
            "spent_usd": format(self.spent_usd, "f"),
            "elapsed_s": round(self.elapsed_s, 3),
            "images_per_minute": round(self.images_per_minute, 1),
            "stopped": self.stopped,
        }

    def text(self) -> str:
        lines = [
            f"{self.done} done, {self.skipped} skipped (already done), {len(self.failed)} failed, "
            f"{len(self.uncertain)} uncertain, {self.not_run} not run; {self.spent_usd} USD; "
            f"{self.images_per_minute:.1f} images/minute"
        ]
        lines += [f"  failed {job}: {reason}" for job, reason in self.failed[:20]]
        if self.uncertain:
            lines.append(
                f"  uncertain (may have been billed; re-sent only with --retry-uncertain): {', '.join(self.uncertain[:20])}"
            )
        if self.stopped == "budget":
            lines.append(
                f"  stopped by the budget: {self.not_run} job(s) remain; re-run with a larger --budget-usd"
            )
        elif self.stopped == "interrupted":
            lines.append(f"  interrupted: {self.not_run} job(s) remain; run the same command again to resume")
        return "\n".join(lines)


# -- the manifest -----------------------------------------------------------------------------------


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        return [
            (number + 2, {k: v for k, v in row.items() if k and v not in (None, "")})
            for number, row in enumerate(reader)
        ]
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((number, {"__error__": f"not JSON ({exc.msg})"}))
            continue
        rows.append((number, value if isinstance(value, dict) else {"__error__": "not a JSON object"}))
    return rows


def _operations() -> dict[str, Operation]:
    ops = {op.name: op for op in pinned_operations() if op.returns_media}
    ops.update({op.cli_name: op for op in list(ops.values())})
    return ops


def _job(number: int, row: dict[str, Any], base: Path, ops: Mapping[str, Operation], csv_row: bool) -> Job:
    if "__error__" in row:
        raise ValueError(row["__error__"])
    name = str(row.get("operation") or "text2image")
    op = ops.get(name)
    if op is None:
        raise ValueError(f"unknown operation {name!r}")
    params = {p.python_name: p for p in op.body_params}
    arguments: dict[str, Any] = {}
    for key, value in row.items():
        if key in RESERVED:
            continue
        param = params.get(key)
        if param is None:
            raise ValueError(f"{key}: not a parameter of {op.name}")
        if param.is_image:
            image = (base / str(value)).resolve()
            try:
                with image.open("rb") as handle:
                    head = handle.read(16)
            except OSError as exc:
                raise ValueError(f"{key}: cannot read {value} ({exc.strerror})") from None
            if sniff_image(head) is None:
                raise ValueError(f"{key}: {value} is not a PNG, JPEG or WebP image")
            arguments[key] = str(image)
        else:
            arguments[key] = coerce_text(value, param.type) if csv_row and isinstance(value, str) else value
    checked = {params[k].name: (IMAGE_PLACEHOLDER if params[k].is_image else v) for k, v in arguments.items()}
    problems = schema_problems(op.body_schemas["application/json"], checked)
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
    canonical = json.dumps(
        {"operation": op.name, "arguments": checked, "output": row.get("output")}, sort_keys=True, default=str
    )
    job_id = str(row.get("id") or hashlib.sha256(canonical.encode()).hexdigest()[:16])
    if not job_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError(
            f"id {job_id!r}: use letters, digits, '-', '_' and '.' only (it names the output file)"
        )
    return Job(job_id, number, op.name, arguments, str(row.get("output") or job_id))


def load_manifest(
    path: str | os.PathLike[str], *, skip_invalid: bool = False
) -> tuple[list[Job], list[tuple[int, str]]]:
    """Every job of the manifest, checked; raises ManifestError unless ``skip_invalid``."""
    manifest = Path(path)
    ops = _operations()
    jobs: list[Job] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, row in _rows(manifest):
        try:
            job = _job(number, row, manifest.parent, ops, manifest.suffix.lower() == ".csv")
        except ValueError as exc:
            problems.append((number, str(exc)))
            continue
        if job.id in seen:
            problems.append((number, f"id {job.id!r} repeats line {seen[job.id]}"))
            continue
        seen[job.id] = number
        jobs.append(job)
    if problems and not skip_invalid:
        raise ManifestError(problems)
    return jobs, problems


# -- the journal ------------------------------------------------------------------------------------


class Journal:
    """Append-only, one fsynced JSON line per event."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL
        self.state: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    event = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by a crash: the event it described did not complete
                self.state[event["id"]] = event
        self._handle = self.path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, event: str, job: Job, **fields: Any) -> None:
        record = {"event": event, "id": job.id, "at": dt.datetime.now(dt.timezone.utc).isoformat(), **fields}
        line = json.dumps(record, default=str) + "\n"
        with self._lock:
            self._handle.write(line)
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self.state[job.id] = record

    async def awrite(self, event: str, job: Job, **fields: Any) -> None:
        """The same, off the event loop: an fsync must not stall every other job."""
        await asyncio.to_thread(self.write, event, job, **fields)

    def close(self) -> None:
        self._handle.close()


# -- running ---------------------------------------------------------------------------------------


class _Limiter:
    """At most ``limit`` jobs in flight; halved on 429, raised by one after a run of successes."""

    def __init__(self, limit: int) -> None:
        self.ceiling = limit
        self.limit = limit
        self.in_flight = 0
        self.successes = 0
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.limit)
            self.in_flight += 1

    async def release(self, *, throttled: bool = False) -> None:
        async with self._changed:
            self.in_flight -= 1
            if throttled:
                self.limit = max(1, self.limit // 2)
                self.successes = 0
            else:
                self.successes += 1
                if self.limit < self.ceiling and self.successes >= 2 * self.limit:
                    self.limit += 1
                    self.successes = 0
            self._changed.notify_all()


class _Progress:
    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.tty = sys.stderr.isatty() and not quiet
        self._rich: Any = None
        self._task: Any = None
        self._last = 0.0

    def __enter__(self) -> _Progress:
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._rich = Progress(
                TextColumn("[bold]batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TimeRemainingColumn(),
                transient=False,
            )
            self._rich.__enter__()
            self._task = self._rich.add_task("batch", total=self.total, status="")
        return self

    def update(self, summary: Summary) -> None:
        finished = summary.done + summary.skipped + len(summary.failed) + len(summary.uncertain)
        status = f"{summary.done} done, {len(summary.failed)} failed, {summary.skipped} skipped, {summary.spent_usd} USD"
        if self._rich is not None:
            self._rich.update(self._task, completed=finished, status=status)
        elif not self.quiet and (time.monotonic() - self._last > 2 or finished == self.total):
            self._last = time.monotonic()
            print(f"batch: {finished}/{self.total}: {status}", file=sys.stderr, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self._rich is not None:
            self._rich.__exit__(None, None, None)


async def _run_async(
    jobs: Sequence[Job],
    out: Path,
    client: AsyncDezgo,
    *,
    concurrency: int,
    retry_uncertain: bool,
    quiet: bool,
    summary: Summary,
) -> None:
    journal = Journal(out)
    queue: list[Job] = []
    for job in jobs:
        last = journal.state.get(job.id)
        if last is not None and last["event"] == "done" and (out / last["output"]).exists():
            summary.skipped += 1
        elif last is not None and last["event"] in ("started", "uncertain") and not retry_uncertain:
            summary.uncertain.append(job.id)
        else:
            queue.append(job)
    limiter = _Limiter(concurrency)
    # Jobs between "started" and "done": the ones waiting on the service plus the ones being
    # written. Bounded, so images cannot pile up in memory when the disk is slower than the API.
    open_jobs = asyncio.Semaphore(2 * concurrency)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread, or not supported
        loop.add_signal_handler(signal.SIGINT, stop.set)
    pending: list[Job] = list(reversed(queue))
    tasks: set[asyncio.Task[None]] = set()

    async def one(job: Job, progress: _Progress) -> None:
        released = False

        async def release(throttled: bool) -> None:
            # The slot is for requests in flight: free it as soon as the service has answered,
            # before the image is written locally.
            nonlocal released
            if not released:
                released = True
                await limiter.release(throttled=throttled)

        try:
            await _attempt(job, out, client, journal, summary, stop, pending, release)
        finally:
            await release(False)
            open_jobs.release()
            progress.update(summary)

    with _Progress(len(jobs), quiet=quiet) as progress:
        progress.update(summary)
        while (pending or tasks) and not stop.is_set():
            if pending:
                await open_jobs.acquire()
                await limiter.acquire()
                if stop.is_set() or not pending:
                    await limiter.release()
                    open_jobs.release()
                    if not pending and tasks:
                        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                    continue
                task = asyncio.create_task(one(pending.pop(), progress))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            else:
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if tasks:
            await asyncio.gather(*tasks)
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.remove_signal_handler(signal.SIGINT)
    if stop.is_set() and summary.stopped is None:
        summary.stopped = "interrupted"
    summary.not_run = len(pending)
    journal.close()


async def _attempt(
    job: Job,
    out: Path,
    client: AsyncDezgo,
    journal: Journal,
    summary: Summary,
    stop: asyncio.Event,
    pending: list[Job],
    release: Any,
) -> None:
    """Run one job: journal it, send it once, and record what happened.

    ``release`` frees the job's concurrency slot (``True`` when the service throttled it);
    it is called as soon as the service has answered, before the image is written.
    """
    await journal.awrite("started", job)  # durable before anything is sent
    arguments = {k: (Path(v) if k in _image_params(job.operation) else v) for k, v in job.arguments.items()}
    try:
        image = await getattr(client, job.operation)(**arguments)
    except RateLimitError as exc:
        await release(True)
        await journal.awrite("unsent", job, reason="429")
        await asyncio.sleep(exc.retry_after if exc.retry_after is not None else 1.0)
        pending.append(job)
        return
    except BudgetExceededError:
        await release(False)
        await journal.awrite("unsent", job, reason="budget")
        summary.stopped = "budget"
        pending.append(job)
        stop.set()
        return
    except APIConnectionError as exc:
        await release(False)
        if exc.maybe_charged:
            charge = exc.charge.as_dict() if exc.charge is not None else None
            await journal.awrite("uncertain", job, error=str(exc), charge=charge)
            if exc.charge is not None and exc.charge.amount_usd is not None:
                summary.spent_usd += exc.charge.amount_usd
            summary.uncertain.append(job.id)
        else:
            await journal.awrite("unsent", job, reason="connection")
            pending.append(job)
            await asyncio.sleep(0.5)
        return
    except APIStatusError as exc:
        await release(False)
        if exc.status_code in (502, 503, 504) and "x-dezgo-job-amount-usd" not in exc.response.headers:
            await journal.awrite("unsent", job, reason=str(exc.status_code))
            pending.append(job)
            await asyncio.sleep(0.5)
            return
        await journal.awrite("failed", job, error=str(exc), status=exc.status_code)
        summary.failed.append((job.id, str(exc)))
        return
    except DezgoError as exc:
        await release(False)
        await journal.awrite("failed", job, error=str(exc))
        summary.failed.append((job.id, str(exc)))
        return
    await release(False)
    try:
        written = await asyncio.to_thread(image.save, out / job.output)
    except OSError as exc:
        charge_data = image.charge.as_dict() if image.charge else None
        await journal.awrite("uncertain", job, error=f"billed but not saved: {exc}", charge=charge_data)
        summary.uncertain.append(job.id)
        return
    charge = image.charge
    if charge is not None and charge.amount_usd is not None:
        summary.spent_usd += charge.amount_usd
    await journal.awrite("done", job, output=written.name, charge=charge.as_dict() if charge else None)
    summary.done += 1


def _image_params(operation: str) -> set[str]:
    op = next(o for o in pinned_operations() if o.name == operation)
    return {p.python_name for p in op.image_params}


def run(
    manifest: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    client: AsyncDezgo | None = None,
    concurrency: int = 4,
    budget_usd: str | Decimal | int | None = None,
    retry_uncertain: bool = False,
    skip_invalid: bool = False,
    quiet: bool = True,
    api_key: str | None = None,
    base_url: str | None = None,
) -> Summary:
    """Run a manifest (the Python face of ``dezgo batch``); returns the summary.

    Without ``client``, one is made from ``api_key``/``base_url`` (or the environment) with
    ``max_retries=0``: the batch itself decides what to re-queue (see the module docs).
    """
    jobs, invalid = load_manifest(manifest, skip_invalid=skip_invalid)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary(total=len(jobs), invalid=invalid)
    started = time.monotonic()

    async def go() -> None:
        from dezgo._client import AsyncDezgo

        owned = client is None
        active = (
            client
            if client is not None
            else AsyncDezgo(api_key=api_key, base_url=base_url, max_retries=0, budget_usd=budget_usd)
        )
        if client is not None and budget_usd is not None:
            from dezgo.billing import Budget

            active.budget = Budget(budget_usd, ledger=active.ledger)
        try:
            await _run_async(
                jobs,
                out,
                active,
                concurrency=concurrency,
                retry_uncertain=retry_uncertain,
                quiet=quiet,
                summary=summary,
            )
        finally:
            if owned:
                await active.close()

    asyncio.run(go())
    summary.elapsed_s = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dezgo batch", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("manifest", type=Path, help="a .jsonl or .csv file, one job a row")
    parser.add_argument("-o", "--out", type=Path, required=True, help="where images and the journal go")
    parser.add_argument("--concurrency", type=int, default=4, help="jobs in flight at most (default 4)")
    parser.add_argument("--budget-usd", default=None, help="stop before the spent total would pass this")
    parser.add_argument(
        "--retry-uncertain", action="store_true", help="re-send jobs that may already have been billed"
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="skip invalid rows (listed) instead of refusing the run"
    )
    parser.add_argument("--report", type=Path, default=None, help="write the summary as JSON here")
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--api-key-file", type=Path, default=None)
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    try:
        key = args.api_key_file.read_text().strip() if args.api_key_file else None
        summary = run(
            args.manifest,
            args.out,
            concurrency=args.concurrency,
            budget_usd=args.budget_usd,
            retry_uncertain=args.retry_uncertain,
            skip_invalid=args.skip_invalid,
            quiet=args.quiet,
            api_key=key,
            base_url=args.base_url,
        )
    except ManifestError as exc:
        print(f"dezgo batch: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (DezgoError, OSError, ValueError) as exc:
        print(f"dezgo batch: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(summary.text())
    for line, reason in summary.invalid:
        print(f"  skipped invalid line {line}: {reason}")
    if args.report:
        from dezgo._atomic import atomic_write_bytes

        atomic_write_bytes(args.report, (json.dumps(summary.as_json(), indent=2) + "\n").encode())
    return summary.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
