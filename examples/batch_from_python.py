"""A batch from Python: a manifest of jobs, run concurrently, resumable, never paying twice.

``dezgo.batch.run`` is what ``dezgo batch`` runs. Every row is checked before
the first job is sent; a second run of the same manifest into the same folder
sends nothing, because the journal there says every job is done.

Runs against a local simulator unless ``DEZGO_BASE_URL`` is set (then it uses
``DEZGO_BASE_URL`` and ``DEZGO_API_KEY``, which costs real money on the service).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from dezgo import batch

OUT = Path("out/batch")
JOBS = [
    {"id": "harbour", "prompt": "a harbour at dawn", "width": 512, "height": 512},
    {"id": "forest", "prompt": "a misty forest", "format": "jpg"},
    {"id": "city", "prompt": "a city of glass", "operation": "text2image_sdxl"},
]


def run_twice(api_key: str | None, base_url: str | None) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = OUT / "jobs.jsonl"
    manifest.write_text("".join(json.dumps(job) + "\n" for job in JOBS), encoding="utf-8")
    first = batch.run(manifest, OUT, api_key=api_key, base_url=base_url)
    print(f"first run:  {first.done} done, {first.spent_usd} USD")
    again = batch.run(manifest, OUT, api_key=api_key, base_url=base_url)
    print(f"second run: {again.done} done, {again.spent_usd} USD (the journal had them all)")
    print("files:", ", ".join(sorted(p.name for p in OUT.iterdir() if p.suffix in (".png", ".jpg"))))
    return 0 if first.done == len(JOBS) and again.done == 0 else 1


def main() -> int:
    if os.environ.get("DEZGO_BASE_URL"):
        return run_twice(None, None)
    from dezgo.testing import Simulator

    with Simulator(balance="5.00") as sim:
        return run_twice(sim.api_key, sim.url)


if __name__ == "__main__":
    sys.exit(main())
