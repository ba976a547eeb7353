"""``dezgo batch`` against the simulator: complete, resumable, budgeted, never paying twice."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from dezgo.batch import ManifestError, load_manifest, run
from dezgo.testing import Simulator

BATCH = [sys.executable, "-m", "dezgo.batch"]


def write_manifest(path: Path, count: int, **extra) -> Path:
    rows = [
        {"id": f"job-{i:04d}", "prompt": f"picture {i}", "width": 320, "height": 320, "seed": 1, **extra}
        for i in range(count)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def journal(out: Path) -> list[dict]:
    """The job records (the journal also holds one "run" record per run)."""
    lines = [line for line in (out / ".dezgo-batch.jsonl").read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines[:-1]]
    with contextlib.suppress(json.JSONDecodeError):  # the last line may be half-written (or killed)
        records.append(json.loads(lines[-1]) if lines else {})
    return [r for r in records if "id" in r]


def billed_twice(sim: Simulator) -> list[str]:
    """The simulator's job id is a hash of the request: the same job billed twice repeats it."""
    counts = Counter(c.job_id for c in sim.charges)
    return [job for job, n in counts.items() if n > 1]


def env_for(sim: Simulator) -> dict[str, str]:
    return {**os.environ, "DEZGO_API_KEY": sim.api_key, "DEZGO_BASE_URL": sim.url}


def test_manifests_in_jsonl_and_csv(tmp_path):
    Image.new("RGB", (40, 40)).save(tmp_path / "in.png")
    (tmp_path / "m.csv").write_text(
        "id,operation,prompt,init_image,image,strength,width,output\n"
        "a,image2image,oil painting,in.png,,0.6,,\n"
        "b,,a lighthouse,,,,512,lighthouse\n"
        ",upscale,,,in.png,,,\n"
    )
    jobs, invalid = load_manifest(tmp_path / "m.csv")
    assert invalid == []
    assert [(j.id, j.operation, j.output) for j in jobs[:2]] == [
        ("a", "image2image", "a"),
        ("b", "text2image", "lighthouse"),
    ]
    assert jobs[0].arguments["strength"] == 0.6
    assert jobs[0].arguments["init_image"] == str(tmp_path / "in.png")
    assert jobs[1].arguments["width"] == 512
    assert len(jobs[2].id) == 16, "a stable hash when no id is given"
    assert load_manifest(tmp_path / "m.csv")[0][2].id == jobs[2].id


def test_invalid_rows_are_found_before_any_request(tmp_path, sim):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"id": "ok", "prompt": "x"})
        + "\n"
        + json.dumps({"id": "wide", "prompt": "x", "width": 5000})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "what", "operation": "paint"})
        + "\n"
        + json.dumps({"id": "ok", "prompt": "again"})
        + "\n"
        + json.dumps({"operation": "upscale", "image": "missing.png"})
        + "\n"
    )
    with pytest.raises(ManifestError) as caught:
        run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url)
    lines = [line for line, _ in caught.value.problems]
    assert lines == [2, 3, 4, 5, 6]
    assert "width" in caught.value.problems[0][1]
    assert sim.requests == {}
    summary = run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url, skip_invalid=True)
    assert summary.done == 1
    assert [line for line, _ in summary.invalid] == [2, 3, 4, 5, 6]


def test_a_500_job_manifest_completes(tmp_path, sim):
    manifest = write_manifest(tmp_path / "m.jsonl", 500)
    summary = run(manifest, tmp_path / "out", concurrency=16, api_key=sim.api_key, base_url=sim.url)
    assert (summary.done, summary.failed, summary.uncertain) == (500, [], [])
    assert len(sim.charges) == 500
    assert billed_twice(sim) == []
    assert summary.spent_usd == sim.total_billed
    assert len(list((tmp_path / "out").glob("job-*.png"))) == 500
    assert Image.open(tmp_path / "out" / "job-0007.png").size == (320, 320)


def test_sigkill_halfway_then_resume_bills_every_job_once(tmp_path):
    manifest = write_manifest(tmp_path / "m.jsonl", 300)
    out = tmp_path / "out"
    with Simulator(balance="100", seed=5, faults=["latency=0.02", "drop-after-billing@0.03"]) as sim:
        proc = subprocess.Popen(
            [*BATCH, str(manifest), "-o", str(out), "--concurrency", "8", "-q"], env=env_for(sim)
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (out / ".dezgo-batch.jsonl").exists() and sum(
                e["event"] == "done" for e in journal(out)
            ) >= 100:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first_done = sum(e["event"] == "done" for e in journal(out))
        assert 100 <= first_done < 300
        last = {e["id"]: e["event"] for e in journal(out)}
        in_flight_at_kill = sorted(job for job, event in last.items() if event == "started")
        dropped = sorted(job for job, event in last.items() if event == "uncertain")
        assert dropped, "some responses were lost after billing"
        sim.clear_faults()
        sim.add_fault("latency", value=0.02)
        again = subprocess.run(
            [
                *BATCH,
                str(manifest),
                "-o",
                str(out),
                "--concurrency",
                "8",
                "--report",
                str(tmp_path / "r.json"),
            ],
            env=env_for(sim),
            capture_output=True,
            text=True,
            timeout=120,
        )
        report = json.loads((tmp_path / "r.json").read_text())
        assert report["skipped"] == first_done
        assert report["done"] + report["skipped"] + len(report["uncertain"]) == 300
        listed = sorted(u["id"] for u in report["uncertain"])
        assert listed == sorted(in_flight_at_kill + dropped), "listed, never re-sent"
        assert len(in_flight_at_kill) <= 16, "8 waiting on the service, at most 8 more being written"
        assert again.returncode in (0, 1), again.stderr
        assert billed_twice(sim) == [], "no job was paid for twice"
        assert len(sim.charges) <= 300


def test_drops_after_billing_are_listed_as_uncertain_and_never_resent(tmp_path):
    manifest = write_manifest(tmp_path / "m.jsonl", 60)
    out = tmp_path / "out"
    with Simulator(balance="100", seed=3, faults=["drop-after-billing@0.1"]) as sim:
        first = run(manifest, out, concurrency=6, api_key=sim.api_key, base_url=sim.url)
        assert first.uncertain, "some jobs were dropped after billing"
        assert first.done + len(first.uncertain) == 60
        billed = len(sim.charges)
        sim.clear_faults()
        second = run(manifest, out, concurrency=6, api_key=sim.api_key, base_url=sim.url)
        assert sorted(u.id for u in second.uncertain) == sorted(u.id for u in first.uncertain)
        assert second.done == 0
        assert len(sim.charges) == billed, "nothing re-billed"
        assert second.exit_code == 1
        third = run(manifest, out, concurrency=6, api_key=sim.api_key, base_url=sim.url, retry_uncertain=True)
        assert third.done == len(first.uncertain)
        assert third.exit_code == 0


def test_the_budget_stops_the_run_at_the_right_job(tmp_path, sim):
    manifest = write_manifest(tmp_path / "m.jsonl", 20)
    summary = run(
        manifest, tmp_path / "out", concurrency=1, budget_usd="0.0100", api_key=sim.api_key, base_url=sim.url
    )
    price = sim.charges[0].amount_usd
    expected = int(Decimal("0.0100") / price)  # while spent + price <= budget
    assert summary.done == expected
    assert summary.stopped == "budget"
    assert summary.not_run == 20 - expected
    assert summary.exit_code == 4
    assert sim.total_billed <= Decimal("0.0100")
    assert sim.requests["text2image"] == expected, "the refused job sent nothing"
    resumed = run(
        manifest, tmp_path / "out", concurrency=1, budget_usd="1", api_key=sim.api_key, base_url=sim.url
    )
    assert resumed.done == 20 - expected
    assert billed_twice(sim) == []


def test_rate_limits_are_honoured_and_the_jobs_still_finish(tmp_path, sim):
    sim.add_fault("rate-limit", "text2image", count=5, value=0.05)
    summary = run(
        write_manifest(tmp_path / "m.jsonl", 30),
        tmp_path / "out",
        concurrency=8,
        api_key=sim.api_key,
        base_url=sim.url,
    )
    assert summary.done == 30
    assert sim.requests["text2image"] == 35
    assert billed_twice(sim) == []


def test_progress_bar_on_a_terminal(tmp_path, run_in_pty):
    manifest = write_manifest(tmp_path / "m.jsonl", 40)
    with Simulator(balance="100", faults=["latency=0.05"]) as sim:
        argv = [
            sys.executable,
            "-m",
            "dezgo.cli",
            "batch",
            str(manifest),
            "-o",
            str(tmp_path / "out"),
            "--concurrency",
            "4",
        ]
        code, text = run_in_pty(argv, {**env_for(sim), "TERM": "xterm", "COLUMNS": "120"})
    assert code == 0, text[-500:]
    assert "batch" in text
    assert "40/40" in text
    assert "━" in text, "a drawn progress bar"
    assert "USD" in text
