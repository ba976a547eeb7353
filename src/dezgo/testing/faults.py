"""Faults the simulator can inject, seeded so a run can be replayed.

A fault applies to one operation (or all of them), either to a number of
requests (``count``) or to a share of them (``rate``, drawn from the
simulator's seeded random generator).

Command-line syntax (``dezgo sim --fault ...``, repeatable)::

    KIND[=VALUE][:OPERATION][@RATE][#COUNT]

    --fault latency=0.2                  every request waits 0.2 s first
    --fault rate-limit=3@0.1             10% of requests get 429 with Retry-After: 3
    --fault server-error=503:upscale#2   the next two upscale calls get 503
    --fault drop-after-billing:text2image@0.5

Kinds:

==================== ========================================================
latency=S            wait S seconds, then answer normally
rate-limit=S         429 with ``Retry-After: S`` (default 1); nothing billed
server-error=CODE    500, 502 or 503 (default 500); nothing billed
drop-before-job      close the connection before doing anything; nothing billed
drop-after-billing   do the job, bill it, then close the connection: no response
truncated-body       bill, send the headers and half of the body, then close
stall=S              wait S seconds (default 30) before the job, then answer
==================== ========================================================
"""

from __future__ import annotations

import random
import re
import threading

import attrs

__all__ = ["KINDS", "Fault", "FaultPlan", "parse_fault"]

KINDS = (
    "latency",
    "rate-limit",
    "server-error",
    "drop-before-job",
    "drop-after-billing",
    "truncated-body",
    "stall",
)
DEFAULT_VALUES = {"latency": 0.1, "rate-limit": 1.0, "server-error": 500.0, "stall": 30.0}


@attrs.define
class Fault:
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    operation: str | None = None
    rate: float = 1.0
    count: int | None = None
    value: float | None = None

    @property
    def amount(self) -> float:
        return self.value if self.value is not None else DEFAULT_VALUES.get(self.kind, 0.0)


_SYNTAX = re.compile(
    r"^(?P<kind>[a-z-]+)(?:=(?P<value>[0-9.]+))?(?::(?P<op>[A-Za-z0-9_\-]+))?"
    r"(?:@(?P<rate>[0-9.]+))?(?:#(?P<count>[0-9]+))?$"
)


def parse_fault(text: str) -> Fault:
    """Parse ``KIND[=VALUE][:OPERATION][@RATE][#COUNT]``; raise ValueError saying what is wrong."""
    match = _SYNTAX.match(text.strip())
    if not match:
        raise ValueError(f"bad fault {text!r}: expected KIND[=VALUE][:OPERATION][@RATE][#COUNT]")
    kind = match["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(KINDS)}")
    rate = float(match["rate"]) if match["rate"] else 1.0
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"bad fault {text!r}: the rate must be between 0 and 1")
    operation = match["op"].replace("-", "_") if match["op"] else None
    return Fault(
        kind=kind,
        operation=operation,
        rate=rate,
        count=int(match["count"]) if match["count"] else None,
        value=float(match["value"]) if match["value"] else None,
    )


class FaultPlan:
    """The active faults; picks which (if any) hits each request."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random = random.Random(seed)

    @property
    def faults(self) -> tuple[Fault, ...]:
        return tuple(self._faults)

    def pick(self, operation: str) -> list[Fault]:
        """The faults that hit this request (latency can stack with one other fault)."""
        hits: list[Fault] = []
        with self._lock:
            for fault in self._faults:
                if fault.operation not in (None, operation):
                    continue
                if fault.count is not None and fault.count <= 0:
                    continue
                if fault.rate < 1.0 and self._random.random() >= fault.rate:
                    continue
                if fault.kind != "latency" and any(h.kind != "latency" for h in hits):
                    continue
                if fault.count is not None:
                    fault.count -= 1
                hits.append(fault)
        return hits
