"""Output names: where each job's image goes, checked with the manifest before anything is sent.

A name is otherwise only tried for real when the image is written, which is after the
service billed the job: a name the file system refuses then costs a paid image. So every
rule a write could trip over is checked up front, with the row's line number:

- relative, ``/``-separated, without empty, ``.`` or ``..`` components or backslashes;
- no control characters (NUL, newlines, DEL, C1), bidirectional overrides or lone
  surrogates, so names are safe to print and to encode;
- each component within the file system's limit (``NAME_MAX``), counting the extension
  that may be added and the temporary name of the atomic write;
- inside ``OUT`` once symbolic links are resolved, not through a file, not onto a folder
  or a FIFO, and not the journal, the report, the manifest or an input image;
- unique, compared as the case-insensitive file systems outputs are copied to compare names
  (``folded``), where two names that differ only by case would overwrite each other.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from dezgo.images import EXTENSIONS

__all__ = [
    "RESERVED_PREFIX",
    "OutputChecker",
    "confined",
    "final_name",
    "folded",
    "syntax_problem",
]

RESERVED_PREFIX = ".dezgo-batch"
"""Names in OUT starting with this (any case) belong to the batch: the journal and friends."""
ADDED_EXTENSIONS = frozenset({*EXTENSIONS.values(), "bin"})
"""What ``final_name`` may add to a name without a suffix (``Image.extension``'s values)."""
TEMP_OVERHEAD = len(".") + len(".") + 8 + len(".tmp")
"""``atomic_write_bytes`` writes ``.NAME.XXXXXXXX.tmp`` first: the name must leave room for it."""
FALLBACK_NAME_MAX = 255
FALLBACK_PATH_MAX = 4096
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def final_name(name: str, extension: str) -> str:
    """The name written: ``name`` as given, or with ``.extension`` when it has no suffix."""
    return name if PurePosixPath(name).suffix else f"{name}.{extension}"


def _bad_character(name: str) -> str | None:
    for char in name:
        category = unicodedata.category(char)
        if category == "Cc" or char in ("\u2028", "\u2029"):
            return f"a control character ({char!a})"
        if category == "Cs":
            return f"a lone surrogate ({char!a}), which no file system encoding can write"
        if char in BIDI_CONTROLS:
            return f"a bidirectional control character ({char!a}), which disguises names"
    return None


def syntax_problem(name: object) -> str | None:
    """Why ``name`` cannot be an output name whatever the folder, or None."""
    if not isinstance(name, str):
        return f"must be a string, not {type(name).__name__}"
    if not name:
        return "is empty"
    bad = _bad_character(name)
    if bad is not None:
        return f"contains {bad}"
    if "\\" in name:
        return "contains a backslash: separate folders with '/'"
    if name.startswith("/") or (len(name) >= 2 and name[1] == ":"):
        return "is absolute: give a path relative to OUT"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "has an empty, '.' or '..' component: give a plain path inside OUT such as 'cats/1.png'"
    if folded(parts[0]).startswith(RESERVED_PREFIX):
        return f"starts with {RESERVED_PREFIX!r}, which is reserved for the batch's own files"
    return None


def confined(out: Path, name: str) -> Path | None:
    """``OUT/name`` when ``name`` is a valid output name that stays inside ``OUT``, else None.

    Used on names read back from the journal too: a damaged or edited journal must not
    make the batch look (or write) outside ``OUT``.
    """
    if syntax_problem(name) is not None:
        return None
    root = out.resolve()
    target = (root / name).resolve()
    return target if target.is_relative_to(root) else None


HFS_IGNORED = frozenset(
    "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
)
"""What HFS+ leaves out when it compares names (Apple's TN1150): joiners, directional marks, BOM."""
WINDOWS_DROPPED = " ."
"""What Windows strips from the end of every component of a path (``cat.png.`` is ``cat.png``)."""


def _upcase(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


def _fold_component(part: str) -> str:
    kept = "".join(c for c in part if c not in HFS_IGNORED)
    kept = kept.rstrip(WINDOWS_DROPPED)
    upper = "".join(map(_upcase, kept))
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", upper).casefold())


def folded(path: str) -> str:
    """``path`` as the case-insensitive file systems users copy outputs to see it: two names
    with the same fold are one file on at least one of them.

    Each component is folded as all of these would, so the fold is coarser than each:
    NTFS and exFAT upper-case every UTF-16 unit by a table of simple upper cases (so the
    Turkish dotless ``ı`` is ``I`` there, which ``casefold()`` alone misses); APFS, HFS+,
    ext4 and ZFS compare case folds of canonically decomposed names (``ß`` is ``ss``, the
    Kelvin sign is ``k``, NFC and NFD are one); HFS+ ignores joiners and the BOM; Windows
    drops trailing dots and spaces. Unicode's canonical caseless match,
    NFD(casefold(NFD(x))), is taken of the upper-cased name.
    """
    return "/".join(_fold_component(part) for part in path.split("/"))


def _limit(folder: Path, name: str, fallback: int) -> int:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return int(os.pathconf(probe, name))
    except (OSError, ValueError, AttributeError):
        return fallback


class OutputChecker:
    """Checks output names one row at a time, remembering earlier rows to find collisions."""

    def __init__(self, out: Path | None, reserved: Iterable[Path] = ()) -> None:
        self.out = out.resolve() if out is not None else None
        self.name_max = _limit(out, "PC_NAME_MAX", FALLBACK_NAME_MAX) if out else FALLBACK_NAME_MAX
        self.path_max = _limit(out, "PC_PATH_MAX", FALLBACK_PATH_MAX) if out else FALLBACK_PATH_MAX
        self.reserved = {folded(str(p.resolve())): p for p in reserved}
        self._finals: dict[str, tuple[int, str]] = {}  # every name a row may write -> (line, output)
        self._folders: dict[str, tuple[int, str]] = {}  # every folder a row needs -> (line, output)

    def check(self, line: int, name: object) -> str | None:
        """Why the output ``name`` of the row at ``line`` cannot be used, or None (and it is kept)."""
        problem = syntax_problem(name)
        if problem is not None:
            return problem
        assert isinstance(name, str)
        problem = self._length_problem(name)
        if problem is None and self.out is not None:
            problem = self._place_problem(name)
        if problem is None:
            problem = self._collision(line, name)
        return problem

    def _candidates(self, name: str) -> list[str]:
        if PurePosixPath(name).suffix:
            return [name]
        return [final_name(name, ext) for ext in sorted(ADDED_EXTENSIONS)]

    def _length_problem(self, name: str) -> str | None:
        parts = name.split("/")
        longest_last = max(len(c.rsplit("/", 1)[-1].encode("utf-8")) for c in self._candidates(name))
        for part in parts[:-1]:
            if len(part.encode("utf-8")) > self.name_max:
                return f"the folder name {part[:40]!r}... is longer than {self.name_max} bytes"
        if longest_last + TEMP_OVERHEAD > self.name_max:
            return (
                f"the file name is {longest_last} bytes long (with its extension); at most "
                f"{self.name_max - TEMP_OVERHEAD} fit this file system (its limit is {self.name_max}, "
                f"and the atomic write needs {TEMP_OVERHEAD} for its temporary name)"
            )
        if self.out is not None:
            whole = len(str(self.out).encode("utf-8")) + 1 + len(name.encode("utf-8")) + 5 + TEMP_OVERHEAD
            if whole >= self.path_max:
                return f"the full path would be longer than this file system's limit of {self.path_max} bytes"
        return None

    def _place_problem(self, name: str) -> str | None:
        assert self.out is not None
        where = self.out
        parts = name.split("/")
        for part in parts[:-1]:
            where = where / part
            try:
                mode = where.lstat().st_mode
            except FileNotFoundError:
                break
            except OSError as exc:
                return f"cannot check {part!r}: {exc.strerror}"
            if stat.S_ISLNK(mode):
                resolved = where.resolve()
                if not resolved.is_relative_to(self.out):
                    return f"goes through {part!r}, a symbolic link that leads outside OUT"
                if not resolved.is_dir():
                    return f"goes through {part!r}, which is not a folder"
            elif not stat.S_ISDIR(mode):
                return f"goes through {part!r}, which is a file, not a folder"
        for candidate in self._candidates(name):
            target = self.out / candidate
            resolved = target.resolve()
            if not resolved.is_relative_to(self.out):
                return "leads outside OUT once symbolic links are followed"
            if folded(str(resolved)) in self.reserved:
                return (
                    f"would overwrite {self.reserved[folded(str(resolved))]}, which the batch reads or writes"
                )
            try:
                mode = target.stat().st_mode
            except FileNotFoundError:
                continue
            except OSError as exc:
                return f"cannot check {candidate!r}: {exc.strerror}"
            if stat.S_ISDIR(mode):
                return f"{candidate!r} is an existing folder"
            if not stat.S_ISREG(mode):
                return f"{candidate!r} exists and is not a regular file (a FIFO, socket or device)"
        return None

    def _collision(self, line: int, name: str) -> str | None:
        finals = [folded(c) for c in self._candidates(name)]
        parts = name.split("/")
        folders = [folded("/".join(parts[:i])) for i in range(1, len(parts))]
        for key in finals:
            if key in self._finals:
                other_line, other = self._finals[key]
                return f"{name!r} would write the same file as {other!r} on line {other_line} (names are compared as case-insensitive file systems compare them)"
            if key in self._folders:
                other_line, other = self._folders[key]
                return f"{name!r} is a folder of {other!r} on line {other_line}"
        for key in folders:
            if key in self._finals:
                other_line, other = self._finals[key]
                return f"{name!r} needs a folder where {other!r} on line {other_line} writes a file"
        for key in finals:
            self._finals[key] = (line, name)
        for key in folders:
            self._folders.setdefault(key, (line, name))
        return None
