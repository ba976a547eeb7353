"""The batch's budget: a total for the OUT folder over every run, not a cap per process.

What was spent comes from the journal (every charge recorded by any run), plus an
estimate for attempts that may have been billed at an amount nobody saw (a crash or a
dropped connection after the request left): the price of the same kind of job when one
was seen, else the highest price seen, else nothing. The client of each run is given
only what remains; this module also gates each job before it is sent, because only the
journal knows prices from earlier runs:

- a job whose price is known (a job of the same kind, ``dezgo.billing.price_key``, was
  charged before) is sent only if spent + in flight + its price stays within the budget;
- a job whose price is not known yet is sent only while no other unpriced job is in
  flight, so at most one job can pass the budget, by at most its own price.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable
from decimal import Decimal

__all__ = ["Admission", "BatchBudget"]


class Admission(enum.Enum):
    GO = "go"
    WAIT = "wait"
    """Not now: jobs in flight will settle what it would cost; ask again when one finishes."""
    OVER = "over"


class BatchBudget:
    """What the batch may still spend, and what each job is expected to cost."""

    def __init__(
        self,
        limit_usd: Decimal | None,
        *,
        charged_usd: Decimal,
        prices: dict[Hashable, Decimal],
        unknown: Iterable[Hashable],
    ) -> None:
        self.limit_usd = limit_usd
        self.charged_usd = charged_usd
        self.prices = dict(prices)
        self.estimated_usd = sum((self.estimate(key) for key in unknown), Decimal(0))
        self.in_flight_usd = Decimal(0)
        self.unpriced_in_flight = 0
        self.in_flight = 0

    def estimate(self, key: Hashable) -> Decimal:
        """What a job of this kind probably cost when its charge was not seen."""
        known = self.prices.get(key)
        if known is not None:
            return known
        return max(self.prices.values(), default=Decimal(0))

    @property
    def spent_usd(self) -> Decimal:
        """Charged, plus the estimate for attempts that may have been billed unseen."""
        return self.charged_usd + self.estimated_usd

    @property
    def remaining_usd(self) -> Decimal | None:
        if self.limit_usd is None:
            return None
        return max(Decimal(0), self.limit_usd - self.spent_usd)

    def admit(self, key: Hashable) -> tuple[Admission, Decimal | None]:
        """May a job of this kind be sent now? On GO, the price held for it (None: unpriced),
        which ``settle`` must be given back when the job finishes."""
        price = self.prices.get(key)
        if self.limit_usd is not None:
            busy = self.in_flight > 0
            if self.spent_usd >= self.limit_usd:
                return (Admission.WAIT if busy else Admission.OVER), None
            if price is None:
                if self.unpriced_in_flight > 0 or self.spent_usd + self.in_flight_usd >= self.limit_usd:
                    return (Admission.WAIT if busy else Admission.OVER), None
            elif self.spent_usd + self.in_flight_usd + price > self.limit_usd:
                return (Admission.WAIT if busy else Admission.OVER), None
        self.in_flight += 1
        if price is None:
            self.unpriced_in_flight += 1
        else:
            self.in_flight_usd += price
        return Admission.GO, price

    def settle(
        self, key: Hashable, held_price: Decimal | None, *, charged: Decimal | None, maybe_billed: bool
    ) -> None:
        """A job admitted with ``held_price`` (None: unpriced) finished.

        ``charged``: the amount the service reported; otherwise ``maybe_billed`` says whether
        the job may have been billed unseen (it then counts at its estimate).
        """
        self.in_flight -= 1
        if held_price is None:
            self.unpriced_in_flight -= 1
        else:
            self.in_flight_usd -= held_price
        if charged is not None:
            self.charged_usd += charged
            self.prices[key] = charged
        elif maybe_billed:
            self.estimated_usd += self.estimate(key)

    def suggestion(self, keys: Iterable[Hashable]) -> Decimal | None:
        """A budget that would cover the jobs ``keys`` too, when all their prices are known."""
        if self.limit_usd is None:
            return None
        more = Decimal(0)
        for key in keys:
            price = self.prices.get(key)
            if price is None:
                return None
            more += price
        return self.spent_usd + more
