"""The simulator's price table: the one place that decides what a job costs.

Prices are awkward on purpose (``0.0038`` and friends) so that tests catch any
float rounding. A job's price grows with its pixel count and its steps, like
the service's pay-as-you-go billing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

__all__ = ["BASE_PRICES", "price_of"]

# Price of a 512x512 job at the operation's default steps, in USD.
BASE_PRICES: dict[str, Decimal] = {
    "text2image": Decimal("0.0038"),
    "text2image_sdxl": Decimal("0.0047"),
    "text2image_sdxl_lightning": Decimal("0.0023"),
    "text2image_flux": Decimal("0.0031"),
    "text2image_flux_2_pro": Decimal("0.0129"),
    "image2image": Decimal("0.0041"),
    "image2image_flux_2_pro": Decimal("0.0137"),
    "inpainting": Decimal("0.0043"),
    "text_inpainting": Decimal("0.0049"),
    "edit_image": Decimal("0.0039"),
    "controlnet": Decimal("0.0057"),
    "upscale": Decimal("0.0021"),
    "remove_background": Decimal("0.0017"),
    "text2video_wan_2_1": Decimal("0.0917"),
    "text2video_wan_2_6": Decimal("0.1333"),
}
DEFAULT_PRICE = Decimal("0.0050")  # an operation the table does not know yet
QUANTUM = Decimal("0.0001")
MINIMUM = Decimal("0.0010")  # a floor per job, as pay-per-job APIs bill


def price_of(
    operation: str, width: int, height: int, arguments: Mapping[str, Any], default_steps: int | None
) -> Decimal:
    """What a job costs: base price x (pixels / 512²) x (steps / default steps).

    Sides and steps are whatever integers a request carried (where the document sets no limit, a
    36-digit height is valid): the arithmetic is exact to the cent's fraction at any size, so an
    absurd job gets an absurd price (and a 402), never a 500."""
    base = BASE_PRICES.get(operation, DEFAULT_PRICE)
    given = arguments.get("steps")
    steps = given if isinstance(given, int) and not isinstance(given, bool) and default_steps else None
    pixels = width * height
    digits = len(str(abs(pixels))) + (len(str(abs(steps))) if steps is not None else 0)
    with localcontext() as exact:
        exact.prec = max(exact.prec, digits + 16)
        factor = Decimal(pixels) / Decimal(512 * 512)
        if steps is not None and default_steps:
            factor *= Decimal(steps) / Decimal(default_steps)
        return max(MINIMUM, (base * factor).quantize(QUANTUM, rounding=ROUND_HALF_UP))
