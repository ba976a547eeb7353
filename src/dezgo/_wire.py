"""The one module that touches the generated client (``generated/dezgo_api``), through its public surface.

The generated body models decide how each field is encoded (``to_dict()`` for JSON
and form bodies, ``to_multipart()`` for multipart parts, enums by value, files as
parts), so a regeneration that changes the wire format changes what this SDK sends.
Which model serves which operation and media type is recorded by ``make generate``
from the generator's own parse of the spec (``dezgo._bodies``); the method, the path
and the media type come from the effective spec's ``Operation``. Nothing private of
the generated code is used, so a regeneration that renames a model breaks here, in
one place, with a message that says to run ``make generate``.

What this module adds to the generated encoding: values outside an enum that the
evidence only guesses (they are sent as given; the generated models would refuse
them, so they are put on the wire after encoding), file names on multipart image
parts (FastAPI only treats a part with a file name as an upload), images handed
to httpx as bytes rather than copied out of ``BytesIO``, and, for JSON bodies
with images, base64 produced while the body is sent instead of held in memory.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from dezgo._extras import NO_EXTRAS, ExtraFile, Extras
from dezgo.images import EXTENSIONS, b64_length, iter_b64, sniff_media

if TYPE_CHECKING:
    import httpx

    from dezgo._spec import Operation

__all__ = ["WireRequest", "build_request"]

_TOKEN = "@@dezgo-image-{}@@"
_MODELS: dict[tuple[str, str, str], Any] = {}

StreamPart = bytes | tuple[str, bytes]


@attrs.frozen
class WireRequest:
    """One request, ready to be sent (and sent again, for retries): build it with ``to_httpx``."""

    method: str
    path: str
    headers: Mapping[str, str]
    kwargs: Mapping[str, Any]
    """httpx's arguments: ``json``, ``data`` or ``files`` when the body is not streamed, ``params``."""
    stream_parts: tuple[StreamPart, ...] = ()
    """For JSON bodies with images: literal JSON text and (field, image bytes) to base64 on the fly."""
    content_length: int = 0
    extra_headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    """``extra_headers`` of the call: over the client's defaults, never over the key or the framing."""

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
        """The httpx request; ``headers`` (auth, user agent) are added to the body's own."""
        import httpx

        all_headers = httpx.Headers(self.headers)
        all_headers.update(headers)
        all_headers.update(self.extra_headers)  # the protected names cannot be among them (_extras)
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


def _stale(op: Operation, media_type: str) -> RuntimeError:
    return RuntimeError(
        f"generated/dezgo_api is out of date for {op.method} {op.path} ({media_type}): run `make generate`"
    )


def body_model(op: Operation, media_type: str) -> Any:
    """The generated model class of ``op``'s body in ``media_type`` (as recorded by ``make generate``)."""
    key = (op.method, op.path, media_type)
    found = _MODELS.get(key)
    if found is None:
        from dezgo._bodies import BODIES

        where = BODIES.get(key)
        if where is None:
            raise _stale(op, media_type)
        try:
            found = getattr(importlib.import_module(where[0]), where[1])
        except (ImportError, AttributeError):
            raise _stale(op, media_type) from None
        _MODELS[key] = found
    return found


def _path(op: Operation, path_args: Mapping[str, Any]) -> str:
    """The path with its parameters filled in, each quoted as one segment."""
    by_wire = {p.python_name: p.name for p in op.path_params}
    values = {by_wire.get(k, k): quote(str(v), safe="") for k, v in path_args.items()}
    return re.sub(r"\{([^}]+)\}", lambda m: values.get(m[1], m[0]), op.path)


def build_request(
    op: Operation,
    media_type: str | None,
    path_args: Mapping[str, Any],
    body: Mapping[str, Any],
    images: Mapping[str, bytes],
    query: Mapping[str, Any] | None = None,
    extras: Extras = NO_EXTRAS,
) -> WireRequest:
    """The request for ``op``: path arguments by Python name, body and query fields by wire name.

    ``images`` holds the image fields' bytes (already checked); ``body`` the other fields;
    ``extras`` what the call sends beyond the spec, encoded as the media type encodes its own.
    """
    kwargs: dict[str, Any] = {}
    if query or extras.query:
        kwargs["params"] = {**(query or {}), **extras.query}
    path = _path(op, path_args)
    extra_headers = dict(extras.headers)
    if media_type is None:
        return WireRequest(op.method, path, {}, kwargs, extra_headers=extra_headers)
    extra_files = extras.files
    streaming = media_type == "application/json" and bool(images or extra_files)
    off_list = _off_list(op, body)
    wire = {**body, **{name: placeholder for name, (_, placeholder) in off_list.items()}}
    for field, data in images.items():
        wire[field] = _TOKEN.format(field) if streaming else data
    model = body_model(op, media_type).from_dict(wire)
    put_back = {name: value for name, (value, _) in off_list.items()}
    if media_type == "multipart/form-data":
        for field, data in images.items():
            upload = getattr(model, field)
            kind = sniff_media(data) or "png"
            upload.file_name = f"{field}.{EXTENSIONS.get(kind, kind)}"
            upload.mime_type = f"image/{kind}"
        kwargs["files"] = _parts(model.to_multipart(), put_back) + _extra_parts(extras)
    elif media_type == "application/json":
        payload = {
            **model.to_dict(),
            **put_back,
            **extras.fields,
            **{name: _TOKEN.format(name) for name in extra_files},
        }
        if streaming:
            parts, length = _splice_images(payload, {**images, **extra_files})
            return WireRequest(
                op.method, path, {"Content-Type": media_type}, kwargs, parts, length, extra_headers
            )
        kwargs["json"] = payload
    else:
        kwargs["data"] = {**model.to_dict(), **put_back, **_extra_form(extras)}
    # httpx sets the multipart boundary itself; JSON and form bodies say what they are.
    headers = {} if media_type == "multipart/form-data" else {"Content-Type": media_type}
    return WireRequest(op.method, path, headers, kwargs, extra_headers=extra_headers)


def _form_text(value: Any) -> str:
    """A form field's text, as FastAPI's ``Form()`` reads it: booleans as true/false, structures as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _form_values(value: Any) -> list[str]:
    """A list of scalars is the field repeated (FastAPI's ``list[X] = Form()``); None is left out."""
    if value is None:
        return []
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return [_form_text(v) for v in value if v is not None]
    return [_form_text(value)]


def _extra_form(extras: Extras) -> dict[str, Any]:
    """Extras of an urlencoded body: files as base64 text (a form has no file parts)."""
    out: dict[str, Any] = {}
    for name, value in extras.body.items():
        if isinstance(value, ExtraFile):
            out[name] = base64.b64encode(value.data).decode("ascii")
        else:
            values = _form_values(value)
            if values:
                out[name] = values if len(values) > 1 else values[0]
    return out


def _extra_parts(extras: Extras) -> list[tuple[str, Any]]:
    """Extras of a multipart body: files as file parts (named by what they sniff as), the rest as text."""
    parts: list[tuple[str, Any]] = []
    for name, value in extras.body.items():
        if isinstance(value, ExtraFile):
            kind = sniff_media(value.data)
            file_name = f"{name}.{EXTENSIONS.get(kind, kind)}" if kind else name
            mime = f"{'video' if kind == 'mp4' else 'image'}/{kind}" if kind else "application/octet-stream"
            parts.append((name, (file_name, value.data, mime)))
        else:
            parts += [(name, (None, text.encode(), "text/plain")) for text in _form_values(value)]
    return parts


def _parts(parts: list[tuple[str, Any]], put_back: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Multipart parts with off-list values written back, and images as bytes: the generated parts
    wrap them in BytesIO, which httpx copies out 64 KB at a time (getvalue() shares, not copies)."""
    out = []
    for name, part in parts:
        if name in put_back:
            part = (None, str(put_back[name]).encode(), "text/plain")
        elif isinstance(part, tuple) and hasattr(part[1], "getvalue"):
            part = (part[0], part[1].getvalue(), *part[2:])
        out.append((name, part))
    return out


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
