"""``Dezgo`` and ``AsyncDezgo``: the two drivers of the one call plan.

Everything a call promises (the budget, the billing, the retries, the job polling,
the settling) is ``dezgo._plan``'s, written once. The two classes here only perform
its steps: ``Dezgo`` with ``httpx.Client``, ``time.sleep`` and blocking waits,
``AsyncDezgo`` with ``httpx.AsyncClient``, ``asyncio.sleep`` and awaits. An exception
a step raises (a transport error, ``KeyboardInterrupt``, a cancelled task) is thrown
back into the plan, which settles the call before it propagates.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from dezgo import _plan
from dezgo._base import BaseClient
from dezgo._methods import AsyncOperations, SyncOperations
from dezgo._plan import Admit, Announce, BodyTooLarge, Build, Fetch, Plan, Read, Send, Sleep, Step
from dezgo.errors import UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from dezgo.models import Transaction

__all__ = ["AsyncDezgo", "Dezgo"]

HEAD_KEPT = 64 * 1024
"""How much of a body past the size limit an error keeps."""


def _too_large(limit: int, chunks: list[bytes]) -> BodyTooLarge:
    return BodyTooLarge(limit, b"".join(chunks)[:HEAD_KEPT])


def _read(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise _too_large(limit, chunks)
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


async def _aread(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > limit:
                raise _too_large(limit, chunks)
            chunks.append(chunk)
    finally:
        await response.aclose()
    return b"".join(chunks)


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

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Dezgo:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

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
        return self.budget is not None and self._drive(_plan.reconcile(self, self.budget))

    # -- the driver -----------------------------------------------------------------------------

    def _call(
        self,
        name: str,
        arguments: dict[str, Any],
        encoding: Any,
        timeout: Any,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        budgeted: bool = True,
        before_send: Callable[[], Any] | None = None,
    ) -> Any:
        options = self._options(name, encoding, timeout)
        prepared = self.prepare_call(
            name,
            arguments,
            options,
            extra_body=extra_body,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        result = self._drive(_plan.call(self, prepared, options, budgeted=budgeted, before_send=before_send))
        return self._made_by(result, name, arguments)

    def _drive(self, plan: Plan[Any]) -> Any:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = plan.throw(error) if error is not None else plan.send(value)
            except StopIteration as done:
                return done.value
            value, error = None, None
            try:
                value = self._perform(step)
            except BaseException as exc:  # thrown into the plan, which settles the call
                error = exc

    def _perform(self, step: Step) -> Any:
        if isinstance(step, Send):
            return self._http.send(step.request, stream=True, follow_redirects=False)
        if isinstance(step, Read):
            return _read(step.response, step.limit)
        if isinstance(step, Build):
            return self.build_request(self._http, step.prepared, step.timeout)
        if isinstance(step, Admit):
            return step.budget.reserve(step.operation, step.key)
        if isinstance(step, Sleep):
            time.sleep(step.seconds)
            return None
        if isinstance(step, Fetch):
            response = self._http.send(
                self._http.build_request("GET", step.url, extensions={"timeout": step.timeout}), stream=True
            )
            return response, _read(response, step.limit)
        if isinstance(step, Announce):
            return step.hook()
        raise TypeError(f"not a step: {step!r}")


class AsyncDezgo(AsyncOperations, BaseClient[httpx.AsyncClient]):
    """The Dezgo API client for asyncio: the same methods as ``Dezgo``, as coroutines.

    Use one client per event loop. After the loop it was used in has closed (a second
    ``asyncio.run``), a client that owns its connections opens new ones; a client used
    from two running loops at once is refused before anything is sent.
    """

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self.timeout)

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
        if self.budget is None:
            return False
        self._bind_loop()
        settled: bool = await self._drive(_plan.reconcile(self, self.budget))
        return settled

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

    # -- the driver -----------------------------------------------------------------------------

    async def _acall(
        self,
        name: str,
        arguments: dict[str, Any],
        encoding: Any,
        timeout: Any,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        budgeted: bool = True,
        before_send: Callable[[], Any] | None = None,
    ) -> Any:
        options = self._options(name, encoding, timeout)
        prepared = self.prepare_call(
            name,
            arguments,
            options,
            extra_body=extra_body,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        self._bind_loop()
        result = await self._drive(
            _plan.call(self, prepared, options, budgeted=budgeted, before_send=before_send)
        )
        return self._made_by(result, name, arguments)

    async def _drive(self, plan: Plan[Any]) -> Any:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = plan.throw(error) if error is not None else plan.send(value)
            except StopIteration as done:
                return done.value
            value, error = None, None
            try:
                value = await self._perform(step)
            except BaseException as exc:  # a cancellation too: the plan settles the call, then re-raises
                error = exc

    async def _perform(self, step: Step) -> Any:
        if isinstance(step, Send):
            return await self._http.send(step.request, stream=True, follow_redirects=False)
        if isinstance(step, Read):
            return await _aread(step.response, step.limit)
        if isinstance(step, Build):
            return self.build_request(self._http, step.prepared, step.timeout)
        if isinstance(step, Admit):
            return await step.budget.areserve(step.operation, step.key)
        if isinstance(step, Sleep):
            await _sleep(step.seconds)
            return None
        if isinstance(step, Fetch):
            response = await self._http.send(
                self._http.build_request("GET", step.url, extensions={"timeout": step.timeout}), stream=True
            )
            return response, await _aread(response, step.limit)
        if isinstance(step, Announce):
            announced = step.hook()
            return await announced if inspect.isawaitable(announced) else announced
        raise TypeError(f"not a step: {step!r}")
