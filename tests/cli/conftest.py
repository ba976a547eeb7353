"""Command-line test fixtures: one simulator per test module, and the shared runner (cli_kit)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="module")
def server():
    from dezgo.testing import Simulator

    with Simulator(balance="50.00") as sim:
        yield sim
