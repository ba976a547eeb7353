"""The real ``dezgo`` command in a subprocess, against the simulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_kit import DEZGO, run
from PIL import Image

from dezgo._spec import pinned_operations


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    # The command writes `<operation>-<seed>.<ext>` to the working folder when -o is not given.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def env(server, tmp_path):
    server.reset()
    return {**os.environ, "DEZGO_API_KEY": server.api_key, "DEZGO_BASE_URL": server.url, "NO_COLOR": "1"}


def png_file(path: Path, size=(64, 48)) -> Path:
    Image.new("RGB", size, (20, 90, 160)).save(path)
    return path


def test_text2image_writes_the_image_and_prints_the_charge(env, server, tmp_path):
    out = tmp_path / "lighthouse.png"
    result = run(
        env,
        "text2image",
        "a lighthouse at dusk",
        "-o",
        str(out),
        "--width",
        "512",
        "--height",
        "448",
        "--seed",
        "42",
    )
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (512, 448)
    charge = server.charges[0]
    assert f"wrote {out} (512x448 PNG, seed 42)" in result.stdout
    assert f"{charge.amount_usd} USD, balance {charge.balance_total_usd} USD" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["lighthouse.png"], "no temp file left"


@pytest.mark.parametrize(
    "op", [op for op in pinned_operations() if op.returns_media], ids=lambda op: op.cli_name
)
def test_every_operation_has_a_working_sub_command(op, env, server, tmp_path):
    args = [op.cli_name]
    image = png_file(tmp_path / "in.png")
    for param in op.params:
        if param.required and param.is_image:
            args.append(str(image))
    if any(p.name == "prompt" and p.required for p in op.params):
        args.append("a red kite")
    for param in op.params:
        if param.required and not param.is_image and param.name != "prompt":
            value = param.enum[0] if param.enum else "the sky"
            args += ["--" + param.python_name.replace("_", "-"), str(value)]
    result = run(env, *args, "-o", str(tmp_path / "out"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert Path(payload["path"]).exists()
    assert payload["charge"]["amount_usd"] == str(server.charges[0].amount_usd)


def test_image_from_stdin_and_encodings(env, server, tmp_path):
    data = png_file(tmp_path / "in.png").read_bytes()
    upscale = next(op for op in pinned_operations() if op.name == "upscale")
    # --encoding exists where the document offers a choice (FastAPI's File() offers multipart only)
    choice = ["--encoding", "multipart"] if len(upscale.request_media_types) > 1 else []
    result = run(env, "upscale", "-", "-o", str(tmp_path / "big"), *choice, stdin=data)
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / "big.png").size == (128, 96)


def test_help_comes_from_the_spec(env):
    result = run(env, "text2image", "--help")
    assert result.returncode == 0
    assert "{ddim,dpm,dpm_single,dpmpp_2m_karras,euler,euler_a,k_lms,pndm}" in result.stdout.replace(
        "\n", ""
    ).replace(" ", "")
    assert "--transparent-background" not in result.stdout
    assert "--transparent-background" in run(env, "text2image-sdxl", "--help").stdout
    top = run(env, "--help").stdout
    for op in pinned_operations():
        assert op.cli_name in top


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["text2image", "x", "--width", "2000"], 2, "width: should be less than or equal to 1024"),
        (
            ["text2image", "x", "--upscale", "3"],
            2,
            "text2image: --upscale: should be less than or equal to 2",
        ),
        (["text2image"], 2, "required"),
        (["upscale", "/no/such.png"], 2, "no such file"),
        (["text2image", "x", "--api-key-file", "/no/such/key"], 2, "cannot read the API key file"),
        (["text2image", "x", "--budget-usd", "0"], 4, "budget of 0 USD reached"),
    ],
)
def test_errors_are_one_line_with_distinct_exit_codes(args, code, message, env, server):
    result = run(env, *args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert server.charges == []


def test_api_errors_exit_3(env, server):
    bad = {**env, "DEZGO_API_KEY": "DEZGO-NOT-A-KEY-" + "7" * 30}
    result = run(bad, "text2image", "x")
    assert result.returncode == 3
    assert "HTTP 401" in result.stderr
    assert "7" * 30 not in result.stderr + result.stdout
    server.add_fault("server-error", "text2image", value=500)
    assert run(env, "text2image", "x").returncode == 3


def test_missing_key_is_bad_input(env):
    no_key = {k: v for k, v in env.items() if k != "DEZGO_API_KEY"}
    result = run(no_key, "balance")
    assert result.returncode == 2
    assert "DEZGO_API_KEY" in result.stderr


def test_key_file_and_no_key_in_debug_output(env, server, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(server.api_key + "\n")
    no_env_key = {k: v for k, v in env.items() if k != "DEZGO_API_KEY"}
    result = run(
        no_env_key, "text2image", "x", "--api-key-file", str(key_file), "--debug", "-o", str(tmp_path / "o")
    )
    assert result.returncode == 0, result.stderr
    assert "text2image" in result.stderr, "--debug logs the requests"
    assert server.api_key not in result.stdout + result.stderr


def test_balance_and_models(env, server, tmp_path):
    assert run(env, "text2image", "x", "--seed", "7").returncode == 0
    assert (tmp_path / "text2image-7.png").is_file(), "without -o the image lands in the working folder"
    balance = run(env, "balance", "--json")
    assert json.loads(balance.stdout) == {"balance_usd": str(server.balance)}
    models = run(env, "models", "--function", "text2image_sdxl")
    assert "juggernautxl_1024px" in models.stdout
    listed = json.loads(run(env, "models", "--json").stdout)
    assert {m["id"] for m in listed} >= {"flux_1_schnell", "dreamshaper_8"}


def test_spec_subcommands_dispatch(env, tmp_path):
    target = tmp_path / "pin.json"
    result = run(env, "spec", "fetch", "--url", env["DEZGO_BASE_URL"] + "/openapi.json", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["openapi"].startswith("3.")


def test_sim_subcommand_serves_until_interrupted(tmp_path):
    proc = subprocess.Popen(
        [*DEZGO, "sim", "--port", "0", "--balance", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url_line = proc.stdout.readline()
        key_line = proc.stdout.readline()
        assert url_line.startswith("Dezgo simulator on http://127.0.0.1:")
        assert key_line.startswith("test key: DEZGO-")
        url, key = url_line.split()[-1], key_line.split()[2]
        env = {**os.environ, "DEZGO_API_KEY": key, "DEZGO_BASE_URL": url}
        assert run(env, "balance").stdout.strip() == "2 USD"
    finally:
        proc.send_signal(2)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "stopped" in out


def test_the_spinner_shows_on_a_terminal(env, server, tmp_path, run_in_pty):
    server.add_fault("latency", "text2image", value=1.5)
    argv = [sys.executable, "-m", "dezgo.cli", "text2image", "x", "-o", "spin.png"]
    code, text = run_in_pty(argv, {**env, "TERM": "xterm"}, cwd=str(tmp_path), timeout=30)
    assert code == 0, text
    assert "text2image" in text
    assert any(f"{t / 10:.1f}s" in text for t in range(5, 16)), "the elapsed time ticks: " + text[-400:]
    assert any(c in text for c in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"), "spinner frames"
    assert (tmp_path / "spin.png").exists()
