"""The batch tests' helpers (tests/batch/kit.py) for the scripts that drive batches: loaded by
path, as the tests' conftest loads them (the tests are not a package)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

KIT = Path(__file__).resolve().parents[1] / "tests" / "batch" / "kit.py"


def load_kit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dezgo_batch_test_kit", KIT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
