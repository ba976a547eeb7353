"""What ``Dezgo`` and ``AsyncDezgo`` share: everything but the I/O.

A call goes: arguments checked and a request built (``_arguments``, which asks
``_wire`` and so the generated client), the budget consulted, the request sent
by the I/O half, the charge read from the headers before the body, the retry
policy asked (``_retry``), and the result made (``Image``, ``Video`` or a typed
JSON result).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Generic, TypeVar

import attrs
import httpx

from dezgo import _retry
from dezgo._arguments import MEDIA_TYPES, Encoding, Prepared, prepare
from dezgo._constants import (
    AMOUNT_HEADER,
    DEFAULT_BASE_URL,
    KEY_HEADER,
    RAPIDAPI_BASE_URL,
    RAPIDAPI_HOST,
    RAPIDAPI_HOST_HEADER,
    RAPIDAPI_KEY_HEADER,
    SEED_HEADER,
    USER_AGENT,
)
from dezgo._spec import Operation, by_name, pinned_operations
from dezgo.billing import Budget, Charge, Ledger, Reservation
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MissingAPIKeyError,
    status_error_for,
)
from dezgo.images import Image, Video, sniff_media
from dezgo.models import RESULT_TYPES, parse_json

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "Encoding", "JobTicket", "Prepared"]

logger = logging.getLogger("dezgo")

DEFAULT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)  # generation is slow and synchronous

HttpT = TypeVar("HttpT", bound="httpx.Client | httpx.AsyncClient")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


@attrs.frozen
class JobTicket:
    tx_id: str


def _mask(key: str) -> str:
    return f"***{key[-4:]}" if len(key) >= 12 else "***"


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
        encoding: Encoding = "json",
        retry_unsafe: bool = False,
        poll_interval: float = 1.0,
        job_timeout: float = 600.0,
        http_client: HttpT | None = None,
        rapidapi: bool = False,
    ) -> None:
        """Keyword arguments:

        - ``api_key``: default ``$DEZGO_API_KEY``; ``MissingAPIKeyError`` when neither is set.
        - ``base_url``: default ``$DEZGO_BASE_URL``, else ``https://api.dezgo.com``.
        - ``timeout``: seconds or an ``httpx.Timeout``; default 300 s to read (generation is
          slow), 10 s to connect.
        - ``max_retries``: retries of failures that cannot have charged (connect errors, 429,
          502/503/504 without a charge header), with backoff and jitter, honouring Retry-After.
        - ``budget_usd``: a spending cap (str, Decimal or int; never float).
        - ``encoding``: ``"json"`` (base64 images), ``"multipart"`` or ``"form"``.
        - ``retry_unsafe``: also retry read timeouts and dropped connections on paid calls,
          which may charge twice.
        - ``poll_interval`` / ``job_timeout``: for operations that answer with a job ticket.
        - ``http_client``: your own ``httpx.Client`` (``httpx.AsyncClient`` for ``AsyncDezgo``)
          for proxies or custom transports; it is left open on ``close()``.
        - ``rapidapi``: use the legacy RapidAPI route (see ``rapidapi()``).
        """
        key = api_key if api_key is not None else os.environ.get("DEZGO_API_KEY")
        if not key:
            where = "the X-RapidAPI-Key" if rapidapi else "DEZGO_API_KEY"
            raise MissingAPIKeyError(
                f"no Dezgo API key: set {where} in the environment or pass api_key=... "
                "(create one under 'API Keys' in your Dezgo dashboard)"
            )
        self._api_key = key
        self._rapidapi = rapidapi
        fallback = RAPIDAPI_BASE_URL if rapidapi else (os.environ.get("DEZGO_BASE_URL") or DEFAULT_BASE_URL)
        self.base_url = (base_url or fallback).rstrip("/")
        self.timeout = (
            timeout
            if isinstance(timeout, httpx.Timeout)
            else (DEFAULT_TIMEOUT if timeout is None else httpx.Timeout(timeout))
        )
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if encoding not in MEDIA_TYPES:
            raise ValueError(f"encoding must be one of {', '.join(MEDIA_TYPES)}, not {encoding!r}")
        self.max_retries = max_retries
        self.encoding: Encoding = encoding
        self.retry_unsafe = retry_unsafe
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self.ledger = Ledger()
        self.budget: Budget | None = (
            Budget(budget_usd, ledger=self.ledger) if budget_usd is not None else None
        )
        self._default_headers = {"User-Agent": USER_AGENT}
        self._operations = by_name(pinned_operations())
        self._owns_http = http_client is None
        self._http: HttpT = http_client if http_client is not None else self._new_http_client()

    def _new_http_client(self) -> HttpT:
        raise NotImplementedError

    @classmethod
    def rapidapi(cls: type[ClientT], key: str | None = None, **kwargs: Any) -> ClientT:
        """A client for the legacy RapidAPI route (``X-RapidAPI-Key``; no new features there)."""
        return cls(api_key=key, rapidapi=True, **kwargs)

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
        return prepare(self._operation(name), arguments, encoding or self.encoding)

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, prepared: Prepared, timeout: Any, *, is_async: bool
    ) -> httpx.Request:
        chosen = self.timeout if timeout is None else timeout
        as_timeout = chosen if isinstance(chosen, httpx.Timeout) else httpx.Timeout(chosen)
        return prepared.wire.to_httpx(
            http,
            self.base_url,
            {**self._default_headers, **self._auth_headers()},
            as_timeout.as_dict(),
            is_async=is_async,
        )

    # -- money --------------------------------------------------------------------------------------

    def _reserve(self, prepared: Prepared) -> Reservation | None:
        if self.budget is None or not prepared.op.paid:
            return None
        return self.budget.reserve(prepared.op.name, prepared.price_key)

    def _record_charge(self, prepared: Prepared, response: httpx.Response) -> Charge | None:
        """Read the billing headers as soon as they arrive, before the body: the money is spent."""
        if not prepared.op.paid and AMOUNT_HEADER not in response.headers:
            return None
        charge = Charge.from_headers(response.headers, operation=prepared.op.name)
        if charge.charged or charge.balance_total_usd is not None:
            self.ledger.record(charge, prepared.price_key)
            logger.debug("%s charged %s", prepared.op.name, charge)
        return charge

    @staticmethod
    def _finish_reservation(
        reservation: Reservation | None, error: BaseException | None, charge: Charge | None
    ) -> None:
        if reservation is None:
            return
        if error is None or (charge is not None and charge.charged):
            reservation.settle(charge)
        elif isinstance(error, APIConnectionError) and error.maybe_charged:
            reservation.uncertain()
        else:
            reservation.release()

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
        elif maybe:
            detail = "the request was sent, so the job may have run and been billed; not retried"
        else:
            detail = "the request did not reach the service; nothing was charged"
        where = f"{op.method} {self.base_url}{op.path}"
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "timed out" if cls is APITimeoutError else f"failed ({type(exc).__name__})"
        error = cls(
            f"{op.name}(): {where} {what}: {detail}",
            request=request,
            maybe_charged=maybe or bool(charge and charge.charged),
        )
        error.charge = charge
        return error

    # -- results ------------------------------------------------------------------------------------

    def _outcome(self, prepared: Prepared, response: httpx.Response, charge: Charge | None) -> Any:
        op = prepared.op
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if op.returns_media and content_type != "application/json":
            return self._media(op.name, response.content, response, charge)
        data = parse_json(response.content) if response.content else None
        if op.returns_media:
            tx = data.get("tx") if isinstance(data, dict) else None
            tx_id = tx.get("_id") if isinstance(tx, dict) else None
            if not tx_id:
                raise APIStatusError(
                    f"{op.name}(): expected an image, got JSON without a job ticket",
                    response=response,
                    body=data,
                )
            return JobTicket(str(tx_id))
        title = (op.response_json_schema or {}).get("title")
        result_type = RESULT_TYPES.get(str(title))
        if result_type is not None and isinstance(data, dict):
            return result_type.from_json(data)
        return data

    @staticmethod
    def _media(
        operation: str, data: bytes, response: httpx.Response | None, charge: Charge | None
    ) -> Image | Video:
        seed_text = response.headers.get(SEED_HEADER) if response is not None else None
        seed = int(seed_text) if seed_text and seed_text.strip().isdigit() else None
        if sniff_media(data) == "mp4":
            return Video(
                data=data, format="mp4", operation=operation, seed=seed, charge=charge, response=response
            )
        return Image.from_bytes(data, operation=operation, seed=seed, charge=charge, response=response)

    def _status_error(self, prepared: Prepared, response: httpx.Response) -> APIStatusError:
        return status_error_for(response, operation=prepared.op.name)

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
        logger.debug(
            "%s %s%s -> %s in %.3f s (key %s)",
            op.method,
            self.base_url,
            op.path,
            outcome,
            elapsed,
            _mask(self._api_key),
        )


def job_status_operation(operations: Mapping[str, Operation]) -> Operation:
    for op in operations.values():
        if op.path.startswith("/unstable/job/"):
            return op
    raise RuntimeError("the spec has no job status operation")
