"""The simulator's model catalogue: every id of the service's ``/info`` snapshot (facts §13).

Each family has a native resolution; a job that omits ``width``/``height`` gets
the native resolution of its model, as the service does.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FAMILIES", "MODEL_IDS", "catalogue_json", "family_of", "native_size"]

# family -> (native width, native height, functions, model ids). The ids are every id of the
# service's /info snapshot "v3.152" (facts §13, one snapshot [L], most ids cross-confirmed by
# requests in the wild), so a model the service serves is never refused here.
FAMILIES: dict[str, tuple[int, int, tuple[str, ...], tuple[str, ...]]] = {
    "sd1": (
        512,
        512,
        ("text2image", "image2image", "controlnet"),
        (
            "stablediffusion_1_5",
            "stablediffusion_1_4",
            "stablediffusion_2_0_512px",
            "stablediffusion_2_1_512px",
            "waifudiffusion_1_3",
            "anything_3_0",
            "trinart_2_0",
            "openjourney",
            "synthwavepunk_v2",
            "redshift_diffusion",
            "analog_diffusion",
            "disco_diffusion_style",
            "iconsmi_appiconsmodelforsd",
            "lowpoly_world",
            "vintedois_diffusion_v0_1",
            "epic_diffusion_1_1",
            "deliberate",
            "dreamshaper",
            "realistic_vision_1_3",
            "pastel_mix",
            "anything_4_0",
            "waifudiffusion_1_4",
            "eimis_anime_diffusion_1",
            "foto_assisted_diffusion",
            "portrait_plus",
            "papercut",
            "openjourney_2",
            "double_exposure_diffusion",
            "openniji",
            "blood_orange_mix",
            "abyss_orange_mix_2",
            "ely_orange_mix",
            "basil_mix",
            "inkpunk_diffusion",
            "epic_diffusion_1",
            "future_diffusion",
            "hasdx",
            "steampunk_diffusion",
            "emoji_diffusion",
            "vectorartz_diffusion",
            "texture_diffusion",
            "vox_2",
            "stable_diffusion_papercut",
            "stable_diffusion_voxelart",
            "stable_diffusion_fluidart",
            "something_2",
            "tshirt_diffusion",
            "duchaiten_darkside",
            "dh_classicanime",
            "duchaiten_dreamworld",
            "duchaiten_anime",
            "anything_5_0",
            "cyberrealistic_1_3",
            "deliberate_2",
            "dreamshaper_5",
            "dreamshaper_6",
            "absolute_reality_1",
            "cyberrealistic_3_1",
            "icbinp",
            "dreamshaper_7",
            "absolute_reality_1_6",
            "nightmareshaper",
            "dreamshaper_8",
            "absolute_reality_1_8_1",
            "anylora",
            "kidsmix",
            "cyberrealistic_3_3",
            "icbinp_seco",
            "realistic_vision_5_1",
            "rpg_5",
            "toonify_2",
            "dreamix_1",
            "furrytoonmix",
            "realcartoon3d_13",
            "analogmadness_7",
            "yesmix_4",
            "realdream_12",
            "realcartoonanime_10",
            "juggernaut_reborn",
            "0001softrealistic_v187",
            "indigo_furry_mix_v120_hybrid",
            "ghostmix_v2",
            "dark_sushi_mix_v2_25d",
            "arthemy_comics_gt_beta",
            "art_universe_v8",
        ),
    ),
    "sd2_768": (
        768,
        768,
        ("text2image", "image2image"),
        (
            "stablediffusion_2_0_768px",
            "stablediffusion_2_1_768px",
            "redshift_diffusion_768px",
            "paint_journey_2_768px",
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
    "instruct": (512, 512, ("edit-image",), ("instruct_pix2pix",)),
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
            "ponyxl_6",
            "ponyxl_6_turbo_dpo",
            "juggernautxl_10_hyper",
            "illustrious_perfect_deliberate_1024px",
            "illustrious_hassaku_xl_1024px",
        ),
    ),
    "sdxl_inpaint": (1024, 1024, ("inpainting",), ("juggernautxl_x_inpaint_1024px",)),
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


MODEL_IDS = frozenset(_BY_ID)
"""Every model id the simulator serves (and lists at ``GET /info``)."""


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
