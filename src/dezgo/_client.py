"""``Dezgo`` and ``AsyncDezgo``: the I/O halves of the client.

Everything else (validation, request building through the generated client,
charges, retry decisions, results) lives in ``_base.BaseClient`` and is shared;
the two classes here differ only in ``time.sleep``/``asyncio.sleep`` and
``httpx.Client``/``httpx.AsyncClient``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from types import TracebackType
from typing import Any

import httpx

from dezgo._base import BaseClient, JobTicket, Prepared, job_status_operation
from dezgo._methods import AsyncOperations, SyncOperations
from dezgo.billing import Charge
from dezgo.errors import APIConnectionError, APITimeoutError, DezgoError
from dezgo.models import JobStatus, Transaction

__all__ = ["AsyncDezgo", "Dezgo"]


async def _sleep(seconds: float) -> None:
    # asyncio is imported on first use: `import dezgo` should not pay for it (~35 ms).
    import asyncio

    await asyncio.sleep(seconds)


class Dezgo(SyncOperations, BaseClient[httpx.Client]):
    """The Dezgo API client.

    ``Dezgo()`` reads the key from ``DEZGO_API_KEY``; ``Dezgo(api_key=..., base_url=...,
    timeout=120, max_retries=2, budget_usd="1.00")`` sets everything explicitly. Each
    operation of the spec is a method (``text2image``, ``image2image``, ``upscale``, ...)
    taking keyword arguments with the spec's names; image results carry their ``charge``,
    and ``client.ledger`` keeps them all. Use it as a context manager, or call ``close()``.
    """

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout)

    # -- lifecycle ----------------------------------------------------------------------------------

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Dezgo:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- account --------------------------------------------------------------------------------------

    def last_transaction(self) -> Transaction:
        """The account's last transaction (``GET /account/tx/last``)."""
        return self.account_tx_last()

    def balance(self) -> Decimal:
        """The current balance in USD, exact (``GET /account/tx/last``)."""
        return self.account_tx_last().balance

    # -- the call loop ------------------------------------------------------------------------------

    def _call(self, name: str, arguments: dict[str, Any], encoding: Any, timeout: Any) -> Any:
        prepared = self._prepare(name, arguments, encoding)
        reservation = self._reserve(prepared)
        charge: Charge | None = None
        try:
            outcome, charge = self._send(prepared, timeout)
            if isinstance(outcome, JobTicket):
                outcome = self._wait_for_job(prepared, outcome, charge, timeout)
        except BaseException as error:
            charge = charge or getattr(error, "charge", None)
            self._finish_reservation(reservation, error, charge)
            raise
        self._finish_reservation(reservation, None, charge)
        return outcome

    def _send(self, prepared: Prepared, timeout: Any) -> tuple[Any, Charge | None]:
        attempt = 0
        while True:
            request = self._request(self._http, prepared, timeout, is_async=False)
            started = time.perf_counter()
            try:
                response = self._http.send(request, stream=True)
            except httpx.TransportError as exc:
                self._log(prepared, None, time.perf_counter() - started, exc)
                delay = self._retry_delay(prepared, attempt, exc=exc)
                if delay is None:
                    raise self._connection_error(prepared, exc, request) from exc
                attempt += 1
                time.sleep(delay)
                continue
            try:
                charge = self._record_charge(prepared, response)
                try:
                    response.read()
                except httpx.TransportError as exc:
                    raise self._connection_error(prepared, exc, request, charge) from exc
            finally:
                response.close()
            self._log(prepared, response, time.perf_counter() - started)
            if response.is_success:
                return self._outcome(prepared, response, charge), charge
            delay = self._retry_delay(prepared, attempt, response=response)
            if delay is None:
                raise self._status_error(prepared, response)
            attempt += 1
            time.sleep(delay)

    def _wait_for_job(
        self, prepared: Prepared, ticket: JobTicket, charge: Charge | None, timeout: Any
    ) -> Any:
        status_op = job_status_operation(self._operations)
        deadline = time.monotonic() + self.job_timeout
        while True:
            status: JobStatus = self._call(status_op.name, {"tx_id": ticket.tx_id}, None, timeout)
            if status.final:
                break
            if time.monotonic() > deadline:
                raise APITimeoutError(
                    f"{prepared.op.name}(): job {ticket.tx_id} not final after {self.job_timeout:g} s",
                    maybe_charged=True,
                )
            time.sleep(self.poll_interval)
        if not status.output_url:
            raise DezgoError(
                f"{prepared.op.name}(): job {ticket.tx_id} finished without an output ({status.status})"
            )
        try:
            response = self._http.get(status.output_url, timeout=timeout or self.timeout)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise APIConnectionError(
                f"{prepared.op.name}(): job {ticket.tx_id} was billed but its output could not be downloaded: {exc}",
                maybe_charged=True,
            ) from exc
        return self._media(prepared.op.name, response.content, response, charge)


class AsyncDezgo(AsyncOperations, BaseClient[httpx.AsyncClient]):
    """The Dezgo API client for asyncio: the same methods as ``Dezgo``, as coroutines."""

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self.timeout, limits=httpx.Limits(max_connections=100, max_keepalive_connections=32)
        )

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncDezgo:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def last_transaction(self) -> Transaction:
        """The account's last transaction (``GET /account/tx/last``)."""
        return await self.account_tx_last()

    async def balance(self) -> Decimal:
        """The current balance in USD, exact (``GET /account/tx/last``)."""
        return (await self.account_tx_last()).balance

    async def _acall(self, name: str, arguments: dict[str, Any], encoding: Any, timeout: Any) -> Any:
        prepared = self._prepare(name, arguments, encoding)
        reservation = self._reserve(prepared)
        charge: Charge | None = None
        try:
            outcome, charge = await self._send(prepared, timeout)
            if isinstance(outcome, JobTicket):
                outcome = await self._wait_for_job(prepared, outcome, charge, timeout)
        except BaseException as error:
            charge = charge or getattr(error, "charge", None)
            self._finish_reservation(reservation, error, charge)
            raise
        self._finish_reservation(reservation, None, charge)
        return outcome

    async def _send(self, prepared: Prepared, timeout: Any) -> tuple[Any, Charge | None]:
        attempt = 0
        while True:
            request = self._request(self._http, prepared, timeout, is_async=True)
            started = time.perf_counter()
            try:
                response = await self._http.send(request, stream=True)
            except httpx.TransportError as exc:
                self._log(prepared, None, time.perf_counter() - started, exc)
                delay = self._retry_delay(prepared, attempt, exc=exc)
                if delay is None:
                    raise self._connection_error(prepared, exc, request) from exc
                attempt += 1
                await _sleep(delay)
                continue
            try:
                charge = self._record_charge(prepared, response)
                try:
                    await response.aread()
                except httpx.TransportError as exc:
                    raise self._connection_error(prepared, exc, request, charge) from exc
            finally:
                await response.aclose()
            self._log(prepared, response, time.perf_counter() - started)
            if response.is_success:
                return self._outcome(prepared, response, charge), charge
            delay = self._retry_delay(prepared, attempt, response=response)
            if delay is None:
                raise self._status_error(prepared, response)
            attempt += 1
            await _sleep(delay)

    async def _wait_for_job(
        self, prepared: Prepared, ticket: JobTicket, charge: Charge | None, timeout: Any
    ) -> Any:
        status_op = job_status_operation(self._operations)
        deadline = time.monotonic() + self.job_timeout
        while True:
            status: JobStatus = await self._acall(status_op.name, {"tx_id": ticket.tx_id}, None, timeout)
            if status.final:
                break
            if time.monotonic() > deadline:
                raise APITimeoutError(
                    f"{prepared.op.name}(): job {ticket.tx_id} not final after {self.job_timeout:g} s",
                    maybe_charged=True,
                )
            await _sleep(self.poll_interval)
        if not status.output_url:
            raise DezgoError(
                f"{prepared.op.name}(): job {ticket.tx_id} finished without an output ({status.status})"
            )
        try:
            response = await self._http.get(status.output_url, timeout=timeout or self.timeout)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise APIConnectionError(
                f"{prepared.op.name}(): job {ticket.tx_id} was billed but its output could not be downloaded: {exc}",
                maybe_charged=True,
            ) from exc
        return self._media(prepared.op.name, response.content, response, charge)
