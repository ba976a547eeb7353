"""The global options reach every sub-command, before or after its name (one parser, parsed once)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading

import pytest
from cli_kit import DEZGO, run

from dezgo import __version__


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    """No DEZGO_BASE_URL: a command reaches the simulator only when --base-url gets there."""
    monkeypatch.chdir(tmp_path)
    server.reset()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DEZGO_")}
    # A base URL nothing listens on: a command that ignored --base-url fails fast, it does not hang.
    return {**clean, "DEZGO_API_KEY": server.api_key, "DEZGO_BASE_URL": "http://127.0.0.1:9", "NO_COLOR": "1"}


@pytest.mark.parametrize("position", ["before", "after"])
def test_base_url_reaches_an_operation(position, env, server, tmp_path):
    args = ["text2image", "a kite", "-o", str(tmp_path / "k.png")]
    global_args = ["--base-url", server.url, "--json"]
    result = run(env, *(global_args + args if position == "before" else args + global_args))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["charge"]["amount_usd"] == str(server.charges[0].amount_usd)


@pytest.mark.parametrize("position", ["before", "after"])
def test_base_url_api_key_file_and_json_reach_batch(position, env, server, tmp_path):
    manifest = tmp_path / "jobs.jsonl"
    manifest.write_text('{"id": "a", "prompt": "one"}\n{"id": "b", "prompt": "two"}\n')
    key_file = tmp_path / "key"
    key_file.write_text(server.api_key)
    no_key = {k: v for k, v in env.items() if k != "DEZGO_API_KEY"}
    global_args = [
        "--base-url",
        server.url,
        "--api-key-file",
        str(key_file),
        "--json",
        "-q",
        "--timeout",
        "30",
    ]
    args = ["batch", str(manifest), "-o", str(tmp_path / "out")]
    result = run(no_key, *(global_args + args if position == "before" else args + global_args))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["done"] == 2
    assert len(server.charges) == 2
    assert summary["spent_usd"] == str(server.total_billed)


def test_json_reaches_balance_and_models(env, server):
    balance = run(env, "--json", "--base-url", server.url, "balance")
    assert json.loads(balance.stdout) == {"balance_usd": str(server.balance)}
    models = run(env, "models", "--json", "--base-url", server.url)
    assert {m["id"] for m in json.loads(models.stdout)} >= {"dreamshaper_8"}


def test_base_url_timeout_and_json_reach_spec_fetch_and_check(env, server, tmp_path):
    pin = tmp_path / "pin.json"
    fetched = run(
        env, "--base-url", server.url, "--json", "--timeout", "10", "spec", "fetch", "--out", str(pin)
    )
    assert fetched.returncode == 0, fetched.stderr
    assert json.loads(fetched.stdout)["url"] == server.url + "/openapi.json"
    assert pin.read_bytes() == server.app.spec_bytes
    checked = run(env, "spec", "check", "--pinned", str(pin), "--base-url", server.url, "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["summary"] == {"breaking": 0, "warning": 0, "info": 0}


def test_timeout_reaches_spec_fetch(env, tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/openapi.json"
    try:
        result = run(
            env, "--timeout", "1", "spec", "fetch", "--url", url, "--out", str(tmp_path / "x"), timeout=30
        )
    finally:
        listener.close()
    assert result.returncode == 1
    assert "timed out" in result.stderr
    assert not (tmp_path / "x").exists()


def test_json_reaches_spec_diff(env, tmp_path):
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {}}}},
    }
    old.write_text(json.dumps(doc))
    doc["paths"] = {"/b": {"get": {"responses": {}}}}
    new.write_text(json.dumps(doc))
    result = run(env, "--json", "spec", "diff", str(old), str(new))
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["breaking"] >= 1


def test_base_url_api_key_file_and_json_reach_sim(env, tmp_path):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    key_file = tmp_path / "sim-key"
    key_file.write_text("DEZGO-" + "AB" * 36)
    proc = subprocess.Popen(
        [*DEZGO, "--base-url", f"http://127.0.0.1:{port}", "--api-key-file", str(key_file), "--json", "sim"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = json.loads(proc.stdout.readline())
        assert line["url"] == f"http://127.0.0.1:{port}"
        assert line["api_key"] == "DEZGO-" + "AB" * 36
        client_env = {**env, "DEZGO_API_KEY": line["api_key"]}
        assert run(client_env, "balance", "--base-url", line["url"]).stdout.strip() == "5.00 USD"
    finally:
        proc.send_signal(2)
        proc.communicate(timeout=20)
    assert proc.returncode == 0


def test_debug_reaches_the_tools_without_printing_the_key(env, server, tmp_path):
    result = run(env, "--debug", "--base-url", server.url, "text2image", "x", "-o", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    assert "POST " + server.url + "/text2image" in result.stderr
    assert server.api_key not in result.stderr + result.stdout


def test_version(env):
    for args in (["--version"],):
        result = run(env, *args)
        assert result.returncode == 0
        assert result.stdout.strip() == f"dezgo {__version__}"
