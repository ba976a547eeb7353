"""The simulator's ASGI application, built from the pinned spec at start-up.

Routes, fields, enums, ranges and content types all come from
``dezgo.spec.operations``: an operation added to the spec is served without a
code change (with a generic image, or a JSON body built from its schema).
What the simulator adds is behaviour: auth, billing, images that depend on the
request, and injected faults.

It refuses what the service refuses, in the service's order, before any
billing: a body over the size limit (413, while it streams; ``frontend``),
a body the schema refuses at S/H/M evidence (422; ``validation``), an
unknown model or an image that does not decode (400), and only then a
balance too low for the job (402). It is as lenient as the service where the
evidence says so: lax coercion, L/G constraints, GET with a body and
doubled slashes (``frontend``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from starlette.requests import Request

from dezgo._constants import (
    AMOUNT_HEADER,
    BALANCE_HEADERS,
    INDEX_HEADER,
    JOB_ID_HEADER,
    KEY_HEADER,
    RAPIDAPI_HOST,
    RAPIDAPI_HOST_HEADER,
    RAPIDAPI_KEY_HEADER,
    SEED_HEADER,
    USER_HEADER,
)
from dezgo._spec import (
    Expect,
    Operation,
    effective_spec_of,
    operations,
    pinned_document_path,
    pinned_effective,
    resolve_schema,
)
from dezgo.spec.loading import load_document
from dezgo.testing import render
from dezgo.testing.catalogue import catalogue_json, native_size
from dezgo.testing.faults import Fault, FaultPlan
from dezgo.testing.frontend import GET_WITH_BODY, MAX_BODY_BYTES, normalise_path
from dezgo.testing.pricing import price_of
from dezgo.testing.state import Account, SimState
from dezgo.testing.validation import BadRequest, Rejected, check_images, check_model, error, validate_body

__all__ = ["SimulatorApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

RENDER_SIDES = (8, 4096)
"""The smallest and largest side the simulator renders: a size that only a weak (L/G) limit
forbids is accepted and billed as asked, but drawn within these bounds."""


class _BadBody(Exception):
    """A body that cannot be parsed at all: FastAPI answers 400."""


class _TooLarge(Exception):
    """The body passed the size limit: 413, without reading the rest of it."""


class _LimitedReceive:
    """The ASGI ``receive`` of one request, counting body bytes and stopping at the limit.

    The body is refused while it streams: no more than ``limit`` bytes are ever read.
    """

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self.limit = limit
        self.seen = 0

    async def __call__(self) -> Message:
        message = await self._receive()
        if message.get("type") == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                raise _TooLarge
        return message


class _Drop(Exception):
    """Close the TCP connection without (or in the middle of) a response."""


def _json_bytes(payload: Any) -> bytes:
    """JSON with Decimals written as exact numbers (json would go through float)."""
    marks: dict[str, str] = {}

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            key = f"@@decimal{len(marks)}@@"
            marks[key] = format(value, "f")
            return key
        raise TypeError(type(value).__name__)

    text = json.dumps(payload, default=default, separators=(",", ":"))
    for key, number in marks.items():
        text = text.replace(f'"{key}"', number)
    return text.encode()


def _example(schema: Any) -> Any:
    """A minimal value valid against ``schema``, for operations the simulator has no behaviour for."""
    if not isinstance(schema, dict):
        return None
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return _example(schema[key][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: _example(props.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "sim"


def _drawn(size: tuple[int, int]) -> tuple[int, int]:
    low, high = RENDER_SIDES
    return (min(max(size[0], low), high), min(max(size[1], low), high))


def _render_job(
    op: Operation,
    args: dict[str, Any],
    images: dict[str, Any],
    source: Any,
    size: tuple[int, int],
    digest: bytes,
    fmt: str,
) -> tuple[bytes, str]:
    """The result of one job: an image derived from the request (or a token video).

    ``images`` are the decoded inputs by field; ``size`` is drawn within ``RENDER_SIDES``.
    """
    size = _drawn(size)
    if op.expects is Expect.VIDEO:
        return render.token_video(size[0], size[1], digest), "video/mp4"
    if op.name == "remove_background" and source is not None:
        cut = source.convert("RGBA").resize(size)
        cut.putalpha(render.subject_mask(size[0], size[1], digest))
        return render.encode(cut, fmt)
    if source is not None and "mask_image" in images:
        base = source.convert("RGB").resize(size)
        mask = images["mask_image"].convert("L").resize(size)
        base.paste(render.render(size[0], size[1], digest), (0, 0), mask)
        return render.encode(base, fmt)
    if source is not None:
        strength = float(args.get("strength", 0.5)) if op.name != "upscale" else 0.0
        return render.encode(render.derive(source, size, digest, strength), fmt)
    return render.encode(render.render(size[0], size[1], digest), fmt)


class _Route:
    def __init__(self, op: Operation) -> None:
        self.op = op
        pattern = re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(op.path))
        self.regex = re.compile(f"^{pattern}$")


class SimulatorApp:
    """An ASGI app that behaves like the Dezgo service, as the pinned spec describes it."""

    def __init__(
        self,
        state: SimState,
        faults: FaultPlan,
        *,
        spec_path: str | Path | None = None,
        seed: int = 0,
        async_jobs: bool = False,
        strict: bool = False,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.strict = strict
        self.max_body_bytes = max_body_bytes
        # Served as the service serves it (GET /openapi.json); run as the effective spec, our
        # overlay applied, like the SDK.
        self.spec_path = Path(spec_path) if spec_path else pinned_document_path()
        self.spec_bytes = self.spec_path.read_bytes()
        self.spec = (
            effective_spec_of(load_document(self.spec_path)).spec if spec_path else pinned_effective().spec
        )
        self.operations = operations(self.spec)
        self.routes = [_Route(op) for op in self.operations]
        self.state = state
        self.faults = faults
        self.seed = seed
        self.async_jobs = async_jobs
        self._seed_counter = 0
        self.jobs: dict[str, bytes] = {}
        self._schemas = {
            op.name: resolve_schema(self.spec, self.spec["paths"][op.path][op.method.lower()])
            for op in self.operations
        }

    # -- ASGI ---------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        # uvicorn's send is a bound method of its RequestResponseCycle, which owns the TCP
        # transport: the only way, from inside an app, to drop a connection like a crashed proxy.
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            # uvicorn writes the headers and the body separately; without TCP_NODELAY the body
            # waits ~40 ms for the client's delayed ACK (Nagle), on every response.
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await self._dispatch(scope, receive, send)
        except _Drop:
            if transport is not None:
                transport.close()
            else:  # not under uvicorn: the best we can do is an abrupt end of the response
                raise

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, method = normalise_path(scope["path"]), scope["method"]
        scope = {**scope, "path": path}
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send)
            return
        request = Request(scope, _LimitedReceive(receive, self.max_body_bytes))
        if method == "GET" and path == "/openapi.json":
            await self._respond(send, 200, self.spec_bytes, {"content-type": "application/json"})
            return
        if method == "GET" and path.startswith("/unstable/files/"):
            data = self.jobs.get(path.rsplit("/", 1)[1])
            if data is None:
                await self._json(send, 404, {"detail": "Not Found"})
            else:
                await self._respond(send, 200, data, {"content-type": "image/png"})
            return
        route, params, allowed = self._match(path, method)
        if route is None:
            if allowed:
                await self._json(send, 405, {"detail": "Method Not Allowed"}, {"allow": ", ".join(allowed)})
            else:
                await self._json(send, 404, {"detail": "Not Found"})
            return
        op = route.op
        with self.state.lock:
            self.state.requests[op.name] += 1
        hits = self.faults.pick(op.name)
        latency = sum(hit.amount for hit in hits if hit.kind == "latency")
        if latency and not op.returns_media:
            await asyncio.sleep(latency)
        fault: Fault | None = next((f for f in hits if f.kind != "latency"), None)

        account = self._authenticate(request)
        user_headers = {USER_HEADER: account.user_id} if account else {}
        if op.requires_auth and account is None:
            await self._json(send, 401, {"detail": "Invalid or missing API key (X-Dezgo-Key)"})
            return
        if fault is not None and fault.kind == "drop-before-job":
            raise _Drop
        if fault is not None and fault.kind == "rate-limit":
            await self._json(
                send,
                429,
                {"detail": "Too many requests"},
                {**user_headers, "retry-after": f"{fault.amount:g}"},
            )
            return
        if fault is not None and fault.kind == "server-error":
            status = int(fault.amount) if int(fault.amount) in (500, 502, 503, 504) else 500
            await self._json(send, status, {"detail": "Internal Server Error"})
            return

        decoded: dict[str, Any] = {}
        try:
            arguments = await self._arguments(op, request, params)
            if op.returns_media:  # the handler's own checks, still before the balance is looked at
                check_model(op, arguments)
                decoded = await asyncio.to_thread(check_images, op, arguments)
        except _TooLarge:
            await self._too_large(send, user_headers)
            return
        except Rejected as rejected:
            await self._json(send, 422, {"detail": rejected.detail}, user_headers)
            return
        except (_BadBody, BadRequest) as bad:
            await self._json(send, 400, {"detail": str(bad)}, user_headers)
            return

        if op.name == "info":
            await self._json(send, 200, catalogue_json(), user_headers)
        elif op.name == "account_tx_last":
            await self._json(send, 200, self._last_transaction(account), user_headers)
        elif op.name == "unstable_job":
            await self._job_status(send, request, params, user_headers)
        elif op.returns_media:
            assert account is not None or not op.requires_auth
            await self._job(send, op, arguments, decoded, account or self.state.primary, fault, latency)
        else:
            schema = self._schemas[op.name]["responses"].get(op.success_status, {})
            body = _example(schema.get("content", {}).get("application/json", {}).get("schema", {}))
            await self._json(
                send, int(op.success_status) if op.success_status.isdigit() else 200, body, user_headers
            )

    # -- steps --------------------------------------------------------------------------------

    def _match(self, path: str, method: str) -> tuple[_Route | None, dict[str, str], list[str]]:
        allowed: list[str] = []
        for route in self.routes:
            match = route.regex.match(path)
            if match is None:
                continue
            if route.op.method == method:
                return route, match.groupdict(), []
            allowed.append(route.op.method)
        if method == "GET" and path in GET_WITH_BODY and "POST" in allowed:
            return self._match(path, "POST")  # see frontend.GET_WITH_BODY for the evidence
        return None, {}, allowed

    def _authenticate(self, request: Request) -> Account | None:
        key = request.headers.get(KEY_HEADER)
        if key is None and request.headers.get(RAPIDAPI_HOST_HEADER) == RAPIDAPI_HOST:
            key = request.headers.get(RAPIDAPI_KEY_HEADER)
        if key is None:
            return None
        with self.state.lock:
            return self.state.accounts.get(key)

    async def _arguments(self, op: Operation, request: Request, params: dict[str, str]) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        for param in op.path_params:
            value = params.get(param.name, "")
            if len(value) < int(param.schema.get("minLength", 0)):
                raise Rejected(
                    [{"loc": ["path", param.name], "msg": "String too short", "type": "string_too_short"}]
                )
            arguments[param.name] = value
        if not op.request_media_types:
            return arguments
        content_type = request.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type not in op.request_media_types:
            listed = ", ".join(op.request_media_types)
            raise Rejected(
                [
                    error(
                        [],
                        f"Unsupported content type {media_type or '(none)'}; use one of: {listed}",
                        "value_error",
                    )
                ]
            )
        if media_type == "application/json":
            body = await request.body()
            try:
                raw: Any = json.loads(body) if body else None
            except ValueError:
                raise Rejected([error([0], "JSON decode error", "json_invalid")]) from None
            if raw is None and op.body_required:
                raise Rejected([error([], "Field required", "missing")])
        else:
            try:
                form = await request.form(max_files=16, max_fields=200, max_part_size=self.max_body_bytes)
                parts: dict[str, str | bytes] = {}
                for name, item in form.multi_items():
                    parts[name] = item if isinstance(item, str) else await item.read()
            except _TooLarge:
                raise
            except Exception as exc:  # python-multipart / starlette: malformed body or boundary
                if isinstance(exc.__context__, _TooLarge) or isinstance(exc.__cause__, _TooLarge):
                    raise _TooLarge from None
                raise _BadBody("There was an error parsing the body") from exc
            raw = parts
        arguments.update(validate_body(op, media_type, {} if raw is None else raw, strict=self.strict))
        return arguments

    def reset_seeds(self) -> None:
        """Chosen seeds start over (``Simulator.reset``): a test sees the same seeds whatever ran before."""
        with self.state.lock:
            self._seed_counter = 0

    def _next_seed(self) -> int:
        with self.state.lock:
            self._seed_counter += 1
            counter = self._seed_counter
        digest = render.fingerprint("seed", self.seed, counter)
        return int.from_bytes(digest[:4], "big")

    def _defaults(self, op: Operation, arguments: dict[str, Any]) -> dict[str, Any]:
        """The job's arguments: a null (pydantic v2's ``X | None = None`` optionals) is the field's
        default, as a handler that receives None uses its own."""
        return {**op.body_defaults, **{k: v for k, v in arguments.items() if v is not None}}

    async def _job(
        self,
        send: Send,
        op: Operation,
        arguments: dict[str, Any],
        images: dict[str, Any],
        account: Account,
        fault: Fault | None,
        latency: float = 0.0,
    ) -> None:
        args = self._defaults(op, arguments)
        chosen = args.get("seed")
        # A negative seed (-1 is "random" in one client, unverified) is treated as no seed.
        seed = chosen if isinstance(chosen, int) and chosen >= 0 else self._next_seed()
        source = next(iter(images.values())) if images else None
        # A side that is not given is the input image's, or the model's native one.
        base = source.size if source is not None else native_size(args.get("model"), fallback=(512, 512))
        width, height = args.get("width"), args.get("height")
        size = (
            width if isinstance(width, int) and not isinstance(width, bool) else base[0],
            height if isinstance(height, int) and not isinstance(height, bool) else base[1],
        )
        if op.name == "upscale":
            size = (size[0] * 2, size[1] * 2)
        upscale = args.get("upscale")
        if isinstance(upscale, int) and upscale > 1 and op.name != "upscale":
            size = (size[0] * upscale, size[1] * upscale)
        steps_param = next((p for p in op.body_params if p.name == "steps"), None)
        default_steps = (
            steps_param.default if steps_param is not None and isinstance(steps_param.default, int) else None
        )
        price = price_of(op.name, size[0], size[1], args, default_steps)
        if account.balance < price:
            await self._json(
                send,
                402,
                {"detail": f"Insufficient balance: this job costs {price} USD"},
                {USER_HEADER: account.user_id},
            )
            return
        if fault is not None and fault.kind == "stall":
            await asyncio.sleep(fault.amount)

        digest = render.params_digest(op.name, seed, args)
        fmt = str(args.get("format", "png"))
        # The job's latency is its generation time: render during it, on a worker thread
        # (Pillow releases the GIL while it encodes), so concurrent jobs overlap as they would
        # on the service instead of queueing behind one event loop.
        (data, mime), _ = await asyncio.gather(
            asyncio.to_thread(_render_job, op, args, images, source, size, digest, fmt),
            asyncio.sleep(latency),
        )

        job_id = uuid.UUID(bytes=digest[:16]).hex
        billed = self.state.bill(account, op.name, price, job_id)
        if billed is None:  # a concurrent job took the last of the balance
            await self._json(send, 402, {"detail": "Insufficient balance"}, {USER_HEADER: account.user_id})
            return
        headers = {
            AMOUNT_HEADER: format(price, "f"),
            **{header: format(getattr(billed, field), "f") for field, header in BALANCE_HEADERS.items()},
            INDEX_HEADER: str(billed.balance_index),
            USER_HEADER: account.user_id,
            JOB_ID_HEADER: job_id,
        }
        if op.seeded:
            headers[SEED_HEADER] = str(seed)
        if fault is not None and fault.kind == "drop-after-billing":
            raise _Drop
        if self.async_jobs and op.may_answer_job:
            self.jobs[job_id] = data
            await self._json(send, 200, {"tx": {"_id": job_id}}, headers)
            return
        headers["content-type"] = mime
        if fault is not None and fault.kind == "truncated-body":
            await send(
                {"type": "http.response.start", "status": 200, "headers": self._headers(headers, len(data))}
            )
            await send({"type": "http.response.body", "body": data[: len(data) // 2], "more_body": True})
            raise _Drop
        await self._respond(send, 200, data, headers)

    def _last_transaction(self, account: Account | None) -> dict[str, Any]:
        assert account is not None
        job = self.state.last_charge(account)
        if job is None:
            return {
                "_id": "tx-1",
                "type": "credit",
                "amount": account.credits,
                "balance": account.balance,
                "index": 1,
            }
        return {
            "_id": job.job_id,
            "type": "debit",
            "amount": -job.amount_usd,
            "operation": job.operation,
            "balance": account.balance,
            "index": account.index,
            "created_at": job.at.isoformat(),
        }

    async def _job_status(
        self, send: Send, request: Request, params: dict[str, str], headers: dict[str, str]
    ) -> None:
        tx_id = params.get("tx_id", "")
        if tx_id not in self.jobs:
            await self._json(send, 404, {"detail": f"No such job: {tx_id}"}, headers)
            return
        base = str(request.base_url).rstrip("/")
        body = {
            "status": "done",
            "final": True,
            "files": {"output": {"url": f"{base}/unstable/files/{tx_id}"}},
        }
        await self._json(send, 200, body, headers)

    # -- responses ----------------------------------------------------------------------------

    @staticmethod
    def _headers(headers: dict[str, str], length: int) -> list[tuple[bytes, bytes]]:
        out = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        out.append((b"content-length", str(length).encode()))
        return out

    async def _respond(self, send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
        await send(
            {"type": "http.response.start", "status": status, "headers": self._headers(headers, len(body))}
        )
        await send({"type": "http.response.body", "body": body})

    async def _too_large(self, send: Send, headers: dict[str, str] | None = None) -> None:
        detail = f"Request body too large: the limit is {self.max_body_bytes} bytes"
        await self._json(send, 413, {"detail": detail}, {**(headers or {}), "connection": "close"})

    async def _json(
        self, send: Send, status: int, payload: Any, headers: dict[str, str] | None = None
    ) -> None:
        await self._respond(
            send, status, _json_bytes(payload), {**(headers or {}), "content-type": "application/json"}
        )
