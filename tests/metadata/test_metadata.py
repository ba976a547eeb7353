"""Generation parameters inside image files: written without touching the pixels, read back as
the call that made the image, readable by Pillow, never holding the key."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

import dezgo
from dezgo import Dezgo
from dezgo._metadata import ImageMetadata, _png, embed, extract, read_metadata
from dezgo._metadata._png import SIGNATURE
from dezgo.images import Image

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def client(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url, max_retries=0) as c:
        yield c


def _pixels(data: bytes) -> bytes:
    return PILImage.open(io.BytesIO(data)).convert("RGBA").tobytes()


def _png_text_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], len(SIGNATURE)
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            found.append((kind, body.split(b"\x00", 1)[0]))
        at += 12 + length
    return found


HTML_PROMPT = 'a <b>"lighthouse"</b> & café, 日本\nsecond line'


@pytest.mark.parametrize("fmt", ["png", "jpg", "webp"])
def test_a_saved_image_says_how_it_was_made_and_the_call_makes_it_again(client, sim, tmp_path, fmt):
    image = client.text2image(
        prompt=HTML_PROMPT, negative_prompt="fog", width=320, height=384, steps=20, guidance=6.5, format=fmt
    )
    path = image.save(tmp_path / "lighthouse", metadata=True)
    data = path.read_bytes()

    found = read_metadata(path)
    assert found is not None
    assert found.operation == "text2image"
    assert found.arguments == {
        "prompt": HTML_PROMPT,
        "negative_prompt": "fog",
        "width": 320,
        "height": 384,
        "steps": 20,
        "guidance": 6.5,
        "format": fmt,
        "seed": image.seed,  # none was passed: the one the service used
    }
    assert (found.seed, found.width, found.height) == (image.seed, 320, 384)
    assert found.charge_usd == image.charge.amount_usd
    assert found.software == f"dezgo-python {dezgo.__version__}"
    assert found.left_out == ()

    assert _pixels(data) == _pixels(image.data), "the pixels are the service's"
    assert sim.api_key.encode() not in data, "never the key"
    again = getattr(client, found.operation)(**found.arguments)
    assert again.data == image.data, "the stored call makes the same image"


def test_pillow_reads_the_png_chunks(client, tmp_path):
    image = client.text2image(prompt=HTML_PROMPT, width=320, height=320, seed=7, steps=30, sampler="euler_a")
    opened = PILImage.open(image.save(tmp_path / "x", metadata=True))
    opened.load()
    record = json.loads(opened.text["dezgo"])
    assert record["arguments"]["prompt"] == HTML_PROMPT
    assert opened.text["Software"] == f"dezgo-python {dezgo.__version__}"
    lines = opened.text["parameters"].splitlines()
    assert lines[:2] == HTML_PROMPT.splitlines()
    assert lines[-1].startswith("Steps: 30, Sampler: euler_a, Seed: 7, Size: 320x320, ")


@pytest.mark.parametrize("fmt", ["jpg", "webp"])
def test_pillow_reads_the_xmp_and_exif_of_jpeg_and_webp(client, tmp_path, fmt):
    image = client.text2image(prompt="a cat, in a hat", width=320, height=320, seed=3, format=fmt)
    opened = PILImage.open(image.save(tmp_path / "x", metadata=True))
    opened.load()
    assert b"dezgo:record" in opened.info["xmp"]
    exif = opened.getexif()
    assert exif[0x0131] == f"dezgo-python {dezgo.__version__}"
    comment = exif.get_ifd(0x8769)[0x9286]
    assert comment.startswith(b"UNICODE\x00")
    assert comment[8:].decode("utf-16-be").startswith("a cat, in a hat\nSeed: 3, Size: 320x320, ")


def test_saving_again_replaces_the_record(client, tmp_path):
    image = client.text2image(prompt="first", width=320, height=320, seed=1)
    stamped = image.with_metadata()
    twice = Image.from_bytes(
        stamped.data, operation="text2image", seed=1, charge=image.charge, call=image.call
    ).with_metadata()
    assert [k for _, k in _png_text_chunks(twice.data)].count(b"dezgo") == 1
    assert twice.data == stamped.data, "the same record, the same bytes"
    for fmt in ("jpg", "webp"):
        other = client.text2image(prompt="first", width=320, height=320, seed=1, format=fmt).with_metadata()
        again = embed(other.data, extract(other.data))
        assert again.count(b"<dezgo:record>") == 1
        assert again.count(b"Exif\x00\x00") <= 1


def test_a_webp_with_alpha_keeps_it_and_a_lossy_one_gets_an_extended_header():
    record = ImageMetadata("text2image", {"prompt": "p"}, seed=1, width=24, height=16)
    for mode, lossless in (("RGBA", True), ("RGB", False)):
        buffer = io.BytesIO()
        PILImage.new(mode, (24, 16), (10, 200, 30, 128)[: len(mode)]).save(buffer, "WEBP", lossless=lossless)
        original = buffer.getvalue()
        assert original[12:16] in (b"VP8L", b"VP8 "), "a simple file, as encoders write it"
        stamped = embed(original, record)
        assert stamped[12:16] == b"VP8X"
        assert bool(stamped[20] & 0x10) is (mode == "RGBA"), "the alpha flag"
        assert int.from_bytes(stamped[24:27], "little") + 1 == 24
        assert int.from_bytes(stamped[4:8], "little") == len(stamped) - 8
        assert _pixels(stamped) == _pixels(original)
        assert extract(stamped) == record


def test_image_inputs_are_kept_as_paths_or_named_as_left_out(client, tmp_path):
    init = tmp_path / "in.png"
    PILImage.new("RGB", (64, 64), "red").save(init)
    from_path = client.image2image(init_image=init, prompt="oil", strength=0.6, seed=5)
    assert from_path.metadata.arguments["init_image"] == str(init)
    assert from_path.metadata.left_out == ()
    from_bytes = client.image2image(init_image=init.read_bytes(), prompt="oil", strength=0.6, seed=5)
    assert "init_image" not in from_bytes.metadata.arguments
    assert from_bytes.metadata.left_out == ("init_image",)
    assert "Denoising strength: 0.6" in from_bytes.metadata.parameters_text()
    found = read_metadata(from_bytes.save(tmp_path / "out", metadata=True))
    assert found.left_out == ("init_image",)


def test_only_the_operations_parameters_are_kept(sim):
    from dezgo._metadata import Call
    from dezgo._spec import by_name, pinned_operations

    op = by_name(pinned_operations())["text2image"]
    call = Call.of(op, {"prompt": "p", "api_key": sim.api_key, "extra_headers": {"k": "v"}, "seed": None})
    # None is "not sent", unless the document lets the field be null (pydantic v2's optionals)
    assert call.arguments == {"prompt": "p", **({"seed": None} if op.param("seed").allows_null else {})}


def test_what_cannot_carry_metadata_is_refused_before_anything_is_written(client, tmp_path):
    made_elsewhere = Image.from_bytes(client.text2image(prompt="x", width=320, height=320).data)
    with pytest.raises(ValueError, match="does not know the call"):
        made_elsewhere.save(tmp_path / "a", metadata=True)
    gif = client.text2image(prompt="x", width=320, height=320)
    gif = Image.from_bytes(b"GIF89a" + b"\x00" * 20, operation="text2image", call=gif.call)
    with pytest.raises(ValueError, match="PNG, JPEG and WebP"):
        gif.save(tmp_path / "b", metadata=True)
    assert list(tmp_path.iterdir()) == []


def test_reading_files_from_anywhere(tmp_path):
    plain = tmp_path / "plain.png"
    PILImage.new("RGB", (8, 8)).save(plain)
    assert read_metadata(plain) is None, "a file that says nothing"
    (tmp_path / "t.txt").write_text("hello")
    with pytest.raises(ValueError, match="not a PNG, JPEG or WebP"):
        read_metadata(tmp_path / "t.txt")
    with pytest.raises(ValueError, match="not a regular file"):
        read_metadata(tmp_path)
    stamped = embed(plain.read_bytes(), ImageMetadata("text2image", {"prompt": "p"}))
    at = stamped.index(b'"prompt"')
    with pytest.raises(ValueError, match="damaged"):
        extract(stamped[:at] + b"X" + stamped[at + 1 :])
    png = plain.read_bytes()
    for text, why in (
        ('{"v":9,"operation":"text2image"}', "newer than this SDK"),
        ("{not json", "not JSON"),
        ('{"v":1,"operation":"text2image","arguments":[]}', "arguments are not a JSON object"),
        ('{"v":1,"operation":"text2image","seed":"42"}', "seed is not an integer"),
        ('{"v":1,"operation":"text2image","charge_usd":"NaN"}', "not an amount"),
    ):
        with pytest.raises(ValueError, match=why):
            extract(png[:33] + _png._itxt(b"dezgo", text) + png[33:])  # right after IHDR


def test_a_record_too_large_for_a_jpeg_segment_is_refused():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(buffer, "JPEG")
    with pytest.raises(ValueError, match="a JPEG segment holds at most"):
        embed(buffer.getvalue(), ImageMetadata("text2image", {"prompt": "x" * 70_000}))


def test_without_pillow_png_works_and_jpeg_and_webp_keep_their_xmp(client, tmp_path):
    png = client.text2image(prompt="no pillow", width=320, height=320, seed=2)
    jpg = client.text2image(prompt="no pillow", width=320, height=320, seed=2, format="jpg")
    webp = client.text2image(prompt="no pillow", width=320, height=320, seed=2, format="webp")
    for name, image in (("a.png", png), ("b.jpg", jpg), ("c.webp", webp)):
        (tmp_path / name).write_bytes(image.data)
        (tmp_path / f"{name}.json").write_text(
            json.dumps({"operation": "text2image", **image.call.arguments})
        )
    script = """
import json, sys
sys.modules["PIL"] = None  # as if Pillow were not installed
from pathlib import Path
from dezgo._metadata import Call, ImageMetadata, embed, read_metadata
folder = Path(sys.argv[1])
for name in ("a.png", "b.jpg", "c.webp"):
    args = json.loads((folder / f"{name}.json").read_text())
    call = Call(args.pop("operation"), args, takes_seed=True)
    stamped = embed((folder / name).read_bytes(), ImageMetadata.of(call, seed=2, width=320, height=320, charge_usd=None))
    (folder / f"out-{name}").write_bytes(stamped)
    found = read_metadata(folder / f"out-{name}")
    print(name, found.arguments["prompt"], b"Exif" in stamped)
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "a.png no pillow False",
        "b.jpg no pillow False",
        "c.webp no pillow False",
    ]
    for name in ("b.jpg", "c.webp"):
        assert _pixels((tmp_path / f"out-{name}").read_bytes()) == _pixels((tmp_path / name).read_bytes())
