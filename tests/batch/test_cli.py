"""``dezgo batch`` behaves like the rest of ``dezgo``: global options, --help, --json, Ctrl-C, progress."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pytest

from dezgo._exit import ExitCode
from dezgo._progress import Progress
from dezgo.batch import run
from dezgo.testing import Simulator

DEZGO = [sys.executable, "-m", "dezgo.cli"]


def no_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("DEZGO_")}


@pytest.mark.parametrize("where", ["before", "after"])
def test_json_and_the_connection_options_apply_wherever_they_are_given(tmp_path, sim, kit, where):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 3)
    key = tmp_path / "key"
    key.write_text(sim.api_key + "\n")
    options = ["--json", "--base-url", sim.url, "--api-key-file", str(key), "--timeout", "30", "-q"]
    command = ["batch", str(manifest), "-o", str(tmp_path / "out")]
    argv = [*DEZGO, *options, *command] if where == "before" else [*DEZGO, *command, *options]
    done = subprocess.run(argv, env=no_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["done"], report["exit_code"], report["spent_usd"]) == (3, 0, format(sim.total_billed, "f"))


def test_a_missing_key_is_refused_before_out_is_touched(tmp_path, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 1)
    done = subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(tmp_path / "out")], env=no_env(), capture_output=True, text=True
    )
    assert done.returncode == ExitCode.BAD_INPUT
    assert "no Dezgo API key" in done.stderr
    assert not (tmp_path / "out").exists()


def test_help_describes_the_manifest_journal_budget_and_exit_codes():
    for argv in ([*DEZGO, "batch", "--help"], [sys.executable, "-m", "dezgo.batch", "--help"]):
        text = subprocess.run(argv, capture_output=True, text=True, env=no_env(), timeout=30).stdout
        assert 'Example row:\n  {"id": "cat-1", "prompt": "a cat in a hat"' in text
        assert "output      optional path inside OUT" in text
        assert "OUT/.dezgo-batch.jsonl is the journal" in text
        assert "The budget belongs to the batch" in text
        assert "To raise it, run again with a larger total" in text
        for code in (
            "0 every job done",
            "3 the service",
            "4 the batch's budget",
            "5 a write failed",
            "130 interrupted",
        ):
            assert code in text
        for option in ("--retry-uncertain", "--retry-missing", "--connect-retries", "--api-key-file"):
            assert option in text


def test_timeout_applies_to_each_job(tmp_path, kit):
    # A simulator of its own: the stalled job still ends (and bills) after this test.
    with Simulator(balance="100", faults=["stall=1.2#1"]) as sim:
        argv = [*kit.BATCH, str(kit.write_manifest(tmp_path / "m.jsonl", 3)), "-o", str(tmp_path / "out")]
        done = subprocess.run(
            [*argv, "--timeout", "0.3", "--json", "-q"],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
            timeout=60,
        )
    report = json.loads(done.stdout)
    assert report["done"] == 2
    assert [u["reason"] for u in report["uncertain"]] == [
        "no image came back after the request was sent (it may have been billed): no answer within the timeout"
    ]
    assert done.returncode == ExitCode.FAILED


def test_debug_logs_requests_and_never_the_key(tmp_path, kit):
    with Simulator(balance="100", faults=["truncated-body#1"]) as sim:
        out = tmp_path / "out"
        argv = [*kit.BATCH, str(kit.write_manifest(tmp_path / "m.jsonl", 3)), "-o", str(out), "--debug"]
        done = subprocess.run(
            [*argv, "--report", str(tmp_path / "r.json")],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "POST " in done.stderr, "request logs"
        assert "/text2image" in done.stderr
        for text in (
            done.stdout,
            done.stderr,
            (out / kit.JOURNAL).read_text(),
            (tmp_path / "r.json").read_text(),
        ):
            assert sim.api_key not in text
            assert sim.api_key[6:30] not in text


def test_ctrl_c_is_acknowledged_at_once_the_jobs_in_flight_finish_and_a_rerun_resumes(tmp_path, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 16)
    out = tmp_path / "out"
    with Simulator(balance="100", faults=["latency=0.6"]) as sim:
        proc = subprocess.Popen(
            [*kit.BATCH, str(manifest), "-o", str(out), "--concurrency", "4", "-q"],
            env=kit.env_for(sim),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while sim.requests.get("text2image", 0) < 4:
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        ack = proc.stderr.readline()
        still_running = proc.poll() is None
        stdout, _ = proc.communicate(timeout=60)
        assert ack.startswith("dezgo batch: stopping after 4 job(s) in flight"), ack
        assert still_running, "acknowledged while the jobs in flight were still running"
        assert proc.returncode == ExitCode.INTERRUPTED
        assert "run the same command again to resume" in stdout
        assert "4 done" in stdout
        assert "12 not run" in stdout
        events = kit.journal(out)
        started = {e["id"] for e in events if e["event"] == "started"}
        assert started == {e["id"] for e in events if e["event"] == "done"}, "nothing left uncertain"
        sim.clear_faults()
        again = subprocess.run(
            [*kit.BATCH, str(manifest), "-o", str(out), "-q"],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert len(sim.charges) == 16
        assert kit.billed_twice(sim) == []


def test_a_second_ctrl_c_stops_at_once_and_lists_the_jobs_in_flight(tmp_path, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 12)
    out = tmp_path / "out"
    argv = [*kit.BATCH, str(manifest), "-o", str(out), "--concurrency", "4", "-q"]
    with Simulator(balance="100", faults=["latency=5.0"]) as sim:
        proc = subprocess.Popen(
            argv, env=kit.env_for(sim), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        while sim.requests.get("text2image", 0) < 4:
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        assert proc.stderr.readline().startswith("dezgo batch: stopping now: 4 job(s) in flight")
        stdout, _ = proc.communicate(timeout=60)
        assert proc.returncode == ExitCode.INTERRUPTED
        assert stdout.count("stopped at once while in flight (it may have been billed)") == 4
        sim.clear_faults()
        again = subprocess.run(argv, env=kit.env_for(sim), capture_output=True, text=True, timeout=60)
        assert again.returncode == ExitCode.FAILED, "four uncertain, listed"
        assert kit.billed_twice(sim) == []
        assert again.stdout.count("started by an earlier run") == 4


def test_sigterm_stops_like_ctrl_c(tmp_path, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 12)
    with Simulator(balance="100", faults=["latency=0.5"]) as sim:
        proc = subprocess.Popen(
            [*kit.BATCH, str(manifest), "-o", str(tmp_path / "out"), "-q", "--json"],
            env=kit.env_for(sim),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while sim.requests.get("text2image", 0) < 4:
            time.sleep(0.005)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED
    assert json.loads(stdout)["stopped"] == "interrupted"
    assert "Traceback" not in stderr


def test_progress_counts_and_money_agree_on_every_line(tmp_path, sim, kit, monkeypatch):
    lines = io.StringIO()

    class EveryLine(Progress):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **{**kwargs, "interval": 0.0, "stream": lines, "quiet": False})

    monkeypatch.setattr("dezgo.batch.runner.Progress", EveryLine)
    sim.add_fault("truncated-body", "text2image", rate=0.2)  # billed, charge seen, no image
    sim.add_fault("latency", value=0.01)
    summary = run(
        kit.write_manifest(tmp_path / "m.jsonl", 40),
        tmp_path / "out",
        concurrency=6,
        api_key=sim.api_key,
        base_url=sim.url,
    )
    price = sim.charges[0].amount_usd
    pattern = re.compile(
        r"batch: (\d+)/40: (\d+) done, (\d+) skipped, (\d+) failed, (\d+) uncertain; ([\d.]+) USD"
    )
    checked = 0
    for line in lines.getvalue().splitlines():
        match = pattern.fullmatch(line)
        if match is None:
            continue
        completed, done, skipped, failed, uncertain = map(int, match.groups()[:5])
        assert completed == done + skipped + failed + uncertain, line
        assert Decimal(match[6]) == (done + uncertain) * price, line
        checked += 1
    assert checked >= 15, "a line each time the counts changed (lines that repeat are not printed)"
    assert summary.uncertain
    assert summary.spent_usd == sim.total_billed


def test_the_report_may_not_replace_the_journal_or_the_manifest(tmp_path, sim, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 1)
    out = tmp_path / "out"
    for report in (out / ".dezgo-batch.jsonl", manifest):
        done = subprocess.run(
            [*kit.BATCH, str(manifest), "-o", str(out), "--report", str(report)],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
        )
        assert done.returncode == ExitCode.BAD_INPUT
        assert "nothing was sent" in done.stderr
    assert sim.requests == {}
