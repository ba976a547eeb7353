"""The simulator's model catalogue: ids from the service's ``/info`` snapshot (facts §13).

Each family has a native resolution; a job that omits ``width``/``height`` gets
the native resolution of its model, as the service does.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FAMILIES", "catalogue_json", "family_of", "native_size"]

# family -> (native width, native height, functions, model ids)
FAMILIES: dict[str, tuple[int, int, tuple[str, ...], tuple[str, ...]]] = {
    "sd1": (
        512,
        512,
        ("text2image", "image2image", "controlnet"),
        (
            "stablediffusion_1_5",
            "dreamshaper_8",
            "absolute_reality_1_8_1",
            "realistic_vision_5_1",
            "realdream_12",
            "epic_diffusion_1_1",
            "inkpunk_diffusion",
            "synthwavepunk_v2",
            "cyberrealistic_3_1",
            "icbinp",
            "icbinp_seco",
            "anything_5_0",
            "juggernaut_reborn",
            "openjourney_2",
            "basil_mix",
            "kidsmix",
            "instruct_pix2pix",
        ),
    ),
    "sd1_inpaint": (
        512,
        512,
        ("inpainting", "text-inpainting"),
        (
            "stablediffusion_inpaint_1",
            "stablediffusion_inpaint_2",
            "dreamshaper_8_inpaint",
            "absolute_reality_1_8_1_inpaint",
            "cyberrealistic_3_3_inpaint",
            "icbinp_seco_inpaint",
            "realistic_vision_5_1_inpaint",
            "anything_4_5_inpaint",
        ),
    ),
    "sdxl": (
        1024,
        1024,
        ("text2image_sdxl",),
        (
            "sdxl_1024px",
            "dreamshaperxl_1024px",
            "juggernautxl_1024px",
            "tshirtdesignredmond_1024px",
            "juggernautxl_rundiffusion_8_1024px",
            "bluepencilxl_1024px",
            "juggernautxl_x_inpaint_1024px",
        ),
    ),
    "sdxl_lightning": (
        1024,
        1024,
        ("text2image_sdxl_lightning",),
        (
            "juggernautxl_9_lightning_1024px",
            "dreamshaperxl_lightning_1024px",
            "envy_starlight_xl_01_lightning_1024px",
        ),
    ),
    "flux": (1024, 1024, ("text2image_flux",), ("flux_1_schnell",)),
}

_BY_ID = {model: family for family, (_, _, _, ids) in FAMILIES.items() for model in ids}


def family_of(model: str | None) -> str | None:
    return _BY_ID.get(model or "")


def native_size(model: str | None, fallback: tuple[int, int] = (512, 512)) -> tuple[int, int]:
    family = family_of(model)
    if family is None:
        return fallback
    width, height, _, _ = FAMILIES[family]
    return width, height


def catalogue_json() -> dict[str, Any]:
    """The ``GET /info`` body, in the service's shape (``InfoResponse``)."""
    models = []
    for family, (width, height, functions, ids) in FAMILIES.items():
        for model in ids:
            models.append(
                {
                    "id": model,
                    "name": model.replace("_", " ").title(),
                    "family": family,
                    "description": f"Simulated {family} model",
                    "license": "simulated",
                    "categories": ["general"],
                    "functions": list(functions),
                    "nativeResolution": {"width": width, "height": height},
                    "triggers": [],
                }
            )
    groups = [
        {"key": family, "name": family.upper(), "models": list(ids)}
        for family, (_, _, _, ids) in FAMILIES.items()
    ]
    return {"name": "Dezgo API (simulator)", "version": "sim", "models": models, "groups": groups}
