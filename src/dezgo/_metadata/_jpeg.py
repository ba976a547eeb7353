"""JPEG APP1 segments: XMP (always) and EXIF (with Pillow), inserted without re-encoding.

Re-saving a JPEG through an encoder would change its pixels; the segments go in
front of the image data instead, after ``SOI`` and any ``APP0`` (JFIF wants to be
first), EXIF before XMP as both standards ask. Older XMP and EXIF segments are
replaced (the EXIF a file had is merged into the new one by Pillow). Everything from
the first ``SOS`` on is copied byte for byte.
"""

from __future__ import annotations

import struct

from dezgo._metadata import _exif, _xmp
from dezgo._metadata._record import ImageMetadata

__all__ = ["embed", "extract"]

SOI = b"\xff\xd8"
APP0, APP1, SOS, EOI = 0xE0, 0xE1, 0xDA, 0xD9
XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
EXIF_ID = b"Exif\x00\x00"
MAX_SEGMENT_BODY = 0xFFFF - 2
"""A segment's length field counts itself and is 16 bits wide."""
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def _segments(data: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """The marker segments before the image data as (marker, start, end), and where the rest starts."""
    if not data.startswith(SOI):
        raise ValueError("not a JPEG file")
    segments: list[tuple[int, int, int]] = []
    at = len(SOI)
    while True:
        if at + 2 > len(data) or data[at] != 0xFF:
            raise ValueError("the JPEG file is damaged (no marker where one should be)")
        while at + 1 < len(data) and data[at + 1] == 0xFF:  # fill bytes
            at += 1
        marker = data[at + 1]
        if marker in (SOS, EOI):
            return segments, at
        if marker in _STANDALONE:
            segments.append((marker, at, at + 2))
            at += 2
            continue
        if at + 4 > len(data):
            raise ValueError("the JPEG file is truncated")
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("the JPEG file is truncated")
        segments.append((marker, at, end))
        at = end


def _app1(identifier: bytes, payload: bytes, what: str) -> bytes:
    body = identifier + payload
    if len(body) > MAX_SEGMENT_BODY:
        raise ValueError(f"the {what} is {len(body)} bytes; a JPEG segment holds at most {MAX_SEGMENT_BODY}")
    return b"\xff" + bytes([APP1]) + struct.pack(">H", len(body) + 2) + body


def embed(data: bytes, metadata: ImageMetadata) -> bytes:
    segments, image_start = _segments(data)
    kept: list[bytes] = []
    existing_exif: bytes | None = None
    for marker, start, end in segments:
        body = data[start + 4 : end]
        if marker == APP1 and body.startswith(XMP_ID):
            continue
        if marker == APP1 and body.startswith(EXIF_ID):
            existing_exif = existing_exif or body[len(EXIF_ID) :]
            continue
        kept.append(data[start:end])
    ours = []
    tiff = _exif.exif_tiff(metadata, existing_exif)
    if tiff is not None:
        ours.append(_app1(EXIF_ID, tiff, "EXIF block"))
    elif existing_exif is not None:
        ours.append(_app1(EXIF_ID, existing_exif, "EXIF block"))  # kept as it was
    ours.append(_app1(XMP_ID, _xmp.packet(metadata), "metadata"))
    first = 1 if segments and segments[0][0] == APP0 else 0
    return b"".join([SOI, *kept[:first], *ours, *kept[first:], data[image_start:]])


def extract(data: bytes) -> ImageMetadata | None:
    segments, _ = _segments(data)
    for marker, start, end in segments:
        body = data[start + 4 : end]
        if marker == APP1 and body.startswith(XMP_ID):
            found = _xmp.record_of(body[len(XMP_ID) :])
            if found is not None:
                return found
    return None
