"""``make generate`` is deterministic and ``make check-generated`` catches a stale tree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dezgo._spec.overlay import document_digest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate.py"

pytestmark = pytest.mark.slow


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.py"))}


def test_committed_tree_is_up_to_date():
    result = _run("--check")
    assert result.returncode == 0, result.stderr


def test_two_generations_give_identical_bytes(tmp_path):
    first, second = tmp_path / "a" / "dezgo_api", tmp_path / "b" / "dezgo_api"
    assert _run("--out", str(first), "--facade", str(tmp_path / "a" / "_methods.py")).returncode == 0
    assert _run("--out", str(second), "--facade", str(tmp_path / "b" / "_methods.py")).returncode == 0
    assert _tree(first) == _tree(second)
    assert _tree(first) == _tree(ROOT / "generated" / "dezgo_api")
    facade = (tmp_path / "a" / "_methods.py").read_bytes()
    assert facade == (tmp_path / "b" / "_methods.py").read_bytes()
    assert facade == (ROOT / "src" / "dezgo" / "_methods.py").read_bytes()
    bodies = (tmp_path / "a" / "_bodies.py").read_bytes()
    assert bodies == (tmp_path / "b" / "_bodies.py").read_bytes()
    assert bodies == (ROOT / "src" / "dezgo" / "_bodies.py").read_bytes()


def _edit_one_character(tmp_path: Path, old: str, new: str, after: str = "") -> list[str]:
    """``--spec``/``--overlay`` arguments for the pinned document with one character changed. The
    overlay's reconstruction digest follows the edit, so only that character differs (an edited
    document is otherwise no longer our reconstruction, and loses our descriptions)."""
    text = (ROOT / "openapi" / "dezgo.json").read_text(encoding="utf-8")
    if old not in text:  # a fetched document as served: FastAPI writes compact JSON
        old, new, after = (t.replace('": ', '":') for t in (old, new, after))
    start = text.index(after) if after else 0
    edited = text[:start] + text[start:].replace(old, new, 1)
    assert sum(a != b for a, b in zip(text, edited, strict=True)) == 1
    spec = tmp_path / "dezgo.json"
    spec.write_text(edited, encoding="utf-8")
    overlay_text = (ROOT / "openapi" / "overlay.yaml").read_text(encoding="utf-8")
    old_digest = document_digest(json.loads(text))
    # A fetched pin is not our reconstruction: the overlay names no digest of it to follow.
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        overlay_text.replace(old_digest, document_digest(json.loads(edited))), encoding="utf-8"
    )
    return ["--spec", str(spec), "--overlay", str(overlay)]


def test_check_fails_after_a_one_character_spec_edit(tmp_path):
    result = _run("--check", *_edit_one_character(tmp_path, '"default": 30', '"default": 31'))
    assert result.returncode == 1
    assert "out of date" in result.stderr
    assert "31" in result.stderr, "the short diff shows the change"


def test_an_edit_only_the_facade_shows_is_caught_there(tmp_path):
    """0.29 does not emit maxLength, so generated/ stays current; the facade's docstrings do show it."""
    document = json.loads((ROOT / "openapi" / "dezgo.json").read_text(encoding="utf-8"))
    content = document["paths"]["/controlnet"]["post"]["requestBody"]["content"]
    body = next(iter(content.values()))["schema"]["$ref"].rsplit("/", 1)[1]
    edited = _edit_one_character(tmp_path, '"maxLength": 1000', '"maxLength": 1001', after=f'"{body}": {{')
    result = _run("--check", *edited)
    assert result.returncode == 1
    assert "generated/dezgo_api is up to date" in result.stdout.replace(str(ROOT) + "/", "")
    assert "_methods.py is out of date" in result.stderr


def test_check_reports_stale_files(tmp_path):
    copy = tmp_path / "dezgo_api"
    shutil.copytree(ROOT / "generated" / "dezgo_api", copy)
    (copy / "models" / "leftover.py").write_text("x = 1\n")
    result = _run("--check", "--out", str(copy))
    assert result.returncode == 1
    assert "stale in generated/" in result.stderr


def test_generation_refuses_a_spec_that_is_not_openapi(tmp_path):
    spec = tmp_path / "bad.json"
    spec.write_text(json.dumps({"swagger": "2.0", "info": {}, "paths": {}}))
    result = _run("--spec", str(spec), "--out", str(tmp_path / "out"), "--facade", str(tmp_path / "m.py"))
    assert result.returncode != 0
    assert not (tmp_path / "out").exists()
