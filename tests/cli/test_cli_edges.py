"""The command line's edges: output names and formats agree, local refusals print nothing else, and every
message speaks the command line's language (flags, sub-commands), never Python's."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cli_kit import DEZGO, run
from PIL import Image

PYTHON_HINTS = ("api_key=", "strict=True", "fix_extension", "()")


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server.reset()
    return {**os.environ, "DEZGO_API_KEY": server.api_key, "DEZGO_BASE_URL": server.url, "NO_COLOR": "1"}


def _no_python(text: str) -> None:
    for hint in PYTHON_HINTS:
        assert hint not in text, f"{hint!r} in {text!r}"


# -- output names and formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pillow"), [("cli.jpg", "JPEG"), ("cli.jpeg", "JPEG"), ("cli.webp", "WEBP"), ("cli.png", "PNG")]
)
def test_the_output_extension_sets_the_format(name, pillow, env, tmp_path):
    result = run(env, "text2image", "x", "-o", name)
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / name).format == pillow
    assert f"wrote {name} (512x512 {pillow}, seed " in result.stdout


def test_a_format_that_contradicts_the_output_name_is_refused_before_sending(env, server):
    result = run(env, "text2image", "x", "--format", "png", "-o", "a.jpg")
    assert result.returncode == 2
    assert "-o a.jpg names a JPEG file but --format png asks for PNG" in result.stderr
    assert server.requests == {}
    agree = run(env, "text2image", "x", "--format", "jpg", "-o", "b.jpeg")
    assert agree.returncode == 0, agree.stderr


@pytest.mark.reconstruction  # asks for a format outside a guessed list
def test_a_result_in_another_format_is_saved_under_its_own_extension_and_said_so(env, tmp_path):
    source = tmp_path / "in.png"
    Image.new("RGB", (40, 30)).save(source)
    result = run(env, "upscale", str(source), "-o", "big.gif")
    assert result.returncode == 0, result.stderr
    assert "the service sent PNG, so the result went to big.png instead of big.gif" in result.stderr
    assert Image.open(tmp_path / "big.png").format == "PNG"
    assert not (tmp_path / "big.gif").exists()
    assert "wrote big.png" in result.stdout


# -- local refusals come alone -----------------------------------------------------------------------------


def test_a_local_refusal_without_a_terminal_prints_only_the_refusal(env, server):
    result = run(env, "text2image", "x", "--width", "333")
    assert result.returncode == 2
    assert result.stderr == "dezgo: error: text2image: --width: should be a multiple of 8, got 333\n"
    assert result.stdout == ""
    assert server.requests == {}


def test_a_huge_prompt_is_not_echoed(env, server):
    result = run(env, "text2image", "lighthouse " * 10_000)  # 110 kB: an argument can be 128 kB
    assert result.returncode == 2
    assert "PROMPT: should have at most 1000 characters" in result.stderr
    assert "(110000 characters)" in result.stderr
    assert len(result.stderr) < 300
    assert server.requests == {}


def test_numbers_are_read_as_the_service_reads_them(env, tmp_path):
    result = run(env, "text2image", "x", "--width", "1_024", "--height", "512.0", "-o", "n.png")
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / "n.png").size == (1024, 512)
    bad = run(env, "text2image", "x", "--steps", "many")
    assert bad.returncode == 2
    assert "text2image: --steps: should be an integer, got 'many'" in bad.stderr


# -- evidence: warnings and --strict ------------------------------------------------------------------------


@pytest.mark.reconstruction  # a guess (L/G) exists only in our reconstruction
def test_a_guess_is_a_warning_in_command_line_words_and_strict_refuses_it(env, server, tmp_path):
    result = run(env, "text2image-sdxl-lightning", "x", "--width", "1544", "-o", "w.png")
    assert result.returncode == 0, result.stderr
    assert (
        "dezgo: warning: text2image-sdxl-lightning: --width: should be less than or equal to 1536, got 1544"
        in result.stderr
    )
    assert "(G: " in result.stderr
    assert "--strict refuses such values" in result.stderr
    _no_python(result.stderr)
    assert Image.open(tmp_path / "w.png").size == (1544, 1024)
    strict = run(env, "text2image-sdxl-lightning", "x", "--width", "1544", "--strict")
    assert strict.returncode == 2
    assert "text2image-sdxl-lightning: --width: should be less than or equal to 1536" in strict.stderr
    assert len(server.charges) == 1


@pytest.mark.reconstruction  # a guess (L/G) exists only in our reconstruction
def test_a_sampler_outside_the_guessed_list_is_sent(env, server):
    result = run(env, "text2image", "x", "--sampler", "lcm", "-o", "s.png")
    assert result.returncode == 0, result.stderr
    assert "--sampler: should be one of" in result.stderr
    assert "(L: " in result.stderr
    assert len(server.charges) == 1


# -- errors in the command line's language --------------------------------------------------------------------


def test_a_missing_key_names_the_flag(env):
    result = run({k: v for k, v in env.items() if k != "DEZGO_API_KEY"}, "text2image", "x")
    assert result.returncode == 2
    assert "set DEZGO_API_KEY or use --api-key-file FILE" in result.stderr
    _no_python(result.stderr)


def test_a_rejected_key_names_the_flag(env):
    result = run({**env, "DEZGO_API_KEY": "DEZGO-WRONG"}, "text2image", "x")
    assert result.returncode == 3
    assert "HTTP 401" in result.stderr
    assert "--api-key-file" in result.stderr
    _no_python(result.stderr)


def test_a_budget_refusal_names_the_sub_command(env):
    result = run(env, "text2image-sdxl", "x", "--budget-usd", "0")
    assert result.returncode == 4
    assert (
        result.stderr.startswith("dezgo: error: text2image-sdxl: ")
        or "text2image_sdxl()" not in result.stderr
    )


# -- dezgo sim ---------------------------------------------------------------------------------------------------


def test_the_sim_try_line_runs_as_pasted(tmp_path):
    proc = subprocess.Popen(
        [*DEZGO, "sim", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        try_line = next(line for line in lines if line.startswith("try: "))[len("try: ") :].strip()
        assert "<" not in try_line
        bin_dir = str(Path(sys.executable).parent)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEZGO_")}
        env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
        pasted = subprocess.run(
            ["bash", "-c", try_line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert pasted.returncode == 0, pasted.stderr
        assert Image.open(tmp_path / "out.png").format == "PNG"
        assert shlex.split(try_line)[-1] == "out.png"
    finally:
        proc.send_signal(2)
        proc.communicate(timeout=20)
