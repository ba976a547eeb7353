"""Saving results in several formats, under names that say what the files are.

The service encodes the image in the ``format`` you ask for (png, jpg, webp);
``Image.save`` keeps the bytes as they came and refuses a file name whose
extension names another format (``fix_extension=True`` corrects the name
instead). To get a format the service does not produce, convert with Pillow.

Runs against a local simulator unless ``DEZGO_BASE_URL`` is set (then it uses
``DEZGO_BASE_URL`` and ``DEZGO_API_KEY``, which costs real money on the service).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dezgo import Dezgo

OUT = Path("out/formats")


def save_all(api_key: str | None, base_url: str | None) -> int:
    with Dezgo(api_key=api_key, base_url=base_url) as client:
        for fmt in ("png", "jpg", "webp"):
            image = client.text2image(prompt="a paper boat", width=512, height=512, seed=3, format=fmt)
            path = image.save(OUT / f"boat-{fmt}")  # the extension comes from the bytes
            print(f"format={fmt!r:7} -> {path} ({image.format}, {len(image.data)} bytes)")

        png = client.text2image(prompt="a paper boat", width=512, height=512, seed=3)
        try:
            png.save(OUT / "boat.jpg")  # PNG bytes under a JPEG name: refused, with the fix
        except ValueError as refused:
            print(f"refused: {refused}")
        print(f"fix_extension=True -> {png.save(OUT / 'boat.jpg', fix_extension=True)}")

        gif = OUT / "boat.gif"  # a format the service does not make: convert the result
        png.to_pil().save(gif)
        print(f"converted with Pillow -> {gif}")
    return 0


def main() -> int:
    if os.environ.get("DEZGO_BASE_URL"):
        return save_all(None, None)
    from dezgo.testing import Simulator

    with Simulator(balance="5.00") as sim:
        return save_all(sim.api_key, sim.url)


if __name__ == "__main__":
    sys.exit(main())
