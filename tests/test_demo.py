"""``make demo``'s script writes real, decodable images of the sizes it asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.py"


def test_the_demo_runs_and_writes_real_images(tmp_path):
    result = subprocess.run(
        [sys.executable, str(DEMO)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    expected = {
        "1-lighthouse.png": (512, 512),
        "2-winter.png": (512, 512),
        "3-cutout.png": (512, 512),
        "4-upscaled.png": (1024, 1024),
    }
    for name, size in expected.items():
        with Image.open(out / name) as image:
            image.load()  # decodes the whole file
            assert image.size == size, name
    with Image.open(out / "3-cutout.png") as cutout:
        assert cutout.mode == "RGBA"
    assert "Ledger total:" in result.stdout
    assert "Balance now:" in result.stdout
    total = next(line for line in result.stdout.splitlines() if line.startswith("Ledger total:")).split()[2]
    balance = next(line for line in result.stdout.splitlines() if line.startswith("Balance now:")).split()[2]
    from decimal import Decimal

    assert Decimal("5.00") - Decimal(total) == Decimal(balance), "the ledger agrees with the account"
