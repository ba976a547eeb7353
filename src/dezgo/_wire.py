"""The one module that touches the generated client (``generated/dezgo_api``).

The generated endpoint modules decide the method, the path, the media type and
how each field is encoded (JSON, form, multipart parts), so a regeneration that
changes the wire format changes what this SDK sends. Their request builder is a
private function (``_get_kwargs``) and their body classes are found through the
endpoint's type hints: both dependencies on generated internals live here, and
a regeneration that renames them breaks here, in one place, with a message
that says to run ``make generate``.

What this module adds to the generated request: values outside an enum that
the evidence only guesses (they are sent as given; the generated models would
refuse them, so they are put on the wire after encoding), file names on multipart image
parts (FastAPI only treats a part with a file name as an upload), images handed
to httpx as bytes rather than copied out of ``BytesIO``, and, for JSON bodies
with images, base64 produced while the body is sent instead of held in memory.
"""

from __future__ import annotations

import importlib
import json
import re
import typing
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._spec.naming import snake_case
from dezgo.images import EXTENSIONS, b64_length, iter_b64, sniff_media

if TYPE_CHECKING:
    import httpx

    from dezgo._spec import Operation

__all__ = ["WireRequest", "build_request"]

_TOKEN = "@@dezgo-image-{}@@"
_ENDPOINTS: dict[tuple[str, ...], tuple[Any, tuple[type, ...]]] = {}

StreamPart = bytes | tuple[str, bytes]


@attrs.frozen
class WireRequest:
    """One request, ready to be sent (and sent again, for retries): build it with ``to_httpx``."""

    method: str
    path: str
    headers: Mapping[str, str]
    kwargs: Mapping[str, Any]
    """httpx's body arguments: ``json``, ``data`` or ``files``, when the body is not streamed."""
    stream_parts: tuple[StreamPart, ...] = ()
    """For JSON bodies with images: literal JSON text and (field, image bytes) to base64 on the fly."""
    content_length: int = 0

    def iter_body(self) -> Iterator[bytes]:
        for part in self.stream_parts:
            if isinstance(part, bytes):
                yield part
            else:
                yield from iter_b64(part[1])

    async def aiter_body(self) -> AsyncIterator[bytes]:
        for chunk in self.iter_body():
            yield chunk

    def to_httpx(
        self,
        http: httpx.Client | httpx.AsyncClient,
        base_url: str,
        headers: Mapping[str, str],
        timeout: Mapping[str, Any],
        *,
        is_async: bool,
    ) -> httpx.Request:
        """The httpx request; ``headers`` (auth, user agent) are added to the generated ones."""
        all_headers = {**self.headers, **headers}
        kwargs = dict(self.kwargs)
        if self.stream_parts:
            all_headers["Content-Length"] = str(self.content_length)
            kwargs["content"] = self.aiter_body() if is_async else self.iter_body()
        return http.build_request(
            self.method,
            base_url + self.path,
            headers=all_headers,
            extensions={"timeout": timeout},
            **kwargs,
        )


def _endpoint(op: Operation) -> tuple[Any, tuple[type, ...]]:
    """The generated module for ``op`` and its body classes, in the spec's media-type order."""
    key = (op.operation_id, *op.tags, *op.request_media_types)
    found = _ENDPOINTS.get(key)
    if found is None:
        found = _ENDPOINTS[key] = _load_endpoint(op)
    return found


def _load_endpoint(op: Operation) -> tuple[Any, tuple[type, ...]]:
    folder = snake_case(op.tags[0]) if op.tags else "default"
    stale = f"generated/dezgo_api is out of date for {op.operation_id}: run `make generate`"
    try:
        module = importlib.import_module(f"dezgo_api.api.{folder}.{snake_case(op.operation_id)}")
        builder = module._get_kwargs
    except (ImportError, AttributeError):
        raise RuntimeError(stale) from None
    classes: tuple[type, ...] = ()
    if op.request_media_types:
        hint = typing.get_type_hints(builder).get("body")
        classes = tuple(c for c in typing.get_args(hint) if isinstance(c, type) and c.__name__ != "Unset")
        if len(classes) != len(op.request_media_types):
            raise RuntimeError(stale)
    return module, classes


def build_request(
    op: Operation,
    media_type: str | None,
    path_args: Mapping[str, Any],
    body: Mapping[str, Any],
    images: Mapping[str, bytes],
) -> WireRequest:
    """The request for ``op``: path arguments by Python name, body fields by wire name.

    ``images`` holds the image fields' bytes (already checked); ``body`` the other fields.
    """
    module, classes = _endpoint(op)
    call: dict[str, Any] = dict(path_args)
    streaming = media_type == "application/json" and bool(images)
    off_list = _off_list(op, body)
    if media_type is not None:
        body_class: Any = classes[op.request_media_types.index(media_type)]
        wire = {**body, **{name: placeholder for name, (_, placeholder) in off_list.items()}}
        for field, data in images.items():
            wire[field] = _TOKEN.format(field) if streaming else data
        model = body_class.from_dict(wire)
        if media_type == "multipart/form-data":
            for field, data in images.items():
                upload = getattr(model, field)
                kind = sniff_media(data) or "png"
                upload.file_name = f"{field}.{EXTENSIONS.get(kind, kind)}"
                upload.mime_type = f"image/{kind}"
        call["body"] = model
    kwargs: dict[str, Any] = module._get_kwargs(**call)
    _put_back(kwargs, {name: value for name, (value, _) in off_list.items()})
    method, path = str(kwargs.pop("method")).upper(), str(kwargs.pop("url"))
    headers = {str(k): str(v) for k, v in kwargs.pop("headers", {}).items()}
    if media_type == "multipart/form-data" and images:
        # The generated parts wrap images in BytesIO, which httpx copies out 64 KB at a time;
        # the bytes go out in one piece instead (BytesIO.getvalue() shares, not copies).
        kwargs["files"] = [
            (
                name,
                (part[0], part[1].getvalue(), *part[2:])
                if isinstance(part, tuple) and hasattr(part[1], "getvalue")
                else part,
            )
            for name, part in kwargs["files"]
        ]
    if streaming:
        parts, length = _splice_images(kwargs.pop("json"), images)
        return WireRequest(method, path, headers, kwargs, parts, length)
    return WireRequest(method, path, headers, kwargs)


def _off_list(op: Operation, body: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Body values outside their field's enum, with a listed value to stand in for each: the
    checks let them through only where the enum is a guess (evidence L or G), and the
    generated model cannot hold them."""
    out = {}
    for name, value in body.items():
        listed = op.param(name).enum
        if listed and value not in listed:
            out[name] = (value, listed[0])
    return out


def _put_back(kwargs: dict[str, Any], values: Mapping[str, Any]) -> None:
    """Write ``values`` over the placeholders the generated model encoded, in its own encoding."""
    if not values:
        return
    if isinstance(kwargs.get("json"), dict):
        kwargs["json"].update(values)
    if isinstance(kwargs.get("data"), dict):
        kwargs["data"].update(values)
    if isinstance(kwargs.get("files"), list):
        kwargs["files"] = [
            (name, (None, str(values[name]).encode(), "text/plain")) if name in values else (name, part)
            for name, part in kwargs["files"]
        ]


def _splice_images(payload: Any, images: Mapping[str, bytes]) -> tuple[tuple[StreamPart, ...], int]:
    """JSON text around each image, with the image's base64 produced while sending."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    parts: list[StreamPart] = []
    length = 0
    pattern = re.compile("|".join(re.escape(_TOKEN.format(f)) for f in images))
    position = 0
    prefix, suffix = _TOKEN.split("{}")
    for match in pattern.finditer(text):
        literal = text[position : match.start()].encode()
        field = match.group(0)[len(prefix) : -len(suffix)]
        parts.extend([literal, (field, images[field])])
        length += len(literal) + b64_length(len(images[field]))
        position = match.end()
    tail = text[position:].encode()
    parts.append(tail)
    return tuple(parts), length + len(tail)
