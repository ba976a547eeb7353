"""``make day-one``: the SDK regenerated from documents the service might serve, and the suite run on each.

The pinned document is our reconstruction until ``make spec`` reaches the service; the day it
does, the document changes shape (tests/day_one/shapes.py lists the shapes we expect, and
``fastapi-app`` is the document a real FastAPI app writes, tests/day_one/fastapi_app.py). For
each, in a scratch copy of this repository and with no hand edit:

1. pin the document (``fastapi-app``: serve the app on 127.0.0.1 and run ``make spec``'s fetch
   against it, as the scheduled workflow would);
2. regenerate the SDK (``scripts/generate.py``: the generated client and the facade's methods);
3. run the suite there, and count what passed, failed and was skipped as reconstruction-only.

The suite here is ``make test`` without the parts that never read the pinned document (the
drift engine's own tests); ``--all`` runs all of it. ``--ci`` is what CI runs: every shape, the
whole suite on the document a real FastAPI app writes and, on the rest, the tests that read the
document most (``QUICK``), so that CI stays in minutes.
A shape fails when generation fails or any test fails. The report (Markdown) goes to
``build/day-one/report.md`` and stdout; the exit code is 1 when any shape failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from day_one.shapes import SHAPES, make  # noqa: E402

FASTAPI = "fastapi-app"
REPORT = ROOT / "build" / "day-one" / "report.md"
SKIPPED_HERE = (
    "tests/spec_diff/test_rules.py",
    "tests/spec_diff/test_semantics.py",
    "tests/spec_diff/test_contract.py",
)
"""The drift engine's own tests: they diff documents they build themselves, never the pin."""
RECONSTRUCTION_REASON = "reconstruction"
WHOLE_IN_CI = (FASTAPI,)
"""The document a real FastAPI app writes: CI runs the whole suite on it."""
QUICK = (
    "tests/facade/test_day_one.py",
    "tests/facade/test_operations.py",
    "tests/contract/test_client.py",
    "tests/test_acceptance.py",
    "tests/test_lax.py",
    "tests/test_demo.py",
    "tests/testing/test_simulator.py",
    "tests/spec/test_generated_client.py",
    "tests/spec/test_operations.py",
    "tests/spec/test_evidence.py",
    "tests/spec/test_pinned_spec.py",
    "tests/cli/test_cli.py",
)
"""The parts of the suite that read the document most (globs, relative to the repository)."""


@attrs.frozen
class Outcome:
    name: str
    generated: bool
    suite: str = "whole"
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    reconstruction_only: int = 0
    seconds: float = 0.0
    failures: tuple[str, ...] = ()
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.generated and not self.failed and not self.errors and self.passed > 0


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    return [name for name in listed.decode().split("\0") if name]


def _scratch_copy(into: Path) -> Path:
    for name in _tracked_files():
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return into


def _env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The scratch copy's code wins over the editable install of this checkout.
    env["PYTHONPATH"] = os.pathsep.join([str(scratch / "src"), str(scratch / "generated")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("DEZGO_SPEC_PATH", None)
    env.pop("DEZGO_OVERLAY_PATH", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving_fastapi_app() -> Iterator[str]:
    """The FastAPI app on 127.0.0.1 (a real uvicorn server); yields its /openapi.json URL."""
    import uvicorn
    from day_one.fastapi_app import app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the FastAPI app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/openapi.json"
    finally:
        server.should_exit = True
        thread.join(10)


def _pin(name: str, scratch: Path, env: dict[str, str]) -> str:
    """Write the day-one document into the scratch copy; returns a note on how.

    ``fastapi-app`` goes the way of the scheduled workflow: fetch once into build/live.json,
    diff it against the reconstruction (scripts/spec_drift.py report), then pin that file."""
    target = scratch / "openapi" / "dezgo.json"
    if name != FASTAPI:
        reconstruction = json.loads((ROOT / "openapi" / "dezgo.json").read_text(encoding="utf-8"))
        target.write_text(json.dumps(make(name, reconstruction), indent=2) + "\n", encoding="utf-8")
        return "written"
    live = scratch / "build" / "live.json"
    with _serving_fastapi_app() as url:
        fetched = _step(scratch, env, "-m", "dezgo.spec.fetch", "--url", url, "--out", str(live))
    drift = scratch / "build" / "drift"
    _step(scratch, env, "scripts/spec_drift.py", "report", "--live", str(live), "--out", str(drift))
    shutil.copy2(live, target)
    return f"fetched from the FastAPI app and diffed as the workflow does: {fetched.strip()}"


def _step(scratch: Path, env: dict[str, str], *argv: str) -> str:
    """Run one step in the scratch copy; its output, or RuntimeError with it."""
    done = subprocess.run(
        [sys.executable, *argv], cwd=scratch, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed: {(done.stdout + done.stderr).strip()[-2000:]}")
    return done.stdout + done.stderr


def _pull_request(scratch: Path, env: dict[str, str], junit: Path) -> str:
    """The workflow's last step: the pull request's body, kept beside the report."""
    drift = scratch / "build" / "drift"
    _step(scratch, env, "scripts/spec_drift.py", "pr", "--dir", str(drift), "--junit", str(junit))
    body = (drift / "pr-body.md").read_text(encoding="utf-8")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    (REPORT.parent / "fastapi-app-pull-request.md").write_text(body, encoding="utf-8")
    return f"pull request body: {REPORT.parent / 'fastapi-app-pull-request.md'} ({len(body)} characters)"


def _counts(junit: Path) -> tuple[int, int, int, int, int, tuple[str, ...]]:
    passed = failed = errors = skipped = reconstruction = 0
    failures: list[str] = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        ident = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None:
            failed += 1
            failures.append(ident)
        elif case.find("error") is not None:
            errors += 1
            failures.append(ident)
        elif (skip := case.find("skipped")) is not None:
            skipped += 1
            if RECONSTRUCTION_REASON in (skip.get("message") or ""):
                reconstruction += 1
        else:
            passed += 1
    return passed, failed, errors, skipped, reconstruction, tuple(failures)


def run_shape(
    name: str,
    *,
    everything: bool,
    keep: bool,
    pytest_args: list[str],
    workers: int = 1,
    quick: bool = False,
) -> Outcome:
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix=f"dezgo-day-one-{name}-"))
    scratch = _scratch_copy(base / "repo")
    env = _env(scratch)
    try:
        note = _pin(name, scratch, env)
        generated = subprocess.run(
            [sys.executable, "scripts/generate.py"], cwd=scratch, env=env, capture_output=True, text=True
        )
        if generated.returncode != 0:
            tail = (generated.stdout + generated.stderr).strip().splitlines()[-5:]
            return Outcome(name, False, seconds=time.monotonic() - started, note=" / ".join(tail))
        junit = base / "junit.xml"
        suite = "quick" if quick else "whole"
        ignore = [] if everything else [f"--ignore={p}" for p in SKIPPED_HERE]
        chosen = sorted(str(p.relative_to(scratch)) for q in QUICK for p in scratch.glob(q)) if quick else []
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={junit}",
                *(["-n", str(workers)] if workers > 1 else []),
                *ignore,
                *chosen,
                *pytest_args,
            ],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
        )
        if not junit.exists():
            return Outcome(
                name, True, suite, seconds=time.monotonic() - started, note="pytest wrote no report"
            )
        passed, failed, errors, skipped, reconstruction, failures = _counts(junit)
        if name == FASTAPI:
            note = f"{note}; {_pull_request(scratch, env, junit)}"
        return Outcome(
            name,
            True,
            suite,
            passed,
            failed,
            errors,
            skipped,
            reconstruction,
            time.monotonic() - started,
            failures,
            note,
        )
    finally:
        if keep:
            print(f"kept {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)


def report(outcomes: list[Outcome]) -> str:
    lines = [
        "# Day one: the SDK regenerated from documents the service might serve",
        "",
        "| document | generated | suite | passed | failed | errors | skipped (reconstruction-only) | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.name} | {'yes' if o.generated else 'NO'} | {o.suite} | {o.passed} | {o.failed} | {o.errors} | "
            f"{o.skipped} ({o.reconstruction_only}) | {o.seconds:.0f} |"
        )
    for o in outcomes:
        if o.failures or not o.generated or o.note.startswith("pytest"):
            lines += ["", f"## {o.name}", "", o.note, *(f"- {f}" for f in o.failures[:50])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = [*SHAPES, FASTAPI]
    parser.add_argument("--shape", action="append", choices=names, help="only these (default: all)")
    parser.add_argument("--all", action="store_true", help="the whole suite, not only what reads the pin")
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch copies (their paths are printed)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="pytest-xdist workers per suite (default: one per core)",
    )
    parser.add_argument(
        "--ci",
        action="store_true",
        help=f"what CI runs: the whole suite on {', '.join(WHOLE_IN_CI)}, the quick part on the rest",
    )
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args(argv)
    outcomes = []
    for name in args.shape or names:
        outcome = run_shape(
            name,
            everything=args.all,
            keep=args.keep,
            pytest_args=args.pytest_args,
            workers=args.workers,
            quick=args.ci and name not in WHOLE_IN_CI,
        )
        print(
            f"{name}: {'ok' if outcome.ok else 'FAILED'} ({outcome.suite} suite: {outcome.passed} passed, "
            f"{outcome.failed} failed, "
            f"{outcome.errors} errors, {outcome.skipped} skipped of which {outcome.reconstruction_only} "
            f"reconstruction-only; {outcome.seconds:.0f} s)",
            flush=True,
        )
        outcomes.append(outcome)
    text = report(outcomes)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
