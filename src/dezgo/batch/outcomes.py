"""What a failed call means for a batch job: re-queue it, list it, or stop the run.

The money rules are not here: whether an answer proves the job was not billed is
``dezgo._retry``'s to say (the one policy the client follows too), and how long to wait
before trying again as well. This module only sorts errors into what the batch does:

- ``unsent``: provably not billed (connection refused, DNS, 429 or 502/503 with no
  billing header): the job goes back to the queue and counts against the service's retries;
- ``uncertain``: may have been billed (the request left and no image came back, a 5xx
  other than 502/503, or any answer carrying billing headers, including a 429):
  listed, never re-sent silently;
- ``failed``: the service refused the job without charging it (4xx): listed, re-sent on
  a re-run;
- ``refused``: the service refuses every job (401, 402, 403): the run stops;
- ``budget``: the client's budget refused to send it: the run stops.
"""

from __future__ import annotations

import errno
from typing import Literal

import attrs

from dezgo import _retry
from dezgo.billing import Charge
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    BudgetExceededError,
    InvalidRequestError,
)

__all__ = ["Outcome", "classify", "connection_reason"]

Kind = Literal["unsent", "uncertain", "failed", "refused", "budget"]
ACCOUNT_STATUSES = {
    401: "the service refused the API key",
    402: "the balance is too low",
    403: "this key may not run this operation",
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
    """A few words on why the service could not be reached, from the transport error."""
    import socket

    import httpx

    chain = _chain(exc)
    if any(isinstance(e, httpx.ConnectTimeout) for e in chain):
        return "connection timed out"
    if any(isinstance(e, httpx.PoolTimeout) for e in chain):
        return "no free connection (pool timeout)"
    if any(isinstance(e, httpx.TimeoutException) for e in chain):
        return "no answer within the timeout"
    if any(isinstance(e, httpx.RemoteProtocolError) for e in chain):
        return "the connection closed before the answer was complete"
    if any(isinstance(e, httpx.ReadError) for e in chain):
        return "the connection broke while the answer was read"
    if any(isinstance(e, httpx.UnsupportedProtocol) for e in chain):
        return "the base URL's scheme is not http or https"
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "the host name could not be resolved"
    for error in chain:
        if isinstance(error, OSError) and error.errno is not None:
            known = {
                errno.ECONNREFUSED: "connection refused",
                errno.ENETUNREACH: "network unreachable",
                errno.EHOSTUNREACH: "host unreachable",
                errno.ETIMEDOUT: "connection timed out",
                errno.ECONNRESET: "connection reset",
            }
            if error.errno in known:
                return known[error.errno]
    text = " ".join(str(e).lower() for e in chain)
    if "refused" in text:
        return "connection refused"
    if any(hint in text for hint in ("name or service", "nodename", "name resolution", "getaddrinfo")):
        return "the host name could not be resolved"
    cause = chain[1] if len(chain) > 1 else exc
    return f"cannot connect ({type(cause).__name__})"


def classify(exc: BaseException, *, operation: str, attempt: int, max_retries: int) -> Outcome:
    """What ``exc``, raised by a job's call, means for the job; ``attempt`` counts the service's
    failures in a row so far, against ``max_retries``."""
    import httpx

    if isinstance(exc, BudgetExceededError):
        return Outcome("budget", str(exc))
    if isinstance(exc, APIConnectionError):
        if exc.maybe_charged:
            reason = "no image came back after the request was sent (it may have been billed)"
            return Outcome("uncertain", f"{reason}: {connection_reason(exc)}", exc.charge)
        cause = exc.__cause__
        if isinstance(cause, httpx.UnsupportedProtocol):
            return Outcome("unsent", connection_reason(exc), retry_delay=None)
        delay = _retry.retry_delay(
            attempt=attempt,
            max_retries=max_retries,
            paid=True,
            exc=cause if isinstance(cause, Exception) else httpx.ConnectError(str(exc)),
        )
        return Outcome("unsent", connection_reason(exc), retry_delay=delay)
    if isinstance(exc, APIStatusError):
        status, headers = exc.status_code, exc.response.headers
        if _retry.status_proves_unbilled(status, headers):
            delay = _retry.retry_delay(
                attempt=attempt, max_retries=max_retries, paid=True, status=status, headers=headers
            )
            return Outcome("unsent", f"HTTP {status}", retry_delay=delay, throttled=status == 429)
        if _retry.started_a_job(headers):
            charge = Charge.from_headers(headers, operation=operation)
            if charge.charged:
                return Outcome("uncertain", f"HTTP {status} with a charge and no image", charge)
            return Outcome(
                "uncertain", f"HTTP {status} with billing headers: a job started (it may have been billed)"
            )
        if status in ACCOUNT_STATUSES:
            return Outcome("refused", f"HTTP {status}: {ACCOUNT_STATUSES[status]}")
        if 400 <= status < 500:
            return Outcome("failed", str(exc))
        return Outcome("uncertain", f"HTTP {status}: the job may have run and been billed")
    if isinstance(exc, InvalidRequestError):
        return Outcome("failed", str(exc))
    return Outcome("uncertain", f"{type(exc).__name__}: {str(exc)[:200]} (it may have been billed)")
