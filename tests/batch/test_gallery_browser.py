"""The gallery in a real browser: a batch with every status, opened from a moved copy of OUT in
headless Chromium (Debian's, driven by selenium), shows every image and the statuses its
journal records, runs no script, and loads nothing from anywhere else."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from PIL import Image as PILImage

from dezgo.batch import run
from dezgo.batch.journal import JOURNAL

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quotes"'


@pytest.fixture(scope="module")
def browser(kit):
    why = kit.browser_missing()
    if why is not None:
        if os.environ.get(kit.BROWSER_REQUIRED) == "1":
            pytest.fail(f"the browser test must run here ({kit.BROWSER_REQUIRED}=1) but it {why}")
        pytest.skip(f"the gallery's browser test {why}")
    with kit.chromium() as driver:
        yield driver


def _expected(out: Path) -> dict[str, str]:
    """Each job's status, read from the journal file here, independently of the SDK's reader."""
    last: dict[str, dict] = {}
    for line in (out / JOURNAL).read_bytes().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            last[record["id"]] = record
    status = {}
    for job, record in last.items():
        event = record["event"]
        if event == "done":
            status[job] = "done" if (out / record["output"]).is_file() else "missing"
        elif event in ("started", "uncertain"):
            status[job] = "uncertain"
        elif event in ("failed", "unsaved"):
            status[job] = event
        else:
            status[job] = "not-run"
    return status


def _batch(tmp_path: Path, sim, kit) -> tuple[Path, list[dict], object]:
    PILImage.new("RGB", (64, 64), "orange").save(tmp_path / "in.png")
    rows = [
        {"id": "hostile", "prompt": HOSTILE, "width": 320, "height": 320, "seed": 1},
        {"id": "jpeg", "prompt": "a lighthouse", "seed": 2, "output": "photos/light house #1 100%.jpg"},
        {"id": "webp", "prompt": "a harbour", "width": 384, "height": 320, "format": "webp"},
        {"id": "unicode", "prompt": "café", "width": 320, "height": 320, "output": "über/été?"},
        {"id": "redo", "operation": "image2image", "init_image": "in.png", "prompt": "oil", "strength": 0.5},
        {"id": "refused", "prompt": "x", "model": "no-such-model"},
        {"id": "cut-off", "operation": "text2image_sdxl", "prompt": "lost", "width": 1024, "height": 1024},
        {"id": "gone", "prompt": "deleted later", "width": 320, "height": 320, "seed": 3},
        {"id": "not-saved", "prompt": "paid, not saved", "width": 320, "height": 320, "output": "locked/a"},
    ]
    out = tmp_path / "out"
    sim.add_fault("drop-after-billing", "text2image_sdxl", count=1)
    first = run(
        kit.write_rows(tmp_path / "first.jsonl", rows),
        out,
        api_key=sim.api_key,
        base_url=sim.url,
        concurrency=1,
        disk=kit.FillingDisk(10**9, fail_in="locked"),
    )
    assert first.stopped == "write_failed"
    (out / "gone.png").unlink()
    # A resumed run, with a row added, that sends nothing (the budget is used) draws the page again.
    rows.append({"id": "never", "prompt": "added for the second run", "width": 320, "height": 320})
    manifest = kit.write_rows(tmp_path / "second.jsonl", rows)
    second = run(manifest, out, api_key=sim.api_key, base_url=sim.url, budget_usd=first.batch_spent_usd)
    assert second.stopped == "budget"
    return out, rows, second


def test_the_gallery_shows_every_image_and_the_journals_statuses(browser, sim, kit, tmp_path):
    out, rows, summary = _batch(tmp_path, sim, kit)
    expected = _expected(out)
    assert sorted(expected.values()) == sorted(
        ["done"] * 5 + ["failed", "uncertain", "missing", "unsaved"]
    ), "the batch has every status"
    expected.setdefault("never", "not-run")
    assert {u.id for u in summary.uncertain} == {
        j for j, s in expected.items() if s in ("uncertain", "unsaved")
    }
    assert [j for j, _ in summary.missing] == ["gone"]

    moved = tmp_path / "moved" / "copy of out"
    shutil.copytree(out, moved)
    shutil.rmtree(out)  # nothing may point back at the original folder
    kit.chromium.requests(browser)  # forget what came before
    browser.get((moved / "index.html").as_uri())

    shown = browser.execute_script(
        "return [...document.querySelectorAll('article')].map(a => "
        "[a.id.slice(4), a.dataset.status, a.querySelector('.badge').textContent])"
    )
    assert {job: status for job, status, _ in shown} == expected
    assert [job for job, _, _ in shown] == [row["id"] for row in rows], "in manifest order"
    labels = {"done": "done", "failed": "failed", "uncertain": "uncertain", "unsaved": "billed, not saved"}
    labels |= {"missing": "missing", "not-run": "not run"}
    assert all(badge == labels[status] for _, status, badge in shown)

    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "article a")]
    assert len(links) == 5
    assert all(Path(url2pathname(urlparse(link).path)).is_file() for link in links), links
    images = browser.find_elements("css selector", "article img")
    assert len(images) == 5, "one thumbnail for each image in OUT"
    for image in images:  # lazy: each loads once scrolled to
        browser.execute_script("arguments[0].scrollIntoView()", image)
    browser.set_script_timeout(30)
    rendered = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([...document.images].map(i => i.decode().then(() => [i.getAttribute('src'),"
        " i.naturalWidth], () => [i.getAttribute('src'), 0]))).then(done)"
    )
    assert len(rendered) == 5
    assert all(width > 0 for _, width in rendered), rendered
    widths = dict(rendered)
    assert widths["photos/light%20house%20%231%20100%25.jpg"] == 512, "the model's own size"
    assert widths["webp.webp"] == 384

    hostile = browser.find_element("css selector", "#job-hostile .prompt")
    assert hostile.get_attribute("textContent") == HOSTILE, "a prompt is text, never markup"
    assert browser.execute_script("return [document.scripts.length, window.__pwned === undefined]") == [
        0,
        True,
    ]
    requested = kit.chromium.requests(browser)
    assert len(requested) >= 6, "the page and its five images"
    assert all(url.startswith(moved.as_uri() + "/") for url in requested), "nothing from elsewhere"

    totals = dict(
        browser.execute_script(
            "return [...document.querySelectorAll('.totals div')].map(d => "
            "[d.querySelector('dt').textContent, d.querySelector('dd').textContent])"
        )
    )
    assert totals["jobs"] == "10"
    assert totals["done"] == "5"
    assert totals["charged"] == f"{format(summary.batch_spent_usd, 'f')} USD"
    assert Decimal(totals["budget"].split()[0]) == summary.budget_usd

    browser.find_element("css selector", "label[for=show-attention]").click()  # no script: CSS only
    visible = [
        a.get_attribute("id")[4:]
        for a in browser.find_elements("css selector", "article")
        if a.is_displayed()
    ]
    assert sorted(visible) == sorted(
        j for j, s in expected.items() if s in ("failed", "uncertain", "missing", "unsaved")
    )
