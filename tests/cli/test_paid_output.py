"""A paid result and its file: the output path is proved writable before the call is sent, a result
that still cannot be written is kept elsewhere (exit 5), and an answer that is no image writes nothing.

Read-only mounts and full disks are real file systems (a tmpfs, mounted as root; skipped with the
reason elsewhere); a regular file on the way gives the kernel's ENOTDIR on every machine.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_kit import run
from PIL import Image

from dezgo._exit import ExitCode
from dezgo.testing import Simulator

NEEDS_ROOT = pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a tmpfs needs root; the regular-file and folder cases run anywhere"
)


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server.reset()
    return {
        **os.environ,
        "DEZGO_API_KEY": server.api_key,
        "DEZGO_BASE_URL": server.url,
        "DEZGO_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }


@contextmanager
def tmpfs(options: str):
    folder = Path(tempfile.mkdtemp(prefix="dezgo-cli-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        os.rmdir(folder)
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not permitted'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        os.rmdir(folder)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` until at most ``leave`` bytes are free."""
    with open(folder / "filler", "wb") as handle:
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave:
                return
            try:
                handle.write(b"\0" * min(free - leave, 1 << 16))
                handle.flush()
            except OSError:
                return


def _refused_before_sending(result, server, said: str) -> None:
    assert result.returncode == ExitCode.BAD_INPUT, result.stderr
    assert said in result.stderr
    assert "nothing was sent" in result.stderr
    assert "Traceback" not in result.stderr
    assert server.requests == {}, "the call was never sent, so nothing was billed"


# -- proved writable before the call ------------------------------------------------------------------


def test_an_output_under_a_regular_file_is_refused_before_sending(env, server, tmp_path):
    (tmp_path / "notes.txt").write_text("a file")
    result = run(env, "text2image", "x", "-o", "notes.txt/cat.png")
    _refused_before_sending(result, server, "notes.txt")
    assert "is a file, not a folder" in result.stderr


def test_an_output_that_is_a_folder_is_refused_before_sending(env, server, tmp_path):
    (tmp_path / "cats").mkdir()
    _refused_before_sending(run(env, "text2image", "x", "-o", "cats"), server, "is a folder")
    (tmp_path / "dogs.png").mkdir()
    _refused_before_sending(run(env, "text2image", "x", "-o", "dogs"), server, "dogs.png is a folder")


def test_missing_folders_are_created_and_the_probe_leaves_nothing(env, server, tmp_path):
    result = run(env, "text2image", "x", "-o", "new/deeper/cat.png")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "new" / "deeper").iterdir()] == ["cat.png"], "no probe file left"


@NEEDS_ROOT
def test_an_output_on_a_read_only_mount_is_refused_before_sending(env, server):
    with tmpfs("ro,size=64k") as folder:
        result = run(env, "text2image", "x", "-o", str(folder / "cat.png"))
    _refused_before_sending(result, server, "Read-only file system")


@NEEDS_ROOT
def test_an_output_on_a_full_disk_is_refused_before_sending(env, server):
    with tmpfs("size=64k") as folder:
        _fill(folder)
        result = run(env, "text2image", "x", "-o", str(folder / "cat.png"))
        assert not (folder / "cat.png").exists()
    _refused_before_sending(result, server, "No space left on device")


# -- a paid result that still cannot be written --------------------------------------------------------


def _kept(result, env) -> Path:
    assert result.returncode == ExitCode.WRITE_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if "kept" in line)
    kept = Path(line.split("kept in ", 1)[1].split(" ", 1)[0].rstrip(";,"))
    assert kept.is_file()
    return kept


@NEEDS_ROOT
def test_a_disk_that_fills_up_during_the_call_keeps_the_paid_image_elsewhere(env, server, tmp_path):
    with tmpfs("size=64k") as folder:
        _fill(folder, leave=4096)  # room for the probe, not for the image
        result = run(
            env, "text2image", "x", "--width", "512", "--height", "512", "-o", str(folder / "cat.png")
        )
        assert not (folder / "cat.png").exists()
        assert sorted(p.name for p in folder.iterdir()) == ["filler"], "no temporary file left"
    kept = _kept(result, env)
    assert kept.is_relative_to(tmp_path / "cache" / "unsaved"), "in the user's cache folder"
    assert Image.open(kept).size == (512, 512)
    assert "No space left on device" in result.stderr
    charge = server.charges[0]
    assert f"{charge.amount_usd} USD" in result.stderr, "the money is said"


@pytest.mark.reconstruction  # asks for a format outside a guessed list
def test_a_name_the_result_cannot_take_keeps_it_beside(env, server, tmp_path):
    """The service chooses the format after the call: upscale answers PNG, so ``-o big.gif`` becomes
    big.png, which here is a folder; the image is kept beside it, and the command says where."""
    source = tmp_path / "in.png"
    Image.new("RGB", (40, 30)).save(source)
    (tmp_path / "big.png").mkdir()
    result = run(env, "upscale", str(source), "-o", "big.gif")
    kept = _kept(result, env)
    assert kept.parent == tmp_path, "beside the path asked for"
    assert Image.open(kept).size == (80, 60)
    assert list((tmp_path / "big.png").iterdir()) == []


# -- a success answer that is no image -----------------------------------------------------------------

PAGE = b"<html><body>Service Unavailable</body></html>"


def _html_instead_of_images(app):
    """The simulator as it is (billing included), but its images replaced by an HTML page."""

    async def wrapped(scope, receive, send):
        replacing = False

        async def rewriting(message):
            nonlocal replacing
            if message["type"] == "http.response.start":
                headers = dict(message["headers"])
                replacing = headers.get(b"content-type", b"").startswith(b"image/")
                if replacing:
                    headers[b"content-type"] = b"text/html"
                    headers[b"content-length"] = str(len(PAGE)).encode()
                    message["headers"] = list(headers.items())
            elif message["type"] == "http.response.body" and replacing:
                message = {**message, "body": PAGE if not message.get("more_body") else b""}
            await send(message)

        await app(scope, receive, rewriting)

    return wrapped


def test_a_success_answer_that_is_no_image_exits_3_with_its_charge_and_writes_nothing(tmp_path):
    with Simulator(middleware=_html_instead_of_images) as sim:
        env = {**os.environ, "DEZGO_API_KEY": sim.api_key, "DEZGO_BASE_URL": sim.url, "NO_COLOR": "1"}
        result = run(env, "text2image", "x", "-o", str(tmp_path / "cat.png"))
        assert result.returncode == ExitCode.API, result.stderr
        charge = sim.charges[0]
    assert "text/html" in result.stderr
    assert f"{charge.amount_usd} USD" in result.stderr, "the charge is in the message"
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "no file written, not even a probe"
    assert sim.api_key not in result.stdout + result.stderr
