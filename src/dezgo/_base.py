"""What ``Dezgo`` and ``AsyncDezgo`` share: everything but the I/O.

Request building goes through the generated client (``dezgo_api``): its
endpoint module's ``_get_kwargs`` and body models decide the method, path,
media type and field encoding, so a regeneration that changes the wire format
changes it here too. This module adds what a paid API needs around that:
validation before spending, streaming base64 for large images, charges parsed
from headers, the budget, and retry decisions that never risk a second charge.
Nothing outside this module and ``_client.py`` imports ``dezgo_api``.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import random
import re
import typing
from collections.abc import AsyncIterator, Hashable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

from dezgo._validation import IMAGE_PLACEHOLDER, schema_problems
from dezgo.billing import Budget, Charge, Ledger, Reservation, price_key
from dezgo.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidRequestError,
    MissingAPIKeyError,
    status_error_for,
)
from dezgo.images import EXTENSIONS, Image, Video, b64_length, iter_b64, load_image_input, sniff_media
from dezgo.models import RESULT_TYPES, parse_json
from dezgo.spec.operations import NO_DEFAULT, Operation, by_name, pinned_operations

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "RAPIDAPI_BASE_URL", "BaseClient", "Encoding", "Prepared"]

logger = logging.getLogger("dezgo")

DEFAULT_BASE_URL = "https://api.dezgo.com"
RAPIDAPI_BASE_URL = "https://dezgo.p.rapidapi.com"
RAPIDAPI_HOST = "dezgo.p.rapidapi.com"
DEFAULT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)  # generation is slow and synchronous
Encoding = Literal["json", "multipart", "form"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "multipart": "multipart/form-data",
    "form": "application/x-www-form-urlencoded",
}
# Transport errors raised before the request can have reached the service.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
RETRYABLE_STATUSES = (502, 503, 504)
TOKEN = "@@dezgo-image-{}@@"
USER_AGENT = "dezgo-python/0.1.0"

HttpT = TypeVar("HttpT", bound="httpx.Client | httpx.AsyncClient")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"_+", "_", re.sub(r"\W", "_", name)).strip("_").lower()


_ENDPOINTS: dict[tuple[str, ...], tuple[Any, tuple[type, ...]]] = {}


def _endpoint(op: Operation) -> tuple[Any, tuple[type, ...]]:
    """The generated module for ``op`` and its body classes, in the spec's media-type order."""
    key = (op.operation_id, *op.tags, *op.request_media_types)
    if key not in _ENDPOINTS:
        _ENDPOINTS[key] = _load_endpoint(op)
    return _ENDPOINTS[key]


def _load_endpoint(op: Operation) -> tuple[Any, tuple[type, ...]]:
    folder = _snake(op.tags[0]) if op.tags else "default"
    module = importlib.import_module(f"dezgo_api.api.{folder}.{_snake(op.operation_id)}")
    classes: tuple[type, ...] = ()
    if op.request_media_types:
        hint = typing.get_type_hints(module._get_kwargs).get("body")
        classes = tuple(c for c in typing.get_args(hint) if isinstance(c, type) and c.__name__ != "Unset")
        if len(classes) != len(op.request_media_types):
            raise RuntimeError(
                f"generated/dezgo_api is out of date for {op.operation_id}: run `make generate`"
            )
    return module, classes


@attrs.frozen
class Prepared:
    """One call, validated and ready to send (possibly several times, for retries)."""

    op: Operation
    media_type: str | None
    kwargs: dict[str, Any]
    """The generated client's request kwargs (method, url, json/data/files, headers)."""
    price_key: Hashable
    stream_parts: tuple[bytes | tuple[str, bytes], ...] = ()
    """For JSON bodies with images: literal JSON text and (field, image bytes) to base64 on the fly."""
    content_length: int = 0

    def iter_body(self) -> Iterator[bytes]:
        for part in self.stream_parts:
            if isinstance(part, bytes):
                yield part
            else:
                yield from iter_b64(part[1])

    async def aiter_body(self) -> AsyncIterator[bytes]:
        for chunk in self.iter_body():
            yield chunk


@attrs.frozen
class JobTicket:
    tx_id: str


def _mask(key: str) -> str:
    return f"***{key[-4:]}" if len(key) >= 12 else "***"


def _money_free_retry_statuses(response: httpx.Response) -> bool:
    return response.status_code in RETRYABLE_STATUSES and "x-dezgo-job-amount-usd" not in response.headers


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
        max_retries: int = 2,
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
            return {"X-RapidAPI-Key": self._api_key, "X-RapidAPI-Host": RAPIDAPI_HOST}
        return {"X-Dezgo-Key": self._api_key}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r} api_key={_mask(self._api_key)!r}>"

    # -- preparing a call -------------------------------------------------------------------------

    def _operation(self, name: str) -> Operation:
        try:
            return self._operations[name]
        except KeyError:
            raise AttributeError(f"the Dezgo spec has no operation named {name!r}") from None

    def _prepare(self, name: str, arguments: Mapping[str, Any], encoding: Encoding | None) -> Prepared:
        op = self._operation(name)
        # An argument left at the spec's default is not sent: the service applies its own default,
        # which is what the caller meant even where the pinned spec's default is a reconstruction.
        given = {
            k: v
            for k, v in arguments.items()
            if v is not None and not _is_default(v, op.body_defaults.get(k, NO_DEFAULT))
        }
        path_args = {p.python_name: given.pop(p.name) for p in op.path_params if p.name in given}
        for param in op.path_params:
            if param.python_name not in path_args:
                raise InvalidRequestError("is required", field=param.name, operation=name)
        media_type: str | None = None
        if op.request_media_types:
            chosen = encoding or self.encoding
            if chosen not in MEDIA_TYPES:
                raise InvalidRequestError(f"unknown encoding {chosen!r}", field="encoding", operation=name)
            media_type = MEDIA_TYPES[chosen]
            if media_type not in op.request_media_types:
                allowed = ", ".join(k for k, v in MEDIA_TYPES.items() if v in op.request_media_types)
                raise InvalidRequestError(
                    f"{chosen!r} is not accepted by this operation; use one of: {allowed}",
                    field="encoding",
                    operation=name,
                )
        images: dict[str, bytes] = {}
        for param in op.image_params:
            if param.name in given:
                images[param.name] = load_image_input(given[param.name], field=param.name, operation=name)
        if media_type is not None:
            schema = op.body_schemas[media_type]
            checked = {k: (IMAGE_PLACEHOLDER if k in images else v) for k, v in given.items()}
            problems = schema_problems(schema, checked)
            if problems:
                first = problems[0]
                more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
                raise InvalidRequestError(first.message + more, field=first.field, operation=name)
            unknown = sorted(set(given) - set(schema.get("properties", {})))
            if unknown:
                raise InvalidRequestError(
                    "is not a parameter of this operation", field=unknown[0], operation=name
                )
        module, classes = _endpoint(op)
        stream_parts: tuple[bytes | tuple[str, bytes], ...] = ()
        length = 0
        call: dict[str, Any] = dict(path_args)
        if media_type is not None:
            body_class = classes[op.request_media_types.index(media_type)]
            wire = dict(given)
            streaming = media_type == "application/json" and bool(images)
            for field, data in images.items():
                wire[field] = TOKEN.format(field) if streaming else data
            body = body_class.from_dict(wire)  # type: ignore[attr-defined]
            if media_type == "multipart/form-data":
                # The generated File has no name; servers (FastAPI's UploadFile) only treat a part
                # with a filename as a file upload.
                for field, data in images.items():
                    upload = getattr(body, field)
                    kind = sniff_media(data) or "png"
                    upload.file_name = f"{field}.{EXTENSIONS.get(kind, kind)}"
                    upload.mime_type = f"image/{kind}"
            call["body"] = body
        kwargs: dict[str, Any] = module._get_kwargs(**call)
        if media_type == "multipart/form-data" and images:
            # The generated parts wrap images in BytesIO, which httpx copies out 64 KB at a time;
            # the bytes themselves go out in one piece (BytesIO.getvalue() shares, not copies).
            kwargs["files"] = [
                (
                    name,
                    (part[0], part[1].getvalue(), *part[2:])
                    if isinstance(part, tuple) and hasattr(part[1], "getvalue")
                    else part,
                )
                for name, part in kwargs["files"]
            ]
        if media_type == "application/json" and images:
            stream_parts, length = self._splice_images(kwargs.pop("json"), images)
        pricing = {p.name: given.get(p.name, p.default) for p in op.body_params}
        return Prepared(op, media_type, kwargs, price_key(name, pricing), stream_parts, length)

    @staticmethod
    def _splice_images(
        payload: Any, images: Mapping[str, bytes]
    ) -> tuple[tuple[bytes | tuple[str, bytes], ...], int]:
        """JSON text around each image, with the image's base64 produced while sending."""
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        parts: list[bytes | tuple[str, bytes]] = []
        length = 0
        pattern = re.compile("|".join(re.escape(TOKEN.format(f)) for f in images))
        position = 0
        for match in pattern.finditer(text):
            literal = text[position : match.start()].encode()
            field = match.group(0)[len("@@dezgo-image-") : -2]
            parts.extend([literal, (field, images[field])])
            length += len(literal) + b64_length(len(images[field]))
            position = match.end()
        tail = text[position:].encode()
        parts.append(tail)
        return tuple(parts), length + len(tail)

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, prepared: Prepared, timeout: Any, *, is_async: bool
    ) -> httpx.Request:
        kwargs = dict(prepared.kwargs)
        headers = {**self._default_headers, **kwargs.pop("headers", {}), **self._auth_headers()}
        method, url = kwargs.pop("method"), self.base_url + kwargs.pop("url")
        if prepared.stream_parts:
            headers["Content-Length"] = str(prepared.content_length)
            kwargs["content"] = prepared.aiter_body() if is_async else prepared.iter_body()
        extensions = (
            {"timeout": (timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)).as_dict()}
            if timeout is not None
            else {"timeout": self.timeout.as_dict()}
        )
        return http.build_request(method, url, headers=headers, extensions=extensions, **kwargs)

    # -- money --------------------------------------------------------------------------------------

    def _reserve(self, prepared: Prepared) -> Reservation | None:
        if self.budget is None or not prepared.op.paid:
            return None
        return self.budget.reserve(prepared.op.name, prepared.price_key)

    def _record_charge(self, prepared: Prepared, response: httpx.Response) -> Charge | None:
        """Read the billing headers as soon as they arrive, before the body: the money is spent."""
        if not prepared.op.paid and "x-dezgo-job-amount-usd" not in response.headers:
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
        if attempt >= self.max_retries:
            return None
        backoff = min(8.0, 0.5 * 2.0**attempt) * random.uniform(0.5, 1.0)
        if exc is not None:
            sent_maybe = not isinstance(exc, NOT_SENT)
            if sent_maybe and prepared.op.paid and not self.retry_unsafe:
                return None
            return backoff
        assert response is not None
        if response.status_code == 429:
            advised = _retry_after(response)
            if advised is None:
                return backoff
            return advised if advised <= 60.0 else None
        if _money_free_retry_statuses(response):
            return backoff
        return None

    def _connection_error(
        self, prepared: Prepared, exc: Exception, request: httpx.Request | None, charge: Charge | None = None
    ) -> APIConnectionError:
        op = prepared.op
        sent = not isinstance(exc, NOT_SENT)
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
        seed_text = response.headers.get("x-input-seed") if response is not None else None
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


def _retry_after(response: httpx.Response) -> float | None:
    from dezgo.errors import _retry_after as parse

    return parse(response)


def job_status_operation(operations: Mapping[str, Operation]) -> Operation:
    for op in operations.values():
        if op.path.startswith("/unstable/job/"):
            return op
    raise RuntimeError("the spec has no job status operation")


def _is_default(value: Any, default: Any) -> bool:
    # Same type as well as equal: True == 1 and 7.0 == 7, but a caller passing them meant them.
    return type(value) is type(default) and bool(value == default)
