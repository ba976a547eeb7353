"""A request body for an operation, in a media type the pinned document says it takes.

Tests that talk to the simulator with plain httpx post what the document accepts: JSON where
it takes JSON (our reconstruction, and the service's own recommendation), else multipart or
urlencoded (what FastAPI declares for ``Form()``/``File()`` parameters), so they hold on any
document the service may serve.
"""

from __future__ import annotations

import base64
from typing import Any

from dezgo._arguments import preferred_media_type
from dezgo._spec import Operation, pinned_operations

__all__ = ["body_for", "operation_at", "takes_json"]


def operation_at(path: str) -> Operation:
    return next(op for op in pinned_operations() if op.path == path)


def takes_json(path: str) -> bool:
    return "application/json" in operation_at(path).request_media_types


def body_for(
    path: str,
    fields: dict[str, Any],
    images: dict[str, bytes] | None = None,
    *,
    media_type: str | None = None,
) -> dict[str, Any]:
    """httpx keyword arguments carrying ``fields`` and ``images`` to the operation at ``path``."""
    chosen = media_type or preferred_media_type(operation_at(path))
    images = images or {}
    if chosen == "application/json":
        return {"json": {**fields, **{k: base64.b64encode(v).decode() for k, v in images.items()}}}
    text = {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in fields.items()}
    if chosen == "multipart/form-data":
        files = {k: (f"{k}.png", v, "image/png") for k, v in images.items()}
        return {"data": text, "files": files or {"_": ("", b"")}}
    return {"data": {**text, **{k: base64.b64encode(v).decode() for k, v in images.items()}}}
