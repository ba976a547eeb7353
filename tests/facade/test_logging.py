"""``DEZGO_LOG``: one line per request, switched on from the environment, never with the key."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

import pytest

from dezgo import _logging

SCRIPT = """
import dezgo
from dezgo import Dezgo
with Dezgo(max_retries=2) as client:
    client.text2image(prompt="a fox", width=320, height=320)
    client.balance()
    try:
        client.text2image(prompt="x", width=320, height=320)
    except dezgo.DezgoError:
        pass
"""
LINE = re.compile(
    r"^\[[\d-]+ [\d:]+ - dezgo:\d+ - INFO\] (?P<op>\w+): (?P<method>GET|POST) (?P<path>\S+) -> "
    r"(?P<status>[\w ]+) in (?P<ms>\d+) ms, (?P<money>no charge|charged [\d.]+ USD|charged \(amount unknown\))"
    r"(?:, job (?P<job>[^,]+))?(?:, retry (?P<retry>\d+))?$"
)


def _run(sim, level: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DEZGO_API_KEY": sim.api_key,
        "DEZGO_BASE_URL": sim.url,
        "DEZGO_LOG": level,
    }
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("level", ["info", "DEBUG"])
def test_dezgo_log_writes_one_line_per_request_and_never_the_key(sim, level):
    sim.add_fault("rate-limit", "text2image", count=1, value=0)  # the first call is retried once
    done = _run(sim, level)
    assert done.returncode == 0, done.stderr
    assert sim.api_key not in done.stderr + done.stdout
    lines = [LINE.match(line) for line in done.stderr.splitlines() if " - dezgo:" in line and "INFO" in line]
    assert all(lines), done.stderr
    requests = [(m["op"], m["status"], m["retry"]) for m in lines if m]
    assert requests[:2] == [("text2image", "429", None), ("text2image", "200", "1")]
    assert ("account_tx_last", "200", None) in requests or ("balance", "200", None) in requests
    assert len(requests) == sim.requests["text2image"] + sum(
        n for op, n in sim.requests.items() if op != "text2image"
    ), "one line per request the simulator saw"
    paid = next(m for m in lines if m and m["status"] == "200" and m["op"] == "text2image")
    assert paid["money"] == f"charged {sim.charges[0].amount_usd} USD"
    assert paid["job"] is not None
    assert paid["path"] == "/text2image"


def test_an_unknown_dezgo_log_value_warns_and_changes_nothing(sim):
    done = _run(sim, "verbose")
    assert done.returncode == 0, done.stderr
    assert "DEZGO_LOG='verbose' is not understood" in done.stderr
    assert " - dezgo:" not in done.stderr.replace("DEZGO_LOG", "")


def test_a_program_that_configured_logging_keeps_its_handlers(monkeypatch):
    root = logging.getLogger()
    handler = logging.NullHandler()
    dezgo_logger = logging.getLogger("dezgo")
    monkeypatch.setattr(root, "handlers", [handler])
    monkeypatch.setattr(dezgo_logger, "level", logging.NOTSET)
    assert _logging.configure_from_env({"DEZGO_LOG": "info"}) == logging.INFO
    assert root.handlers == [handler]
    assert dezgo_logger.level == logging.INFO
    assert _logging.configure_from_env({}) is None
    assert logging.getLogger("httpcore").getEffectiveLevel() > logging.DEBUG, "httpcore logs headers"
