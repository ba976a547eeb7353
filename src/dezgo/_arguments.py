"""A method call's keyword arguments turned into a checked request, before anything is sent.

This is where "validate before spending" happens: what was not passed is left
out (the service applies its own default), path parameters are required, the
encoding must be one the operation accepts, images are read and recognised,
and the body is checked against the operation's schema in the pinned spec.
Any problem is an ``InvalidRequestError`` raised here, so nothing is charged.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import attrs

from dezgo._constants import MEDIA_TYPES, Encoding
from dezgo._spec import Operation
from dezgo._types import NotGiven
from dezgo._validation import IMAGE_PLACEHOLDER, Problem, schema_problems
from dezgo._wire import WireRequest, build_request
from dezgo.billing import price_key
from dezgo.errors import InvalidRequestError
from dezgo.images import load_image_input

__all__ = ["MEDIA_TYPES", "Encoding", "Prepared", "body_problems", "prepare"]


@attrs.frozen
class Prepared:
    """One call, checked and ready to send (possibly several times, for retries)."""

    op: Operation
    wire: WireRequest
    price_key: Hashable


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


def _media_type(op: Operation, encoding: str) -> str | None:
    if not op.request_media_types:
        return None
    if encoding not in MEDIA_TYPES:
        raise InvalidRequestError(f"unknown encoding {encoding!r}", field="encoding", operation=op.name)
    media_type = MEDIA_TYPES[encoding]
    if media_type not in op.request_media_types:
        allowed = ", ".join(k for k, v in MEDIA_TYPES.items() if v in op.request_media_types)
        raise InvalidRequestError(
            f"{encoding!r} is not accepted by this operation; use one of: {allowed}",
            field="encoding",
            operation=op.name,
        )
    return media_type


def body_problems(op: Operation, media_type: str, body: Mapping[str, Any]) -> list[Problem]:
    """Every reason ``body`` (wire names; images as ``IMAGE_PLACEHOLDER``) would be refused.

    The one check of arguments against the spec: the facade runs it before sending, and
    ``dezgo batch`` runs it over every manifest row before the first job.
    """
    return schema_problems(op.body_schemas[media_type], body)


def _check_body(
    op: Operation, media_type: str, given: Mapping[str, Any], images: Mapping[str, bytes]
) -> None:
    schema = op.body_schemas[media_type]
    checked = {k: (IMAGE_PLACEHOLDER if k in images else v) for k, v in given.items()}
    problems = body_problems(op, media_type, checked)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InvalidRequestError(first.message + more, field=first.field, operation=op.name)
    unknown = sorted(set(given) - set(schema.get("properties", {})))
    if unknown:
        raise InvalidRequestError("is not a parameter of this operation", field=unknown[0], operation=op.name)


def prepare(op: Operation, arguments: Mapping[str, Any], encoding: str) -> Prepared:
    """Check a call's arguments against the spec and build its request; raises InvalidRequestError."""
    given = _given(op, arguments)
    path_args: dict[str, Any] = {}
    for param in op.path_params:
        if param.name not in given:
            raise InvalidRequestError("is required", field=param.name, operation=op.name)
        path_args[param.python_name] = given.pop(param.name)
    media_type = _media_type(op, encoding)
    images = {
        p.name: load_image_input(given[p.name], field=p.name, operation=op.name)
        for p in op.image_params
        if p.name in given
    }
    if media_type is not None:
        _check_body(op, media_type, given, images)
    body = {k: v for k, v in given.items() if k not in images}
    wire = build_request(op, media_type, path_args, body, images)
    pricing = {p.name: given.get(p.name, p.default) for p in op.body_params}
    return Prepared(op, wire, price_key(op.name, pricing))
