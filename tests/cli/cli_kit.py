"""What the command-line tests share: running the real ``dezgo`` command in a subprocess."""

from __future__ import annotations

import subprocess
import sys

DEZGO = [sys.executable, "-m", "dezgo.cli"]


def run(
    env: dict[str, str], *args: str, timeout: float = 60, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``dezgo ARGS`` with ``env``; stdout and stderr as text; stdin empty unless given."""
    raw = subprocess.run(
        [*DEZGO, *args],
        env=env,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(raw.args, raw.returncode, raw.stdout.decode(), raw.stderr.decode())
