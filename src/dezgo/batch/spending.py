"""What earlier runs of a batch spent, told to the client's own budget.

The batch has no budget of its own: the run's client carries a ``dezgo.billing.Budget``
whose limit is the batch's total over every run, and the journal is that budget's
memory between runs. Before the first job is sent, the journal is replayed into it:

- every charge recorded counts as spent, and prices the jobs like it (the client's
  price book: a job of the same price key costs what that one cost);
- every attempt that may have been billed unseen (a ``started`` that never ended, an
  ``uncertain`` without an amount, a run killed while the request was out) counts as a
  possible charge, in journal order after the balances seen before it was sent: at its
  price when the book knows it, otherwise closing the budget until a reconciliation with
  the account's balance explains it, the client's rule for any unpriced possible charge;
- the balances the journal recorded (on charges, and read before a job of unknown price
  was sent) are what such a reconciliation compares the account with.

So the guarantee is the client's, across re-runs and kills: billed <= budget + the largest
single price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import Any

from dezgo.batch.journal import JournalState, amount_of
from dezgo.billing import Budget, Ledger, parse_amount

__all__ = ["BALANCE_FIELD", "budget_from_journal", "uncertain_attempts"]

BALANCE_FIELD = "balance_usd"
"""The field of a ``started`` record that holds the balance the budget had seen just before."""
ENDINGS = frozenset({"done", "unsaved", "uncertain", "failed", "unsent"})


def uncertain_attempts(history: list[dict[str, Any]]) -> set[int]:
    """Indexes (in ``history``) of the ``started`` records whose attempt may have been billed unseen."""
    open_attempt: dict[str, int] = {}
    out: set[int] = set()
    for index, record in enumerate(history):
        job, event = record.get("id"), record.get("event")
        if not isinstance(job, str):
            continue
        if event == "started":
            if job in open_attempt:
                out.add(open_attempt[job])  # started again without an end: it may have been billed
            open_attempt[job] = index
        elif event in ENDINGS and job in open_attempt:
            started = open_attempt.pop(job)
            if event in ("done", "unsaved", "uncertain") and amount_of(record) is None:
                out.add(started)
    out.update(open_attempt.values())  # never ended: the run was killed or stopped at once
    return out


def _balance(record: Mapping[str, Any]) -> Decimal | None:
    text = record.get(BALANCE_FIELD)
    if text is None:
        charge = record.get("charge")
        text = charge.get("balance_total_usd") if isinstance(charge, Mapping) else None
    if not isinstance(text, str):
        return None
    return parse_amount(text, header="a balance in the journal", signed=True)


def _age_s(record: Mapping[str, Any], now: dt.datetime) -> float:
    try:
        at = dt.datetime.fromisoformat(str(record.get("at")))
    except ValueError:
        return 0.0
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (now - at).total_seconds())


def budget_from_journal(
    limit: Decimal,
    state: JournalState,
    keys: Mapping[str, Hashable],
    operations: Mapping[str, str],
    *,
    ledger: Ledger,
    settle_timeouts_after_s: float,
) -> Budget:
    """The run's budget: ``limit`` over every run, with the journal replayed into it.

    ``keys``: each manifest job's price key (``dezgo._arguments.price_key_of``); ``operations``:
    each job's operation."""
    for job, amount in state.prices.items():
        if job in keys:
            ledger.prices_book.remember(keys[job], amount)
    budget = Budget(
        limit,
        ledger=ledger,
        settle_timeouts_after_s=settle_timeouts_after_s,
        already_spent_usd=state.charged_usd,
    )
    uncertain = uncertain_attempts(state.history)
    now = dt.datetime.now(dt.timezone.utc)
    for index, record in enumerate(state.history):
        balance = _balance(record)
        if balance is not None:
            budget.observe_balance(balance)
        if index in uncertain:
            job = str(record.get("id"))
            budget.expose(
                operations.get(job, "a job not in the manifest"), keys.get(job), age_s=_age_s(record, now)
            )
    return budget
