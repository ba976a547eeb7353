"""The diff itself: walk two specs side by side and apply the rules.

Schemas are compared structurally, with ``$ref``s resolved on both sides, so a
``$ref`` refactor, reordered keys or an edited description change nothing.
Comparisons of two referenced schemas are memoised per (old ref, new ref,
direction): a component used by a thousand operations is compared once, and a
cycle ends where it started.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from dezgo._spec.document import resolve_pointer
from dezgo._spec.naming import operation_name, snake_case
from dezgo.errors import SpecError
from dezgo.spec.diff.model import Change, DiffReport
from dezgo.spec.diff.rules import RULES

__all__ = ["diff_specs"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
Event = tuple[str, tuple[str, ...], str]
KEYWORDS = frozenset(
    {
        "enum",
        "items",
        "oneOf",
        "additionalProperties",
        "multipleOf",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)  # rule id, location relative to the schema, message


class _Resolver:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def deref(self, node: Any) -> tuple[Any, str | None]:
        ref_name = None
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}, ref
            seen.add(ref)
            ref_name = ref
            try:
                node = resolve_pointer(self.doc, ref)
            except SpecError:
                node = {}
        return node, ref_name


def _types(schema: Mapping[str, Any]) -> tuple[frozenset[str], bool]:
    """The declared types (without null) and whether null is allowed (3.0 nullable or 3.1 null)."""
    declared = schema.get("type")
    types = (
        set(declared) if isinstance(declared, list) else ({declared} if isinstance(declared, str) else set())
    )
    nullable = bool(schema.get("nullable")) or "null" in types
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, []) or []:
            if isinstance(option, Mapping) and option.get("type") == "null":
                nullable = True
    types.discard("null")
    return frozenset(types), nullable


def _variants(schema: Mapping[str, Any]) -> list[Any]:
    out: list[Any] = []
    for key in ("oneOf", "anyOf"):
        out += [
            v for v in schema.get(key, []) or [] if not (isinstance(v, Mapping) and v.get("type") == "null")
        ]
    return out


class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = old, new
        self.ro, self.rn = _Resolver(old), _Resolver(new)
        self.memo: dict[tuple[str, str, str], list[Event]] = {}
        self.stack: set[tuple[str, str, str]] = set()
        self.changes: list[Change] = []

    # -- emitting ------------------------------------------------------------------------------------

    def emit(
        self, rule_id: str, operation: str | None, location: str, message: str, affects: tuple[str, ...]
    ) -> None:
        rule = RULES[rule_id]
        self.changes.append(
            Change(rule.id, rule.level, operation, location, message, affects, rule.direction, rule.sdk_only)
        )

    # -- schemas -------------------------------------------------------------------------------------

    def _flatten(self, resolver: _Resolver, schema: Any) -> dict[str, Any]:
        node, _ = resolver.deref(schema)
        if not isinstance(node, Mapping):
            return {}
        if "allOf" not in node:
            return dict(node)
        merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
        props: dict[str, Any] = dict(merged.get("properties", {}))
        required: list[str] = list(merged.get("required", []))
        for part in node.get("allOf", []):
            flat = self._flatten(resolver, part)
            props.update(flat.get("properties", {}))
            required += [r for r in flat.get("required", []) if r not in required]
            for key, value in flat.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        if props:
            merged["properties"] = props
        if required:
            merged["required"] = required
        return merged

    def schema(self, old: Any, new: Any, direction: str) -> list[Event]:
        _, oref = self.ro.deref(old)
        _, nref = self.rn.deref(new)
        key = (oref or "", nref or "", direction) if oref and nref else None
        if key is not None:
            if key in self.memo:
                return self.memo[key]
            if key in self.stack:
                return []  # a cycle: the same pair is already being compared further up
            self.stack.add(key)
        try:
            events = list(self._schema(self._flatten(self.ro, old), self._flatten(self.rn, new), direction))
        finally:
            if key is not None:
                self.stack.discard(key)
        if key is not None:
            self.memo[key] = events
        return events

    def _schema(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str) -> Iterator[Event]:
        req = d == "request"
        here: tuple[str, ...] = ()
        # type and nullability
        ot, onull = _types(o)
        nt, nnull = _types(n)
        if ot and nt and ot != nt:
            widened = ot < nt or (ot == {"integer"} and "number" in nt)
            narrowed = nt < ot or (nt == {"integer"} and "number" in ot)
            what = f"type {'/'.join(sorted(ot))} -> {'/'.join(sorted(nt))}"
            if req:
                yield (
                    "request-property-type-generalized" if widened else "request-property-type-changed",
                    here,
                    what,
                )
            else:
                yield (
                    "response-property-type-specialized" if narrowed else "response-property-type-changed",
                    here,
                    what,
                )
        if onull != nnull:
            if req:
                yield (
                    "request-property-became-nullable" if nnull else "request-property-became-not-nullable",
                    here,
                    "nullable changed",
                )
            else:
                yield (
                    "response-property-became-nullable" if nnull else "response-property-became-not-nullable",
                    here,
                    "nullable changed",
                )
        if o.get("format") != n.get("format") and o.get("format") and n.get("format"):
            yield (
                f"{'request' if req else 'response'}-property-format-changed",
                here,
                f"format {o.get('format')} -> {n.get('format')}",
            )
        yield from self._enum(o, n, req)
        yield from self._bounds(o, n, req)
        if req:
            op_, np_ = o.get("pattern"), n.get("pattern")
            if op_ != np_:
                if op_ is None:
                    yield ("request-property-pattern-added", here, f"pattern {np_!r} added")
                elif np_ is None:
                    yield ("request-property-pattern-removed", here, f"pattern {op_!r} removed")
                else:
                    yield ("request-property-pattern-changed", here, f"pattern {op_!r} -> {np_!r}")
            if "default" in o and "default" in n and o["default"] != n["default"]:
                yield (
                    "request-property-default-value-changed",
                    here,
                    f"default {o['default']!r} -> {n['default']!r}",
                )
            if n.get("readOnly") and not o.get("readOnly"):
                yield ("request-property-became-read-only", here, "became readOnly")
            if n.get("additionalProperties") is False and o.get("additionalProperties", True) is not False:
                yield (
                    "request-property-additional-properties-restricted",
                    here,
                    "additionalProperties is now false",
                )
        else:
            if n.get("writeOnly") and not o.get("writeOnly"):
                yield ("response-property-became-write-only", here, "became writeOnly")
            if o.get("additionalProperties") is False and n.get("additionalProperties", True) is not False:
                yield (
                    "response-additional-properties-opened",
                    here,
                    "additionalProperties is no longer false",
                )
        yield from self._properties(o, n, d)
        yield from self._one_of(o, n, d)
        if "items" in o and "items" in n:
            for rule, loc, msg in self.schema(o["items"], n["items"], d):
                yield rule, ("items", *loc), msg
        oa, na = o.get("additionalProperties"), n.get("additionalProperties")
        if isinstance(oa, Mapping) and isinstance(na, Mapping):
            for rule, loc, msg in self.schema(oa, na, d):
                yield rule, ("additionalProperties", *loc), msg

    def _enum(self, o: Mapping[str, Any], n: Mapping[str, Any], req: bool) -> Iterator[Event]:
        oe, ne = o.get("enum"), n.get("enum")
        if oe == ne:
            return
        if oe is not None and ne is not None:
            removed = [v for v in oe if v not in ne]
            added = [v for v in ne if v not in oe]
            for value in removed:
                yield (
                    f"{'request' if req else 'response'}-property-enum-value-removed",
                    ("enum",),
                    f"enum value {value!r} removed",
                )
            for value in added:
                yield (
                    f"{'request' if req else 'response'}-property-enum-value-added",
                    ("enum",),
                    f"enum value {value!r} added",
                )
        elif ne is not None and req:
            yield ("request-property-became-enum", ("enum",), f"now limited to {ne!r}")
        elif oe is not None:
            if req:
                yield ("request-property-enum-removed", ("enum",), "the enum constraint was removed")
            else:
                yield (
                    "response-property-enum-value-added",
                    ("enum",),
                    "the enum constraint was removed: any value may come back",
                )

    def _bounds(self, o: Mapping[str, Any], n: Mapping[str, Any], req: bool) -> Iterator[Event]:
        for low, high in (
            ("minimum", "maximum"),
            ("minLength", "maxLength"),
            ("minItems", "maxItems"),
            ("exclusiveMinimum", "exclusiveMaximum"),
        ):
            for key, is_max in ((high, True), (low, False)):
                ov, nv = o.get(key), n.get(key)
                if ov == nv or isinstance(ov, bool) or isinstance(nv, bool):
                    continue
                what = f"{key} {ov} -> {nv}"
                if req:
                    if ov is None:
                        yield (f"request-property-{'max' if is_max else 'min'}-set", (key,), what)
                    elif nv is None:
                        yield (
                            f"request-property-{'max-increased' if is_max else 'min-decreased'}",
                            (key,),
                            what,
                        )
                    elif is_max:
                        yield (
                            "request-property-max-decreased" if nv < ov else "request-property-max-increased",
                            (key,),
                            what,
                        )
                    else:
                        yield (
                            "request-property-min-increased" if nv > ov else "request-property-min-decreased",
                            (key,),
                            what,
                        )
                elif ov is not None and (nv is None or (nv > ov if is_max else nv < ov)):
                    yield (
                        f"response-property-{'max-increased' if is_max else 'min-decreased'}",
                        (key,),
                        what,
                    )
        om, nm = o.get("multipleOf"), n.get("multipleOf")
        if req and om != nm and nm is not None:
            widened = (
                om is not None
                and isinstance(om, (int, float))
                and isinstance(nm, (int, float))
                and nm
                and om % nm == 0
            )
            if not widened:
                yield ("request-property-multiple-of-changed", ("multipleOf",), f"multipleOf {om} -> {nm}")

    def _properties(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str) -> Iterator[Event]:
        op_, np_ = o.get("properties") or {}, n.get("properties") or {}
        ro, rn = set(o.get("required") or []), set(n.get("required") or [])
        req = d == "request"
        for name in np_:
            if name in op_:
                continue
            if req:
                rule = "new-required-request-property" if name in rn else "new-optional-request-property"
                yield rule, (name,), f"property {name!r} added" + (" as required" if name in rn else "")
            else:
                yield "response-property-added", (name,), f"property {name!r} added"
        for name in op_:
            if name not in np_:
                if req:
                    yield "request-property-removed", (name,), f"property {name!r} removed"
                elif name in ro:
                    yield "response-required-property-removed", (name,), f"required property {name!r} removed"
                else:
                    yield "response-optional-property-removed", (name,), f"optional property {name!r} removed"
                continue
            if name in rn and name not in ro:
                yield (
                    ("request-property-became-required" if req else "response-property-became-required"),
                    (name,),
                    f"{name!r} became required",
                )
            elif name in ro and name not in rn:
                yield (
                    ("request-property-became-optional" if req else "response-property-became-optional"),
                    (name,),
                    f"{name!r} became optional",
                )
            for rule, loc, msg in self.schema(op_[name], np_[name], d):
                yield rule, (name, *loc), msg

    def _one_of(self, o: Mapping[str, Any], n: Mapping[str, Any], d: str) -> Iterator[Event]:
        ov, nv = _variants(o), _variants(n)
        if not ov and not nv:
            return
        if not ov or not nv:
            return  # a switch between a union and a plain schema is judged by its type rules
        req = d == "request"

        def key(resolver: _Resolver, variant: Any) -> str:
            node, ref = resolver.deref(variant)
            return ref.rsplit("/", 1)[-1] if ref else json.dumps(node, sort_keys=True)

        okeys = [key(self.ro, v) for v in ov]
        nkeys = [key(self.rn, v) for v in nv]
        # A component renamed with the same body keeps its place: match by content where names differ.
        for i, name in enumerate(okeys):
            if name in nkeys:
                for rule, loc, msg in self.schema(ov[i], nv[nkeys.index(name)], d):
                    yield rule, (f"oneOf[{i}]", *loc), msg
        removed = [k for k in okeys if k not in nkeys]
        added = [k for k in nkeys if k not in okeys]
        if len(removed) == len(added):
            for r, a in zip(removed, added, strict=True):
                events = self.schema(ov[okeys.index(r)], nv[nkeys.index(a)], d)
                for rule, loc, msg in events:
                    yield rule, (f"oneOf[{okeys.index(r)}]", *loc), msg
            return
        if len(nv) < len(ov):
            yield (
                ("request-property-one-of-removed" if req else "response-property-one-of-removed"),
                ("oneOf",),
                f"{len(ov) - len(nv)} variant(s) removed",
            )
        else:
            yield (
                ("request-property-one-of-added" if req else "response-property-one-of-added"),
                ("oneOf",),
                f"{len(nv) - len(ov)} variant(s) added",
            )

    # -- documents and operations -----------------------------------------------------------------

    def run(self) -> list[Change]:
        old_paths, new_paths = self.old.get("paths") or {}, self.new.get("paths") or {}
        for path, old_item in old_paths.items():
            new_item = new_paths.get(path)
            if new_item is None:
                for method in METHODS:
                    if isinstance(old_item, Mapping) and method in old_item:
                        key = f"{method.upper()} {path}"
                        self.emit(
                            "api-path-removed",
                            key,
                            f"paths/{path}",
                            f"{key} was removed",
                            self._affects(old_item[method], path),
                        )
                continue
            for method in METHODS:
                oop, nop = old_item.get(method), new_item.get(method)
                key = f"{method.upper()} {path}"
                if isinstance(oop, Mapping) and not isinstance(nop, Mapping):
                    self.emit(
                        "api-removed",
                        key,
                        f"paths/{path}/{method}",
                        f"{key} was removed",
                        self._affects(oop, path),
                    )
                elif isinstance(oop, Mapping) and isinstance(nop, Mapping):
                    self._operation(key, path, method, old_item, new_item, oop, nop)
        for path, new_item in new_paths.items():
            for method in METHODS:
                if (
                    isinstance(new_item, Mapping)
                    and method in new_item
                    and not (path in old_paths and method in (old_paths[path] or {}))
                ):
                    key = f"{method.upper()} {path}"
                    self.emit("endpoint-added", key, f"paths/{path}/{method}", f"{key} was added", ())
        self._components()
        self._security_schemes()
        return self.changes

    def _affects(self, operation: Mapping[str, Any], path: str) -> tuple[str, ...]:
        name = operation_name(path)
        op_id = operation.get("operationId")
        tags = operation.get("tags") or []
        folder = snake_case(tags[0]) if tags else "default"
        out = [f"Dezgo.{name}", f"AsyncDezgo.{name}"]
        if op_id:
            out.append(f"dezgo_api.api.{folder}.{snake_case(str(op_id))}")
        return tuple(out)

    def _operation(
        self,
        key: str,
        path: str,
        method: str,
        old_item: Mapping[str, Any],
        new_item: Mapping[str, Any],
        oop: Mapping[str, Any],
        nop: Mapping[str, Any],
    ) -> None:
        affects = self._affects(nop, path)
        base = f"paths/{path}/{method}"

        def emit(rule: str, where: str, message: str) -> None:
            self.emit(rule, key, f"{base}/{where}" if where else base, message, affects)

        if (
            oop.get("operationId") != nop.get("operationId")
            and oop.get("operationId")
            and nop.get("operationId")
        ):
            emit(
                "api-operation-id-changed",
                "operationId",
                f"operationId {oop['operationId']!r} -> {nop['operationId']!r}: the generated function is renamed",
            )
        if nop.get("deprecated") and not oop.get("deprecated"):
            emit("api-deprecated", "deprecated", "the operation was deprecated")
        self._parameters(emit, old_item, new_item, oop, nop)
        self._request_body(emit, oop.get("requestBody"), nop.get("requestBody"))
        self._responses(emit, oop.get("responses") or {}, nop.get("responses") or {})
        self._security(emit, oop, nop)

    def _schema_events(
        self, emit: Any, where: str, old: Any, new: Any, direction: str, subject: str, prefix: str = ""
    ) -> None:
        for rule, loc, msg in self.schema(old, new, direction):
            place = "/".join((where, *loc))
            names = [p for p in loc if p not in KEYWORDS and not p.startswith("oneOf[")]
            emit(rule, place, f"{prefix}{'.'.join(names) if names else subject}: {msg}")

    def _parameters(
        self,
        emit: Any,
        old_item: Mapping[str, Any],
        new_item: Mapping[str, Any],
        oop: Mapping[str, Any],
        nop: Mapping[str, Any],
    ) -> None:
        def collect(
            resolver: _Resolver, item: Mapping[str, Any], op: Mapping[str, Any]
        ) -> dict[str, Mapping[str, Any]]:
            out: dict[str, Mapping[str, Any]] = {}
            for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
                param, _ = resolver.deref(raw)
                if isinstance(param, Mapping) and param.get("in") != "cookie":
                    out[str(param.get("name"))] = param
            return out

        old, new = collect(self.ro, old_item, oop), collect(self.rn, new_item, nop)
        for name, param in new.items():
            where = f"parameters/{param.get('in')}/{name}"
            if name not in old:
                if param.get("required"):
                    emit(
                        "new-required-request-parameter",
                        where,
                        f"new required {param.get('in')} parameter {name!r}",
                    )
                else:
                    emit(
                        "new-optional-request-parameter",
                        where,
                        f"new optional {param.get('in')} parameter {name!r}",
                    )
                continue
            before = old[name]
            if before.get("in") != param.get("in"):
                emit(
                    "request-parameter-location-changed",
                    where,
                    f"{name!r} moved from {before.get('in')} to {param.get('in')}",
                )
            if param.get("required") and not before.get("required"):
                emit("request-parameter-became-required", where, f"parameter {name!r} became required")
            elif before.get("required") and not param.get("required"):
                emit("request-parameter-became-optional", where, f"parameter {name!r} became optional")
            self._schema_events(
                emit, where, before.get("schema", {}), param.get("schema", {}), "request", name
            )
        for name, param in old.items():
            if name not in new:
                emit(
                    "request-parameter-removed",
                    f"parameters/{param.get('in')}/{name}",
                    f"parameter {name!r} removed",
                )

    def _request_body(self, emit: Any, old_raw: Any, new_raw: Any) -> None:
        old, _ = self.ro.deref(old_raw) if old_raw is not None else (None, None)
        new, _ = self.rn.deref(new_raw) if new_raw is not None else (None, None)
        if old is None and new is None:
            return
        if old is None:
            if isinstance(new, Mapping) and new.get("required"):
                emit("request-body-added-required", "requestBody", "a required request body was added")
            return
        if new is None:
            emit("request-body-removed", "requestBody", "the request body was removed")
            return
        if new.get("required") and not old.get("required"):
            emit("request-body-became-required", "requestBody", "the request body became required")
        oc, nc = old.get("content") or {}, new.get("content") or {}
        for media in oc:
            if media not in nc:
                emit(
                    "request-body-media-type-removed",
                    f"requestBody/{media}",
                    f"{media} is no longer accepted",
                )
        for media, content in nc.items():
            if media in oc:
                continue
            schema_key = json.dumps(content.get("schema"), sort_keys=True)
            shares = [
                m
                for m, c in nc.items()
                if m != media and m in oc and json.dumps(c.get("schema"), sort_keys=True) == schema_key
            ]
            if shares:
                emit(
                    "request-body-media-type-added-shared-schema",
                    f"requestBody/{media}",
                    f"{media} added with the same schema as {shares[0]}: the generated client can no longer choose which body it sends",
                )
            else:
                emit("request-body-media-type-added", f"requestBody/{media}", f"{media} is now accepted")
        for media in oc:
            if media in nc:
                self._schema_events(
                    emit,
                    f"requestBody/{media}",
                    oc[media].get("schema", {}),
                    nc[media].get("schema", {}),
                    "request",
                    "body",
                    f"[{media}] ",
                )
                self._encoding(emit, media, oc[media].get("encoding") or {}, nc[media].get("encoding") or {})

    def _encoding(self, emit: Any, media: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for part in sorted(set(old) | set(new)):
            o, n = old.get(part) or {}, new.get(part) or {}
            if o.get("contentType") != n.get("contentType"):
                emit(
                    "request-part-content-type-changed",
                    f"requestBody/{media}/encoding/{part}",
                    f"part {part!r} content type {o.get('contentType')} -> {n.get('contentType')}",
                )
            if any(o.get(k) != n.get(k) for k in ("style", "explode", "headers", "allowReserved")):
                emit(
                    "request-part-encoding-changed",
                    f"requestBody/{media}/encoding/{part}",
                    f"part {part!r} encoding changed",
                )

    def _responses(self, emit: Any, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        def success(status: str) -> bool:
            return status.startswith("2") or status == "default"

        for status in old:
            if status not in new:
                rule = (
                    "response-success-status-removed"
                    if success(status)
                    else "response-non-success-status-removed"
                )
                emit(rule, f"responses/{status}", f"status {status} is no longer returned")
        for status in new:
            if status not in old:
                rule = (
                    "response-success-status-added"
                    if status.startswith("2")
                    else "response-non-success-status-added"
                )
                emit(rule, f"responses/{status}", f"status {status} may now be returned")
        for status in old:
            if status not in new:
                continue
            o, _ = self.ro.deref(old[status])
            n, _ = self.rn.deref(new[status])
            oc, nc = o.get("content") or {}, n.get("content") or {}
            for media in oc:
                if media not in nc:
                    emit(
                        "response-media-type-removed",
                        f"responses/{status}/{media}",
                        f"status {status} no longer returns {media}",
                    )
            for media in nc:
                if media not in oc:
                    emit(
                        "response-media-type-added",
                        f"responses/{status}/{media}",
                        f"status {status} may now return {media}",
                    )
                else:
                    self._schema_events(
                        emit,
                        f"responses/{status}/{media}",
                        oc[media].get("schema", {}),
                        nc[media].get("schema", {}),
                        "response",
                        "body",
                        f"[{status} {media}] ",
                    )
            self._headers(emit, status, o.get("headers") or {}, n.get("headers") or {})

    def _headers(self, emit: Any, status: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        olower = {k.lower(): self.ro.deref(v)[0] for k, v in old.items()}
        nlower = {k.lower(): self.rn.deref(v)[0] for k, v in new.items()}
        for name, header in olower.items():
            where = f"responses/{status}/headers/{name}"
            if name not in nlower:
                rule = (
                    "required-response-header-removed"
                    if header.get("required")
                    else "optional-response-header-removed"
                )
                emit(rule, where, f"header {name} is no longer sent")
                continue
            if header.get("required") and not nlower[name].get("required"):
                emit("response-header-became-optional", where, f"header {name} is no longer always sent")
            self._schema_events(
                emit, where, header.get("schema", {}), nlower[name].get("schema", {}), "response", name
            )
        for name in nlower:
            if name not in olower:
                emit(
                    "response-header-added",
                    f"responses/{status}/headers/{name}",
                    f"header {name} is now sent",
                )

    def _security(self, emit: Any, oop: Mapping[str, Any], nop: Mapping[str, Any]) -> None:
        def effective(doc: Mapping[str, Any], op: Mapping[str, Any]) -> set[frozenset[str]]:
            requirements = op.get("security", doc.get("security", [])) or []
            return {frozenset(r) for r in requirements if isinstance(r, Mapping)}

        old, new = effective(self.old, oop), effective(self.new, nop)
        if old == new:
            return
        open_before = not old or frozenset() in old
        open_now = not new or frozenset() in new
        if open_before and not open_now:
            emit("api-security-added", "security", "the operation now requires credentials")
        elif open_now and not open_before:
            emit("api-security-removed", "security", "the operation no longer requires credentials")
        elif not any(option in old for option in new):
            emit(
                "api-security-added",
                "security",
                f"the accepted credentials changed: {sorted(map(sorted, new))}",
            )

    def _security_schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name, scheme in old.items():
            if name not in new:
                self.emit(
                    "security-scheme-removed",
                    None,
                    f"components/securitySchemes/{name}",
                    f"security scheme {name!r} removed",
                    (),
                )
                continue
            keys = ("type", "in", "name", "scheme", "bearerFormat")
            if any(scheme.get(k) != new[name].get(k) for k in keys):
                before = {k: scheme.get(k) for k in keys if k in scheme}
                after = {k: new[name].get(k) for k in keys if k in new[name]}
                self.emit(
                    "security-scheme-changed",
                    None,
                    f"components/securitySchemes/{name}",
                    f"{name}: {before} -> {after}",
                    (),
                )

    def _components(self) -> None:
        old = (self.old.get("components") or {}).get("schemas") or {}
        new = (self.new.get("components") or {}).get("schemas") or {}

        def body(schema: Any) -> str:
            return json.dumps(
                {k: v for k, v in (schema or {}).items() if k not in ("title", "description")}, sort_keys=True
            )

        gone = {name: body(s) for name, s in old.items() if name not in new}
        came = {name: body(s) for name, s in new.items() if name not in old}
        for old_name, content in gone.items():
            match = next((n for n, c in came.items() if c == content), None)
            if match is not None:
                self.emit(
                    "schema-renamed",
                    None,
                    f"components/schemas/{old_name}",
                    f"schema {old_name!r} renamed to {match!r}: the generated model class is renamed",
                    (f"dezgo_api.models.{snake_case(old_name)}",),
                )
        for name, schema in old.items():
            if (
                name in new
                and isinstance(schema, Mapping)
                and isinstance(new[name], Mapping)
                and schema.get("title")
                and new[name].get("title")
                and schema["title"] != new[name]["title"]
            ):
                self.emit(
                    "schema-title-changed",
                    None,
                    f"components/schemas/{name}/title",
                    f"title {schema['title']!r} -> {new[name]['title']!r}: the generated model class may be renamed",
                    (f"dezgo_api.models.{snake_case(name)}",),
                )


def diff_specs(
    old: Mapping[str, Any], new: Mapping[str, Any], *, old_name: str = "old", new_name: str = "new"
) -> DiffReport:
    """Every change from ``old`` to ``new``, judged for a client of this SDK."""
    changes = _Differ(old, new).run()
    unique: dict[tuple[str, str | None, str, str], Change] = {}
    for change in changes:
        unique.setdefault((change.id, change.operation, change.location, change.message), change)
    order = {"breaking": 0, "warning": 1, "info": 2}
    ordered = sorted(unique.values(), key=lambda c: (order[c.level], c.operation or "", c.location, c.id))
    return DiffReport(old_name, new_name, tuple(ordered))
