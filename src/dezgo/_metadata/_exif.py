"""EXIF for JPEG and WebP files, built by Pillow when it is installed.

Image tools read a JPEG's or WebP's generation parameters from the EXIF
``UserComment`` (the "parameters" text, UTF-16 as its ``UNICODE`` prefix says), and
photo tools show ``Software``. The EXIF a file already has (orientation, for one) is
kept, with those two tags set. Without Pillow there is no EXIF; the XMP packet
carries the record either way.
"""

from __future__ import annotations

from dezgo._metadata._record import ImageMetadata

__all__ = ["exif_tiff"]

SOFTWARE_TAG = 0x0131
EXIF_IFD = 0x8769
USER_COMMENT_TAG = 0x9286
UNICODE_PREFIX = b"UNICODE\x00"
EXIF_HEADER = b"Exif\x00\x00"


def exif_tiff(metadata: ImageMetadata, existing: bytes | None) -> bytes | None:
    """The EXIF block (TIFF bytes, without the ``Exif\\0\\0`` header) or None without Pillow."""
    try:
        from PIL import Image as PILImage
    except ImportError:
        return None
    exif = PILImage.Exif()
    if existing:
        try:
            exif.load(existing if existing.startswith(EXIF_HEADER) else EXIF_HEADER + existing)
        except Exception:  # damaged EXIF from elsewhere: start afresh rather than lose the record
            exif = PILImage.Exif()
    exif[SOFTWARE_TAG] = metadata.software
    # The comment's UTF-16 has the byte order of the TIFF block: Pillow writes "MM" (big-endian)
    # unless the EXIF it loaded was "II".
    encoding = "utf-16-le" if exif.endian == "<" else "utf-16-be"
    exif.get_ifd(EXIF_IFD)[USER_COMMENT_TAG] = UNICODE_PREFIX + metadata.parameters_text().encode(encoding)
    data = exif.tobytes()
    return data[len(EXIF_HEADER) :] if data.startswith(EXIF_HEADER) else data
