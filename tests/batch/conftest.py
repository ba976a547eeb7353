"""The batch tests' helpers (``kit.py``) as a fixture: test modules cannot import siblings
under ``--import-mode=importlib``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


def _load_kit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dezgo_batch_test_kit", Path(__file__).with_name("kit.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


KIT = _load_kit()


@pytest.fixture(scope="session")
def kit() -> ModuleType:
    return KIT


@pytest.fixture(scope="session")
def session_sim(_session_simulator):
    """The suite's simulator, for hypothesis tests (which cannot use function-scoped fixtures)."""
    return _session_simulator
