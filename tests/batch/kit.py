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


# -- a real browser, for the gallery (Debian's chromium and chromedriver, driven by selenium) ---------

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
BROWSER_REQUIRED = "DEZGO_REQUIRE_BROWSER"
"""Set (to 1) by CI's set-up, which installs the browser: there a missing browser fails the test."""
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--allow-file-access-from-files",
)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    import importlib.util

    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if importlib.util.find_spec("selenium") is None:
        missing.append("the selenium package")
    if not missing:
        return None
    return (
        f"needs {', '.join(missing)}: run `make browser` (Debian's chromium and chromium-driver) and "
        "`make install` (selenium); CI's set-up (.ci/run) does both"
    )


class chromium:
    """Headless Chromium with a fresh profile, as a context manager giving a selenium driver.

    Started with the flags that keep it off the network (no background requests, no updates)
    and a window of ``width`` x ``height``.
    """

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.size = (width, height)

    def __enter__(self):  # type: ignore[no-untyped-def]
        import tempfile

        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.TemporaryDirectory(prefix="dezgo-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--window-size={self.size[0]},{self.size[1]}")
        options.add_argument(f"--user-data-dir={self._profile.name}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request, for requests()
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        except BaseException:
            self._profile.cleanup()
            raise
        return self.driver

    @staticmethod
    def requests(driver) -> list[str]:  # type: ignore[no-untyped-def]
        """The URLs the page asked for since the last call (Chromium's network log)."""
        urls = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        try:
            self.driver.quit()
        finally:
            self._profile.cleanup()
