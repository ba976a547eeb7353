"""Batch throughput: 16 jobs in flight against the simulator with 200 ms latency.

The ideal is 16 / 0.2 s = 80 jobs/s; the target is at least 0.9 of it. ``make bench-batch``.
Writes build/bench_batch.json.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dezgo.batch import run  # noqa: E402

IN_FLIGHT, LATENCY, JOBS = 16, 0.2, 640


def _simulator_process() -> tuple[subprocess.Popen[str], str, str]:
    """The simulator in its own process, as the service would be: it does not share our GIL."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dezgo.testing.cli",
            "--port",
            "0",
            "--balance",
            "1000",
            "--fault",
            f"latency={LATENCY}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().split()[-1]
    key = proc.stdout.readline().split()[2]
    return proc, url, key


def main() -> int:
    (ROOT / "build").mkdir(exist_ok=True)
    proc, url, key = _simulator_process()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            manifest = Path(tmp) / "m.jsonl"
            manifest.write_text(
                "\n".join(
                    json.dumps({"id": f"j{i}", "prompt": f"job {i}", "width": 320, "height": 320})
                    for i in range(JOBS)
                )
            )
            start = time.perf_counter()
            summary = run(manifest, Path(tmp) / "out", concurrency=IN_FLIGHT, api_key=key, base_url=url)
            elapsed = time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    ideal = IN_FLIGHT / LATENCY
    rate = summary.done / elapsed
    ratio = rate / ideal
    print(
        f"{JOBS} jobs, {IN_FLIGHT} in flight, {LATENCY * 1000:.0f} ms latency: {rate:.1f} jobs/s of an ideal {ideal:.0f} "
        f"= {ratio:.2f} (target >= 0.90: {'met' if ratio >= 0.9 else 'MISSED'})"
    )
    (ROOT / "build" / "bench_batch.json").write_text(
        json.dumps(
            {
                "jobs": JOBS,
                "in_flight": IN_FLIGHT,
                "latency_s": LATENCY,
                "jobs_per_s": rate,
                "ideal_jobs_per_s": ideal,
                "ratio": ratio,
                "done": summary.done,
                "failed": len(summary.failed),
            },
            indent=2,
        )
        + "\n"
    )
    return 0 if summary.done == JOBS else 1


if __name__ == "__main__":
    raise SystemExit(main())
