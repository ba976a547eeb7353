"""The one call plan: admit, send, read the billing, retry or not, poll a job, settle or reconcile.

Every promise about money is made here, once, for ``Dezgo`` and ``AsyncDezgo`` alike:
room is made in the budget before anything is sent; the billing headers are read the
moment they arrive, before the body; a call is sent again only when the service
provably did not run it (``dezgo._retry``); a job ticket is polled until its result is
downloaded; and however the call ends, success, error, timeout, Ctrl-C or a cancelled
task, the budget and the ledger are told whether it was charged, not charged, or may
have been charged. Nothing here does I/O: the plan is a generator that yields
``Step`` values (send this request, read that body, sleep, wait for room in the
budget) and receives their results, as h11 and httpcore keep protocol apart from
I/O; ``Dezgo`` drives it with blocking calls and ``AsyncDezgo`` with ``await``. An
exception a step raises (a transport error, a cancellation) is thrown into the plan
where the step was yielded, so it is handled where the facts are.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from dezgo import _retry
from dezgo._constants import JOB_ID_HEADER, KEY_HEADER, RAPIDAPI_KEY_HEADER
from dezgo._results import JobTicket, read_success
from dezgo.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    BillingOutcome,
    DezgoError,
    UnexpectedResponseError,
    money_words,
    status_error_for,
)

if TYPE_CHECKING:
    import httpx

    from dezgo._arguments import Prepared
    from dezgo._options import CallOptions
    from dezgo._spec import Operation
    from dezgo.billing import Budget, Charge, Ledger, Reservation
    from dezgo.models import JobStatus

__all__ = [
    "MAX_BODY_BYTES",
    "Admit",
    "Announce",
    "BodyTooLarge",
    "Build",
    "Fetch",
    "Plan",
    "Read",
    "Send",
    "Sleep",
    "Step",
    "call",
]

logger = logging.getLogger("dezgo")

MAX_BODY_BYTES = 256 * 1024 * 1024
"""The largest answer this SDK reads, once decoded (a video is tens of MB): a compressed body that
inflates past it is refused as it is read, never held whole, and the call's charge is kept."""
BALANCE_OPERATION = "account_tx_last"
"""What the budget reads the balance with. Reading it costs nothing (Getting Started), and it is
never itself counted against the budget."""

AUTH_HEADERS = (KEY_HEADER, RAPIDAPI_KEY_HEADER)

T = TypeVar("T")


# -- the steps: what the plan asks of its driver ------------------------------------------------------


@attrs.frozen
class Build:
    """Build the httpx request for ``prepared`` (a sync or an async body): the driver answers it."""

    prepared: Prepared
    timeout: Mapping[str, Any]


@attrs.frozen
class Send:
    """Send ``request`` (headers read, body not yet): the driver answers the response, or raises
    the transport error."""

    request: httpx.Request


@attrs.frozen
class Read:
    """Read ``response``'s body, decoded, at most ``limit`` bytes, then close it: the driver answers
    the bytes, raises ``BodyTooLarge`` past the limit, or the transport error."""

    response: httpx.Response
    limit: int = MAX_BODY_BYTES


@attrs.frozen
class Fetch:
    """GET ``url`` without the key (a job's output file) and read it as ``Read`` does: the driver
    answers ``(response, body)``."""

    url: str
    timeout: Mapping[str, Any]
    limit: int = MAX_BODY_BYTES


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class Admit:
    """Make room in ``budget`` for this call (waiting, without blocking an event loop, while a call
    of unknown price is in flight): the driver answers the ``Reservation`` or raises the refusal."""

    budget: Budget
    operation: str
    key: Any


@attrs.frozen
class Announce:
    """Run ``hook`` once the call is admitted and before anything is sent (``dezgo batch`` makes its
    journal's "started" record durable here); the driver awaits it when it returns an awaitable."""

    hook: Callable[[], Any]


Step = Build | Send | Read | Fetch | Sleep | Admit | Announce
Plan = Generator[Step, Any, T]


class BodyTooLarge(Exception):
    """A body passed ``Read.limit`` as it was read (the driver stops there)."""

    def __init__(self, limit: int, head: bytes) -> None:
        self.limit = limit
        self.head = head
        super().__init__(f"larger than {limit} bytes")


# -- what one call knows while it runs ----------------------------------------------------------------


class CallState:
    """What is known about one call while it runs: whether a request may have left, what it cost."""

    __slots__ = ("charge", "sent")

    def __init__(self) -> None:
        self.sent = False
        self.charge: Charge | None = None


class Context(Protocol):
    """What the plan needs of the client that runs it (``BaseClient`` is one)."""

    base_url: str
    budget: Budget | None
    poll_interval: float
    job_timeout: float

    @property
    def ledger(self) -> Ledger: ...

    @property
    def operations(self) -> Mapping[str, Operation]: ...

    def prepare_call(self, name: str, arguments: Mapping[str, Any], options: CallOptions) -> Prepared: ...

    def default_options(self) -> CallOptions: ...

    def masked_key(self) -> str: ...

    def scrub(self, data: bytes) -> bytes: ...

    def scrub_text(self, text: str) -> str: ...


# -- the plan -------------------------------------------------------------------------------------------


def call(
    ctx: Context,
    prepared: Prepared,
    options: CallOptions,
    *,
    budgeted: bool = True,
    before_send: Callable[[], Any] | None = None,
) -> Plan[Any]:
    """One call, from admission to settlement; returns its result (or raises a typed error).

    ``before_send`` runs once the call is admitted and before anything leaves; if it raises,
    nothing is sent."""
    budget = ctx.budget if budgeted and prepared.op.paid else None
    reservation = (yield from _admit(ctx, budget, prepared)) if budget is not None else None
    state = CallState()
    try:
        if before_send is not None:
            yield Announce(before_send)
        outcome = yield from _send(ctx, prepared, options, state, reservation)
        if isinstance(outcome, JobTicket):
            outcome = yield from _wait_for_job(ctx, prepared, options, outcome, state)
    except BaseException as error:
        _finish(ctx, prepared, reservation, state, error)
        raise
    _finish(ctx, prepared, reservation, state, None)
    return outcome


def _admit(ctx: Context, budget: Budget, prepared: Prepared) -> Plan[Reservation]:
    from dezgo.billing import BudgetClosedError

    if budget.needs_reconcile():
        yield from reconcile(ctx, budget)
    elif budget.needs_baseline(prepared.price_key):
        # A call of unknown price: read the balance first, so that if the call ends "maybe
        # charged" the account can later say what it cost.
        balance, _, done = yield from _read_balance(ctx, budget)
        if balance is not None:
            budget.observe_balance(balance, done)
    try:
        reservation: Reservation = yield Admit(budget, prepared.op.name, prepared.price_key)
    except BudgetClosedError:
        if not (yield from reconcile(ctx, budget)):
            raise
        reservation = yield Admit(budget, prepared.op.name, prepared.price_key)
    return reservation


def _read_balance(ctx: Context, budget: Budget) -> Plan[tuple[Decimal | None, int, int]]:
    from dezgo.billing import parse_amount

    started = budget.tick()
    try:
        options = ctx.default_options()
        prepared = ctx.prepare_call(BALANCE_OPERATION, {}, options)
        transaction = yield from call(ctx, prepared, options, budgeted=False)
        raw = getattr(transaction, "raw", {}).get("balance")
        balance = (
            None
            if raw is None
            else parse_amount(str(raw), header="balance of GET /account/tx/last", signed=True)
        )
    except DezgoError as exc:
        logger.debug("cannot read the balance to reconcile the budget: %s", exc)
        balance = None
    return balance, started, budget.tick()


def reconcile(ctx: Context, budget: Budget) -> Plan[bool]:
    """Ask the account what was debited, to settle calls that may have been charged."""
    balance, started, done = yield from _read_balance(ctx, budget)
    return balance is not None and budget.reconcile(balance, started, done)


def _send(
    ctx: Context, prepared: Prepared, options: CallOptions, state: CallState, reservation: Reservation | None
) -> Plan[Any]:
    import httpx

    op = prepared.op
    attempt = 0
    timeout = options.timeout.as_dict()
    while True:
        request: httpx.Request = yield Build(prepared, timeout)
        started = time.perf_counter()
        state.sent = True
        try:
            response: httpx.Response = yield Send(request)
        except httpx.TransportError as exc:
            _seal(ctx, request)
            _log(op, request, None, time.perf_counter() - started, attempt, exc=exc)
            state.sent = not _retry.not_sent(exc)
            delay = _retry.retry_delay(
                attempt=attempt,
                max_retries=options.max_retries,
                paid=op.paid,
                retry_unsafe=options.retry_unsafe,
                exc=exc,
            )
            if delay is None:
                raise connection_error(ctx, op, exc, request) from exc
            attempt += 1
            yield Sleep(delay)
            continue
        _seal(ctx, request)  # sent whole by now: what is handed out from here on shows no key
        _scrub_headers(ctx, response)
        state.charge = _record_charge(ctx, prepared, response, reservation)
        try:
            body: bytes = yield Read(response, MAX_BODY_BYTES)
        except (httpx.TransportError, BodyTooLarge) as exc:
            _log(op, request, response, time.perf_counter() - started, attempt, state.charge, exc)
            if isinstance(exc, BodyTooLarge):
                raise _too_large(op, response, exc, state.charge) from None
            raise connection_error(ctx, op, exc, request, state.charge) from exc
        body = _scrub_body(ctx, body)
        _log(op, request, response, time.perf_counter() - started, attempt, state.charge)
        if response.is_success:
            return read_success(op, response, body, state.charge)
        delay = _retry.retry_delay(
            attempt=attempt,
            max_retries=options.max_retries,
            paid=op.paid,
            retry_unsafe=options.retry_unsafe,
            status=response.status_code,
            headers=response.headers,
        )
        if delay is None:
            raise _status_error(op, response, body, state.charge)
        state.sent = False  # the answer proved nothing ran
        attempt += 1
        yield Sleep(delay)


def _wait_for_job(
    ctx: Context, prepared: Prepared, options: CallOptions, ticket: JobTicket, state: CallState
) -> Plan[Any]:
    from dezgo._results import media

    op = prepared.op
    status_op = job_status_operation(ctx)
    deadline = time.monotonic() + ctx.job_timeout
    while True:
        poll = ctx.prepare_call(status_op.name, {"tx_id": ticket.tx_id}, options)
        status: JobStatus = yield from call(ctx, poll, options, budgeted=False)
        if status.final:
            break
        if time.monotonic() > deadline:
            raise APITimeoutError(
                f"{op.name}(): job {ticket.tx_id} not final after {ctx.job_timeout:g} s "
                f"({money_words(_billed(state), state.charge)}; its output may still be fetched later)",
                outcome=_billed(state),
                charge=state.charge,
                operation=op.name,
            )
        yield Sleep(ctx.poll_interval)
    if not status.output_url:
        raise APIError(
            f"{op.name}(): job {ticket.tx_id} finished without an output ({status.status}); "
            f"{money_words(_billed(state), state.charge)}",
            outcome=_billed(state),
            charge=state.charge,
            operation=op.name,
        )
    import httpx

    try:
        response, body = yield Fetch(status.output_url, options.timeout.as_dict(), MAX_BODY_BYTES)
    except (httpx.HTTPError, BodyTooLarge) as exc:
        raise APIConnectionError(
            f"{op.name}(): job {ticket.tx_id} was billed but its output could not be downloaded "
            f"({type(exc).__name__}); {money_words(_billed(state), state.charge)}",
            outcome=_billed(state),
            charge=state.charge,
            operation=op.name,
        ) from exc
    if not response.is_success:
        raise APIConnectionError(
            f"{op.name}(): job {ticket.tx_id} was billed but its output answered HTTP {response.status_code}; "
            f"{money_words(_billed(state), state.charge)}",
            outcome=_billed(state),
            charge=state.charge,
            operation=op.name,
        )
    return media(op.name, body, response, state.charge)


def _billed(state: CallState) -> BillingOutcome:
    """A ticket came with the job's charge, or at least the job started: billed, or may have been."""
    return BillingOutcome.CHARGED if state.charge is not None else BillingOutcome.MAYBE_CHARGED


def job_status_operation(ctx: Context) -> Operation:
    for op in ctx.operations.values():
        if op.path.startswith("/unstable/job/"):
            return op
    raise APIError(
        "the spec has no job status operation to poll a job ticket with",
        outcome=BillingOutcome.MAYBE_CHARGED,
    )


# -- reading what arrived ------------------------------------------------------------------------------


def _scrub_headers(ctx: Context, response: httpx.Response) -> None:
    """The key masked in any header that echoes it (a job id, a user id, a proxy's header): the
    ledger, the journal, errors and the command line only ever see what is left."""
    echoed = {name for name, value in response.headers.multi_items() if ctx.scrub_text(value) != value}
    for name in echoed:
        response.headers[name] = ", ".join(ctx.scrub_text(v) for v in response.headers.get_list(name))


def _scrub_body(ctx: Context, body: bytes) -> bytes:
    """A body that is not an image or a video, with the key masked wherever it is echoed."""
    from dezgo.images import sniff_media

    return body if sniff_media(body) is not None else ctx.scrub(body)


def _seal(ctx: Context, request: httpx.Request) -> None:
    """Mask the key in a request that has been sent: errors and results hand it out (httpx masks
    only Authorization in its own repr), and a crash reporter or ``vars(error)`` must not show it."""
    for name in AUTH_HEADERS:
        if name in request.headers:
            request.headers[name] = ctx.masked_key()


def _record_charge(
    ctx: Context, prepared: Prepared, response: httpx.Response, reservation: Reservation | None
) -> Charge | None:
    """Read the billing headers as soon as they arrive, before the body: the money is spent.

    Any answer that carries billing headers started a job, whatever its status. A success of an
    operation whose spec declares them is a charge even when its headers say nothing believable;
    for any other operation, a complete success without them is the service saying that no job
    ran ("responses that started a job also carry" them, Getting Started).
    """
    from dezgo.billing import Charge

    op = prepared.op
    started = _retry.started_a_job(response.headers)
    if not (started or (op.bills_every_success and response.is_success)):
        return None
    charge = Charge.from_headers(response.headers, operation=op.name)
    budget = ctx.budget
    arrived = budget.tick() if budget is not None else None
    if budget is not None and charge.balance_total_usd is not None and arrived is not None:
        budget.observe_balance(charge.balance_total_usd, arrived)
    charge = ctx.ledger.record(
        charge,
        prepared.price_key,
        sent_seq=reservation.seq if reservation is not None else None,
        arrived_seq=arrived,
    )
    if charge.amount_usd is None:
        logger.warning(
            "%s: the job was billed but its amount is unknown (the billing headers were missing or "
            "not believable); the result is kept, the ledger lists it under `unknown`",
            op.name,
        )
    return charge


def _status_outcome(op: Operation, response: httpx.Response, charge: Charge | None) -> BillingOutcome:
    if charge is not None:
        return BillingOutcome.CHARGED
    if not op.paid:
        return BillingOutcome.FREE
    # An error answer proves nothing ran only when it is a 4xx, or a 429/502/503 without a charge.
    if response.status_code < 500 or _retry.status_proves_unbilled(response.status_code, response.headers):
        return BillingOutcome.REFUSED
    return BillingOutcome.MAYBE_CHARGED


def _status_error(op: Operation, response: httpx.Response, body: bytes, charge: Charge | None) -> APIError:
    return status_error_for(
        response, body=body, operation=op.name, outcome=_status_outcome(op, response, charge), charge=charge
    )


def _too_large(op: Operation, response: httpx.Response, exc: BodyTooLarge, charge: Charge | None) -> APIError:
    outcome = (
        BillingOutcome.CHARGED
        if charge is not None
        else (BillingOutcome.MAYBE_CHARGED if op.paid else BillingOutcome.FREE)
    )
    return UnexpectedResponseError(
        f"{op.name}(): the answer is larger than the {exc.limit // (1024 * 1024)} MiB this SDK reads "
        f"(decoded), so it was not read whole; {money_words(outcome, charge)}",
        response=response,
        content=exc.head,
        outcome=outcome,
        charge=charge,
        operation=op.name,
    )


def connection_error(
    ctx: Context, op: Operation, exc: Exception, request: httpx.Request | None, charge: Charge | None = None
) -> APIConnectionError:
    import httpx

    if charge is not None:
        outcome = BillingOutcome.CHARGED
        detail = (
            f"the job was billed ({charge.amount_usd} USD) but the response was lost"
            if charge.charged
            else "the job was billed (amount unknown) but the response was lost"
        )
    elif _retry.not_sent(exc):
        outcome, detail = BillingOutcome.NOT_SENT, "the request was not sent; nothing was charged"
    elif not op.paid:
        outcome, detail = BillingOutcome.FREE, "the request was sent; this operation is free"
    else:
        outcome = BillingOutcome.MAYBE_CHARGED
        detail = "the request was sent, so the job may have run and been billed; not retried"
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if cls is APITimeoutError else f"failed ({type(exc).__name__})"
    return cls(
        f"{op.name}(): {op.method} {ctx.base_url}{op.path} {what}: {detail}",
        outcome=outcome,
        charge=charge,
        request=request,
        operation=op.name,
    )


# -- settling ------------------------------------------------------------------------------------------


def _finish(
    ctx: Context,
    prepared: Prepared,
    reservation: Reservation | None,
    state: CallState,
    error: BaseException | None,
) -> None:
    """Tell the budget (and the ledger) how the call ended: charged, not charged, or maybe charged.

    Fails closed: anything but a proof that nothing was charged leaves the call counted as maybe
    charged until a reconciliation settles it; a call cut short (a timeout, a cancelled task,
    Ctrl-C) may still be billed later, so a balance read soon after cannot prove it free."""
    maybe = False
    lingering = False
    if state.charge is not None or error is None:
        pass
    elif isinstance(error, APIError):
        maybe = error.outcome is BillingOutcome.MAYBE_CHARGED
        lingering = isinstance(error, APITimeoutError)
    elif state.sent and prepared.op.paid:
        maybe, lingering = True, True  # interrupted or failed unforeseen while a request was out
    if reservation is not None:
        if maybe:
            reservation.uncertain(lingering=lingering)
        elif state.charge is not None or error is None:
            reservation.settle(state.charge)
        else:
            reservation.release()
    if maybe:
        reason = type(error).__name__ if error is not None else "unknown"
        ctx.ledger.note_uncertain(prepared.op.name, reason)


# -- logging -------------------------------------------------------------------------------------------


def _log(
    op: Operation,
    request: httpx.Request,
    response: httpx.Response | None,
    elapsed: float,
    attempt: int,
    charge: Charge | None = None,
    exc: BaseException | None = None,
) -> None:
    """One line per request at INFO (``DEZGO_LOG=info``): never the key, the query or a body."""
    if not logger.isEnabledFor(logging.INFO):
        return
    outcome = f"{response.status_code}" if response is not None else ""
    if exc is not None:  # the body may have been cut after the status arrived
        outcome = f"{outcome} {type(exc).__name__}".strip()
    job = response.headers.get(JOB_ID_HEADER) if response is not None else None
    if charge is None:
        money = "no charge"
    elif charge.amount_usd is None:
        money = "charged (amount unknown)"
    else:
        money = f"charged {charge.amount_usd} USD"
    logger.info(
        "%s: %s %s -> %s in %d ms, %s%s%s",
        op.name,
        op.method,
        request.url.path,
        outcome,
        round(elapsed * 1000),
        money,
        f", job {_printable(job[:80])}" if job else "",
        f", retry {attempt}" if attempt else "",
    )


def _printable(text: str) -> str:
    """A header value as one log line can hold it (a hostile job id cannot forge a line)."""
    return "".join(c if c.isprintable() else "?" for c in text)
