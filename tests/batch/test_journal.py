"""The journal survives crashes and damage: torn records stay apart, unreadable ones are reported,
and a job that may have been billed is never re-sent silently."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezgo.batch import run
from dezgo.batch.journal import JOURNAL, Journal, JournalBusyError, decode, encode, read_state


def test_a_torn_record_never_glues_the_next_one_onto_it(tmp_path, sim, kit):
    items = kit.rows(3)
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    run(kit.write_rows(tmp_path / "first.jsonl", items[:2]), out, api_key=sim.api_key, base_url=sim.url)
    # A crash in the middle of an append: half a record, no newline.
    torn = encode({"v": 1, "event": "done", "id": "job-0001", "output": "job-0001.png"})[:30]
    with (out / JOURNAL).open("ab") as handle:
        handle.write(torn)
    # The next run starts job-0002 (its record is durable) and is killed before it ends.
    journal = Journal(out)
    journal.append("started", "job-0002", output="job-0002")
    journal.close()
    lines = (out / JOURNAL).read_bytes().split(b"\n")
    assert torn in lines, "the torn bytes kept a line of their own"
    assert decode(lines[lines.index(torn) + 1])["id"] == "job-0002", "the next record is whole"

    billed = len(sim.charges)
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert [u.id for u in summary.uncertain] == ["job-0002"], "started, never finished: uncertain"
    assert summary.skipped == 2
    assert len(sim.charges) == billed, "job-0002 was not sent again"
    assert [line for line, _ in summary.journal_problems] == [lines.index(torn) + 1]
    assert "torn" in summary.journal_problems[0][1]


def test_lines_that_are_not_records_are_reported_not_fatal(tmp_path, sim, kit):
    items = kit.rows(2)
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    out.mkdir()
    tampered = json.loads(encode({"v": 1, "event": "done", "id": "job-0000", "output": "job-0000.png"}))
    tampered["output"] = "elsewhere.png"  # an edit that keeps the old checksum
    (out / JOURNAL).write_text(
        "\n".join(["[1]", "{}", '{"event": "done"}', "garbage", "\x00\x00", json.dumps(tampered), ""])
    )
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert [line for line, _ in summary.journal_problems] == [1, 2, 3, 4, 5, 6]
    assert "checksum" in summary.journal_problems[5][1]
    assert summary.done == 2, "nothing in those lines described a job"
    assert summary.exit_code == 0


def test_a_journal_pointing_outside_out_is_not_followed(tmp_path, sim, kit):
    items = kit.rows(1)
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret.png").write_bytes(b"not yours")
    journal = Journal(out)
    journal.append("started", "job-0000", output="job-0000")
    journal.append("done", "job-0000", output="../secret.png")  # damaged, but with a valid checksum
    journal.close()
    summary = run(kit.write_rows(tmp_path / "m.jsonl", items), out, api_key=sim.api_key, base_url=sim.url)
    assert summary.missing == [("job-0000", "../secret.png")], "not taken as done, not re-sent"
    assert sim.requests == {}


def test_a_damaged_done_after_started_leaves_the_job_uncertain(tmp_path, sim, kit):
    out = tmp_path / "out"
    out.mkdir()
    journal = Journal(out)
    journal.append("started", "job-0000", output="job-0000")
    journal.close()
    done = encode({"v": 1, "event": "done", "id": "job-0000", "output": "job-0000.png"})
    with (out / JOURNAL).open("ab") as handle:
        handle.write(done.replace(b"done", b"dome", 1))
    summary = run(
        kit.write_rows(tmp_path / "m.jsonl", kit.rows(1)), out, api_key=sim.api_key, base_url=sim.url
    )
    assert [u.id for u in summary.uncertain] == ["job-0000"]
    assert sim.requests == {}
    assert summary.exit_code == 1


def test_the_first_journal_format_is_still_read(tmp_path, sim, kit):
    """Journals written before checksums: their records are taken as they were meant."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "job-0000.png").write_bytes(b"an image")
    (out / JOURNAL).write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"event": "started", "id": "job-0000"},
                {
                    "event": "done",
                    "id": "job-0000",
                    "output": "job-0000.png",
                    "charge": {"amount_usd": "0.0015"},
                },
                {"event": "started", "id": "job-0001"},
            ]
        )
        + "\n"
    )
    summary = run(
        kit.write_rows(tmp_path / "m.jsonl", kit.rows(3)), out, api_key=sim.api_key, base_url=sim.url
    )
    assert (summary.skipped, [u.id for u in summary.uncertain], summary.done) == (1, ["job-0001"], 1)


def test_two_runs_on_one_out_folder_are_refused(tmp_path, sim, kit):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 2)
    out = tmp_path / "out"
    out.mkdir()
    holder = Journal(out)
    try:
        with pytest.raises(JournalBusyError, match="another dezgo batch is running"):
            run(manifest, out, api_key=sim.api_key, base_url=sim.url)
        cli = subprocess.run(
            [*kit.BATCH, str(manifest), "-o", str(out), "-q"],
            env=kit.env_for(sim),
            capture_output=True,
            text=True,
        )
        assert cli.returncode == 2
        assert "another dezgo batch is running" in cli.stderr
    finally:
        holder.close()
    assert sim.requests == {}
    assert run(manifest, out, api_key=sim.api_key, base_url=sim.url).done == 2


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder"])
def test_a_journal_that_is_not_a_regular_file_is_refused_before_anything_is_sent(tmp_path, sim, kit, kind):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    journal = out / JOURNAL
    if kind == "fifo":
        os.mkfifo(journal)
    elif kind == "symlink":
        journal.symlink_to(victim)
    else:
        journal.mkdir()
    summary = run(kit.write_manifest(tmp_path / "m.jsonl", 2), out, api_key=sim.api_key, base_url=sim.url)
    assert summary.stopped == "write_failed"
    assert "not a regular file" in summary.reason
    assert "nothing was sent" in summary.reason
    assert sim.requests == {}
    assert victim.read_text() == "keep me"


RECORD = st.fixed_dictionaries(
    {
        "v": st.just(1),
        "event": st.sampled_from(["started", "done", "uncertain"]),
        "id": st.text(min_size=1, max_size=20),
    },
    optional={
        "output": st.text(max_size=30),
        "charge": st.fixed_dictionaries({"amount_usd": st.just("0.0015")}),
    },
)


@settings(max_examples=200, deadline=None)
@given(record=RECORD, data=st.data())
def test_a_damaged_record_is_refused_or_reads_back_the_same(record, data):
    line = encode(record)
    assert decode(line) == record
    damage = data.draw(st.sampled_from(["cut", "flip"]))
    if damage == "cut":
        broken = line[: data.draw(st.integers(0, len(line) - 2))]
    else:
        at = data.draw(st.integers(0, len(line) - 2))
        broken = line[:at] + bytes([line[at] ^ data.draw(st.integers(1, 255))]) + line[at + 1 :]
    try:
        decoded = decode(broken)
    except ValueError:
        return
    assert decoded == record, "a damaged line is never read as a different record"


def test_reading_counts_spending_and_attempts_that_never_closed(tmp_path):
    out = tmp_path
    journal = Journal(out)
    journal.append("run", budget_usd="0.50")
    journal.append("started", "a")
    journal.append("done", "a", output="a.png", charge={"amount_usd": "0.0015"})
    journal.append("started", "b")
    journal.append("uncertain", "b", error="dropped")  # no charge seen
    journal.append("started", "c")
    journal.append("started", "c")  # re-sent with --retry-uncertain after a crash
    journal.append("unsaved", "c", output="c.png", charge={"amount_usd": "0.0020"}, error="full")
    journal.append("started", "d")
    journal.close()
    state = read_state(out / JOURNAL)
    assert str(state.charged_usd) == "0.0035"
    assert sorted(state.unknown_charges) == ["b", "c", "d"]
    assert str(state.budget_usd) == "0.50"
    assert {k: v["event"] for k, v in state.last.items()} == {
        "a": "done",
        "b": "uncertain",
        "c": "unsaved",
        "d": "started",
    }


# -- money in the journal: what cannot be read as an amount is a damaged record ------------------------

UNREADABLE_AMOUNTS = {
    "an exponent beyond any context": "1E+999999999",
    "a tiny exponent": "1E-999999999",
    "not a number": "NaN",
    "infinite": "Infinity",
    "negative": "-0.0015",
    "beyond any single charge": "2000000",
    "a JSON number, not text": 0.0015,
    "not an amount": "0,0015 USD",
}


def _batch(kit, sim, manifest, out):
    return subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(out), "--json", "-q"],
        env=kit.env_for(sim),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("amount", list(UNREADABLE_AMOUNTS.values()), ids=list(UNREADABLE_AMOUNTS))
def test_a_checksummed_record_whose_charge_is_not_money_is_a_journal_problem(tmp_path, sim, kit, amount):
    """A hand-edited record with a valid checksum: ``dezgo batch`` reports it with its line, the job
    is uncertain (its last readable record says it was started), and the rest of the batch runs."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "job-0000.png").write_bytes(b"an image")
    journal = Journal(out)
    journal.append("started", "job-0000", output="job-0000")
    journal.append("done", "job-0000", output="job-0000.png", charge={"amount_usd": amount})
    journal.close()
    done = _batch(kit, sim, kit.write_rows(tmp_path / "m.jsonl", kit.rows(2)), out)
    assert "unexpected error" not in done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [p["line"] for p in report["journal_problems"]] == [2]
    assert "amount_usd" in report["journal_problems"][0]["reason"]
    assert [u["id"] for u in report["uncertain"]] == ["job-0000"], "may have been billed: listed, not re-sent"
    assert report["done"] == 1
    assert sim.requests == {"text2image": 1}
    assert report["batch_spent_usd"] == format(sim.total_billed, "f"), "the damaged amount counts nowhere"
    assert (out / "index.html").is_file(), "the gallery read the same journal"


def test_a_run_record_whose_budget_is_not_money_is_a_journal_problem(tmp_path, sim, kit):
    out = tmp_path / "out"
    out.mkdir()
    journal = Journal(out)
    journal.append("run", budget_usd="0.50")
    journal.append("run", budget_usd="1E+999999999")
    journal.close()
    done = _batch(kit, sim, kit.write_rows(tmp_path / "m.jsonl", kit.rows(2)), out)
    assert "unexpected error" not in done.stderr
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [p["line"] for p in report["journal_problems"]] == [2]
    assert "budget_usd" in report["journal_problems"][0]["reason"]
    assert report["budget_usd"] == "0.50", "the last budget that can be read applies"
    assert report["done"] == 2


def test_journal_money_is_read_by_one_reader(tmp_path):
    """The state's totals, its prices, the resumed run's summary and the gallery's cards all read
    a record's charge the same way: a record the reader refuses is not one anywhere."""
    from dezgo.batch.gallery import cards_of
    from dezgo.batch.journal import amount_of

    out = tmp_path
    journal = Journal(out)
    journal.append("started", "a")
    journal.append("done", "a", output="a.png", charge={"amount_usd": "0.0015"})
    journal.append("started", "b")
    journal.append("uncertain", "b", error="dropped", charge={"amount_usd": "1E+999999999"})
    journal.close()
    state = read_state(out / JOURNAL)
    assert str(state.charged_usd) == "0.0015"
    assert state.prices == {"a": Decimal("0.0015")}
    assert [line for line, _ in state.problems] == [4]
    assert state.last["b"]["event"] == "started"
    assert amount_of({"event": "done", "id": "x", "charge": {"amount_usd": "1E+999999999"}}) is None
    cards, totals = cards_of([], state, out)
    assert totals.charged_usd == Decimal("0.0015")
    assert {c.id: c.charge_usd for c in cards} == {"a": None, "b": None}, "a.png is not on disk"
