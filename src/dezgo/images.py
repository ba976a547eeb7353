"""Images in (paths, bytes, files, PIL images) and out (``Image``, ``Video``).

Inputs are read and checked before any request: the file exists, and the bytes
are an image. PNG and JPEG are what clients send the service, and WebP is
assumed; that it refuses other formats (GIF, BMP, TIFF) is only an inference
(G in every image field's evidence), so those are sent with a warning, and
bytes that are no image at all are refused. Results keep the raw bytes; their
format comes from the magic bytes (not the Content-Type header), and their size
from the image header, so no Pillow is needed to use them. ``save`` never
writes one format under another format's extension.
"""

from __future__ import annotations

import base64
import io
import os
import stat
import struct
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Union

import attrs

from dezgo._atomic import atomic_write_bytes
from dezgo._validation import sniff_image
from dezgo.errors import InvalidRequestError

if TYPE_CHECKING:
    import httpx
    import PIL.Image

    from dezgo._metadata import Call, ImageMetadata
    from dezgo.billing import Charge

__all__ = [
    "EXTENSIONS",
    "FORMAT_OF_EXTENSION",
    "MAX_IMAGE_BYTES",
    "Image",
    "ImageInput",
    "Video",
    "image_size",
    "load_image_input",
    "media_format",
    "sniff_media",
]

ImageInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO, "PIL.Image.Image"]
"""What an image argument accepts: a path, the bytes, a binary file object, or a PIL image."""

EXTENSIONS = {
    "png": "png",
    "jpeg": "jpg",
    "webp": "webp",
    "gif": "gif",
    "bmp": "bmp",
    "tiff": "tif",
    "mp4": "mp4",
}
"""A format's usual file extension."""
FORMAT_OF_EXTENSION = {
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "webp": "webp",
    "gif": "gif",
    "bmp": "bmp",
    "tif": "tiff",
    "tiff": "tiff",
    "mp4": "mp4",
}
"""The format a file extension names (``.jpg`` is JPEG); extensions not listed name no format."""
ACCEPTED = frozenset({"png", "jpeg", "webp"})
"""Image formats the service is known (PNG, JPEG) or assumed (WebP) to take."""
_OTHER_IMAGES = (
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def sniff_media(data: bytes) -> str | None:
    """``png``, ``jpeg``, ``webp``, ``gif``, ``bmp``, ``tiff`` or ``mp4`` from the magic bytes."""
    kind = sniff_image(data)
    if kind is not None:
        return kind
    if data[4:8] == b"ftyp":
        return "mp4"
    return next((name for magic, name in _OTHER_IMAGES if data.startswith(magic)), None)


def media_format(name: str) -> str | None:
    """The format a file extension or a ``format`` argument names: ``"jpg"`` -> ``"jpeg"``; None if none."""
    return FORMAT_OF_EXTENSION.get(name.lower().lstrip("."))


MAX_IMAGE_BYTES = 50 * 1024 * 1024
"""The largest image this SDK sends (50 MiB, ours: the service states no limit). Larger inputs
are refused before they are read, so a huge or endless file cannot exhaust memory."""


def _describe_size(size: int) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / 1024**2:.1f} MB"


def _read_path(path: Path, refuse: Any) -> bytes:
    """The file's bytes, after checking (without reading) that it is a regular file of a sane size."""
    try:
        info = os.stat(path)  # follows symlinks: a link to /dev/zero is judged as /dev/zero
    except FileNotFoundError:
        raise refuse(f"no such file: {path}") from None
    except OSError as exc:
        raise refuse(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse(f"{path} is a folder, not an image file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise refuse(f"{path} is {kind}, not a regular image file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise refuse(
            f"{path} is {_describe_size(info.st_size)}; the largest image this SDK sends is "
            f"{_describe_size(MAX_IMAGE_BYTES)}"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise refuse(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise refuse(
            f"{path} is larger than {_describe_size(MAX_IMAGE_BYTES)}, the largest image this SDK sends"
        )
    return data


def load_image_input(value: Any, *, field: str, operation: str) -> bytes:
    """The bytes of an image argument, checked; InvalidRequestError otherwise (nothing is sent)."""

    def refuse(reason: str) -> InvalidRequestError:
        return InvalidRequestError(reason, field=field, operation=operation)

    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, (str, os.PathLike)):
        if isinstance(value, str) and (value.startswith("data:") or len(value) > 4096):
            raise refuse("pass the image as bytes, a path or a file object, not as encoded text")
        data = _read_path(Path(value), refuse)
    elif hasattr(value, "read"):
        data = value.read(MAX_IMAGE_BYTES + 1)
        if not isinstance(data, (bytes, bytearray)):
            raise refuse("the file object must be opened in binary mode ('rb')")
        data = bytes(data)
    elif type(value).__module__.startswith("PIL."):
        buffer = io.BytesIO()
        image = value if value.mode in ("RGB", "RGBA", "L", "LA") else value.convert("RGBA")
        image.save(buffer, "PNG")
        data = buffer.getvalue()
    else:
        raise refuse(f"expected a path, bytes, a binary file or a PIL image, not {type(value).__name__}")
    if not data:
        raise refuse("the image is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise refuse(
            f"the image is larger than {_describe_size(MAX_IMAGE_BYTES)}, the largest this SDK sends"
        )
    kind = sniff_media(data)
    if kind is None or kind == "mp4":
        raise refuse("not an image: the service takes PNG and JPEG images (and WebP, it seems)")
    return data


# -- base64 without extra copies ----------------------------------------------------------------

B64_CHUNK = 3 * 256 * 1024  # a multiple of 3: each chunk encodes without padding


def b64_length(size: int) -> int:
    return 4 * ((size + 2) // 3)


def iter_b64(data: bytes) -> Iterator[bytes]:
    """Base64 of ``data`` in chunks, so the encoded text never exists whole in memory."""
    view = memoryview(data)
    for start in range(0, len(view), B64_CHUNK):
        yield base64.b64encode(view[start : start + B64_CHUNK])


# -- reading sizes from headers --------------------------------------------------------------------


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG, JPEG or WebP header; None when it cannot be read."""
    kind = sniff_image(data)
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        if kind == "jpeg":
            return _jpeg_size(data)
        if kind == "webp":
            return _webp_size(data)
    except (struct.error, IndexError):
        return None
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width & 0x3FFF), int(height & 0x3FFF)
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return None


# -- results -------------------------------------------------------------------------------------


def _ask_for(operation: str, wanted: str) -> str:
    """``; or ask for JPEG with format='jpg'`` when the operation's spec has a format that gives it."""
    from dezgo._spec import by_name, pinned_operations

    op = by_name(pinned_operations()).get(operation)
    try:
        formats = op.param("format").enum if op is not None else None
    except KeyError:
        formats = None
    value = next((v for v in formats or () if isinstance(v, str) and media_format(v) == wanted), None)
    return f"; or ask for {wanted.upper()} with format={value!r}" if value else ""


@attrs.frozen(eq=False)
class _Media:
    data: bytes = attrs.field(repr=False)
    format: str
    operation: str
    seed: int | None = None
    charge: Charge | None = None
    response: httpx.Response | None = attrs.field(default=None, repr=False)
    """The raw HTTP response, for headers and status the SDK does not model."""
    call: Call | None = attrs.field(default=None, repr=False, kw_only=True)
    """The call that made it (operation and arguments, as a file can keep them); None when unknown."""

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.format, "bin")

    @property
    def amount_usd(self) -> Decimal | None:
        return None if self.charge is None else self.charge.amount_usd

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        fsync: bool = True,
        fix_extension: bool = False,
        metadata: bool = False,
    ) -> Path:
        """Write atomically (temp file in the same folder, fsync, rename); returns the path written.

        When ``path`` has no extension, the real format's is added (``out/cat`` -> ``out/cat.png``).
        An extension that names another format (``cat.jpg`` for PNG bytes) is refused with a
        ``ValueError`` that says how to fix it, because a file whose name lies about its
        contents breaks whatever opens it next; ``fix_extension=True`` writes ``cat.png``
        instead (the returned path says so). Extensions that name no format (``.bin``) are kept.
        Missing folders on the way are created, so a pasted ``save("out/cat")`` just works.
        ``fsync=False`` skips the flush to disk (about twice as fast for large files): still no
        half-written file if the process dies, but a power cut may lose the image.
        ``metadata=True`` stores how the image was made in the file (PNG, JPEG and WebP; see
        ``dezgo.read_metadata``); a ``ValueError`` says why when it cannot, before anything is written.
        """
        data = self._with_metadata() if metadata else self.data
        target = Path(path)
        if not target.suffix:
            target = target.with_name(f"{target.name}.{self.extension}")
        named = media_format(target.suffix)
        if named is not None and self.format in EXTENSIONS and named != self.format:
            fixed = target.with_suffix(f".{self.extension}")
            if not fix_extension:
                raise ValueError(
                    f"save({str(path)!r}): {target.suffix} names a {named.upper()} file, but this "
                    f"{type(self).__name__.lower()} is {self.format.upper()}; save it as {str(fixed)!r} "
                    f"(or pass fix_extension=True to do that){_ask_for(self.operation, named)}"
                )
            target = fixed
        target.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write_bytes(target, data, fsync=fsync)

    def _with_metadata(self) -> bytes:
        raise ValueError(
            f"metadata is stored in PNG, JPEG and WebP images, not in {self.format.upper()} files"
        )

    def __len__(self) -> int:
        return len(self.data)


@attrs.frozen(eq=False)
class Image(_Media):
    """A generated image: ``data``, ``format`` (png, jpeg, webp), ``width``/``height``, ``seed``, ``charge``."""

    width: int | None = None
    height: int | None = None

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        operation: str = "",
        seed: int | None = None,
        charge: Charge | None = None,
        response: httpx.Response | None = None,
        call: Call | None = None,
    ) -> Image:
        size = image_size(data)
        return cls(
            data=data,
            format=sniff_media(data) or "unknown",
            operation=operation,
            seed=seed,
            charge=charge,
            response=response,
            call=call,
            width=size[0] if size else None,
            height=size[1] if size else None,
        )

    @property
    def metadata(self) -> ImageMetadata | None:
        """How this image was made, as ``save(metadata=True)`` stores it; None when that is unknown
        (an image made with ``from_bytes`` rather than by a client's call)."""
        if self.call is None:
            return None
        from dezgo._metadata import ImageMetadata

        return ImageMetadata.of(
            self.call, seed=self.seed, width=self.width, height=self.height, charge_usd=self.amount_usd
        )

    def with_metadata(self) -> Image:
        """A copy whose bytes also hold how it was made (what ``save(metadata=True)`` writes)."""
        return attrs.evolve(self, data=self._with_metadata())

    def _with_metadata(self) -> bytes:
        from dezgo._metadata import FORMATS, embed

        if self.format not in FORMATS:
            return super()._with_metadata()
        metadata = self.metadata
        if metadata is None:
            raise ValueError(
                "this image does not know the call that made it (it was not returned by a client), "
                "so there is no metadata to store"
            )
        return embed(self.data, metadata)

    def to_pil(self) -> PIL.Image.Image:
        """The image as a Pillow image (needs the ``pil`` extra)."""
        try:
            from PIL import Image as PILImage
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_pil() needs Pillow: pip install 'dezgo[pil]'") from None
        image = PILImage.open(io.BytesIO(self.data))
        image.load()
        return image


@attrs.frozen(eq=False)
class Video(_Media):
    """A generated video (MP4 bytes) from the text2video operations."""

    width: int | None = None
    height: int | None = None
