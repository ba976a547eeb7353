"""``Charge``: what one response says about money, read from its billing headers.

Reading never raises: a header that is missing, malformed, duplicated with
different values, negative or absurd becomes ``None`` with a warning naming
it. The response that carried it still reaches the caller with its image.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from dezgo._constants import AMOUNT_HEADER, BALANCE_HEADERS, INDEX_HEADER, JOB_ID_HEADER, USER_HEADER
from dezgo.billing._amounts import parse_amount

__all__ = ["BILLING_HEADERS", "AmountSource", "Charge"]

logger = logging.getLogger("dezgo.billing")

BILLING_HEADERS = {"amount_usd": AMOUNT_HEADER, **BALANCE_HEADERS}
AmountSource = Literal["header", "balance", "reconciled", "unknown"]
MAX_INDEX = 2**63


def _header_text(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value; repeated headers joined with ", " (as HTTP allows), any case."""
    get_list = getattr(headers, "get_list", None)
    if get_list is not None:  # httpx.Headers keeps every occurrence
        values: list[str] = get_list(name)
        return ", ".join(values) if values else None
    for key, value in headers.items():
        if str(key).lower() == name:
            return str(value)
    return None


def _parse_index(text: str | None) -> int | None:
    if text is None:
        return None
    values = {part.strip() for part in text.split(",")}
    (value, *rest) = values
    if rest or not value.isdigit() or len(value) > 19 or int(value) >= MAX_INDEX:
        logger.warning("ignoring billing header %s: %r is not an index", INDEX_HEADER, text[:40])
        return None
    return int(value)


def _short_text(text: str | None) -> str | None:
    """Ids as the service sent them, bounded (a hostile header must not flood a ledger export)."""
    if text is None:
        return None
    if not text.isprintable():
        text = "".join(c for c in text if c.isprintable())
    return text[:200]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@attrs.frozen
class Charge:
    """This job's price and the account's balance after it, as one response reported them."""

    operation: str
    amount_usd: Decimal | None = None
    balance_credits_usd: Decimal | None = None
    balance_debits_usd: Decimal | None = None
    balance_total_usd: Decimal | None = None
    balance_index: int | None = None
    user_id: str | None = None
    job_id: str | None = None
    at: dt.datetime = attrs.field(factory=_utcnow)
    amount_source: AmountSource = "header"
    """Where ``amount_usd`` came from: the amount header, the balance headers (the debits
    since the previous transaction), a reconciliation with the account, or nowhere."""

    @classmethod
    def from_headers(
        cls, headers: Mapping[str, str], *, operation: str, at: dt.datetime | None = None
    ) -> Charge:
        """Read the billing headers (any case, repeated or not); never raises."""
        amount = parse_amount(_header_text(headers, AMOUNT_HEADER), header=AMOUNT_HEADER)
        balances: dict[str, Any] = {
            field: parse_amount(_header_text(headers, name), header=name, signed=field == "balance_total_usd")
            for field, name in BALANCE_HEADERS.items()
        }
        return cls(
            operation=operation,
            amount_usd=amount,
            balance_index=_parse_index(_header_text(headers, INDEX_HEADER)),
            user_id=_short_text(_header_text(headers, USER_HEADER)),
            job_id=_short_text(_header_text(headers, JOB_ID_HEADER)),
            at=at if at is not None else _utcnow(),
            amount_source="header" if amount is not None else "unknown",
            **balances,
        )

    @property
    def charged(self) -> bool:
        """The amount of this job is known (from the header, or learned later)."""
        return self.amount_usd is not None

    @property
    def reports_billing(self) -> bool:
        """The response carried any billing information at all."""
        return any(
            v is not None
            for v in (self.amount_usd, self.balance_total_usd, self.balance_debits_usd, self.balance_index)
        )

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
            "amount_source": self.amount_source,
            "balance_credits_usd": _text(self.balance_credits_usd),
            "balance_debits_usd": _text(self.balance_debits_usd),
            "balance_total_usd": _text(self.balance_total_usd),
            "balance_index": self.balance_index,
            "user_id": self.user_id,
            "job_id": self.job_id,
            "at": self.at.isoformat(),
        }
