"""``make contract-live``'s own test: the simulator stands in for the service."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from dezgo.testing import Simulator

LIVE = Path(__file__).with_name("test_live.py")


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(LIVE),
            "-m",
            "live",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "-s",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_a_key_live_mode_is_skipped_with_a_reason():
    env = {k: v for k, v in os.environ.items() if k != "DEZGO_API_KEY"}
    result = _run(env)
    assert result.returncode in (0, 5), result.stdout
    assert "live contract tests need DEZGO_API_KEY" in result.stdout
    assert "failed" not in result.stdout


def test_live_mode_against_the_simulator_stops_at_the_cap():
    with Simulator(balance="5.00") as sim:
        env = {
            **os.environ,
            "DEZGO_API_KEY": sim.api_key,
            "DEZGO_BASE_URL": sim.url,
            "DEZGO_LIVE_BUDGET_USD": "0.01",
        }
        result = _run(env)
        assert result.returncode == 0, result.stdout[-3000:]
        assert "live budget reached, stopping" in result.stdout
        assert sim.total_billed <= Decimal("0.01"), sim.total_billed
        assert sim.total_billed > 0
        assert sim.requests.get("info", 0) >= 1
        paid = [op for op, count in sim.requests.items() if op not in ("info", "account_tx_last")]
        assert 0 < len(paid) < 15, "some paid operations ran, the rest were stopped"
