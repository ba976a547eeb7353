"""Money: exact charges from the billing headers, a ledger of them, and a budget.

Dezgo bills per job and reports it in response headers (``x-dezgo-job-amount-usd``
and the ``x-dezgo-balance-*`` family). Amounts are parsed from the header text
straight into ``Decimal``, never through ``float``: ``0.1 + 0.2`` must be
``0.3`` to the last digit when a pipeline adds up thousands of jobs.

A malformed header never raises: by the time it is read the money is spent and
the image must still reach the caller, so the field becomes ``None`` and a
warning names the header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import threading
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import attrs

from dezgo._atomic import atomic_write_bytes
from dezgo._constants import AMOUNT_HEADER, BALANCE_HEADERS, INDEX_HEADER, JOB_ID_HEADER, USER_HEADER
from dezgo.errors import BudgetExceededError

__all__ = ["BILLING_HEADERS", "Budget", "Charge", "Ledger", "Reservation", "parse_usd", "price_key"]

logger = logging.getLogger("dezgo.billing")

BILLING_HEADERS = {"amount_usd": AMOUNT_HEADER, **BALANCE_HEADERS}

# Arguments that change what a job costs (pixels and denoising work, and the model or
# upscale flag that change both). Prompts, seeds and images do not.
PRICE_ARGUMENTS = ("model", "width", "height", "steps", "upscale")


def parse_usd(text: str | None, *, header: str = "amount") -> Decimal | None:
    """Parse a USD amount exactly; None (with a warning) when it is not a finite number."""
    if text is None:
        return None
    stripped = text.strip()
    try:
        value = Decimal(stripped)
    except (InvalidOperation, ValueError):
        logger.warning("ignoring malformed billing header %s: %r is not a decimal amount", header, text[:40])
        return None
    if not value.is_finite():
        logger.warning("ignoring malformed billing header %s: %r is not a finite amount", header, text[:40])
        return None
    return value


def _parse_index(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        logger.warning("ignoring malformed billing header %s: %r is not an integer", INDEX_HEADER, text[:40])
        return None


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@attrs.frozen
class Charge:
    """What one response says about money: this job's price and the balance after it."""

    operation: str
    amount_usd: Decimal | None = None
    balance_credits_usd: Decimal | None = None
    balance_debits_usd: Decimal | None = None
    balance_total_usd: Decimal | None = None
    balance_index: int | None = None
    user_id: str | None = None
    job_id: str | None = None
    at: dt.datetime = attrs.field(factory=_utcnow)

    @classmethod
    def from_headers(
        cls, headers: Mapping[str, str], *, operation: str, at: dt.datetime | None = None
    ) -> Charge:
        """Read the billing headers (any case); never raises."""
        lowered = _lower(headers)
        amounts = {
            field: parse_usd(lowered.get(name), header=name) for field, name in BILLING_HEADERS.items()
        }
        return cls(
            operation=operation,
            balance_index=_parse_index(lowered.get(INDEX_HEADER)),
            user_id=lowered.get(USER_HEADER),
            job_id=lowered.get(JOB_ID_HEADER),
            at=at if at is not None else _utcnow(),
            **amounts,
        )

    @property
    def charged(self) -> bool:
        """The response reported an amount for this job."""
        return self.amount_usd is not None

    def __str__(self) -> str:
        cost = f"{self.amount_usd} USD" if self.amount_usd is not None else "amount unknown"
        if self.balance_total_usd is not None:
            return f"{cost}, balance {self.balance_total_usd} USD"
        return cost

    def as_dict(self) -> dict[str, str | int | None]:
        """JSON-ready: amounts as exact strings, never floats."""
        return {
            "operation": self.operation,
            "amount_usd": _text(self.amount_usd),
            "balance_credits_usd": _text(self.balance_credits_usd),
            "balance_debits_usd": _text(self.balance_debits_usd),
            "balance_total_usd": _text(self.balance_total_usd),
            "balance_index": self.balance_index,
            "user_id": self.user_id,
            "job_id": self.job_id,
            "at": self.at.isoformat(),
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def price_key(operation: str, arguments: Mapping[str, Any]) -> Hashable:
    """What makes two calls cost the same: the operation and its size, steps, model and upscale."""
    return (operation, *((name, _hashable(arguments.get(name))) for name in PRICE_ARGUMENTS))


def _hashable(value: Any) -> Hashable:
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


class Ledger:
    """Every charged call of a client, in order, with exact totals. Thread-safe.

    Safe under asyncio too: nothing in it awaits, so a lock held by one task is
    never held across a suspension point.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Charge] = []
        self._total = Decimal(0)
        self._by_operation: dict[str, Decimal] = {}
        self._prices: dict[Hashable, Decimal] = {}
        self._last_balance: Charge | None = None

    def record(self, charge: Charge, price_key: Hashable | None = None) -> None:
        """Add a charge. Charges without an amount still update the balance snapshot."""
        with self._lock:
            if charge.amount_usd is not None:
                self._entries.append(charge)
                self._total += charge.amount_usd
                self._by_operation[charge.operation] = (
                    self._by_operation.get(charge.operation, Decimal(0)) + charge.amount_usd
                )
                if price_key is not None:
                    self._prices[price_key] = charge.amount_usd
            if charge.balance_total_usd is not None and self._newer(charge):
                self._last_balance = charge

    def _newer(self, charge: Charge) -> bool:
        # Responses can arrive out of order; the balance index says which snapshot is newest.
        current = self._last_balance
        if current is None:
            return True
        if charge.balance_index is not None and current.balance_index is not None:
            return charge.balance_index > current.balance_index
        return True

    @property
    def entries(self) -> tuple[Charge, ...]:
        with self._lock:
            return tuple(self._entries)

    @property
    def total_usd(self) -> Decimal:
        with self._lock:
            return self._total

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def totals_by_operation(self) -> dict[str, Decimal]:
        with self._lock:
            return dict(self._by_operation)

    @property
    def last_balance(self) -> Charge | None:
        """The balance snapshot with the highest ``balance_index`` seen so far."""
        with self._lock:
            return self._last_balance

    @property
    def balance_usd(self) -> Decimal | None:
        snapshot = self.last_balance
        return None if snapshot is None else snapshot.balance_total_usd

    def price_of(self, key: Hashable) -> Decimal | None:
        """The last observed price of calls with this price key (None before the first)."""
        with self._lock:
            return self._prices.get(key)

    def to_json(self, destination: str | os.PathLike[str] | IO[str] | None = None) -> str:
        """The ledger as JSON (amounts as exact strings); written atomically when given a path."""
        with self._lock:
            payload = {
                "total_usd": format(self._total, "f"),
                "by_operation": {k: format(v, "f") for k, v in self._by_operation.items()},
                "entries": [c.as_dict() for c in self._entries],
            }
        text = json.dumps(payload, indent=2) + "\n"
        _write(destination, text)
        return text

    def to_csv(self, destination: str | os.PathLike[str] | IO[str] | None = None) -> str:
        """The ledger as CSV, one charge a row; written atomically when given a path."""
        buffer = io.StringIO()
        fields = list(Charge(operation="").as_dict())
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for charge in self.entries:
            writer.writerow(charge.as_dict())
        text = buffer.getvalue()
        _write(destination, text)
        return text


def _write(destination: str | os.PathLike[str] | IO[str] | None, text: str) -> None:
    if destination is None:
        return
    if isinstance(destination, (str, os.PathLike)):
        atomic_write_bytes(Path(destination), text.encode("utf-8"))
    else:
        destination.write(text)


def _money(value: str | Decimal | int, what: str) -> Decimal:
    if isinstance(value, (bool, float)):
        raise TypeError(
            f"{what} must be a str, Decimal or int, not {type(value).__name__}: binary floats cannot "
            f'hold cents exactly; write it as a string, e.g. {what}="1.00"'
        )
    if not isinstance(value, (str, Decimal, int)):
        raise TypeError(f"{what} must be a str, Decimal or int, not {type(value).__name__}")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what}={value!r} is not a decimal amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{what} must be a finite amount of zero or more, not {value!r}")
    return amount


class Budget:
    """A spending cap checked before every paid call.

    ``reserve()`` refuses a call (raising BudgetExceededError, nothing sent) when
    what was spent has reached the limit, or when what was spent, plus what calls
    in flight are expected to cost, plus this call's expected cost would pass it.
    A call's expected cost is the last price observed for the same price key
    (operation, size, steps, model, upscale): **the first call of a kind cannot be
    priced in advance**, so only the "already reached" rule applies to it.

    Calls that may have been charged without a response (a dropped connection
    after the job) count at their expected cost, so an outage cannot be used to
    spend past the cap.
    """

    def __init__(self, limit_usd: str | Decimal | int, *, ledger: Ledger | None = None) -> None:
        self.limit_usd = _money(limit_usd, "budget_usd")
        self.ledger = ledger if ledger is not None else Ledger()
        self._lock = threading.Lock()
        self._in_flight = Decimal(0)
        self._uncertain = Decimal(0)

    @property
    def spent_usd(self) -> Decimal:
        """Charged (per the ledger) plus the expected cost of calls whose outcome is unknown."""
        with self._lock:
            return self.ledger.total_usd + self._uncertain

    @property
    def remaining_usd(self) -> Decimal:
        return max(Decimal(0), self.limit_usd - self.spent_usd)

    def reserve(
        self, operation: str, key: Hashable | None = None, *, expected_usd: Decimal | None = None
    ) -> Reservation:
        """Claim room for one call, or raise BudgetExceededError without side effects.

        ``expected_usd`` is the caller's estimate for a call the ledger cannot price yet
        (a cautious caller passes the highest price seen so far); an observed price wins.
        """
        expected = self.ledger.price_of(key) if key is not None else None
        if expected is None:
            expected = expected_usd
        with self._lock:
            spent = self.ledger.total_usd + self._uncertain
            if spent >= self.limit_usd:
                raise BudgetExceededError(
                    f"{operation}(): budget of {self.limit_usd} USD reached ({spent} USD spent); nothing was sent",
                    budget_usd=self.limit_usd,
                    spent_usd=spent,
                    expected_usd=expected,
                )
            if expected is not None and spent + self._in_flight + expected > self.limit_usd:
                raise BudgetExceededError(
                    f"{operation}(): this call is expected to cost {expected} USD, which would pass the budget of "
                    f"{self.limit_usd} USD ({spent} USD spent, {self._in_flight} USD in flight); nothing was sent",
                    budget_usd=self.limit_usd,
                    spent_usd=spent,
                    expected_usd=expected,
                )
            held = expected if expected is not None else Decimal(0)
            self._in_flight += held
        return Reservation(self, operation, held)

    def _finish(self, held: Decimal, uncertain: Decimal) -> None:
        with self._lock:
            self._in_flight -= held
            self._uncertain += uncertain

    def __repr__(self) -> str:
        return f"<Budget limit={self.limit_usd} USD spent={self.spent_usd} USD>"


class Reservation:
    """Room held in a Budget for one call in flight; finish it exactly once."""

    def __init__(self, budget: Budget, operation: str, held: Decimal) -> None:
        self.budget = budget
        self.operation = operation
        self.held = held
        self._done = False

    def settle(self, charge: Charge | None = None) -> None:
        """The call finished. Its charge is recorded in the ledger by the caller, not here."""
        self._finish(Decimal(0))

    def release(self) -> None:
        """The call failed without being charged."""
        self._finish(Decimal(0))

    def uncertain(self) -> None:
        """The call may have been charged (no response arrived): count its expected cost as spent."""
        self._finish(self.held)

    def _finish(self, uncertain: Decimal) -> None:
        if not self._done:
            self._done = True
            self.budget._finish(self.held, uncertain)

    def __enter__(self) -> Reservation:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.settle()
        else:
            self.release()


def total(charges: Iterable[Charge]) -> Decimal:
    """The exact sum of the amounts of ``charges``."""
    return sum((c.amount_usd for c in charges if c.amount_usd is not None), Decimal(0))
