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

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dezgo import _retry
from dezgo._exit import ExitCode
from dezgo._progress import Progress
from dezgo._spec import pinned_operations
from dezgo.batch.journal import Journal
from dezgo.batch.manifest import Job, load_manifest
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    BudgetExceededError,
    DezgoError,
    RateLimitError,
)

if TYPE_CHECKING:
    from dezgo._client import AsyncDezgo

__all__ = ["Summary", "run"]


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
    def exit_code(self) -> ExitCode:
        if self.stopped == "interrupted":
            return ExitCode.INTERRUPTED
        if self.stopped == "budget":
            return ExitCode.BUDGET
        return ExitCode.FAILED if self.failed or self.uncertain else ExitCode.OK

    @property
    def finished(self) -> int:
        return self.done + self.skipped + len(self.failed) + len(self.uncertain)

    def status(self) -> str:
        return f"{self.done} done, {len(self.failed)} failed, {self.skipped} skipped, {self.spent_usd} USD"

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

    async def one(job: Job, progress: Progress) -> None:
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
            progress.update(summary.status(), completed=summary.finished)

    with Progress("batch", total=len(jobs), quiet=quiet) as progress:
        progress.update(summary.status(), completed=summary.finished)
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
        await asyncio.sleep(exc.retry_after if exc.retry_after is not None else _retry.REQUEUE_DELAY_S)
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
            await asyncio.sleep(_retry.REQUEUE_DELAY_S)
        return
    except APIStatusError as exc:
        await release(False)
        if _retry.status_proves_unbilled(exc.status_code, exc.response.headers):
            await journal.awrite("unsent", job, reason=str(exc.status_code))
            pending.append(job)
            await asyncio.sleep(_retry.REQUEUE_DELAY_S)
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
    timeout: float | None = None,
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
            else AsyncDezgo(
                api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0, budget_usd=budget_usd
            )
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
