"""Money as exact decimals: parsing amounts the service sends, amounts users give, and adding them.

Amounts from the service are parsed from the header text straight into
``Decimal``, never through ``float``. What cannot be a real charge (not a
number, negative, infinite, beyond a million dollars, or finer than 1e-20 USD)
is "unknown", never a credit and never an exception: by the time a header is
read the money is spent, and the image must still reach the caller.

Arithmetic happens in one local context whose precision covers every sum of
such amounts exactly; its ``Inexact`` trap means a charge is never rounded away
in silence.
"""

from __future__ import annotations

import decimal
import logging
from collections.abc import Iterable
from decimal import Decimal

__all__ = ["MAX_AMOUNT_USD", "MONEY", "add", "money", "parse_amount", "recorded_amount", "sum_usd"]

logger = logging.getLogger("dezgo.billing")

MAX_AMOUNT_USD = Decimal(1_000_000)
"""A single charge above this is not believed: it is reported as unknown."""
MIN_EXPONENT = -20
"""Digits finer than 1e-20 USD are not believed either (a charge is not that precise)."""

# 12 digits above the point (sums beyond a trillion dollars) + 20 below + room for carries:
# any sum of parsed amounts is exact in 60 digits. Inexact is trapped, so a rounding would raise
# rather than lose money; by construction of parse_amount it never does.
MONEY = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-100,
    Emax=100,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Inexact, decimal.DivisionByZero],
)


def add(a: Decimal, b: Decimal) -> Decimal:
    return MONEY.add(a, b)


def sum_usd(values: Iterable[Decimal]) -> Decimal:
    """The exact sum (zero for none)."""
    result = Decimal(0)
    for value in values:
        result = MONEY.add(result, value)
    return result


def _believable(value: Decimal, *, signed: bool) -> bool:
    if not value.is_finite():
        return False
    if value.is_signed() and not signed and value != 0:
        return False
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < MIN_EXPONENT:
        return False
    return abs(value) <= MAX_AMOUNT_USD * (1_000_000 if signed else 1)


def parse_amount(text: str | None, *, header: str, signed: bool = False) -> Decimal | None:
    """An amount from a header's text, exactly; None (with a warning) when it is not believable.

    A header sent twice arrives joined by commas (``"0.0038, 0.0038"``): identical values count
    once, different ones contradict each other and make the amount unknown. ``signed`` allows
    a negative value (a balance may be overdrawn; a charge never is).
    """
    if text is None:
        return None
    values = {part.strip() for part in text.split(",")}
    if len(values) > 1:
        logger.warning("ignoring billing header %s: it was sent with different values %r", header, text[:80])
        return None
    (stripped,) = values
    try:
        value = MONEY.create_decimal(stripped) if stripped else None
    except (decimal.InvalidOperation, ValueError, decimal.Inexact, decimal.Overflow):
        value = None
    if value is None or not _believable(value, signed=signed):
        logger.warning("ignoring billing header %s: %r is not a believable amount in USD", header, text[:40])
        return None
    return MONEY.add(value, Decimal(0))  # -0 becomes 0; exact (Inexact is trapped)


def recorded_amount(value: object, what: str = "amount") -> Decimal:
    """A charge this SDK wrote down (in a batch journal), read back; ValueError when it is not one.

    The rules of ``parse_amount``, so that only what a header could have given is read: exact
    text, zero or more, at most a million dollars, nothing finer than 1e-20. Unlike a header,
    what breaks them is an error: the file was damaged or edited, and an amount like
    ``1E+999999999`` would overflow every sum (and ``1E-999999999`` print a billion digits).
    """
    if not isinstance(value, str):
        raise ValueError(f"{what} {str(value)[:40]!r} is not an amount in USD (not text)")
    try:
        amount = MONEY.create_decimal(value)
    except (decimal.InvalidOperation, decimal.Inexact, decimal.Overflow, ValueError):
        amount = None
    if amount is None or not _believable(amount, signed=False):
        raise ValueError(f"{what} {value[:40]!r} is not an amount in USD")
    return MONEY.add(amount, Decimal(0))


def money(value: str | Decimal | int, what: str) -> Decimal:
    """An amount a user gives (a budget, a balance): exact, finite, zero or more; raises otherwise."""
    if isinstance(value, (bool, float)):
        raise TypeError(
            f"{what} must be a str, Decimal or int, not {type(value).__name__}: binary floats cannot "
            f'hold cents exactly; write it as a string, e.g. {what}="1.00"'
        )
    if not isinstance(value, (str, Decimal, int)):
        raise TypeError(f"{what} must be a str, Decimal or int, not {type(value).__name__}")
    try:
        amount = MONEY.create_decimal(value.strip() if isinstance(value, str) else value)
    except (decimal.InvalidOperation, decimal.Inexact, decimal.Overflow, ValueError):
        raise ValueError(f"{what}={str(value)[:40]!r} is not an amount in USD, e.g. 0.50") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT_USD * 1_000_000:
        raise ValueError(f"{what} must be a finite amount of zero or more, not {str(value)[:40]!r}")
    return amount
