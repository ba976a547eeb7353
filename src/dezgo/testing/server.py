"""``Simulator``: the simulator served by uvicorn on 127.0.0.1 in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from dezgo.testing.app import SimulatorApp
from dezgo.testing.faults import Fault, FaultPlan, parse_fault
from dezgo.testing.frontend import MAX_BODY_BYTES
from dezgo.testing.state import BilledJob, SimState

__all__ = ["Simulator"]


def _money(value: str | Decimal | int) -> Decimal:
    from dezgo.billing import money

    return money(value, "balance")


class Simulator:
    """A local Dezgo service for demos and tests.

    ``with Simulator(balance="5.00") as sim: Dezgo(api_key=sim.api_key, base_url=sim.url)``.
    It listens on a free port of 127.0.0.1 (or ``port``), answers every operation of the
    pinned spec (or of ``spec_path``), bills a test account, and injects the faults it is
    given. ``sim.charges`` is its server-side record of what was billed.

    It refuses what the service refuses where the evidence is firm and takes what the
    service takes where it is weak, as the facade judges it (docs/simulator.md);
    ``strict=True`` refuses values that break L/G constraints too, and ``max_body_bytes``
    is its own limit on a request body (413 above it).
    """

    def __init__(
        self,
        *,
        balance: str | Decimal | int = "5.00",
        seed: int = 0,
        faults: Sequence[Fault | str] = (),
        spec_path: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        latency: float = 0.0,
        async_jobs: bool = False,
        middleware: Callable[[Any], Any] | None = None,
        strict: bool = False,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.state = SimState(_money(balance), api_key)
        self.fault_plan = FaultPlan(seed)
        self.seed = seed
        for fault in faults:
            self.add_fault(fault)
        if latency:
            self.add_fault(Fault("latency", value=latency))
        self.app = SimulatorApp(
            self.state,
            self.fault_plan,
            spec_path=spec_path,
            seed=seed,
            async_jobs=async_jobs,
            strict=strict,
            max_body_bytes=max_body_bytes,
        )
        # An ASGI wrapper around the app: contract tests use it to break the simulator on purpose.
        self.asgi: Any = middleware(self.app) if middleware is not None else self.app
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Simulator:
        if self._thread is not None:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._port))
        sock.listen(128)
        sock.set_inheritable(True)
        self._socket = sock
        config = uvicorn.Config(
            self.asgi, log_level="critical", access_log=False, lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="dezgo-simulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Dezgo simulator did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- what tests look at -------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the simulator is not running")
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def api_key(self) -> str:
        return self.state.primary.api_key

    @property
    def user_id(self) -> str:
        return self.state.primary.user_id

    @property
    def balance(self) -> Decimal:
        with self.state.lock:
            return self.state.primary.balance

    @property
    def charges(self) -> list[BilledJob]:
        with self.state.lock:
            return list(self.state.charges)

    @property
    def total_billed(self) -> Decimal:
        return sum((job.amount_usd for job in self.charges), Decimal(0))

    @property
    def requests(self) -> dict[str, int]:
        """Requests received per operation name (including rejected and faulted ones)."""
        with self.state.lock:
            return dict(self.state.requests)

    def add_account(self, balance: str | Decimal | int) -> str:
        """Open another account; returns its API key."""
        return self.state.add_account(_money(balance)).api_key

    def add_fault(
        self,
        kind: Fault | str,
        operation: str | None = None,
        *,
        rate: float = 1.0,
        count: int | None = None,
        value: float | None = None,
    ) -> Fault:
        """Inject a fault: a Fault, a ``--fault`` string, or a kind with its options."""
        if isinstance(kind, Fault):
            fault = kind
        elif (
            operation is None
            and count is None
            and value is None
            and rate == 1.0
            and any(c in kind for c in "=:@#")
        ):
            fault = parse_fault(kind)
        else:
            fault = Fault(kind=kind, operation=operation, rate=rate, count=count, value=value)
        self.fault_plan.add(fault)
        return fault

    def clear_faults(self) -> None:
        self.fault_plan.clear()

    def reset(self) -> None:
        """Forget charges, request counts and faults; restore the starting balance and the chosen seeds."""
        self.fault_plan.clear()
        self.fault_plan.reseed(self.seed)
        self.state.reset()
        self.app.reset_seeds()

    def __repr__(self) -> str:
        where = self.url if self._socket is not None else "stopped"
        return f"<Simulator {where} balance={self.balance} USD>"
