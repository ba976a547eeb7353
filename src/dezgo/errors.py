"""The exception hierarchy: one class per failure a caller handles differently.

Every message says what to do next. No message, ``repr`` or attribute of these
exceptions contains the API key: requests are described by method and URL only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from decimal import Decimal

    import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
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


class InvalidRequestError(DezgoError):
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


class APIConnectionError(DezgoError):
    """The service could not be reached, or the connection broke mid-request."""

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, maybe_charged: bool = False
    ) -> None:
        self.request = request
        # True when the request may have reached the service: a paid job may have run
        # and been billed even though no response arrived.
        self.maybe_charged = maybe_charged
        # The charge read from the response headers when they arrived before the failure.
        self.charge: Any = None
        super().__init__(message)

    @property
    def job_id(self) -> str | None:
        """The job's id, when the response headers arrived before the failure."""
        return getattr(self.charge, "job_id", None)


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


class APIStatusError(DezgoError):
    """The service answered with a non-success status."""

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        # A paid call whose error answer does not prove that nothing ran (500, 504, ...), or
        # that carries a charge: the job may have been billed. ``charge`` has what it reported.
        self.maybe_charged = False
        self.charge: Any = None
        super().__init__(message)

    @property
    def job_id(self) -> str | None:
        """The ``x-dezgo-job-id`` the service sent with this answer, if any."""
        value = self.response.headers.get("x-dezgo-job-id")
        return value[:200] if value else None


class UnexpectedResponseError(APIStatusError):
    """A success status whose body is not a result: empty, an HTML page, bytes that are no image
    or video, JSON where a job ticket or a result should be.

    The call may well have been billed (``charge`` has what the headers said, and
    ``maybe_charged`` is True on a paid call); ``content`` keeps the bytes that arrived (up to
    ``MAX_KEPT_BYTES``), so nothing the service sent is lost.
    """

    MAX_KEPT_BYTES = 1024 * 1024

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        content: bytes,
        charge: Any = None,
        maybe_charged: bool = False,
    ) -> None:
        super().__init__(message, response=response, body=content[:200])
        self.content = content[: self.MAX_KEPT_BYTES]
        self.charge = charge
        self.maybe_charged = maybe_charged or charge is not None


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

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any, errors: list[FieldError]
    ) -> None:
        self.errors = errors
        super().__init__(message, response=response, body=body)


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the advised wait in seconds, if given."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any, retry_after: float | None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, response=response, body=body)


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


def _parse_body(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError:
        return response.text[:500]


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


def status_error_for(response: httpx.Response, *, operation: str | None = None) -> APIStatusError:
    """Build the typed error for a non-success response."""
    body = _parse_body(response)
    status = response.status_code
    if status >= 500:
        cls: type[APIStatusError] = ServerError
        advice = "the service failed; try again later"
    else:
        cls, advice = _ADVICE.get(status, (APIStatusError, "unexpected status"))
    where = f"{operation}(): " if operation else ""
    detail = _detail_text(body)
    message = f"{where}HTTP {status}: {advice}"
    if cls is UnprocessableRequestError:
        errors = parse_validation_errors(body)
        listed = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return UnprocessableRequestError(
            f"{message}: {listed or detail}", response=response, body=body, errors=errors
        )
    if detail:
        message = f"{message} (service said: {detail})"
    if cls is RateLimitError:
        from dezgo._retry import retry_after_s

        return RateLimitError(
            message, response=response, body=body, retry_after=retry_after_s(response.headers)
        )
    return cls(message, response=response, body=body)
