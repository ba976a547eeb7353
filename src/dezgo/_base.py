"""What ``Dezgo`` and ``AsyncDezgo`` share: everything but the I/O.

A call goes: arguments checked and a request built (``_arguments``, which asks
``_wire`` and so the generated client), room made in the budget, the request
sent by the I/O half, the charge read from the headers before the body, the
retry policy asked (``_retry``), and the result made (``Image``, ``Video`` or a
typed JSON result). Whatever happens, the budget is told whether the call was
charged, not charged, or may have been charged.

Only what every client needs at import time is imported here: the spec, the
billing code, the images and the argument checks load when the first client
is made, so ``from dezgo import Dezgo`` stays cheap.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from dezgo import _retry
from dezgo._constants import (
    DEFAULT_BASE_URL,
    JOB_ID_HEADER,
    KEY_HEADER,
    MEDIA_TYPES,
    RAPIDAPI_BASE_URL,
    RAPIDAPI_HOST,
    RAPIDAPI_HOST_HEADER,
    RAPIDAPI_KEY_HEADER,
    USER_AGENT,
    Encoding,
)
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    DezgoError,
    InvalidAPIKeyError,
    MissingAPIKeyError,
    status_error_for,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from dezgo._arguments import Prepared
    from dezgo._spec import Operation
    from dezgo.billing import Budget, Charge, Ledger, Reservation

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "CallState", "Encoding", "check_api_key"]

logger = logging.getLogger("dezgo")

DEFAULT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)  # generation is slow and synchronous
MAX_KEY_LENGTH = 4096

HttpT = TypeVar("HttpT", bound="httpx.Client | httpx.AsyncClient")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


def _mask(key: str) -> str:
    return f"***{key[-4:]}" if len(key) >= 12 else "***"


def _describe(char: str) -> str:
    if char in "\r\n":
        return "a line break (a key file with more than one line?)"
    if char.isspace():
        return "a space" if char == " " else "a whitespace character"
    if not char.isprintable():
        return "a control character"
    return "a non-ASCII character"


def check_api_key(key: str, where: str = "the API key") -> str:
    """The key, if it can travel in an HTTP header; InvalidAPIKeyError otherwise (never echoing it)."""
    if not isinstance(key, str):
        raise InvalidAPIKeyError(f"{where} must be a str, not {type(key).__name__}")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidAPIKeyError(f"{where} is {len(key)} characters long; a Dezgo key is under 100")
    for position, char in enumerate(key, start=1):
        if not (char.isprintable() and not char.isspace() and ord(char) < 127):
            raise InvalidAPIKeyError(
                f"{where} has {_describe(char)} at position {position} of {len(key)}; keys are printable "
                "ASCII without spaces (copy it again from the 'API Keys' page of your Dezgo dashboard)"
            )
    return key


class CallState:
    """What is known about one call while it runs: whether a request may have left, what it cost."""

    __slots__ = ("charge", "sent")

    def __init__(self) -> None:
        self.sent = False
        self.charge: Charge | None = None


class _Shared:
    """What a client and the copies ``with_options`` makes share: the ledger, the operations, the loop."""

    def __init__(self, ledger: Ledger, operations: Mapping[str, Operation]) -> None:
        self.ledger = ledger
        self.operations = operations
        self.http: Any = None
        self.loop_ref: Any = None  # a weak reference to the event loop AsyncDezgo's connections belong to
        self.lock = threading.Lock()


class BaseClient(Generic[HttpT]):
    """Configuration and the I/O-free half of every call.

    Generic in the httpx client it drives, so ``Dezgo`` and ``AsyncDezgo`` share one
    constructor (and one signature to document) and differ only in their I/O methods.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = _retry.DEFAULT_MAX_RETRIES,
        budget_usd: str | Decimal | int | None = None,
        encoding: Encoding | None = None,
        retry_unsafe: bool = False,
        poll_interval: float = 1.0,
        job_timeout: float = 600.0,
        http_client: HttpT | None = None,
        rapidapi: bool = False,
        strict: bool = False,
    ) -> None:
        """Keyword arguments:

        - ``api_key``: default ``$DEZGO_API_KEY``; ``MissingAPIKeyError`` when neither is set,
          ``InvalidAPIKeyError`` when it holds a space, a line break or a control character.
        - ``base_url``: default ``$DEZGO_BASE_URL``, else ``https://api.dezgo.com``.
        - ``timeout``: seconds or an ``httpx.Timeout``; default 300 s to read (generation is
          slow), 10 s to connect.
        - ``max_retries``: retries of failures that cannot have charged (connect errors, 429 and
          502/503 without a charge header), with backoff and jitter, honouring Retry-After.
        - ``budget_usd``: a spending cap that fails closed (str, Decimal or int; never float).
        - ``encoding``: ``"json"`` (base64 images), ``"multipart"`` or ``"form"``; by default JSON
          where the operation takes it (the service recommends it), else multipart, else form.
        - ``retry_unsafe``: also retry read timeouts and dropped connections on paid calls,
          which may charge twice.
        - ``poll_interval`` / ``job_timeout``: for operations that answer with a job ticket.
        - ``http_client``: your own ``httpx.Client`` (``httpx.AsyncClient`` for ``AsyncDezgo``)
          for proxies or custom transports; it is left open on ``close()``. Requests that carry
          the key never follow redirects, whatever the client is configured to do.
        - ``rapidapi``: use the legacy RapidAPI route (see ``rapidapi()``).
        - ``strict``: also refuse values that break constraints the spec only guesses (evidence
          L or G); by default those are sent, with a ``WeakEvidenceWarning`` (see docs/validation.md).
        """
        from dezgo._spec import by_name, pinned_operations
        from dezgo.billing import Budget, Ledger

        where = "the X-RapidAPI-Key" if rapidapi else "DEZGO_API_KEY"
        key = api_key if api_key is not None else os.environ.get("DEZGO_API_KEY")
        if not key:
            raise MissingAPIKeyError(
                f"no Dezgo API key: set {where} in the environment or pass api_key=... "
                "(create one under 'API Keys' in your Dezgo dashboard)"
            )
        self._api_key = check_api_key(key, "api_key" if api_key is not None else where)
        self._rapidapi = rapidapi
        fallback = RAPIDAPI_BASE_URL if rapidapi else (os.environ.get("DEZGO_BASE_URL") or DEFAULT_BASE_URL)
        self.base_url = (base_url or fallback).rstrip("/")
        self.timeout = self._as_timeout(timeout)
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if encoding is not None and encoding not in MEDIA_TYPES:
            raise ValueError(f"encoding must be one of {', '.join(MEDIA_TYPES)}, not {encoding!r}")
        self.max_retries = max_retries
        self.strict = strict
        self.encoding: Encoding | None = encoding
        self.retry_unsafe = retry_unsafe
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self._shared = _Shared(Ledger(), by_name(pinned_operations()))
        self.budget: Budget | None = (
            Budget(budget_usd, ledger=self.ledger, settle_timeouts_after_s=job_timeout)
            if budget_usd is not None
            else None
        )
        self._default_headers = {"User-Agent": USER_AGENT}
        self._owns_http = http_client is None
        self._shared.http = http_client if http_client is not None else self._new_http_client()

    @staticmethod
    def _as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
        if isinstance(timeout, httpx.Timeout):
            return timeout
        return DEFAULT_TIMEOUT if timeout is None else httpx.Timeout(timeout)

    def _new_http_client(self) -> HttpT:
        raise NotImplementedError

    @classmethod
    def rapidapi(cls: type[ClientT], key: str | None = None, **kwargs: Any) -> ClientT:
        """A client for the legacy RapidAPI route (``X-RapidAPI-Key``; no new features there)."""
        return cls(api_key=key, rapidapi=True, **kwargs)

    @property
    def _http(self) -> HttpT:
        http: HttpT = self._shared.http
        return http

    @property
    def ledger(self) -> Ledger:
        """Every charge this client (and its ``with_options`` copies) received."""
        return self._shared.ledger

    @property
    def _operations(self) -> Mapping[str, Operation]:
        return self._shared.operations

    def with_options(
        self: ClientT,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        budget_usd: str | Decimal | int | None = None,
        encoding: Encoding | None = None,
        retry_unsafe: bool | None = None,
    ) -> ClientT:
        """A copy with other options that shares this client's connections and ledger.

        ``client.with_options(timeout=30, max_retries=0).text2image(...)``. A ``budget_usd``
        given here is a new cap over the shared ledger: it counts what the ledger already
        holds. Closing the copy leaves the connections open; close the original.
        """
        from dezgo.billing import Budget

        clone = copy.copy(self)
        clone._owns_http = False
        if timeout is not None:
            clone.timeout = self._as_timeout(timeout)
        if max_retries is not None:
            if max_retries < 0:
                raise ValueError("max_retries must be 0 or more")
            clone.max_retries = max_retries
        if encoding is not None:
            if encoding not in MEDIA_TYPES:
                raise ValueError(f"encoding must be one of {', '.join(MEDIA_TYPES)}, not {encoding!r}")
            clone.encoding = encoding
        if retry_unsafe is not None:
            clone.retry_unsafe = retry_unsafe
        if budget_usd is not None:
            clone.budget = Budget(budget_usd, ledger=self.ledger, settle_timeouts_after_s=self.job_timeout)
        return clone

    # -- secrets ----------------------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        if self._rapidapi:
            return {RAPIDAPI_KEY_HEADER: self._api_key, RAPIDAPI_HOST_HEADER: RAPIDAPI_HOST}
        return {KEY_HEADER: self._api_key}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r} api_key={_mask(self._api_key)!r}>"

    # -- preparing a call -------------------------------------------------------------------------

    def _operation(self, name: str) -> Operation:
        try:
            return self._operations[name]
        except KeyError:
            raise AttributeError(f"the Dezgo spec has no operation named {name!r}") from None

    def _prepare(self, name: str, arguments: Mapping[str, Any], encoding: Encoding | None) -> Prepared:
        from dezgo._arguments import prepare

        return prepare(self._operation(name), arguments, encoding or self.encoding, strict=self.strict)

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, prepared: Prepared, timeout: Any, *, is_async: bool
    ) -> httpx.Request:
        chosen = self._as_timeout(timeout) if timeout is not None else self.timeout
        return prepared.wire.to_httpx(
            http,
            self.base_url,
            {**self._default_headers, **self._auth_headers()},
            chosen.as_dict(),
            is_async=is_async,
        )

    # -- money --------------------------------------------------------------------------------------

    def _budgeted(self, prepared: Prepared) -> Budget | None:
        return self.budget if self.budget is not None and prepared.op.paid else None

    def _record_charge(
        self, prepared: Prepared, response: httpx.Response, reservation: Reservation | None
    ) -> Charge | None:
        """Read the billing headers as soon as they arrive, before the body: the money is spent.

        Any answer that carries billing headers started a job, whatever its status. A success of an
        operation whose spec declares them is a charge even when its headers say nothing believable;
        for any other operation, a complete success without them is the service saying that no job
        ran ("responses that started a job also carry" them, Getting Started).
        """
        from dezgo.billing import Charge

        started = _retry.started_a_job(response.headers)
        charged = started or (prepared.op.bills_every_success and response.is_success)
        if not charged:
            return None
        charge = Charge.from_headers(response.headers, operation=prepared.op.name)
        budget = self.budget
        arrived = budget.tick() if budget is not None else None
        if budget is not None and charge.balance_total_usd is not None and arrived is not None:
            budget.observe_balance(charge.balance_total_usd, arrived)
        charge = self.ledger.record(
            charge,
            prepared.price_key,
            sent_seq=reservation.seq if reservation is not None else None,
            arrived_seq=arrived,
        )
        if charge.amount_usd is None:
            logger.warning(
                "%s: the job was billed but its amount is unknown (the billing headers were missing or "
                "not believable); the image is kept, the ledger lists it under `unknown`",
                prepared.op.name,
            )
        logger.debug("%s charged %s", prepared.op.name, charge)
        return charge

    @staticmethod
    def _finish_reservation(
        reservation: Reservation | None, state: CallState, error: BaseException | None
    ) -> None:
        """Tell the budget how the call ended: charged, not charged, or maybe charged."""
        if reservation is None:
            return
        if state.charge is not None or error is None:
            reservation.settle(state.charge)  # the ledger holds the charge
        elif getattr(error, "maybe_charged", False):
            reservation.uncertain(timeout=isinstance(error, APITimeoutError))
        elif isinstance(error, DezgoError) or not state.sent:
            reservation.release()  # our errors say when nothing can have been charged
        else:
            # Interrupted (Ctrl-C, a cancelled task) or failed in a way nobody foresaw while a
            # request may have been on its way: count it as possibly charged.
            reservation.uncertain()

    # -- retries ------------------------------------------------------------------------------------

    def _retry_delay(
        self,
        prepared: Prepared,
        attempt: int,
        *,
        response: httpx.Response | None = None,
        exc: Exception | None = None,
    ) -> float | None:
        """Seconds to wait before retrying, or None: retry only when no job can have been billed."""
        return _retry.retry_delay(
            attempt=attempt,
            max_retries=self.max_retries,
            paid=prepared.op.paid,
            retry_unsafe=self.retry_unsafe,
            status=None if response is None else response.status_code,
            headers=None if response is None else response.headers,
            exc=exc,
        )

    def _connection_error(
        self, prepared: Prepared, exc: Exception, request: httpx.Request | None, charge: Charge | None = None
    ) -> APIConnectionError:
        op = prepared.op
        sent = not _retry.not_sent(exc)
        maybe = sent and op.paid
        if charge is not None and charge.charged:
            detail = f"the job was billed ({charge.amount_usd} USD) but the response was lost"
        elif charge is not None:
            detail = "the job was billed (amount unknown) but the response was lost"
        elif maybe:
            detail = "the request was sent, so the job may have run and been billed; not retried"
        elif sent:
            detail = "the request was sent; this operation is free"
        else:
            detail = "the request was not sent; nothing was charged"
        where = f"{op.method} {self.base_url}{op.path}"
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "timed out" if cls is APITimeoutError else f"failed ({type(exc).__name__})"
        error = cls(
            f"{op.name}(): {where} {what}: {detail}",
            request=request,
            maybe_charged=maybe or charge is not None,
        )
        error.charge = charge
        return error

    # -- results ------------------------------------------------------------------------------------

    def _outcome(self, prepared: Prepared, response: httpx.Response, charge: Charge | None) -> Any:
        from dezgo._results import read_success

        return read_success(prepared.op, response, charge)

    def _made_by(self, result: Any, name: str, arguments: Mapping[str, Any]) -> Any:
        """An image or video learns the call that made it (for ``save(metadata=True)``): only the
        operation's own parameters, as JSON values, so no key or option can reach a file."""
        import attrs

        from dezgo._metadata import Call
        from dezgo.images import Image, Video

        if not isinstance(result, (Image, Video)):
            return result
        return attrs.evolve(result, call=Call.of(self._operation(name), arguments))

    def _status_error(
        self, prepared: Prepared, response: httpx.Response, charge: Charge | None
    ) -> APIStatusError:
        error = status_error_for(response, operation=prepared.op.name)
        error.charge = charge
        # An error answer proves nothing ran only when it is a 4xx, or a 502/503 without a charge.
        provably_unbilled = response.status_code < 500 or _retry.status_proves_unbilled(
            response.status_code, response.headers
        )
        error.maybe_charged = charge is not None or (prepared.op.paid and not provably_unbilled)
        if 300 <= response.status_code < 400:
            error.args = (
                f"{prepared.op.name}(): HTTP {response.status_code}: the service redirected the request; "
                "it was not followed, because the request carries your API key",
            )
        elif error.maybe_charged and charge is None:
            error.args = (f"{error.args[0]}; the job may have run and been billed",)
        elif charge is not None:
            error.args = (f"{error.args[0]}; the service billed it ({charge})",)
        return error

    def _log(
        self,
        prepared: Prepared,
        response: httpx.Response | None,
        elapsed: float,
        exc: Exception | None = None,
    ) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        op = prepared.op
        outcome = f"{response.status_code}" if response is not None else type(exc).__name__
        job = response.headers.get(JOB_ID_HEADER) if response is not None else None
        logger.debug(
            "%s %s%s -> %s in %.3f s%s (key %s)",
            op.method,
            self.base_url,
            op.path,
            outcome,
            elapsed,
            f", job {job[:80]}" if job else "",
            _mask(self._api_key),
        )


def job_status_operation(operations: Mapping[str, Operation]) -> Operation:
    for op in operations.values():
        if op.path.startswith("/unstable/job/"):
            return op
    raise RuntimeError("the spec has no job status operation")
