"""A pytest plugin for your own tests: ``pytest -p dezgo.testing.pytest_plugin``.

Gives a ``dezgo_simulator`` fixture (one simulator per test session, reset
before each test) and ``dezgo_client`` (a ``Dezgo`` pointed at it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dezgo.testing.server import Simulator


@pytest.fixture(scope="session")
def _dezgo_simulator_session() -> Iterator[Simulator]:
    with Simulator(balance="100.00") as sim:
        yield sim


@pytest.fixture
def dezgo_simulator(_dezgo_simulator_session: Simulator) -> Simulator:
    _dezgo_simulator_session.reset()
    return _dezgo_simulator_session


@pytest.fixture
def dezgo_client(dezgo_simulator: Simulator) -> Iterator[Any]:
    from dezgo import Dezgo

    with Dezgo(api_key=dezgo_simulator.api_key, base_url=dezgo_simulator.url) as client:
        yield client
