"""PNG text chunks, written and read directly (no Pillow needed).

Three chunks go right after ``IHDR``, so readers that stop at the first ``IDAT`` see
them: ``iTXt dezgo`` (the record, JSON), ``iTXt parameters`` (the same facts in the
layout image tools show) and ``tEXt Software``. They are stored uncompressed, so what
a file holds can be checked with ``grep``. Chunks of those keywords already in the
file are replaced, so saving an image twice never leaves two records. The pixels
(``IDAT``) are copied byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from dezgo._metadata._record import ImageMetadata

__all__ = ["embed", "extract"]

SIGNATURE = b"\x89PNG\r\n\x1a\n"
RECORD_KEYWORD = b"dezgo"
PARAMETERS_KEYWORD = b"parameters"
SOFTWARE_KEYWORD = b"Software"
OURS = frozenset({RECORD_KEYWORD, PARAMETERS_KEYWORD, SOFTWARE_KEYWORD})
TEXT_CHUNKS = frozenset({b"tEXt", b"iTXt", b"zTXt"})
MAX_TEXT_BYTES = 1024 * 1024
"""A compressed text chunk is inflated to at most this (a small file must not unpack to gigabytes)."""


def _chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(type, start, end) of each chunk, ``start`` at its length field; ValueError when truncated."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    at = len(SIGNATURE)
    while at < len(data):
        if at + 8 > len(data):
            raise ValueError("the PNG file is truncated")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            raise ValueError("the PNG file is truncated")
        yield kind, at, end
        at = end
        if kind == b"IEND":
            return


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _itxt(keyword: bytes, text: str) -> bytes:
    # keyword, NUL, compression flag and method (0: uncompressed), empty language tag and
    # translated keyword (each NUL-terminated), then the UTF-8 text.
    return _chunk(b"iTXt", keyword + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def _keyword(body: bytes) -> bytes:
    return body.split(b"\x00", 1)[0]


def embed(data: bytes, metadata: ImageMetadata) -> bytes:
    """``data`` with the metadata chunks after ``IHDR`` (and without any older ones)."""
    parts = [SIGNATURE]
    for kind, start, end in _chunks(data):
        if kind in TEXT_CHUNKS and _keyword(data[start + 8 : end - 4]) in OURS:
            continue
        parts.append(data[start:end])
        if kind == b"IHDR":
            parts.append(_itxt(RECORD_KEYWORD, metadata.to_json()))
            parts.append(_itxt(PARAMETERS_KEYWORD, metadata.parameters_text()))
            parts.append(_chunk(b"tEXt", SOFTWARE_KEYWORD + b"\x00" + metadata.software.encode("latin-1")))
    if len(parts) == 2:
        raise ValueError("the PNG file has no IHDR chunk")
    return b"".join(parts)


def _itxt_text(body: bytes) -> str:
    _name, _, rest = body.partition(b"\x00")
    if len(rest) < 2:
        raise ValueError("the iTXt chunk is truncated")
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if compressed:
        if method != 0:
            raise ValueError("the iTXt chunk uses an unknown compression")
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, MAX_TEXT_BYTES)
        except zlib.error:
            raise ValueError("the iTXt chunk does not inflate") from None
        if inflater.unconsumed_tail:
            raise ValueError(f"the iTXt chunk inflates to more than {MAX_TEXT_BYTES} bytes")
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the iTXt chunk is not UTF-8") from None


def extract(data: bytes) -> ImageMetadata | None:
    """The record of the first ``iTXt dezgo`` chunk; None when there is none."""
    for kind, start, end in _chunks(data):
        if kind != b"iTXt":
            continue
        body = data[start + 8 : end - 4]
        if _keyword(body) != RECORD_KEYWORD:
            continue
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if crc != zlib.crc32(kind + body):
            raise ValueError("the dezgo metadata chunk is damaged (its CRC does not match)")
        return ImageMetadata.from_json(_itxt_text(body))
    return None
