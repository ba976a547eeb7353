"""The exception hierarchy: one class per failure a caller handles differently.

Every message says what to do next. No message, ``repr`` or attribute of these
exceptions contains the API key: requests are described by method and URL only.
"""

from __future__ import annotations

import enum
import json
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from decimal import Decimal

    import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BillingOutcome",
    "BudgetExceededError",
    "DezgoError",
    "FieldError",
    "InsufficientBalanceError",
    "InvalidAPIKeyError",
    "InvalidRequestError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SpecError",
    "UnexpectedResponseError",
    "UnprocessableRequestError",
    "UsageError",
    "money_words",
    "status_error_for",
]


class DezgoError(Exception):
    """Base class of every error this SDK raises on purpose."""


class MissingAPIKeyError(DezgoError):
    """Neither ``api_key=`` nor ``DEZGO_API_KEY`` gave a key."""


class InvalidAPIKeyError(DezgoError):
    """The key cannot be sent as an HTTP header (a space, a line break, a control character).

    Raised when the client is made, before anything is sent; the message says where the
    problem is and never repeats the key.
    """


class UsageError(DezgoError):
    """The client was used in a way that cannot work (for example from two event loops); nothing was sent."""


class SpecError(DezgoError):
    """A document is missing, unreadable, not JSON/YAML, or not OpenAPI 3.x."""


class InvalidRequestError(DezgoError, ValueError):
    """Raised locally, before any request is sent (so nothing is charged).

    ``field`` names the offending argument (``None`` when the problem is not
    about one field); ``reason`` says why.
    """

    def __init__(self, reason: str, *, field: str | None = None, operation: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.operation = operation
        where = f"{operation}(): " if operation else ""
        what = f"{field}: " if field else ""
        super().__init__(f"{where}{what}{reason}")


class BudgetExceededError(DezgoError):
    """The spending budget would be passed; the request was not sent."""

    def __init__(
        self, message: str, *, budget_usd: Decimal, spent_usd: Decimal, expected_usd: Decimal | None
    ) -> None:
        self.budget_usd = budget_usd
        self.spent_usd = spent_usd
        self.expected_usd = expected_usd
        super().__init__(message)


class BillingOutcome(enum.Enum):
    """What happened to the money when an API call failed: every ``APIError`` says which."""

    NOT_SENT = "not_sent"
    """The request never left this machine (connection refused, a name that does not resolve)."""
    REFUSED = "refused"
    """The service answered that it did not run the job, and billed nothing (a 4xx; a 429, 502 or
    503 without billing headers)."""
    FREE = "free"
    """The operation costs nothing (reading the balance, the catalogue, a job's status), whatever
    happened to the request."""
    MAYBE_CHARGED = "maybe_charged"
    """The request may have reached the service and the job may have run and been billed; nobody
    can tell yet (a dropped connection, a timeout, a 500 or 504, a cancelled call)."""
    CHARGED = "charged"
    """The answer carried billing headers: the job ran and was billed (``charge`` says how much,
    when the headers said)."""

    @property
    def maybe_charged(self) -> bool:
        return self in (BillingOutcome.MAYBE_CHARGED, BillingOutcome.CHARGED)


_MONEY_WORDS = {
    BillingOutcome.NOT_SENT: "the request was not sent; nothing was charged",
    BillingOutcome.REFUSED: "nothing was charged",
    BillingOutcome.FREE: "this operation is free",
    BillingOutcome.MAYBE_CHARGED: "the job may have run and been billed",
}


def money_words(outcome: BillingOutcome, charge: Any) -> str:
    """What an error message says of the money: one sentence, built from the outcome."""
    if outcome is BillingOutcome.CHARGED:
        return f"the service billed it ({charge})" if charge is not None else "the service billed it"
    return _MONEY_WORDS[outcome]


class APIError(DezgoError):
    """A call to the service failed: connection, timeout, status or an answer that is no result.

    Every one says what happened to the money (``outcome``, a ``BillingOutcome``; ``charge``
    with what the billing headers said, when they arrived) and, when the service advised one,
    how long to wait before trying again (``retry_after``, seconds). Set when the error is
    built, never patched afterwards.
    """

    def __init__(
        self,
        message: str,
        *,
        outcome: BillingOutcome = BillingOutcome.MAYBE_CHARGED,
        charge: Any = None,
        request: httpx.Request | None = None,
        operation: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.outcome = outcome
        self.charge = charge
        self.request = request
        self.operation = operation
        self.retry_after = retry_after
        super().__init__(message)

    @property
    def maybe_charged(self) -> bool:
        """True when a job may have run and been billed (or was): the call must not be re-sent blindly."""
        return self.outcome.maybe_charged

    @property
    def job_id(self) -> str | None:
        """The job's id, when the billing headers arrived before the failure."""
        return getattr(self.charge, "job_id", None)


class APIConnectionError(APIError):
    """The service could not be reached, or the connection broke mid-request."""


class APITimeoutError(APIConnectionError):
    """No response within the timeout. On a paid call the job may still have run."""


class FieldError(NamedTuple):
    """One entry of a FastAPI 422 ``detail`` list.

    A NamedTuple rather than an attrs class: this module is imported by every client, and
    attrs costs ~9 ms to import.
    """

    field: str
    message: str
    type: str = ""


class APIStatusError(APIError):
    """The service answered with a non-success status (or, ``UnexpectedResponseError``, a success
    whose body is no result)."""

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        outcome: BillingOutcome = BillingOutcome.REFUSED,
        charge: Any = None,
        operation: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        try:
            request: httpx.Request | None = response.request
        except RuntimeError:  # a response built by hand has none
            request = None
        super().__init__(
            message,
            outcome=outcome,
            charge=charge,
            request=request,
            operation=operation,
            retry_after=retry_after,
        )

    @property
    def job_id(self) -> str | None:
        """The ``x-dezgo-job-id`` the service sent with this answer, if any."""
        value = getattr(self.charge, "job_id", None) or self.response.headers.get("x-dezgo-job-id")
        return str(value)[:200] if value else None


class UnexpectedResponseError(APIStatusError):
    """A success status whose body is not a result: empty, an HTML page, bytes that are no image
    or video, JSON where a job ticket or a result should be.

    The call may well have been billed (``charge`` has what the headers said, and the outcome is
    at least ``MAYBE_CHARGED`` on a paid call); ``content`` keeps the bytes that arrived (up to
    ``MAX_KEPT_BYTES``), so nothing the service sent is lost.
    """

    MAX_KEPT_BYTES = 1024 * 1024

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        content: bytes,
        outcome: BillingOutcome,
        charge: Any = None,
        operation: str | None = None,
    ) -> None:
        super().__init__(
            message,
            response=response,
            body=content[:200],
            outcome=outcome,
            charge=charge,
            operation=operation,
        )
        self.content = content[: self.MAX_KEPT_BYTES]


class AuthenticationError(APIStatusError):
    """401: the key is missing, mistyped or revoked."""


class InsufficientBalanceError(APIStatusError):
    """402: the balance cannot cover the job; nothing was charged."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this operation."""


class NotFoundError(APIStatusError):
    """404: no such path, model or job."""


class UnprocessableRequestError(APIStatusError):
    """422: the service rejected a field. ``errors`` lists (field, message) pairs."""

    def __init__(self, message: str, *, errors: list[FieldError], **kwargs: Any) -> None:
        self.errors = errors
        super().__init__(message, **kwargs)


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the advised wait in seconds, if given."""


class ServerError(APIStatusError):
    """5xx: the service failed."""


_ADVICE: dict[int, tuple[type[APIStatusError], str]] = {
    400: (APIStatusError, "the service could not use a parameter; check the values sent"),
    401: (
        AuthenticationError,
        "check X-Dezgo-Key: set DEZGO_API_KEY or pass api_key=, and that the key is not revoked",
    ),
    402: (InsufficientBalanceError, "top up the account balance (nothing was charged for this request)"),
    403: (PermissionDeniedError, "this key may not use this operation"),
    404: (NotFoundError, "check the path, model id or job id"),
    422: (UnprocessableRequestError, "fix the fields listed"),
    429: (RateLimitError, "slow down; retry after the delay the service gave"),
}


def _parse_body(content: bytes) -> Any:
    try:
        return json.loads(content) if content else None
    except ValueError:
        return content[:500].decode("utf-8", "replace")


def _detail_text(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("detail", "message", "title", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    if isinstance(body, str):
        return body.strip()[:200]
    return ""


def parse_validation_errors(body: Any) -> list[FieldError]:
    """FastAPI's ``{"detail": [{"loc": ["body", "width"], "msg": ..., "type": ...}]}`` as pairs."""
    if not isinstance(body, dict) or not isinstance(body.get("detail"), list):
        return []
    out: list[FieldError] = []
    for item in body["detail"]:
        if not isinstance(item, dict):
            continue
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "query", "path", "header")]
        out.append(
            FieldError(".".join(loc) or "(request)", str(item.get("msg", "")), str(item.get("type", "")))
        )
    return out


def status_error_for(
    response: httpx.Response,
    *,
    body: bytes | None = None,
    operation: str | None = None,
    outcome: BillingOutcome = BillingOutcome.REFUSED,
    charge: Any = None,
) -> APIStatusError:
    """The typed error for a non-success answer (its body: ``body``, else the response's own), its
    message saying what to do and what it cost."""
    from dezgo._retry import retry_after_s

    parsed = _parse_body(response.content if body is None else body)
    status = response.status_code
    if status >= 500:
        cls: type[APIStatusError] = ServerError
        advice = "the service failed; try again later"
    else:
        cls, advice = _ADVICE.get(status, (APIStatusError, "unexpected status"))
    where = f"{operation}(): " if operation else ""
    detail = _detail_text(parsed)
    if 300 <= status < 400:
        advice = (
            "the service redirected the request; it was not followed, because the request carries "
            "your API key"
        )
    message = f"{where}HTTP {status}: {advice}"
    common: dict[str, Any] = {
        "response": response,
        "body": parsed,
        "outcome": outcome,
        "charge": charge,
        "operation": operation,
        "retry_after": retry_after_s(response.headers),
    }
    quiet = outcome is BillingOutcome.FREE or (outcome is BillingOutcome.REFUSED and status < 500)
    tail = "" if quiet else f"; {money_words(outcome, charge)}"
    if cls is UnprocessableRequestError:
        errors = parse_validation_errors(parsed)
        listed = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return UnprocessableRequestError(f"{message}: {listed or detail}{tail}", errors=errors, **common)
    if detail and not 300 <= status < 400:
        message = f"{message} (service said: {detail})"
    return cls(message + tail, **common)
