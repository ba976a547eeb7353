"""A write error stops the run cleanly: nothing new is sent, jobs in flight finish, every job billed
but not saved is listed with its charge, the money adds up, and the exit code says so.

A deterministic seam (a ``Disk`` that fills up) proves it on every machine; a real 2 MB tmpfs
and a read-only mount prove it against the kernel where mounting is permitted.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from dezgo._exit import ExitCode
from dezgo.batch import run
from dezgo.testing import Simulator


class _Watching:
    """Notes how many requests the service had received when the disk first refused a write."""

    def __init__(self, disk, sim) -> None:
        self.disk, self.sim = disk, sim
        self.requests_at_first_error: int | None = None

    def __getattr__(self, name):
        return getattr(self.disk, name)

    def _noted(self, call, *args):
        try:
            return call(*args)
        except OSError:
            if self.requests_at_first_error is None:
                self.requests_at_first_error = self.sim.requests.get("text2image", 0)
            raise

    def write_file(self, path, data):
        return self._noted(self.disk.write_file, path, data)

    def append(self, fd, data):
        return self._noted(self.disk.append, fd, data)


@pytest.mark.parametrize("free", [30_000, 61_000, 95_000])
def test_a_full_disk_stops_the_run_and_lists_every_billed_job_not_saved(tmp_path, sim, kit, free):
    items = kit.rows(60)
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    disk = _Watching(kit.FillingDisk(free), sim)
    summary = run(manifest, out, concurrency=4, api_key=sim.api_key, base_url=sim.url, disk=disk)

    assert summary.stopped == "write_failed"
    assert summary.exit_code == ExitCode.WRITE_FAILED == 5
    assert "No space left on device" in summary.reason
    assert summary.spent_usd == sim.total_billed, "everything billed is counted, saved or not"
    sent_after = sim.requests["text2image"] - disk.requests_at_first_error
    assert sent_after <= 4, "at most the jobs already in flight reached the service after the first error"
    verdict = kit.judge(sim, items, out, summary.as_json())
    assert verdict["billed_twice"] == 0
    assert verdict["billed_unreported"] == 0, verdict
    assert all(u.amount_usd is not None for u in summary.unsaved), "each listed with its charge"
    assert summary.done + len(summary.unsaved) + len(summary.uncertain) + summary.not_run == 60

    # Space again: the rerun sends only what never was, and lists what may have been billed.
    billed = {c.job_id for c in sim.charges}
    again = run(manifest, out, concurrency=4, api_key=sim.api_key, base_url=sim.url)
    assert again.exit_code in (ExitCode.OK, ExitCode.FAILED)
    assert kit.billed_twice(sim) == []
    listed = {u.id for u in again.uncertain}
    assert {u.id for u in summary.unsaved} <= listed, "billed but not saved stays listed, not re-sent"
    assert again.done + again.skipped + len(again.uncertain) == 60
    assert len({c.job_id for c in sim.charges} - billed) == again.done


def test_a_journal_that_cannot_be_written_stops_the_run_and_its_torn_record_is_reported(tmp_path, sim, kit):
    items = kit.rows(20)
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    disk = _Watching(kit.FillingDisk(10**9, journal_free=4_000), sim)
    first = run(manifest, out, concurrency=2, api_key=sim.api_key, base_url=sim.url, disk=disk)
    assert first.stopped == "write_failed"
    assert "could not write the journal (No space left on device)" in first.reason
    assert disk.torn == 1, "the append that did not fit left half a record"
    assert sim.requests["text2image"] - disk.requests_at_first_error <= 2
    assert first.spent_usd == sim.total_billed
    assert kit.judge(sim, items, out, first.as_json())["billed_unreported"] == 0

    second = run(manifest, out, concurrency=2, api_key=sim.api_key, base_url=sim.url)
    assert len(second.journal_problems) == 1
    assert "torn" in second.journal_problems[0][1]
    assert kit.billed_twice(sim) == []
    assert second.done + second.skipped + len(second.uncertain) == 20
    assert kit.judge(sim, items, out, second.as_json())["billed_unreported"] == 0


def test_a_folder_refusing_writes_after_billing_stops_the_run_with_the_money_counted(tmp_path, sim, kit):
    items = kit.rows(12)
    for i, row in enumerate(items):
        row["output"] = f"ro/{i}.png" if i >= 3 else f"ok/{i}.png"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    disk = _Watching(kit.FillingDisk(10**9, fail_in="ro", errno_for_images=errno.EROFS), sim)
    summary = run(manifest, tmp_path / "out", concurrency=1, api_key=sim.api_key, base_url=sim.url, disk=disk)
    assert summary.stopped == "write_failed"
    assert "Read-only file system" in summary.reason
    assert summary.done == 3
    # With one request in flight, the next job may already be on its way while an image is written.
    unsaved = [u.output for u in summary.unsaved]
    assert unsaved in (["ro/3.png"], ["ro/3.png", "ro/4.png"]), "stopped at the first refusal"
    assert sim.requests["text2image"] - disk.requests_at_first_error <= 1
    assert summary.spent_usd == sim.total_billed == (3 + len(unsaved)) * sim.charges[0].amount_usd
    assert summary.not_run == 12 - 3 - len(unsaved)


# -- the real thing: a tmpfs that fills up, a read-only mount ---------------------------------------


@contextmanager
def mounted(options: str):
    folder = Path(tempfile.mkdtemp(prefix="dezgo-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        os.rmdir(folder)
        pytest.skip(
            f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not permitted'}); the FillingDisk tests cover ENOSPC"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        os.rmdir(folder)


@pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a tmpfs needs root; the FillingDisk tests cover ENOSPC"
)
def test_a_real_full_tmpfs_stops_the_cli_with_exit_5_and_no_traceback(tmp_path, kit):
    items = kit.rows(80)
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with mounted("size=256k") as disk, Simulator(balance="100", faults=["latency=0.01"]) as sim:
        out = disk / "out"
        done = subprocess.run(
            [*kit.BATCH, str(manifest), "-o", str(out), "--concurrency", "4", "--json", "-q"],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 5, done.stderr
        assert "Traceback" not in done.stderr
        report = json.loads(done.stdout)
        assert report["stopped"] == "write_failed"
        assert report["spent_usd"] == format(sim.total_billed, "f")
        verdict = kit.judge(sim, items, out, report)
        assert verdict["billed_twice"] == 0
        assert verdict["billed_unreported"] == 0, verdict
        assert all(u["amount_usd"] for u in report["unsaved"])


@pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting needs root; the FillingDisk test covers a refusing folder"
)
def test_a_read_only_image_folder_is_found_before_anything_is_sent(tmp_path, kit):
    items = kit.rows(3)
    for row in items:
        row["output"] = f"ro/{row['id']}.png"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    (out / "ro").mkdir(parents=True)
    with Simulator(balance="100") as sim:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(out / "ro")], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip("cannot mount here")
        try:
            cli = subprocess.run(
                [*kit.BATCH, str(manifest), "-o", str(out), "-q"],
                env=kit.env_for(sim),
                capture_output=True,
                text=True,
            )
        finally:
            subprocess.run(["umount", "-l", str(out / "ro")], check=False)
        assert cli.returncode == 5, cli.stdout + cli.stderr
        assert "cannot be written" in cli.stdout
        assert "nothing was sent" in cli.stdout
        assert sim.requests == {}
