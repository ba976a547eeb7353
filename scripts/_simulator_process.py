"""The simulator in its own process, for benchmarks: it must not share the client's GIL.

A real service runs elsewhere; a simulator on a thread of the benchmark process would slow
down with every bit of client work and charge it twice.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import attrs


@attrs.frozen
class SimulatorProcess:
    url: str
    api_key: str


@contextmanager
def simulator_process(*args: str) -> Iterator[SimulatorProcess]:
    """Start ``dezgo sim`` on a free port with ``args`` (``--balance``, ``--fault`` ...)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dezgo.testing.cli", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[-1]
        key = proc.stdout.readline().split()[2]
        yield SimulatorProcess(url=url, api_key=key)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
