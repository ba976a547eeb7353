"""Running a batch: concurrent, resumable, budgeted, never paying twice, never losing a paid image unreported.

A run reads the manifest (every row and output name checked before anything is
sent), takes the journal (``dezgo.batch.journal``; one run per OUT at a time), sorts
the jobs by what the journal says, and sends the rest, ``concurrency`` at a time:

- ``started`` is durable before a request leaves; ``done`` after the image is durable.
  A job whose last record is ``started`` or ``uncertain`` may have been billed: it is
  listed and sent again only with ``--retry-uncertain``. A job done earlier whose image
  is gone from OUT is listed and sent again only with ``--retry-missing``.
- The client sends each request once (``max_retries=0``); what an error means is
  what it says of the money (``APIError.outcome``), mapped by ``dezgo.batch.outcomes``,
  and when to try again is ``dezgo._retry``'s to say. Jobs the service
  provably did not run are re-queued; when the service cannot be reached (or keeps
  answering 429/502/503), the progress line says so and, after ``connect_retries``
  failures in a row, the run stops (exit 3), resumable.
- The first write error (disk full, read-only folder) stops the run: nothing new is
  sent, jobs in flight finish and their images are written where possible, and every
  job billed but not saved is listed with its charge (exit 5).
- The budget is the client's own (``dezgo.billing.Budget``), its limit the batch's total and
  the journal replayed into it (``dezgo.batch.spending``): what earlier runs spent, and what
  they may have spent unseen, counts. A job's ``started`` record is written once the budget
  has admitted it and before its request leaves.
- Ctrl-C (or SIGTERM) is acknowledged at once; jobs in flight finish (a second
  Ctrl-C stops them at once and lists them as uncertain); exit 130, resumable.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import sys
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._progress import Progress
from dezgo._spec import by_name, pinned_operations
from dezgo.batch.disk import Disk
from dezgo.batch.gallery import GALLERY, Gallery
from dezgo.batch.journal import Journal, JournalBusyError, JournalState, amount_of
from dezgo.batch.manifest import Job, load_manifest
from dezgo.batch.outcomes import classify
from dezgo.batch.outputs import confined, final_name
from dezgo.batch.results import facts, with_metadata
from dezgo.batch.spending import BALANCE_FIELD, budget_from_journal
from dezgo.batch.summary import Summary
from dezgo.billing import Budget, money

if TYPE_CHECKING:
    from dezgo._client import AsyncDezgo
    from dezgo.billing import Charge

__all__ = ["DEFAULT_CONNECT_RETRIES", "MAX_CONCURRENCY", "Summary", "run"]

logger = logging.getLogger("dezgo.batch")

DEFAULT_CONNECT_RETRIES = 8
"""Failures in a row (unreachable, or 429/502/503) before a run stops; with the backoff of
``dezgo._retry`` that is about half a minute of waiting."""
MAX_CONCURRENCY = 100


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


class _Gate:
    """The service as the batch sees it: failures in a row, and when to try again.

    Jobs that fail together (sent before the failure was counted) count once: with 8 jobs
    in flight when the service goes away, that is one failure, not eight.
    """

    def __init__(self, retries: int) -> None:
        self.retries = retries
        self.failures = 0
        self.wave = 0
        self.resume_at = 0.0

    def answered(self) -> None:
        self.failures = 0

    def failed(self, ticket: int, delay: float | None) -> bool:
        """Count a failure of a job sent at ``ticket``; False when its wave was counted already."""
        if ticket != self.wave:
            return False
        self.wave += 1
        self.failures += 1
        self.resume_at = time.monotonic() + (delay or 0.0)
        return True


@attrs.define
class _Flight:
    """One job between its dispatch and its end: the slot it holds."""

    job: Job
    ticket: int
    released: bool = False
    started: bool = False
    """Its ``started`` record is durable: its request may leave (or has)."""
    counted: bool = False
    """The summary (or the queue) has the job: an interruption must not list it again."""


def _charge_dict(charge: Charge | None) -> dict[str, Any] | None:
    return charge.as_dict() if charge is not None else None


class _JournalFailed(Exception):
    """The ``started`` record could not be written: the call goes no further, nothing is sent."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        super().__init__(str(error))


class _Run:
    def __init__(
        self,
        *,
        queue: Sequence[Job],
        out: Path,
        client: AsyncDezgo,
        journal: Journal,
        summary: Summary,
        budget: Budget | None,
        keys: Mapping[str, Hashable],
        disk: Disk,
        concurrency: int,
        connect_retries: int,
        progress: Progress,
        metadata: bool = False,
    ) -> None:
        self.pending = list(reversed(queue))  # a stack: re-queued jobs go next
        self.metadata = metadata
        self.out = out
        self.client = client
        self.journal = journal
        self.summary = summary
        self.budget = budget
        self.keys = keys
        self.disk = disk
        self.progress = progress
        self.limiter = _Limiter(concurrency)
        self.gate = _Gate(connect_retries)
        # Jobs between "started" and their end: those waiting on the service plus those being
        # written. Bounded, so images cannot pile up in memory when the disk is slower than the API.
        self.open_jobs = asyncio.Semaphore(2 * concurrency)
        self.stop = asyncio.Event()
        self.tasks: set[asyncio.Task[None]] = set()
        self.interrupts = 0
        self.unsaved_images: list[tuple[Job, str, Any]] = []
        self.operations = by_name(pinned_operations())

    # -- telling the user ------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        """A line the user must see at once, even with -q (it answers something they did)."""
        if self.progress.quiet:
            print(f"dezgo batch: {text}", file=sys.stderr, flush=True)
        else:
            self.progress.note(f"dezgo batch: {text}")

    def _show(self, status: str | None = None) -> None:
        self.progress.update(
            status or self.summary.status(), completed=self.summary.finished, force=bool(status)
        )

    def _stop(self, why: str, reason: str) -> None:
        if self.summary.stop(why, reason) and why != "interrupted":
            self._say(f"stopping: {reason}")
        self.stop.set()

    def _write_failed(self, exc: OSError, what: str) -> None:
        self._stop(
            "write_failed",
            f"could not write {what} ({exc.strerror or exc}); no new job was sent. "
            "Free some space or fix the folder, then run the same command again",
        )

    def _on_signal(self) -> None:
        self.interrupts += 1
        if self.interrupts == 1:
            self._stop("interrupted", "interrupted; run the same command again to resume")
            self._say(
                f"stopping after {len(self.tasks)} job(s) in flight… (Ctrl-C again to stop at once; "
                "those jobs would then be listed as uncertain)"
            )
        else:
            self._say(f"stopping now: {len(self.tasks)} job(s) in flight will be listed as uncertain")
            for task in list(self.tasks):
                task.cancel()

    # -- the loop ----------------------------------------------------------------------------------

    async def main(self) -> None:
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM)
        for signum in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._on_signal)
        stop_waiter = asyncio.ensure_future(self.stop.wait())
        try:
            self._show()
            await self._dispatch(stop_waiter)
            while self.tasks:
                await asyncio.wait(set(self.tasks))
        finally:
            stop_waiter.cancel()
            for signum in signals:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(signum)
        await self._save_again()
        self.summary.not_run = len(self.pending)
        if self.summary.stopped == "budget":  # said when it stopped; the figures are final only now
            self.summary.reason = self._budget_reason()
        self._show()

    async def _dispatch(self, stop_waiter: asyncio.Future[Any]) -> None:
        while not self.stop.is_set():
            if not self.pending:
                if not self.tasks:
                    return
                await asyncio.wait({*self.tasks, stop_waiter}, return_when=asyncio.FIRST_COMPLETED)
                continue
            pause = self.gate.resume_at - time.monotonic()
            if pause > 0:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(stop_waiter), pause)
                continue
            await self.open_jobs.acquire()
            await self.limiter.acquire()
            if self.stop.is_set() or not self.pending or self.gate.resume_at > time.monotonic():
                await self.limiter.release()
                self.open_jobs.release()
                continue
            job = self.pending.pop()
            flight = _Flight(job, self.gate.wave)
            task = asyncio.create_task(self._one(flight))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    def _budget_reason(self) -> str:
        return budget_reason(self.budget, len(self.pending), [self.keys.get(job.id) for job in self.pending])

    # -- one job -------------------------------------------------------------------------------------

    async def _release(self, flight: _Flight, *, throttled: bool = False) -> None:
        # The slot is for requests in flight: free it as soon as the service has answered,
        # before the image is written locally.
        if not flight.released:
            flight.released = True
            await self.limiter.release(throttled=throttled)

    async def _record(self, event: str, job: Job, **fields: Any) -> None:
        """A journal record after the request: a write error stops the run, the job is already counted."""
        try:
            await self.journal.aappend(event, job.id, **fields)
        except OSError as exc:
            self._write_failed(exc, "the journal")

    async def _one(self, flight: _Flight) -> None:
        try:
            await self._attempt(flight)
        except asyncio.CancelledError:  # the client's budget counts it as possibly billed
            if not flight.counted and not flight.started:
                self.pending.append(flight.job)
                flight.counted = True
            if not flight.counted:
                self.summary.add_uncertain(
                    flight.job.id, "stopped at once while in flight (it may have been billed)", None
                )
        except Exception as exc:  # a bug must not lose a job silently, nor print a traceback
            logger.debug("batch job %s: unexpected error", flight.job.id, exc_info=True)
            if not flight.counted:
                self.summary.add_uncertain(
                    flight.job.id, f"unexpected error ({type(exc).__name__}); it may have been billed", None
                )
        finally:
            await self._release(flight)
            self.open_jobs.release()
            self._show()

    async def _attempt(self, flight: _Flight) -> None:
        job = flight.job
        op = self.operations[job.operation]
        arguments = {
            op.param(k).name: (Path(v) if op.param(k).is_image else v) for k, v in job.arguments.items()
        }

        async def started() -> None:
            """Durable before the request leaves: once the budget has admitted the job."""
            budget = self.client.budget
            balance = budget.last_balance_usd if budget is not None else None
            fields: dict[str, Any] = {"output": job.output}
            if balance is not None:  # what a later run reconciles this job against, if it ends unseen
                fields[BALANCE_FIELD] = format(balance, "f")
            try:
                await self.journal.aappend("started", job.id, **fields)
            except OSError as exc:
                raise _JournalFailed(exc) from exc
            flight.started = True

        try:
            result = await self.client._acall(
                job.operation,
                arguments,
                None,
                None,
                extra_body=job.extras.body or None,
                extra_headers=job.extras.headers or None,
                extra_query=job.extras.query or None,
                before_send=started,
            )
        except _JournalFailed as failed:
            self.pending.append(job)
            flight.counted = True
            self._write_failed(failed.error, "the journal")
            return
        except Exception as exc:
            await self._call_failed(flight, exc)
            return
        self.gate.answered()
        await self._release(flight)
        charge: Charge | None = getattr(result, "charge", None)
        await self._save(flight, result, charge)

    async def _call_failed(self, flight: _Flight, exc: Exception) -> None:
        job = flight.job
        outcome = classify(exc, attempt=self.gate.failures, max_retries=self.gate.retries)
        await self._release(flight, throttled=outcome.throttled)
        flight.counted = True
        if outcome.kind in ("unsent", "budget", "refused"):
            self.pending.append(job)
            if outcome.kind == "unsent":
                self._service_failed(flight, outcome.reason, outcome.retry_delay)
            elif outcome.kind == "budget":
                self._stop("budget", self._budget_reason())
            else:
                self.gate.answered()
                self._stop("service", f"{outcome.reason}; nothing more was sent")
            if flight.started:  # closes the attempt: provably not billed
                await self._record("unsent", job, reason=outcome.reason)
            return
        self.gate.answered()
        if outcome.kind == "failed":
            self.summary.failed.append((job.id, outcome.reason))
            if flight.started:
                await self._record("failed", job, error=outcome.reason)
            return
        amount = outcome.charge.amount_usd if outcome.charge is not None else None
        self.summary.add_uncertain(job.id, outcome.reason, amount)
        await self._record("uncertain", job, error=outcome.reason, charge=_charge_dict(outcome.charge))

    def _service_failed(self, flight: _Flight, reason: str, delay: float | None) -> None:
        if not self.gate.failed(flight.ticket, delay):
            return  # a job of a wave already counted
        if delay is None:
            tries = self.gate.failures - 1
            self._stop(
                "service",
                f"the service could not be reached ({reason}) after {tries} retr{'y' if tries == 1 else 'ies'}; "
                "run the same command again to resume",
            )
        else:
            self._show(
                f"waiting for the service: {reason}, retry {self.gate.failures} of {self.gate.retries}"
            )

    async def _save(self, flight: _Flight, result: Any, charge: Charge | None) -> None:
        job = flight.job
        if self.metadata:
            result = await asyncio.to_thread(with_metadata, result, job)
        name = final_name(job.output, result.extension)
        amount = charge.amount_usd if charge is not None else None
        try:
            target = confined(self.out, name)
            if target is None:
                raise OSError(errno.EPERM, "the path leads outside OUT")
            await asyncio.to_thread(self.disk.write_file, target, result.data)
        except OSError as exc:
            error = exc.strerror or str(exc)
            self.summary.add_unsaved(job.id, name, amount, error)
            flight.counted = True
            self.unsaved_images.append((job, name, result))
            self._write_failed(exc, name)
            await self._record(
                "unsaved", job, output=name, charge=_charge_dict(charge), error=error, image=facts(result)
            )
            return
        self.summary.add_done(amount)
        flight.counted = True
        await self._record("done", job, output=name, charge=_charge_dict(charge), image=facts(result))

    async def _save_again(self) -> None:
        """One more try for images that could not be written: the jobs in flight have ended and
        their temporary files are gone, so there may be room now."""
        for job, name, result in self.unsaved_images:
            target = confined(self.out, name)
            if target is None:
                continue
            try:
                await asyncio.to_thread(self.disk.write_file, target, result.data)
            except OSError:
                continue
            self.summary.saved_later(job.id)
            charge = getattr(result, "charge", None)
            with contextlib.suppress(OSError):
                await self.journal.aappend(
                    "done", job.id, output=name, charge=_charge_dict(charge), image=facts(result)
                )


def budget_reason(budget: Budget | None, remaining_jobs: int, keys: Iterable[Hashable | None]) -> str:
    if budget is None:
        return f"the budget refused to send more; {remaining_jobs} job(s) not run"
    spent = budget.spent_usd
    prices = [budget.ledger.price_of(key) if key is not None else None for key in keys]
    example = ""
    if all(price is not None for price in prices):
        example = f", e.g. --budget-usd {spent + sum((p for p in prices if p is not None), Decimal(0))}"
    closed = " (some jobs may have been billed at an amount nobody reported yet)" if budget.unpriced else ""
    return (
        f"the batch's budget of {budget.limit_usd} USD is used ({spent} USD spent by this batch, per its "
        f"journal{closed}); {remaining_jobs} job(s) not run. To go on, run again with a larger "
        f"--budget-usd (the total for the batch, not for one run){example}"
    )


def _resume(
    jobs: Sequence[Job],
    state: JournalState,
    out: Path,
    summary: Summary,
    *,
    retry_uncertain: bool,
    retry_missing: bool,
) -> list[Job]:
    """The jobs to send; the others are counted or listed in ``summary`` from the journal."""
    queue: list[Job] = []
    for job in jobs:
        last = state.last.get(job.id)
        event = last["event"] if last is not None else None
        if last is not None and event == "done":
            output = last.get("output")
            path = confined(out, output) if isinstance(output, str) else None
            if path is not None and path.is_file():
                summary.skipped += 1
            elif retry_missing:
                queue.append(job)
            else:
                summary.missing.append((job.id, str(output)))
        elif last is not None and event in ("started", "uncertain", "unsaved"):
            if retry_uncertain:
                queue.append(job)
                continue
            amount = amount_of(last)
            if event == "started":
                reason = "started by an earlier run that ended before the job did (it may have been billed)"
            elif event == "unsaved":
                reason = f"billed in an earlier run, but the image could not be written: {last.get('error')}"
            else:
                reason = f"in an earlier run: {last.get('error')}"
            summary.add_uncertain(job.id, reason, amount, this_run=False)
        else:
            queue.append(job)
    return queue


def _unwritable(out: Path, jobs: Iterable[Job]) -> str | None:
    """A folder the queued images go to that exists and cannot be written, before anything is sent."""
    checked: set[Path] = set()
    for job in jobs:
        folder = (out / job.output).parent
        while not folder.exists() and folder != out:
            folder = folder.parent
        if folder in checked:
            continue
        checked.add(folder)
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{folder} cannot be written (read-only or no permission)"
    return None


def _job_keys(jobs: Sequence[Job]) -> dict[str, Hashable]:
    """Each job's price key, as the client will compute it when it sends the job."""
    from dezgo._arguments import price_key_of

    ops = by_name(pinned_operations())
    return {job.id: price_key_of(ops[job.operation], job.arguments, job.extras) for job in jobs}


def run(
    manifest: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    client: AsyncDezgo | None = None,
    concurrency: int = 4,
    budget_usd: str | Decimal | int | None = None,
    retry_uncertain: bool = False,
    retry_missing: bool = False,
    skip_invalid: bool = False,
    quiet: bool = True,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    connect_retries: int = DEFAULT_CONNECT_RETRIES,
    reserved: Iterable[str | os.PathLike[str]] = (),
    strict: bool = False,
    disk: Disk | None = None,
    gallery: bool = True,
    metadata: bool = False,
) -> Summary:
    """Run a manifest (the Python face of ``dezgo batch``); returns the summary.

    Raises ManifestError (nothing sent) for invalid rows unless ``skip_invalid``, and
    JournalBusyError when another run holds OUT. Every other problem ends the run with a
    reason in ``summary.stopped``/``summary.reason`` and ``summary.exit_code``.

    ``budget_usd`` is the batch's total over every run on this OUT (without it, the total
    recorded by the last run applies). Without ``client``, one is made from
    ``api_key``/``base_url``/``timeout`` (or the environment) with ``max_retries=0``: the
    batch itself decides what to re-queue. ``reserved``: paths no output may overwrite.
    ``strict``: also refuse values that break constraints the spec only guesses.
    ``disk``: where bytes are written (tests pass one that fills up).
    ``gallery``: keep ``OUT/index.html``, a page of every job (``dezgo.batch.gallery``); it is
    refused, before anything is sent, when that file is some other page (GalleryError).
    ``metadata``: store how each image was made in its file (``dezgo.read_metadata``).
    """
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")
    if connect_retries < 0:
        raise ValueError("connect_retries must be 0 or more")
    limit = money(budget_usd, "budget_usd") if budget_usd is not None else None
    out = Path(out_dir)
    if gallery:
        reserved = [*reserved, out / GALLERY]
    jobs, invalid = load_manifest(
        manifest, skip_invalid=skip_invalid, out_dir=out, reserved=reserved, strict=strict
    )
    page = Gallery(out, jobs) if gallery else None
    summary = Summary(total=len(jobs), invalid=invalid)
    started = time.monotonic()
    active = client if client is not None else _client(api_key, base_url, timeout, strict)
    journal: Journal | None = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        journal = Journal(out, disk=disk)
    except JournalBusyError:
        raise
    except OSError as exc:
        where = exc.filename or out
        summary.stop("write_failed", f"cannot write {where} ({exc.strerror or exc}); nothing was sent")
        summary.not_run = len(jobs)
    finally:
        if journal is None and client is None:
            asyncio.run(active.close())
    if journal is None:
        return summary

    async def go(journal: Journal) -> None:
        try:
            await _main(
                jobs,
                out,
                journal,
                summary,
                client=active,
                limit=limit,
                retry_uncertain=retry_uncertain,
                retry_missing=retry_missing,
                quiet=quiet,
                concurrency=concurrency,
                connect_retries=connect_retries,
                disk=disk if disk is not None else Disk(),
                metadata=metadata,
            )
        finally:
            if client is None:
                await active.close()

    try:
        if page is not None:
            page.follow(journal)
        asyncio.run(go(journal))
    finally:
        if page is not None:
            page.close()
        journal.close()
    summary.elapsed_s = time.monotonic() - started
    return summary


def _client(
    api_key: str | None,
    base_url: str | None,
    timeout: float | None,
    strict: bool,
) -> AsyncDezgo:
    """The run's client, made before OUT is touched (a missing key leaves no trace). It sends each
    request once (the batch re-queues what provably did not run); its budget is set once the
    journal is read and locked."""
    from dezgo._client import AsyncDezgo

    return AsyncDezgo(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0, strict=strict)


async def _main(
    jobs: Sequence[Job],
    out: Path,
    journal: Journal,
    summary: Summary,
    *,
    client: AsyncDezgo,
    limit: Decimal | None,
    retry_uncertain: bool,
    retry_missing: bool,
    quiet: bool,
    concurrency: int,
    connect_retries: int,
    disk: Disk,
    metadata: bool,
) -> None:
    state = journal.state
    summary.journal_problems = list(state.problems)
    limit = limit if limit is not None else state.budget_usd
    keys = _job_keys(jobs)
    budget = (
        budget_from_journal(
            limit,
            state,
            keys,
            {job.id: job.operation for job in jobs},
            ledger=client.ledger,
            settle_timeouts_after_s=client.job_timeout,
        )
        if limit is not None
        else None
    )
    client = client.with_options()  # the batch's own copy: its budget is the batch's
    client.budget = budget
    summary.budget_usd = limit
    queue = _resume(jobs, state, out, summary, retry_uncertain=retry_uncertain, retry_missing=retry_missing)
    summary.not_run = len(queue)
    try:
        with Progress("batch", total=len(jobs), quiet=quiet) as progress:
            if state.problems:
                line, why = state.problems[0]
                progress.note(
                    f"dezgo batch: {len(state.problems)} unreadable journal line(s) skipped "
                    f"(line {line}: {why}); a job whose last readable record is 'started' stays uncertain"
                )
            try:
                journal.append(
                    "run", budget_usd=format(limit, "f") if limit is not None else None, pid=os.getpid()
                )
            except OSError as exc:
                summary.stop(
                    "write_failed", f"cannot write the journal ({exc.strerror or exc}); nothing was sent"
                )
                return
            problem = _unwritable(out, queue)
            if problem is not None:
                summary.stop("write_failed", f"{problem}; nothing was sent")
                return
            if queue and budget is not None and budget.spent_usd >= budget.limit_usd:
                summary.stop("budget", budget_reason(budget, len(queue), [keys.get(job.id) for job in queue]))
                return
            await _Run(
                queue=queue,
                out=out,
                client=client,
                journal=journal,
                summary=summary,
                budget=budget,
                keys=keys,
                disk=disk,
                concurrency=concurrency,
                connect_retries=connect_retries,
                progress=progress,
                metadata=metadata,
            ).main()
    finally:
        summary.batch_spent_usd = state.charged_usd + client.ledger.total_usd
        if budget is not None:
            summary.batch_unseen_usd = max(Decimal(0), budget.spent_usd - summary.batch_spent_usd)
