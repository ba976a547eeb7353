"""Comparing two versions of one operation: parameters, request body, responses, callbacks, security.

The operation's parts are compared here; each schema inside them goes to
``SchemaDiff`` with the direction its data flows. For a webhook or a callback
the API is the *client*: what it sends (the request body) is what your code
receives, and what your code answers is what it reads, so those operations are
compared with the directions swapped (``flipped``). The rules this module
reports are defined here, beside the code that finds them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any, Protocol

from dezgo.spec.diff.model import Direction, Level, Place, Side
from dezgo.spec.diff.registry import Rule, rule
from dezgo.spec.diff.schema import SchemaDiff
from dezgo.spec.diff.view import Resolver

__all__ = ["ITEM", "METHODS", "Emit", "OperationDiff", "as_list", "as_map", "sunset_of", "template"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
ITEM = "#path-item"
"""First pointer token of a finding on the path item (its shared parameters), not the operation."""


class Emit(Protocol):
    """One finding at pointer ``tokens`` under the operation (``old_tokens`` when they differ in the old one)."""

    def __call__(
        self,
        found: Rule,
        tokens: tuple[str, ...],
        message: str,
        /,
        *,
        media: str | None = None,
        group: Any = None,
        old_tokens: tuple[str, ...] | None = None,
        place: Place | None = None,
    ) -> None: ...


B, W, N = Level.BREAKING, Level.WARNING, Level.INFO
REQ, RESP, NONE = Direction.REQUEST, Direction.RESPONSE, Direction.NONE

_NO_LINK_RULES = "oasdiff has no link rules."
SECURITY_NOTE = "oasdiff: INFO by default (all security rules); calls without the new credentials fail."
ENDPOINT_DEPRECATED = rule("endpoint-deprecated", N, NONE, "an operation was deprecated")
ENDPOINT_REACTIVATED = rule("endpoint-reactivated", N, NONE, "an operation is no longer deprecated")
API_SUNSET_DELETED = rule(
    "api-sunset-deleted",
    B,
    NONE,
    "a deprecated operation's x-sunset date was deleted: the announced timeline is gone",
)
API_SUNSET_DATE_CHANGED_TOO_SMALL = rule(
    "api-sunset-date-changed-too-small", B, NONE, "a deprecated operation's x-sunset moved earlier"
)
API_OPERATION_ID_CHANGED = rule(
    "api-operation-id-changed",
    B,
    NONE,
    "operationId changed: the generated function and module are renamed",
    sdk_only=True,
    note="oasdiff: api-operation-id-removed/-added INFO; openapi-python-client names functions after it.",
)
API_CALLBACK_ADDED = rule("api-callback-added", N, NONE, "a new callback")
API_CALLBACK_REMOVED = rule(
    "api-callback-removed",
    W,
    NONE,
    "a callback was removed: your endpoint is no longer called",
    note="oasdiff does not compare callbacks.",
    side=Side.OLD,
)
NEW_REQUIRED_REQUEST_PARAMETER = rule("new-required-request-parameter", B, REQ, "a new required parameter")
NEW_OPTIONAL_REQUEST_PARAMETER = rule("new-optional-request-parameter", N, REQ, "a new optional parameter")
REQUEST_PARAMETER_REMOVED = rule(
    "request-parameter-removed",
    B,
    REQ,
    "a parameter was removed: SDK calls that pass it fail",
    sdk_only=True,
    note="oasdiff: WARN. The generated function loses the argument, so calls passing it raise TypeError.",
    side=Side.OLD,
)
REQUEST_PARAMETER_BECAME_REQUIRED = rule(
    "request-parameter-became-required", B, REQ, "an optional parameter became required"
)
REQUEST_PARAMETER_BECAME_OPTIONAL = rule(
    "request-parameter-became-optional", N, REQ, "a required parameter became optional"
)
REQUEST_PARAMETER_LOCATION_CHANGED = rule(
    "request-parameter-location-changed", B, REQ, "a parameter moved (query/header/path/cookie)"
)
REQUEST_PARAMETER_DEPRECATED = rule("request-parameter-deprecated", N, REQ, "a parameter was deprecated")
REQUEST_PARAMETER_SERIALIZATION_CHANGED = rule(
    "request-parameter-serialization-changed",
    B,
    REQ,
    "a parameter's style, explode or allowReserved changed: the same value is sent differently",
    note="oasdiff has no rule; openapi-diff: REQUEST_PARAM_STYLE/EXPLODE_CHANGED incompatible.",
)
REQUEST_PATH_PARAMETER_RENAMED = rule(
    "request-path-parameter-renamed",
    W,
    REQ,
    "a path parameter was renamed (same position): the wire is unchanged, the generated argument is renamed",
    sdk_only=True,
    note="oasdiff matches the paths and reports nothing; the generated keyword argument changes name.",
)
REQUEST_BODY_ADDED_REQUIRED = rule("request-body-added-required", B, REQ, "a required request body was added")
REQUEST_BODY_ADDED_OPTIONAL = rule(
    "request-body-added-optional", N, REQ, "an optional request body was added"
)
REQUEST_BODY_BECAME_REQUIRED = rule(
    "request-body-became-required", B, REQ, "the request body became required"
)
REQUEST_BODY_BECAME_OPTIONAL = rule(
    "request-body-became-optional", N, REQ, "the request body became optional"
)
REQUEST_BODY_REMOVED = rule("request-body-removed", B, REQ, "the request body was removed", side=Side.OLD)
REQUEST_BODY_MEDIA_TYPE_REMOVED = rule(
    "request-body-media-type-removed", B, REQ, "a request media type was removed", side=Side.OLD
)
REQUEST_BODY_MEDIA_TYPE_ADDED = rule(
    "request-body-media-type-added", N, REQ, "a request media type was added"
)
REQUEST_BODY_MEDIA_TYPE_ADDED_SHARED_SCHEMA = rule(
    "request-body-media-type-added-shared-schema",
    B,
    REQ,
    "a request media type was added with a schema another media type uses: openapi-python-client then dispatches on isinstance and sends the wrong body (#1276)",
    sdk_only=True,
    note="oasdiff: request-body-media-type-added INFO.",
)
REQUEST_BODY_MEDIA_TYPE_SCHEMA_ADDED = rule(
    "request-body-media-type-schema-added", B, REQ, "a request media type without a schema gained one"
)
REQUEST_BODY_MEDIA_TYPE_SCHEMA_REMOVED = rule(
    "request-body-media-type-schema-removed", N, REQ, "a request media type lost its schema"
)
REQUEST_PART_CONTENT_TYPE_CHANGED = rule(
    "request-part-content-type-changed",
    B,
    REQ,
    "a multipart part's encoding contentType changed",
    note="oasdiff does not check encodings (#1165).",
)
REQUEST_PART_ENCODING_CHANGED = rule(
    "request-part-encoding-changed", W, REQ, "a multipart part's style, explode or headers changed"
)
RESPONSE_SUCCESS_STATUS_REMOVED = rule(
    "response-success-status-removed", B, RESP, "a success status was removed", side=Side.OLD
)
RESPONSE_SUCCESS_STATUS_ADDED = rule(
    "response-success-status-added",
    B,
    RESP,
    "a new success status: the generated client returns None for statuses it does not know",
    sdk_only=True,
    note="oasdiff: INFO.",
)
RESPONSE_NON_SUCCESS_STATUS_REMOVED = rule(
    "response-non-success-status-removed", N, RESP, "an error status was removed", side=Side.OLD
)
RESPONSE_NON_SUCCESS_STATUS_ADDED = rule(
    "response-non-success-status-added", N, RESP, "an error status was added"
)
RESPONSE_MEDIA_TYPE_REMOVED = rule(
    "response-media-type-removed", B, RESP, "a response media type was removed", side=Side.OLD
)
RESPONSE_MEDIA_TYPE_ADDED = rule("response-media-type-added", N, RESP, "a response media type was added")
RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED = rule(
    "response-media-type-name-specialized",
    N,
    RESP,
    "a response media type got a more precise name (application/json -> application/problem+json)",
)
RESPONSE_MEDIA_TYPE_NAME_GENERALIZED = rule(
    "response-media-type-name-generalized",
    B,
    RESP,
    "a response media type got a less precise name (application/problem+json -> application/json)",
)
RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED = rule(
    "response-body-media-type-schema-removed", W, RESP, "a response media type lost its schema"
)
RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED = rule(
    "response-body-media-type-schema-added", N, RESP, "a response media type gained a schema"
)
REQUIRED_RESPONSE_HEADER_REMOVED = rule(
    "required-response-header-removed", B, RESP, "a required response header was removed", side=Side.OLD
)
OPTIONAL_RESPONSE_HEADER_REMOVED = rule(
    "optional-response-header-removed", W, RESP, "an optional response header was removed", side=Side.OLD
)
RESPONSE_HEADER_BECAME_OPTIONAL = rule(
    "response-header-became-optional", B, RESP, "a response header is no longer always sent"
)
RESPONSE_HEADER_ADDED = rule("response-header-added", N, RESP, "a response header was added")
RESPONSE_LINK_REMOVED = rule(
    "response-link-removed",
    W,
    RESP,
    "a response link was removed",
    note=_NO_LINK_RULES,
    side=Side.OLD,
)
RESPONSE_LINK_CHANGED = rule(
    "response-link-changed", W, RESP, "a response link leads elsewhere", note=_NO_LINK_RULES
)
RESPONSE_LINK_ADDED = rule("response-link-added", N, RESP, "a response link was added")
API_SECURITY_ADDED = rule(
    "api-security-added",
    B,
    REQ,
    "an operation now requires credentials it did not",
    note=SECURITY_NOTE,
)
API_SECURITY_REMOVED = rule("api-security-removed", N, REQ, "an operation no longer requires credentials")
API_SECURITY_SCOPE_ADDED = rule(
    "api-security-scope-added",
    B,
    REQ,
    "an operation's requirement needs more OAuth scopes",
    note=SECURITY_NOTE,
)

_BODY_SCHEMA = {
    "request": (REQUEST_BODY_MEDIA_TYPE_SCHEMA_ADDED, REQUEST_BODY_MEDIA_TYPE_SCHEMA_REMOVED),
    "response": (RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED, RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED),
}


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def template(path: str) -> str:
    """``/books/{bookId}`` -> ``/books/{}``: paths that differ only in parameter names are one path."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def path_parameters(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


def sunset_of(op: Mapping[str, Any]) -> datetime.date | None:
    """The operation's announced sunset (``x-sunset``, RFC 3339 date or date-time), if any."""
    value = op.get("x-sunset")
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _success(status: str) -> bool:
    return status.startswith("2") or status.upper() == "2XX"


class OperationDiff:
    """Compares operations of one old and one new document."""

    def __init__(self, schemas: SchemaDiff, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> None:
        self.schemas = schemas
        self.old_doc, self.new_doc = old_doc, new_doc
        self.ro, self.rn = schemas.ro, schemas.rn

    def compare(
        self,
        emit: Emit,
        old_item: Mapping[str, Any],
        new_item: Mapping[str, Any],
        oop: Mapping[str, Any],
        nop: Mapping[str, Any],
        *,
        renamed: dict[str, str],
        flipped: bool = False,
    ) -> None:
        """``renamed`` maps old path-parameter names to new ones (the same position in the path)."""
        send, receive = ("response", "request") if flipped else ("request", "response")
        oid, nid = oop.get("operationId"), nop.get("operationId")
        if oid != nid and oid and nid:
            emit(
                API_OPERATION_ID_CHANGED,
                ("operationId",),
                f"operationId {oid!r} -> {nid!r}: the generated function is renamed",
            )
        if nop.get("deprecated") is True and oop.get("deprecated") is not True:
            emit(ENDPOINT_DEPRECATED, ("deprecated",), "the operation was deprecated")
        elif oop.get("deprecated") is True and nop.get("deprecated") is not True:
            emit(ENDPOINT_REACTIVATED, ("deprecated",), "the operation is no longer deprecated")
        if oop.get("deprecated") is True and nop.get("deprecated") is True:
            before, after = sunset_of(oop), sunset_of(nop)
            if before is not None and after is None:
                emit(API_SUNSET_DELETED, ("x-sunset",), f"the announced sunset {before} was deleted")
            elif before is not None and after is not None and after < before:
                emit(
                    API_SUNSET_DATE_CHANGED_TOO_SMALL,
                    ("x-sunset",),
                    f"sunset moved earlier: {before} -> {after}",
                )
        self._parameters(emit, old_item, new_item, oop, nop, renamed, send)
        self._request_body(emit, oop.get("requestBody"), nop.get("requestBody"), send)
        self._responses(emit, as_map(oop.get("responses")), as_map(nop.get("responses")), receive)
        self._callbacks(emit, as_map(oop.get("callbacks")), as_map(nop.get("callbacks")), flipped)
        if not flipped:
            self._security(emit, oop, nop)

    # -- schemas -------------------------------------------------------------------------------------

    def _schema_events(
        self,
        emit: Emit,
        tokens: tuple[str, ...],
        old: Any,
        new: Any,
        direction: str,
        subject: str,
        media: str | None = None,
        *,
        place: Place,
        old_tokens: tuple[str, ...] | None = None,
    ) -> None:
        for event in self.schemas.compare(old, new, direction):
            names = event.names
            who = ".".join((subject, *names)) if names else subject
            emit(
                event.rule,
                (*tokens, *event.tokens),
                f"{who}: {event.text}",
                media=media,
                group=(event.rule.id, who, event.text),
                old_tokens=None if old_tokens is None else (*old_tokens, *event.tokens),
                place=Place.PROPERTY if names else place,
            )

    # -- parameters ----------------------------------------------------------------------------------

    def _collect(
        self, resolver: Resolver, item: Mapping[str, Any], op: Mapping[str, Any], path_names: dict[str, str]
    ) -> dict[tuple[str, str], tuple[tuple[str, ...], Mapping[str, Any]]]:
        """(in, name) -> (pointer tokens, parameter); path-level ones start with ``ITEM``, and an
        operation's own parameter overrides the path item's of the same name and location."""
        out: dict[tuple[str, str], tuple[tuple[str, ...], Mapping[str, Any]]] = {}
        levels = ((ITEM, as_list(item.get("parameters"))), ("", as_list(op.get("parameters"))))
        for level, entries in levels:
            for index, entry in enumerate(entries):
                param = as_map(resolver.deref(entry)[0])
                where, name = str(param.get("in")), str(param.get("name"))
                if where == "path":
                    name = path_names.get(name, name)
                elif where == "header":
                    name = name.lower()
                tokens = (level, "parameters", str(index)) if level else ("parameters", str(index))
                out[(where, name)] = (tokens, param)
        return out

    def _parameters(
        self,
        emit: Emit,
        old_item: Mapping[str, Any],
        new_item: Mapping[str, Any],
        oop: Mapping[str, Any],
        nop: Mapping[str, Any],
        renamed: dict[str, str],
        send: str,
    ) -> None:
        old = self._collect(self.ro, old_item, oop, renamed)
        new = self._collect(self.rn, new_item, nop, {})

        for old_name, new_name in renamed.items():
            if old_name != new_name:
                emit(
                    REQUEST_PATH_PARAMETER_RENAMED,
                    ("parameters",),
                    f"path parameter {old_name!r} renamed {new_name!r}: the generated argument is renamed",
                )
        moved = {
            key: next(k for k in new if k[1] == key[1] and k not in old)
            for key in old
            if key not in new and any(k[1] == key[1] and k not in old for k in new)
        }
        for key, (tokens, param) in new.items():
            where, name = key
            if key in moved.values():
                source = next(k for k, v in moved.items() if v == key)
                emit(
                    REQUEST_PARAMETER_LOCATION_CHANGED,
                    tokens,
                    f"parameter {name!r} moved from {source[0]} to {where}",
                )
                continue
            if key not in old:
                required = param.get("required") is True or where == "path"
                emit(
                    NEW_REQUIRED_REQUEST_PARAMETER if required else NEW_OPTIONAL_REQUEST_PARAMETER,
                    tokens,
                    f"new {'required' if required else 'optional'} {where} parameter {name!r}",
                )
                continue
            before = old[key][1]
            if param.get("required") is True and before.get("required") is not True:
                emit(REQUEST_PARAMETER_BECAME_REQUIRED, tokens, f"parameter {name!r} became required")
            elif before.get("required") is True and param.get("required") is not True and where != "path":
                emit(REQUEST_PARAMETER_BECAME_OPTIONAL, tokens, f"parameter {name!r} became optional")
            if param.get("deprecated") is True and before.get("deprecated") is not True:
                emit(REQUEST_PARAMETER_DEPRECATED, tokens, f"parameter {name!r} was deprecated")
            for key_name in ("style", "explode", "allowReserved"):
                if before.get(key_name) != param.get(key_name):
                    emit(
                        REQUEST_PARAMETER_SERIALIZATION_CHANGED,
                        (*tokens, key_name),
                        f"parameter {name!r}: {key_name} {before.get(key_name)} -> {param.get(key_name)}",
                    )
            self._schema_events(
                emit,
                (*tokens, "schema"),
                _param_schema(before),
                _param_schema(param),
                send,
                f"parameter {name!r}",
                place=Place.PARAMETER,
                old_tokens=(*old[key][0], "schema"),
            )
        for key, (tokens, _param) in old.items():
            if key not in new and key not in moved:
                emit(
                    REQUEST_PARAMETER_REMOVED,
                    ("parameters",),
                    f"{key[0]} parameter {key[1]!r} removed",
                    old_tokens=tokens,
                )

    # -- request bodies ------------------------------------------------------------------------------

    def _request_body(self, emit: Emit, old_raw: Any, new_raw: Any, send: str) -> None:
        old = as_map(self.ro.deref(old_raw)[0]) if old_raw is not None else None
        new = as_map(self.rn.deref(new_raw)[0]) if new_raw is not None else None
        base = ("requestBody",)
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            if new.get("required") is True:
                emit(REQUEST_BODY_ADDED_REQUIRED, base, "a required request body was added")
            else:
                emit(REQUEST_BODY_ADDED_OPTIONAL, base, "an optional request body was added")
            return
        if new is None:
            emit(REQUEST_BODY_REMOVED, base, "the request body was removed")
            return
        if new.get("required") is True and old.get("required") is not True:
            emit(REQUEST_BODY_BECAME_REQUIRED, (*base, "required"), "the request body became required")
        elif old.get("required") is True and new.get("required") is not True:
            emit(REQUEST_BODY_BECAME_OPTIONAL, (*base, "required"), "the request body became optional")
        oc, nc = as_map(old.get("content")), as_map(new.get("content"))
        for media in oc:
            if media not in nc:
                emit(
                    REQUEST_BODY_MEDIA_TYPE_REMOVED,
                    (*base, "content", media),
                    f"{media} is no longer accepted",
                    media=media,
                )
        shared = {_canonical_schema(as_map(c).get("schema")) for m, c in nc.items() if m in oc}
        for media, content in nc.items():
            if media in oc:
                continue
            same = _canonical_schema(as_map(content).get("schema")) in shared and "schema" in as_map(content)
            emit(
                REQUEST_BODY_MEDIA_TYPE_ADDED_SHARED_SCHEMA if same else REQUEST_BODY_MEDIA_TYPE_ADDED,
                (*base, "content", media),
                f"{media} is now accepted"
                + (
                    ", with a schema another media type uses: the generated client can no longer choose which body it sends"
                    if same
                    else ""
                ),
                media=media,
            )
        for media in oc:
            if media not in nc:
                continue
            before, after = as_map(oc[media]), as_map(nc[media])
            tokens = (*base, "content", media)
            self._body_schema(emit, "request", tokens, media, media, before, after, send, "body")
            self._encoding(emit, tokens, media, as_map(before.get("encoding")), as_map(after.get("encoding")))

    def _body_schema(
        self,
        emit: Emit,
        side: str,
        tokens: tuple[str, ...],
        media: str,
        label: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        direction: str,
        name: str,
    ) -> None:
        """One media type's body (``side`` is request or response): a schema gained, lost, or compared."""
        where = (*tokens, "schema")
        gained, lost = _BODY_SCHEMA[side]
        if "schema" not in before and "schema" in after:
            emit(
                gained,
                where,
                f"[{label}] the body now has a schema",
                media=media,
            )
        elif "schema" in before and "schema" not in after:
            emit(
                lost,
                where,
                f"[{label}] the body no longer has a schema",
                media=media,
            )
        else:
            self._schema_events(
                emit,
                where,
                before.get("schema", {}),
                after.get("schema", {}),
                direction,
                name,
                media,
                place=Place.BODY,
            )

    def _encoding(
        self, emit: Emit, tokens: tuple[str, ...], media: str, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> None:
        for part in sorted(set(old) | set(new)):
            o, n = as_map(old.get(part)), as_map(new.get(part))
            where = (*tokens, "encoding", part)
            if o.get("contentType") != n.get("contentType"):
                emit(
                    REQUEST_PART_CONTENT_TYPE_CHANGED,
                    where,
                    f"part {part!r} content type {o.get('contentType')} -> {n.get('contentType')}",
                    media=media,
                )
            if any(o.get(k) != n.get(k) for k in ("style", "explode", "headers", "allowReserved")):
                emit(REQUEST_PART_ENCODING_CHANGED, where, f"part {part!r} encoding changed", media=media)

    # -- responses -----------------------------------------------------------------------------------

    def _responses(self, emit: Emit, old: Mapping[str, Any], new: Mapping[str, Any], receive: str) -> None:
        for status in old:
            if status not in new:
                found = (
                    RESPONSE_SUCCESS_STATUS_REMOVED
                    if _success(status) or status == "default"
                    else RESPONSE_NON_SUCCESS_STATUS_REMOVED
                )
                emit(found, ("responses", status), f"status {status} is no longer returned")
        for status in new:
            if status not in old:
                found = (
                    RESPONSE_SUCCESS_STATUS_ADDED if _success(status) else RESPONSE_NON_SUCCESS_STATUS_ADDED
                )
                emit(found, ("responses", status), f"status {status} may now be returned")
        for status in old:
            if status not in new:
                continue
            o, n = as_map(self.ro.deref(old[status])[0]), as_map(self.rn.deref(new[status])[0])
            base = ("responses", status)
            oc, nc = as_map(o.get("content")), as_map(n.get("content"))
            pairs = {m: m for m in oc if m in nc}
            for media in oc:
                renamed = next(
                    (m for m in nc if m not in oc and m not in pairs.values() and _related(media, m)), None
                )
                if media in nc:
                    continue
                if renamed is not None:
                    pairs[media] = renamed
                    found = (
                        RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED
                        if _specializes(media, renamed)
                        else RESPONSE_MEDIA_TYPE_NAME_GENERALIZED
                    )
                    emit(
                        found,
                        (*base, "content", renamed),
                        f"status {status} returns {renamed} instead of {media}",
                        media=renamed,
                    )
                    continue
                emit(
                    RESPONSE_MEDIA_TYPE_REMOVED,
                    (*base, "content", media),
                    f"status {status} no longer returns {media}",
                    media=media,
                )
            for media in nc:
                if media not in oc and media not in pairs.values():
                    emit(
                        RESPONSE_MEDIA_TYPE_ADDED,
                        (*base, "content", media),
                        f"status {status} may now return {media}",
                        media=media,
                    )
            for media, renamed in pairs.items():
                before, after = as_map(oc[media]), as_map(nc[renamed])
                tokens = (*base, "content", renamed)
                self._body_schema(
                    emit,
                    "response",
                    tokens,
                    renamed,
                    f"{status} {renamed}",
                    before,
                    after,
                    receive,
                    f"{status} body",
                )
            self._headers(emit, base, status, as_map(o.get("headers")), as_map(n.get("headers")), receive)
            self._links(emit, base, status, as_map(o.get("links")), as_map(n.get("links")))

    def _headers(
        self,
        emit: Emit,
        base: tuple[str, ...],
        status: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        receive: str,
    ) -> None:
        olower = {k.lower(): (k, as_map(self.ro.deref(v)[0])) for k, v in old.items()}
        nlower = {k.lower(): (k, as_map(self.rn.deref(v)[0])) for k, v in new.items()}
        for name, (spelled, header) in olower.items():
            where = (*base, "headers", spelled)
            if name not in nlower:
                found = (
                    REQUIRED_RESPONSE_HEADER_REMOVED
                    if header.get("required") is True
                    else OPTIONAL_RESPONSE_HEADER_REMOVED
                )
                emit(found, where, f"header {name} is no longer sent with {status}")
                continue
            after = nlower[name][1]
            if header.get("required") is True and after.get("required") is not True:
                emit(
                    RESPONSE_HEADER_BECAME_OPTIONAL,
                    where,
                    f"header {name} is no longer always sent with {status}",
                )
            self._schema_events(
                emit,
                (*where, "schema"),
                _param_schema(header),
                _param_schema(after),
                receive,
                f"header {name}",
                place=Place.HEADER,
            )
        for name, (spelled, _) in nlower.items():
            if name not in olower:
                emit(
                    RESPONSE_HEADER_ADDED,
                    (*base, "headers", spelled),
                    f"header {name} is now sent with {status}",
                )

    def _links(
        self, emit: Emit, base: tuple[str, ...], status: str, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> None:
        for name, link in old.items():
            where = (*base, "links", name)
            if name not in new:
                emit(RESPONSE_LINK_REMOVED, where, f"link {name!r} of {status} removed")
                continue
            o, n = as_map(self.ro.deref(link)[0]), as_map(self.rn.deref(new[name])[0])
            keys = ("operationId", "operationRef", "parameters", "requestBody")
            if any(_canonical_schema(o.get(k)) != _canonical_schema(n.get(k)) for k in keys):
                emit(RESPONSE_LINK_CHANGED, where, f"link {name!r} of {status} now leads elsewhere")
        for name in new:
            if name not in old:
                emit(RESPONSE_LINK_ADDED, (*base, "links", name), f"link {name!r} of {status} added")

    # -- callbacks and security ----------------------------------------------------------------------

    def _callbacks(self, emit: Emit, old: Mapping[str, Any], new: Mapping[str, Any], flipped: bool) -> None:
        for name, callback in old.items():
            if name not in new:
                emit(
                    API_CALLBACK_REMOVED,
                    ("callbacks", name),
                    f"callback {name!r} removed: it is no longer called",
                )
                continue
            ocb, ncb = as_map(self.ro.deref(callback)[0]), as_map(self.rn.deref(new[name])[0])
            for expression, item in ocb.items():
                oitem = as_map(self.ro.deref(item)[0])
                nitem = as_map(self.rn.deref(ncb.get(expression))[0]) if expression in ncb else None
                for method in METHODS:
                    oop = oitem.get(method)
                    if not isinstance(oop, Mapping):
                        continue
                    tokens = ("callbacks", name, expression, method)
                    nop = nitem.get(method) if nitem is not None else None
                    if not isinstance(nop, Mapping):
                        emit(
                            API_CALLBACK_REMOVED,
                            tokens,
                            f"callback {name!r} {method.upper()} {expression} removed",
                        )
                        continue

                    def inner(
                        found: Rule,
                        where: tuple[str, ...],
                        message: str,
                        *,
                        media: str | None = None,
                        group: Any = None,
                        old_tokens: tuple[str, ...] | None = None,
                        place: Place | None = None,
                        _t: tuple[str, ...] = tokens,
                        _name: str = name,
                    ) -> None:
                        tag = None if group is None else ("callback", _name, *group)
                        emit(
                            found,
                            (*_t, *where),
                            f"callback {_name!r}: {message}",
                            media=media,
                            group=tag,
                            old_tokens=None if old_tokens is None else (*_t, *old_tokens),
                            place=place,
                        )

                    self.compare(inner, oitem, as_map(nitem), oop, nop, renamed={}, flipped=not flipped)
        for name in new:
            if name not in old:
                emit(API_CALLBACK_ADDED, ("callbacks", name), f"callback {name!r} added")

    def _security(self, emit: Emit, oop: Mapping[str, Any], nop: Mapping[str, Any]) -> None:
        def effective(
            doc: Mapping[str, Any], op: Mapping[str, Any]
        ) -> dict[frozenset[str], dict[str, frozenset[str]]]:
            requirements = op.get("security", doc.get("security", []))
            out: dict[frozenset[str], dict[str, frozenset[str]]] = {}
            for requirement in as_list(requirements):
                if isinstance(requirement, Mapping):
                    out[frozenset(requirement)] = {
                        k: frozenset(map(str, as_list(v))) for k, v in requirement.items()
                    }
            return out

        old, new = effective(self.old_doc, oop), effective(self.new_doc, nop)
        if old == new:
            return
        open_before = not old or frozenset() in old
        open_now = not new or frozenset() in new
        if open_before and not open_now:
            emit(API_SECURITY_ADDED, ("security",), "the operation now requires credentials")
        elif open_now and not open_before:
            emit(API_SECURITY_REMOVED, ("security",), "the operation no longer requires credentials")
        elif not any(option in old for option in new):
            emit(
                API_SECURITY_ADDED,
                ("security",),
                f"the accepted credentials changed: {sorted(map(sorted, new))}",
            )
        else:
            for option, scopes in new.items():
                before = old.get(option)
                if before is None:
                    continue
                for scheme, needed in scopes.items():
                    extra = needed - before.get(scheme, frozenset())
                    if extra:
                        emit(
                            API_SECURITY_SCOPE_ADDED,
                            ("security",),
                            f"{scheme} now needs the scope(s) {sorted(extra)}",
                        )


def _media_parts(media: str) -> tuple[str, str, str]:
    """``application/problem+json; charset=utf-8`` -> (``application``, ``problem``, ``json``)."""
    essence = media.split(";", 1)[0].strip().lower()
    kind, _, subtype = essence.partition("/")
    name, plus, suffix = subtype.rpartition("+")
    return (kind, name, suffix) if plus else (kind, "", subtype)


def _specializes(general: str, special: str) -> bool:
    """``application/json`` -> ``application/problem+json`` (the same format, a narrower name)."""
    g, s = _media_parts(general), _media_parts(special)
    return g[0] == s[0] and g[2] == s[2] and not g[1] and bool(s[1])


def _related(a: str, b: str) -> bool:
    """One media type names the other more or less precisely (or only their parameters differ)."""
    return _specializes(a, b) or _specializes(b, a) or _media_parts(a) == _media_parts(b)


def _param_schema(param: Mapping[str, Any]) -> Any:
    """A parameter's or header's schema, from ``schema`` or from its one ``content`` entry."""
    if "schema" in param:
        return param["schema"]
    content = as_map(param.get("content"))
    for media in content.values():
        return as_map(media).get("schema", {})
    return {}


def _canonical_schema(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, default=str)
