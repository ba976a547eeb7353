"""Day one: the SDK keeps working on the service's own document, whatever it fails to declare.

FastAPI declares a raw ``Response`` as ``application/json: {schema: {}}`` and no response
headers, and the service's document carries none of our evidence. These tests run the
facade and the simulator (both built from the effective spec, as in production) on such a
document with an overlay that knows nothing, so nothing but the wire can say what an answer
is, and with our overlay on a document that is not our reconstruction.
"""

from __future__ import annotations

import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from dezgo import BudgetExceededError, Dezgo, InvalidRequestError, WeakEvidenceWarning
from dezgo._spec import by_name, is_reconstruction, pinned_document_path, pinned_operations
from dezgo.errors import APIConnectionError, UnexpectedResponseError
from dezgo.testing import Simulator

KNOWS_NOTHING = """\
overlay: 1.0.0
info: {title: an overlay that knows nothing of the service, version: "0"}
actions:
  - target: $.info
    update: {x-note: nothing here}
"""


def _as_fastapi_writes_it(document: dict[str, Any]) -> dict[str, Any]:
    """Every answer a raw ``Response`` as FastAPI declares it: ``application/json: {schema: {}}``
    for whatever is not JSON, and no response headers (the pin itself may declare either)."""
    for item in document["paths"].values():
        operations = [v for k, v in item.items() if k in ("get", "put", "post", "delete", "patch")]
        for operation in operations:  # a path item's "parameters" or "summary" is no operation
            for response in operation.get("responses", {}).values():
                response.pop("headers", None)
                content = response.get("content", {})
                if content and "application/json" not in content:
                    response["content"] = {"application/json": {"schema": {}}}
    return document


@pytest.fixture
def knows_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pinned document as FastAPI writes it, and no knowledge on top of it."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(KNOWS_NOTHING, encoding="utf-8")
    document = tmp_path / "dezgo.json"
    document.write_text(json.dumps(_as_fastapi_writes_it(json.loads(pinned_document_path().read_bytes()))))
    monkeypatch.setenv("DEZGO_OVERLAY_PATH", str(overlay))
    monkeypatch.setenv("DEZGO_SPEC_PATH", str(document))


@pytest.fixture
def fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document that is not our reconstruction (as after ``make spec``), with our overlay."""
    document = json.loads(pinned_document_path().read_bytes())
    document["info"] = {"title": "Dezgo API", "version": "3.153"}
    path = tmp_path / "dezgo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("DEZGO_SPEC_PATH", str(path))


def test_fastapi_default_200s_still_give_images(knows_nothing):
    op = by_name(pinned_operations())["text2image"]
    assert op.response_media_types == ("application/json",)  # FastAPI's default, nothing else
    assert not op.response_headers
    with Simulator() as sim, Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        image = client.text2image(prompt="a lighthouse", width=512, height=512)
        assert image.format == "png"
        assert (image.width, image.height) == (512, 512)
        assert image.charge is not None
        assert image.charge.amount_usd == sim.charges[-1].amount_usd
        assert client.ledger.total_usd == sum(c.amount_usd for c in sim.charges)


def test_the_budget_counts_when_no_billing_header_is_declared(knows_nothing):
    with Simulator() as sim, Dezgo(api_key=sim.api_key, base_url=sim.url, budget_usd="0.000001") as client:
        client.text2image(prompt="first")
        with pytest.raises(BudgetExceededError):
            client.text2image(prompt="second")
    assert len(sim.charges) == 1, "the second call was refused before it was sent"


def test_free_only_when_known(knows_nothing):
    ops = by_name(pinned_operations())
    assert all(op.paid for op in ops.values()), "an overlay that says nothing makes nothing free"


def test_known_free_operations_cost_nothing_and_nothing_else_is_free():
    ops = by_name(pinned_operations())
    assert {name for name, op in ops.items() if op.free} == {"info", "account_tx_last", "unstable_job"}
    assert all(op.method == "GET" for op in ops.values() if op.free)


def test_failures_of_an_unknown_operation_may_have_charged(knows_nothing):
    with (
        Simulator(faults=["drop-after-billing:text2image"]) as sim,
        Dezgo(api_key=sim.api_key, base_url=sim.url, max_retries=3) as client,
    ):
        with pytest.raises(APIConnectionError) as caught:
            client.text2image(prompt="x")
        assert caught.value.maybe_charged
        assert len(sim.charges) == 1, "not retried: it may have been billed"


def test_without_evidence_every_constraint_is_enforced(fetched):
    assert not is_reconstruction()
    with Simulator() as sim, Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error", WeakEvidenceWarning)
            # The sampler's list rests on one source (L) in the reconstruction; here it is the
            # service's own word, so a value outside it is refused before anything is sent.
            with pytest.raises(InvalidRequestError) as caught:
                client.text2image(prompt="x", sampler="not_a_sampler")  # type: ignore[arg-type]
            assert caught.value.field == "sampler"
            # As are the guesses that only warned before: a minimum length of 1 (G).
            with pytest.raises(InvalidRequestError):
                client.text2image(prompt="")
            image = client.text2image(prompt="fine", sampler="euler_a")
        assert image.format == "png"
        assert len(sim.charges) == 1


@pytest.mark.reconstruction
def test_with_our_reconstruction_a_guess_only_warns():
    assert is_reconstruction()
    with Simulator() as sim, Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.warns(WeakEvidenceWarning):
            client.text2image(prompt="x", sampler="not_a_sampler")  # type: ignore[arg-type]
        assert len(sim.charges) == 1


def _serve(loopback, body: bytes, content_type: str | None, amount: str = "0.0038") -> None:
    def handler(request, seen):
        headers = {
            "x-dezgo-job-amount-usd": amount,
            "x-dezgo-balance-total-usd": "4.9962",
            "x-dezgo-balance-index": "2",
        }
        if content_type is not None:
            headers["Content-Type"] = content_type
        loopback.send(request, 200, body, headers)

    loopback.set(handler)


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "application/octet-stream", None])
@pytest.mark.parametrize("kind", ["png", "mp4"])
def test_the_bytes_decide_what_arrived(loopback, png, content_type, kind):
    _serve(loopback, png if kind == "png" else MP4, content_type)
    with Dezgo(api_key="k" * 20, base_url=loopback.url, max_retries=0) as client:
        result = client.text2image(prompt="x") if kind == "png" else client.text2video_wan_2_1(prompt="x")
    assert result.format == kind
    assert result.charge is not None
    assert result.charge.amount_usd == Decimal("0.0038")


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"", "image/png", "no image"),
        (b"", None, "an empty body"),
        (b"<html><body>Service Unavailable</body></html>", "text/html", "text/html"),
        (b"not json at all", "application/json", "not valid JSON"),
        (b'{"detail": "ok"}', "application/json", "JSON without a job ticket"),
    ],
)
def test_a_paid_answer_that_is_no_result_is_an_error_that_keeps_the_charge(
    loopback, body, content_type, said
):
    _serve(loopback, body, content_type)
    with Dezgo(api_key="k" * 20, base_url=loopback.url, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as caught:
            client.text2image(prompt="x")
        error = caught.value
        assert said in str(error)
        assert "billed" in str(error)
        assert error.maybe_charged
        assert error.charge is not None
        assert error.charge.amount_usd == Decimal("0.0038")
        assert error.content == body
        assert client.ledger.total_usd == Decimal("0.0038")
    assert len(loopback.seen) == 1, "never retried"


def test_json_answers_are_read_by_their_shape(knows_nothing):
    """With no schema to name them, the catalogue, the balance and a job's status are still typed."""
    from dezgo.models import Catalogue, Transaction

    with Simulator() as sim, Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        # An overlay that knows nothing makes /info "paid" too: it is counted, never assumed free.
        assert isinstance(client.info(), Catalogue)
        transaction = client.account_tx_last()
        assert isinstance(transaction, Transaction)
        assert transaction.balance == Decimal("5.00")
        assert httpx.get(sim.url + "/openapi.json").content == pinned_document_path().read_bytes()
