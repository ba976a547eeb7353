"""A short tour of the dezgo SDK, run against the local Dezgo simulator.

``make demo`` runs this file. It starts the simulator (a real HTTP server on
127.0.0.1, built from the pinned spec, with its own test account and prices),
then uses the SDK exactly as you would against https://api.dezgo.com:

1. text-to-image, 2. image-to-image from the first result, 3. background
removal, 4. upscale. Each image is saved under ./out/, each charge is printed,
then the ledger's total and the account balance.

To run the same calls against the real service, drop the simulator and build
the client with ``Dezgo()`` (it reads DEZGO_API_KEY); that costs real money.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dezgo import Dezgo, Image
from dezgo.testing import Simulator

OUT = Path("out")


def show(step: str, image: Image, path: Path) -> None:
    charge = image.charge
    cost = (
        f"{charge.amount_usd} USD"
        if charge is not None and charge.amount_usd is not None
        else "no charge header"
    )
    seed = f", seed {image.seed}" if image.seed is not None else ""
    print(f"{step:<22} {image.width}x{image.height} {image.format.upper():<4} -> {path}  ({cost}{seed})")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    with Simulator(balance="5.00") as sim:
        print(f"Dezgo simulator listening on {sim.url} (test account balance 5.00 USD)\n")
        with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
            lighthouse = client.text2image(
                prompt="a lighthouse at dusk, oil painting", width=512, height=512, seed=42
            )
            path = lighthouse.save(OUT / "1-lighthouse")
            show("text2image", lighthouse, path)

            painted = client.image2image(
                init_image=lighthouse.data, prompt="the same scene in winter", strength=0.6, seed=7
            )
            path = painted.save(OUT / "2-winter")
            show("image2image", painted, path)

            cutout = client.remove_background(image=path)  # a path works as well as bytes
            path = cutout.save(OUT / "3-cutout")
            show("remove_background", cutout, path)

            bigger = client.upscale(image=cutout.data)
            path = bigger.save(OUT / "4-upscaled")
            show("upscale", bigger, path)

            print()
            for operation, total in client.ledger.totals_by_operation().items():
                print(f"  {operation:<20} {total} USD")
            print(f"Ledger total: {client.ledger.total_usd} USD over {len(client.ledger.entries)} paid calls")
            print(f"Balance now:  {client.balance()} USD (GET /account/tx/last)")
    print(f"\nDone in {time.perf_counter() - started:.1f} s; images are in {OUT.resolve()}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
