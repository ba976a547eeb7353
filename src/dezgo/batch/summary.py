"""What a batch run did: counts, money, every job that needs the user's attention, and why it stopped.

Counts and money change together (one method call, no ``await`` in between), so the
progress line and the summary can never show the money of a job they do not count.
``spent_usd`` is every charge the service reported in this run, whatever became of
the image; ``batch_spent_usd`` is the same over every run of the batch (the journal).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from dezgo._exit import ExitCode

__all__ = ["STOP_EXIT_CODES", "Summary", "Uncertain", "Unsaved"]

STOP_EXIT_CODES = {
    "interrupted": ExitCode.INTERRUPTED,
    "budget": ExitCode.BUDGET,
    "write_failed": ExitCode.WRITE_FAILED,
    "service": ExitCode.API,
}
"""Why a run stopped before its end, and the exit code that says so."""


def _usd(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


@attrs.frozen
class Uncertain:
    """A job that may have been billed and whose image is not on disk."""

    id: str
    reason: str
    amount_usd: Decimal | None = None
    """The charge, when the service reported one before the image was lost."""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason, "amount_usd": _usd(self.amount_usd)}


@attrs.frozen
class Unsaved:
    """A job billed in this run whose image could not be written."""

    id: str
    output: str
    amount_usd: Decimal | None
    error: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "output": self.output,
            "amount_usd": _usd(self.amount_usd),
            "error": self.error,
        }


@attrs.define
class Summary:
    """What a run did; ``as_json()`` is the ``--report`` file and the ``--json`` output."""

    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    uncertain: list[Uncertain] = attrs.field(factory=list)
    unsaved: list[Unsaved] = attrs.field(factory=list)
    missing: list[tuple[str, str]] = attrs.field(factory=list)
    invalid: list[tuple[int, str]] = attrs.field(factory=list)
    journal_problems: list[tuple[int, str]] = attrs.field(factory=list)
    not_run: int = 0
    spent_usd: Decimal = Decimal(0)
    batch_spent_usd: Decimal = Decimal(0)
    batch_unseen_usd: Decimal = Decimal(0)
    """An estimate for attempts that may have been billed at an amount nobody saw (a crash, a
    dropped connection): the budget counts them at the price of the same kind of job."""
    budget_usd: Decimal | None = None
    elapsed_s: float = 0.0
    stopped: str | None = None
    reason: str | None = None
    """One line: why the run stopped before its end (None when it ran to the end)."""

    # -- changes: counts and money together ----------------------------------------------------

    def stop(self, why: str, reason: str) -> bool:
        """Record the first reason to stop; False when the run was already stopping."""
        if self.stopped is not None:
            return False
        self.stopped, self.reason = why, reason
        return True

    def _charge(self, amount: Decimal | None) -> None:
        if amount is not None:
            self.spent_usd += amount

    def add_done(self, amount: Decimal | None) -> None:
        self.done += 1
        self._charge(amount)

    def add_uncertain(self, job: str, reason: str, amount: Decimal | None, *, this_run: bool = True) -> None:
        self.uncertain.append(Uncertain(job, reason, amount))
        if this_run:
            self._charge(amount)

    def add_unsaved(self, job: str, output: str, amount: Decimal | None, error: str) -> None:
        self.unsaved.append(Unsaved(job, output, amount, error))
        self._charge(amount)

    def saved_later(self, job: str) -> None:
        """An unsaved image was written after all (its charge is already counted)."""
        self.unsaved = [u for u in self.unsaved if u.id != job]
        self.done += 1

    # -- reading -----------------------------------------------------------------------------------

    @property
    def images_per_minute(self) -> float:
        return self.done / self.elapsed_s * 60 if self.elapsed_s > 0 else 0.0

    @property
    def exit_code(self) -> ExitCode:
        if self.stopped is not None:
            return STOP_EXIT_CODES[self.stopped]
        if self.failed or self.uncertain or self.unsaved or self.missing:
            return ExitCode.FAILED
        return ExitCode.OK

    @property
    def finished(self) -> int:
        return (
            self.done
            + self.skipped
            + len(self.failed)
            + len(self.uncertain)
            + len(self.unsaved)
            + len(self.missing)
        )

    def status(self) -> str:
        """The progress line: the same counts and money as the summary."""
        attention = len(self.uncertain) + len(self.unsaved)
        return (
            f"{self.done} done, {self.skipped} skipped, {len(self.failed)} failed, "
            f"{attention} uncertain; {format(self.spent_usd, 'f')} USD"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "done": self.done,
            "skipped": self.skipped,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
            "uncertain": [u.as_json() for u in self.uncertain],
            "unsaved": [u.as_json() for u in self.unsaved],
            "missing": [{"id": i, "output": o} for i, o in self.missing],
            "invalid": [{"line": n, "reason": r} for n, r in self.invalid],
            "journal_problems": [{"line": n, "reason": r} for n, r in self.journal_problems],
            "not_run": self.not_run,
            "spent_usd": format(self.spent_usd, "f"),
            "batch_spent_usd": format(self.batch_spent_usd, "f"),
            "batch_unseen_usd": format(self.batch_unseen_usd, "f"),
            "budget_usd": _usd(self.budget_usd),
            "elapsed_s": round(self.elapsed_s, 3),
            "images_per_minute": round(self.images_per_minute, 1),
            "stopped": self.stopped,
            "reason": self.reason,
            "exit_code": int(self.exit_code),
        }

    def text(self) -> str:
        budget = f" of a budget of {self.budget_usd} USD" if self.budget_usd is not None else ""
        lines = [
            f"{self.done} done, {self.skipped} skipped (done earlier), {len(self.failed)} failed, "
            f"{len(self.uncertain)} uncertain, {len(self.unsaved)} billed but not saved, "
            f"{len(self.missing)} missing, {self.not_run} not run",
            f"{format(self.spent_usd, 'f')} USD spent in this run; {format(self.batch_spent_usd, 'f')} USD "
            f"by this batch in all{budget}; {self.images_per_minute:.1f} images/minute",
        ]
        if self.batch_unseen_usd:
            lines.append(
                f"  about {format(self.batch_unseen_usd, 'f')} USD more may have been billed unseen "
                "(jobs cut off after sending); the budget counts it"
            )
        for job, reason in self.failed:
            lines.append(f"  failed {job}: {reason}")
        if self.unsaved:
            lines.append("  billed but not saved (the image is lost; re-sent only with --retry-uncertain):")
            lines += [
                f"    {u.id} -> {u.output}: {u.amount_usd or 'amount unknown'} USD: {u.error}"
                for u in self.unsaved
            ]
        if self.uncertain:
            lines.append("  uncertain (may have been billed; re-sent only with --retry-uncertain):")
            lines += [
                f"    {u.id}: {u.reason}"
                + (f" ({u.amount_usd} USD billed)" if u.amount_usd is not None else "")
                for u in self.uncertain
            ]
        if self.missing:
            lines.append(
                "  done earlier, but the image is no longer in OUT (re-sent only with --retry-missing):"
            )
            lines += [f"    {job}: {output}" for job, output in self.missing]
        for line, reason in self.journal_problems[:20]:
            lines.append(f"  journal line {line} skipped: {reason}")
        if self.reason is not None:
            lines.append(f"stopped: {self.reason}")
        return "\n".join(lines)
