"""Money that holds under pressure: concurrency, faults and hostile billing headers.

Every test judges by what the server billed (the simulator's ``sim.charges`` or the
small servers' own records), never by what the SDK believes it spent.
"""

from __future__ import annotations

import asyncio
import decimal
import http.server
import json
import logging
import os
import socket
import stat
import subprocess
import sys
import threading
import time
import traceback
from decimal import Decimal
from typing import ClassVar

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezgo import (
    APIConnectionError,
    APIStatusError,
    AsyncDezgo,
    BudgetExceededError,
    Charge,
    Dezgo,
    InvalidRequestError,
    Ledger,
)
from dezgo.errors import InvalidAPIKeyError, UsageError

PRICE = Decimal("0.0038")  # the simulator's text2image 512x512

# -- a server that bills, with a record of its own ------------------------------------------------


class BillingServer:
    """A loopback service that bills every POST and answers with headers a test chooses.

    ``headers_for(n, amount, state)`` returns the response headers for the n-th charge as a list
    of pairs (so a header can be sent twice); ``status_for(n)`` the status.
    """

    def __init__(self, png: bytes, price: Decimal = PRICE) -> None:
        self.png = png
        self.price = price
        self.credits = Decimal("5.00")
        self.debits = Decimal(0)
        self.index = 1
        self.billed: list[Decimal] = []
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.headers_for = self.honest
        self.status_for = lambda n: 200

    def honest(self, n: int, amount: Decimal) -> list[tuple[str, str]]:
        return [
            ("x-dezgo-job-amount-usd", format(amount, "f")),
            ("x-dezgo-balance-debits-usd", format(self.debits, "f")),
            ("x-dezgo-balance-total-usd", format(self.credits - self.debits, "f")),
            ("x-dezgo-balance-index", str(self.index)),
        ]

    def handle(self, request: http.server.BaseHTTPRequestHandler, path: str) -> None:
        if path == "/account/tx/last":
            with self.lock:
                body = json.dumps({"balance": str(self.credits - self.debits), "index": self.index}).encode()
            self._send(request, 200, body, [("Content-Type", "application/json")])
            return
        with self.lock:
            self.requests.append(path)
            n = len(self.billed)
            self.billed.append(self.price)
            self.debits += self.price
            self.index += 1
            status = self.status_for(n)
            headers = self.headers_for(n, self.price)
        self._send(request, status, self.png if status < 400 else b'{"detail": "x"}', headers)

    @staticmethod
    def _send(request, status, body, headers) -> None:
        request.send_response(status)
        kinds = {"Content-Type": "image/png" if status < 400 else "application/json"}
        for name, value in headers:
            if name.lower() == "content-type":
                kinds = {}
            request.send_header(name, value)
        for name, value in kinds.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    @property
    def total(self) -> Decimal:
        return sum(self.billed, Decimal(0))


@pytest.fixture
def billing(loopback, png):
    server = BillingServer(png)
    loopback.set(lambda request, seen: server.handle(request, seen.path))
    server.url = loopback.url
    return server


def _spend_until_refused(client: Dezgo, calls: int = 63, **arguments) -> int:
    done = 0
    for i in range(calls):
        try:
            client.text2image(prompt=f"job {i}", width=512, height=512, **arguments)
            done += 1
        except BudgetExceededError:
            break
        except (APIConnectionError, APIStatusError):
            done += 1
    return done


# -- 1. the budget fails closed -----------------------------------------------------------------


def test_64_concurrent_calls_of_an_unpriced_kind_stay_within_the_budget(sim):
    async def run():
        async with AsyncDezgo(api_key=sim.api_key, base_url=sim.url, budget_usd="0.01") as client:
            results = await asyncio.gather(
                *(client.text2image(prompt=f"p{i}", width=512, height=512) for i in range(64)),
                return_exceptions=True,
            )
            return client, results

    client, results = asyncio.run(run())
    refused = [r for r in results if isinstance(r, BudgetExceededError)]
    assert len(refused) == 64 - len(sim.charges)
    assert sim.total_billed <= Decimal("0.01")  # 0.0076: the third call is refused before it is sent
    assert sim.total_billed == client.ledger.total_usd
    assert len(sim.charges) == 2


def test_64_concurrent_calls_of_64_unpriced_kinds_pass_the_budget_by_at_most_one_price(sim):
    async def run():
        async with AsyncDezgo(api_key=sim.api_key, base_url=sim.url, budget_usd="0.01") as client:
            sizes = [(320 + 8 * (i % 32), 320 + 8 * (i // 32)) for i in range(64)]
            return await asyncio.gather(
                *(client.text2image(prompt="p", width=w, height=h) for w, h in sizes), return_exceptions=True
            )

    asyncio.run(run())
    largest = max(c.amount_usd for c in sim.charges)
    assert sim.total_billed <= Decimal("0.01") + largest
    assert len(sim.charges) < 64


@pytest.mark.parametrize("fault", ["drop-after-billing", "truncated-body"])
def test_calls_that_may_have_been_charged_count_against_the_budget(fault, sim):
    sim.add_fault(fault, "text2image")
    with Dezgo(api_key=sim.api_key, base_url=sim.url, budget_usd="0.005") as client:
        attempts = _spend_until_refused(client, calls=20)
        assert client.budget.spent_usd >= sim.total_billed - PRICE
    assert attempts < 20
    assert sim.total_billed <= Decimal("0.005") + PRICE


def test_timeouts_count_against_the_budget(sim):
    sim.add_fault("stall", "text2image", value=0.6)
    with Dezgo(api_key=sim.api_key, base_url=sim.url, budget_usd="0.005", timeout=0.2) as client:
        attempts = _spend_until_refused(client, calls=10)
    time.sleep(0.8)  # the stalled jobs finish, and are billed, after the client gave up
    assert attempts < 10
    assert sim.total_billed <= Decimal("0.005") + PRICE


def test_no_amount_header_at_all_still_stops_at_the_budget(billing):
    billing.headers_for = lambda n, amount: []
    with Dezgo(api_key="k" * 16, base_url=billing.url, budget_usd="0.01") as client:
        _spend_until_refused(client)
        assert len(client.ledger.entries) == len(billing.billed), "every paid image reached the caller"
    assert billing.total <= Decimal("0.01") + PRICE
    assert len(billing.billed) <= 3


def test_a_negative_amount_is_never_a_credit(billing, caplog):
    honest = billing.honest
    billing.headers_for = lambda n, amount: (
        [("x-dezgo-job-amount-usd", "-1.00"), *honest(n, amount)[1:]] if n == 0 else honest(n, amount)
    )
    with Dezgo(api_key="k" * 16, base_url=billing.url, budget_usd="0.01") as client:
        _spend_until_refused(client)
        assert client.ledger.total_usd >= 0
    assert billing.total <= Decimal("0.01") + PRICE
    assert "not a believable amount" in caplog.text


def test_a_missing_amount_is_learned_from_the_balance_headers(billing):
    honest = billing.honest
    billing.headers_for = lambda n, amount: honest(n, amount)[1:] if n % 2 else honest(n, amount)
    with Dezgo(api_key="k" * 16, base_url=billing.url) as client:
        for i in range(6):
            client.text2image(prompt=f"{i}")
        assert client.ledger.total_usd == billing.total
        assert [c.amount_source for c in client.ledger.entries] == ["header", "balance"] * 3


def test_a_missing_amount_is_learned_when_the_previous_transaction_arrives_later():
    ledger = Ledger()
    second = {"x-dezgo-balance-debits-usd": "1.0038", "x-dezgo-balance-index": "6"}
    first = {
        "x-dezgo-job-amount-usd": "0.1",
        "x-dezgo-balance-debits-usd": "1.0000",
        "x-dezgo-balance-index": "5",
    }
    ledger.record(Charge.from_headers(second, operation="t"))
    assert len(ledger.unknown) == 1
    ledger.record(Charge.from_headers(first, operation="t"))
    assert ledger.unknown == ()
    assert ledger.total_usd == Decimal("0.1038")


def test_identical_duplicate_headers_count_once_and_different_ones_are_unknown(billing, caplog):
    def twice(n, amount):
        value = format(amount, "f")
        other = value if n == 0 else "0.0040"
        return [("x-dezgo-job-amount-usd", value), ("x-dezgo-job-amount-usd", other)]

    billing.headers_for = twice
    with Dezgo(api_key="k" * 16, base_url=billing.url) as client:
        first = client.text2image(prompt="a")
        second = client.text2image(prompt="b")
    assert first.charge.amount_usd == PRICE
    assert second.charge.amount_usd is None
    assert second.data == billing.png, "the image arrives whatever the headers say"
    assert "different values" in caplog.text


# -- 2. exact arithmetic that never raises ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1e999999999", "1e30", "NaN", "-Infinity", "1e-30", "9" * 80, "0x10", "1_000", "+1e999"]
)
def test_absurd_amounts_are_unknown_and_the_image_still_arrives(text, billing, caplog):
    billing.headers_for = lambda n, amount: [("x-dezgo-job-amount-usd", text)]
    with Dezgo(api_key="k" * 16, base_url=billing.url) as client:
        image = client.text2image(prompt="x")
        assert image.charge.amount_usd is None
        assert client.ledger.unknown == (image.charge,)
        assert client.ledger.total_usd == 0
    assert image.data == billing.png


EXACT = st.decimals(min_value=0, max_value=999_999, places=20, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(EXACT, min_size=1, max_size=300))
def test_sums_are_exact_to_the_last_digit(amounts):
    ledger = Ledger()
    for amount in amounts:
        ledger.record(Charge.from_headers({"x-dezgo-job-amount-usd": format(amount, "f")}, operation="t"))
    with decimal.localcontext(decimal.Context(prec=200)):
        expected = sum(amounts, Decimal(0))
    assert ledger.total_usd == expected


def test_a_million_dollars_plus_a_fraction_is_not_rounded():
    ledger = Ledger()
    for text in ("999999.99999999999999999999", "0.00000000000000000001", "0.0038"):
        ledger.record(Charge.from_headers({"x-dezgo-job-amount-usd": text}, operation="t"))
    assert ledger.total_usd == Decimal("1000000.00380000000000000000")


# -- 3. retries only what proves nothing was charged --------------------------------------------


def test_a_429_that_carries_a_charge_is_not_retried(billing):
    billing.status_for = lambda n: 429
    billing.headers_for = lambda n, amount: [("x-dezgo-job-amount-usd", "0.0038"), ("Retry-After", "0")]
    with Dezgo(api_key="k" * 16, base_url=billing.url, max_retries=3) as client:
        with pytest.raises(APIStatusError) as caught:
            client.text2image(prompt="x")
        assert client.ledger.total_usd == PRICE
    assert len(billing.billed) == 1
    assert caught.value.maybe_charged
    assert caught.value.charge.amount_usd == PRICE


def test_a_504_on_a_paid_call_may_have_been_charged_and_is_not_retried(billing):
    billing.status_for = lambda n: 504
    billing.headers_for = lambda n, amount: []
    with (
        Dezgo(api_key="k" * 16, base_url=billing.url, max_retries=3, budget_usd="1") as client,
        pytest.raises(APIStatusError, match="may have run and been billed") as caught,
    ):
        client.text2image(prompt="x", width=512, height=512)
    assert len(billing.requests) == 1
    assert caught.value.maybe_charged
    assert client.budget.uncertain_calls + client.budget.unpriced >= 1 or client.budget.spent_usd > 0


@pytest.mark.parametrize("status", [502, 503])
def test_502_and_503_without_a_charge_are_retried(status, loopback, png):
    charged = {"x-dezgo-job-amount-usd": "0.0038"}
    answers = iter([(status, b"{}", {"Content-Type": "application/json"}), (200, png, charged)])

    def handler(request, seen):
        code, body, headers = next(answers)
        loopback.send(request, code, body, {"Content-Type": "image/png", **headers})

    loopback.set(handler)
    with Dezgo(api_key="k" * 16, base_url=loopback.url) as client:
        client.text2image(prompt="x")
    assert len(loopback.seen) == 2


def test_an_error_before_anything_left_says_not_sent():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        Dezgo(api_key="k" * 16, base_url=f"http://127.0.0.1:{port}", max_retries=0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.text2image(prompt="x")
    assert "not sent" in str(caught.value)
    assert not caught.value.maybe_charged

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError("Illegal header value")

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    with (
        Dezgo(
            api_key="k" * 16, base_url="http://x", http_client=http, max_retries=0, allow_plain_http=True
        ) as client,
        pytest.raises(APIConnectionError, match="not sent") as caught,
    ):
        client.text2image(prompt="x")
    assert not caught.value.maybe_charged


# -- 4. the key, redirects, event loops ---------------------------------------------------------

BAD_KEYS = {
    "newline": "DEZGO-" + "A" * 30 + "\n" + "B" * 30,
    "space": "DEZGO-" + "A" * 30 + " " + "B" * 30,
    "tab": "DEZGO-" + "A" * 30 + "\t",
    "control": "DEZGO-" + "A" * 30 + "\x07",
    "non-ascii": "DEZGO-" + "A" * 30 + "é",
}


@pytest.mark.parametrize("name", list(BAD_KEYS))
def test_a_bad_key_is_refused_when_the_client_is_made_without_echoing_it(name):
    key = BAD_KEYS[name]
    try:
        Dezgo(api_key=key, base_url="http://127.0.0.1:9")
    except InvalidAPIKeyError:
        text = traceback.format_exc()
    else:
        pytest.fail("accepted")
    assert "A" * 30 not in text
    assert "position" in text


def test_a_two_line_key_file_is_refused_by_the_cli_without_echoing_it(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("DEZGO-" + "C" * 40 + "\nDEZGO-" + "D" * 40 + "\n")
    key_file.chmod(0o600)
    result = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "--debug", "--api-key-file", str(key_file), "balance"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "line break" in result.stderr
    assert "C" * 40 not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def log_message(self, *args: object) -> None:
        return

    def do_POST(self) -> None:
        type(self).seen.append({k.lower(): v for k, v in self.headers.items()})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_requests_carrying_the_key_never_follow_redirects(loopback):
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    _Recorder.seen = []
    elsewhere = f"http://127.0.0.1:{other.server_address[1]}/steal"

    def redirect(request, seen):
        loopback.send(request, 307, b"", {"Location": elsewhere})

    loopback.set(redirect)
    try:
        with (
            Dezgo(
                api_key="DEZGO-SECRET-" + "9" * 20,
                base_url=loopback.url,
                http_client=httpx.Client(follow_redirects=True),
            ) as client,
            pytest.raises(APIStatusError, match="not followed"),
        ):
            client.text2image(prompt="x")
    finally:
        other.shutdown()
    assert _Recorder.seen == [], "the other origin got nothing"


def test_asyncio_run_twice_with_one_client_works(sim):
    client = AsyncDezgo(api_key=sim.api_key, base_url=sim.url)

    async def one(prompt: str) -> None:
        await client.text2image(prompt=prompt)

    asyncio.run(one("a"))
    asyncio.run(one("b"))
    asyncio.run(client.close())
    assert len(sim.charges) == 2
    assert client.ledger.total_usd == sim.total_billed


def test_a_second_running_loop_is_refused_before_sending(sim):
    client = AsyncDezgo(api_key=sim.api_key, base_url=sim.url)
    started, release = threading.Event(), threading.Event()

    async def hold() -> None:
        await client.text2image(prompt="first")
        started.set()
        await asyncio.to_thread(release.wait)

    thread = threading.Thread(target=lambda: asyncio.run(hold()))
    thread.start()
    assert started.wait(20)
    try:
        with pytest.raises(UsageError, match="one client per event loop"):
            asyncio.run(client.text2image(prompt="second"))
    finally:
        release.set()
        thread.join(20)
    assert len(sim.charges) == 1


# -- 5. inputs are checked before they are read -------------------------------------------------


def test_a_fifo_is_refused_at_once(sim, tmp_path):
    fifo = tmp_path / "in.png"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def call() -> None:
        with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
            try:
                client.upscale(image=fifo)
            except BaseException as exc:
                outcome.append(exc)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "blocked on the FIFO"
    assert isinstance(outcome[0], InvalidRequestError)
    assert "FIFO" in str(outcome[0])
    assert sim.requests == {}


def test_devices_huge_files_and_folders_are_refused_without_being_read(sim, tmp_path):
    zero = tmp_path / "zero.png"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(1024**3)  # sparse: 1 GB on paper, nothing on disk
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        for path, reason in ((zero, "device"), (huge, "1.0 GB"), (tmp_path, "folder")):
            with pytest.raises(InvalidRequestError, match=reason):
                client.upscale(image=path)
    assert sim.requests == {}


def test_a_file_object_larger_than_the_limit_is_refused(sim):
    from dezgo.images import MAX_IMAGE_BYTES

    class Endless:
        def read(self, size: int = -1) -> bytes:
            assert size > 0, "never read whole"
            return b"\x89PNG\r\n\x1a\n" + b"\0" * (size - 8)

    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url) as client,
        pytest.raises(InvalidRequestError, match="larger"),
    ):
        client.upscale(image=Endless())
    assert MAX_IMAGE_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize("kind", ["device", "fifo", "huge"])
def test_bad_key_files_are_refused_before_being_read(kind, tmp_path):
    path = tmp_path / "key"
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(b"K" * 10_000)
    result = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "--api-key-file", str(path), "balance"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "key file" in result.stderr


def test_a_key_file_others_can_read_is_used_with_a_warning(sim, tmp_path):
    path = tmp_path / "key"
    path.write_text(sim.api_key + "\n")
    path.chmod(0o644)
    env = {**os.environ, "DEZGO_BASE_URL": sim.url}
    env.pop("DEZGO_API_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "--api-key-file", str(path), "balance"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "can be read by other users" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o644, "the SDK does not change the user's files"


# -- 6. the command line's --budget-usd ---------------------------------------------------------


def _cli(sim, *args):
    env = {**os.environ, "DEZGO_API_KEY": sim.api_key, "DEZGO_BASE_URL": sim.url}
    return subprocess.run(
        [sys.executable, "-m", "dezgo.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_cli_budget_refuses_a_call_whose_last_known_price_exceeds_it(sim, tmp_path):
    first = _cli(sim, "text2image", "a", "--width", "512", "--height", "512", "-o", str(tmp_path / "a.png"))
    assert first.returncode == 0, first.stderr
    again = _cli(
        sim,
        "--budget-usd",
        "0.001",
        "text2image",
        "b",
        "--width",
        "512",
        "--height",
        "512",
        "-o",
        str(tmp_path / "b"),
    )
    assert again.returncode == 4, again.stderr
    assert "expected to cost 0.0038 USD" in again.stderr
    assert len(sim.charges) == 1, "refused before sending"


@pytest.mark.parametrize("value", ["abc", "-1", "NaN", "1e999999999", "0.1.2"])
def test_cli_malformed_budget_is_a_usage_error(value, sim):
    result = _cli(sim, "--budget-usd", value, "text2image", "x")
    assert result.returncode == 2
    assert "--budget-usd" in result.stderr
    assert "unexpected" not in result.stderr
    assert sim.charges == []


# -- the ledger and logs stay quiet about secrets -------------------------------------------------


def test_httpcore_debug_logs_never_show_the_key(sim, caplog):
    caplog.set_level(logging.DEBUG)
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        client.text2image(prompt="x")
    assert sim.api_key not in caplog.text
