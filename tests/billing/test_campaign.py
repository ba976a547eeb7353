"""The seeded fault campaign (see campaign.py): a short form here, the full one in ``make soak``.

``DEZGO_CAMPAIGN_RUNS`` sets the number of runs (default 40), ``DEZGO_CAMPAIGN_FIRST_SEED``
the first seed; the summary goes to ``build/campaign.json`` when ``DEZGO_CAMPAIGN_REPORT``
names a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from campaign import CampaignServer, Plan, run_campaign, run_one, summarise

RUNS = int(os.environ.get("DEZGO_CAMPAIGN_RUNS", "40"))
FIRST = int(os.environ.get("DEZGO_CAMPAIGN_FIRST_SEED", "1"))


def test_the_money_promises_hold_over_seeded_fault_runs():
    reports = run_campaign(range(FIRST, FIRST + RUNS))
    summary = summarise(reports)
    report_path = os.environ.get("DEZGO_CAMPAIGN_REPORT")
    if report_path:
        Path(report_path).parent.mkdir(parents=True, exist_ok=True)
        Path(report_path).write_text(json.dumps(summary, indent=2) + "\n")
        print(json.dumps({k: v for k, v in summary.items() if k != "violations"}, indent=2))
    assert summary["violations"] == []
    assert summary["runs"] == RUNS
    faults = summary["faults"]
    assert sum(faults.values()) > RUNS, "the runs injected faults"


@pytest.mark.parametrize("sync", [True, False])
def test_a_broken_client_is_caught_by_the_judge(sync, monkeypatch):
    """The judge can fail: a client that retries a 429 which carries a charge pays twice, and is caught."""
    from dezgo import _retry

    monkeypatch.setattr(_retry, "status_proves_unbilled", lambda status, headers: status == 429)
    plan = Plan(
        seed=1,
        sync=sync,
        concurrency=2,
        calls=3,
        budget=None,
        max_retries=2,
        action_weights={"429-charged": 1.0},
        header_weights={"honest": 1.0},
    )
    server = CampaignServer()
    try:
        report = run_one(server, 1, plan)
    finally:
        server.stop()
    assert any("billed 3 times" in v for v in report.violations), report.violations
