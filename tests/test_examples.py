"""Every script in examples/ runs as shipped, against the simulator, and does what its docstring says."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from dezgo.testing import Simulator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PYTHON_EXAMPLES = ["async_fanout.py", "batch_from_python.py", "save_formats.py"]


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def _env(sim: Simulator | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEZGO_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if sim is not None:
        env.update(DEZGO_BASE_URL=sim.url, DEZGO_API_KEY=sim.api_key)
    return env


def test_every_example_is_covered_here():
    shipped = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".py", ".sh")} | {
        p.name for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "__pycache__"
    }
    assert shipped == {*PYTHON_EXAMPLES, "demo.py", "ci_drift_check.sh", "pytest_plugin"}


@pytest.mark.parametrize("script", PYTHON_EXAMPLES)
def test_each_example_runs_on_its_own_with_its_own_simulator(script, tmp_path):
    result = _run([sys.executable, str(EXAMPLES / script)], tmp_path, _env())
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_async_fan_out_stays_within_its_budget(tmp_path):
    with Simulator(balance="5.00") as sim:
        result = _run([sys.executable, str(EXAMPLES / "async_fanout.py")], tmp_path, _env(sim))
        assert result.returncode == 0, result.stderr
        summary = result.stdout.strip().splitlines()[-1]
        made, spent, refused = re.match(
            r"(\d+) images for ([\d.]+) USD; budget 0.02 USD; (\d+) refused before sending", summary
        ).groups()
        assert Decimal(spent) == sim.total_billed <= Decimal("0.02")
        assert int(made) == len(sim.charges) == len(list((tmp_path / "out" / "fanout").iterdir()))
        assert int(refused) > 0, "the budget stopped some jobs"
        assert int(made) + int(refused) == 12
        assert sim.requests["text2image"] == int(made), "refused jobs were never sent"


def test_the_batch_example_pays_once_for_each_job(tmp_path):
    with Simulator(balance="5.00") as sim:
        result = _run([sys.executable, str(EXAMPLES / "batch_from_python.py")], tmp_path, _env(sim))
        assert result.returncode == 0, result.stderr
        assert len(sim.charges) == 3, "the second run sent nothing"
        assert f"first run:  3 done, {sim.total_billed} USD" in result.stdout
    out = tmp_path / "out" / "batch"
    assert Image.open(out / "forest.jpg").format == "JPEG"
    assert Image.open(out / "city.png").size == (1024, 1024)


def test_the_formats_example_writes_honest_names(tmp_path):
    with Simulator(balance="5.00") as sim:
        result = _run([sys.executable, str(EXAMPLES / "save_formats.py")], tmp_path, _env(sim))
        assert result.returncode == 0, result.stderr
        assert len(sim.charges) == 4
    out = tmp_path / "out" / "formats"
    for name, fmt in [
        ("boat-png.png", "PNG"),
        ("boat-jpg.jpg", "JPEG"),
        ("boat-webp.webp", "WEBP"),
        ("boat.png", "PNG"),
        ("boat.gif", "GIF"),
    ]:
        assert Image.open(out / name).format == fmt, name
    assert not (out / "boat.jpg").exists()
    assert (
        "refused: save('out/formats/boat.jpg'): .jpg names a JPEG file, but this image is PNG"
        in result.stdout
    )


def test_the_pytest_plugin_example_is_a_passing_test_suite(tmp_path):
    suite = tmp_path / "suite"
    shutil.copytree(EXAMPLES / "pytest_plugin", suite)
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", str(suite)],
        tmp_path,
        _env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_the_pytest_plugin_example_fails_when_the_code_under_test_breaks(tmp_path):
    suite = tmp_path / "suite"
    shutil.copytree(EXAMPLES / "pytest_plugin", suite)
    code = suite / "test_thumbnails.py"
    code.write_text(code.read_text().replace('format="jpg"', 'format="png"'))  # a regression in the app
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", str(suite)],
        tmp_path,
        _env(),
    )
    assert result.returncode == 1
    assert "2 failed, 1 passed" in result.stdout  # JPEG names for PNG bytes: save refuses them


def test_the_drift_check_exits_as_a_ci_job_needs(tmp_path, pinned_spec_bytes):
    old = tmp_path / "old.json"
    old.write_bytes(pinned_spec_bytes)
    changed = json.loads(pinned_spec_bytes)
    del changed["paths"]["/upscale"]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(changed))
    script = str(EXAMPLES / "ci_drift_check.sh")
    same = _run(["bash", script, str(old), str(old)], tmp_path, _env())
    assert (same.returncode, same.stdout.strip().splitlines()[-1]) == (0, "spec drift: nothing breaking")
    summary = tmp_path / "summary.md"
    breaking = _run(
        ["bash", script, str(old), str(new)], tmp_path, {**_env(), "GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert breaking.returncode == 1
    assert "/upscale" in summary.read_text(), "the report went to the job summary"
    missing = _run(["bash", script, str(old), str(tmp_path / "nope.json")], tmp_path, _env())
    assert missing.returncode == 2
    assert "could not compare" in missing.stderr
