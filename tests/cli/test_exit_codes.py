"""Every exit code of ``dezgo._exit.ExitCode``, reached for real, with and without ``--debug``:
``--debug`` changes what is printed (a traceback may be added), never the exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cli_kit import DEZGO, run
from PIL import Image

from dezgo._exit import ExitCode
from dezgo._spec import pinned_document_path


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server.reset()
    return {
        **os.environ,
        "DEZGO_API_KEY": server.api_key,
        "DEZGO_BASE_URL": server.url,
        "DEZGO_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }


def _ok(env, server, tmp_path):
    return env, ["balance"]


def _breaking_change(env, server, tmp_path):
    document = json.loads(pinned_document_path().read_text())
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document))
    del document["paths"]["/text2image"]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(document))
    return env, ["spec", "diff", str(old), str(new)]


def _bad_value(env, server, tmp_path):
    return env, ["text2image", "x", "--width", "333"]


def _key_with_a_newline(env, server, tmp_path):
    return {**env, "DEZGO_API_KEY": server.api_key + "\n"}, ["text2image", "x"]


def _key_with_a_space(env, server, tmp_path):
    return {**env, "DEZGO_API_KEY": server.api_key + " "}, ["balance"]


def _no_key(env, server, tmp_path):
    return {k: v for k, v in env.items() if k != "DEZGO_API_KEY"}, ["text2image", "x"]


def _budget_not_money(env, server, tmp_path):
    return env, ["text2image", "x", "--budget-usd", "lots"]


def _output_under_a_file(env, server, tmp_path):
    (tmp_path / "file").write_text("x")
    return env, ["text2image", "x", "-o", "file/cat.png"]


def _service_fails(env, server, tmp_path):
    server.add_fault("server-error", "text2image", value=500)
    return env, ["text2image", "x"]


def _zero_budget(env, server, tmp_path):
    return env, ["text2image", "x", "--budget-usd", "0"]


def _result_cannot_be_written(env, server, tmp_path):
    Image.new("RGB", (40, 30)).save(tmp_path / "in.png")
    (tmp_path / "big.png").mkdir()  # upscale answers PNG: the result's name is taken by a folder
    return env, ["upscale", "in.png", "-o", "big.gif"]


SCENARIOS = {
    "ok": (_ok, ExitCode.OK),
    "a breaking change": (_breaking_change, ExitCode.FAILED),
    "a bad value": (_bad_value, ExitCode.BAD_INPUT),
    "a key with a trailing newline": (_key_with_a_newline, ExitCode.BAD_INPUT),
    "a key with a trailing space": (_key_with_a_space, ExitCode.BAD_INPUT),
    "no key": (_no_key, ExitCode.BAD_INPUT),
    "a budget that is no amount": (_budget_not_money, ExitCode.BAD_INPUT),
    "an output under a regular file": (_output_under_a_file, ExitCode.BAD_INPUT),
    "the service fails": (_service_fails, ExitCode.API),
    "a zero budget": (_zero_budget, ExitCode.BUDGET),
    "a result that cannot be written": (_result_cannot_be_written, ExitCode.WRITE_FAILED),
}


GUESS_DEPENDENT = {"a result that cannot be written"}
"""Scenarios that ask for a value outside a list our reconstruction only guesses (``-o big.gif``)."""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.reconstruction) if n in GUESS_DEPENDENT else n for n in SCENARIOS],
)
def test_each_exit_code_is_the_same_with_and_without_debug(name, debug, env, server, tmp_path):
    make, code = SCENARIOS[name]
    scenario_env, args = make(env, server, tmp_path)
    result = run(scenario_env, *args, *(["--debug"] if debug else []))
    assert result.returncode == code, result.stderr[-2000:]
    if not debug:
        assert "Traceback" not in result.stderr
    if code not in (ExitCode.OK, ExitCode.FAILED):
        assert "dezgo: error: " in result.stderr, "the one-line message is printed, --debug or not"
    assert server.api_key not in result.stdout + result.stderr


def test_the_scenarios_cover_the_whole_table():
    reached = {code for _, code in SCENARIOS.values()} | {ExitCode.INTERRUPTED}
    assert reached == set(ExitCode)


def _sigint_as_at_a_prompt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_ctrl_c_during_a_call_exits_130_with_and_without_debug(debug, env, server, tmp_path):
    server.add_fault("stall", "text2image", value=30)
    proc = subprocess.Popen(
        [*DEZGO, "text2image", "x", "-o", "cat.png", *(["--debug"] if debug else [])],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background jobs with SIGINT ignored, and Python then
        # keeps it ignored: give the command the terminal's default, as a user at a prompt has it.
        preexec_fn=_sigint_as_at_a_prompt,
    )
    try:
        deadline = time.monotonic() + 20
        while not server.requests.get("text2image") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.requests.get("text2image"), "the call reached the service"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED, stderr
    assert "dezgo: interrupted" in stderr
    assert not Path("cat.png").exists()
