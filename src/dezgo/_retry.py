"""The one retry and billing-safety policy: when a call may be sent again, and how long to wait.

Dezgo bills per job, so a retry is only safe when the service provably did not
do the work: the request never left (connection refused, DNS), or the answer
says nothing ran and carries no charge (429, or a 502/503/504 without a billing
header). Everything else on a paid call is surfaced to the caller as "may have
been charged", never silently re-sent. The client and ``dezgo batch`` both ask
this module; neither keeps a rule of its own.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Final

from dezgo._constants import JOB_STARTED_HEADERS

if TYPE_CHECKING:
    from dezgo.errors import APIError

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "FREE_RETRY_STATUSES",
    "INITIAL_BACKOFF_S",
    "MAX_BACKOFF_S",
    "MAX_RETRY_AFTER_S",
    "UNBILLED_RETRY_STATUSES",
    "backoff_s",
    "delay_after",
    "not_sent",
    "retry_after_s",
    "retry_delay",
    "started_a_job",
    "status_proves_unbilled",
]

DEFAULT_MAX_RETRIES: Final = 2
INITIAL_BACKOFF_S: Final = 0.5
"""The first backoff; it doubles with each attempt, with jitter (50-100%)."""
MAX_BACKOFF_S: Final = 8.0
MAX_RETRY_AFTER_S: Final = 60.0
"""A ``Retry-After`` longer than this is not waited for: the error reaches the caller."""
UNBILLED_RETRY_STATUSES: Final = frozenset({502, 503})
"""Gateway statuses that say the job did not run (when they carry no charge). A 504 is not
one of them: a gateway that gave up waiting may have left a job running, and billed."""
FREE_RETRY_STATUSES: Final = frozenset({502, 503, 504})
"""Statuses retried on free operations, where a second request costs nothing."""


def backoff_s(attempt: int) -> float:
    """Exponential backoff with jitter for the ``attempt``-th retry (0-based)."""
    return min(MAX_BACKOFF_S, INITIAL_BACKOFF_S * 2.0**attempt) * random.uniform(0.5, 1.0)


def retry_after_s(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
    if seconds != seconds or seconds == float("inf"):
        return None
    return max(0.0, seconds)


def not_sent(exc: BaseException) -> bool:
    """The transport error happened before the request could reach the service."""
    import httpx

    # LocalProtocolError: our side refused to write the request (h11 checks it before sending).
    return isinstance(
        exc,
        (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.UnsupportedProtocol,
            httpx.LocalProtocolError,
        ),
    )


def started_a_job(headers: Mapping[str, str]) -> bool:
    """The answer carries billing headers: a job ran (and may have been billed), whatever the status."""
    return any(name in headers for name in JOB_STARTED_HEADERS)


def status_proves_unbilled(status: int, headers: Mapping[str, str]) -> bool:
    """The answer says the job did not run: 429, or a 502/503, with no billing header at all."""
    if started_a_job(headers):
        return False
    return status == 429 or status in UNBILLED_RETRY_STATUSES


def retry_delay(
    *,
    attempt: int,
    max_retries: int,
    paid: bool,
    retry_unsafe: bool = False,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    exc: BaseException | None = None,
) -> float | None:
    """Seconds to wait before sending the call again, or None: do not retry.

    Give either ``exc`` (the request failed in transport) or ``status`` and ``headers``.
    """
    if attempt >= max_retries:
        return None
    if exc is not None:
        if not not_sent(exc) and paid and not retry_unsafe:
            return None
        return backoff_s(attempt)
    assert status is not None
    assert headers is not None
    free_retry = not paid and status in FREE_RETRY_STATUSES and not started_a_job(headers)
    if not (status_proves_unbilled(status, headers) or free_retry):
        return None
    if status == 429:
        advised = retry_after_s(headers)
        if advised is None:
            return backoff_s(attempt)
        return advised if advised <= MAX_RETRY_AFTER_S else None
    return backoff_s(attempt)


def delay_after(error: APIError, *, attempt: int, max_retries: int) -> float | None:
    """Seconds to wait before sending a failed call again, read from what its error says happened
    to the money (``dezgo batch`` re-queues a job with this); None: do not send it again.

    The same rule as ``retry_delay``: only what provably did not run, and a 429's Retry-After
    when it is not too long."""
    from dezgo.errors import APIStatusError, BillingOutcome

    if attempt >= max_retries:
        return None
    if error.outcome is BillingOutcome.NOT_SENT:
        return backoff_s(attempt)
    status = error.status_code if isinstance(error, APIStatusError) else None
    if error.outcome is not BillingOutcome.REFUSED or status not in (429, *UNBILLED_RETRY_STATUSES):
        return None
    if status == 429 and error.retry_after is not None:
        return error.retry_after if error.retry_after <= MAX_RETRY_AFTER_S else None
    return backoff_s(attempt)
