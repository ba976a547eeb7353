"""What the service's front end does that no OpenAPI document says, each rule with its evidence.

The simulator must take what real clients get answers to from the service, or
tests that pass here fail in production (and the other way round). These rules
are about URLs, methods and body sizes, not fields, so the spec cannot carry
them; the evidence is cited here instead, in the facts sheet's notation (``idx``
ids of public client code, levels H/M/L/G).
"""

from __future__ import annotations

import re

import attrs

__all__ = ["GET_WITH_BODY", "MAX_BODY_BYTES", "Rule", "normalise_path"]


@attrs.frozen
class Rule:
    level: str
    sources: tuple[str, ...]
    note: str


DUPLICATE_SLASHES = Rule(
    "M",
    (
        "idx 16032205753",
        "idx 16023229507",
        "idx 41633768072",
        "idx 252497069",
        "idx 77268118",
        "idx 401144605",
    ),
    "Two independent clients join a base URL ending in '/' with '/<path>': a Python project posts "
    "multipart to https://api.dezgo.com//text2image_sdxl_lightning, a Go bot posts JSON to "
    "https://api.dezgo.com//text2image and logs the charge headers of the answer. Both get 200s, "
    "so the front end collapses repeated slashes.",
)

GET_WITH_BODY: dict[str, Rule] = {
    "/text2image": Rule(
        "M",
        ("idx 31910870333", "idx 1288817153", "idx 1592947890", "idx 1441198895"),
        "A Python client calls requests.get with a JSON body, and a Go client (one author, three "
        "files) does the same; the facts sheet records that they report success (§0, 2 authors: M). "
        "So GET with a body runs the POST operation on this path; no source does it on another.",
    ),
}
"""Paths where a GET with a body runs the POST operation, as the service evidently does."""

MAX_BODY_BYTES = 160 * 1024 * 1024
"""The simulator's own limit on a request body (413 above it): 160 MiB.

Not the service's: no source states its limit, so this one is ours. It is above
the largest body the SDK sends (two images of at most ``dezgo.images.MAX_IMAGE_BYTES``,
50 MiB each, base64 in JSON: 134 MiB), so the simulator never refuses what the
facade lets through, and it is enforced while the body streams: a longer upload
is cut off at the limit, never read to its end.
"""

_SLASHES = re.compile(r"/{2,}")


def normalise_path(path: str) -> str:
    """``//text2image`` -> ``/text2image`` (see ``DUPLICATE_SLASHES``)."""
    return _SLASHES.sub("/", path)
