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

Fails closed: an admission that ends in any exception, cancellation included, stays
counted as maybe charged until a reconciliation settles it. A call that may still be
billed later (it timed out, was cancelled or interrupted, or a batch run that sent it was
killed) is not taken as free by a balance that has not moved yet: only once the job
could no longer be running (``settle_timeouts_after_s``). Copies made with
``with_limit`` (the client's ``with_options``) are caps over the same spending: each
counts the others' calls in flight.
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
    lingering: bool
    """It may still be billed later (timed out, cancelled, interrupted): a balance read soon after
    cannot prove it free."""


class _Spending:
    """What every cap over one ledger shares: calls in flight, possible charges, balances seen."""

    def __init__(self, ledger: Ledger, already_spent: Decimal) -> None:
        self.ledger = ledger
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.seq = itertools.count(1)
        self.in_flight = Decimal(0)
        self.unpriced_busy = False
        self.open = 0  # admitted calls not finished yet, priced or not
        self.last_finished = 0  # the event at which the latest admitted call finished
        self.exposures: list[_Exposure] = []
        self.reconciled = already_spent  # earlier runs' charges, then what reconciliations found
        self.balances: list[tuple[int, Decimal]] = []  # (seq, total balance), in seq order


_WAIT = object()


class Budget:
    """A spending cap checked before every paid call (see the module docs for what it counts)."""

    def __init__(
        self,
        limit_usd: str | Decimal | int,
        *,
        ledger: Ledger | None = None,
        settle_timeouts_after_s: float = SETTLE_TIMEOUTS_AFTER_S,
        already_spent_usd: Decimal = Decimal(0),
        _spending: _Spending | None = None,
    ) -> None:
        """``already_spent_usd``: charges made before this budget (a batch's earlier runs)."""
        self.limit_usd = money(limit_usd, "budget_usd")
        if _spending is None:
            _spending = _Spending(ledger if ledger is not None else Ledger(), already_spent_usd)
        self._s = _spending
        self.ledger = _spending.ledger
        self.settle_timeouts_after_s = settle_timeouts_after_s

    def with_limit(self, limit_usd: str | Decimal | int) -> Budget:
        """Another cap over the same spending: it counts this budget's calls in flight, and this its."""
        return Budget(limit_usd, settle_timeouts_after_s=self.settle_timeouts_after_s, _spending=self._s)

    # -- what was spent -----------------------------------------------------------------------------

    def _assess(self) -> tuple[Decimal, int]:
        """(spent, how many charges cannot be priced at all); call with the lock held."""
        parts = [self.ledger.total_usd, self._s.reconciled]
        unpriced = 0
        for _, key, _, _ in self.ledger.unknown_entries():
            estimate = self.ledger.price_of(key) if key is not None else None
            if estimate is None:
                unpriced += 1
            else:
                parts.append(estimate)
        for exposure in self._s.exposures:
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
        with self._s.lock:
            return self._assess()[0]

    @property
    def unpriced(self) -> int:
        """Charges (or possible charges) whose amount nobody knows yet; the budget is closed meanwhile."""
        with self._s.lock:
            return self._assess()[1]

    @property
    def uncertain_calls(self) -> int:
        """Calls that may have been charged and are not reconciled yet."""
        with self._s.lock:
            return len(self._s.exposures)

    @property
    def remaining_usd(self) -> Decimal:
        return max(Decimal(0), MONEY.subtract(self.limit_usd, self.spent_usd))

    # -- making room --------------------------------------------------------------------------------

    def tick(self) -> int:
        """The next event number: orders sends, answers and balance readings."""
        return next(self._s.seq)

    def needs_reconcile(self) -> bool:
        """A charge of unknown amount blocks every paid call until the balance explains it."""
        with self._s.lock:
            return self._assess()[1] > 0

    def needs_baseline(self, key: Hashable | None) -> bool:
        """This call cannot be priced and no balance has been seen to reconcile against later."""
        with self._s.lock:
            return not self._s.balances and (key is None or self.ledger.price_of(key) is None)

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
        with self._s.changed:
            while True:
                outcome = self._try(operation, key, expected_usd)
                if outcome is not _WAIT:
                    break
                self._s.changed.wait()
        assert isinstance(outcome, Reservation)
        return outcome

    async def areserve(
        self, operation: str, key: Hashable | None = None, *, expected_usd: Decimal | None = None
    ) -> Reservation:
        """``reserve`` for asyncio: waits without blocking the event loop."""
        import asyncio

        loop = asyncio.get_running_loop()
        while True:
            with self._s.lock:
                outcome = self._try(operation, key, expected_usd)
                if isinstance(outcome, Reservation):
                    return outcome
                future: asyncio.Future[None] = loop.create_future()
                self._s.async_waiters.append((loop, future))
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
        committed = add(spent, self._s.in_flight)
        if spent >= self.limit_usd:
            raise BudgetExceededError(
                f"{operation}(): budget of {self.limit_usd} USD reached ({spent} USD spent); nothing was sent",
                budget_usd=self.limit_usd,
                spent_usd=spent,
                expected_usd=expected,
            )
        if expected is None:
            if self._s.unpriced_busy:
                return _WAIT
            if committed >= self.limit_usd:
                raise BudgetExceededError(
                    f"{operation}(): calls in flight may use the rest of the budget of {self.limit_usd} USD "
                    f"({spent} USD spent, {self._s.in_flight} USD in flight) and this call has no known price; "
                    "nothing was sent",
                    budget_usd=self.limit_usd,
                    spent_usd=spent,
                    expected_usd=None,
                )
            self._s.unpriced_busy = True
            self._s.open += 1
            return Reservation(self, operation, key, None, self.tick())
        if add(committed, expected) > self.limit_usd:
            raise BudgetExceededError(
                f"{operation}(): this call is expected to cost {expected} USD, which would pass the budget of "
                f"{self.limit_usd} USD ({spent} USD spent, {self._s.in_flight} USD in flight); nothing was sent",
                budget_usd=self.limit_usd,
                spent_usd=spent,
                expected_usd=expected,
            )
        self._s.in_flight = add(self._s.in_flight, expected)
        self._s.open += 1
        return Reservation(self, operation, key, expected, self.tick())

    def _finish(self, reservation: Reservation, exposure: _Exposure | None) -> None:
        with self._s.lock:
            if reservation.held is None:
                self._s.unpriced_busy = False
            else:
                self._s.in_flight = MONEY.subtract(self._s.in_flight, reservation.held)
            self._s.open -= 1
            self._s.last_finished = next(self._s.seq)
            if exposure is not None:
                self._s.exposures.append(exposure)
            self._notify()

    def _notify(self) -> None:
        self._s.changed.notify_all()
        waiters, self._s.async_waiters = self._s.async_waiters, []
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that event loop is closed: its waiter went with it
                loop.call_soon_threadsafe(_wake, future)

    @property
    def last_balance_usd(self) -> Decimal | None:
        """The latest balance this budget has seen (the one a later reconciliation compares with)."""
        with self._s.lock:
            return self._s.balances[-1][1] if self._s.balances else None

    def expose(self, operation: str, key: Hashable | None, *, age_s: float = 0.0) -> None:
        """A call that may have been billed before this budget existed (a batch run killed after it
        sent it), sent after the balances observed so far: counted at its price, or closing the
        budget until a reconciliation explains it. ``age_s``: how long ago it was sent."""
        with self._s.lock:
            held = self.ledger.price_of(key) if key is not None else None
            sent = next(self._s.seq)
            self._s.exposures.append(
                _Exposure(operation, key, held, sent, next(self._s.seq), time.monotonic() - age_s, True)
            )

    # -- reconciling with the account --------------------------------------------------------------

    def observe_balance(self, total_usd: Decimal, seq: int | None = None) -> None:
        """The account's balance as read at event ``seq`` (a response's headers, /account/tx/last)."""
        with self._s.lock:
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
        with self._s.lock:
            self._observe(balance_usd, read_done)
            unknown = [
                (charge, sent)
                for charge, _, sent, arrived in self.ledger.unknown_entries()
                if sent is not None and arrived is not None and arrived < read_started
            ]
            exposures = [e for e in self._s.exposures if e.failed_seq < read_started]
            sent = [e.sent_seq for e in exposures] + [s for _, s in unknown]
            if not sent:
                return False
            first = min(sent)
            position = bisect.bisect_left(self._s.balances, first, key=lambda item: item[0])
            if position == 0:
                return False  # no balance was seen before they were sent: nothing to compare with
            base_seq, base_total = self._s.balances[position - 1]
            # Only what the ledger knows is subtracted. Amounts found by earlier reconciliations
            # are not: a lump may hold debits of calls that were still in flight and are in the
            # ledger now, and subtracting both would count less than was charged.
            since = self.ledger.known_between(base_seq, read_started)
            unexplained = MONEY.subtract(MONEY.subtract(base_total, balance_usd), since)
            # The debit is theirs alone only if no other call was out at any moment of the read: one
            # answered after the read began may have been billed before it, and is not subtracted.
            quiet = self._s.open == 0 and self._s.last_finished < read_started
            settled = self._settle(unexplained, exposures, [c for c, _ in unknown], quiet=quiet)
            if settled:
                self._notify()
            return settled

    def _observe(self, total_usd: Decimal, seq: int) -> None:
        bisect.insort(self._s.balances, (seq, total_usd), key=lambda item: item[0])

    def _settle(
        self, unexplained: Decimal, exposures: list[_Exposure], unknown: list[Charge], *, quiet: bool
    ) -> bool:
        now = time.monotonic()
        if unexplained <= 0:
            # Nothing was debited that the ledger does not explain: the possible charges did not
            # happen, except that a timed-out job may still finish and be billed later.
            done = [
                e for e in exposures if not e.lingering or now - e.failed_at >= self.settle_timeouts_after_s
            ]
            for exposure in done:
                self._s.exposures.remove(exposure)
            return bool(done)  # a certain charge of unknown amount is never taken as free
        # A timed-out call is never alone: its job may be billed after the read, and what the read
        # shows may be another call's debit that the balance before it had not caught up with.
        alone = len(exposures) + len(unknown) == 1 and not any(e.lingering for e in exposures)
        if alone and quiet and len(self._s.exposures) == len(exposures):
            if unknown:
                self.ledger.resolve(unknown[0], unexplained)
            else:
                self._s.exposures.remove(exposures[0])
                self._s.reconciled = add(self._s.reconciled, unexplained)
                if exposures[0].key is not None:  # it alone explains the debit: that is its price
                    self.ledger.remember_price(exposures[0].key, unexplained)
            return True
        # Several at once, or calls still in flight: one lump for all of them (never a price).
        # A timed-out call stays counted apart: its job may not have been billed yet when the
        # balance was read, and counting it twice is the safe error.
        self._s.reconciled = add(self._s.reconciled, unexplained)
        for charge in unknown:
            self.ledger.cover(charge)
        for exposure in exposures:
            if not exposure.lingering or now - exposure.failed_at >= self.settle_timeouts_after_s:
                self._s.exposures.remove(exposure)
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

    def uncertain(self, *, lingering: bool = False) -> None:
        """The call may have been charged (no answer, or one that does not say). ``lingering``: it may
        still be billed later (it timed out, was cancelled or interrupted)."""
        exposure = _Exposure(
            self.operation, self.key, self.held, self.seq, self.budget.tick(), time.monotonic(), lingering
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
        # Fails closed: whatever went wrong, the call may have been charged unless it said otherwise
        # (``release()`` before leaving the block).
        if exc is None:
            self.settle()
        else:
            self.uncertain(lingering=True)

    def __repr__(self) -> str:
        return f"<Reservation {self.operation} held={self.held}>"
