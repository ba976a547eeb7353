"""kill -9 at seeded random points, then resume: judged by the simulator's own charge record.

Short on purpose (a few seeded runs, seconds); ``make soak-batch`` runs the long version
(1,000 jobs, at least 20 kills and a real full disk) and prints the same figures.
"""

from __future__ import annotations

import json
import random
import subprocess
import time

import pytest

from dezgo.testing import Simulator

FAULTS = [
    "latency=0.01",
    "drop-after-billing@0.04",
    "truncated-body@0.03",
    "rate-limit=0.01@0.04",
    "server-error=503@0.04",
    "server-error=500@0.02",
]


def _records(path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_kill_9_at_random_points_then_resume_bills_no_job_twice_and_loses_none(tmp_path, kit, seed):
    rng = random.Random(seed)
    items = kit.rows(48)  # enough work that a loaded machine cannot finish it between two kills
    for i, row in enumerate(items):
        if i % 3 == 0:
            row["output"] = f"sub/{i % 2}/n{i}.png"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    kills = 0
    with Simulator(balance="100", seed=seed, faults=FAULTS) as sim:
        env = kit.env_for(sim)
        argv = [*kit.BATCH, str(manifest), "-o", str(out), "--concurrency", "4", "-q"]
        for _ in range(6):
            if kills >= 3:
                break
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            target = _records(out / kit.JOURNAL) + rng.randint(1, 25)
            deadline = time.monotonic() + 30
            while (
                proc.poll() is None and _records(out / kit.JOURNAL) < target and time.monotonic() < deadline
            ):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.02))
            if proc.poll() is None:
                proc.kill()
                kills += 1
            proc.wait()
        sim.clear_faults()
        final = subprocess.run(
            [*argv, "--report", str(tmp_path / "report.json")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        report = json.loads((tmp_path / "report.json").read_text())
        verdict = kit.judge(sim, items, out, report)
    assert kills >= 2, "the kills landed while the batch was running"
    assert verdict["billed_twice"] == 0, verdict
    assert verdict["billed_unreported"] == 0, verdict
    accounted = report["done"] + report["skipped"] + len(report["uncertain"]) + len(report["failed"])
    assert accounted == len(items), report
    assert final.returncode in (0, 1), final.stderr
    assert "Traceback" not in final.stderr
