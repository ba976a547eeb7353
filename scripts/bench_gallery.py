"""The gallery of a big batch: ``make bench-gallery``.

Builds a batch of 10,000 jobs (a manifest, a journal framed as the batch writes it, and an
image file for each job done: 94% done, 2% failed, 2% uncertain, 1% billed but not saved,
1% missing), then measures:

- the page: its size, and how long the SDK takes to make it from the journal (median of 5);
- headless Chromium (Debian's, via selenium, as the browser test drives it) opening it from
  disk: first contentful paint, the load event, how many images it fetched at load (lazy
  loading: only those near the first screen), and the time to scroll to the end;
- with ``--screenshot PATH``: a PNG of the page of a small real batch run against the
  simulator (every status), for docs/batch.md.

Writes build/bench_gallery.json.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PIL import Image  # noqa: E402

from dezgo.batch import load_manifest, run  # noqa: E402
from dezgo.batch.gallery import GALLERY, Gallery, cards_of, render  # noqa: E402
from dezgo.batch.journal import JOURNAL, Journal, JournalReader, encode  # noqa: E402
from dezgo.testing import Simulator  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from _batch_kit import load_kit  # noqa: E402

JOBS = 10_000
WORDS = [
    "a",
    "lighthouse",
    "at",
    "dusk",
    "over",
    "a",
    "stormy",
    "sea",
    "with",
    "gulls",
    "and",
    "a",
    "red",
    "boat",
    "in",
    "oil",
    "paint",
]


def _synthetic(folder: Path, jobs: int) -> tuple[Path, Path]:
    """A manifest, an OUT with a journal and the images of the jobs done."""
    out = folder / "out"
    (out / "images").mkdir(parents=True)
    thumbs = []
    for i in range(50):  # 50 different pictures, 512 x 512 as the service makes them
        buffer = io.BytesIO()
        Image.new("RGB", (512, 512), (i * 5, 255 - i * 5, (i * 37) % 256)).save(buffer, "PNG")
        thumbs.append(buffer.getvalue())
    rows, records = [], [{"v": 1, "event": "run", "run": "bench", "budget_usd": "50.00"}]
    for i in range(jobs):
        prompt = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(8 + i % 40))
        job = {
            "id": f"job-{i:05d}",
            "prompt": prompt,
            "width": 512,
            "height": 512,
            "output": f"images/{i:05d}.png",
        }
        if i % 3 == 0:
            job["seed"] = i
        rows.append(job)
        base = {"v": 1, "run": "bench", "id": job["id"], "at": "2026-12-01T12:00:00.000+00:00"}
        charge = {"amount_usd": "0.0038", "amount_source": "header"}
        records.append({**base, "event": "started", "output": job["output"]})
        kind = i % 100
        if kind < 2:
            records.append(
                {**base, "event": "failed", "error": "HTTP 400: the service could not use a parameter"}
            )
        elif kind < 4:
            records.append(
                {**base, "event": "uncertain", "error": "the connection dropped after the request left"}
            )
        elif kind < 5:
            records.append({**base, "event": "unsaved", "charge": charge, "error": "No space left on device"})
        else:
            image = {"seed": i, "width": 512, "height": 512}
            records.append(
                {**base, "event": "done", "output": job["output"], "charge": charge, "image": image}
            )
            if kind != 5:  # 1% missing: done, then the file was deleted
                (out / job["output"]).write_bytes(thumbs[i % len(thumbs)])
    manifest = folder / "jobs.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (out / JOURNAL).write_bytes(b"".join(encode(r) for r in records))
    return manifest, out


def _make_page(manifest: Path, out: Path) -> tuple[bytes, float]:
    timings, page = [], b""
    jobs, _ = load_manifest(manifest, out_dir=out, reserved=[out / GALLERY])
    for _ in range(5):
        start = time.perf_counter()
        reader = JournalReader(out / JOURNAL)
        reader.read(partial=False)
        cards, totals = cards_of(jobs, reader.state, out)
        page = render(cards, totals, title="dezgo batch: bench").encode()
        timings.append(time.perf_counter() - start)
    (out / GALLERY).write_bytes(page)
    return page, statistics.median(timings)


def _refresh(manifest: Path, out: Path) -> tuple[float, float]:
    """A run going on over the same batch: the first page (the whole journal, every file checked),
    then a rewrite after 100 more records (read on from where it was, files remembered)."""
    jobs, _ = load_manifest(manifest, out_dir=out, reserved=[out / GALLERY])
    journal = Journal(out)
    page = Gallery(out, jobs)
    try:
        start = time.perf_counter()
        page.follow(journal)
        first_s = time.perf_counter() - start
        for i in range(100):
            journal.append("failed", f"job-{i:05d}", error="refused on purpose")
        start = time.perf_counter()
        page.refresh()
        again_s = time.perf_counter() - start
    finally:
        page.close()
        journal.close()
    return first_s, again_s


def _browse(kit: Any, page: Path) -> dict[str, Any]:
    with kit.chromium() as driver:
        kit.chromium.requests(driver)
        start = time.perf_counter()
        driver.get(page.as_uri())  # returns after the load event
        loaded_s = time.perf_counter() - start
        timing = driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0];"
            "const p = performance.getEntriesByName('first-contentful-paint')[0];"
            "return {load: n.loadEventEnd, dom: n.domContentLoadedEventEnd, fcp: p ? p.startTime : null,"
            " nodes: document.getElementsByTagName('*').length, images: document.images.length}"
        )
        fetched_at_load = sum(1 for url in kit.chromium.requests(driver) if url.endswith(".png"))
        start = time.perf_counter()
        driver.execute_script(
            "window.scrollTo(0, document.body.scrollHeight);"
            "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        scrolled_s = time.perf_counter() - start
        start = time.perf_counter()
        driver.find_element("css selector", "label[for=show-attention]").click()
        driver.execute_script(
            "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        filtered_s = time.perf_counter() - start
        shown = driver.execute_script(
            "return [...document.querySelectorAll('article')].filter(a => a.offsetParent !== null).length"
        )
    return {
        "first_contentful_paint_ms": round(timing["fcp"], 1) if timing["fcp"] is not None else None,
        "dom_content_loaded_ms": round(timing["dom"], 1),
        "load_event_ms": round(timing["load"], 1),
        "get_returned_s": round(loaded_s, 3),
        "elements": timing["nodes"],
        "img_elements": timing["images"],
        "images_fetched_at_load": fetched_at_load,
        "scroll_to_end_s": round(scrolled_s, 3),
        "filter_needs_attention_s": round(filtered_s, 3),
        "shown_after_filter": shown,
    }


def _screenshot(kit: Any, target: Path) -> None:
    """A small real batch against the simulator, with every status, drawn and photographed."""
    prompts = [
        "a lighthouse at dusk, oil painting",
        "a red fox in fresh snow, telephoto",
        "an isometric city block at night, neon",
        "a bowl of ramen, studio lighting",
        "<b>a prompt that is HTML</b> & shown as text",
        "a watercolour map of an island",
        "a robot reading in a library",
        "macro photo of a dragonfly wing",
    ]
    with tempfile.TemporaryDirectory() as tmp, Simulator(balance="5.00") as sim:
        folder = Path(tmp)
        rows: list[dict[str, Any]] = [
            {"id": f"img-{i}", "prompt": p, "width": 384 + 64 * (i % 3), "height": 384, "seed": 100 + i}
            for i, p in enumerate(prompts)
        ]
        rows[2]["format"] = "webp"
        rows[3]["output"] = "food/ramen.jpg"
        rows.insert(5, {"id": "bad-model", "prompt": "a castle", "model": "no-such-model"})
        rows.insert(
            6,
            {
                "id": "dropped",
                "operation": "text2image_sdxl",
                "prompt": "a cathedral",
                "width": 1024,
                "height": 1024,
            },
        )
        rows.append(
            {
                "id": "disk-full",
                "prompt": "a storm over wheat fields",
                "width": 384,
                "height": 384,
                "output": "full/storm",
            }
        )
        manifest = kit.write_rows(folder / "jobs.jsonl", rows)
        out = folder / "my-batch"
        sim.add_fault("drop-after-billing", "text2image_sdxl", count=1)
        run(
            manifest,
            out,
            api_key=sim.api_key,
            base_url=sim.url,
            concurrency=1,
            budget_usd="1.00",
            disk=kit.FillingDisk(10**9, fail_in="full"),
            metadata=True,
        )
        with kit.chromium(width=1280, height=900) as driver:
            driver.get((out / GALLERY).as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, height + 140)  # the whole page, window frame included
            driver.execute_script(
                "return Promise.all([...document.images].map(i => i.decode().catch(() => 0)))"
            )
            driver.save_screenshot(str(target))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=JOBS)
    parser.add_argument("--screenshot", type=Path, default=None, help="also write the docs' screenshot here")
    args = parser.parse_args()
    kit = load_kit()
    missing = kit.browser_missing()
    if missing is not None:
        print(f"bench-gallery: {missing}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        manifest, out = _synthetic(Path(tmp), args.jobs)
        page, make_s = _make_page(manifest, out)
        browser = _browse(kit, out / GALLERY)
        first_s, again_s = _refresh(manifest, out)
    report = {
        "jobs": args.jobs,
        "page_bytes": len(page),
        "bytes_per_job": round(len(page) / args.jobs),
        "make_page_s": round(make_s, 3),
        "run_first_page_s": round(first_s, 3),
        "run_rewrite_after_100_records_s": round(again_s, 3),
        "chromium": browser,
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench_gallery.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    if args.screenshot is not None:
        _screenshot(kit, args.screenshot)
        print(f"screenshot: {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
