"""WebP ``XMP `` (always) and ``EXIF`` (with Pillow) chunks, added without re-encoding.

Metadata chunks need the extended format: a simple file (one ``VP8 `` or ``VP8L``
chunk) gets a ``VP8X`` header in front, with the canvas size of its bitstream and
the alpha flag a lossless bitstream declares. The chunks go last, EXIF then XMP, as
the container's specification orders them; older ones are replaced. The bitstream is
copied byte for byte.
"""

from __future__ import annotations

import struct

from dezgo._metadata import _exif, _xmp
from dezgo._metadata._record import ImageMetadata

__all__ = ["embed", "extract"]

XMP_FLAG, EXIF_FLAG, ALPHA_FLAG = 0x04, 0x08, 0x10
MAX_CANVAS = 1 << 24


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(fourcc, payload) of each chunk; ValueError when the container is damaged."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP file")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)
    chunks: list[tuple[bytes, bytes]] = []
    at = 12
    while at + 8 <= end:
        fourcc = data[at : at + 4]
        (size,) = struct.unpack("<I", data[at + 4 : at + 8])
        if at + 8 + size > end:
            raise ValueError("the WebP file is truncated")
        chunks.append((fourcc, data[at + 8 : at + 8 + size]))
        at += 8 + size + (size & 1)
    if not chunks:
        raise ValueError("the WebP file has no chunks")
    return chunks


def _chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


def _canvas(fourcc: bytes, payload: bytes) -> tuple[int, int, bool]:
    """Width, height and "has alpha" from a simple file's bitstream header."""
    if fourcc == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", payload[6:10])
        return width & 0x3FFF, height & 0x3FFF, False
    if fourcc == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool(bits >> 28 & 1)
    raise ValueError("the WebP bitstream header cannot be read")


def _vp8x(flags: int, width: int, height: int) -> bytes:
    if not (0 < width <= MAX_CANVAS and 0 < height <= MAX_CANVAS):
        raise ValueError("the WebP canvas size is out of range")
    return _chunk(
        b"VP8X",
        bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"),
    )


def embed(data: bytes, metadata: ImageMetadata) -> bytes:
    chunks = _chunks(data)
    existing_exif = next((payload for fourcc, payload in chunks if fourcc == b"EXIF"), None)
    kept = [(fourcc, payload) for fourcc, payload in chunks if fourcc not in (b"EXIF", b"XMP ")]
    tiff = _exif.exif_tiff(metadata, existing_exif)
    exif = tiff if tiff is not None else existing_exif
    flags = XMP_FLAG | (EXIF_FLAG if exif is not None else 0)
    if kept[0][0] == b"VP8X":
        header = kept[0][1]
        if len(header) < 10:
            raise ValueError("the WebP VP8X chunk is truncated")
        first = _chunk(b"VP8X", bytes([(header[0] & ~EXIF_FLAG) | flags]) + header[1:])
    else:
        width, height, alpha = _canvas(*kept[0])
        first = _vp8x(flags | (ALPHA_FLAG if alpha else 0), width, height) + _chunk(*kept[0])
    body = b"".join(
        [
            b"WEBP",
            first,
            *(_chunk(fourcc, payload) for fourcc, payload in kept[1:]),
            _chunk(b"EXIF", exif) if exif is not None else b"",
            _chunk(b"XMP ", _xmp.packet(metadata)),
        ]
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def extract(data: bytes) -> ImageMetadata | None:
    for fourcc, payload in _chunks(data):
        if fourcc == b"XMP ":
            found = _xmp.record_of(payload)
            if found is not None:
                return found
    return None
