"""Exact charges, the ledger and the budget: unit checks and real sockets."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import logging
import threading
from decimal import Decimal

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezgo import AsyncDezgo, Budget, BudgetExceededError, Charge, Dezgo, Ledger
from dezgo.billing import price_key

# -- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.0035", "0.0035"),
        ("0.1", "0.1"),
        ("1e-4", "0.0001"),
        ("1E-4", "0.0001"),
        (" 0.000000000001 ", "1E-12"),
        ("12", "12"),
    ],
)
def test_amounts_are_parsed_exactly(text, expected):
    charge = Charge.from_headers({"X-Dezgo-Job-Amount-USD": text}, operation="text2image")
    assert charge.amount_usd == Decimal(expected)
    assert charge.charged


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity", "-inf", "0.1.2", "1,5"])
def test_malformed_amounts_become_none_with_a_warning(text, caplog):
    caplog.set_level(logging.WARNING, logger="dezgo.billing")
    charge = Charge.from_headers(
        {"x-dezgo-job-amount-usd": text, "x-dezgo-balance-index": "x7"}, operation="upscale"
    )
    assert charge.amount_usd is None
    assert charge.balance_index is None
    assert "x-dezgo-job-amount-usd" in caplog.text
    assert "x-dezgo-balance-index" in caplog.text


def test_every_header_and_missing_ones():
    at = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    full = Charge.from_headers(
        {
            "x-dezgo-job-amount-usd": "0.0038",
            "x-dezgo-balance-credits-usd": "10.00",
            "x-dezgo-balance-debits-usd": "5.0038",
            "x-dezgo-balance-total-usd": "4.9962",
            "x-dezgo-balance-index": "17",
            "x-dezgo-auth-userid": "u1",
            "x-dezgo-job-id": "j1",
        },
        operation="text2image",
        at=at,
    )
    assert (full.balance_credits_usd, full.balance_debits_usd, full.balance_total_usd) == (
        Decimal("10.00"),
        Decimal("5.0038"),
        Decimal("4.9962"),
    )
    assert (full.balance_index, full.user_id, full.job_id, full.at) == (17, "u1", "j1", at)
    assert str(full) == "0.0038 USD, balance 4.9962 USD"
    empty = Charge.from_headers({}, operation="info")
    assert not empty.charged
    assert empty.at.tzinfo is not None


AMOUNTS = st.one_of(
    st.decimals(min_value=0, max_value=100, places=12, allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=1, max_value=9999).map(lambda n: f"{n}e-4"),
    st.sampled_from(["0.0035", "0.1", "0.2", "0.3", "1e-4", "0.000000000001"]),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=200))
def test_ledger_totals_are_exact(amounts):
    ledger = Ledger()
    for i, text in enumerate(amounts):
        ledger.record(Charge.from_headers({"x-dezgo-job-amount-usd": text}, operation=f"op{i % 3}"))
    assert ledger.total_usd == sum((Decimal(t) for t in amounts), Decimal(0))
    assert sum(ledger.totals_by_operation().values(), Decimal(0)) == ledger.total_usd
    assert len(ledger) == len(amounts)


def test_last_balance_follows_the_index_not_arrival():
    ledger = Ledger()
    for index, total in ((5, "4.5"), (7, "4.3"), (6, "4.4")):
        ledger.record(
            Charge.from_headers(
                {
                    "x-dezgo-job-amount-usd": "0.1",
                    "x-dezgo-balance-total-usd": total,
                    "x-dezgo-balance-index": str(index),
                },
                operation="t",
            )
        )
    assert ledger.last_snapshot.balance_index == 7
    assert ledger.balance_usd == Decimal("4.3")


def test_exports_keep_exact_strings(tmp_path):
    ledger = Ledger()
    for text in ("0.0035", "1e-4", "0.000000000001"):
        ledger.record(Charge.from_headers({"x-dezgo-job-amount-usd": text}, operation="text2image"))
    data = json.loads(ledger.to_json(tmp_path / "ledger.json"))
    assert data["total_usd"] == "0.003600000001"
    assert [e["amount_usd"] for e in data["entries"]] == ["0.0035", "0.0001", "0.000000000001"]
    assert json.loads((tmp_path / "ledger.json").read_text()) == data
    rows = list(csv.DictReader(io.StringIO(ledger.to_csv(tmp_path / "ledger.csv"))))
    assert [r["amount_usd"] for r in rows] == ["0.0035", "0.0001", "0.000000000001"]
    assert (tmp_path / "ledger.csv").read_bytes() == ledger.to_csv().encode()


def test_a_price_is_known_only_for_the_arguments_that_set_it():
    """Prompts, seeds and the output format do not change a price; every other argument may (when
    unsure, an argument sets the price), and so does the pixel size of every input image."""
    base = {"prompt": "a", "seed": 1, "width": 512, "height": 512, "steps": 30}
    a = price_key("image2image", base, {"init_image": (64, 64)})
    b = price_key(
        "image2image", {**base, "prompt": "b", "seed": 2, "format": "jpg"}, {"init_image": (64, 64)}
    )
    assert a == b
    assert hash(a) == hash(b)
    for other in (
        price_key("image2image", {**base, "steps": 31}, {"init_image": (64, 64)}),
        price_key("image2image", {**base, "strength": 0.4}, {"init_image": (64, 64)}),
        price_key("image2image", {**base, "lora1": "x"}, {"init_image": (64, 64)}),
        price_key("image2image", base, {"init_image": (1024, 1024)}),
        price_key("text2image", base, {"init_image": (64, 64)}),
    ):
        assert other != a


# -- the budget ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.5, 1.0, True])
def test_a_float_budget_is_refused_clearly(value):
    with pytest.raises(TypeError, match=r'budget_usd="1\.00"'):
        Budget(value)


@pytest.mark.parametrize("value", ["-1", "abc", "NaN"])
def test_a_bad_budget_is_refused(value):
    with pytest.raises(ValueError, match="budget_usd"):
        Budget(value)


def test_budget_reservations_count_calls_in_flight():
    budget = Budget("0.01")
    key = ("t",)
    first = budget.reserve("t", key)  # unpriced: allowed
    budget.ledger.record(Charge.from_headers({"x-dezgo-job-amount-usd": "0.004"}, operation="t"), key)
    first.settle()
    second = budget.reserve("t", key)  # 0.004 spent + 0.004 expected = 0.008
    with pytest.raises(BudgetExceededError, match="in flight"):
        budget.reserve("t", key)  # 0.004 + 0.004 in flight + 0.004 > 0.01
    second.release()
    third = budget.reserve("t", key)
    third.uncertain()  # no response: counted at its expected price
    assert budget.spent_usd == Decimal("0.008")
    with pytest.raises(BudgetExceededError) as caught:
        budget.reserve("t", key)
    assert caught.value.expected_usd == Decimal("0.004")
    assert caught.value.budget_usd == Decimal("0.01")


def test_a_debit_read_while_another_call_was_out_is_not_taken_as_one_calls_price():
    """A call answered after the balance read began may have been billed before it: the debit the
    read shows is then not the timed-out call's price (found by the campaign, seed 35: its price
    learned as 0.0015 where it cost 0.0086, so later calls of its kind were let through)."""
    budget = Budget("0.01")
    small, large = ("t", 320), ("t", 768)
    budget.ledger.remember_price(small, Decimal("0.0015"))
    budget.observe_balance(Decimal("1000"))
    timed_out = budget.reserve("t", large)  # unpriced; the job stalls and will be billed later
    other = budget.reserve("t", small)  # sent before the read below began...
    timed_out.uncertain(lingering=True)
    read_started = budget.tick()  # ...which sees its debit (0.0015), not the stalled job's
    arrived = budget.tick()
    budget.ledger.record(
        Charge.from_headers({"x-dezgo-job-amount-usd": "0.0015"}, operation="t"),
        small,
        sent_seq=other.seq,
        arrived_seq=arrived,
    )
    other.settle()
    budget.reconcile(Decimal("999.9985"), read_started, budget.tick())
    assert budget.ledger.price_of(large) is None, "the stalled call's price is not known yet"
    assert budget.spent_usd >= Decimal("0.0030"), "the read's debit is counted, and the other call's charge"
    with pytest.raises(BudgetExceededError):
        budget.reserve("t", large)  # closed until the stalled job's debit is explained


def test_a_timed_out_call_is_not_priced_by_a_debit_its_base_balance_had_not_caught_up_with():
    """The balance a reconciliation starts from may predate a debit of a call sent before it and
    answered since (found by the campaign in CI, seed 35 again: a stalled 768 call priced at the
    0.0015 of a 320 call, so more of its kind were let through, 0.0301 USD billed on 0.01)."""
    budget = Budget("0.01")
    small, large = ("t", 320), ("t", 768)
    budget.ledger.remember_price(small, Decimal("0.0015"))
    other = budget.reserve("t", small)  # billed after the balance below was computed
    budget.observe_balance(Decimal("1000"))  # an earlier answer's balance, arriving now
    timed_out = budget.reserve("t", large)  # unpriced; the job stalls and will be billed later
    timed_out.uncertain(lingering=True)
    budget.ledger.record(
        Charge.from_headers({"x-dezgo-job-amount-usd": "0.0015"}, operation="t"),
        small,
        sent_seq=other.seq,
        arrived_seq=budget.tick(),
    )
    other.settle()
    read_started = budget.tick()  # nothing is out: the read shows only the other call's debit
    budget.reconcile(Decimal("999.9985"), read_started, budget.tick())
    assert budget.ledger.price_of(large) is None, "the stalled call's price is not known yet"
    with pytest.raises(BudgetExceededError):
        budget.reserve("t", large)  # its job may still be billed: nothing more of unknown price


def test_a_debit_read_with_no_other_call_out_is_that_calls_price():
    budget = Budget("0.01")
    large = ("t", 768)
    budget.observe_balance(Decimal("1000"))
    dropped = budget.reserve("t", large)
    dropped.uncertain()
    budget.reconcile(Decimal("999.9914"), budget.tick(), budget.tick())
    assert budget.ledger.price_of(large) == Decimal("0.0086")
    assert budget.spent_usd == Decimal("0.0086")
    assert budget.uncertain_calls == 0


def _fixed_price_server(loopback, png, amount: str):
    def handler(request, seen):
        # A budgeted client reads the balance before its first call of unknown price.
        if seen.path == "/account/tx/last":
            loopback.send(request, 200, b'{"balance": 5}', {"Content-Type": "application/json"})
            return
        loopback.send(request, 200, png, {"Content-Type": "image/png", "x-dezgo-job-amount-usd": amount})

    loopback.set(handler)


def test_budget_of_one_cent_at_four_tenths_allows_exactly_two_calls(loopback, png):
    _fixed_price_server(loopback, png, "0.004")
    with Dezgo(api_key="k" * 16, base_url=loopback.url, budget_usd="0.01") as client:
        client.text2image(prompt="a", width=512, height=512)
        client.text2image(prompt="b", width=512, height=512)
        with pytest.raises(BudgetExceededError, match="nothing was sent"):
            client.text2image(prompt="c", width=512, height=512)
        posts = [seen for seen in loopback.seen if seen.method == "POST"]
        assert len(posts) == 2, "the third call sent no byte"
        assert client.ledger.total_usd == Decimal("0.008")
        assert client.budget.remaining_usd == Decimal("0.002")


def test_budget_with_the_simulator_stops_before_the_balance_runs_out(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url, budget_usd=Decimal("0.02")) as client:
        done = 0
        refused = None
        for _ in range(100):
            try:
                client.text2image(prompt="x", width=512, height=512)
            except BudgetExceededError as error:
                refused = error
                break
            done += 1
    assert refused is not None
    assert done == 5  # 5 x 0.0038 = 0.019; a sixth would reach 0.0228
    assert sim.total_billed == Decimal("0.0190")
    assert sim.requests["text2image"] == 5


# -- real sockets: thousands of awkward amounts ------------------------------------------------


def test_thousands_of_charges_over_a_socket_match_the_server_to_the_last_digit(loopback, png):
    amounts = [f"0.{i:012d}" if i % 3 else f"{i}e-4" for i in range(1, 2001)]
    served = iter(amounts)
    lock = threading.Lock()

    def handler(request, seen):
        with lock:
            amount = next(served)
        loopback.send(request, 200, png, {"Content-Type": "image/png", "x-dezgo-job-amount-usd": amount})

    loopback.set(handler)
    with Dezgo(api_key="k" * 16, base_url=loopback.url) as client:
        for _ in amounts:
            client.upscale(image=png)
        assert client.ledger.total_usd == sum((Decimal(a) for a in amounts), Decimal(0))
        assert [c.amount_usd for c in client.ledger.entries] == [Decimal(a) for a in amounts]


def test_missing_or_malformed_billing_headers_never_lose_the_image(loopback, png, caplog):
    variants = iter(
        [
            {},
            {"x-dezgo-job-amount-usd": "lots"},
            {"x-dezgo-job-amount-usd": "0.1", "x-dezgo-balance-index": "?"},
        ]
    )
    loopback.set(
        lambda req, seen: loopback.send(req, 200, png, {"Content-Type": "image/png", **next(variants)})
    )
    with Dezgo(api_key="k" * 16, base_url=loopback.url) as client:
        results = [client.upscale(image=png) for _ in range(3)]
    assert [r.data for r in results] == [png] * 3
    assert [r.charge.amount_usd for r in results] == [None, None, Decimal("0.1")]
    assert "lots" in caplog.text


def test_64_concurrent_async_calls_total_to_the_cent(sim):
    async def run():
        async with AsyncDezgo(api_key=sim.api_key, base_url=sim.url) as client:
            await asyncio.gather(
                *(client.text2image(prompt=str(i), width=320 + 8 * (i % 8), height=320) for i in range(64))
            )
            return client.ledger

    ledger = asyncio.run(run())
    assert len(ledger) == 64
    assert ledger.total_usd == sim.total_billed
    assert ledger.balance_usd == sim.balance
    assert ledger.last_snapshot.balance_index == max(c.balance_index for c in sim.charges)


def test_64_threads_total_to_the_cent(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        threads = [
            threading.Thread(
                target=client.text2image, kwargs={"prompt": str(i), "width": 320, "height": 320 + 8 * (i % 5)}
            )
            for i in range(64)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert client.ledger.total_usd == sim.total_billed
        assert client.ledger.balance_usd == sim.balance


def test_http_client_sees_no_float(sim):
    """The balance endpoint's JSON number is parsed as Decimal, digit for digit."""
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        client.text2image(prompt="x")
        raw = httpx.get(sim.url + "/account/tx/last", headers={"X-Dezgo-Key": sim.api_key}).text
        text = raw.split('"balance":')[1].split(",")[0]
        assert str(client.balance()) == text
