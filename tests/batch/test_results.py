"""What the batch keeps of a result: the seed and size in the journal, and with ``--metadata`` the
call that made each image inside its file (never the key)."""

from __future__ import annotations

import io
import subprocess

from PIL import Image as PILImage

from dezgo import Dezgo, read_metadata
from dezgo.batch import run
from dezgo.batch.journal import JOURNAL


def test_batch_metadata_makes_every_image_again_and_never_holds_the_key(tmp_path, kit, sim):
    PILImage.new("RGB", (64, 64), "teal").save(tmp_path / "in.png")
    rows = [
        {"id": "p", "prompt": "a <cat>", "width": 320, "height": 320, "steps": 20},
        {"id": "j", "prompt": "a dog", "width": 320, "height": 384, "format": "jpg", "seed": 9},
        {"id": "w", "prompt": "a fox", "output": "foxes/1.webp", "negative_prompt": "blur"},
        {"id": "i", "operation": "image2image", "init_image": "in.png", "prompt": "oil", "strength": 0.4},
    ]
    manifest = kit.write_rows(tmp_path / "m.jsonl", rows)
    out = tmp_path / "out"
    done = subprocess.run(
        [*kit.BATCH, str(manifest), "-o", str(out), "--metadata"],
        env=kit.env_for(sim),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    records = {r["id"]: r for r in kit.journal(out) if r["event"] == "done"}
    assert set(records) == {"p", "j", "w", "i"}
    key = sim.api_key.encode()
    for path in out.rglob("*"):
        if path.is_file():
            assert key not in path.read_bytes(), path
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        for row in rows:
            record = records[row["id"]]
            found = read_metadata(out / record["output"])
            assert found is not None, row["id"]
            expected = {k: v for k, v in row.items() if k not in ("id", "operation", "output")}
            if "init_image" in expected:
                expected["init_image"] = str(tmp_path / "in.png")
            if row["id"] == "w":
                expected["format"] = "webp"  # from the output's extension
            assert found.arguments == {**expected, "seed": record["image"]["seed"]}
            assert (found.seed, found.width, found.height) == (
                record["image"]["seed"],
                record["image"]["width"],
                record["image"]["height"],
            ), "the journal and the file agree"
            assert format(found.charge_usd, "f") == record["charge"]["amount_usd"]
            again = getattr(client, found.operation)(**found.arguments)
            opened = PILImage.open(out / record["output"]).convert("RGB")
            assert opened.tobytes() == PILImage.open(io.BytesIO(again.data)).convert("RGB").tobytes()


def test_without_metadata_the_files_are_the_services_bytes(tmp_path, kit, sim):
    manifest = kit.write_manifest(tmp_path / "m.jsonl", 2)
    out = tmp_path / "out"
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert summary.done == 2
    for record in kit.journal(out):
        if record["event"] == "done":
            assert read_metadata(out / record["output"]) is None
            assert record["image"] == {"seed": 1, "width": 320, "height": 320}
    assert (out / JOURNAL).is_file()
