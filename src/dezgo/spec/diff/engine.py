"""The diff itself: match paths, operations and webhooks of two specs, compare them, report each change once.

Paths that differ only in their parameter names (``/books/{bookId}`` and
``/books/{id}``) are the same path: the operation is compared, and the renamed
parameter is reported as such rather than as a removed path.

Findings are grouped before they become ``Change``s: one logical change that
shows up in several media types of a body, or in several statuses, is one
``Change`` listing every location (RFC 6901 JSON Pointers) and media type it
affects. A pointer leads into the new document, or into the old one for
something that was removed; each ``Change`` carries both pointers, into the
old document and into the new one, where they exist. The rules about whole
paths, webhooks, components, servers and security schemes are defined here,
beside the code that finds them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from dezgo._spec.document import pointer
from dezgo._spec.naming import operation_name, snake_case
from dezgo.spec._stack import deep_recursion
from dezgo.spec.diff.model import Change, DiffReport, Direction, Level, Place, Side
from dezgo.spec.diff.operation import (
    ITEM,
    METHODS,
    SECURITY_NOTE,
    OperationDiff,
    as_map,
    path_parameters,
    sunset_of,
    template,
)
from dezgo.spec.diff.registry import Rule, rule
from dezgo.spec.diff.schema import SchemaDiff

__all__ = ["diff_specs"]

B, W, N = Level.BREAKING, Level.WARNING, Level.INFO
REQ, NONE = Direction.REQUEST, Direction.NONE

_REMOVED_WITH_DEPRECATION = (
    "oasdiff: INFO. "
    "The generated function and the facade method disappear, so calls still fail; the deprecation only warned callers, hence a warning rather than nothing."
)
API_PATH_REMOVED_WITHOUT_DEPRECATION = rule(
    "api-path-removed-without-deprecation",
    B,
    NONE,
    "a path was removed without being deprecated first",
    side=Side.OLD,
)
API_PATH_REMOVED_BEFORE_SUNSET = rule(
    "api-path-removed-before-sunset",
    B,
    NONE,
    "a path was removed before its announced x-sunset date",
    side=Side.OLD,
)
API_PATH_REMOVED_WITH_DEPRECATION = rule(
    "api-path-removed-with-deprecation",
    W,
    NONE,
    "a path was removed after being deprecated",
    note=_REMOVED_WITH_DEPRECATION,
    side=Side.OLD,
)
API_REMOVED_WITHOUT_DEPRECATION = rule(
    "api-removed-without-deprecation",
    B,
    NONE,
    "an operation was removed without being deprecated first",
    side=Side.OLD,
)
API_REMOVED_BEFORE_SUNSET = rule(
    "api-removed-before-sunset",
    B,
    NONE,
    "an operation was removed before its announced x-sunset date",
    side=Side.OLD,
)
API_REMOVED_WITH_DEPRECATION = rule(
    "api-removed-with-deprecation",
    W,
    NONE,
    "an operation was removed after being deprecated",
    note=_REMOVED_WITH_DEPRECATION,
    side=Side.OLD,
)
ENDPOINT_ADDED = rule("endpoint-added", N, NONE, "a new operation")
WEBHOOK_ADDED = rule("webhook-added", N, NONE, "a new webhook")
WEBHOOK_REMOVED = rule(
    "webhook-removed", B, NONE, "a webhook was removed: receivers no longer get it", side=Side.OLD
)
SCHEMA_RENAMED = rule(
    "schema-renamed",
    B,
    NONE,
    "a component schema was renamed with the same content: the generated class is renamed",
    sdk_only=True,
    note="oasdiff compares $refs by value and reports nothing.",
    side=Side.OLD,
)
SCHEMA_TITLE_CHANGED = rule(
    "schema-title-changed",
    B,
    NONE,
    "a component schema's title changed: the generated class is renamed",
    sdk_only=True,
    note="oasdiff reports nothing (annotation).",
)
API_SERVER_REMOVED = rule(
    "api-server-removed",
    W,
    NONE,
    "a server URL was removed",
    note="oasdiff has no server rules.",
    side=Side.OLD,
)
API_SERVER_ADDED = rule("api-server-added", N, NONE, "a server URL was added")
SECURITY_SCHEME_CHANGED = rule(
    "security-scheme-changed",
    B,
    REQ,
    "a security scheme changed (type, header name, location, URLs)",
    note=SECURITY_NOTE,
)
SECURITY_SCHEME_REMOVED = rule(
    "security-scheme-removed",
    B,
    REQ,
    "a security scheme was removed",
    note=SECURITY_NOTE,
    side=Side.OLD,
)

# whole path? -> (removed without deprecation, before its sunset, after its deprecation)
_REMOVED = {
    True: (
        API_PATH_REMOVED_WITHOUT_DEPRECATION,
        API_PATH_REMOVED_BEFORE_SUNSET,
        API_PATH_REMOVED_WITH_DEPRECATION,
    ),
    False: (API_REMOVED_WITHOUT_DEPRECATION, API_REMOVED_BEFORE_SUNSET, API_REMOVED_WITH_DEPRECATION),
}


class _Finding:
    __slots__ = ("affects", "locations", "media", "message", "new", "old", "operation", "place", "rule")

    def __init__(
        self,
        found: Rule,
        operation: str | None,
        message: str,
        affects: tuple[str, ...],
        old: str | None,
        new: str | None,
        place: Place | None,
    ) -> None:
        self.rule, self.operation, self.message, self.affects = found, operation, message, affects
        self.old, self.new, self.place = old, new, place
        self.locations: list[str] = []
        self.media: list[str] = []


class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any], today: datetime.date) -> None:
        self.old, self.new, self.today = old, new, today
        self.schemas = SchemaDiff(old, new)
        self.operations = OperationDiff(self.schemas, old, new)
        self.findings: dict[Any, _Finding] = {}

    def emit(
        self,
        found: Rule,
        operation: str | None,
        location: str,
        message: str,
        affects: tuple[str, ...] = (),
        *,
        media: str | None = None,
        group: Any = None,
        old: str | None = None,
        new: str | None = None,
        place: Place | None = None,
    ) -> None:
        """One finding; ``location`` is in the document of the rule's side, ``old``/``new`` default to it."""
        if found.side is Side.OLD:
            old = location if old is None else old
        else:
            new = location if new is None else new
        key = (found.id, operation, group if group is not None else (location, message))
        finding = self.findings.get(key)
        if finding is None:
            finding = self.findings[key] = _Finding(found, operation, message, affects, old, new, place)
        if location not in finding.locations:
            finding.locations.append(location)
        if media is not None and media not in finding.media:
            finding.media.append(media)

    # -- paths, operations, webhooks -----------------------------------------------------------------

    def run(self) -> None:
        self._items("paths", as_map(self.old.get("paths")), as_map(self.new.get("paths")), flipped=False)
        self._items(
            "webhooks", as_map(self.old.get("webhooks")), as_map(self.new.get("webhooks")), flipped=True
        )
        self._components()
        self._security_schemes()
        self._servers()

    def _match(self, old: Mapping[str, Any], new: Mapping[str, Any], by_template: bool) -> dict[str, str]:
        """Old key -> new key: the same key, else (paths only) the same template when that is unambiguous."""
        matched = {k: k for k in old if k in new}
        if not by_template:
            return matched
        templates: dict[str, list[str]] = {}
        for key in new:
            if key not in old:
                templates.setdefault(template(key), []).append(key)
        olds: dict[str, list[str]] = {}
        for key in old:
            if key not in new:
                olds.setdefault(template(key), []).append(key)
        for shape, keys in olds.items():
            if len(keys) == 1 and len(templates.get(shape, [])) == 1:
                matched[keys[0]] = templates[shape][0]
        return matched

    def _items(self, section: str, old: Mapping[str, Any], new: Mapping[str, Any], *, flipped: bool) -> None:
        paths = section == "paths"
        matched = self._match(old, new, by_template=paths)
        ro, rn = self.schemas.ro, self.schemas.rn
        for old_key, raw_old in old.items():
            old_item = as_map(ro.deref(raw_old)[0])
            new_key = matched.get(old_key)
            if new_key is None:
                self._removed_item(section, old_key, old_item, flipped)
                continue
            new_item = as_map(rn.deref(new[new_key])[0])
            renamed = (
                dict(zip(path_parameters(old_key), path_parameters(new_key), strict=False)) if paths else {}
            )
            for method in METHODS:
                oop, nop = old_item.get(method), new_item.get(method)
                key = self._key(section, method, new_key)
                if isinstance(oop, Mapping) and not isinstance(nop, Mapping):
                    self._removed_operation(section, key, (section, old_key, method), oop, old_key, flipped)
                elif isinstance(oop, Mapping) and isinstance(nop, Mapping):
                    self._operation(
                        section, key, old_key, new_key, method, old_item, new_item, oop, nop, renamed, flipped
                    )
        for new_key, raw_new in new.items():
            new_item = as_map(rn.deref(raw_new)[0])
            source = next((o for o, n in matched.items() if n == new_key), None)
            old_item = as_map(ro.deref(old[source])[0]) if source is not None else {}
            for method in METHODS:
                if isinstance(new_item.get(method), Mapping) and not isinstance(
                    old_item.get(method), Mapping
                ):
                    key = self._key(section, method, new_key)
                    added = WEBHOOK_ADDED if flipped else ENDPOINT_ADDED
                    self.emit(added, key, pointer(section, new_key, method), f"{key} was added")

    @staticmethod
    def _key(section: str, method: str, path: str) -> str:
        return f"{method.upper()} {path}" if section == "paths" else f"webhook {path} {method.upper()}"

    def _removed_item(self, section: str, path: str, item: Mapping[str, Any], flipped: bool) -> None:
        ops = [(m, item[m]) for m in METHODS if isinstance(item.get(m), Mapping)]
        for method, op in ops:
            key = self._key(section, method, path)
            if flipped:
                self.emit(
                    WEBHOOK_REMOVED,
                    key,
                    pointer(section, path, method),
                    f"{key} was removed: it is no longer sent",
                )
                continue
            self._removed_operation(section, key, (section, path), op, path, flipped, whole_path=True)

    def _removed_operation(
        self,
        section: str,
        key: str,
        tokens: tuple[str, ...],
        op: Mapping[str, Any],
        path: str,
        flipped: bool,
        *,
        whole_path: bool = False,
    ) -> None:
        if flipped:
            self.emit(WEBHOOK_REMOVED, key, pointer(*tokens), f"{key} was removed: it is no longer sent")
            return
        undeprecated, early, after = _REMOVED[whole_path]
        sunset = sunset_of(op)
        if op.get("deprecated") is not True:
            found, why = undeprecated, "without being deprecated first"
        elif sunset is not None and sunset > self.today:
            found, why = early, f"before its announced sunset {sunset}"
        else:
            found, why = after, "after its deprecation"
        self.emit(found, key, pointer(*tokens), f"{key} was removed {why}", self._affects(op, path))

    def _operation(
        self,
        section: str,
        key: str,
        old_key: str,
        new_key: str,
        method: str,
        old_item: Mapping[str, Any],
        new_item: Mapping[str, Any],
        oop: Mapping[str, Any],
        nop: Mapping[str, Any],
        renamed: dict[str, str],
        flipped: bool,
    ) -> None:
        affects = () if flipped else self._affects(nop, new_key)

        def at(path: str, tokens: tuple[str, ...]) -> str:
            if tokens and tokens[0] == ITEM:
                return pointer(section, path, *tokens[1:])
            return pointer(section, path, method, *tokens)

        def emit(
            found: Rule,
            tokens: tuple[str, ...],
            message: str,
            *,
            media: str | None = None,
            group: Any = None,
            old_tokens: tuple[str, ...] | None = None,
            place: Place | None = None,
        ) -> None:
            old = at(old_key, tokens if old_tokens is None else old_tokens)
            new = at(new_key, tokens)
            where = old if found.side is Side.OLD else new
            self.emit(
                found, key, where, message, affects, media=media, group=group, old=old, new=new, place=place
            )

        self.operations.compare(emit, old_item, new_item, oop, nop, renamed=renamed, flipped=flipped)

    def _affects(self, operation: Mapping[str, Any], path: str) -> tuple[str, ...]:
        name = operation_name(path)
        op_id = operation.get("operationId")
        tags = operation.get("tags")
        folder = snake_case(str(tags[0])) if isinstance(tags, list) and tags else "default"
        out = [f"Dezgo.{name}", f"AsyncDezgo.{name}"]
        if op_id:
            out.append(f"dezgo_api.api.{folder}.{snake_case(str(op_id))}")
        return tuple(out)

    # -- document-wide -------------------------------------------------------------------------------

    def _security_schemes(self) -> None:
        old = as_map(as_map(self.old.get("components")).get("securitySchemes"))
        new = as_map(as_map(self.new.get("components")).get("securitySchemes"))
        for name, raw in old.items():
            where = pointer("components", "securitySchemes", name)
            if name not in new:
                self.emit(SECURITY_SCHEME_REMOVED, None, where, f"security scheme {name!r} removed")
                continue
            scheme, after = as_map(raw), as_map(new[name])
            keys = ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
            flows = _flow_urls(scheme) != _flow_urls(after)
            if flows or any(scheme.get(k) != after.get(k) for k in keys):
                before = {k: scheme.get(k) for k in keys if k in scheme}
                now = {k: after.get(k) for k in keys if k in after}
                what = f"{before} -> {now}" if before != now else "OAuth flow URLs changed"
                self.emit(SECURITY_SCHEME_CHANGED, None, where, f"{name}: {what}", old=where)

    def _servers(self) -> None:
        def urls(doc: Mapping[str, Any]) -> list[str]:
            servers = doc.get("servers")
            return [str(as_map(s).get("url")) for s in servers] if isinstance(servers, list) else []

        old, new = urls(self.old), urls(self.new)
        for index, url in enumerate(old):
            if url not in new:
                self.emit(API_SERVER_REMOVED, None, pointer("servers", str(index)), f"server {url} removed")
        for index, url in enumerate(new):
            if url not in old:
                self.emit(API_SERVER_ADDED, None, pointer("servers", str(index)), f"server {url} added")

    def _components(self) -> None:
        old = as_map(as_map(self.old.get("components")).get("schemas"))
        new = as_map(as_map(self.new.get("components")).get("schemas"))

        def body(schema: Any) -> str:
            return json.dumps(
                {k: v for k, v in as_map(schema).items() if k not in ("title", "description")},
                sort_keys=True,
                default=str,
            )

        came = {name: body(s) for name, s in new.items() if name not in old}
        for old_name, schema in old.items():
            if old_name in new:
                continue
            content = body(schema)
            match = next((n for n, c in came.items() if c == content), None)
            if match is not None:
                self.emit(
                    SCHEMA_RENAMED,
                    None,
                    pointer("components", "schemas", old_name),
                    f"schema {old_name!r} renamed to {match!r}: the generated model class is renamed",
                    (f"dezgo_api.models.{snake_case(old_name)}",),
                    new=pointer("components", "schemas", match),
                )
        for name, schema in old.items():
            before, after = as_map(schema).get("title"), as_map(new.get(name)).get("title")
            if name in new and before and after and before != after:
                self.emit(
                    SCHEMA_TITLE_CHANGED,
                    None,
                    pointer("components", "schemas", name, "title"),
                    f"title {before!r} -> {after!r}: the generated model class may be renamed",
                    (f"dezgo_api.models.{snake_case(name)}",),
                )


def _flow_urls(scheme: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    flows = as_map(scheme.get("flows"))
    return sorted(
        (name, as_map(flow).get("tokenUrl"), as_map(flow).get("authorizationUrl"))
        for name, flow in flows.items()
    )


def diff_specs(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    old_name: str = "old",
    new_name: str = "new",
    today: datetime.date | None = None,
) -> DiffReport:
    """Every change from ``old`` to ``new``, judged for a client of this SDK.

    Both documents must be self-contained (``$ref``s to other files already
    brought in by ``dezgo.spec.loading.load_document``); a ``$ref`` that does
    not resolve raises SpecError. ``today`` decides whether a sunset date has
    passed (default: the current UTC date).
    """
    differ = _Differ(old, new, today or datetime.datetime.now(datetime.timezone.utc).date())
    with deep_recursion():
        differ.run()
    changes = [
        Change(
            finding.rule,
            finding.rule.level,
            finding.operation,
            finding.message,
            finding.old,
            finding.new,
            finding.affects,
            locations=tuple(finding.locations),
            media_types=tuple(finding.media),
            place=finding.place,
        )
        for finding in differ.findings.values()
    ]
    changes.sort(key=lambda c: (c.level.rank, c.operation or "", c.location, c.id))
    return DiffReport(old_name, new_name, tuple(changes))
