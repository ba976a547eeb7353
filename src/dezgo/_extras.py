"""``extra_body``, ``extra_headers`` and ``extra_query``: what a call sends beyond the pinned spec.

The pin lags the service: a field the service already takes may be missing from it
(today the pin is a reconstruction; later, anything added before ``make spec`` runs).
As in openai-python, a call can send such fields anyway. They are not checked against
the pin (that is their point), but they are checked for what no request can carry:
text that is not valid Unicode or holds a NUL, numbers that are not finite, header
names that are not tokens and values that would split a header. The key header, the
RapidAPI headers and the headers that frame the body (``Content-Type``,
``Content-Length``, ``Transfer-Encoding``, ``Host``) cannot be set this way, and a field
passed both as an argument and in ``extra_body`` is refused rather than silently
chosen: each is an ``InvalidRequestError`` before anything is sent.

Extras take part in the price key (a field the pin does not know may change the
price) and in a batch job's identity; they are never logged, and a result's metadata
records only the operation's own parameters.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Collection, Hashable, Mapping
from typing import Any

import attrs

from dezgo.errors import InvalidRequestError

__all__ = ["PROTECTED_HEADERS", "ExtraFile", "Extras", "extras_of"]

PROTECTED_HEADERS = frozenset(
    {
        "x-dezgo-key",
        "x-rapidapi-key",
        "x-rapidapi-host",
        "content-type",
        "content-length",
        "transfer-encoding",
        "host",
    }
)
"""Headers ``extra_headers`` may not set: the key's, and those that frame the body."""

MAX_EXTRA_FILE_BYTES = 50 * 1024 * 1024
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_SCALARS = (str, int, float, bool, type(None))


@attrs.frozen
class ExtraFile:
    """A bytes or file value of ``extra_body``: a file part in multipart bodies, base64 text otherwise."""

    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")

    def size_key(self) -> Hashable:
        from dezgo.images import image_size

        return image_size(self.data) or ("bytes", len(self.data))


@attrs.frozen
class Extras:
    """A call's extras, checked: body fields by wire name, headers, query parameters."""

    body: Mapping[str, Any] = attrs.field(factory=dict)
    """Values are JSON values or ``ExtraFile``."""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    query: Mapping[str, Any] = attrs.field(factory=dict)

    def __bool__(self) -> bool:
        return bool(self.body or self.headers or self.query)

    @property
    def files(self) -> dict[str, bytes]:
        return {name: value.data for name, value in self.body.items() if isinstance(value, ExtraFile)}

    @property
    def fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.body.items() if not isinstance(value, ExtraFile)}

    def price_arguments(self) -> tuple[dict[str, Any], dict[str, Hashable]]:
        """What the extras add to a price key, as (arguments, sizes): a field the pin does not know
        may set the price, so each counts like an argument (files by size, query by ``?name``)."""
        arguments = {**self.fields, **{f"?{name}": value for name, value in self.query.items()}}
        sizes = {name: value.size_key() for name, value in self.body.items() if isinstance(value, ExtraFile)}
        return arguments, sizes


NO_EXTRAS = Extras()


def _refuse(message: str, field: str, operation: str) -> InvalidRequestError:
    return InvalidRequestError(message, field=field, operation=operation)


def _check_text(text: str, where: str, operation: str) -> None:
    for position, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            raise _refuse(f"is not valid Unicode: a lone surrogate at position {position}", where, operation)
        if char == "\x00":
            raise _refuse(f"contains a NUL character at position {position}", where, operation)


def _check_json(value: Any, where: str, operation: str, depth: int = 0) -> Any:
    """``value`` if a JSON body could carry it as meant; InvalidRequestError otherwise."""
    if depth > 32:
        raise _refuse("is nested too deeply", where, operation)
    if isinstance(value, str):
        _check_text(value, where, operation)
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise _refuse(f"should be a finite number, got {value!r}", where, operation)
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple)):
        return [_check_json(item, f"{where}[{i}]", operation, depth + 1) for i, item in enumerate(value)]
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _refuse(f"has a key that is not text: {key!r}", where, operation)
            _check_text(key, where, operation)
            out[key] = _check_json(item, f"{where}.{key}", operation, depth + 1)
        return out
    raise _refuse(
        f"cannot be sent: {type(value).__name__} is neither a JSON value nor bytes or a file",
        where,
        operation,
    )


def _file_bytes(value: Any, where: str, operation: str) -> bytes | None:
    """The bytes of a file value (bytes, a path object, a binary file, a PIL or dezgo image), else None.

    Text (``str``) is a value, never a path: ``"photo.png"`` is sent as the text it is.
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, os.PathLike):
        try:
            with open(value, "rb") as handle:
                data = handle.read(MAX_EXTRA_FILE_BYTES + 1)
        except OSError as exc:
            raise _refuse(f"cannot read {os.fspath(value)!r}: {exc.strerror}", where, operation) from None
    elif hasattr(value, "read"):
        read = value.read(MAX_EXTRA_FILE_BYTES + 1)
        if not isinstance(read, (bytes, bytearray)):
            raise _refuse("the file object must be opened in binary mode ('rb')", where, operation)
        data = bytes(read)
    elif type(value).__module__.startswith("PIL."):
        buffer = io.BytesIO()
        value.save(buffer, "PNG")
        data = buffer.getvalue()
    elif type(value).__module__.startswith("dezgo.") and isinstance(getattr(value, "data", None), bytes):
        data = value.data
    else:
        return None
    if len(data) > MAX_EXTRA_FILE_BYTES:
        raise _refuse(f"is larger than {MAX_EXTRA_FILE_BYTES // (1024 * 1024)} MiB", where, operation)
    return data


def _body(extra: Mapping[str, Any], given: Collection[str], operation: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in extra.items():
        where = f"extra_body[{name!r}]"
        if not isinstance(name, str) or not name:
            raise _refuse("field names must be non-empty text", "extra_body", operation)
        _check_text(name, where, operation)
        if name in given:
            raise _refuse(
                f"is also passed as an argument; pass {name} once (the argument is checked against the spec)",
                where,
                operation,
            )
        data = _file_bytes(value, where, operation)
        out[name] = ExtraFile(data) if data is not None else _check_json(value, where, operation)
    return out


def _headers(extra: Mapping[str, Any], operation: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in extra.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise _refuse(f"{name!r} is not a header name", "extra_headers", operation)
        if name.lower() in PROTECTED_HEADERS:
            raise _refuse(
                f"{name} cannot be set here: the client sets the key and the headers that frame the body",
                "extra_headers",
                operation,
            )
        if name.lower() in {n.lower() for n in out}:
            raise _refuse(f"{name} is given twice (header names ignore case)", "extra_headers", operation)
        if not isinstance(value, str) or any(c in value for c in "\r\n\x00") or not value.isprintable():
            raise _refuse(
                f"the value of {name} must be printable text on one line", "extra_headers", operation
            )
        out[name] = value
    return out


def _query(extra: Mapping[str, Any], given: Collection[str], operation: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in extra.items():
        where = f"extra_query[{name!r}]"
        if not isinstance(name, str) or not name:
            raise _refuse("parameter names must be non-empty text", "extra_query", operation)
        _check_text(name, where, operation)
        if name in given:
            raise _refuse(f"is also passed as an argument; pass {name} once", where, operation)
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if not isinstance(item, (str, int, float, bool)) or (
                isinstance(item, float) and not math.isfinite(item)
            ):
                raise _refuse(
                    "must be text, a finite number or a boolean, or a list of them", where, operation
                )
            if isinstance(item, str):
                _check_text(item, where, operation)
        out[name] = list(value) if isinstance(value, (list, tuple)) else value
    return out


def extras_of(
    body: Mapping[str, Any] | None,
    headers: Mapping[str, Any] | None,
    query: Mapping[str, Any] | None,
    *,
    operation: str,
    has_body: bool,
    body_given: Collection[str] = (),
    query_given: Collection[str] = (),
) -> Extras:
    """The extras of one call, checked; ``*_given`` name the arguments passed there, by wire name."""
    for what, value in (("extra_body", body), ("extra_headers", headers), ("extra_query", query)):
        if value is not None and not isinstance(value, Mapping):
            raise _refuse(f"must be a mapping (a dict), not {type(value).__name__}", what, operation)
    if not (body or headers or query):
        return NO_EXTRAS
    if body and not has_body:
        raise _refuse("this operation takes no request body; use extra_query", "extra_body", operation)
    return Extras(
        _body(body or {}, body_given, operation),
        _headers(headers or {}, operation),
        _query(query or {}, query_given, operation),
    )
