"""Money: exact charges from the billing headers, a ledger of them, and a budget that fails closed.

Dezgo bills per job and reports it in response headers (``x-dezgo-job-amount-usd``
and the ``x-dezgo-balance-*`` family). Amounts are parsed from the header text
straight into ``Decimal`` and added in a context that never rounds: ``0.1 + 0.2``
is ``0.3`` to the last digit when a pipeline adds up thousands of jobs.

One module a job: ``_amounts`` (parsing and adding money), ``_charge`` (what a
response says), ``_ledger`` (what a client was charged), ``_budget`` (what it may
still spend).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from dezgo.billing._amounts import money, parse_amount, sum_usd
from dezgo.billing._budget import Budget, BudgetClosedError, Reservation
from dezgo.billing._charge import BILLING_HEADERS, Charge
from dezgo.billing._ledger import Ledger

__all__ = [
    "BILLING_HEADERS",
    "PRICE_ARGUMENTS",
    "Budget",
    "BudgetClosedError",
    "Charge",
    "Ledger",
    "Reservation",
    "money",
    "parse_amount",
    "price_key",
    "total",
]

# Arguments that change what a job costs (pixels and denoising work, and the model or
# upscale flag that change both). Prompts, seeds and images do not.
PRICE_ARGUMENTS = ("model", "width", "height", "steps", "upscale")


def price_key(operation: str, arguments: Mapping[str, Any]) -> Hashable:
    """What makes two calls cost the same: the operation and its size, steps, model and upscale."""
    return (operation, *((name, _hashable(arguments.get(name))) for name in PRICE_ARGUMENTS))


def _hashable(value: Any) -> Hashable:
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def total(charges: Iterable[Charge]) -> Decimal:
    """The exact sum of the amounts of ``charges``."""
    return sum_usd(c.amount_usd for c in charges if c.amount_usd is not None)
