"""``Ledger``: every charge a client received, in order, with exact totals. Thread-safe.

Safe under asyncio too: nothing in it awaits, so a lock held by one task is
never held across a suspension point.

A charge whose amount header is missing or unbelievable is still recorded (the
job ran, and was billed): its amount is learned from the balance headers when
the previous transaction's debits are known (``x-dezgo-balance-index`` says
which one that is), possibly later, when that response arrives; until then it
is listed in ``unknown``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading
from collections.abc import Hashable
from decimal import Decimal
from pathlib import Path
from typing import IO

import attrs

from dezgo._atomic import atomic_write_bytes
from dezgo.billing._amounts import MAX_AMOUNT_USD, MONEY, add, sum_usd
from dezgo.billing._charge import Charge
from dezgo.billing._prices import MemoryPrices, PriceBook

__all__ = ["Ledger", "UncertainCall"]


@attrs.frozen
class UncertainCall:
    """A call that may have been billed though no charge was seen: its request may have reached
    the service, and then it failed, timed out or was cancelled. Kept so that such money is never
    lost from view, with or without a budget."""

    operation: str
    reason: str
    at: dt.datetime = attrs.field(factory=lambda: dt.datetime.now(dt.timezone.utc))

    def as_dict(self) -> dict[str, str]:
        return {"operation": self.operation, "reason": self.reason, "at": self.at.isoformat()}


@attrs.define
class _Entry:
    charge: Charge
    key: Hashable | None
    sent_seq: int | None
    """When its request was sent, and when its answer arrived (a budget's event numbers)."""
    arrived_seq: int | None


class Ledger:
    """Every charge in order: ``entries``, ``total_usd``, ``totals_by_operation()``, exports."""

    def __init__(self, prices: PriceBook | None = None) -> None:
        self._lock = threading.Lock()
        self._entries: list[_Entry] = []
        self._total = Decimal(0)
        self._unknown: dict[int, _Entry] = {}
        self._by_operation: dict[str, Decimal] = {}
        self.prices_book: PriceBook = prices if prices is not None else MemoryPrices()
        """Where the price of each kind of call goes once known (the budget reads it)."""
        self._uncertain: list[UncertainCall] = []
        self._debits_at: dict[int, Decimal] = {}
        self._waiting_for_previous: dict[int, _Entry] = {}
        self._last_snapshot: Charge | None = None

    # -- recording ----------------------------------------------------------------------------------

    def record(
        self,
        charge: Charge,
        price_key: Hashable | None = None,
        *,
        sent_seq: int | None = None,
        arrived_seq: int | None = None,
    ) -> Charge:
        """Add a charged response; returns it as recorded (with a learned amount, if any)."""
        with self._lock:
            entry = _Entry(charge, price_key, sent_seq, arrived_seq)
            self._entries.append(entry)
            self._note_snapshot(charge)
            if charge.amount_usd is not None:
                self._count(entry)
            else:
                self._unknown[id(entry)] = entry
                self._learn(entry)
            return entry.charge

    def _note_snapshot(self, charge: Charge) -> None:
        index, debits = charge.balance_index, charge.balance_debits_usd
        if charge.balance_total_usd is not None and self._newer(charge):
            self._last_snapshot = charge
        if index is None or debits is None:
            return
        self._debits_at[index] = debits
        later = self._waiting_for_previous.pop(index + 1, None)
        if later is not None:
            self._learn(later)

    def _newer(self, charge: Charge) -> bool:
        # Responses arrive out of order; the balance index says which snapshot is newest.
        current = self._last_snapshot
        if current is None:
            return True
        if charge.balance_index is not None and current.balance_index is not None:
            return charge.balance_index > current.balance_index
        return True

    def _learn(self, entry: _Entry) -> None:
        """The amount from the debits: this transaction's minus the previous one's."""
        charge = entry.charge
        index, debits = charge.balance_index, charge.balance_debits_usd
        if index is None or debits is None:
            return
        previous = self._debits_at.get(index - 1)
        if previous is None:
            self._waiting_for_previous[index] = entry
            return
        learned = MONEY.subtract(debits, previous)
        if learned < 0 or learned > MAX_AMOUNT_USD:
            return
        entry.charge = attrs.evolve(charge, amount_usd=learned, amount_source="balance")
        self._unknown.pop(id(entry), None)
        self._count(entry)

    def _count(self, entry: _Entry) -> None:
        amount = entry.charge.amount_usd
        assert amount is not None
        operation = entry.charge.operation
        self._total = add(self._total, amount)
        self._by_operation[operation] = add(self._by_operation.get(operation, Decimal(0)), amount)
        if entry.key is not None:
            self.prices_book.remember(entry.key, amount)

    def resolve(self, charge: Charge, amount: Decimal) -> None:
        """Give an unknown entry the amount a reconciliation found it alone explains (also its price)."""
        with self._lock:
            for entry in list(self._unknown.values()):
                if entry.charge is charge:
                    entry.charge = attrs.evolve(charge, amount_usd=amount, amount_source="reconciled")
                    del self._unknown[id(entry)]
                    self._count(entry)
                    if charge.balance_index is not None:
                        self._waiting_for_previous.pop(charge.balance_index, None)
                    return

    def cover(self, charge: Charge) -> None:
        """An unknown entry a reconciliation counted inside a lump: never learned or counted again."""
        with self._lock:
            for entry in list(self._unknown.values()):
                if entry.charge is charge:
                    entry.charge = attrs.evolve(charge, amount_source="reconciled")
                    del self._unknown[id(entry)]
                    if charge.balance_index is not None:
                        self._waiting_for_previous.pop(charge.balance_index, None)
                    return

    # -- reading ------------------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Charge, ...]:
        """Every charged response in arrival order, amounts known or not."""
        with self._lock:
            return tuple(e.charge for e in self._entries)

    @property
    def unknown(self) -> tuple[Charge, ...]:
        """Charged responses whose amount is not known (yet)."""
        with self._lock:
            return tuple(e.charge for e in self._unknown.values())

    def unknown_entries(self) -> list[tuple[Charge, Hashable | None, int | None, int | None]]:
        """(charge, price key, sent, arrived) of each charge whose amount is not known."""
        with self._lock:
            return [(e.charge, e.key, e.sent_seq, e.arrived_seq) for e in self._unknown.values()]

    @property
    def total_usd(self) -> Decimal:
        """The exact sum of every known amount."""
        with self._lock:
            return self._total

    def known_between(self, sent_after: int, arrived_before: int) -> Decimal:
        """Known amounts of requests sent after one event whose answers arrived before another.

        Such a request was billed after the first moment and before the second: a reconciliation
        subtracts exactly these from what the balance says was debited in between.
        """
        with self._lock:
            return sum_usd(
                e.charge.amount_usd
                for e in self._entries
                if e.charge.amount_usd is not None
                and e.sent_seq is not None
                and e.arrived_seq is not None
                and e.sent_seq > sent_after
                and e.arrived_seq < arrived_before
            )

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def totals_by_operation(self) -> dict[str, Decimal]:
        with self._lock:
            return dict(self._by_operation)

    @property
    def last_snapshot(self) -> Charge | None:
        """The charge with the highest ``balance_index`` seen so far (the newest balance)."""
        with self._lock:
            return self._last_snapshot

    @property
    def last_balance(self) -> Decimal | None:
        """The newest balance in USD (by ``balance_index``, so late responses cannot roll it back)."""
        snapshot = self.last_snapshot
        return None if snapshot is None else snapshot.balance_total_usd

    balance_usd = last_balance

    def price_of(self, key: Hashable) -> Decimal | None:
        """The last observed price of calls with this price key (None before the first)."""
        return self.prices_book.price_of(key)

    def remember_price(self, key: Hashable, amount: Decimal) -> None:
        """A price found elsewhere (a reconciliation): kept unless a charge already said one."""
        if self.prices_book.price_of(key) is None:
            self.prices_book.remember(key, amount)

    def prices(self) -> dict[Hashable, Decimal]:
        """The last observed price of each kind of call."""
        return self.prices_book.prices()

    def note_uncertain(self, operation: str, reason: str) -> UncertainCall:
        """A call that may have been billed with no charge seen (dropped, timed out, cancelled)."""
        call = UncertainCall(operation, reason)
        with self._lock:
            self._uncertain.append(call)
        return call

    @property
    def uncertain_calls(self) -> tuple[UncertainCall, ...]:
        """Calls that may have been billed though no charge was seen, in the order they ended."""
        with self._lock:
            return tuple(self._uncertain)

    # -- exports ------------------------------------------------------------------------------------

    def to_json(self, destination: str | os.PathLike[str] | IO[str] | None = None) -> str:
        """The ledger as JSON (amounts as exact strings); written atomically when given a path."""
        with self._lock:
            charges = [e.charge for e in self._entries]
            by_operation = dict(self._by_operation)
            total = self._total
            uncertain = list(self._uncertain)
        payload = {
            "total_usd": format(total, "f"),
            "unknown": sum(1 for c in charges if c.amount_usd is None),
            "by_operation": {k: format(v, "f") for k, v in by_operation.items()},
            "entries": [c.as_dict() for c in charges],
            "uncertain_calls": [u.as_dict() for u in uncertain],
        }
        text = json.dumps(payload, indent=2) + "\n"
        _write(destination, text)
        return text

    def to_csv(self, destination: str | os.PathLike[str] | IO[str] | None = None) -> str:
        """The ledger as CSV, one charge a row; written atomically when given a path.

        Ledgers are opened in spreadsheets, and ids come from the service: a text cell that
        starts like a formula (``=HYPERLINK(...)``, ``+1+cmd|...``) is written with a leading
        single quote, as OWASP's CSV-injection guidance says, so the sheet shows it as text.
        Rows end in CRLF (RFC 4180). Amounts and indexes are numbers this SDK formatted (``-0.25`` is a balance, not a
        formula): they are left as they are, so the sheet still adds them up.
        """
        buffer = io.StringIO()
        fields = list(Charge(operation="").as_dict())
        # RFC 4180's CRLF: the writer then quotes a cell holding either, so a CR inside an id
        # cannot start a row of its own (with a formula in its first cell) in a spreadsheet.
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        for charge in self.entries:
            writer.writerow(
                {
                    name: cell if isinstance(getattr(charge, name), (Decimal, int)) else _as_text_cell(cell)
                    for name, cell in charge.as_dict().items()
                }
            )
        text = buffer.getvalue()
        _write(destination, text)
        return text


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet read a cell as a formula when it comes first (OWASP, CSV injection)."""


def _as_text_cell(value: str | int | None) -> str | int | None:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_LEADS) else value


def _write(destination: str | os.PathLike[str] | IO[str] | None, text: str) -> None:
    if destination is None:
        return
    if isinstance(destination, (str, os.PathLike)):
        atomic_write_bytes(Path(destination), text.encode("utf-8"))
    else:
        destination.write(text)
