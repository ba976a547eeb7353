"""The budget belongs to the batch: re-runs continue from what the journal says was spent."""

from __future__ import annotations

import subprocess
from decimal import Decimal

from dezgo._exit import ExitCode
from dezgo.batch import run
from dezgo.testing import Simulator


def test_the_same_command_again_spends_nothing_more_and_a_larger_total_continues(tmp_path, sim, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 10)
    out = tmp_path / "out"
    argv = [*kit.BATCH, str(manifest), "-o", str(out), "-q", "--budget-usd", "0.003"]
    env = kit.env_for(sim)
    first = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == ExitCode.BUDGET == 4, first.stdout + first.stderr
    assert sim.total_billed <= Decimal("0.003")
    spent = sim.total_billed
    again = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 4
    assert sim.total_billed == spent, "the cap did not start from zero again"
    assert "the total for the batch, not for one run" in again.stdout
    assert f"{spent} USD spent by this batch" in again.stdout

    raised = subprocess.run([*argv[:-1], "0.006"], env=env, capture_output=True, text=True, timeout=60)
    assert raised.returncode == 4
    assert spent < sim.total_billed <= Decimal("0.006")
    spent = sim.total_billed
    kept = subprocess.run(argv[:-2], env=env, capture_output=True, text=True, timeout=60)
    assert kept.returncode == 4, "without --budget-usd, the batch keeps the last total given"
    assert sim.total_billed == spent
    done = subprocess.run([*argv[:-1], "1"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
    assert len(sim.charges) == 10
    assert kit.billed_twice(sim) == []


def test_concurrent_jobs_of_an_unknown_price_cannot_pass_the_budget_together(tmp_path, kit):
    with Simulator(balance="100", faults=["latency=0.05"]) as sim:
        summary = run(
            kit.write_manifest(tmp_path / "m.jsonl", 20),
            tmp_path / "out",
            concurrency=8,
            budget_usd="0.0100",
            api_key=sim.api_key,
            base_url=sim.url,
        )
        price = sim.charges[0].amount_usd
        assert sim.total_billed <= Decimal("0.0100")
        assert summary.done == int(Decimal("0.0100") / price), "and it went as far as the budget allows"
        assert summary.stopped == "budget"
        assert f"e.g. --budget-usd {summary.done * price + summary.not_run * price}" in summary.reason


def test_jobs_billed_but_not_saved_or_lost_count_against_the_budget(tmp_path, sim, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 30)
    out = tmp_path / "out"
    run(kit.write_manifest(tmp_path / "two.jsonl", 2), out, api_key=sim.api_key, base_url=sim.url)
    full = kit.FillingDisk(15_000)
    first = run(manifest, out, api_key=sim.api_key, base_url=sim.url, disk=full, budget_usd="0.0300")
    assert first.unsaved, "some images were billed and not saved"
    assert first.spent_usd == sim.total_billed - 2 * sim.charges[0].amount_usd
    assert first.batch_spent_usd == sim.total_billed
    sim.add_fault("drop-after-billing", "text2image", rate=0.3)
    second = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert any(u.amount_usd is None for u in second.uncertain), "some charges were never seen"
    assert sim.total_billed <= Decimal("0.0300"), "unseen charges were counted at the known price"
    assert second.stopped == "budget"
    assert kit.billed_twice(sim) == []
