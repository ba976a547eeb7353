"""The scheduled drift workflow: valid against GitHub's schema, and doing what it says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "spec-drift.yml"


def test_the_workflow_validates_against_githubs_schema():
    check = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(check), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_daily_and_on_demand_with_a_breaking_switch():
    doc = yaml.safe_load(WORKFLOW.read_text())
    triggers = doc[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    assert triggers["workflow_dispatch"]["inputs"]["fail_on_breaking"]["type"] == "boolean"


def test_steps_use_the_projects_own_commands():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["drift"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    for command in (
        "make install",
        "dezgo spec check --format markdown",
        "make spec",
        "make generate",
        "make test",
    ):
        assert command in runs
    pr = next(step for step in steps if "create-pull-request" in step.get("uses", ""))
    assert pr["with"]["body-path"] == "build/drift.md"
    failing = next(step for step in steps if step.get("name") == "Fail on breaking changes")
    assert "FAIL_ON_BREAKING" in failing["if"]
