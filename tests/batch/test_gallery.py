"""``OUT/index.html``: drawn from the journal (the statuses a resumed run reads), escaped, linked
inside OUT only, kept in step while a run goes on, never overwriting a page that is not its own,
and never in the way of the batch."""

from __future__ import annotations

import contextlib
import html.parser
import logging
import re
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest

from dezgo.batch import ManifestError, load_manifest, run
from dezgo.batch.gallery import GALLERY, Gallery, GalleryError, Status, cards_of
from dezgo.batch.journal import JOURNAL, Journal, JournalReader, encode


def _charge(amount: str) -> dict:
    return {"amount_usd": amount, "amount_source": "header"}


def _statuses(page: str) -> dict[str, str]:
    return dict(re.findall(r'<article class="[^"]*" id="job-([^"]+)" data-status="([^"]+)"', page))


class _Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _journal_with_every_status(tmp_path: Path, kit) -> tuple[list, Path, Journal]:
    rows = [
        {"id": "done", "prompt": "a <b>bold</b> cat", "model": "dreamshaper_8", "output": "cats/done.png"},
        {"id": "gone", "prompt": "deleted", "width": 320, "height": 320},
        {"id": "refused", "prompt": "x"},
        {"id": "lost", "prompt": "dropped"},
        {"id": "unsaved", "prompt": "paid, not saved"},
        {"id": "crashed", "prompt": "the run died"},
        {"id": "flying", "prompt": "in flight now"},
        {"id": "queued", "prompt": "429, back in the queue"},
        {"id": "fresh", "prompt": "never started"},
    ]
    manifest = kit.write_rows(tmp_path / "m.jsonl", rows)
    out = tmp_path / "out"
    out.mkdir()
    (out / "cats").mkdir()
    (out / "cats" / "done.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    jobs, _ = load_manifest(manifest, out_dir=out)
    old = Journal(out)
    old.append("run", budget_usd="1.00")
    old.append("started", "done", output="cats/done.png")
    old.append(
        "done",
        "done",
        output="cats/done.png",
        charge=_charge("0.0038"),
        image={"seed": 7, "width": 512, "height": 512},
    )
    old.append("done", "gone", output="gone.png", charge=_charge("0.0015"))
    old.append("failed", "refused", error="HTTP 400: unknown model")
    old.append("uncertain", "lost", error="the connection dropped", charge=_charge("0.0020"))
    old.append(
        "unsaved", "unsaved", output="unsaved.png", charge=_charge("0.0010"), error="No space left on device"
    )
    old.append("started", "crashed", output="crashed")
    old.append("done", "stranger", output="../outside.png", charge=_charge("0.0001"))
    old.close()
    live = Journal(out)
    live.append("run", budget_usd="1.00")
    live.append("started", "flying", output="flying")
    live.append("unsent", "queued", reason="429 without billing headers")
    return jobs, out, live


def test_every_status_is_read_from_the_journal_as_a_resumed_run_reads_it(tmp_path, kit):
    jobs, out, live = _journal_with_every_status(tmp_path, kit)
    reader = JournalReader(out / JOURNAL)
    reader.read(partial=False)
    state = reader.state
    cards, totals = cards_of(jobs, state, out, live_run=live.run_id)
    by_id = {card.id: card for card in cards}
    assert {i: c.status for i, c in by_id.items()} == {
        "done": Status.DONE,
        "gone": Status.MISSING,
        "refused": Status.FAILED,
        "lost": Status.UNCERTAIN,
        "unsaved": Status.UNSAVED,
        "crashed": Status.UNCERTAIN,
        "flying": Status.RUNNING,
        "queued": Status.NOT_RUN,
        "fresh": Status.NOT_RUN,
        "stranger": Status.MISSING,  # only the journal knows it, and its path leads outside OUT
    }
    done = by_id["done"]
    assert (done.output, done.seed, done.width, done.height, done.model) == (
        "cats/done.png",
        7,
        512,
        512,
        "dreamshaper_8",
    )
    assert done.charge_usd == Decimal("0.0038")
    assert (by_id["gone"].width, by_id["gone"].output) == (320, None)
    assert by_id["refused"].reason == "HTTP 400: unknown model"
    assert by_id["refused"].charge_usd is None
    assert by_id["unsaved"].charge_usd == Decimal("0.0010")
    assert by_id["queued"].reason == "not sent: 429 without billing headers"
    assert by_id["crashed"].reason.startswith("started by a run that ended")
    assert by_id["stranger"].reason.endswith("not in the manifest")
    assert totals.charged_usd == Decimal("0.0084")
    assert (totals.budget_usd, totals.runs, totals.jobs) == (Decimal("1.00"), 2, 10)
    assert totals.unknown_charges == 1, "the crashed attempt; the one in flight is not over"
    assert [c.id for c in cards][:9] == [job.id for job in jobs], "manifest order"

    after, _ = cards_of(jobs, state, out, live_run=None)
    assert {c.id: c.status for c in after}["flying"] is Status.UNCERTAIN, "once the run is over"
    live.close()


def test_the_page_agrees_with_what_a_resumed_run_reports(tmp_path, kit, sim):
    _, out, live = _journal_with_every_status(tmp_path, kit)
    live.close()
    summary = run(tmp_path / "m.jsonl", out, api_key=sim.api_key, base_url=sim.url, budget_usd="0.0084")
    assert summary.stopped == "budget"
    assert sim.requests == {}
    shown = _statuses((out / GALLERY).read_text())
    assert {u.id for u in summary.uncertain} == {j for j, s in shown.items() if s in ("uncertain", "unsaved")}
    assert {u.id for u in summary.uncertain} == {"lost", "unsaved", "crashed", "flying"}
    assert {j for j, _ in summary.missing} == {j for j, s in shown.items() if s == "missing"} - {"stranger"}
    assert summary.skipped == sum(1 for s in shown.values() if s == "done")


def test_the_page_is_escaped_and_links_only_inside_out(tmp_path, kit, sim):
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)> & </article>'
    rows = [
        {"id": "h", "prompt": hostile, "width": 320, "height": 320},
        {"id": "odd", "prompt": "odd names", "output": "a b/#1 100%?.png", "width": 320, "height": 320},
        {"id": "uni", "prompt": "été", "output": "dossier/été", "width": 320, "height": 320},
    ]
    out = tmp_path / "out"
    summary = run(kit.write_rows(tmp_path / "m.jsonl", rows), out, api_key=sim.api_key, base_url=sim.url)
    assert summary.done == 3
    page = (out / GALLERY).read_text()
    parser = _Tags()
    parser.feed(page)
    assert hostile in "".join(parser.text), "the prompt is shown as text"
    assert not [tag for tag, _ in parser.tags if tag in ("script", "iframe", "object", "link", "base")]
    assert not [name for _, attrs in parser.tags for name in attrs if name.startswith("on")]
    urls = [attrs[key] for _, attrs in parser.tags for key in ("src", "href") if key in attrs]
    assert len(urls) == 6
    for url in urls:
        assert ":" not in url, url
        assert not url.startswith(("/", "..")), url
        assert (out / unquote(url)).is_file(), url
    assert "url(" not in page, "no fonts or images from elsewhere"
    assert "@import" not in page
    assert page.count("<article") == 3


def test_a_batch_draws_its_page_and_draws_it_again_on_resume(tmp_path, kit, sim):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 3)
    out = tmp_path / "out"
    sim.add_fault("drop-after-billing", "text2image", count=1)
    first = run(manifest, out, api_key=sim.api_key, base_url=sim.url, concurrency=1)
    assert (first.done, len(first.uncertain)) == (2, 1)
    page = (out / GALLERY).read_text()
    assert sorted(_statuses(page).values()) == ["done", "done", "uncertain"]
    assert "the connection" in page or "dropped" in page or "may have been billed" in page
    assert "<title>dezgo batch: out: 2 of 3 done</title>" in page
    second = run(manifest, out, api_key=sim.api_key, base_url=sim.url, retry_uncertain=True)
    assert second.done == 1
    page = (out / GALLERY).read_text()
    assert sorted(_statuses(page).values()) == ["done"] * 3
    assert f"<dd>{format(second.batch_spent_usd, 'f')} USD</dd>" in page


def test_the_page_follows_a_run_while_it_goes_on(tmp_path, kit, sim):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 6)
    out = tmp_path / "out"
    sim.add_fault("latency", "text2image", value=0.4)
    seen: list[dict[str, str]] = []
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            with contextlib.suppress(FileNotFoundError):
                seen.append(_statuses((out / GALLERY).read_text()))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url, concurrency=1)
    finally:
        finished.set()
        watcher.join()
    assert summary.done == 6
    middle = [s for s in seen if "running" in s.values() and "done" in s.values()]
    assert middle, "a page drawn while jobs were in flight and others done"
    assert all(len(s) == 6 for s in seen), "never a half-written page"
    assert sorted(_statuses((out / GALLERY).read_text()).values()) == ["done"] * 6


def test_another_index_html_is_never_overwritten(tmp_path, kit, sim):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / GALLERY).write_text("<html>my own page</html>")
    with pytest.raises(GalleryError, match="not a page of dezgo batch"):
        run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert sim.requests == {}, "nothing was sent"
    assert not (out / JOURNAL).exists()
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url, gallery=False)
    assert summary.done == 1
    assert (out / GALLERY).read_text() == "<html>my own page</html>"


def test_the_cli_refuses_another_index_html_and_no_gallery_writes_none(tmp_path, kit, sim):
    import subprocess

    manifest = kit.write_manifest(tmp_path / "m.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / GALLERY).write_text("mine")
    env = kit.env_for(sim)
    refused = subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(out)], env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert "--no-gallery" in refused.stderr
    (out / GALLERY).unlink()
    plain = subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(out), "--no-gallery"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert plain.returncode == 0, plain.stderr
    assert not (out / GALLERY).exists()
    drawn = subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(out)], env=env, capture_output=True, text=True, timeout=60
    )
    assert drawn.returncode == 0
    assert f"gallery: {out / GALLERY}" in drawn.stdout
    assert _statuses((out / GALLERY).read_text()) == {"job-0000": "done"}


def test_no_output_may_take_the_gallerys_name(tmp_path, kit):
    manifest = kit.write_rows(tmp_path / "m.jsonl", [{"id": "a", "prompt": "x", "output": "INDEX.html"}])
    with pytest.raises(ManifestError, match="would overwrite"):
        run(manifest, tmp_path / "out", api_key="k" * 32, base_url="http://127.0.0.1:9")
    jobs, _ = load_manifest(manifest, out_dir=tmp_path / "out")
    assert jobs[0].output == "INDEX.html", "allowed when there is no gallery"


def test_a_page_that_cannot_be_written_never_stops_the_batch(tmp_path, kit, sim, monkeypatch, caplog):
    from dezgo.batch import gallery

    class Refusing(gallery.Disk):
        def write_file(self, path, data):
            raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(gallery, "Disk", Refusing)
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 2)
    with caplog.at_level(logging.WARNING, logger="dezgo.batch"):
        summary = run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url)
    assert (summary.done, summary.exit_code) == (2, 0)
    assert not (tmp_path / "out" / GALLERY).exists()
    assert [r.getMessage() for r in caplog.records].count(
        f"dezgo batch: could not write {tmp_path / 'out' / GALLERY} (No space left on device)"
    ) == 1, "said once"


def test_a_bug_in_the_page_never_stops_the_batch(tmp_path, kit, sim, monkeypatch, caplog):
    from dezgo.batch import gallery

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(gallery, "render", broken)
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 2)
    with caplog.at_level(logging.WARNING, logger="dezgo.batch"):
        summary = run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url)
    assert (summary.done, summary.exit_code) == (2, 0)
    assert any("could not draw" in r.getMessage() for r in caplog.records)


def test_following_reads_only_whole_records(tmp_path, kit):
    jobs, out, live = _journal_with_every_status(tmp_path, kit)
    page = Gallery(out, jobs)
    page.follow(live)
    try:
        record = encode({"v": 1, "event": "failed", "id": "fresh", "run": live.run_id, "error": "refused"})
        with open(out / JOURNAL, "ab", buffering=0) as handle:
            handle.write(record[:20])  # a record being written: not read yet
            assert not page.refresh()
            assert _statuses((out / GALLERY).read_text())["fresh"] == "not-run"
            handle.write(record[20:])
        assert page.refresh()
        assert _statuses((out / GALLERY).read_text())["fresh"] == "failed"
    finally:
        page.close()
        live.close()
    assert _statuses((out / GALLERY).read_text())["flying"] == "uncertain"
