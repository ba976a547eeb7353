"""Live mode: the same server-side checks against the real service, under a hard spend cap.

Run with ``make contract-live``. It needs ``DEZGO_API_KEY``; without one every test here is
skipped with a one-line reason. ``DEZGO_BASE_URL`` (default https://api.dezgo.com) and
``DEZGO_LIVE_BUDGET_USD`` (default 0.05) configure it.

Free operations (GET /info, GET /account/tx/last) run with generated cases. Paid operations
run only their cheapest valid case (required fields, the smallest size and fewest steps the
spec allows), in spec order, and stop once the next call could pass the cap: the facade's
Budget holds the cap, and a call the ledger cannot price yet is assumed to cost the most
expensive call seen so far.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from PIL import Image

from dezgo._arguments import preferred_media_type
from dezgo._spec import NO_DEFAULT, Operation, load_effective_spec, pinned_operations
from dezgo.billing import Budget, Charge, price_key
from dezgo.errors import BudgetExceededError

pytestmark = pytest.mark.live

KEY = os.environ.get("DEZGO_API_KEY")
BASE_URL = os.environ.get("DEZGO_BASE_URL") or "https://api.dezgo.com"
BUDGET = Budget(os.environ.get("DEZGO_LIVE_BUDGET_USD") or "0.05")
if not KEY:
    pytest.skip(
        "live contract tests need DEZGO_API_KEY (they spend at most $DEZGO_LIVE_BUDGET_USD, default 0.05)",
        allow_module_level=True,
    )

schema = schemathesis.openapi.from_dict(load_effective_spec())
HEADERS = {"X-Dezgo-Key": KEY}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def cheapest_body(op: Operation, media_type: str = "application/json") -> dict:
    """The cheapest valid body; images as base64 text in JSON, as bytes in multipart."""
    import base64

    body = {}
    for param in op.body_params:
        if param.is_image:
            if param.required:
                data = _png()
                body[param.name] = (
                    base64.b64encode(data).decode() if media_type == "application/json" else data
                )
        elif param.name in ("width", "height", "steps") and "minimum" in param.value_schema:
            body[param.name] = param.value_schema["minimum"]
        elif param.required:
            body[param.name] = (
                param.enum[0]
                if param.enum
                else (
                    "a small red square" if param.type == "string" else param.value_schema.get("minimum", 1)
                )
            )
    return body


FREE = [op for op in pinned_operations() if not op.paid and not op.path_params]
PAID = [op for op in pinned_operations() if op.paid]


@schema.include(path_regex="^/(info|account/tx/last)$").parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_free_operations_live(case):
    response = case.call(base_url=BASE_URL, headers=HEADERS)
    case.validate_response(response)


@pytest.mark.parametrize("op", PAID, ids=lambda op: op.name)
def test_paid_operation_cheapest_case_live(op):
    media_type = preferred_media_type(op)  # what the pinned document says it takes
    body = cheapest_body(op, media_type)
    pricing = {
        p.name: body.get(p.name, None if p.default is NO_DEFAULT else p.default) for p in op.body_params
    }
    key = price_key(op.name, pricing)
    highest = max((c.amount_usd for c in BUDGET.ledger.entries if c.amount_usd is not None), default=None)
    try:
        reservation = BUDGET.reserve(op.name, key, expected_usd=highest)
    except BudgetExceededError as exc:
        pytest.skip(f"live budget reached, stopping: {exc}")
    case = schema[op.path][op.method].Case(media_type=media_type, body=body)
    try:
        response = case.call(base_url=BASE_URL, headers=HEADERS)
    except Exception:
        reservation.uncertain()
        raise
    charge = Charge.from_headers({k: v[0] for k, v in response.headers.items()}, operation=op.name)
    BUDGET.ledger.record(charge, key)
    reservation.settle(charge)
    case.validate_response(response)
    assert BUDGET.spent_usd <= BUDGET.limit_usd or charge.amount_usd is None


def test_live_budget_summary():
    """Runs last in the module: what was spent, for the report."""
    print(
        f"live contract spent {BUDGET.spent_usd} USD of {BUDGET.limit_usd} USD over {len(BUDGET.ledger)} paid calls"
    )
    assert BUDGET.spent_usd <= BUDGET.limit_usd + max(
        (c.amount_usd or Decimal(0) for c in BUDGET.ledger.entries), default=Decimal(0)
    )
