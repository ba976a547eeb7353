"""What a failed call means for a batch job: re-queue it, list it, or stop the run.

Nothing is re-derived here: every error the client raises says what happened to the
money (``APIError.outcome``) and how long the service asked to wait (``retry_after``),
and ``dezgo._retry.delay_after`` says whether, and when, a call may go again. This
module only maps that onto what the batch does:

- ``unsent``: provably not billed (not sent; a 429 or 502/503 with no billing header):
  the job goes back to the queue, after the delay the retry policy gives;
- ``uncertain``: may have been billed (the request left and no image came back, or any
  answer carrying billing headers): listed, never re-sent silently;
- ``failed``: the service refused the job without charging it (another 4xx), or the
  arguments were refused before sending: listed, re-sent on a re-run;
- ``refused``: the service refuses every job (401, 402, 403): the run stops;
- ``budget``: the budget refused to send it: the run stops.
"""

from __future__ import annotations

import errno
import socket
from typing import Literal

import attrs
import httpx

from dezgo import _retry
from dezgo.billing import Charge
from dezgo.errors import APIError, APIStatusError, BillingOutcome, BudgetExceededError, InvalidRequestError

__all__ = ["Outcome", "classify", "connection_reason"]

Kind = Literal["unsent", "uncertain", "failed", "refused", "budget"]
ACCOUNT_STATUSES = {
    401: "the service refused the API key",
    402: "the balance is too low",
    403: "this key may not run this operation",
}
THROTTLE_STATUSES = (429, *_retry.UNBILLED_RETRY_STATUSES)
_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ETIMEDOUT: "connection timed out",
    errno.ECONNRESET: "connection reset",
}


@attrs.frozen
class Outcome:
    kind: Kind
    reason: str
    """Short, for the progress line and the summary; never contains the key."""
    charge: Charge | None = None
    retry_delay: float | None = None
    """For ``unsent``: how long to wait before trying again, or None: do not (give up)."""
    throttled: bool = False


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def connection_reason(exc: BaseException) -> str:
    """A few words on why the service could not be reached, from the types of the transport error."""
    chain = _chain(exc)
    kinds: tuple[tuple[type[BaseException], str], ...] = (
        (httpx.ConnectTimeout, "connection timed out"),
        (httpx.PoolTimeout, "no free connection (pool timeout)"),
        (httpx.TimeoutException, "no answer within the timeout"),
        (httpx.RemoteProtocolError, "the connection closed before the answer was complete"),
        (httpx.ReadError, "the connection broke while the answer was read"),
        (httpx.UnsupportedProtocol, "the base URL's scheme is not http or https"),
        (socket.gaierror, "the host name could not be resolved"),
    )
    for kind, reason in kinds:
        if any(isinstance(e, kind) for e in chain):
            return reason
    for error in chain:
        if isinstance(error, OSError) and error.errno in _ERRNO_REASONS:
            return _ERRNO_REASONS[error.errno]
    cause = chain[1] if len(chain) > 1 else exc
    return f"cannot connect ({type(cause).__name__})"


def classify(exc: BaseException, *, attempt: int, max_retries: int) -> Outcome:
    """What ``exc``, raised by a job's call, means for the job; ``attempt`` counts the service's
    failures in a row so far, against ``max_retries``."""
    if isinstance(exc, BudgetExceededError):
        return Outcome("budget", str(exc))
    if isinstance(exc, InvalidRequestError):
        return Outcome("failed", str(exc))
    if not isinstance(exc, APIError):
        return Outcome("uncertain", f"{type(exc).__name__}: {str(exc)[:200]} (it may have been billed)")
    status = exc.status_code if isinstance(exc, APIStatusError) else None
    if exc.outcome is BillingOutcome.NOT_SENT:
        delay = _retry.delay_after(exc, attempt=attempt, max_retries=max_retries)
        if exc.__cause__ is not None and isinstance(exc.__cause__, httpx.UnsupportedProtocol):
            delay = None  # no retry fixes a scheme that is not http(s)
        return Outcome("unsent", connection_reason(exc), retry_delay=delay)
    if exc.outcome is BillingOutcome.REFUSED:
        if status in THROTTLE_STATUSES:
            delay = _retry.delay_after(exc, attempt=attempt, max_retries=max_retries)
            return Outcome("unsent", f"HTTP {status}", retry_delay=delay, throttled=status == 429)
        if status in ACCOUNT_STATUSES:
            return Outcome("refused", f"HTTP {status}: {ACCOUNT_STATUSES[status]}")
        return Outcome("failed", str(exc))
    charge = exc.charge if isinstance(exc.charge, Charge) else None
    if exc.outcome is BillingOutcome.CHARGED:
        where = f"HTTP {status}" if status is not None else "the answer"
        what = "a charge and no image" if charge is not None and charge.charged else "billing headers"
        return Outcome("uncertain", f"{where} with {what}: a job started (it may have been billed)", charge)
    if status is not None:
        return Outcome("uncertain", f"HTTP {status}: the job may have run and been billed", charge)
    reason = "no image came back after the request was sent (it may have been billed)"
    return Outcome("uncertain", f"{reason}: {connection_reason(exc)}", charge)
