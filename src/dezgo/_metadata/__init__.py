"""Generation parameters inside image files: ``Image.save(path, metadata=True)``,
``dezgo batch --metadata`` and ``dezgo.read_metadata(path)``.

An image found later should say how it was made, as image tools' files do. The
record (``ImageMetadata``: operation, the call's arguments with the seed used, size,
charge, SDK version) goes into the file without touching its pixels: PNG ``iTXt``
chunks, JPEG APP1 and WebP chunks with XMP, and EXIF as well where Pillow is
installed. Only the operation's own parameters are ever written, never the key.
One module per container: ``_png``, ``_jpeg``, ``_webp``; ``_xmp`` and ``_exif`` are
the blocks the last two share; ``_record`` is the record itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dezgo._metadata import _jpeg, _png, _webp
from dezgo._metadata._record import SOFTWARE, Call, ImageMetadata
from dezgo._validation import sniff_image

__all__ = ["FORMATS", "SOFTWARE", "Call", "ImageMetadata", "embed", "extract", "read_metadata"]

_EMBED = {"png": _png.embed, "jpeg": _jpeg.embed, "webp": _webp.embed}
_EXTRACT = {"png": _png.extract, "jpeg": _jpeg.extract, "webp": _webp.extract}
FORMATS = frozenset(_EMBED)
"""The formats whose files can carry the record."""
MAX_FILE_BYTES = 1024 * 1024 * 1024
"""``read_metadata`` refuses larger files rather than read them whole."""


def _kind(data: bytes) -> str:
    kind = sniff_image(data)
    if kind is None:
        raise ValueError("not a PNG, JPEG or WebP image: only those can carry metadata")
    return kind


def embed(data: bytes, metadata: ImageMetadata) -> bytes:
    """``data`` (PNG, JPEG or WebP bytes) with the record in it; ValueError when it cannot hold it."""
    return _EMBED[_kind(data)](data, metadata)


def extract(data: bytes) -> ImageMetadata | None:
    """The record in ``data``; None when it carries none; ValueError when it is damaged."""
    return _EXTRACT[_kind(data)](data)


def read_metadata(path: str | os.PathLike[str]) -> ImageMetadata | None:
    """How the image at ``path`` was made, as this SDK stored it; None when the file says nothing.

    ``getattr(client, m.operation)(**m.arguments)`` makes the image again (with the inputs in
    ``m.left_out`` passed by hand). Raises ValueError for a file that is not a PNG, JPEG or
    WebP image or whose record is damaged, and OSError when it cannot be read.
    """
    target = Path(path)
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{target} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ValueError(f"{target} is larger than {MAX_FILE_BYTES // 1024**2} MiB")
    return extract(target.read_bytes())
