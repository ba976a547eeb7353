"""The batch journal: what was started, done, failed or left uncertain, durable across crashes.

Append-only, one fsynced JSON line per event, in ``OUT/.dezgo-batch.jsonl``.
``started`` is written *before* a request is sent; ``done`` after the image is
safely on disk; so a job that was started but never finished is known to be
uncertain (it may have been billed) after any crash.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any

from dezgo.batch.manifest import Job

__all__ = ["JOURNAL", "Journal"]

JOURNAL = ".dezgo-batch.jsonl"


class Journal:
    """Append-only, one fsynced JSON line per event."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL
        self.state: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    event = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by a crash: the event it described did not complete
                self.state[event["id"]] = event
        self._handle = self.path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, event: str, job: Job, **fields: Any) -> None:
        record = {"event": event, "id": job.id, "at": dt.datetime.now(dt.timezone.utc).isoformat(), **fields}
        line = json.dumps(record, default=str) + "\n"
        with self._lock:
            self._handle.write(line)
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self.state[job.id] = record

    async def awrite(self, event: str, job: Job, **fields: Any) -> None:
        """The same, off the event loop: an fsync must not stall every other job."""
        await asyncio.to_thread(self.write, event, job, **fields)

    def close(self) -> None:
        self._handle.close()
