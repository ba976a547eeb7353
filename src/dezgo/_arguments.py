"""A method call's keyword arguments turned into a checked request, before anything is sent.

This is where "validate before spending" happens: what was not passed is left
out (the service applies its own default), path parameters are required, the
encoding must be one the operation accepts, images are read and recognised,
every value can be sent at all (finite numbers, text that is valid Unicode
without NUL), and the body is checked against the operation's schema in the
pinned spec, judged by the evidence (``dezgo._validation.assess``): what the
evidence supports at S, H or M is refused here with an ``InvalidRequestError``
(so nothing is charged), an L or G guess is a ``WeakEvidenceWarning``, once per
(operation, field, constraint), and the value is sent, unless ``strict``.
"""

from __future__ import annotations

import math
import numbers
import os
import sys
import threading
import warnings
from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from dezgo._constants import MEDIA_TYPES, Encoding
from dezgo._evidence import Evidence, evidence_of
from dezgo._extras import NO_EXTRAS, Extras, extras_of
from dezgo._spec import Operation
from dezgo._types import NotGiven
from dezgo._validation import (
    IMAGE_PLACEHOLDER,
    Problem,
    WeakEvidenceWarning,
    assess,
    plural,
    quote,
)
from dezgo._wire import WireRequest, build_request
from dezgo.billing import price_key
from dezgo.errors import InvalidRequestError
from dezgo.images import ACCEPTED, image_size, load_image_input, sniff_media

__all__ = [
    "MEDIA_TYPES",
    "Encoding",
    "Prepared",
    "body_problems",
    "preferred_media_type",
    "prepare",
    "price_key_of",
    "sendable_problems",
]

_warned: set[tuple[str, str, str]] = set()
_warned_lock = threading.Lock()


@attrs.frozen
class Prepared:
    """One call, checked and ready to send (possibly several times, for retries)."""

    op: Operation
    wire: WireRequest
    price_key: Hashable
    extras: Extras = NO_EXTRAS


def _given(op: Operation, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """What the caller passed. ``None`` means "not sent" unless the field's schema allows null."""
    given: dict[str, Any] = {}
    for name, value in arguments.items():
        if isinstance(value, NotGiven):
            continue
        if value is None:
            try:
                param = op.param(name)
            except KeyError:
                continue
            if not param.allows_null:
                continue
        given[name] = value
    return given


PREFERRED_ENCODINGS = ("json", "multipart", "form")
"""Without a chosen encoding: JSON where the operation takes it (the service recommends it),
else multipart (it carries everything), else urlencoded. The document decides which it takes:
FastAPI declares one media type for ``Form()``/``File()`` parameters."""


def preferred_media_type(op: Operation) -> str | None:
    """The media type a call of ``op`` is sent in when no encoding is chosen (None: no body)."""
    if not op.request_media_types:
        return None
    for preferred in PREFERRED_ENCODINGS:
        if MEDIA_TYPES[preferred] in op.request_media_types:
            return MEDIA_TYPES[preferred]
    raise InvalidRequestError(
        f"takes only {', '.join(op.request_media_types)}, which this SDK cannot send",
        field="encoding",
        operation=op.name,
    )


def _media_type(op: Operation, encoding: str | None) -> str | None:
    if not op.request_media_types:
        return None
    if encoding is None:
        return preferred_media_type(op)
    if encoding not in MEDIA_TYPES:
        raise InvalidRequestError(
            f"unknown encoding {quote(encoding)}; use one of: {', '.join(MEDIA_TYPES)}",
            field="encoding",
            operation=op.name,
        )
    media_type = MEDIA_TYPES[encoding]
    if media_type not in op.request_media_types:
        allowed = ", ".join(k for k, v in MEDIA_TYPES.items() if v in op.request_media_types)
        raise InvalidRequestError(
            f"{encoding!r} is not accepted by this operation; use one of: {allowed}",
            field="encoding",
            operation=op.name,
        )
    return media_type


def _text_problem(name: str, text: str) -> Problem | None:
    """Text the wire cannot carry faithfully: a lone surrogate cannot be encoded as UTF-8 at all,
    and a NUL is cut or refused by the C strings and databases behind most services, after billing."""
    for position, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return Problem(
                (name,),
                f"is not valid Unicode: a lone surrogate ({char!r}) at position {position}",
                "string_unicode",
            )
        if char == "\x00":
            return Problem((name,), f"contains a NUL character at position {position}", "string_nul")
    return None


def sendable_problems(body: Mapping[str, Any]) -> list[Problem]:
    """Values no request can carry as meant, whatever the spec says: non-finite numbers and bad text.

    JSON has no NaN or Infinity (and a form would send the text "nan"); these refuse even
    where the spec has no bounds.
    """
    problems: list[Problem] = []
    for name, value in body.items():
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem((name,), f"should be a finite number, got {value!r}", "finite_number"))
        elif isinstance(value, numbers.Number) and not isinstance(value, (int, float, Decimal)):
            # What coercion could not make a plain int or float (a complex, a Fraction beyond
            # float's range): no JSON number or form text says it.
            problems.append(
                Problem(
                    (name,),
                    f"is a {type(value).__name__} that cannot be sent as a number, got {quote(value)}",
                    "number_type",
                )
            )
        elif isinstance(value, str):
            bad = _text_problem(name, value)
            if bad is not None:
                problems.append(bad)
    return problems


def _stacklevel() -> int:
    """The caller's frame, outside this package: where a warning should point."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith("dezgo"):
        frame, level = frame.f_back, level + 1
    return level


def _warn(op: Operation, problem: Problem) -> None:
    key = (op.name, problem.field, problem.keyword)
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    evidence = problem.evidence
    note = f": {evidence.note}" if evidence.note else ""
    message = (
        f"{op.name}(): {problem.field}: {problem.message}; sent anyway, because the spec's "
        f"'{problem.keyword}' here rests on weak evidence ({evidence.level}{note}). "
        "strict=True refuses such values."
    )
    warnings.warn(
        WeakEvidenceWarning(
            message,
            operation=op.name,
            field=problem.field,
            keyword=problem.keyword,
            reason=problem.message,
            evidence=evidence,
        ),
        stacklevel=_stacklevel(),
    )


def body_problems(
    op: Operation, media_type: str, body: Mapping[str, Any], *, strict: bool = False
) -> list[Problem]:
    """Every reason ``body`` (wire names; images as ``IMAGE_PLACEHOLDER``) would be refused.

    The one check of arguments against the spec: the facade runs it before sending, and
    ``dezgo batch`` runs it over every manifest row before the first job. Constraints the
    evidence supports only at L or G are not refusals (unless ``strict``): each is a
    ``WeakEvidenceWarning``, emitted once per (operation, field, constraint).
    """
    return _assessed(op, media_type, body, strict=strict)[1]


def _assessed(
    op: Operation, media_type: str, body: Mapping[str, Any], *, strict: bool
) -> tuple[dict[str, Any], list[Problem]]:
    form = media_type != "application/json"
    result = assess(op.body_schemas[media_type], body, strict=strict, form=form)
    unsendable = sendable_problems(result.values)
    # What cannot be sent at all is the problem to report; the schema's view of it comes after.
    fields = {p.field for p in unsendable}
    refusals = [*unsendable, *(p for p in result.refusals if p.field not in fields)]
    if not refusals:  # warn only about what is sent: a refused call has its error to read
        for problem in result.warnings:
            _warn(op, problem)
    return result.values, refusals


def _refuse(op: Operation, problems: list[Problem]) -> InvalidRequestError:
    first = problems[0]
    more = f" (and {plural(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
    return InvalidRequestError(first.message + more, field=first.field, operation=op.name)


def _check_body(
    op: Operation, media_type: str, given: Mapping[str, Any], images: Mapping[str, bytes], *, strict: bool
) -> dict[str, Any]:
    """The body's values as they will be sent (coerced as the service reads them); raises when refused."""
    unknown = sorted(set(given) - set(op.body_schemas[media_type].get("properties", {})))
    if unknown:
        raise InvalidRequestError("is not a parameter of this operation", field=unknown[0], operation=op.name)
    checked = {k: (IMAGE_PLACEHOLDER if k in images else v) for k, v in given.items()}
    values, problems = _assessed(op, media_type, checked, strict=strict)
    if problems:
        raise _refuse(op, problems)
    return {k: _as_sent(given[k], v) for k, v in values.items() if k not in images}


def _as_sent(passed: Any, coerced: Any) -> Any:
    """What goes on the wire: the coerced value (``"512"`` -> 512, Decimal -> float), except that an
    int passed for a number field stays the int the caller wrote (pydantic reads it the same)."""
    return passed if type(passed) is int and isinstance(coerced, float) else coerced


def _check_image_format(op: Operation, name: str, data: bytes, *, strict: bool) -> None:
    """A GIF, BMP or TIFF is sent with a warning: that the service takes only PNG, JPEG and WebP
    is an inference (G, in the evidence note of every image field), not something a source says."""
    kind = sniff_media(data) or "unknown"
    if kind in ACCEPTED:
        return
    note = evidence_of(op.param(name).schema, "format").note
    problem = Problem(
        (name,),
        f"is a {kind.upper()} image; clients send PNG and JPEG (and WebP is assumed)",
        "image_format",
        "image format",
        Evidence("G", note),
    )
    if strict:
        raise _refuse(op, [problem])
    _warn(op, problem)


def prepare(
    op: Operation,
    arguments: Mapping[str, Any],
    encoding: str | None,
    *,
    strict: bool = False,
    extra_body: Mapping[str, Any] | None = None,
    extra_headers: Mapping[str, Any] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Prepared:
    """Check a call's arguments against the spec and build its request; raises InvalidRequestError.

    ``extra_*``: what the call sends beyond the spec (``dezgo._extras``)."""
    given = _given(op, arguments)
    extras = extras_of(
        extra_body,
        extra_headers,
        extra_query,
        operation=op.name,
        has_body=bool(op.request_media_types),
        body_given={p.name for p in op.params if p.location == "body" and p.name in given},
        query_given={p.name for p in op.params if p.location == "query" and p.name in given},
    )
    path_args: dict[str, Any] = {}
    for param in op.path_params:
        if param.name not in given:
            raise InvalidRequestError("is required", field=param.name, operation=op.name)
        value = given.pop(param.name)
        problems = sendable_problems({param.name: value})
        if problems:
            raise _refuse(op, problems)
        path_args[param.python_name] = value
    query: dict[str, Any] = {}
    for param in op.params:
        if param.location == "query" and param.name in given:
            query[param.name] = given.pop(param.name)
        elif param.location == "query" and param.required:
            raise InvalidRequestError("is required", field=param.name, operation=op.name)
    problems = sendable_problems(query)
    if problems:
        raise _refuse(op, problems)
    media_type = _media_type(op, encoding)
    images = {
        p.name: load_image_input(given[p.name], field=p.name, operation=op.name)
        for p in op.image_params
        if p.name in given
    }
    for name, data in images.items():
        _check_image_format(op, name, data, strict=strict)
    body = {k: v for k, v in given.items() if k not in images}
    if media_type is not None:
        body = _check_body(op, media_type, given, images, strict=strict)
    wire = build_request(op, media_type, path_args, body, images, query, extras)
    # A price is known only for the arguments that set it: every one given, images by pixel size.
    sizes = {name: _size(data) for name, data in images.items()}
    return Prepared(op, wire, _price_key(op, {**query, **body}, sizes, extras), extras)


def _price_key(
    op: Operation, arguments: Mapping[str, Any], sizes: Mapping[str, Hashable], extras: Extras
) -> Hashable:
    extra_arguments, extra_sizes = extras.price_arguments()
    return price_key(op.name, {**arguments, **extra_arguments}, {**sizes, **extra_sizes})


SIZE_PREFIX_BYTES = 256 * 1024
"""How much of an image file is read to learn its pixel size (PNG and WebP say it at once, JPEG
in its first frame header)."""


def _size(data: bytes) -> Hashable:
    """What stands for an image in a price key: its pixel size, else its length in bytes."""
    return image_size(data) or ("bytes", len(data))


def _size_of(value: Any) -> Hashable:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _size(bytes(value))
    if isinstance(value, (str, os.PathLike)):
        try:
            with open(value, "rb") as handle:
                head = handle.read(SIZE_PREFIX_BYTES)
            return image_size(head) or ("bytes", os.stat(value).st_size)
        except OSError:
            return ("unreadable", os.fspath(value))
    size = getattr(value, "size", None)  # a PIL image
    if isinstance(size, tuple) and len(size) == 2:
        return (int(size[0]), int(size[1]))
    return ("unknown", type(value).__name__)


def price_key_of(op: Operation, arguments: Mapping[str, Any], extras: Extras = NO_EXTRAS) -> Hashable:
    """The price key ``prepare`` gives a call with these arguments, without building it or reading
    its images whole (``dezgo batch`` prices the jobs of its manifest with it); checks nothing."""
    given = {op.param(k).name: v for k, v in _given(op, arguments).items() if _known(op, k)}
    for param in op.path_params:
        given.pop(param.name, None)
    query = {p.name: given.pop(p.name) for p in op.params if p.location == "query" and p.name in given}
    images = {p.name: _size_of(given.pop(p.name)) for p in op.image_params if p.name in given}
    media_type = preferred_media_type(op)
    if media_type is None:
        return _price_key(op, {**query, **given}, images, extras)
    assessed = assess(op.body_schemas[media_type], given, form=media_type != "application/json")
    body = {k: _as_sent(given[k], v) for k, v in assessed.values.items() if k in given}
    return _price_key(op, {**query, **body}, images, extras)


def _known(op: Operation, name: str) -> bool:
    try:
        op.param(name)
    except KeyError:
        return False
    return True
