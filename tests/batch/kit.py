"""Helpers for the batch tests and ``scripts/soak_batch.py``: manifests, the journal as written,
a disk that fills up, and a judge that reads the simulator's own charge record (never the
SDK's view of what it spent). Tests get it as the ``kit`` fixture; the soak script loads it
by path."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path

from dezgo.batch.disk import Disk
from dezgo.testing import Simulator

BATCH = [sys.executable, "-m", "dezgo.batch"]
JOURNAL = ".dezgo-batch.jsonl"


def rows(count: int, **extra) -> list[dict]:
    """Jobs the simulator tells apart: a unique prompt each and a fixed seed, so the same job
    sent twice has the same server-side job id (its id is a hash of the request)."""
    return [
        {"id": f"job-{i:04d}", "prompt": f"picture {i}", "width": 320, "height": 320, "seed": 1, **extra}
        for i in range(count)
    ]


def write_manifest(path: Path, count: int, **extra) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows(count, **extra)))
    return path


def write_rows(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in items))
    return path


def journal(out: Path) -> list[dict]:
    """The journal's job records, as JSON (lines that do not parse are left out)."""
    records = []
    for line in (out / JOURNAL).read_bytes().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "id" in record:
            records.append(record)
    return records


def billed_twice(sim: Simulator) -> list[str]:
    """The simulator's job id is a hash of the request: the same job billed twice repeats it."""
    counts = Counter(c.job_id for c in sim.charges)
    return [job for job, n in counts.items() if n > 1]


def env_for(sim: Simulator) -> dict[str, str]:
    return {**os.environ, "DEZGO_API_KEY": sim.api_key, "DEZGO_BASE_URL": sim.url}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reference(items: list[dict]) -> dict[str, tuple[str, str]]:
    """For each row id: (the simulator's job id for that request, the sha256 of its image).

    Asked of a separate, fault-free simulator, once per row: the simulator is deterministic
    (a row with a seed always renders the same image under the same job id), so this maps
    the charge record of the simulator under test back to manifest rows.
    """
    from dezgo import Dezgo

    mapping = {}
    with (
        Simulator(balance="1000") as ref,
        Dezgo(api_key=ref.api_key, base_url=ref.url, max_retries=0) as client,
    ):
        for row in items:
            args = {k: v for k, v in row.items() if k not in ("id", "output")}
            image = client.text2image(**args)
            mapping[row["id"]] = (ref.charges[-1].job_id, sha(image.data))
    return mapping


def judge(sim: Simulator, items: list[dict], out: Path, report: dict) -> dict[str, int]:
    """The simulator's record against what is on disk and what the final report lists.

    Returns the counts; ``billed_twice`` and ``billed_unreported`` must be 0.
    """
    ref = reference(items)
    by_job_id = {job_id: (row_id, digest) for row_id, (job_id, digest) in ref.items()}
    outputs = {row["id"]: row.get("output", row["id"]) for row in items}
    listed = {u["id"] for u in report["uncertain"]} | {u["id"] for u in report["unsaved"]}
    counts = Counter(c.job_id for c in sim.charges)
    unreported = []
    on_disk = 0
    for job_id in counts:
        row_id, digest = by_job_id[job_id]
        candidates = [out / outputs[row_id], out / f"{outputs[row_id]}.png"]
        saved = any(p.is_file() and sha(p.read_bytes()) == digest for p in candidates)
        on_disk += saved
        if not saved and row_id not in listed:
            unreported.append(row_id)
    return {
        "billed_requests": len(sim.charges),
        "jobs_billed": len(counts),
        "billed_twice": sum(1 for n in counts.values() if n > 1),
        "billed_on_disk": on_disk,
        "billed_listed": len(counts) - on_disk - len(unreported),
        "billed_unreported": len(unreported),
        "unreported_ids": unreported,  # type: ignore[dict-item]
    }


class FillingDisk(Disk):
    """A disk with ``free`` bytes left: writes beyond it fail with ENOSPC, as a full disk does.

    Journal appends that do not fit write what fits first (a torn record), like write(2)
    on a full file system; image files are all-or-nothing (the atomic write removes its
    temporary file). ``journal_free`` gives the journal a space of its own, so that the
    first write to fail is a journal append. ``fail_in`` makes every image write under that
    folder fail with ``errno_for_images`` instead (a read-only folder).
    """

    def __init__(
        self,
        free: int,
        *,
        journal_free: int | None = None,
        fail_in: str | None = None,
        errno_for_images: int = errno.ENOSPC,
    ) -> None:
        self.free = free
        self.journal_free = journal_free
        self.fail_in = fail_in
        self.errno_for_images = errno_for_images
        self.lock = threading.Lock()
        self.images_refused = 0
        self.torn = 0

    def _take(self, size: int, *, journal: bool = False) -> int:
        with self.lock:
            if journal and self.journal_free is not None:
                granted = min(size, self.journal_free)
                self.journal_free -= granted
            else:
                granted = min(size, self.free)
                self.free -= granted
            return granted

    def write_file(self, path: Path, data: bytes) -> None:
        if self.fail_in is not None and self.fail_in in path.parts:
            self.images_refused += 1
            raise OSError(self.errno_for_images, os.strerror(self.errno_for_images), str(path))
        if self._take(len(data)) < len(data):
            self.images_refused += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        super().write_file(path, data)

    def append(self, fd: int, data: bytes) -> None:
        granted = self._take(len(data), journal=True)
        if granted < len(data):
            if granted:
                os.write(fd, data[:granted])
                self.torn += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        super().append(fd, data)
