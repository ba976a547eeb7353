"""Facade test helpers."""

from __future__ import annotations

import pytest


def billing_headers(amount: str = "0.0038", *, index: int = 2, total: str = "4.9962") -> dict[str, str]:
    return {
        "x-dezgo-job-amount-usd": amount,
        "x-dezgo-balance-credits-usd": "5.00",
        "x-dezgo-balance-debits-usd": "0.0038",
        "x-dezgo-balance-total-usd": total,
        "x-dezgo-balance-index": str(index),
        "x-dezgo-auth-userid": "user-1",
        "x-input-seed": "42",
    }


@pytest.fixture
def headers_for_billing():
    return billing_headers
