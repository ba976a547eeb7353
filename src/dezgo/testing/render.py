"""Real, cheap, deterministic images (and a token video) for the simulator's answers.

The same operation, seed, prompt and parameters always give the same bytes, so
tests can compare outputs; different inputs give visibly different pictures.
Pillow primitives only (gradients and shapes), so a 1024x1024 job renders in a
few milliseconds.
"""

from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Mapping
from typing import Any

from PIL import Image, ImageDraw, ImageOps

__all__ = ["FORMATS", "derive", "encode", "fingerprint", "render", "subject_mask", "token_video"]

# spec "format" value -> (Pillow format, MIME type)
FORMATS: dict[str, tuple[str, str]] = {
    "png": ("PNG", "image/png"),
    "jpg": ("JPEG", "image/jpeg"),
    "jpeg": ("JPEG", "image/jpeg"),
    "webp": ("WEBP", "image/webp"),
}


def fingerprint(*parts: object) -> bytes:
    return hashlib.sha256(repr(parts).encode()).digest()


def _colour(digest: bytes, offset: int) -> tuple[int, int, int]:
    return digest[offset], digest[offset + 1], digest[offset + 2]


def render(width: int, height: int, digest: bytes) -> Image.Image:
    """A gradient with a few shapes, all chosen by ``digest``."""
    gradient = Image.linear_gradient("L").resize((width, height))
    if digest[0] % 2:
        gradient = gradient.rotate(90, expand=False)
    image = ImageOps.colorize(gradient, _colour(digest, 1), _colour(digest, 4)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(4):
        b = digest[8 + i * 5 : 13 + i * 5]
        x, y = b[0] * width // 256, b[1] * height // 256
        r = max(4, b[2] * min(width, height) // 1024)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_colour(digest, 20 + i * 3))
    return image


def subject_mask(width: int, height: int, digest: bytes) -> Image.Image:
    """A cut-out's alpha: an opaque "subject" (an ellipse placed by ``digest``) on a transparent background.

    Always both: a background removal that removed nothing, or everything, would not look like one.
    """
    mask = Image.new("L", (width, height), 0)
    left, top = digest[30] % 25 * width // 100, digest[31] % 25 * height // 100
    ImageDraw.Draw(mask).ellipse((left, top, left + width // 2, top + height // 2), fill=255)
    return mask


def derive(source: Image.Image, size: tuple[int, int], digest: bytes, strength: float) -> Image.Image:
    """An image derived from ``source``: resized, then blended with a pattern by ``strength``."""
    base = source.convert("RGB")
    if base.size != size:
        base = base.resize(size)
    pattern = render(size[0], size[1], digest)
    return Image.blend(base, pattern, max(0.0, min(1.0, strength)))


def encode(image: Image.Image, fmt: str) -> tuple[bytes, str]:
    """Encode ``image`` in the spec's ``format`` value; returns the bytes and the MIME type."""
    pillow_format, mime = FORMATS.get(fmt, FORMATS["png"])
    if pillow_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    if pillow_format == "PNG":
        image.save(buffer, "PNG", compress_level=1)
    elif pillow_format == "JPEG":
        image.save(buffer, "JPEG", quality=85)
    else:
        image.save(buffer, "WEBP", quality=80, method=0)
    return buffer.getvalue(), mime


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def token_video(width: int, height: int, digest: bytes) -> bytes:
    """A small MP4 container (``ftyp`` + ``mdat``): recognised as MP4, not playable.

    The simulator's job is to exercise the client's handling of video responses
    (content type, magic bytes, saving), not to encode video.
    """
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41")
    mdat = _box(b"mdat", struct.pack(">II", width, height) + digest * 8)
    return ftyp + mdat


def params_digest(operation: str, seed: int, arguments: Mapping[str, Any]) -> bytes:
    # The seed counts once, as used: a seed the service chose and the same seed passed again
    # make the same image, as they do with a real model (what makes a stored call reproducible).
    visible = {k: v for k, v in arguments.items() if k != "seed" and not isinstance(v, (bytes, bytearray))}
    images = sorted(
        hashlib.sha256(v).hexdigest() for v in arguments.values() if isinstance(v, (bytes, bytearray))
    )
    return fingerprint(operation, seed, sorted(visible.items(), key=lambda kv: kv[0]), images)
