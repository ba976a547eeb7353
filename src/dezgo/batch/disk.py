"""Every byte ``dezgo batch`` writes goes through a ``Disk``: images and journal records.

One narrow seam, so that a full disk, a read-only folder or a failing device can be
simulated deterministically (a test passes a ``Disk`` whose ``write_file``/``append``
raise ``OSError(ENOSPC)`` after so many bytes), and so that what the batch does on a
write error is the same whichever write failed.
"""

from __future__ import annotations

import os
from pathlib import Path

from dezgo._atomic import atomic_write_bytes

__all__ = ["Disk"]


class Disk:
    """The real file system."""

    def write_file(self, path: Path, data: bytes) -> None:
        """Write ``path`` atomically and durably (temp file, fsync, rename), making its folders."""
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)

    def append(self, fd: int, data: bytes) -> None:
        """Append all of ``data`` to the open file ``fd`` and fsync it.

        A failure may leave part of ``data`` written (a torn record): callers frame
        records so that a torn one can never be read as valid, nor merge with the next.
        """
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
