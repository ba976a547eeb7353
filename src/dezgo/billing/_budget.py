"""``Budget``: a spending cap that fails closed.

Before each paid call the budget either makes room for it or refuses it
(``BudgetExceededError``; nothing is sent). What it counts as spent:

* every charge the ledger knows, exactly;
* every charge whose amount is unknown (a missing or unbelievable header), at
  the price last seen for calls of the same kind;
* every call that *may* have been charged (the connection dropped, the read
  timed out, the body was cut, a gateway gave up), at the same expected price,
  until a reconciliation with the account's balance says otherwise.

A call of a kind never priced before cannot be priced in advance. While a
budget is set, at most one such call is in flight; others wait for its price.
So the cap can be passed by at most one call's price. If an unpriced call ends
"maybe charged", or is charged an unknown amount, nothing more is sent until a
reconciliation (the client does it with ``GET /account/tx/last``) tells how much
the account was debited; if it cannot, the budget stays closed and says why.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import threading
import time
from collections.abc import Hashable
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING

import attrs

from dezgo.billing._amounts import MONEY, add, money, sum_usd
from dezgo.billing._ledger import Ledger
from dezgo.errors import BudgetExceededError

if TYPE_CHECKING:
    import asyncio

    from dezgo.billing._charge import Charge

__all__ = ["Budget", "BudgetClosedError", "Reservation"]

SETTLE_TIMEOUTS_AFTER_S = 600.0
"""A timed-out call the balance never showed a charge for is taken as uncharged after this long."""


class BudgetClosedError(BudgetExceededError):
    """A call may have cost an amount nobody knows: the budget cannot tell what is left."""


@attrs.define
class _Exposure:
    """A call that may have been charged, with no amount reported."""

    operation: str
    key: Hashable | None
    held: Decimal | None
    sent_seq: int
    failed_seq: int
    failed_at: float
    timeout: bool


_WAIT = object()


class Budget:
    """A spending cap checked before every paid call (see the module docs for what it counts)."""

    def __init__(
        self,
        limit_usd: str | Decimal | int,
        *,
        ledger: Ledger | None = None,
        settle_timeouts_after_s: float = SETTLE_TIMEOUTS_AFTER_S,
    ) -> None:
        self.limit_usd = money(limit_usd, "budget_usd")
        self.ledger = ledger if ledger is not None else Ledger()
        self.settle_timeouts_after_s = settle_timeouts_after_s
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._seq = itertools.count(1)
        self._in_flight = Decimal(0)
        self._unpriced_busy = False
        self._exposures: list[_Exposure] = []
        self._reconciled = Decimal(0)  # what reconciliations found the account was debited for
        self._balances: list[tuple[int, Decimal]] = []  # (seq, total balance), in seq order

    # -- what was spent -----------------------------------------------------------------------------

    def _assess(self) -> tuple[Decimal, int]:
        """(spent, how many charges cannot be priced at all); call with the lock held."""
        parts = [self.ledger.total_usd, self._reconciled]
        unpriced = 0
        for _, key, _, _ in self.ledger.unknown_entries():
            estimate = self.ledger.price_of(key) if key is not None else None
            if estimate is None:
                unpriced += 1
            else:
                parts.append(estimate)
        for exposure in self._exposures:
            estimate = exposure.held
            if estimate is None and exposure.key is not None:
                estimate = self.ledger.price_of(exposure.key)
            if estimate is None:
                unpriced += 1
            else:
                parts.append(estimate)
        return sum_usd(parts), unpriced

    @property
    def spent_usd(self) -> Decimal:
        """Charged, plus the expected price of every charge or possible charge of unknown amount.

        A lower bound while ``unpriced`` is not zero.
        """
        with self._lock:
            return self._assess()[0]

    @property
    def unpriced(self) -> int:
        """Charges (or possible charges) whose amount nobody knows yet; the budget is closed meanwhile."""
        with self._lock:
            return self._assess()[1]

    @property
    def uncertain_calls(self) -> int:
        """Calls that may have been charged and are not reconciled yet."""
        with self._lock:
            return len(self._exposures)

    @property
    def remaining_usd(self) -> Decimal:
        return max(Decimal(0), MONEY.subtract(self.limit_usd, self.spent_usd))

    # -- making room --------------------------------------------------------------------------------

    def tick(self) -> int:
        """The next event number: orders sends, answers and balance readings."""
        return next(self._seq)

    def needs_reconcile(self) -> bool:
        """A charge of unknown amount blocks every paid call until the balance explains it."""
        with self._lock:
            return self._assess()[1] > 0

    def needs_baseline(self, key: Hashable | None) -> bool:
        """This call cannot be priced and no balance has been seen to reconcile against later."""
        with self._lock:
            return not self._balances and (key is None or self.ledger.price_of(key) is None)

    def reserve(
        self,
        operation: str,
        key: Hashable | None = None,
        *,
        expected_usd: Decimal | None = None,
    ) -> Reservation:
        """Claim room for one call, waiting while another call of unknown price is in flight.

        Raises BudgetExceededError (nothing to undo) when the call would pass the cap, and
        BudgetClosedError when an earlier charge of unknown amount is not reconciled.
        ``expected_usd`` is the caller's estimate for a call the ledger cannot price yet;
        an observed price wins.
        """
        with self._changed:
            while True:
                outcome = self._try(operation, key, expected_usd)
                if outcome is not _WAIT:
                    break
                self._changed.wait()
        assert isinstance(outcome, Reservation)
        return outcome

    async def areserve(
        self, operation: str, key: Hashable | None = None, *, expected_usd: Decimal | None = None
    ) -> Reservation:
        """``reserve`` for asyncio: waits without blocking the event loop."""
        import asyncio

        loop = asyncio.get_running_loop()
        while True:
            with self._lock:
                outcome = self._try(operation, key, expected_usd)
                if isinstance(outcome, Reservation):
                    return outcome
                future: asyncio.Future[None] = loop.create_future()
                self._async_waiters.append((loop, future))
            await future

    def _try(
        self, operation: str, key: Hashable | None, expected_usd: Decimal | None
    ) -> Reservation | object:
        spent, unpriced = self._assess()
        if unpriced:
            raise BudgetClosedError(
                f"{operation}(): an earlier call may have been charged an amount nobody reported, and the "
                f"account's balance has not explained it yet, so the budget of {self.limit_usd} USD cannot "
                "tell what is left; nothing was sent. Check the balance (client.balance()), then use a new "
                "client or budget",
                budget_usd=self.limit_usd,
                spent_usd=spent,
                expected_usd=None,
            )
        expected = self.ledger.price_of(key) if key is not None else None
        if expected is None:
            expected = expected_usd
        committed = add(spent, self._in_flight)
        if spent >= self.limit_usd:
            raise BudgetExceededError(
                f"{operation}(): budget of {self.limit_usd} USD reached ({spent} USD spent); nothing was sent",
                budget_usd=self.limit_usd,
                spent_usd=spent,
                expected_usd=expected,
            )
        if expected is None:
            if self._unpriced_busy:
                return _WAIT
            if committed >= self.limit_usd:
                raise BudgetExceededError(
                    f"{operation}(): calls in flight may use the rest of the budget of {self.limit_usd} USD "
                    f"({spent} USD spent, {self._in_flight} USD in flight) and this call has no known price; "
                    "nothing was sent",
                    budget_usd=self.limit_usd,
                    spent_usd=spent,
                    expected_usd=None,
                )
            self._unpriced_busy = True
            return Reservation(self, operation, key, None, self.tick())
        if add(committed, expected) > self.limit_usd:
            raise BudgetExceededError(
                f"{operation}(): this call is expected to cost {expected} USD, which would pass the budget of "
                f"{self.limit_usd} USD ({spent} USD spent, {self._in_flight} USD in flight); nothing was sent",
                budget_usd=self.limit_usd,
                spent_usd=spent,
                expected_usd=expected,
            )
        self._in_flight = add(self._in_flight, expected)
        return Reservation(self, operation, key, expected, self.tick())

    def _finish(self, reservation: Reservation, exposure: _Exposure | None) -> None:
        with self._lock:
            if reservation.held is None:
                self._unpriced_busy = False
            else:
                self._in_flight = MONEY.subtract(self._in_flight, reservation.held)
            if exposure is not None:
                self._exposures.append(exposure)
            self._notify()

    def _notify(self) -> None:
        self._changed.notify_all()
        waiters, self._async_waiters = self._async_waiters, []
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that event loop is closed: its waiter went with it
                loop.call_soon_threadsafe(_wake, future)

    # -- reconciling with the account --------------------------------------------------------------

    def observe_balance(self, total_usd: Decimal, seq: int | None = None) -> None:
        """The account's balance as read at event ``seq`` (a response's headers, /account/tx/last)."""
        with self._lock:
            self._observe(total_usd, seq if seq is not None else self.tick())

    def reconcile(self, balance_usd: Decimal, read_started: int, read_done: int) -> bool:
        """Explain charges of unknown amount with a balance read between two events; True if any settled.

        The account was debited ``base - balance`` since a balance seen before the first of them
        was sent. Subtracted from that: what the ledger knows of requests sent after the base and
        answered before the read began (billed in between for certain). The rest is theirs; it
        may include other clients' charges on the same key, calls still in flight, or amounts an
        earlier reconciliation already counted, so the budget then counts more, never less. A
        top-up in between makes it count less: that is the one way this errs, and the docs say so.
        """
        with self._lock:
            self._observe(balance_usd, read_done)
            unknown = [
                (charge, sent)
                for charge, _, sent, arrived in self.ledger.unknown_entries()
                if sent is not None and arrived is not None and arrived < read_started
            ]
            exposures = [e for e in self._exposures if e.failed_seq < read_started]
            sent = [e.sent_seq for e in exposures] + [s for _, s in unknown]
            if not sent:
                return False
            first = min(sent)
            position = bisect.bisect_left(self._balances, first, key=lambda item: item[0])
            if position == 0:
                return False  # no balance was seen before they were sent: nothing to compare with
            base_seq, base_total = self._balances[position - 1]
            # Only what the ledger knows is subtracted. Amounts found by earlier reconciliations
            # are not: a lump may hold debits of calls that were still in flight and are in the
            # ledger now, and subtracting both would count less than was charged.
            since = self.ledger.known_between(base_seq, read_started)
            unexplained = MONEY.subtract(MONEY.subtract(base_total, balance_usd), since)
            settled = self._settle(unexplained, exposures, [c for c, _ in unknown])
            if settled:
                self._notify()
            return settled

    def _observe(self, total_usd: Decimal, seq: int) -> None:
        bisect.insort(self._balances, (seq, total_usd), key=lambda item: item[0])

    def _settle(self, unexplained: Decimal, exposures: list[_Exposure], unknown: list[Charge]) -> bool:
        now = time.monotonic()
        if unexplained <= 0:
            # Nothing was debited that the ledger does not explain: the possible charges did not
            # happen, except that a timed-out job may still finish and be billed later.
            done = [
                e for e in exposures if not e.timeout or now - e.failed_at >= self.settle_timeouts_after_s
            ]
            for exposure in done:
                self._exposures.remove(exposure)
            return bool(done)  # a certain charge of unknown amount is never taken as free
        alone = len(exposures) + len(unknown) == 1
        if (
            alone
            and len(self._exposures) == len(exposures)
            and not self._in_flight
            and not self._unpriced_busy
        ):
            if unknown:
                self.ledger.resolve(unknown[0], unexplained)
            else:
                self._exposures.remove(exposures[0])
                self._reconciled = add(self._reconciled, unexplained)
                if exposures[0].key is not None:  # it alone explains the debit: that is its price
                    self.ledger.remember_price(exposures[0].key, unexplained)
            return True
        # Several at once, or calls still in flight: one lump for all of them (never a price).
        # A timed-out call stays counted apart: its job may not have been billed yet when the
        # balance was read, and counting it twice is the safe error.
        self._reconciled = add(self._reconciled, unexplained)
        for charge in unknown:
            self.ledger.cover(charge)
        for exposure in exposures:
            if not exposure.timeout or now - exposure.failed_at >= self.settle_timeouts_after_s:
                self._exposures.remove(exposure)
        return True

    def __repr__(self) -> str:
        return f"<Budget limit={self.limit_usd} USD spent={self.spent_usd} USD>"


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Reservation:
    """Room held in a Budget for one call in flight; finish it exactly once."""

    def __init__(
        self, budget: Budget, operation: str, key: Hashable | None, held: Decimal | None, seq: int
    ) -> None:
        self.budget = budget
        self.operation = operation
        self.key = key
        self.held = held
        """The expected price held for this call; None for a call of unknown price."""
        self.seq = seq
        self._done = False

    def settle(self, charge: Charge | None = None) -> None:
        """The service answered and the charge (if any) is in the ledger."""
        self._finish(None)

    def release(self) -> None:
        """The call failed in a way that proves nothing was charged."""
        self._finish(None)

    def uncertain(self, *, timeout: bool = False) -> None:
        """The call may have been charged (no answer, or one that does not say)."""
        exposure = _Exposure(
            self.operation, self.key, self.held, self.seq, self.budget.tick(), time.monotonic(), timeout
        )
        self._finish(exposure)

    def _finish(self, exposure: _Exposure | None) -> None:
        if not self._done:
            self._done = True
            self.budget._finish(self, exposure)

    def __enter__(self) -> Reservation:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.settle()
        else:
            self.release()

    def __repr__(self) -> str:
        return f"<Reservation {self.operation} held={self.held}>"
