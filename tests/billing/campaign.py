"""A seeded fault campaign against the money promises, judged by the server's own record.

Each run draws, from its seed: sync or async, 1-64 calls in flight, a budget (or none),
retries, and a mix of faults per request: dropped connections before and after billing,
truncated bodies, stalls past the client's timeout (billed after it gave up), 429 with and
without a charge, 500/502/503/504 with and without a charge, and billing headers that are
missing, negative, duplicated (same or different values), absurd or not numbers. And the
pressures the money engine met: prices that depend on an argument (``guidance`` triples
the price here), calls cancelled while in flight (async runs: ``asyncio.wait_for``),
reconciliations with the account at random moments, and ``with_options`` copies of the
client, each with the same cap, sharing one ledger.

The server bills in its own ledger. A run passes when:

1. what the server billed is at most the budget plus the largest single price;
2. every call the server billed reached its caller: as a result carrying a charge that
   the client's ledger holds, or as an error that says it may have been charged;
3. no call was billed twice (retries never re-send what may have been billed).

``run_campaign(seeds)`` is used by ``tests/billing/test_campaign.py`` (a short form in
``make test``) and ``scripts/soak_money.py`` (``make soak``, the full form).
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import email.parser
import email.policy
import hashlib
import json
import random
import threading
import time
import urllib.parse
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from dezgo import AsyncDezgo, BudgetExceededError, Dezgo, DezgoError, Image

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)
BASE_PRICE = Decimal("0.0038")
WIDTHS = (320, 512, 768, 1024)
CLIENT_TIMEOUT_S = 0.3
STALL_S = 0.45

ACTIONS = (
    "ok",
    "drop-before-billing",
    "drop-after-billing",
    "truncated-body",
    "stall-past-timeout",
    "429",
    "429-charged",
    "500",
    "500-charged",
    "502",
    "503",
    "504-after-job",
    "slow",
)
BILLED_ACTIONS = {
    "ok",
    "drop-after-billing",
    "truncated-body",
    "stall-past-timeout",
    "429-charged",
    "500-charged",
    "504-after-job",
    "slow",
}
SLOW_S = 0.2
"""A slow job: billed after this long, long enough for a cancellation to land while it runs."""
HEADER_FAULTS = (
    "honest",
    "no-amount",
    "no-billing-headers",
    "negative",
    "duplicated-same",
    "duplicated-different",
    "1e999999999",
    "1e30",
    "NaN",
    "garbage",
)


def price_for(width: int, guidance: float = 7) -> Decimal:
    """The server's price: by pixels, and three times as much at a high guidance (an argument a
    price key that looked only at sizes, steps and the model would miss)."""
    base = BASE_PRICE * Decimal(width * width) / Decimal(512 * 512)
    return (base * (3 if guidance > 10 else 1)).quantize(Decimal("0.0001"))


@attrs.define
class Plan:
    """What one run does, drawn from its seed."""

    seed: int
    sync: bool
    concurrency: int
    calls: int
    budget: Decimal | None
    max_retries: int
    action_weights: dict[str, float]
    header_weights: dict[str, float]
    cancel_rate: float = 0.0
    """Async runs: the share of calls given up on (``asyncio.wait_for``) while they may be in flight."""
    reconciles: int = 0
    """Reconciliations run alongside the calls."""
    siblings: int = 0
    """``with_options`` copies, each with the run's budget, sharing its ledger."""

    @classmethod
    def draw(cls, seed: int) -> Plan:
        rng = random.Random(seed)
        calm = rng.random() < 0.3  # some runs are mostly healthy, others hostile
        actions = {a: (1.0 if a != "ok" else (30.0 if calm else 6.0)) * rng.random() for a in ACTIONS}
        actions["stall-past-timeout"] *= 0.3  # slow: keep runs short
        headers = {h: rng.random() * (8.0 if h == "honest" else 1.0) for h in HEADER_FAULTS}
        budget = rng.choice([None, Decimal("0.005"), Decimal("0.01"), Decimal("0.03"), Decimal("0.1")])
        sync = rng.random() < 0.5
        return cls(
            seed=seed,
            sync=sync,
            concurrency=rng.choice([1, 2, 4, 8, 16, 32, 64]),
            calls=rng.randint(1, 64),
            budget=budget,
            max_retries=rng.randint(0, 3),
            action_weights=actions,
            header_weights=headers,
            cancel_rate=0.0 if sync or rng.random() < 0.5 else rng.choice([0.1, 0.3, 0.6]),
            reconciles=rng.choice([0, 0, 1, 3]),
            siblings=rng.choice([0, 0, 1, 2]),
        )

    def pick(self, tag: str, attempt: int) -> tuple[str, str]:
        """The action and header fault for one request, from the seed, the call and the attempt."""
        digest = hashlib.sha256(f"{self.seed}/{tag}/{attempt}".encode()).digest()
        rng = random.Random(digest)
        action = rng.choices(list(self.action_weights), list(self.action_weights.values()))[0]
        header = rng.choices(list(self.header_weights), list(self.header_weights.values()))[0]
        return action, header


class CampaignServer:
    """An HTTP/1.1 server on 127.0.0.1 (asyncio, its own thread) that bills by its own book."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.plan: Plan | None = None
        self.reset()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def reset(self, plan: Plan | None = None) -> None:
        with self.lock:
            self.plan = plan
            self.credits = Decimal("1000")
            self.debits = Decimal(0)
            self.index = 1
            self.billed: dict[str, list[Decimal]] = collections.defaultdict(list)
            self.attempts: collections.Counter[str] = collections.Counter()
            self.actions: collections.Counter[str] = collections.Counter()
            self.active = 0

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        self._ready.set()
        self._loop.run_forever()
        server.close()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.close()

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # -- the wire -----------------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, path, _ = line.decode("latin-1").split(" ", 2)
                length, content_type = 0, ""
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                    if name.strip().lower() == "content-type":
                        content_type = value.strip()
                body = await reader.readexactly(length) if length else b""
                with self.lock:
                    self.active += 1
                try:
                    if not await self._answer(method, path, _fields(content_type, body), writer):
                        return
                finally:
                    with self.lock:
                        self.active -= 1
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, asyncio.CancelledError):
            return
        finally:
            writer.close()

    @staticmethod
    async def _write(
        writer: asyncio.StreamWriter, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        lines = (
            [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers] + [f"Content-Length: {len(body)}"]
        )
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()

    def _bill(self, tag: str, amount: Decimal) -> list[tuple[str, str]]:
        with self.lock:
            self.billed[tag].append(amount)
            self.debits += amount
            self.index += 1
            return [
                ("x-dezgo-balance-credits-usd", format(self.credits, "f")),
                ("x-dezgo-balance-debits-usd", format(self.debits, "f")),
                ("x-dezgo-balance-total-usd", format(self.credits - self.debits, "f")),
                ("x-dezgo-balance-index", str(self.index)),
                ("x-dezgo-job-id", tag),
            ]

    @staticmethod
    def _amount_headers(fault: str, amount: Decimal) -> list[tuple[str, str]]:
        value = format(amount, "f")
        return {
            "honest": [("x-dezgo-job-amount-usd", value)],
            "no-amount": [],
            "negative": [("x-dezgo-job-amount-usd", "-1.00")],
            "duplicated-same": [("x-dezgo-job-amount-usd", value)] * 2,
            "duplicated-different": [("x-dezgo-job-amount-usd", value), ("x-dezgo-job-amount-usd", "0.0001")],
            "1e999999999": [("x-dezgo-job-amount-usd", "1e999999999")],
            "1e30": [("x-dezgo-job-amount-usd", "1e30")],
            "NaN": [("x-dezgo-job-amount-usd", "NaN")],
            "garbage": [("x-dezgo-job-amount-usd", "0.0038 USD")],
        }.get(fault, [])

    async def _answer(
        self, method: str, path: str, request: dict[str, Any], writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; False when the connection was closed on purpose."""
        if method == "GET" and path == "/account/tx/last":
            with self.lock:
                payload = {"balance": format(self.credits - self.debits, "f"), "index": self.index}
            await self._write(
                writer, 200, [("Content-Type", "application/json")], json.dumps(payload).encode()
            )
            return True
        if method != "POST" or path != "/text2image" or self.plan is None:
            await self._write(writer, 404, [("Content-Type", "application/json")], b'{"detail":"Not Found"}')
            return True
        tag, width = str(request["prompt"]), int(request.get("width", 512))
        guidance = float(request.get("guidance", 7))
        with self.lock:
            attempt = self.attempts[tag]
            self.attempts[tag] += 1
        action, fault = self.plan.pick(tag, attempt)
        with self.lock:
            self.actions[action] += 1
            if action in BILLED_ACTIONS:
                self.actions[f"header:{fault}"] += 1
        amount = price_for(width, guidance)
        image = [("Content-Type", "image/png")]
        error = [("Content-Type", "application/json")]
        if action == "drop-before-billing":
            return False
        if action == "stall-past-timeout":
            await asyncio.sleep(STALL_S)  # the client has given up; the job still runs and is billed
            balance = self._bill(tag, amount)
            headers = [*image, *balance, *self._amount_headers(fault, amount)]
            with contextlib.suppress(ConnectionError):
                await self._write(writer, 200, headers, PNG)
            return False
        if action == "slow":
            await asyncio.sleep(SLOW_S)  # billed whether or not its caller is still there
        if action in ("429", "500", "502", "503"):
            extra = [("Retry-After", "0")] if action == "429" else []
            await self._write(writer, int(action), [*error, *extra], b'{"detail":"x"}')
            return True
        balance = self._bill(tag, amount)
        # A billed answer with no billing header at all is taken as "nothing ran" when its status
        # says so (429/502/503): the service's contract is that responses which started a job carry
        # the billing headers. Only a success (or a 5xx that proves nothing) may lose them here.
        if fault == "no-billing-headers" and action not in ("429-charged",):
            balance = []
        headers = [*balance, *self._amount_headers(fault, amount)]
        if action == "drop-after-billing":
            return False
        if action == "truncated-body":
            lines = [
                "HTTP/1.1 200 OK",
                *(f"{k}: {v}" for k, v in [*image, *headers]),
                f"Content-Length: {len(PNG)}",
            ]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + PNG[: len(PNG) // 2])
            await writer.drain()
            return False
        if action == "429-charged":
            await self._write(writer, 429, [*error, ("Retry-After", "0"), *headers], b'{"detail":"x"}')
            return True
        if action == "500-charged":
            await self._write(writer, 500, [*error, *headers], b'{"detail":"x"}')
            return True
        if action == "504-after-job":
            await self._write(writer, 504, [*error, *balance], b'{"detail":"gateway timeout"}')
            return True
        await self._write(writer, 200, [*image, *headers], PNG)
        return True


def _fields(content_type: str, body: bytes) -> dict[str, Any]:
    """A request body's fields in whichever media type the pinned document has the client send."""
    media = content_type.split(";")[0].strip().lower()
    if not body:
        return {}
    if media == "application/json":
        fields: dict[str, Any] = json.loads(body)
        return fields
    if media == "application/x-www-form-urlencoded":
        return dict(urllib.parse.parse_qsl(body.decode()))
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    return {
        str(part.get_param("name", header="content-disposition")): part.get_payload(decode=True).decode()
        for part in message.iter_parts()
    }


@attrs.define
class Outcome:
    tag: str
    result: Any


@attrs.define
class RunReport:
    seed: int
    calls: int
    billed_total: Decimal
    budget: Decimal | None
    overshoot: Decimal
    violations: list[str]
    actions: dict[str, int]


class Cancelled:
    """What a caller saw of a call it gave up on: nothing but the cancellation."""

    maybe_charged = False

    def __repr__(self) -> str:
        return "Cancelled()"


def _call_sync(client: Dezgo, tag: str, width: int, guidance: float) -> Outcome:
    try:
        return Outcome(tag, client.text2image(prompt=tag, width=width, height=width, guidance=guidance))
    except DezgoError as exc:
        return Outcome(tag, exc)


async def _call_async(
    client: AsyncDezgo, gate: asyncio.Semaphore, tag: str, width: int, guidance: float, give_up: float | None
) -> Outcome:
    async with gate:
        call = client.text2image(prompt=tag, width=width, height=width, guidance=guidance)
        try:
            if give_up is None:
                return Outcome(tag, await call)
            return Outcome(tag, await asyncio.wait_for(call, give_up))
        except asyncio.TimeoutError:
            return Outcome(tag, Cancelled())
        except DezgoError as exc:
            return Outcome(tag, exc)


def _clients(client: Any, plan: Plan) -> list[Any]:
    """The client and its ``with_options`` copies, each capped at the run's budget."""
    return [
        client,
        *(client.with_options(budget_usd=plan.budget) for _ in range(plan.siblings if plan.budget else 0)),
    ]


def run_one(server: CampaignServer, seed: int, plan: Plan | None = None) -> RunReport:
    plan = plan or Plan.draw(seed)
    server.reset(plan)
    rng = random.Random(seed * 7919 + 1)
    jobs = [
        (
            f"s{seed}-c{i}",
            rng.choice(WIDTHS),
            rng.choice((7.0, 15.0)),
            rng.uniform(0.02, 0.3) if rng.random() < plan.cancel_rate else None,
        )
        for i in range(plan.calls)
    ]
    options: dict[str, Any] = {
        "api_key": "DEZGO-CAMPAIGN-" + "0" * 20,
        "base_url": server.url,
        "timeout": CLIENT_TIMEOUT_S,
        "max_retries": plan.max_retries,
        "budget_usd": plan.budget,
    }
    if plan.sync:
        with (
            Dezgo(**options) as client,
            concurrent.futures.ThreadPoolExecutor(max_workers=plan.concurrency + plan.reconciles) as pool,
        ):
            clients = _clients(client, plan)
            reconciling = [
                pool.submit(_reconcile_later, client, rng.uniform(0, 0.3)) for _ in range(plan.reconciles)
            ]
            outcomes = list(
                pool.map(lambda job: _call_sync(clients[hash(job[0]) % len(clients)], *job[:3]), jobs)
            )
            for future in reconciling:
                future.result()
            ledger = client.ledger
    else:

        async def go() -> tuple[list[Outcome], Any]:
            async with AsyncDezgo(**options) as client:
                clients = _clients(client, plan)
                gate = asyncio.Semaphore(plan.concurrency)
                calls = [
                    _call_async(clients[hash(tag) % len(clients)], gate, tag, w, g, give_up)
                    for tag, w, g, give_up in jobs
                ]
                reconciling = [_areconcile_later(client, rng.uniform(0, 0.3)) for _ in range(plan.reconciles)]
                results = await asyncio.gather(*calls, *reconciling)
                return [r for r in results if isinstance(r, Outcome)], client.ledger

        outcomes, ledger = asyncio.run(go())
    return judge(plan, server, outcomes, ledger)


def _reconcile_later(client: Dezgo, after: float) -> None:
    time.sleep(after)
    with contextlib.suppress(DezgoError):
        client.reconcile()


async def _areconcile_later(client: AsyncDezgo, after: float) -> None:
    await asyncio.sleep(after)
    with contextlib.suppress(DezgoError):
        await client.reconcile()


def judge(plan: Plan, server: CampaignServer, outcomes: list[Outcome], ledger: Any) -> RunReport:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # stalled jobs are billed after their clients gave up
        with server.lock:
            if server.active == 0:
                break
        time.sleep(0.02)
    violations: list[str] = []
    with server.lock:
        billed = {tag: list(amounts) for tag, amounts in server.billed.items()}
        actions = dict(server.actions)
    by_tag = {o.tag: o.result for o in outcomes}
    total = sum((a for amounts in billed.values() for a in amounts), Decimal(0))
    largest = max((a for amounts in billed.values() for a in amounts), default=Decimal(0))
    for tag, amounts in billed.items():
        if len(amounts) > 1:
            violations.append(f"{tag} billed {len(amounts)} times")
        result = by_tag.get(tag)
        if isinstance(result, Image):
            if result.charge is None:
                violations.append(f"{tag}: billed, returned an image without a charge")
        elif isinstance(result, Cancelled):
            pass  # counted below: the ledger must list it as a call that may have been charged
        elif not getattr(result, "maybe_charged", False):
            violations.append(f"{tag}: billed, but the caller was told {type(result).__name__}: {result}")
    for tag, result in by_tag.items():
        if isinstance(result, BudgetExceededError) and tag in billed:
            violations.append(f"{tag}: refused by the budget, yet billed")
    charged_results = sum(
        1 for r in by_tag.values() if isinstance(r, Image) or getattr(r, "charge", None) is not None
    )
    cancelled_billed = sum(1 for tag in billed if isinstance(by_tag.get(tag), Cancelled))
    cancelled = sum(1 for r in by_tag.values() if isinstance(r, Cancelled))
    noted = len(ledger.uncertain_calls)
    if cancelled_billed and noted + len(ledger.entries) < charged_results + cancelled_billed:
        violations.append(
            f"{cancelled_billed} cancelled calls were billed, the ledger noted {noted} as uncertain"
        )
    # A cancelled call may have had its billing headers read before it was given up on.
    if not charged_results <= len(ledger.entries) <= charged_results + cancelled:
        violations.append(f"ledger holds {len(ledger.entries)} charges, callers received {charged_results}")
    overshoot = Decimal(0)
    if plan.budget is not None:
        overshoot = total - plan.budget
        if total > plan.budget + largest:
            violations.append(
                f"billed {total} USD against a budget of {plan.budget} (largest price {largest})"
            )
    return RunReport(plan.seed, plan.calls, total, plan.budget, overshoot, violations, actions)


def run_campaign(seeds: Iterable[int]) -> list[RunReport]:
    server = CampaignServer()
    try:
        return [run_one(server, seed) for seed in seeds]
    finally:
        server.stop()


def summarise(reports: list[RunReport]) -> dict[str, Any]:
    actions: collections.Counter[str] = collections.Counter()
    for report in reports:
        actions.update(report.actions)
    budgeted = [r for r in reports if r.budget is not None]
    worst = max(budgeted, key=lambda r: r.overshoot, default=None)
    return {
        "runs": len(reports),
        "calls": sum(r.calls for r in reports),
        "requests": sum(v for k, v in actions.items() if not k.startswith("header:")),
        "faults": {
            k: v for k, v in sorted(actions.items()) if k != "ok" and not k.startswith("header:honest")
        },
        "billed_usd": str(sum((r.billed_total for r in reports), Decimal(0))),
        "worst_overshoot_usd": str(worst.overshoot) if worst else "0",
        "worst_overshoot_seed": worst.seed if worst else None,
        "violations": [f"seed {r.seed}: {v}" for r in reports for v in r.violations],
    }
