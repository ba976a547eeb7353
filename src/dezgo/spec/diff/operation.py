"""Comparing two versions of one operation: parameters, request body, responses, callbacks, security.

The operation's parts are compared here; each schema inside them goes to
``SchemaDiff`` with the direction its data flows. For a webhook or a callback
the API is the *client*: what it sends (the request body) is what your code
receives, and what your code answers is what it reads, so those operations are
compared with the directions swapped (``flipped``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from dezgo.spec.diff.schema import SchemaDiff
from dezgo.spec.diff.view import Resolver

__all__ = ["ITEM", "METHODS", "Emit", "OperationDiff", "as_list", "as_map", "sunset_of", "template"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
ITEM = "#path-item"
"""First pointer token of a finding on the path item (its shared parameters), not the operation."""
Emit = Callable[..., None]
"""emit(rule_id, tokens, message, *, media=None, group=None): one finding at a pointer under the operation."""


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
                "api-operation-id-changed",
                ("operationId",),
                f"operationId {oid!r} -> {nid!r}: the generated function is renamed",
            )
        if nop.get("deprecated") is True and oop.get("deprecated") is not True:
            emit("endpoint-deprecated", ("deprecated",), "the operation was deprecated")
        elif oop.get("deprecated") is True and nop.get("deprecated") is not True:
            emit("endpoint-reactivated", ("deprecated",), "the operation is no longer deprecated")
        if oop.get("deprecated") is True and nop.get("deprecated") is True:
            before, after = sunset_of(oop), sunset_of(nop)
            if before is not None and after is None:
                emit("api-sunset-deleted", ("x-sunset",), f"the announced sunset {before} was deleted")
            elif before is not None and after is not None and after < before:
                emit(
                    "api-sunset-date-changed-too-small",
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
    ) -> None:
        for rule, where, names, text in self.schemas.compare(old, new, direction):
            who = ".".join((subject, *names)) if names else subject
            emit(rule, (*tokens, *where), f"{who}: {text}", media=media, group=(rule, who, text))

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
                    "request-path-parameter-renamed",
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
                    "request-parameter-location-changed",
                    tokens,
                    f"parameter {name!r} moved from {source[0]} to {where}",
                )
                continue
            if key not in old:
                required = param.get("required") is True or where == "path"
                emit(
                    "new-required-request-parameter" if required else "new-optional-request-parameter",
                    tokens,
                    f"new {'required' if required else 'optional'} {where} parameter {name!r}",
                )
                continue
            before = old[key][1]
            if param.get("required") is True and before.get("required") is not True:
                emit("request-parameter-became-required", tokens, f"parameter {name!r} became required")
            elif before.get("required") is True and param.get("required") is not True and where != "path":
                emit("request-parameter-became-optional", tokens, f"parameter {name!r} became optional")
            if param.get("deprecated") is True and before.get("deprecated") is not True:
                emit("request-parameter-deprecated", tokens, f"parameter {name!r} was deprecated")
            for key_name in ("style", "explode", "allowReserved"):
                if before.get(key_name) != param.get(key_name):
                    emit(
                        "request-parameter-serialization-changed",
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
            )
        for key, (tokens, _param) in old.items():
            if key not in new and key not in moved:
                emit("request-parameter-removed", tokens, f"{key[0]} parameter {key[1]!r} removed")

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
                emit("request-body-added-required", base, "a required request body was added")
            else:
                emit("request-body-added-optional", base, "an optional request body was added")
            return
        if new is None:
            emit("request-body-removed", base, "the request body was removed")
            return
        if new.get("required") is True and old.get("required") is not True:
            emit("request-body-became-required", (*base, "required"), "the request body became required")
        elif old.get("required") is True and new.get("required") is not True:
            emit("request-body-became-optional", (*base, "required"), "the request body became optional")
        oc, nc = as_map(old.get("content")), as_map(new.get("content"))
        for media in oc:
            if media not in nc:
                emit(
                    "request-body-media-type-removed",
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
                "request-body-media-type-added-shared-schema" if same else "request-body-media-type-added",
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
        if "schema" not in before and "schema" in after:
            emit(
                f"{side}-body-media-type-schema-added",
                where,
                f"[{label}] the body now has a schema",
                media=media,
            )
        elif "schema" in before and "schema" not in after:
            emit(
                f"{side}-body-media-type-schema-removed",
                where,
                f"[{label}] the body no longer has a schema",
                media=media,
            )
        else:
            self._schema_events(
                emit, where, before.get("schema", {}), after.get("schema", {}), direction, name, media
            )

    def _encoding(
        self, emit: Emit, tokens: tuple[str, ...], media: str, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> None:
        for part in sorted(set(old) | set(new)):
            o, n = as_map(old.get(part)), as_map(new.get(part))
            where = (*tokens, "encoding", part)
            if o.get("contentType") != n.get("contentType"):
                emit(
                    "request-part-content-type-changed",
                    where,
                    f"part {part!r} content type {o.get('contentType')} -> {n.get('contentType')}",
                    media=media,
                )
            if any(o.get(k) != n.get(k) for k in ("style", "explode", "headers", "allowReserved")):
                emit("request-part-encoding-changed", where, f"part {part!r} encoding changed", media=media)

    # -- responses -----------------------------------------------------------------------------------

    def _responses(self, emit: Emit, old: Mapping[str, Any], new: Mapping[str, Any], receive: str) -> None:
        for status in old:
            if status not in new:
                rule = (
                    "response-success-status-removed"
                    if _success(status) or status == "default"
                    else "response-non-success-status-removed"
                )
                emit(rule, ("responses", status), f"status {status} is no longer returned")
        for status in new:
            if status not in old:
                rule = (
                    "response-success-status-added"
                    if _success(status)
                    else "response-non-success-status-added"
                )
                emit(rule, ("responses", status), f"status {status} may now be returned")
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
                    rule = (
                        "response-media-type-name-specialized"
                        if _specializes(media, renamed)
                        else "response-media-type-name-generalized"
                    )
                    emit(
                        rule,
                        (*base, "content", renamed),
                        f"status {status} returns {renamed} instead of {media}",
                        media=renamed,
                    )
                    continue
                emit(
                    "response-media-type-removed",
                    (*base, "content", media),
                    f"status {status} no longer returns {media}",
                    media=media,
                )
            for media in nc:
                if media not in oc and media not in pairs.values():
                    emit(
                        "response-media-type-added",
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
                rule = (
                    "required-response-header-removed"
                    if header.get("required") is True
                    else "optional-response-header-removed"
                )
                emit(rule, where, f"header {name} is no longer sent with {status}")
                continue
            after = nlower[name][1]
            if header.get("required") is True and after.get("required") is not True:
                emit(
                    "response-header-became-optional",
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
            )
        for name, (spelled, _) in nlower.items():
            if name not in olower:
                emit(
                    "response-header-added",
                    (*base, "headers", spelled),
                    f"header {name} is now sent with {status}",
                )

    def _links(
        self, emit: Emit, base: tuple[str, ...], status: str, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> None:
        for name, link in old.items():
            where = (*base, "links", name)
            if name not in new:
                emit("response-link-removed", where, f"link {name!r} of {status} removed")
                continue
            o, n = as_map(self.ro.deref(link)[0]), as_map(self.rn.deref(new[name])[0])
            keys = ("operationId", "operationRef", "parameters", "requestBody")
            if any(_canonical_schema(o.get(k)) != _canonical_schema(n.get(k)) for k in keys):
                emit("response-link-changed", where, f"link {name!r} of {status} now leads elsewhere")
        for name in new:
            if name not in old:
                emit("response-link-added", (*base, "links", name), f"link {name!r} of {status} added")

    # -- callbacks and security ----------------------------------------------------------------------

    def _callbacks(self, emit: Emit, old: Mapping[str, Any], new: Mapping[str, Any], flipped: bool) -> None:
        for name, callback in old.items():
            if name not in new:
                emit(
                    "api-callback-removed",
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
                            "api-callback-removed",
                            tokens,
                            f"callback {name!r} {method.upper()} {expression} removed",
                        )
                        continue

                    def inner(
                        rule: str,
                        where: tuple[str, ...],
                        message: str,
                        *,
                        media: str | None = None,
                        group: Any = None,
                        _t: tuple[str, ...] = tokens,
                        _name: str = name,
                    ) -> None:
                        tag = None if group is None else ("callback", _name, *group)
                        emit(rule, (*_t, *where), f"callback {_name!r}: {message}", media=media, group=tag)

                    self.compare(inner, oitem, as_map(nitem), oop, nop, renamed={}, flipped=not flipped)
        for name in new:
            if name not in old:
                emit("api-callback-added", ("callbacks", name), f"callback {name!r} added")

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
            emit("api-security-added", ("security",), "the operation now requires credentials")
        elif open_now and not open_before:
            emit("api-security-removed", ("security",), "the operation no longer requires credentials")
        elif not any(option in old for option in new):
            emit(
                "api-security-added",
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
                            "api-security-scope-added",
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
