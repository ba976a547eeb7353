"""Batch throughput: 16 jobs in flight against the simulator with 200 ms latency.

The ideal is 16 / 0.2 s = 80 jobs/s; the target is at least 0.9 of it. Part of ``make bench``.
Writes build/bench_batch.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from _simulator_process import simulator_process  # noqa: E402

from dezgo.batch import run  # noqa: E402

IN_FLIGHT, LATENCY, JOBS = 16, 0.2, 640


def main() -> int:
    (ROOT / "build").mkdir(exist_ok=True)
    with (
        simulator_process("--balance", "1000", "--fault", f"latency={LATENCY}") as sim,
        tempfile.TemporaryDirectory() as tmp,
    ):
        manifest = Path(tmp) / "m.jsonl"
        manifest.write_text(
            "\n".join(
                json.dumps({"id": f"j{i}", "prompt": f"job {i}", "width": 320, "height": 320})
                for i in range(JOBS)
            )
        )
        start = time.perf_counter()
        summary = run(
            manifest, Path(tmp) / "out", concurrency=IN_FLIGHT, api_key=sim.api_key, base_url=sim.url
        )
        elapsed = time.perf_counter() - start
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
