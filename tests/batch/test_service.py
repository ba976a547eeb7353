"""When the service cannot be reached or refuses, the user sees why, and the run ends, resumable."""

from __future__ import annotations

import socket
import subprocess

import httpx
import pytest

from dezgo._base import InsecureTransportWarning
from dezgo._exit import ExitCode
from dezgo.batch import run
from dezgo.batch.outcomes import connection_reason
from dezgo.errors import APIConnectionError
from dezgo.testing import Simulator


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_service_is_shown_then_the_run_stops_and_resumes(tmp_path, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 10)
    out = tmp_path / "out"
    port = closed_port()
    key = tmp_path / "key"
    with Simulator(balance="100", port=port) as sim:
        key.write_text(sim.api_key)
    argv = [*kit.BATCH, str(manifest), "-o", str(out), "--connect-retries", "2"]
    argv += ["--base-url", f"http://127.0.0.1:{port}", "--api-key-file", str(key)]
    first = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert first.returncode == ExitCode.API == 3
    assert "waiting for the service: connection refused, retry 1 of 2" in first.stderr
    assert "waiting for the service: connection refused, retry 2 of 2" in first.stderr
    last = first.stdout.strip().splitlines()[-1]
    assert last == (
        "stopped: the service could not be reached (connection refused) after 2 retries; "
        "run the same command again to resume"
    )
    assert "10 not run" in first.stdout
    with Simulator(balance="100", port=port, api_key=key.read_text()) as sim:
        again = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stdout + again.stderr
        assert len(sim.charges) == 10
        assert kit.billed_twice(sim) == []


def test_a_service_answering_503_forever_stops_the_run(tmp_path, sim, kit):
    sim.add_fault("server-error", "text2image", value=503)
    summary = run(
        kit.write_manifest(tmp_path / "m.jsonl", 6),
        tmp_path / "out",
        api_key=sim.api_key,
        base_url=sim.url,
        connect_retries=1,
    )
    assert summary.stopped == "service"
    assert summary.exit_code == ExitCode.API
    assert summary.reason.startswith("the service could not be reached (HTTP 503) after 1 retry")
    assert summary.not_run == 6
    assert sim.charges == []


def test_a_transient_outage_is_ridden_out(tmp_path, sim, kit):
    sim.add_fault("server-error", "text2image", value=502, count=3)
    summary = run(
        kit.write_manifest(tmp_path / "m.jsonl", 8), tmp_path / "out", api_key=sim.api_key, base_url=sim.url
    )
    assert (summary.done, summary.stopped) == (8, None)
    assert kit.billed_twice(sim) == []


@pytest.mark.parametrize(
    ("balance", "key", "expected"),
    [("100", "wrong", "the service refused the API key"), ("0.0010", None, "the balance is too low")],
)
def test_a_refusal_of_every_job_stops_the_run_at_once(tmp_path, kit, balance, key, expected):
    with Simulator(balance=balance) as sim:
        summary = run(
            kit.write_manifest(tmp_path / "m.jsonl", 30),
            tmp_path / "out",
            concurrency=4,
            api_key=key or sim.api_key,
            base_url=sim.url,
        )
        assert summary.stopped == "service"
        assert expected in summary.reason
        assert summary.exit_code == ExitCode.API
        assert sim.requests["text2image"] <= 8, "stopped at once, not 30 refusals"
        assert summary.not_run + len(summary.failed) == 30
        assert sim.charges == []


def test_a_429_that_carries_a_charge_is_billed_and_never_requeued(tmp_path, loopback, kit, png):
    """The service billed this one although it said 429: sending it again would pay twice."""
    sent: list[str] = []

    def handler(request, seen):
        prompt = seen.fields()["prompt"]
        sent.append(prompt)
        billing = {"x-dezgo-job-amount-usd": "0.0015", "x-dezgo-balance-total-usd": "9.99"}
        if prompt == "picture 1" and sent.count(prompt) == 1:
            loopback.send(request, 429, b'{"detail": "slow down"}', {"retry-after": "0", **billing})
        else:
            loopback.send(request, 200, png, {"content-type": "image/png", **billing})

    loopback.set(handler)
    summary = run(
        kit.write_manifest(tmp_path / "m.jsonl", 3), tmp_path / "out", api_key="k" * 20, base_url=loopback.url
    )
    assert sent.count("picture 1") == 1, "not sent again"
    assert [(u.id, str(u.amount_usd)) for u in summary.uncertain] == [("job-0001", "0.0015")]
    assert str(summary.spent_usd) == "0.0045"
    assert summary.done == 2
    assert summary.exit_code == ExitCode.FAILED


@pytest.mark.parametrize("status", [429, 503, 500])
def test_an_answer_with_billing_headers_but_no_amount_means_a_job_started(
    tmp_path, loopback, kit, png, status
):
    """Whatever the status, billing headers say a job ran: never re-sent, listed as uncertain."""
    sent: list[str] = []

    def handler(request, seen):
        prompt = seen.fields()["prompt"]
        sent.append(prompt)
        if prompt == "picture 0" and sent.count(prompt) == 1:
            loopback.send(request, status, b'{"detail": "x"}', {"x-dezgo-balance-total-usd": "9.99"})
        else:
            loopback.send(
                request, 200, png, {"content-type": "image/png", "x-dezgo-job-amount-usd": "0.0015"}
            )

    loopback.set(handler)
    summary = run(
        kit.write_manifest(tmp_path / "m.jsonl", 2), tmp_path / "out", api_key="k" * 20, base_url=loopback.url
    )
    assert sent.count("picture 0") == 1
    assert [(u.id, u.amount_usd) for u in summary.uncertain] == [("job-0000", None)]
    assert "a job started" in summary.uncertain[0].reason


def test_the_reasons_shown_for_connection_failures():
    refused = httpx.ConnectError("All connection attempts failed")
    refused.__context__ = ConnectionRefusedError(111, "Connect call failed")
    unresolved = httpx.ConnectError("[Errno -2] Name or service not known")
    unresolved.__cause__ = socket.gaierror(-2, "Name or service not known")

    def wrapped(cause: Exception) -> APIConnectionError:
        error = APIConnectionError("text2image(): failed")
        error.__cause__ = cause
        return error

    assert connection_reason(wrapped(refused)) == "connection refused"
    assert connection_reason(wrapped(unresolved)) == "the host name could not be resolved"
    assert connection_reason(wrapped(httpx.ConnectTimeout("timed out"))) == "connection timed out"


def test_a_host_that_does_not_resolve_stops_the_run(tmp_path, kit):
    try:
        socket.getaddrinfo("dezgo-batch-test.invalid", 80)
    except socket.gaierror:
        pass
    else:  # pragma: no cover - a resolver that answers for .invalid
        pytest.skip("this resolver answers for .invalid names")
    with pytest.warns(InsecureTransportWarning, match="plain HTTP"):
        summary = run(
            kit.write_manifest(tmp_path / "m.jsonl", 3),
            tmp_path / "out",
            api_key="k" * 20,
            base_url="http://dezgo-batch-test.invalid",
            connect_retries=0,
        )
    assert summary.stopped == "service"
    assert "the host name could not be resolved" in summary.reason
