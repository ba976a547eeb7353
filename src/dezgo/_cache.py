"""The user's cache folder for this SDK: one place that says where it is.

``$DEZGO_CACHE_DIR``, else ``$XDG_CACHE_HOME/dezgo``, else ``~/.cache/dezgo``. What lives
there can always be rebuilt (the effective spec, the CLI's remembered prices), so a
missing or unwritable folder is never an error, only a slower start.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_folder"]


def cache_folder() -> Path:
    folder = os.environ.get("DEZGO_CACHE_DIR")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dezgo"
