"""The spec's operations as typed records: the one source of truth.

The facade (method names, keyword arguments, local validation), the simulator
(routes, fields, content types) and the command line (sub-commands, options)
all read these records instead of keeping lists of their own, so a change to
the pinned spec reaches all of them at once.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from dezgo._constants import AMOUNT_HEADER, SEED_HEADER
from dezgo._spec.document import Document, resolve_schema
from dezgo._spec.effective import pinned_effective
from dezgo._spec.naming import operation_name, python_name
from dezgo.errors import SpecError

__all__ = [
    "BILLING_KEY",
    "NO_DEFAULT",
    "Expect",
    "Operation",
    "Param",
    "by_name",
    "operations",
    "pinned_operations",
]

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
BILLING_KEY = "x-dezgo-billing"
"""The operation extension our overlay sets to ``free`` on the operations known to cost nothing."""


class Expect(enum.Enum):
    """What a success answer is expected to be. The wire decides in the end (``dezgo._results``);
    this says what the facade's return type, the simulator and the command line prepare for."""

    IMAGE = "image"
    VIDEO = "video"
    JSON = "json"


class _NoDefault:
    _instance: _NoDefault | None = None

    def __new__(cls) -> _NoDefault:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_DEFAULT"

    def __bool__(self) -> bool:
        return False


NO_DEFAULT: Any = _NoDefault()
"""The marker for a parameter whose schema declares no default."""


def _plain_number(value: Any) -> Any:
    """``1024.0`` as ``1024`` (pydantic writes integer bounds as floats)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@attrs.frozen
class Param:
    """One argument of an operation: a body property or a path/query parameter."""

    name: str
    """The wire name, as in the spec."""
    python_name: str
    """The keyword argument name (the wire name, made a valid identifier)."""
    location: Literal["body", "path", "query", "header"]
    schema: Mapping[str, Any]
    """The resolved JSON-variant schema (base64 text for images)."""
    required: bool
    is_image: bool
    description: str
    media_types: tuple[str, ...]
    """The request media types whose body has this property (body params only)."""

    @property
    def default(self) -> Any:
        return self.schema.get("default", NO_DEFAULT)

    @functools.cached_property
    def value_schema(self) -> Mapping[str, Any]:
        """The schema of a non-null value (see :func:`_value_schema`): help texts, enums and limits
        read this; validation reads the whole schema."""
        return _value_schema(self.schema)

    @property
    def type(self) -> str:
        """``string``, ``integer``, ``number``, ``boolean``, ``array`` or ``object``."""
        if self.is_image:
            return "image"
        declared = self.value_schema.get("type")
        if isinstance(declared, list):
            non_null = [t for t in declared if t != "null"]
            return str(non_null[0]) if non_null else "null"
        if isinstance(declared, str):
            return declared
        for key in ("anyOf", "oneOf"):
            for option in self.schema.get(key, []):
                if isinstance(option, dict) and option.get("type") not in (None, "null"):
                    return str(option["type"])
        return "string"

    @property
    def limits(self) -> tuple[str, ...]:
        """The schema's limits in words (``320 to 1024``, ``a multiple of 8``): help texts say each once."""
        schema = {k: _plain_number(v) for k, v in self.value_schema.items()}
        bits: list[str] = []
        if "minimum" in schema and "maximum" in schema:
            bits.append(f"{schema['minimum']} to {schema['maximum']}")
        elif "minimum" in schema:
            bits.append(f"at least {schema['minimum']}")
        elif "maximum" in schema:
            bits.append(f"at most {schema['maximum']}")
        if "multipleOf" in schema:
            bits.append(f"a multiple of {schema['multipleOf']}")
        if "maxLength" in schema:
            noun = "character" if schema["maxLength"] == 1 else "characters"
            bits.append(f"at most {schema['maxLength']} {noun}")
        return tuple(bits)

    @property
    def allows_null(self) -> bool:
        """The schema accepts ``null`` (3.0 ``nullable``, a 3.1 type list, or a null variant)."""
        schema = self.schema
        declared = schema.get("type")
        if schema.get("nullable") or (isinstance(declared, list) and "null" in declared):
            return True
        return any(
            isinstance(option, Mapping) and option.get("type") == "null"
            for key in ("anyOf", "oneOf")
            for option in schema.get(key, ())
        )

    @property
    def enum(self) -> tuple[Any, ...] | None:
        values = self.value_schema.get("enum")
        return tuple(values) if isinstance(values, list) else None


@attrs.frozen
class Operation:
    """One operation of the spec, with what every consumer needs to know about it."""

    name: str
    """The facade method name: the path in snake_case (``/text-inpainting`` -> ``text_inpainting``)."""
    method: str
    """Upper-case HTTP method."""
    path: str
    operation_id: str
    summary: str
    description: str
    params: tuple[Param, ...]
    request_media_types: tuple[str, ...]
    body_schemas: Mapping[str, Mapping[str, Any]]
    """Media type -> the resolved body schema."""
    body_required: bool
    success_status: str
    response_media_types: tuple[str, ...]
    response_headers: Mapping[str, Mapping[str, Any]]
    requires_auth: bool
    deprecated: bool
    tags: tuple[str, ...] = ()
    response_json_schema: Mapping[str, Any] | None = None
    """The resolved schema of the success response's ``application/json`` body, if it says anything."""
    known_free: bool = False
    """Our overlay says the operation costs nothing (``x-dezgo-billing: free``)."""

    @property
    def free(self) -> bool:
        """Known to cost nothing: a GET that our overlay lists as free. Only then is a call not
        counted against a budget, and its failures never "maybe charged"; an operation is
        never free because a document fails to declare billing headers."""
        return self.known_free and self.method == "GET"

    @property
    def paid(self) -> bool:
        return not self.free

    @property
    def bills_every_success(self) -> bool:
        """The success response declares the billing headers: a success without them is still a
        charge (of unknown amount), not proof that no job ran."""
        return AMOUNT_HEADER in self.response_headers

    @property
    def media_declared(self) -> bool:
        """The success response declares an image or a video (not only inferred from silence)."""
        return any(
            mt.startswith(("image/", "video/", "application/octet-stream"))
            for mt in self.response_media_types
        )

    @property
    def seeded(self) -> bool:
        return SEED_HEADER in self.response_headers

    @functools.cached_property
    def expects(self) -> Expect:
        """Video or image when the success response declares it; JSON when it declares a JSON
        schema that says something; otherwise (FastAPI's ``application/json: {schema: {}}``
        for an endpoint that returns a raw ``Response``, or nothing at all) an image for a
        paid operation, since that is what a job answers, and JSON for a free one."""
        types = self.response_media_types
        if any(mt.startswith("video/") for mt in types):
            return Expect.VIDEO
        if any(mt.startswith(("image/", "application/octet-stream")) for mt in types):
            return Expect.IMAGE
        if self.response_json_schema is not None or self.free:
            return Expect.JSON
        return Expect.IMAGE

    @property
    def returns_media(self) -> bool:
        """A success is expected to be raw bytes (an image or a video), not JSON."""
        return self.expects is not Expect.JSON

    @property
    def may_answer_job(self) -> bool:
        """Besides media, the success response declares a JSON body (a job ticket to poll)."""
        return self.returns_media and self.response_json_schema is not None

    @functools.cached_property
    def image_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.is_image)

    @functools.cached_property
    def body_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "body")

    @functools.cached_property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @functools.cached_property
    def body_defaults(self) -> Mapping[str, Any]:
        """Wire name -> the spec's default, for the body parameters that declare one."""
        return {p.name: p.default for p in self.body_params if p.default is not NO_DEFAULT}

    @property
    def cli_name(self) -> str:
        """The sub-command name: the path's own spelling (``remove-background``)."""
        return self.name.replace("_", "-")

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name or param.python_name == name:
                return param
        raise KeyError(name)


def _value_schema(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """For pydantic's ``X | None`` (``anyOf [X, null]``) the one non-null variant with the outer
    keywords (title, default) around it, else the schema itself."""
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if not isinstance(options, list):
            continue
        values = [o for o in options if isinstance(o, Mapping) and o.get("type") != "null"]
        if len(values) == 1:
            outer = {k: v for k, v in schema.items() if k != key}
            return {**values[0], **outer}
    return schema


def _is_binary(schema: Mapping[str, Any]) -> bool:
    """A file: ``format: binary`` (OpenAPI 3.0) or ``contentMediaType`` (3.1, FastAPI), alone or as
    the value of an optional."""
    schema = _value_schema(schema)
    return schema.get("format") == "binary" or (
        "contentMediaType" in schema and schema.get("type") == "string"
    )


def _is_base64(schema: Mapping[str, Any]) -> bool:
    schema = _value_schema(schema)
    return schema.get("format") == "byte" or schema.get("contentEncoding") == "base64"


def _body_params(body_schemas: Mapping[str, Mapping[str, Any]]) -> list[Param]:
    # Fields in the order of the JSON variant (the default encoding), then any that
    # only another media type has. An image is a binary part in one variant or base64
    # text in another.
    order = sorted(body_schemas, key=lambda mt: (mt != "application/json", mt))
    seen: dict[str, dict[str, Any]] = {}
    for media_type in order:
        schema = body_schemas[media_type]
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            entry = seen.setdefault(
                name, {"schema": None, "required": False, "image": False, "media": [], "description": ""}
            )
            if entry["schema"] is None or (media_type == "application/json"):
                entry["schema"] = prop
            entry["required"] = entry["required"] or name in required
            entry["image"] = entry["image"] or _is_binary(prop) or _is_base64(prop)
            entry["media"].append(media_type)
            entry["description"] = entry["description"] or prop.get("description", "")
    out = []
    for name, entry in seen.items():
        out.append(
            Param(
                name=name,
                python_name=python_name(name),
                location="body",
                schema=entry["schema"],
                required=entry["required"],
                is_image=entry["image"],
                description=entry["description"],
                media_types=tuple(entry["media"]),
            )
        )
    return out


def _success(responses: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    for status in sorted(responses):
        if status.startswith("2"):
            return status, responses[status]
    if "default" in responses:
        return "default", responses["default"]
    return "200", {}


def _build(doc: Document, path: str, method: str, raw: Mapping[str, Any], path_level: list[Any]) -> Operation:
    op = resolve_schema(doc, dict(raw))
    params: list[Param] = []
    declared = {(p.get("name"), p.get("in")): p for p in resolve_schema(doc, path_level)}
    declared.update({(p.get("name"), p.get("in")): p for p in op.get("parameters", [])})
    for (name, location), parameter in declared.items():
        if location not in ("path", "query", "header"):
            continue
        params.append(
            Param(
                name=str(name),
                python_name=python_name(str(name)),
                location=location,
                schema=parameter.get("schema", {}),
                required=bool(parameter.get("required", location == "path")),
                is_image=False,
                description=str(parameter.get("description", "")),
                media_types=(),
            )
        )
    body = op.get("requestBody", {})
    body_schemas = {mt: media.get("schema", {}) for mt, media in body.get("content", {}).items()}
    params.extend(_body_params(body_schemas))
    status, success = _success(op.get("responses", {}))
    security = op.get("security", doc.get("security", []))
    return Operation(
        name=operation_name(path),
        method=method.upper(),
        path=path,
        operation_id=str(op.get("operationId") or re.sub(r"\W", "_", f"{method}{path}")),
        summary=str(op.get("summary", "")),
        description=str(op.get("description", "")),
        params=tuple(params),
        request_media_types=tuple(body_schemas),
        body_schemas=body_schemas,
        body_required=bool(body.get("required", False)),
        success_status=status,
        response_media_types=tuple(success.get("content", {})),
        response_headers={k.lower(): v for k, v in success.get("headers", {}).items()},
        requires_auth=bool(security) and any(bool(req) for req in security),
        deprecated=bool(op.get("deprecated", False)),
        tags=tuple(str(t) for t in op.get("tags", [])),
        response_json_schema=_json_schema(success.get("content", {})),
        known_free=op.get(BILLING_KEY) == "free",
    )


_SAYS_NOTHING = frozenset({"title", "description", "examples", "example", "$comment"})


def _json_schema(content: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The success JSON schema when it says something: ``{}`` (any JSON, or a raw response) says nothing."""
    for media_type, media in content.items():
        base = media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            schema = media.get("schema") if isinstance(media, Mapping) else None
            if isinstance(schema, Mapping) and any(
                k not in _SAYS_NOTHING and not k.startswith("x-") for k in schema
            ):
                return schema
    return None


def operations(doc: Document) -> tuple[Operation, ...]:
    """Every operation of ``doc``, in spec order, with unique names."""
    out: list[Operation] = []
    for path, item in doc.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        methods = [m for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        for method in methods:
            operation = _build(doc, path, method, item[method], item.get("parameters", []))
            if len(methods) > 1 and method not in ("post", "get"):
                operation = attrs.evolve(operation, name=f"{operation.name}_{method}")
            elif len(methods) > 1 and method == "get" and "post" in methods:
                operation = attrs.evolve(operation, name=f"get_{operation.name}")
            out.append(operation)
    names = [op.name for op in out]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SpecError(f"operations share a name: {sorted(duplicates)}")
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _pinned(spec_id: int) -> tuple[Operation, ...]:
    return operations(pinned_effective().spec)


def pinned_operations() -> tuple[Operation, ...]:
    """The effective spec's operations (parsed once per effective spec)."""
    return _pinned(id(pinned_effective().spec))


def by_name(ops: tuple[Operation, ...]) -> dict[str, Operation]:
    return {op.name: op for op in ops}
