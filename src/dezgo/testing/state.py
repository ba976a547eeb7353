"""The simulator's accounts and its server-side record of every charge.

This record is what tests compare the client's ledger against: it is what the
"service" actually billed, whatever reached the client.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import Counter
from decimal import Decimal

import attrs

__all__ = ["Account", "BilledJob", "SimState"]


@attrs.define
class Account:
    api_key: str = attrs.field(repr=False)
    user_id: str
    credits: Decimal
    debits: Decimal = Decimal(0)
    index: int = 1  # the top-up is transaction 1

    @property
    def balance(self) -> Decimal:
        return self.credits - self.debits


@attrs.frozen
class BilledJob:
    """One charge the simulator made, as the service's ledger would hold it."""

    operation: str
    amount_usd: Decimal
    balance_index: int
    balance_credits_usd: Decimal
    balance_debits_usd: Decimal
    balance_total_usd: Decimal
    user_id: str
    job_id: str
    at: dt.datetime


def new_api_key() -> str:
    return "DEZGO-" + secrets.token_hex(36).upper()  # the service's key shape: DEZGO-<72 hex>


class SimState:
    """Accounts, charges and request counts; safe to read from the test's thread."""

    def __init__(self, balance: Decimal, api_key: str | None = None) -> None:
        self.lock = threading.Lock()
        self.accounts: dict[str, Account] = {}
        self.charges: list[BilledJob] = []
        self.requests: Counter[str] = Counter()
        self.initial_balance = balance
        self.primary = self.add_account(balance, api_key)

    def add_account(self, balance: Decimal, api_key: str | None = None) -> Account:
        with self.lock:
            account = Account(
                api_key=api_key or new_api_key(),
                user_id=f"sim-user-{len(self.accounts) + 1}",
                credits=balance,
            )
            self.accounts[account.api_key] = account
            return account

    def bill(self, account: Account, operation: str, amount: Decimal, job_id: str) -> BilledJob | None:
        """Charge ``amount``; None (nothing charged) when the balance cannot cover it."""
        with self.lock:
            if account.balance < amount:
                return None
            account.debits += amount
            account.index += 1
            job = BilledJob(
                operation=operation,
                amount_usd=amount,
                balance_index=account.index,
                balance_credits_usd=account.credits,
                balance_debits_usd=account.debits,
                balance_total_usd=account.balance,
                user_id=account.user_id,
                job_id=job_id,
                at=dt.datetime.now(dt.timezone.utc),
            )
            self.charges.append(job)
            return job

    def last_charge(self, account: Account) -> BilledJob | None:
        with self.lock:
            for job in reversed(self.charges):
                if job.user_id == account.user_id:
                    return job
        return None

    def reset(self) -> None:
        with self.lock:
            self.charges.clear()
            self.requests.clear()
            for account in self.accounts.values():
                account.debits = Decimal(0)
                account.index = 1
            self.primary.credits = self.initial_balance
