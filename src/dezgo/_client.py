"""``Dezgo`` and ``AsyncDezgo``: the I/O halves of the client.

Everything else (validation, request building through the generated client,
charges, retry decisions, results) lives in ``_base.BaseClient`` and is shared;
the two classes here differ only in ``time.sleep``/``asyncio.sleep``,
``threading``/``asyncio`` waits and ``httpx.Client``/``httpx.AsyncClient``.
"""

from __future__ import annotations

import logging
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from dezgo._base import BaseClient, CallState, job_status_operation
from dezgo._methods import AsyncOperations, SyncOperations
from dezgo._results import JobTicket, media
from dezgo._retry import not_sent
from dezgo.errors import APIConnectionError, APITimeoutError, DezgoError, UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from dezgo._arguments import Prepared
    from dezgo.billing import Budget, Charge, Reservation
    from dezgo.models import JobStatus, Transaction

__all__ = ["AsyncDezgo", "Dezgo"]

logger = logging.getLogger("dezgo")

BALANCE_OPERATION = "account_tx_last"
"""What the budget reads the balance with, to reconcile calls that may have been charged. Reading
the balance costs nothing (Getting Started), and it is never itself counted against the budget."""


async def _sleep(seconds: float) -> None:
    # asyncio is imported on first use: `import dezgo` should not pay for it (~35 ms).
    import asyncio

    await asyncio.sleep(seconds)


def _balance_of(transaction: Transaction) -> Decimal | None:
    """The balance ``GET /account/tx/last`` reported, if it reported a believable one."""
    from dezgo.billing import parse_amount

    value = transaction.raw.get("balance")
    if value is None:
        return None
    return parse_amount(str(value), header="balance of GET /account/tx/last", signed=True)


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

    def reconcile(self) -> bool:
        """Ask the account what was debited, to settle calls that may have been charged.

        The budget counts such calls at their expected price (or, with no price known, stops
        every paid call) until the balance explains them. Returns True when something was settled.
        """
        return self.budget is not None and self._reconcile(self.budget)

    def _read_balance(self, budget: Budget) -> tuple[Decimal | None, int, int]:
        started = budget.tick()
        try:
            balance = _balance_of(self._call(BALANCE_OPERATION, {}, None, None, budgeted=False))
        except DezgoError as exc:
            logger.debug("cannot read the balance to reconcile the budget: %s", exc)
            balance = None
        return balance, started, budget.tick()

    def _reconcile(self, budget: Budget) -> bool:
        balance, started, done = self._read_balance(budget)
        return balance is not None and budget.reconcile(balance, started, done)

    # -- the call loop ------------------------------------------------------------------------------

    def _reserve(self, prepared: Prepared) -> Reservation | None:
        from dezgo.billing import BudgetClosedError

        budget = self._budgeted(prepared)
        if budget is None:
            return None
        if budget.needs_reconcile():
            self._reconcile(budget)
        elif budget.needs_baseline(prepared.price_key):
            # A call of unknown price: read the balance first, so that if the call ends
            # "maybe charged" the account can later say what it cost.
            balance, _, done = self._read_balance(budget)
            if balance is not None:
                budget.observe_balance(balance, done)
        try:
            return budget.reserve(prepared.op.name, prepared.price_key)
        except BudgetClosedError:
            if not self._reconcile(budget):
                raise
            return budget.reserve(prepared.op.name, prepared.price_key)

    def _call(
        self, name: str, arguments: dict[str, Any], encoding: Any, timeout: Any, *, budgeted: bool = True
    ) -> Any:
        prepared = self._prepare(name, arguments, encoding)
        reservation = self._reserve(prepared) if budgeted else None
        state = CallState()
        try:
            outcome = self._send(prepared, timeout, state, reservation)
            if isinstance(outcome, JobTicket):
                outcome = self._wait_for_job(prepared, outcome, state.charge, timeout)
        except BaseException as error:
            self._finish_reservation(reservation, state, error)
            raise
        self._finish_reservation(reservation, state, None)
        return self._made_by(outcome, name, arguments)

    def _send(
        self, prepared: Prepared, timeout: Any, state: CallState, reservation: Reservation | None
    ) -> Any:
        attempt = 0
        while True:
            request = self._request(self._http, prepared, timeout, is_async=False)
            started = time.perf_counter()
            state.sent = True
            try:
                response = self._http.send(request, stream=True, follow_redirects=False)
            except httpx.TransportError as exc:
                self._log(prepared, None, time.perf_counter() - started, exc)
                state.sent = not not_sent(exc)
                delay = self._retry_delay(prepared, attempt, exc=exc)
                if delay is None:
                    raise self._connection_error(prepared, exc, request) from exc
                attempt += 1
                time.sleep(delay)
                continue
            try:
                state.charge = self._record_charge(prepared, response, reservation)
                try:
                    response.read()
                except httpx.TransportError as exc:
                    raise self._connection_error(prepared, exc, request, state.charge) from exc
            finally:
                response.close()
            self._log(prepared, response, time.perf_counter() - started)
            if response.is_success:
                return self._outcome(prepared, response, state.charge)
            delay = self._retry_delay(prepared, attempt, response=response)
            if delay is None:
                raise self._status_error(prepared, response, state.charge)
            state.sent = False  # the answer proved nothing ran
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
                    f"{prepared.op.name}(): job {ticket.tx_id} not final after {self.job_timeout:g} s "
                    "(it was billed; its output may still be fetched later)",
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
            error = APIConnectionError(
                f"{prepared.op.name}(): job {ticket.tx_id} was billed but its output could not be downloaded: {exc}",
                maybe_charged=True,
            )
            error.charge = charge
            raise error from exc
        return media(prepared.op.name, response.content, response, charge)


class AsyncDezgo(AsyncOperations, BaseClient[httpx.AsyncClient]):
    """The Dezgo API client for asyncio: the same methods as ``Dezgo``, as coroutines.

    Use one client per event loop. After the loop it was used in has closed (a second
    ``asyncio.run``), a client that owns its connections opens new ones; a client used
    from two running loops at once is refused before anything is sent.
    """

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self.timeout, limits=httpx.Limits(max_connections=100, max_keepalive_connections=32)
        )

    async def close(self) -> None:
        if not self._owns_http:
            return
        bound = self._shared.loop_ref() if self._shared.loop_ref is not None else None
        if bound is not None and bound.is_closed():
            # Its connections died with the loop that made them; closing them here would need that loop.
            self._shared.http = self._new_http_client()
            self._shared.loop_ref = None
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

    async def reconcile(self) -> bool:
        """Ask the account what was debited, to settle calls that may have been charged (see ``Dezgo``)."""
        return self.budget is not None and await self._reconcile(self.budget)

    async def _read_balance(self, budget: Budget) -> tuple[Decimal | None, int, int]:
        started = budget.tick()
        try:
            balance = _balance_of(await self._acall(BALANCE_OPERATION, {}, None, None, budgeted=False))
        except DezgoError as exc:
            logger.debug("cannot read the balance to reconcile the budget: %s", exc)
            balance = None
        return balance, started, budget.tick()

    async def _reconcile(self, budget: Budget) -> bool:
        balance, started, done = await self._read_balance(budget)
        return balance is not None and budget.reconcile(balance, started, done)

    def _bind_loop(self) -> None:
        """Refuse (before sending) a second running event loop; renew the connections after the first closed."""
        import asyncio
        import weakref

        loop = asyncio.get_running_loop()
        shared = self._shared
        with shared.lock:
            bound = shared.loop_ref() if shared.loop_ref is not None else None
            if bound is loop:
                return
            if bound is not None and not bound.is_closed():
                raise UsageError(
                    "this AsyncDezgo is in use by another event loop that is still running; make one client "
                    "per event loop (for example inside the coroutine that asyncio.run() runs); nothing was sent"
                )
            if shared.loop_ref is not None:
                if not self._owns_http:
                    raise UsageError(
                        "the http_client given to this AsyncDezgo belongs to an event loop that has closed; "
                        "pass a new httpx.AsyncClient made in this loop; nothing was sent"
                    )
                # The old loop's connections died with it: start afresh, for every copy.
                shared.http = self._new_http_client()
            shared.loop_ref = weakref.ref(loop)

    async def _reserve(self, prepared: Prepared) -> Reservation | None:
        from dezgo.billing import BudgetClosedError

        budget = self._budgeted(prepared)
        if budget is None:
            return None
        if budget.needs_reconcile():
            await self._reconcile(budget)
        elif budget.needs_baseline(prepared.price_key):
            balance, _, done = await self._read_balance(budget)
            if balance is not None:
                budget.observe_balance(balance, done)
        try:
            return await budget.areserve(prepared.op.name, prepared.price_key)
        except BudgetClosedError:
            if not await self._reconcile(budget):
                raise
            return await budget.areserve(prepared.op.name, prepared.price_key)

    async def _acall(
        self, name: str, arguments: dict[str, Any], encoding: Any, timeout: Any, *, budgeted: bool = True
    ) -> Any:
        prepared = self._prepare(name, arguments, encoding)
        self._bind_loop()
        reservation = await self._reserve(prepared) if budgeted else None
        state = CallState()
        try:
            outcome = await self._send(prepared, timeout, state, reservation)
            if isinstance(outcome, JobTicket):
                outcome = await self._wait_for_job(prepared, outcome, state.charge, timeout)
        except BaseException as error:
            self._finish_reservation(reservation, state, error)
            raise
        self._finish_reservation(reservation, state, None)
        return self._made_by(outcome, name, arguments)

    async def _send(
        self, prepared: Prepared, timeout: Any, state: CallState, reservation: Reservation | None
    ) -> Any:
        attempt = 0
        while True:
            request = self._request(self._http, prepared, timeout, is_async=True)
            started = time.perf_counter()
            state.sent = True
            try:
                response = await self._http.send(request, stream=True, follow_redirects=False)
            except httpx.TransportError as exc:
                self._log(prepared, None, time.perf_counter() - started, exc)
                state.sent = not not_sent(exc)
                delay = self._retry_delay(prepared, attempt, exc=exc)
                if delay is None:
                    raise self._connection_error(prepared, exc, request) from exc
                attempt += 1
                await _sleep(delay)
                continue
            try:
                state.charge = self._record_charge(prepared, response, reservation)
                try:
                    await response.aread()
                except httpx.TransportError as exc:
                    raise self._connection_error(prepared, exc, request, state.charge) from exc
            finally:
                await response.aclose()
            self._log(prepared, response, time.perf_counter() - started)
            if response.is_success:
                return self._outcome(prepared, response, state.charge)
            delay = self._retry_delay(prepared, attempt, response=response)
            if delay is None:
                raise self._status_error(prepared, response, state.charge)
            state.sent = False  # the answer proved nothing ran
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
                    f"{prepared.op.name}(): job {ticket.tx_id} not final after {self.job_timeout:g} s "
                    "(it was billed; its output may still be fetched later)",
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
            error = APIConnectionError(
                f"{prepared.op.name}(): job {ticket.tx_id} was billed but its output could not be downloaded: {exc}",
                maybe_charged=True,
            )
            error.charge = charge
            raise error from exc
        return media(prepared.op.name, response.content, response, charge)
