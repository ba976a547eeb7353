"""The scheduled drift workflow: valid against GitHub's schema, and doing what it says.

Its breaking-change path is exercised for real: a live spec (served on loopback)
that drops an enum value the project's own tests rely on is fetched once with the
workflow's command, diffed with its script, the project's tests run against it
and fail, and the pull request's title, labels and body still come out, with the
failing test listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "spec-drift.yml"
SCRIPT = ROOT / "scripts" / "spec_drift.py"
PINNED = ROOT / "openapi" / "dezgo.json"


def steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"]["drift"]["steps"]


def step(name_part: str) -> dict:
    return next(s for s in steps() if name_part in s.get("name", ""))


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
    assert doc["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_the_live_spec_is_fetched_once_and_that_file_is_diffed_and_pinned():
    runs = [s.get("run", "") for s in steps()]
    assert sum("spec fetch" in r or "spec check" in r or "make spec" in r for r in runs) == 1
    assert "--out build/live.json" in step("Fetch")["run"]
    assert "--live build/live.json" in step("Diff")["run"]
    assert "cp build/live.json openapi/dezgo.json" in step("Pin")["run"]
    assert "make generate" in step("Pin")["run"]
    assert "make test" in step("Test")["run"]


def test_failing_tests_never_skip_the_pull_request():
    tests = step("Test the regenerated client")
    assert "set +e" in tests["run"], "a failing `make test` must not stop the job before the PR"
    pr = next(s for s in steps() if "create-pull-request" in s.get("uses", ""))
    assert pr["if"] == "steps.diff.outputs.changed == 'true'"  # nothing about the tests' outcome
    assert pr["with"]["body-path"] == "build/drift/pr-body.md"
    assert pr["with"]["title"] == "${{ steps.pr.outputs.title }}"
    assert pr["with"]["labels"] == "${{ steps.pr.outputs.labels }}"
    names = [s.get("name", s.get("uses", "")) for s in steps()]
    assert names.index("Fail on breaking changes (the pull request is open)") > names.index(
        "Open or update the pull request"
    )
    writer = step("Write the pull request")
    assert "--junit build/test-junit.xml" in writer["run"]
    assert "steps.tests.outputs.status" in writer["run"]


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_a_breaking_spec_that_fails_the_tests_still_produces_the_pull_request(tmp_path, loopback):
    live = json.loads(PINNED.read_text())
    assert _drop_webp(live), "tests/spec/test_operations.py expects webp in text2image's formats"
    served = json.dumps(live, indent=2).encode()
    loopback.set(lambda req, seen: loopback.send(req, 200, served))
    build = tmp_path / "build"
    outputs = tmp_path / "github_output"
    env = {**os.environ, "GITHUB_OUTPUT": str(outputs)}
    # 1. fetch once, with the workflow's command (pointed at the loopback server)
    fetch = step("Fetch")["run"].replace(".venv/bin/dezgo", f"{sys.executable} -m dezgo.cli")
    fetch = fetch.replace("build/live.json", str(build / "live.json"))
    fetched = subprocess.run(
        f"{fetch} --base-url {loopback.url}", shell=True, env=env, capture_output=True, text=True
    )
    assert fetched.returncode == 0, fetched.stderr
    assert len(loopback.seen) == 1
    # 2. diff that file
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "report",
            "--pinned",
            str(PINNED),
            "--live",
            str(build / "live.json"),
            "--out",
            str(build / "drift"),
        ],
        check=True,
        env=env,
    )
    found = _outputs(outputs)
    assert found["changed"] == "true"
    assert int(found["breaking"]) >= 1
    # 3. the project's tests against the new spec (the workflow runs all of them; one file fails here)
    junit = build / "test-junit.xml"
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests" / "spec" / "test_operations.py"),
            f"--junitxml={junit}",
        ],
        env={**env, "DEZGO_SPEC_PATH": str(build / "live.json")},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert tests.returncode == 1, tests.stdout
    # 4. the pull request's inputs
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "pr",
            "--dir",
            str(build / "drift"),
            "--junit",
            str(junit),
            "--generate-status",
            "0",
            "--tests-status",
            str(tests.returncode),
        ],
        check=True,
        env=env,
    )
    found = _outputs(outputs)
    assert found["title"].startswith("[BREAKING] Dezgo spec drift:")
    assert "failing test(s)" in found["title"]
    assert found["labels"] == "spec-drift,breaking"
    assert found["breaking"] == "true"
    pr_body = (build / "drift" / "pr-body.md").read_text()
    assert "**Breaking.**" in pr_body
    assert "test_parameter_metadata" in pr_body
    assert "request-property-enum-value-removed" in pr_body
    assert "## Dezgo API spec changes" in pr_body


def test_an_unchanged_spec_opens_no_pull_request(tmp_path):
    outputs = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "report",
            "--pinned",
            str(PINNED),
            "--live",
            str(PINNED),
            "--out",
            str(tmp_path / "d"),
        ],
        check=True,
        env={**os.environ, "GITHUB_OUTPUT": str(outputs)},
    )
    assert _outputs(outputs) == {"changed": "false", "breaking": "0", "changes": "0"}


# -- CI formats and the team's policy (issue #25) ------------------------------------------------------


def _drop_webp(node: Any) -> int:
    """Remove ``webp`` from every list of output formats, wherever the document keeps them (inline,
    in an ``anyOf`` with null, in an enum component); returns how many lists lost it."""
    dropped = 0
    if isinstance(node, dict):
        listed = node.get("enum")
        if isinstance(listed, list) and "webp" in listed and "png" in listed:
            listed.remove("webp")
            dropped += 1
        for value in node.values():
            dropped += _drop_webp(value)
    elif isinstance(node, list):
        for value in node:
            dropped += _drop_webp(value)
    return dropped


def _breaking_live(tmp_path: Path) -> Path:
    live = json.loads(PINNED.read_text())
    assert _drop_webp(live)
    path = tmp_path / "live.json"
    path.write_text(json.dumps(live, indent=2))
    return path


def _report(tmp_path: Path, live: Path, *extra: str) -> dict[str, str]:
    outputs = tmp_path / "github_output"
    outputs.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "report",
            "--pinned",
            str(PINNED),
            "--live",
            str(live),
            "--out",
            str(tmp_path / "drift"),
            *extra,
        ],
        check=True,
        env={**os.environ, "GITHUB_OUTPUT": str(outputs)},
    )
    return _outputs(outputs)


def test_the_report_step_writes_annotations_on_the_pinned_file_and_junit(tmp_path):
    live = _breaking_live(tmp_path)
    found = _report(tmp_path, live, "--annotate-as", "openapi/dezgo.json")
    assert int(found["breaking"]) >= 1
    annotations = (tmp_path / "drift" / "annotations.txt").read_text().splitlines()
    errors = [a for a in annotations if a.startswith("::error file=openapi/dezgo.json,line=")]
    assert errors, annotations
    lines = live.read_text().splitlines()
    line = int(errors[0].split("line=")[1].split(",")[0])
    # On the enum's line; where the enum sits in pydantic v2's ``anyOf [X, null]`` the change is
    # reported on the property that holds it (the view merges the one real variant).
    assert '"enum"' in lines[line - 1] or '"format"' in lines[line - 1], (
        "the annotation is on the enum's line of the file being pinned"
    )
    junit = (tmp_path / "drift" / "junit.xml").read_text()
    assert '<testcase classname="dezgo.spec.diff" name="request-property-enum-value-removed"' in junit
    assert "<failure" in junit
    assert "cat build/drift/annotations.txt" in step("Diff")["run"]
    assert "--annotate-as openapi/dezgo.json" in step("Diff")["run"]
    upload = step("Keep the drift report as JUnit")
    assert upload["with"]["path"] == "build/drift/junit.xml"


def test_the_report_step_applies_the_teams_policy_files(tmp_path):
    live = _breaking_live(tmp_path)
    levels = tmp_path / "levels.txt"
    levels.write_text("request-property-enum-value-removed warn  \n")
    assert int(_report(tmp_path, live)["breaking"]) >= 1
    relaxed = _report(tmp_path, live, "--severity-levels", str(levels))
    assert relaxed["breaking"] == "0"
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("POST /nowhere something  # stale on purpose\n")
    _report(tmp_path, live, "--ignore", str(ignore))
    report = json.loads((tmp_path / "drift" / "report.json").read_text())
    assert any("matches no change" in w for w in report["warnings"])
    # by default the script reads the repository's own files, when they exist
    import importlib.util

    spec = importlib.util.spec_from_file_location("spec_drift", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SEVERITY_LEVELS == ROOT / "openapi" / "drift-severity-levels.txt"
    assert module.IGNORE == ROOT / "openapi" / "drift-ignore.txt"


def _review_steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"]["review"]["steps"]


def test_a_pull_request_changing_the_spec_is_reviewed_with_annotations_and_junit(tmp_path):
    """The review job's own script, in a repository whose pull request drops an enum value."""
    doc = yaml.safe_load(WORKFLOW.read_text())
    assert "openapi/dezgo.json" in doc[True]["pull_request"]["paths"]
    assert doc["jobs"]["review"]["if"] == "github.event_name == 'pull_request'"
    assert doc["jobs"]["drift"]["if"] == "github.event_name != 'pull_request'"
    script = next(s for s in _review_steps() if "Diff the pull request" in s.get("name", ""))["run"]
    repo = tmp_path / "repo"
    (repo / "openapi").mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "t")
    (repo / "openapi" / "dezgo.json").write_bytes(PINNED.read_bytes())
    git("add", ".")
    git("commit", "-q", "-m", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    _breaking_live(repo / "openapi").rename(repo / "openapi" / "dezgo.json")
    (repo / "openapi" / "drift-ignore.txt").write_text("POST /nowhere x  # a stale entry, reported\n")
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        [
            "bash",
            "-e",
            "-o",
            "pipefail",
            "-c",
            script.replace(".venv/bin/dezgo", f"{sys.executable} -m dezgo.cli"),
        ],
        cwd=repo,
        env={**os.environ, "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr  # a breaking change fails the check
    annotations = result.stdout.splitlines()
    assert any(a.startswith("::error file=openapi/dezgo.json,line=") for a in annotations), annotations
    assert any("matches no change" in a for a in annotations if a.startswith("::warning"))
    assert "## Dezgo API spec changes" in summary.read_text()
    assert "<failure" in (repo / "build" / "spec-drift-junit.xml").read_text()


# -- day one: the first fetch from the service (issue #21) ------------------------------------------


def test_the_pull_request_carries_the_regenerated_facade_too():
    paths = step("Open or update the pull request")["with"]["add-paths"].split()
    assert {"openapi/dezgo.json*", "generated", "src/dezgo/_methods.py", "src/dezgo/_bodies.py"} <= set(paths)


def test_the_first_fetch_reports_what_became_of_our_knowledge(tmp_path):
    """From our reconstruction to a document of the service's: the report says the reconstruction's
    evidence no longer applies, and names every overlay action left without a target."""
    live = json.loads(PINNED.read_text())
    live["info"]["version"] = "3.153"
    live["paths"]["/upscale-v2"] = live["paths"].pop("/upscale")  # our knowledge of /upscale has no place
    path = tmp_path / "live.json"
    path.write_text(json.dumps(live, indent=2))
    assert _report(tmp_path, path)["changed"] == "true"
    knowledge = (tmp_path / "drift" / "knowledge.md").read_text()
    assert "is not our reconstruction" in knowledge
    assert "our knowledge has drifted" in knowledge
    assert "$.paths['/upscale'].post" in knowledge
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "pr",
            "--dir",
            str(tmp_path / "drift"),
            "--junit",
            str(tmp_path / "none.xml"),
        ],
        check=True,
        env={**os.environ, "GITHUB_OUTPUT": str(tmp_path / "pr_output")},
    )
    body = (tmp_path / "drift" / "pr-body.md").read_text()
    assert "### Our knowledge (openapi/overlay.yaml) against this document" in body
    assert "$.paths['/upscale'].post" in body
