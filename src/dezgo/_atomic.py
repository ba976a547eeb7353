"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A reader (or a crash) sees either the old file or the whole new one, never a
half-written image, spec or report.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write_bytes", "fsync_folder"]

# mkstemp creates 0600 files; give the result the mode a plain open() would have.
_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes | memoryview | Iterable[bytes], *, fsync: bool = True
) -> Path:
    """Write ``data`` (bytes, or an iterable of chunks) to ``path`` atomically.

    With ``fsync`` (the default) the file and the rename are flushed to disk, so even a power
    cut leaves the old file or the whole new one. Without it, a crash of this process still
    cannot leave a half-written file, but a power cut might.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (bytes, bytearray, memoryview)):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if fsync:
        fsync_folder(folder)
    return target


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable; not every platform lets a folder be opened."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
