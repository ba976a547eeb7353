"""The README's quickstart runs as pasted and prints what its comments say."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from dezgo.testing import Simulator

README = Path(__file__).resolve().parents[1] / "README.md"


def _quickstart() -> str:
    text = README.read_text()
    section = text[text.index("## Quickstart") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the Quickstart has a python block"
    return match.group(1)


def test_the_quickstart_is_at_most_ten_lines():
    assert len(_quickstart().strip().splitlines()) <= 10


def test_the_quickstart_runs_as_pasted_and_prints_its_comments(tmp_path):
    code = _quickstart()
    (tmp_path / "quickstart.py").write_text(code)
    with Simulator() as sim:  # a fresh account: the comments show its balance
        env = {**os.environ, "DEZGO_API_KEY": sim.api_key, "DEZGO_BASE_URL": sim.url}
        result = subprocess.run(
            [sys.executable, "quickstart.py"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    comments = [
        line.split("#", 1)[1].strip() for line in code.splitlines() if line.lstrip().startswith("print(")
    ]
    assert len(comments) == len(printed) == 3
    for shown, output in zip(comments, printed, strict=True):
        assert shown.startswith(output), f"README shows {shown!r}; the code printed {output!r}"
    assert (tmp_path / "out" / "lighthouse.png").is_file()


def test_the_first_screen_has_exactly_the_two_set_up_commands():
    first_screen = README.read_text().split("## ", 1)[0]
    commands = re.findall(r"^make \w+", first_screen, re.MULTILINE)
    assert commands == ["make demo", "make test"]


def test_the_reproducible_files_lines_run_as_pasted(tmp_path, monkeypatch, sim):
    from dezgo import Dezgo

    text = README.read_text()
    section = text[text.index("## Reproducible files") :]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        img = client.text2image(prompt="a lighthouse at dusk", width=512, height=512)
        namespace = {"img": img, "client": client}
        exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["again"].data == img.data, "the stored call makes the same image"
    assert sim.api_key.encode() not in (tmp_path / "out" / "lighthouse.png").read_bytes()
