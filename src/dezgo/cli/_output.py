"""Where a paid result goes: the path is proved writable before the call, and the result is kept
somewhere after it, whatever the disk does in between.

The job is billed when the service answers; a path first tried after that (a read-only mount,
a regular file where a folder should be, a full disk) would cost the image. So before a paid
call is sent the folder is created and a temporary file is written, flushed and removed in it;
what fails is a usage error (exit 2) and nothing is sent. A result that still cannot be
written afterwards (the disk filled up meanwhile, or the service chose a format whose name is
taken by a folder) is kept beside the path asked for, else in the user's cache folder, else in
the system's temporary folder, and the command says where (exit 5).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dezgo._exit import ExitCode
from dezgo.cli._options import CommandError

if TYPE_CHECKING:
    from dezgo.images import Image, Video

__all__ = ["PROBE_PREFIX", "fallback_folders", "keep", "prove_writable"]

PROBE_PREFIX = ".dezgo-probe-"
PROBE_BYTES = b"dezgo: can a result be written here?\n"


def _candidates(output: Path) -> list[Path]:
    """The paths a result may be written to: ``output``, and without a suffix each it may get."""
    from dezgo.images import EXTENSIONS

    if output.suffix:
        return [output]
    return [
        output,
        *(output.with_name(f"{output.name}.{ext}") for ext in sorted({*EXTENSIONS.values(), "bin"})),
    ]


def _refuse(output: Path | None, problem: str) -> CommandError:
    where = f"-o {output}: " if output is not None else ""
    return CommandError(f"{where}{problem}; nothing was sent", ExitCode.BAD_INPUT)


def prove_writable(output: Path | None) -> None:
    """Raise a usage error unless a result can be written at ``output`` (the working folder when
    None): not a folder, not under a regular file, and a file can be written in its folder."""
    folder = Path(".")
    if output is not None:
        for candidate in _candidates(output):
            if candidate.is_dir():
                raise _refuse(
                    output, f"{candidate} is a folder; name a file in it, e.g. {candidate / 'image.png'}"
                )
        folder = output.parent
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise _refuse(output, f"{ancestor} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refuse(output, f"cannot create the folder {folder} ({exc.strerror or exc})") from None
    try:
        fd, name = tempfile.mkstemp(prefix=PROBE_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _refuse(output, f"cannot write in {folder} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(PROBE_BYTES)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise _refuse(output, f"cannot write in {folder} ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def fallback_folders(wanted: Path) -> list[Path]:
    """Where a result that cannot go to ``wanted`` is kept, in order of preference."""
    from dezgo._cache import cache_folder

    return [wanted.parent, cache_folder() / "unsaved", Path(tempfile.gettempdir()) / "dezgo-unsaved"]


def keep(result: Image | Video, wanted: Path) -> Path | None:
    """Write ``result`` under a fresh name in the first fallback folder that takes it; None if none does."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"{wanted.stem or result.operation or 'result'}.unsaved-{stamp}-{os.urandom(3).hex()}.{result.extension}"
    for folder in fallback_folders(wanted):
        try:
            return result.save(folder / name)
        except OSError:
            continue
    return None
