"""Money: exact charges from the billing headers, a ledger of them, and a budget that fails closed.

Dezgo bills per job and reports it in response headers (``x-dezgo-job-amount-usd``
and the ``x-dezgo-balance-*`` family). Amounts are parsed from the header text
straight into ``Decimal`` and added in a context that never rounds: ``0.1 + 0.2``
is ``0.3`` to the last digit when a pipeline adds up thousands of jobs.

One module a job: ``_amounts`` (parsing and adding money), ``_charge`` (what a
response says), ``_ledger`` (what a client was charged), ``_prices`` (what a call of
a kind costs, and the one price book), ``_budget`` (what it may still spend).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from dezgo.billing._amounts import money, parse_amount, sum_usd
from dezgo.billing._budget import Budget, BudgetClosedError, Reservation
from dezgo.billing._charge import BILLING_HEADERS, Charge
from dezgo.billing._ledger import Ledger, UncertainCall
from dezgo.billing._prices import (
    PRICE_NEUTRAL_ARGUMENTS,
    FilePrices,
    MemoryPrices,
    PriceBook,
    PriceKey,
    price_key,
)

__all__ = [
    "BILLING_HEADERS",
    "PRICE_NEUTRAL_ARGUMENTS",
    "Budget",
    "BudgetClosedError",
    "Charge",
    "FilePrices",
    "Ledger",
    "MemoryPrices",
    "PriceBook",
    "PriceKey",
    "Reservation",
    "UncertainCall",
    "money",
    "parse_amount",
    "price_key",
    "total",
]


def total(charges: Iterable[Charge]) -> Decimal:
    """The exact sum of the amounts of ``charges``."""
    return sum_usd(c.amount_usd for c in charges if c.amount_usd is not None)
