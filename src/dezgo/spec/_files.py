"""Reading and writing the spec tools' local files: regular files only, within the size cap and the deadline.

A path in a spec (a ``$ref``) or on the command line may name anything: a
device that never ends (``/dev/zero``), a FIFO that blocks forever, a folder.
Such a path is opened without blocking and refused before a byte is read; a
regular file is read in chunks, at most ``MAX_SPEC_BYTES``, the deadline checked
between them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from dezgo._atomic import atomic_write_bytes
from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._http import MAX_SPEC_BYTES

__all__ = ["check_writable", "read_regular_file", "write_file"]

_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO, not a regular file (refused)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file (refused)"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file (refused)"
    return "is not a regular file (refused)"


def read_regular_file(location: str, deadline: Deadline, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``location``, or SpecError (never blocks, never reads past the cap)."""
    cap = MAX_SPEC_BYTES if limit is None else limit
    deadline.check(location)
    try:
        fd = os.open(location, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise SpecError(f"{location}: no such file") from None
    except IsADirectoryError:
        raise SpecError(f"{location}: is a directory") from None
    except OSError as exc:
        raise SpecError(f"{location}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(f"{location}: {_kind(info.st_mode)}")
        if info.st_size > cap:
            raise SpecError(f"{location}: larger than {cap} bytes (refused)")
        chunks: list[bytes] = []
        size = 0
        while True:
            deadline.check(location)
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:  # the file grew while we read it
                raise SpecError(f"{location}: larger than {cap} bytes (refused)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise SpecError(f"{location}: is a directory") from None
        raise SpecError(f"{location}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def check_writable(path: Path) -> None:
    """SpecError unless ``path`` is missing or a regular file (a folder, FIFO or device is never written)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise SpecError(f"{path}: cannot be written ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SpecError(f"{path}: {_kind(info.st_mode)}")


def write_file(path: Path, data: bytes, deadline: Deadline) -> None:
    """Atomically replace ``path`` (a regular file or nothing yet) with ``data``, within the deadline."""
    check_writable(path)
    deadline.check(str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise SpecError(f"{path}: cannot be written ({exc.strerror})") from None
