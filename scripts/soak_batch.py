"""The long campaign behind ``dezgo batch``'s promises: ``make soak-batch``.

1,000 jobs (a unique prompt each, a fixed seed), against a simulator injecting drops
after billing, truncated bodies, 429s, 500s and 503s, run as ``python -m dezgo.batch``
subprocesses that are killed with SIGKILL at seeded random points (at least 20 times),
into an OUT folder on a 2 MB tmpfs, so that one run ends on a real full disk. Then the
tmpfs is grown (space freed), the kills go on, and a last run finishes the batch.

The judge is the simulator's own charge record, mapped to manifest rows through a
separate fault-free simulator (see tests/batch/kit.py): no job may be billed twice, and
every billed job's image must be on disk (byte for byte) or listed in the last report.
Needs root to mount the tmpfs; without it, the full disk is simulated in-process with
the tests' FillingDisk and the figures say so. Writes build/soak_batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dezgo.testing import Simulator  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from _batch_kit import load_kit  # noqa: E402

FAULTS = [
    "latency=0.01",
    "drop-after-billing@0.02",
    "truncated-body@0.01",
    "rate-limit=0.05@0.02",
    "server-error=503@0.02",
    "server-error=500@0.01",
    "drop-before-job@0.01",
]
BATCH = [sys.executable, "-m", "dezgo.batch"]


def _records(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _mount(folder: Path, size: str, *, remount: bool = False) -> bool:
    options = f"remount,size={size}" if remount else f"size={size}"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


class Campaign:
    def __init__(self, args: argparse.Namespace, kit: Any, sim: Simulator, work: Path, out: Path) -> None:
        self.args, self.kit, self.sim, self.work, self.out = args, kit, sim, work, out
        self.rng = random.Random(args.seed)
        self.items = kit.rows(args.jobs)
        for i, row in enumerate(self.items):
            if i % 4 == 0:
                row["output"] = f"sub/{i % 7}/n{i}.png"
        self.manifest = kit.write_rows(work / "m.jsonl", self.items)
        self.runs = 0
        self.kills = 0
        self.exit_codes: list[int] = []
        self.tracebacks = 0

    def argv(self, *extra: str) -> list[str]:
        return [*BATCH, str(self.manifest), "-o", str(self.out), "--concurrency", "8", "-q", *extra]

    def run_once(self, *, kill: bool, extra: tuple[str, ...] = ()) -> tuple[int | None, str, str]:
        """One run; killed with SIGKILL after a seeded number of journal records when ``kill``."""
        self.runs += 1
        proc = subprocess.Popen(
            self.argv(*extra),
            env=self.kit.env_for(self.sim),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if kill:
            target = _records(self.out / self.kit.JOURNAL) + self.rng.randint(2, 60)
            deadline = time.monotonic() + 60
            while proc.poll() is None and _records(self.out / self.kit.JOURNAL) < target:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.002)
            time.sleep(self.rng.uniform(0, 0.03))
            if proc.poll() is None:
                proc.kill()
                self.kills += 1
                proc.communicate()
                return None, "", ""
        stdout, stderr = proc.communicate(timeout=600)
        self.exit_codes.append(proc.returncode)
        self.tracebacks += "Traceback" in stderr
        return proc.returncode, stdout, stderr


def _disk_full_in_process(campaign: Campaign) -> dict[str, Any]:
    """Without a tmpfs: the same stop, on the tests' FillingDisk (deterministic ENOSPC)."""
    from dezgo.batch import run

    before = campaign.sim.total_billed
    disk = campaign.kit.FillingDisk(600_000)
    summary = run(
        campaign.manifest,
        campaign.out,
        concurrency=8,
        api_key=campaign.sim.api_key,
        base_url=campaign.sim.url,
        disk=disk,
    )
    campaign.runs += 1
    report = summary.as_json()
    return {
        "how": "FillingDisk (in-process, 600,000 bytes free): no tmpfs mounted",
        "exit_code": int(summary.exit_code),
        "reason": summary.reason,
        "unsaved_listed": len(report["unsaved"]),
        "unsaved_with_charge": sum(1 for u in report["unsaved"] if u["amount_usd"]),
        "spent_usd": report["spent_usd"],
        "billed_during_the_run_usd": format(campaign.sim.total_billed - before, "f"),
        "uncertain_without_an_amount": sum(1 for u in report["uncertain"] if u["amount_usd"] is None),
        "at_most_unseen_usd": format(
            sum(1 for u in report["uncertain"] if u["amount_usd"] is None)
            * max((c.amount_usd for c in campaign.sim.charges), default=Decimal(0)),
            "f",
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20, help="kill at least this many runs (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-mount",
        action="store_true",
        help="simulate the full disk in-process even where a tmpfs can be mounted",
    )
    args = parser.parse_args()
    kit = load_kit()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="dezgo-soak-"))
    disk_folder = work / "disk"
    disk_folder.mkdir()
    # 2 MB fills up about a third of the way through 1,000 jobs; smaller runs get less.
    size_kb = min(2048, max(64, args.jobs * 2))
    mounted = not args.no_mount and os.geteuid() == 0 and _mount(disk_folder, f"{size_kb}k")
    out = disk_folder / "out"
    figures: dict[str, Any] = {"jobs": args.jobs, "seed": args.seed, "faults": FAULTS}
    try:
        with Simulator(balance="1000", seed=args.seed, faults=FAULTS) as sim:
            campaign = Campaign(args, kit, sim, work, out)
            # Phase 1: kills until a run ends by itself on the full disk.
            disk_full: dict[str, Any] | None = None
            if mounted:
                for _ in range(200):
                    before = sim.total_billed
                    kill = campaign.kills < args.kills // 2 and campaign.rng.random() < 0.8
                    code, stdout, stderr = campaign.run_once(kill=kill, extra=("--json",))
                    if code == 5:
                        report = json.loads(stdout)
                        unseen = [
                            u
                            for u in report["uncertain"]
                            if u["amount_usd"] is None and "earlier run" not in u["reason"]
                        ]
                        price = max(c.amount_usd for c in sim.charges)
                        disk_full = {
                            "how": f"a real tmpfs of {size_kb} KiB",
                            "exit_code": code,
                            "reason": report["reason"],
                            "traceback": "Traceback" in stderr,
                            "unsaved_listed": len(report["unsaved"]),
                            "unsaved_with_charge": sum(1 for u in report["unsaved"] if u["amount_usd"]),
                            "spent_usd": report["spent_usd"],
                            "billed_during_the_run_usd": format(sim.total_billed - before, "f"),
                            "uncertain_without_an_amount": len(unseen),
                            "at_most_unseen_usd": format(len(unseen) * price, "f"),
                        }
                        break
                    if code in (0, 1):
                        break  # the batch finished before the disk filled up
                if not _mount(disk_folder, "256m", remount=True):
                    raise SystemExit("could not grow the tmpfs")
            else:
                disk_full = _disk_full_in_process(campaign)
            figures["disk_full"] = disk_full
            # Phase 2: more space; kills until there have been enough, then runs to the end.
            while campaign.kills < args.kills:
                code, _, _ = campaign.run_once(kill=True)
                if code is not None and code in (0, 1):
                    break  # finished before the kill: nothing left to interrupt
            report_path = work / "report.json"
            code, stdout, stderr = campaign.run_once(kill=False, extra=("--report", str(report_path)))
            report = json.loads(report_path.read_text())
            verdict = kit.judge(sim, campaign.items, out, report)
            figures.update(
                {
                    "runs": campaign.runs,
                    "kills": campaign.kills,
                    "exit_codes": campaign.exit_codes,
                    "runs_with_a_traceback": campaign.tracebacks,
                    "final_exit_code": code,
                    "final_report": {
                        k: report[k] for k in ("done", "skipped", "not_run", "batch_spent_usd", "stopped")
                    }
                    | {
                        "uncertain": len(report["uncertain"]),
                        "failed": len(report["failed"]),
                        "journal_problems": len(report["journal_problems"]),
                    },
                    "simulator_total_billed_usd": format(sim.total_billed, "f"),
                    **{k: v for k, v in verdict.items() if k != "unreported_ids"},
                    "unreported_ids": verdict["unreported_ids"][:20],
                }
            )
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk_folder)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    figures["elapsed_s"] = round(time.monotonic() - started, 1)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "soak_batch.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print(json.dumps(figures, indent=2, default=str))
    problems = []
    if figures["billed_twice"]:
        problems.append("a job was billed twice")
    if figures["billed_unreported"]:
        problems.append("a billed job is neither on disk nor listed")
    if figures["kills"] < args.kills:
        problems.append(f"only {figures['kills']} kills")
    if not disk_full or disk_full["exit_code"] != 5:
        problems.append("no run stopped on the full disk with exit 5")
    else:
        # spent_usd is every charge the service reported; a charge lost with its answer (a drop
        # after billing) is listed as uncertain without an amount, so the run's bill lies between.
        spent, billed = Decimal(disk_full["spent_usd"]), Decimal(disk_full["billed_during_the_run_usd"])
        if not spent <= billed <= spent + Decimal(disk_full.get("at_most_unseen_usd", "0")):
            problems.append("the disk-full run's spent_usd does not account for what the simulator billed")
    if figures["runs_with_a_traceback"] or (disk_full or {}).get("traceback"):
        problems.append("a run printed a traceback")
    accounted = sum(figures["final_report"][k] for k in ("done", "skipped", "uncertain", "failed"))
    if accounted != args.jobs:
        problems.append(f"the last report accounts for {accounted} of {args.jobs} jobs")
    for problem in problems:
        print(f"SOAK FAILED: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"soak-batch: {args.jobs} jobs, {figures['runs']} runs, {figures['kills']} kills, disk full "
            f"({disk_full['how'] if disk_full else '-'}): exit 5; billed twice 0, billed but unreported 0"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
