"""Rebuild ``openapi/dezgo.json``, the reconstructed Dezgo spec, from the evidence.

Why a script and not a hand-typed JSON file: the reconstruction is a set of
decisions (which field, which range, which default, how sure we are), and a
reviewer should be able to read those decisions next to their evidence.

Descriptions are for users: they say what a field does, and never restate a
limit the schema's own keywords give. The evidence is recorded beside them, in
the ``x-dezgo-evidence`` extension, on every operation, parameter, request-body
property and response header (and on the response-body component schemas)::

    "x-dezgo-evidence": {
      "confidence": "H",            # how sure we are the thing exists as described
      "sources": ["idx 58151168997", "Getting Started"],
      "note": "why, in a sentence; '' when nothing to add",
      "constraints": {"maxLength": "M", "required": "H"}
    }

``constraints`` has one level per validation keyword present on that schema
(type, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum,
multipleOf, minLength, maxLength, pattern, format, default), plus ``required``
when the property (parameter, header) is required. Operations have
``media_types`` (one level per request media type) instead of ``constraints``.

Levels: S = the official Getting Started page; H = 4 or more independent
sources; M = 2-3; L = 1; G = an inference no source states. ``idx N`` is a file
id of the public code index that the SDK team's evidence notes cite. The rules
used to pick a level:

* A field's confidence is the label the evidence notes give it for that
  endpoint (their text2image parameter table for the text2image family), and
  never more than the operation's own confidence.
* A constraint is never surer than its field, except what Getting Started
  states for the whole API (S): the request body formats, base64 images in
  JSON, PNG when no format is asked for, the billing and user headers.
* A range, enum or default that the notes state for the text2image family and
  that is applied to another endpoint without a source of its own is G; so is a
  default when clients were only seen sending a value.

This script is only for the reconstruction. The first time ``make spec``
reaches https://api.dezgo.com/openapi.json the pinned file is replaced wholesale
by what the service serves, and this script becomes history.

Usage: ``python scripts/reconstruct_spec.py [--check]``
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dezgo._evidence import EVIDENCE, LEVELS, VALIDATION_KEYWORDS  # noqa: E402  (one list, shared)
from dezgo._spec.overlay import SCOPE_KEY, document_digest  # noqa: E402

OUT = ROOT / "openapi" / "dezgo.json"
RECONSTRUCTED_ON = "2026-11-25"

Schema = dict[str, Any]
Field = tuple[str, Schema]
Source = int | str

# --------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------

GS = "Getting Started"
FAMILY_SCHEMA = 58151168997  # the zod schema built from the official OpenAPI (text2image family)


def _stronger(a: str, b: str) -> bool:
    return LEVELS.index(a) < LEVELS.index(b)


def sources(*ids: Source) -> list[str]:
    return [s if isinstance(s, str) else f"idx {s}" for s in ids]


def ev(confidence: str, srcs: Sequence[Source] = (), note: str = "", **constraints: str) -> Schema:
    """Evidence for a field, parameter or header; ``type`` defaults to the confidence."""
    return {
        "confidence": confidence,
        "sources": sources(*srcs),
        "note": note,
        "constraints": constraints,
    }


def _settle(where: str, schema: Schema, evidence: Schema, required: str | None = None) -> Schema:
    """Order and check ``evidence`` against the keywords ``schema`` really has."""
    out = copy.deepcopy(evidence)
    confidence = out["confidence"]
    given = dict(out["constraints"])
    if "type" in schema:
        given.setdefault("type", confidence)
    present = [k for k in VALIDATION_KEYWORDS if k in schema]
    if set(given) != set(present):
        raise ValueError(f"{where}: constraints {sorted(given)} but keywords {present}")
    levels = {k: given[k] for k in present}
    if required is not None:
        levels["required"] = required
    for key, level in [("confidence", confidence), *levels.items()]:
        if level not in LEVELS:
            raise ValueError(f"{where}: {key} has level {level!r}")
        if level != "S" and _stronger(level, confidence):
            raise ValueError(f"{where}: {key} is {level}, surer than the field itself ({confidence})")
    out["constraints"] = levels
    return out


# --------------------------------------------------------------------------
# Field builders (FastAPI/pydantic style: a title on every property)
# --------------------------------------------------------------------------


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("_"))


def field(name: str, schema: Schema, description: str, evidence: Schema) -> Field:
    out = {"title": _title(name), **schema, "description": description}
    out[EVIDENCE] = _settle(name, out, evidence)
    return name, out


CARRIED = (
    "carried over from the text2image family's schema (idx 58151168997), with no source for this endpoint [G]"
)


def prompt(
    conf: str = "H",
    srcs: Sequence[Source] = (FAMILY_SCHEMA, 58908930257),
    note: str = (
        "Sent by every client [H]; at most 1000 characters per the schema in idx 58151168997 and the "
        "truncation in idx 58908930257 [M]; the minimum length of 1 is an inference [G]."
    ),
    max_length: str = "M",
    what: str = "What the image should show.",
) -> Field:
    return field(
        "prompt",
        {"type": "string", "minLength": 1, "maxLength": 1000},
        what,
        ev(conf, srcs, note, minLength="G", maxLength=max_length),
    )


def negative_prompt(
    conf: str = "M",
    srcs: Sequence[Source] = (FAMILY_SCHEMA,),
    note: str = "Length and the empty default per the schema in idx 58151168997.",
    max_length: str = "M",
    default: str = "M",
) -> Field:
    return field(
        "negative_prompt",
        {"type": "string", "maxLength": 1000, "default": ""},
        "What the image should not show.",
        ev(conf, srcs, note, maxLength=max_length, default=default),
    )


def model(default: str | None, family: str, conf: str, srcs: Sequence[Source], note: str) -> Field:
    schema: Schema = {"type": "string", "minLength": 1}
    levels = {"minLength": "G"}
    if default is not None:
        schema["default"] = default
        levels["default"] = "G"
    return field(
        "model", schema, f"Model id from GET /info ({family} family).", ev(conf, srcs, note, **levels)
    )


def size(
    name: str,
    minimum: int,
    maximum: int,
    multiple_of: int | None,
    conf: str,
    srcs: Sequence[Source],
    note: str,
    range_level: str,
    multiple_level: str | None = None,
) -> Field:
    schema: Schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    levels = {"minimum": range_level, "maximum": range_level}
    if multiple_of:
        schema["multipleOf"] = multiple_of
        levels["multipleOf"] = multiple_level or range_level
    return field(
        name,
        schema,
        f"Output {name} in pixels; the model's native resolution when omitted.",
        ev(conf, srcs, note, **levels),
    )


def sizes(*args: Any, **kwargs: Any) -> list[Field]:
    return [size("width", *args, **kwargs), size("height", *args, **kwargs)]


def guidance(
    default: float,
    minimum: float,
    maximum: float,
    conf: str,
    srcs: Sequence[Source],
    note: str,
    min_level: str,
    max_level: str,
    default_level: str,
) -> Field:
    return field(
        "guidance",
        {"type": "number", "minimum": minimum, "maximum": maximum, "default": default},
        "How closely the image follows the prompt.",
        ev(conf, srcs, note, minimum=min_level, maximum=max_level, default=default_level),
    )


def family_guidance(default: float = 7, note: str = "") -> Field:
    return guidance(
        default,
        -20,
        20,
        "M",
        (FAMILY_SCHEMA, 15666006571),
        "Range and default per the schema in idx 58151168997; a UI labels it 'Guidance (-20 -> 20)' "
        "(idx 15666006571)." + (" " + note if note else ""),
        "M",
        "M",
        "M",
    )


def steps(
    default: int,
    minimum: int,
    maximum: int,
    conf: str,
    srcs: Sequence[Source],
    note: str,
    min_level: str,
    max_level: str,
    default_level: str,
) -> Field:
    return field(
        "steps",
        {"type": "integer", "minimum": minimum, "maximum": maximum, "default": default},
        "Number of denoising steps.",
        ev(conf, srcs, note, minimum=min_level, maximum=max_level, default=default_level),
    )


def family_steps() -> Field:
    return steps(
        30,
        10,
        150,
        "M",
        (FAMILY_SCHEMA, 15666006571),
        "Range and default per the schema in idx 58151168997; a UI labels it 'Steps (10 -> 150)' (idx 15666006571).",
        "M",
        "M",
        "M",
    )


SAMPLERS = ["ddim", "dpm", "dpm_single", "dpmpp_2m_karras", "euler", "euler_a", "k_lms", "pndm"]


def sampler(conf: str, srcs: Sequence[Source], note: str, enum: str, default: str) -> Field:
    return field(
        "sampler",
        {"type": "string", "enum": SAMPLERS, "default": "dpmpp_2m_karras"},
        "Sampling method.",
        ev(conf, srcs, note, enum=enum, default=default),
    )


def family_sampler(conf: str = "H") -> Field:
    return sampler(
        conf,
        (FAMILY_SCHEMA, 16717036421, 42612151869, 37642904282),
        "The list of values comes from one schema (idx 58151168997) [L], and so does the default; values sent "
        "by clients: dpmpp_2m_karras [H], euler_a [H], k_lms [M: idx 16717036421, 42612151869], dpm "
        "[L: idx 37642904282]. Getting Started names dpmpp_2m_karras as a sampler of the new API only.",
        "L",
        "L",
    )


def seed(conf: str, srcs: Sequence[Source], note: str, range_level: str) -> Field:
    return field(
        "seed",
        {"type": "integer", "minimum": 0, "maximum": 4294967295},
        "Random seed; a random one is chosen when omitted and returned in the x-input-seed header.",
        ev(conf, srcs, note, minimum=range_level, maximum=range_level),
    )


def family_seed() -> Field:
    return seed(
        "M",
        (FAMILY_SCHEMA, 19037943714, 54057445673, 1678240776),
        "A uint32 per the schema in idx 58151168997; form bodies send an empty string for a random seed "
        "(idx 19037943714, 54057445673, 1678240776); -1 for random (idx 54057445673) is unverified.",
        "M",
    )


FORMAT_NOTE = (
    "png and jpg are sent by 4+ sources [H], webp only by idx 58151168997 [L], so the enum as a whole is L; "
    "the response is a PNG when no format is asked for (Getting Started 4.4) [S]."
)


def image_format(conf: str, srcs: Sequence[Source], note: str = FORMAT_NOTE) -> Field:
    return field(
        "format",
        {"type": "string", "enum": ["png", "jpg", "webp"], "default": "png"},
        "Output image format; the response's Content-Type follows it.",
        ev(conf, [GS, *srcs], note, enum="L" if conf != "G" else "G", default="S"),
    )


def family_format() -> Field:
    return image_format("H", (FAMILY_SCHEMA, 25106231378))


UPSCALE_NOTE = (
    "Clients send '1', 1, 'true'/'false' and 2 (idx 9324418751, 1678240776, 55087239000): the field is H, "
    "what its values mean M. Reading 1 as 'no upscaling' and making it the default is an inference [G]: the "
    "same clients send '1' to turn upscaling on. SD1 only per idx 31203068286 [L]."
)


def upscale_flag(conf: str, srcs: Sequence[Source] | None = None, note: str = UPSCALE_NOTE) -> Field:
    value_level = "M" if conf in "SHM" else conf
    return field(
        "upscale",
        {"type": "integer", "minimum": 1, "maximum": 2, "default": 1},
        "Upscale factor for the result: 1 = none, 2 = twice the size.",
        ev(
            conf,
            (9324418751, 1678240776, 55087239000, 31203068286) if srcs is None else srcs,
            note,
            type=value_level,
            minimum=value_level,
            maximum=value_level,
            default="G",
        ),
    )


LORA_SOURCES = (9324418751, 2250012, 19037943714, 54057445673, 37884362843, 31203068286)


def loras(conf: str = "M", srcs: Sequence[Source] = LORA_SOURCES, default: str = "M") -> list[Field]:
    out = []
    for i in (1, 2):
        out.append(
            field(
                f"lora{i}",
                {"type": "string", "default": ""},
                "LoRA model id; empty for none.",
                ev(conf, srcs, "An empty string means no LoRA.", default=default),
            )
        )
        out.append(
            field(
                f"lora{i}_strength",
                {"type": "number", "default": 0.7},
                "LoRA weight.",
                ev(
                    conf,
                    srcs,
                    "0.7 in every sample seen; that it is the default is an inference [G].",
                    default="G",
                ),
            )
        )
    return out


def transparent_background(conf: str, srcs: Sequence[Source], note: str, default: str) -> Field:
    return field(
        "transparent_background",
        {"type": "boolean", "default": False},
        "Generate with a transparent background (SDXL and Flux models).",
        ev(conf, srcs, note, default=default),
    )


def refiner(note: str = "") -> Field:
    return field(
        "refiner",
        {"type": "boolean", "default": False},
        "Run the refiner pass.",
        ev(
            "L",
            (25106231378,),
            "Only idx 25106231378 sends it (as true) [L]; the default false is an inference [G]."
            + (" " + note if note else ""),
            default="G",
        ),
    )


NOT_LISTED = "No source sends it to this endpoint; assumed as on the other SD1 endpoints [G]."


def carried_sd_fields(sent: dict[str, tuple[str, Sequence[Source]]]) -> list[Field]:
    """negative_prompt, guidance, steps, sampler, seed, format on an SD endpoint outside the text2image family.

    ``sent`` gives each field's confidence on this endpoint and the sources that send it there (G and
    none when no source does); the ranges, enums and defaults are the text2image family's, carried
    over: G.
    """

    def conf(name: str) -> str:
        return sent[name][0]

    def srcs(name: str) -> Sequence[Source]:
        return sent[name][1]

    def why(name: str, what: str) -> str:
        level = sent[name][0]
        if level == "G":
            return f"{NOT_LISTED} {what}"
        return f"Listed among this endpoint's fields by the evidence notes [{level}]. {what}"

    carried = f"Range and default {CARRIED}."
    return [
        negative_prompt(
            conf("negative_prompt"),
            srcs("negative_prompt"),
            why("negative_prompt", f"Length and default {CARRIED}."),
            "G",
            "G",
        ),
        guidance(7, -20, 20, conf("guidance"), srcs("guidance"), why("guidance", carried), "G", "G", "G"),
        steps(30, 10, 150, conf("steps"), srcs("steps"), why("steps", carried), "G", "G", "G"),
        sampler(conf("sampler"), srcs("sampler"), why("sampler", f"Values and default {CARRIED}."), "G", "G"),
        seed(conf("seed"), srcs("seed"), why("seed", f"The uint32 range {CARRIED}."), "G"),
        image_format(
            conf("format"),
            srcs("format"),
            why(
                "format",
                "Values as for every endpoint: png and jpg [H], webp [L]; PNG when no format is asked for "
                "(Getting Started 4.4) [S].",
            ),
        ),
    ]


IMAGE_NOTE_JSON = (
    "JSON bodies carry binary inputs as base64 strings (Getting Started 4.3) [S]; "
    "that PNG, JPEG and WebP are all accepted is an inference [G]."
)
IMAGE_NOTE_PART = (
    "Multipart bodies carry images as file parts [H in the wild; Getting Started 4.3]; "
    "that PNG, JPEG and WebP are all accepted is an inference [G]."
)


class ImageField:
    """An image input of an operation: its description and how sure we are of it."""

    def __init__(self, description: str, conf: str, srcs: Sequence[Source], note: str = "") -> None:
        self.description = description
        self.conf = conf
        self.srcs = srcs
        self.note = note

    def json(self, name: str) -> Field:
        note = " ".join(n for n in (self.note, IMAGE_NOTE_JSON) if n)
        return field(
            name,
            {"type": "string", "format": "byte", "contentEncoding": "base64"},
            f"{self.description} A PNG, JPEG or WebP image, base64-encoded.",
            ev(self.conf, [*self.srcs, GS], note, type="S", format="S"),
        )

    def part(self, name: str) -> Field:
        note = " ".join(n for n in (self.note, IMAGE_NOTE_PART) if n)
        level = "H" if self.conf in "SH" else self.conf
        return field(
            name,
            {"type": "string", "format": "binary"},
            f"{self.description} A PNG, JPEG or WebP file.",
            ev(self.conf, [*self.srcs, GS], note, type=level, format=level),
        )


# --------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------

SD1_SIZE_NOTE = (
    "320-1024 and a multiple of 8 per the schema in idx 58151168997 and the comments in idx 8356166007; "
    "the native resolution when omitted is an inference [G]."
)
XL_SIZE_NOTE = (
    "Clients send 1024x1024, 1216x832 and 1024x576, so the text2image range 320-1024 cannot hold for SDXL; "
    "512-1536 is an inference [G]. A multiple of 8 per idx 58151168997 (SD1/SDXL) [M]."
)
XL_SIZE_SOURCES = (FAMILY_SCHEMA, 25106231378, 37884362843, 31203068286)
BODY_FORMATS = "Getting Started 4.3: every endpoint takes JSON (recommended), urlencoded (no binary data) and multipart [S]."


class Op:
    """One operation of the reconstruction, with the evidence for it."""

    def __init__(
        self,
        path: str,
        func: str,
        summary: str,
        description: str,
        evidence: tuple[str, Sequence[Source], str],
        fields: list[Field],
        required: dict[str, str],
        image_fields: dict[str, ImageField] | None = None,
        form: bool = False,
        responses: str = "image",
        seeded: bool = True,
        method: str = "post",
    ) -> None:
        self.path = path
        self.func = func
        self.summary = summary
        self.description = description
        self.confidence, self.sources, self.note = evidence
        self.fields = fields
        self.required = required
        self.image_fields = image_fields or {}
        self.form = form
        self.responses = responses
        self.seeded = seeded
        self.method = method

    @property
    def operation_id(self) -> str:
        # FastAPI's generate_unique_id: f"{route.name}{route.path_format}" with non-word
        # characters replaced by "_", then "_{method}".
        return re.sub(r"\W", "_", f"{self.func}{self.path}") + f"_{self.method}"


def op_evidence(confidence: str, srcs: Sequence[Source], note: str, media_types: Sequence[str]) -> Schema:
    if confidence not in LEVELS:
        raise ValueError(confidence)
    return {
        "confidence": confidence,
        "sources": sources(*srcs),
        "note": note,
        # Getting Started 4.3 says every body format works for the API as a whole; what code in
        # the wild uses is in the note.
        "media_types": {mt: "S" for mt in media_types},
    }


OPS: list[Op] = [
    Op(
        "/text2image",
        "text2image",
        "Text to image (Stable Diffusion 1.x/2.x)",
        "Generates an image from a text prompt with a Stable Diffusion 1.x or 2.x model. "
        "Takes JSON, form-urlencoded or multipart bodies.",
        (
            "H",
            (FAMILY_SCHEMA, 25106231378, 15334063199, 9324418751, 2250012, 56682071291, 37884362843),
            f"{BODY_FORMATS} In the wild JSON, multipart and urlencoded are each used by 4+ sources [H]. "
            "Answers with the image bytes (Getting Started 4.4) [S].",
        ),
        [
            prompt(),
            model(
                "stablediffusion_1_5",
                "SD1",
                "H",
                (25106231378, 53778684254, 37957378109, 54057445673),
                "Sent by many clients [H]; which model is used when it is omitted is an inference [G].",
            ),
            *sizes(320, 1024, 8, "M", (FAMILY_SCHEMA, 8356166007), SD1_SIZE_NOTE, "M"),
            negative_prompt(),
            family_guidance(),
            family_steps(),
            family_sampler(),
            family_seed(),
            family_format(),
            upscale_flag("H"),
            *loras(),
            refiner(),
        ],
        {"prompt": "H"},
        form=True,
    ),
    Op(
        "/text2image_sdxl",
        "text2image_sdxl",
        "Text to image (Stable Diffusion XL)",
        "Generates an image with a Stable Diffusion XL model (ids ending in _1024px). "
        "Takes JSON, form-urlencoded or multipart bodies.",
        (
            "H",
            (25106231378, 7821996231, 11162913268, 53778684254, 37884362843, 67269819329, 31203068286),
            f"{BODY_FORMATS} In the wild: JSON M (idx 25106231378, 7821996231, 11162913268), urlencoded M "
            "(idx 53778684254, 37884362843, 67269819329), multipart L (idx 31203068286). The notes give the "
            "endpoint no level of its own: seven sources call it and its model ids are H, hence H.",
        ),
        [
            prompt(),
            model(
                "juggernautxl_1024px",
                "SDXL",
                "H",
                (25106231378, 37957378109, 53778684254, 53814738271, 38011989584),
                "SDXL ids (*_1024px) are sent by 4+ sources [H]; the default is an inference [G]: one client "
                "(idx 11162913268) sends a prompt only.",
            ),
            *sizes(512, 1536, 8, "M", XL_SIZE_SOURCES, XL_SIZE_NOTE, "G", "M"),
            negative_prompt(),
            family_guidance(note="SDXL clients send 7; idx 37884362843 clamps to 1-20."),
            family_steps(),
            family_sampler(),
            family_seed(),
            family_format(),
            *loras(),
            refiner(),
            transparent_background(
                "M",
                (25106231378, 31203068286),
                "Sent for SDXL and Flux only [M]; default false per the text2image parameter table [M].",
                "M",
            ),
        ],
        {"prompt": "H"},
        form=True,
    ),
    Op(
        "/text2image_sdxl_lightning",
        "text2image_sdxl_lightning",
        "Text to image (SDXL Lightning, few steps)",
        "Generates an image with an SDXL Lightning model in a handful of steps. "
        "Takes JSON, form-urlencoded or multipart bodies.",
        (
            "M",
            (25106231378, 53924420989, 37884362843, 31203068286),
            f"{BODY_FORMATS} In the wild: JSON L (idx 25106231378, 53924420989), urlencoded L (idx 37884362843), "
            "multipart L (idx 31203068286); its model ids are M, hence M.",
        ),
        [
            prompt(
                "M",
                note=(
                    "Capped at the endpoint's M. At most 1000 characters per the text2image family's schema "
                    "(idx 58151168997, 58908930257) [M]; the minimum length of 1 is an inference [G]."
                ),
            ),
            model(
                "dreamshaperxl_lightning_1024px",
                "SDXL Lightning",
                "M",
                (25106231378, 53924420989, 67269819329),
                "Lightning ids are M (dreamshaperxl_lightning_1024px in 4+ sources); idx 53924420989 sends no "
                "model, so there is a default, but which one is an inference [G].",
            ),
            *sizes(512, 1536, 8, "M", XL_SIZE_SOURCES, XL_SIZE_NOTE, "G", "M"),
            negative_prompt(),
            guidance(
                2,
                0,
                20,
                "M",
                (FAMILY_SCHEMA, 25106231378, 37884362843),
                "Lightning clients send low values (2 in idx 25106231378, 1 in idx 37884362843). The upper bound "
                "is the text2image family's [M]; the lower bound 0 and the default 2 are inferences [G].",
                "G",
                "M",
                "G",
            ),
            steps(
                4,
                1,
                10,
                "L",
                (37884362843, 25106231378, 31203068286),
                "Usually omitted (idx 25106231378, 31203068286); 4 in test parameters of idx 37884362843 [L]. "
                "The family's 10-150 cannot hold for a few-step model; range and default are inferences [G].",
                "G",
                "G",
                "G",
            ),
            family_sampler("M"),
            seed(
                "M",
                (FAMILY_SCHEMA, 19037943714, 54057445673),
                "A uint32 per the text2image family's schema (idx 58151168997) [M].",
                "M",
            ),
            image_format("M", (FAMILY_SCHEMA, 25106231378), "Capped at the endpoint's M. " + FORMAT_NOTE),
            *loras(),
            transparent_background(
                "M",
                (25106231378,),
                "Sent with Lightning models by idx 25106231378; SDXL and Flux only [M]; default false per the "
                "text2image parameter table [M].",
                "M",
            ),
        ],
        {"prompt": "M"},
        form=True,
    ),
    Op(
        "/text2image_flux",
        "text2image_flux",
        "Text to image (Flux)",
        "Generates an image with a Flux model (flux_1_schnell). Takes JSON, form-urlencoded or multipart bodies.",
        (
            "H",
            (25106231378, 56682071291, 36224169998, 53924420989, 54057445673, 37884362843, 58908930257),
            f"{BODY_FORMATS} In the wild: JSON H (idx 25106231378, 56682071291, 36224169998, 53924420989), "
            "multipart H (idx 54057445673, 37884362843, 26465214938, 31203068286, 58908930257), urlencoded M "
            "(idx 65966235081, 67269819329).",
        ),
        [
            prompt(),
            model(
                "flux_1_schnell",
                "Flux",
                "H",
                (37957378109, 53814738271, 70147472570, 70327420763),
                "Often omitted [H]; when sent it is flux_1_schnell [H], the only Flux id in the /info snapshot; "
                "that it is the default is an inference [G].",
            ),
            *sizes(
                512,
                1536,
                None,
                "M",
                (58908930257, 70327420763),
                "1024 is typical; 512-1536 is the clamp in idx 58908930257 [L]; idx 70327420763 claims multiples "
                "of 64 up to 1024 [L]. The native resolution when omitted is an inference [G].",
                "L",
            ),
            steps(
                4,
                1,
                50,
                "M",
                (70327420763, 53924420989),
                "4 and 8 are sent [M]; 1-8 for schnell per idx 70327420763 [L]; 28 for a dev model in "
                "idx 53924420989. The upper bound 50 and the default 4 are inferences [G].",
                "L",
                "G",
                "G",
            ),
            guidance(
                3.5,
                0,
                20,
                "L",
                (26465214938, 53924420989),
                "3.5 in idx 26465214938 and 53924420989, labelled L by the evidence notes, which also list "
                "whether Flux takes guidance at all as an open question; range and default are inferences [G].",
                "G",
                "G",
                "G",
            ),
            family_seed(),
            family_format(),
            transparent_background(
                "H",
                (25106231378, 31203068286),
                "Sent with Flux by 4+ sources [H]; default false per the text2image parameter table [M].",
                "M",
            ),
            *loras(srcs=(54057445673, 37884362843, 31203068286)),
        ],
        {"prompt": "H"},
        form=True,
    ),
    Op(
        "/text2image_flux_2_pro",
        "text2image_flux_2_pro",
        "Text to image (Flux 2 Pro)",
        "Generates an image with Flux 2 Pro; takes no model. It may answer with a job ticket to poll at "
        "/unstable/job/{tx_id} instead of the image.",
        (
            "L",
            (58908930257, 58756989894, 58526534963, 58805299309, 58516406836),
            f"{BODY_FORMATS} One project (code idx 58908930257, 58756989894; docs idx 58526534963, 58805299309, "
            "58516406836) sends multipart [L]. The same project reports that the endpoint may answer with a job "
            "ticket (JSON) instead of the image [L].",
        ),
        [
            prompt(
                "L",
                (58908930257,),
                "Sent by the one project, which truncates prompts at 1000 characters [L]; the minimum length of 1 "
                "is an inference [G].",
                "L",
            ),
            *sizes(
                512,
                1536,
                None,
                "L",
                (58908930257,),
                "The one project clamps to 512-1536 [L]; the native resolution when omitted is an inference [G].",
                "L",
            ),
            steps(
                28,
                1,
                50,
                "L",
                (58908930257,),
                "Sent by the one project [L]; range and default are inferences [G] (28 is what idx 53924420989 "
                "sends for another Flux model).",
                "G",
                "G",
                "G",
            ),
            seed(
                "G",
                (),
                "Not in the one project's field list; assumed like the other generation endpoints, with their "
                "uint32 range [G].",
                "G",
            ),
            image_format("L", (58908930257,), "Sent by the one project [L]. " + FORMAT_NOTE),
            transparent_background(
                "L",
                (58908930257,),
                "Sent by the one project [L]; the default false is an inference [G].",
                "G",
            ),
        ],
        {"prompt": "L"},
        responses="image_or_job",
    ),
    Op(
        "/image2image",
        "image2image",
        "Image to image",
        "Transforms an input image guided by a prompt.",
        (
            "H",
            (
                56682071291,
                19035316385,
                7510934546,
                48154355065,
                2250012,
                49112186949,
                44323512942,
                70327420763,
            ),
            f"{BODY_FORMATS} In the wild: multipart H; JSON with a base64 init_image only in idx 53924420989 [L]. "
            "Answers with PNG bytes [H].",
        ),
        [
            prompt(
                "H",
                (56682071291, 19035316385, 7510934546),
                f"Sent by every client [H]; the 1000-character limit is {CARRIED}; the minimum length of 1 is an "
                "inference [G].",
                "G",
                "What the result should show.",
            ),
            model(
                "realistic_vision_5_1",
                "SD1",
                "H",
                (56682071291, 19035316385, 7510934546, 70327420763),
                "realistic_vision_5_1 and epic_diffusion_1_1 are sent [H]; the default is an inference [G].",
            ),
            field(
                "strength",
                {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
                "How far the result may move away from the input image; higher moves further.",
                ev(
                    "H",
                    (56682071291, 19035316385, 7510934546, 2250012),
                    "Values from 0.3 to 0.97 are sent, always between 0 and 1 [H]; the default 0.5 is an "
                    "inference [G].",
                    minimum="H",
                    maximum="H",
                    default="G",
                ),
            ),
            *sizes(
                320,
                1024,
                8,
                "M",
                (56682071291,),
                f"Sent by idx 56682071291 [M per the evidence notes]; the range is {CARRIED}.",
                "G",
            ),
            *carried_sd_fields(
                {
                    **dict.fromkeys(
                        ("negative_prompt", "guidance", "steps", "sampler", "seed"),
                        ("M", (56682071291, 2250012)),
                    ),
                    "format": ("G", ()),
                }
            ),
            upscale_flag("M"),
            *loras(srcs=(2250012,)),
        ],
        {"prompt": "H", "init_image": "H"},
        image_fields={
            "init_image": ImageField(
                "The image to transform.",
                "H",
                (56682071291, 19035316385, 7510934546),
                "Sent by every client [H].",
            )
        },
    ),
    Op(
        "/image2image_flux_2_pro",
        "image2image_flux_2_pro",
        "Image to image (Flux 2 Pro)",
        "Edits an input image with Flux 2 Pro; takes no model and no strength. It may answer with a job ticket "
        "to poll at /unstable/job/{tx_id} instead of the image.",
        (
            "L",
            (58908930257,),
            f"{BODY_FORMATS} One project (idx 58908930257) sends multipart [L]; it also reports job tickets [L].",
        ),
        [
            prompt(
                "L",
                (58908930257,),
                "Sent by the one project, which truncates prompts at 1000 characters [L]; the minimum length of 1 "
                "is an inference [G].",
                "L",
                "What the result should show.",
            ),
            negative_prompt(
                "L",
                (58908930257,),
                "Sent by the one project [L]; length and default are inferences [G].",
                "G",
                "G",
            ),
            seed(
                "G",
                (),
                "Not in the one project's field list; assumed like the other generation endpoints, with their "
                "uint32 range [G].",
                "G",
            ),
            image_format("L", (58908930257,), "Sent by the one project [L]. " + FORMAT_NOTE),
        ],
        {"prompt": "L", "init_image": "L"},
        image_fields={
            "init_image": ImageField(
                "The image to edit.", "L", (58908930257,), "Sent by the one project [L]."
            )
        },
        responses="image_or_job",
    ),
    Op(
        "/inpainting",
        "inpainting",
        "Inpainting with a mask image",
        "Repaints the region of an image that a mask image marks.",
        (
            "H",
            (9324418751, 23463957942, 58667946911, 58650923785),
            f"{BODY_FORMATS} In the wild: multipart only [H].",
        ),
        [
            prompt(
                "H",
                (9324418751, 23463957942, 58667946911),
                f"Sent by every client [H]; the 1000-character limit is {CARRIED}; the minimum length of 1 is an "
                "inference [G].",
                "G",
                "What to paint in the masked region.",
            ),
            model(
                "absolute_reality_1_8_1_inpaint",
                "inpainting",
                "M",
                (9324418751, 23463957942),
                "Inpainting ids such as absolute_reality_1_8_1_inpaint are sent [M]; the default is an inference "
                "[G].",
            ),
            *carried_sd_fields(
                dict.fromkeys(
                    ("negative_prompt", "guidance", "steps", "sampler", "seed", "format"),
                    ("M", (9324418751, 23463957942)),
                )
            ),
            upscale_flag("M"),
        ],
        {"prompt": "H", "init_image": "H", "mask_image": "H"},
        image_fields={
            "init_image": ImageField(
                "The image to repaint.",
                "H",
                (9324418751, 23463957942, 58667946911),
                "Sent by every client [H].",
            ),
            "mask_image": ImageField(
                "The mask: white marks the region to repaint.",
                "H",
                (9324418751, 23463957942, 58667946911),
                "Sent by every client [H]; white = repaint is the usual Stable Diffusion convention, which no "
                "source states [G].",
            ),
        },
    ),
    Op(
        "/text-inpainting",
        "text_inpainting",
        "Inpainting with a text-selected mask",
        "Repaints the region of an image that mask_prompt describes.",
        (
            "M",
            (15093849816, 15123727417, 15012008714, 15187395530, 67296120691, 9324418751),
            f"{BODY_FORMATS} In the wild: multipart only, labelled M-H: six files, but four are by one author, "
            "so three independent sources, hence M.",
        ),
        [
            prompt(
                "M",
                (15093849816, 67296120691, 9324418751),
                f"H in the evidence notes, capped at the endpoint's M; the 1000-character limit is {CARRIED}; the "
                "minimum length of 1 is an inference [G].",
                "G",
                "What to paint in the selected region.",
            ),
            field(
                "mask_prompt",
                {"type": "string", "minLength": 1, "maxLength": 1000},
                "Describes the region of the image to replace.",
                ev(
                    "M",
                    (15093849816, 67296120691, 9324418751),
                    "H in the evidence notes, capped at the endpoint's M; its length limits are inferences [G].",
                    minLength="G",
                    maxLength="G",
                ),
            ),
            model(
                "absolute_reality_1_8_1_inpaint",
                "inpainting",
                "L",
                (9324418751,),
                "Sent by idx 9324418751 only [L]; the default is an inference [G].",
            ),
            *carried_sd_fields(
                {
                    "negative_prompt": ("M", (15093849816, 67296120691, 9324418751)),
                    **dict.fromkeys(("guidance", "steps", "sampler", "seed", "format"), ("L", (9324418751,))),
                }
            ),
            upscale_flag("L", (9324418751,), "Sent by idx 9324418751 only [L]. " + UPSCALE_NOTE),
        ],
        {"prompt": "M", "mask_prompt": "M", "init_image": "M"},
        image_fields={
            "init_image": ImageField(
                "The image to repaint.",
                "M",
                (15093849816, 67296120691, 9324418751),
                "H in the evidence notes, capped at the endpoint's M.",
            )
        },
    ),
    Op(
        "/edit-image",
        "edit_image",
        "Instruction-based image editing",
        "Edits an image following an instruction given as the prompt.",
        (
            "M",
            (1678240776, 55087239000, 66130241681),
            f"{BODY_FORMATS} A PHP client calls it with multipart (idx 1678240776) and a bot configures its URL "
            "(idx 55087239000, 66130241681): labelled L-M, two sources, hence M. The backing model "
            "instruct_pix2pix is an inference [G].",
        ),
        [
            prompt(
                "L",
                (1678240776,),
                f"Sent by idx 1678240776 [L]; the 1000-character limit is {CARRIED}; the minimum length of 1 is an "
                "inference [G].",
                "G",
                "The edit to make, as an instruction.",
            ),
            negative_prompt(
                "L", (1678240776,), f"Sent by idx 1678240776 [L]; length and default are {CARRIED}.", "G", "G"
            ),
            guidance(
                9,
                -20,
                20,
                "L",
                (1678240776, 55087239000),
                f"9 in idx 1678240776, 8 in the bot config idx 55087239000 [L]; the range is {CARRIED}; the "
                "default 9 is an inference [G].",
                "G",
                "G",
                "G",
            ),
            field(
                "image_guidance",
                {"type": "number", "minimum": 0, "maximum": 20, "default": 1.5},
                "How closely the result keeps to the input image.",
                ev(
                    "L",
                    (1678240776, 55087239000),
                    "2.5 in idx 1678240776 and in the bot config idx 55087239000 ('guidance strength', likely this "
                    "field) [L]; range and default (1.5, instruct-pix2pix's usual one) are inferences [G].",
                    minimum="G",
                    maximum="G",
                    default="G",
                ),
            ),
            steps(
                30,
                10,
                150,
                "L",
                (1678240776, 55087239000),
                f"30 in idx 1678240776, 150 in the bot config idx 55087239000 [L]; range and default are {CARRIED}.",
                "G",
                "G",
                "G",
            ),
            sampler(
                "L",
                (1678240776, 55087239000),
                f"dpmpp_2m_karras in idx 1678240776 and 55087239000 [L]; values and default are {CARRIED}.",
                "G",
                "G",
            ),
            seed(
                "L", (1678240776,), f"Sent empty by idx 1678240776 [L]; the uint32 range is {CARRIED}.", "G"
            ),
            image_format("L", (1678240776,), "png in idx 1678240776 [L]. " + FORMAT_NOTE),
            upscale_flag(
                "L",
                (1678240776, 55087239000),
                "1 in idx 1678240776, 2 in idx 55087239000 [L]. " + UPSCALE_NOTE,
            ),
        ],
        {"prompt": "L", "init_image": "L"},
        image_fields={
            "init_image": ImageField("The image to edit.", "L", (1678240776,), "Sent by idx 1678240776 [L].")
        },
    ),
    Op(
        "/controlnet",
        "controlnet",
        "ControlNet-guided generation",
        "Generates an image whose structure follows a control image.",
        (
            "M",
            (8356166007, 8436387901, 7821996231),
            f"{BODY_FORMATS} In the wild: multipart in three files by one author, labelled M by the evidence notes.",
        ),
        [
            prompt(
                "M",
                (8356166007, 8436387901, 7821996231),
                f"Sent by the controlnet sources [M]; the 1000-character limit is {CARRIED}; the minimum length of "
                "1 is an inference [G].",
                "G",
            ),
            negative_prompt(
                "M",
                (8356166007,),
                f"Sent by the controlnet sources [M]; length and default are {CARRIED}.",
                "G",
                "G",
            ),
            model(
                "absolute_reality_1_8_1",
                "SD1",
                "G",
                (),
                "No controlnet source sends a model; assumed as on the other SD1 endpoints [G].",
            ),
            field(
                "control_model",
                {"type": "string", "enum": ["lineart", "openpose", "scribble"]},
                "How the control image guides the result.",
                ev(
                    "M",
                    (8356166007,),
                    "The field is M (the controlnet sources; no source uses controlnet_model). Values seen: "
                    "scribble, lineart, openpose (commented out) [L]; the full set is unknown. That it is required "
                    "is an inference [G].",
                    enum="L",
                ),
            ),
            field(
                "control_scale",
                {"type": "number", "minimum": 0, "maximum": 2, "default": 1.0},
                "Weight of the first control image.",
                ev(
                    "M",
                    (8356166007,),
                    "'1.0' is sent [M]; range and default are inferences [G].",
                    minimum="G",
                    maximum="G",
                    default="G",
                ),
            ),
            field(
                "control_preprocess",
                {"type": "boolean", "default": True},
                "Derive the control map from the image first.",
                ev(
                    "M",
                    (8356166007,),
                    "'true' is sent [M]; the default and whether the service validates or ignores it are unknown [G].",
                    default="G",
                ),
            ),
            field(
                "control_model_2",
                {"type": "string", "enum": ["lineart", "openpose", "scribble"]},
                "How the optional second control image guides the result.",
                ev(
                    "M",
                    (8356166007,),
                    "Sent for a second ControlNet [M]; values as control_model [L].",
                    enum="L",
                ),
            ),
            field(
                "control_scale_2",
                {"type": "number", "minimum": 0, "maximum": 2, "default": 1.0},
                "Weight of the second control image.",
                ev(
                    "M",
                    (8356166007,),
                    "Sent for a second ControlNet [M]; range and default are inferences [G].",
                    minimum="G",
                    maximum="G",
                    default="G",
                ),
            ),
            field(
                "detect_hands",
                {"type": "boolean", "default": False},
                "Detect hands when preprocessing the control image.",
                ev(
                    "M",
                    (8356166007,),
                    "'true' is sent [M]; the default false, and whether the service validates or ignores it, are "
                    "unknown [G].",
                    default="G",
                ),
            ),
            *sizes(
                320,
                1024,
                8,
                "M",
                (8356166007, FAMILY_SCHEMA),
                "1024x576 is sent; 320-1024 and a multiple of 8 per the comments in idx 8356166007 (a controlnet "
                "source) and the schema in idx 58151168997 [M]; the native resolution when omitted is an "
                "inference [G].",
                "M",
            ),
            *carried_sd_fields(
                {
                    **dict.fromkeys(
                        ("negative_prompt", "guidance", "steps", "sampler", "format"),
                        ("M", (8356166007, 8436387901)),
                    ),
                    "seed": ("G", ()),
                }
            )[1:],  # negative_prompt is above, with the prompt
            upscale_flag("G", (), NOT_LISTED),
        ],
        {"prompt": "M", "init_image": "M", "control_model": "G"},
        image_fields={
            "init_image": ImageField(
                "The control image.",
                "M",
                (8356166007, 8436387901, 7821996231),
                "Sent by the controlnet sources [M].",
            ),
            "init_image_2": ImageField(
                "An optional second control image.", "M", (8356166007,), "Sent for a second ControlNet [M]."
            ),
        },
    ),
    Op(
        "/upscale",
        "upscale",
        "Upscale an image",
        "Returns the image at a higher resolution.",
        (
            "L",
            (6722116453, 58908930257),
            f"{BODY_FORMATS} In the wild: JSON with a base64 image (idx 6722116453) and multipart image + format "
            "(idx 58908930257), one source each [L]. The scale factor parameter, if any, is unknown. Not the same "
            "thing as the upscale field of the generation endpoints.",
        ),
        [image_format("L", (58908930257,), "Sent by idx 58908930257 [L]. " + FORMAT_NOTE)],
        {"image": "L"},
        image_fields={
            "image": ImageField(
                "The image to upscale.",
                "L",
                (6722116453, 58908930257),
                "Base64 without a data: prefix in idx 6722116453, a file part in idx 58908930257 [L].",
            )
        },
        seeded=False,
    ),
    Op(
        "/remove-background",
        "remove_background",
        "Remove the background of an image",
        "Cuts the subject out of its background; the result is a PNG with an alpha channel.",
        (
            "H",
            (
                25106231378,
                23463957942,
                6690449828,
                35266862230,
                52153624119,
                58667946911,
                58908930257,
                9087498071,
            ),
            f"{BODY_FORMATS} In the wild: multipart [H]. The result is a PNG (Accept image/png in idx 25106231378) "
            "[M]. JSON {image_url} with X-Api-Key (idx 38168058800) and apiKey in the body (idx 29884965789) are "
            "not trusted.",
        ),
        [
            field(
                "mode",
                {"type": "string", "default": "transparent"},
                "What replaces the background.",
                ev(
                    "M",
                    (25106231378, 23463957942, 58908930257),
                    "Only 'transparent' is sent [M]; other values are unknown, and that it is the default is an "
                    "inference [G].",
                    default="G",
                ),
            ),
            image_format(
                "G",
                (),
                "Not among this endpoint's fields in any source; assumed as on the generation endpoints [G]. "
                "The response is a PNG when no format is asked for (Getting Started 4.4) [S].",
            ),
        ],
        {"image": "H"},
        image_fields={
            "image": ImageField(
                "The image to cut out.",
                "H",
                (25106231378, 23463957942, 6690449828, 58908930257),
                "Sent as 'image' by every client [H].",
            )
        },
        seeded=False,
    ),
    *(
        Op(
            f"/text2video_wan_{version}",
            f"text2video_wan_{version}",
            f"Text to video (Wan {version.replace('_', '.')})",
            "Generates a short MP4 video from a prompt.",
            (
                "L",
                (53924420989,),
                f"{BODY_FORMATS} One client (idx 53924420989) sends JSON and gets MP4 bytes [L].",
            ),
            [
                prompt(
                    "L",
                    (53924420989,),
                    "Sent by idx 53924420989 [L]; the length limits are inferences [G].",
                    "G",
                    "What the video should show.",
                ),
                negative_prompt(
                    "L",
                    (53924420989,),
                    "Sent by idx 53924420989 [L]; length and default are inferences [G].",
                    "G",
                    "G",
                ),
                *sizes(
                    256,
                    1280,
                    16,
                    "L",
                    (53924420989,),
                    "832x480 is sent by idx 53924420989 [L]; the range and the multiple of 16 are inferences [G].",
                    "G",
                ),
                steps(
                    30,
                    1,
                    50,
                    "L",
                    (53924420989,),
                    "30 is sent by idx 53924420989 [L]; range and default are inferences [G].",
                    "G",
                    "G",
                    "G",
                ),
                seed(
                    "L",
                    (53924420989,),
                    "Sent by idx 53924420989 [L]; the uint32 range is an inference [G].",
                    "G",
                ),
            ],
            {"prompt": "L"},
            responses="video",
        )
        for version in ("2_1", "2_6")
    ),
]

# --------------------------------------------------------------------------
# Responses and components
# --------------------------------------------------------------------------

BILLING_READERS = (31910870333, 401144605, FAMILY_SCHEMA, 57936847053)
BILLING_HEADERS: list[tuple[str, str, Schema, Schema]] = [
    (
        "x-dezgo-job-amount-usd",
        "The amount charged for this job, in USD, as a decimal string.",
        {"type": "string"},
        ev(
            "S",
            (GS, *BILLING_READERS),
            "Getting Started 4.4 [S]; read by 4+ clients too [H] (0.0125 in a test mock).",
        ),
    ),
    (
        "x-dezgo-balance-credits-usd",
        "The sum of all credit transactions (top-ups) until now, in USD.",
        {"type": "string"},
        ev("S", (GS,), "Getting Started 4.4 [S]."),
    ),
    (
        "x-dezgo-balance-debits-usd",
        "The sum of all debit transactions (requests) until now, in USD.",
        {"type": "string"},
        ev("S", (GS,), "Getting Started 4.4 [S]."),
    ),
    (
        "x-dezgo-balance-total-usd",
        "The current balance (credits - debits), in USD.",
        {"type": "string"},
        ev("S", (GS, *BILLING_READERS), "Getting Started 4.4 [S]; read by 4+ clients too [H]."),
    ),
    (
        "x-dezgo-balance-index",
        "The index of the latest transaction; orders balance snapshots.",
        {"type": "string", "pattern": "^[0-9]+$"},
        ev(
            "S",
            (GS, FAMILY_SCHEMA, 57936847053),
            "Getting Started 4.4 [S]; that it is an integer comes from one project (idx 58151168997 and its test "
            "mock idx 57936847053) [L].",
            pattern="L",
        ),
    ),
]


def header(
    name: str, description: str, schema: Schema, required: bool, evidence: Schema, required_level: str = ""
) -> Schema:
    if required and not required_level:
        raise ValueError(f"{name}: a required header needs the level of that requirement")
    settled = _settle(name, schema, evidence, required_level if required else None)
    return {"description": description, "required": required, "schema": schema, EVIDENCE: settled}


USERID_EVIDENCE = ev("S", (GS, 57936847053), "Getting Started 4.4: returned in all responses [S].")


def userid_header() -> Schema:
    return header(
        "x-dezgo-auth-userid",
        "The id of the authenticated user; sent on every response.",
        {"type": "string"},
        True,
        USERID_EVIDENCE,
        "S",
    )


def job_headers(seeded: bool) -> dict[str, Schema]:
    headers = {
        name: header(name, desc, schema, True, evidence, "S")
        for name, desc, schema, evidence in BILLING_HEADERS
    }
    headers["x-dezgo-auth-userid"] = userid_header()
    if seeded:
        headers["x-input-seed"] = header(
            "x-input-seed",
            "The seed actually used, as an integer string.",
            {"type": "string", "pattern": "^[0-9]+$"},
            True,
            ev(
                "H",
                (9324418751, FAMILY_SCHEMA, 56682071291, 1288817153, 1592947890, 56784708104),
                "Read as the seed used by 4+ clients, always an integer string [H].",
                pattern="H",
            ),
            "H",
        )
    headers["x-dezgo-job-id"] = header(
        "x-dezgo-job-id",
        "The job id.",
        {"type": "string"},
        False,
        ev("L", (9324418751,), "Read by idx 9324418751 only [L]."),
    )
    return headers


BINARY = {"type": "string", "format": "binary"}

ERRORS: dict[str, tuple[str, str]] = {
    "400": ("Bad request: a parameter the service cannot use", "HTTPError"),
    "401": ("Missing or invalid X-Dezgo-Key", "HTTPError"),
    "402": ("Insufficient balance: nothing was charged", "HTTPError"),
    "422": ("Validation Error", "HTTPValidationError"),
    "429": ("Too many requests; retry after the delay in Retry-After", "HTTPError"),
    "404": ("No such job", "HTTPError"),
}


def error_responses(codes: list[str]) -> dict[str, Schema]:
    out: dict[str, Schema] = {}
    for code in codes:
        desc, schema = ERRORS[code]
        resp: Schema = {
            "description": desc,
            "headers": {
                "x-dezgo-auth-userid": header(
                    "x-dezgo-auth-userid",
                    "The id of the authenticated user, when the key was accepted.",
                    {"type": "string"},
                    False,
                    USERID_EVIDENCE,
                )
            },
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
        if code == "429":
            resp["headers"]["retry-after"] = header(
                "retry-after",
                "Seconds to wait before retrying.",
                {"type": "string"},
                False,
                ev(
                    "G",
                    (),
                    "No source mentions it; clients handle 429 (idx 54057445673, 37884362843, 58151168997) [H], "
                    "and 429 answers conventionally carry Retry-After [G].",
                ),
            )
        out[code] = resp
    return out


def success_response(op: Op) -> Schema:
    if op.responses == "video":
        return {
            "description": "The generated video as raw MP4 bytes.",
            "headers": job_headers(op.seeded),
            "content": {"video/mp4": {"schema": BINARY}},
        }
    content: dict[str, Schema] = {
        "image/png": {"schema": BINARY},
        "image/jpeg": {"schema": BINARY},
        "image/webp": {"schema": BINARY},
    }
    description = "The generated image as raw bytes, in the requested format (PNG by default)."
    if op.responses == "image_or_job":
        content["application/json"] = {"schema": {"$ref": "#/components/schemas/JobTicket"}}
        description += " Or, when the job runs asynchronously, a job ticket to poll at /unstable/job/{tx_id}."
    return {"description": description, "headers": job_headers(op.seeded), "content": content}


def body_schema(op: Op, binary: bool) -> Schema:
    images = [(image.part if binary else image.json)(name) for name, image in op.image_fields.items()]
    props: dict[str, Schema] = {}
    for name, schema in [*op.fields[:1], *images, *op.fields[1:]]:
        evidence = schema[EVIDENCE]
        if _stronger(evidence["confidence"], op.confidence):
            raise ValueError(
                f"{op.path} {name}: {evidence['confidence']}, surer than the operation ({op.confidence})"
            )
        if name in op.required:
            schema = copy.deepcopy(schema)
            schema[EVIDENCE] = _settle(f"{op.path} {name}", schema, evidence, op.required[name])
        props[name] = schema
    unknown = set(op.required) - set(props)
    if unknown:
        raise ValueError(f"{op.path}: required fields it does not have: {sorted(unknown)}")
    return {"properties": props, "type": "object", "required": list(op.required)}


def body_name(op: Op, json_variant: bool) -> str:
    return f"Body_{op.operation_id}" + ("_json" if json_variant else "")


def build() -> Schema:
    schemas: dict[str, Schema] = {}
    paths: dict[str, Schema] = {}
    for op in OPS:
        content: dict[str, Schema] = {}
        if op.image_fields:
            # Images differ by media type: base64 text in JSON, binary parts in multipart.
            json_name, part_name = body_name(op, True), body_name(op, False)
            schemas[json_name] = {**body_schema(op, binary=False), "title": json_name}
            schemas[part_name] = {**body_schema(op, binary=True), "title": part_name}
            content["application/json"] = {"schema": {"$ref": f"#/components/schemas/{json_name}"}}
            content["multipart/form-data"] = {"schema": {"$ref": f"#/components/schemas/{part_name}"}}
        else:
            # One schema shared by every media type, the way the service declares it.
            name = body_name(op, False)
            schemas[name] = {**body_schema(op, binary=False), "title": name}
            ref = {"schema": {"$ref": f"#/components/schemas/{name}"}}
            content["application/json"] = copy.deepcopy(ref)
            if op.form:
                content["application/x-www-form-urlencoded"] = copy.deepcopy(ref)
            content["multipart/form-data"] = copy.deepcopy(ref)
        responses = {"200": success_response(op), **error_responses(["400", "401", "402", "422", "429"])}
        paths[op.path] = {
            op.method: {
                "summary": op.summary,
                "description": op.description,
                EVIDENCE: op_evidence(op.confidence, op.sources, op.note, list(content)),
                "operationId": op.operation_id,
                "requestBody": {"content": content, "required": True},
                "responses": responses,
            }
        }

    paths["/info"] = {
        "get": {
            "summary": "Model catalogue",
            "description": "Lists the models and what each can do. Works without an API key.",
            EVIDENCE: op_evidence(
                "H",
                (FAMILY_SCHEMA, 15917696145, 15467969597, 31203068286, 42394176756, 68379598325),
                "Returns JSON [H]. Works without X-Dezgo-Key [M: idx 15917696145, 31203068286, 42394176756, the "
                "last sending an Authorization header that Dezgo ignores]. The /models path some clients fall back "
                "to is a guess and is left out.",
                (),
            ),
            "operationId": "info_info_get",
            "security": [],
            "responses": {
                "200": {
                    "description": "The model catalogue.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/InfoResponse"}}
                    },
                }
            },
        }
    }
    paths["/account/tx/last"] = {
        "get": {
            "summary": "Last transaction and current balance",
            "description": "Returns the last transaction of the account; its balance field is the current balance in USD.",
            EVIDENCE: op_evidence(
                "S",
                (GS, FAMILY_SCHEMA, 58041416509, 55087239000),
                "Getting Started 3: returns the last transaction, with balance as the current balance in USD [S]; "
                "called by idx 58151168997 and configured in a bot (idx 55087239000) too.",
                (),
            ),
            "operationId": "last_transaction_account_tx_last_get",
            "responses": {
                "200": {
                    "description": "The last transaction.",
                    "headers": {"x-dezgo-auth-userid": userid_header()},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transaction"}}},
                },
                **error_responses(["401", "429"]),
            },
        }
    }
    tx_id_schema: Schema = {"type": "string", "minLength": 1, "title": "Tx Id"}
    paths["/unstable/job/{tx_id}"] = {
        "get": {
            "summary": "Status of an asynchronous job",
            "description": "Polls a job started by an endpoint that answered with a job ticket instead of an image.",
            EVIDENCE: op_evidence(
                "L",
                (58908930257,),
                "One project polls it after a job ticket, then downloads files.output.url [L].",
                (),
            ),
            "operationId": "job_status_unstable_job__tx_id__get",
            "parameters": [
                {
                    "name": "tx_id",
                    "in": "path",
                    "required": True,
                    "schema": tx_id_schema,
                    "description": "The _id of the ticket's tx.",
                    EVIDENCE: _settle(
                        "tx_id",
                        tx_id_schema,
                        ev(
                            "L",
                            (58908930257,),
                            "The ticket's tx._id [L]; the minimum length is an inference [G].",
                            minLength="G",
                        ),
                        "L",
                    ),
                }
            ],
            "responses": {
                "200": {
                    "description": "The job's status; when final, files.output.url is the result to download.",
                    "headers": {"x-dezgo-auth-userid": userid_header()},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}},
                },
                **error_responses(["401", "404", "422", "429"]),
            },
        }
    }

    schemas.update(component_schemas())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dezgo API",
            "version": "3.152-reconstructed",
            "description": PROVENANCE,
            "x-dezgo-provenance": {
                "kind": "reconstruction",
                "reconstructed_on": RECONSTRUCTED_ON,
                "evidence": [
                    "the SDK team's evidence notes (public client code and the official Getting Started page)",
                ],
                "evidence_levels": {
                    "S": "the official Getting Started page",
                    "H": "4 or more independent sources",
                    "M": "2-3 sources",
                    "L": "1 source",
                    "G": "an inference that no source states",
                },
                "replace_with": "https://api.dezgo.com/openapi.json (make spec)",
            },
        },
        "servers": [{"url": "https://api.dezgo.com"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "APIKeyHeader": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Dezgo-Key",
                    "description": "Your Dezgo API key (DEZGO-...).",
                }
            },
        },
        "security": [{"APIKeyHeader": []}],
    }


PROVENANCE = (
    "RECONSTRUCTED SPEC, not fetched from the service. api.dezgo.com was not reachable from the machines "
    f"that built this SDK, so on {RECONSTRUCTED_ON} this document was rebuilt from public evidence: the official "
    "Getting Started page and the fields, ranges and headers that public client code sends and reads. How sure "
    "each part is, and why, is in the x-dezgo-evidence extension of every operation, parameter, request-body "
    "field and response header (levels S, H, M, L and G; G marks an inference). "
    "It is replaced wholesale, byte for byte, the first time `make spec` fetches https://api.dezgo.com/openapi.json."
)


def component(name: str, schema: Schema, evidence: Schema) -> Schema:
    """A response-body schema, with its evidence at the schema level."""
    out = {"title": name, **schema}
    out[EVIDENCE] = _settle(name, out, evidence)
    return out


def component_schemas() -> dict[str, Schema]:
    job = ev("L", (58908930257,), "The asynchronous job flow comes from one project [L].")
    return {
        "HTTPError": component(
            "HTTPError",
            {
                "type": "object",
                "properties": {"detail": {"title": "Detail", "type": "string"}},
                "required": ["detail"],
                "description": "An error that is not about one field.",
            },
            ev(
                "M",
                (36070321798, 36224169998, 67269819329, 58908930257),
                "Error bodies are JSON [M: idx 36070321798, 36224169998, 67269819329]; their shape is unverified: "
                "one client reads message, then detail, then title (idx 58908930257), so detail is an inference "
                "[G]. Statuses clients handle: 400, 401 and 429 [H]; 402, 403, 404 and 499 are client "
                "assumptions, not observed answers [L-M].",
            ),
        ),
        "ValidationError": component(
            "ValidationError",
            {
                "type": "object",
                "properties": {
                    "loc": {
                        "title": "Location",
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"title": "Message", "type": "string"},
                    "type": {"title": "Error Type", "type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
            ev("G", (67269819329,), "FastAPI's shape for one field's problem; no source shows a 422 [G]."),
        ),
        "HTTPValidationError": component(
            "HTTPValidationError",
            {
                "type": "object",
                "properties": {
                    "detail": {
                        "title": "Detail",
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ValidationError"},
                    }
                },
            },
            ev(
                "G",
                (67269819329,),
                "FastAPI's 422 body; no source shows a 422 [G]. idx 67269819329 says the service answers a wrong "
                "parameter name with a message that names it.",
            ),
        ),
        "NativeResolution": component(
            "NativeResolution",
            {
                "type": "object",
                "properties": {
                    "width": {"title": "Width", "type": "integer"},
                    "height": {"title": "Height", "type": "integer"},
                },
                "required": ["width", "height"],
            },
            ev("M", (FAMILY_SCHEMA, 68379598325), "Part of the /info model shape [M]."),
        ),
        "ModelInfo": component(
            "ModelInfo",
            {
                "type": "object",
                "properties": {
                    "id": {"title": "Id", "type": "string"},
                    "name": {"title": "Name", "type": "string"},
                    "family": {"title": "Family", "type": "string"},
                    "description": {"title": "Description", "type": "string"},
                    "license": {"title": "License", "type": "string"},
                    "categories": {"title": "Categories", "type": "array", "items": {"type": "string"}},
                    "functions": {
                        "title": "Functions",
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Endpoints the model serves: text2image, image2image, inpainting, controlnet, "
                        "upscale, remove-background, ...",
                    },
                    "nativeResolution": {"$ref": "#/components/schemas/NativeResolution"},
                    "triggers": {"title": "Triggers", "type": "array", "items": {"type": "string"}},
                },
                "required": ["id", "name", "family", "functions"],
            },
            ev(
                "M",
                (FAMILY_SCHEMA, 68379598325, 70327420763),
                "Shape from idx 58151168997 and the /info snapshot idx 68379598325 [M]. functions values: "
                "text2image (a filter in 4 sources), image2image, controlnet, inpainting, upscale, "
                "remove-background [M]; text2image_flux per idx 70327420763 [L].",
            ),
        ),
        "ModelGroup": component(
            "ModelGroup",
            {
                "type": "object",
                "properties": {
                    "key": {"title": "Key", "type": "string"},
                    "name": {"title": "Name", "type": "string"},
                    "models": {"title": "Models", "type": "array", "items": {"type": "string"}},
                },
                "required": ["key", "name", "models"],
            },
            ev("L", (68379598325,), "groups appear in the /info snapshot idx 68379598325 only [L]."),
        ),
        "InfoResponse": component(
            "InfoResponse",
            {
                "type": "object",
                "properties": {
                    "name": {"title": "Name", "type": "string"},
                    "version": {"title": "Version", "type": "string"},
                    "models": {
                        "title": "Models",
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ModelInfo"},
                    },
                    "groups": {
                        "title": "Groups",
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ModelGroup"},
                    },
                },
                "required": ["models"],
            },
            ev(
                "M",
                (FAMILY_SCHEMA, 15917696145, 68379598325),
                "Shape M; the version string ('Dezgo API v3.152') and groups come from the snapshot idx "
                "68379598325 only [L].",
            ),
        ),
        "Transaction": component(
            "Transaction",
            {
                "type": "object",
                "properties": {
                    "balance": {
                        "title": "Balance",
                        "type": "number",
                        "description": "The current account balance in USD.",
                    },
                },
                "required": ["balance"],
                "description": "The last transaction. Only balance is documented; other fields are passed through.",
            },
            ev("S", (GS, FAMILY_SCHEMA), "Getting Started 3 documents balance, in USD [S]."),
        ),
        "JobTicketTx": component(
            "JobTicketTx",
            {"type": "object", "properties": {"_id": {"title": "Id", "type": "string"}}, "required": ["_id"]},
            job,
        ),
        "JobTicket": component(
            "JobTicket",
            {
                "type": "object",
                "properties": {"tx": {"$ref": "#/components/schemas/JobTicketTx"}},
                "required": ["tx"],
                "description": "Returned instead of the result's bytes when a job runs asynchronously.",
            },
            job,
        ),
        "JobOutputFile": component(
            "JobOutputFile",
            {
                "type": "object",
                "properties": {"url": {"title": "Url", "type": "string"}},
                "required": ["url"],
            },
            job,
        ),
        "JobFiles": component(
            "JobFiles",
            {"type": "object", "properties": {"output": {"$ref": "#/components/schemas/JobOutputFile"}}},
            job,
        ),
        "JobStatus": component(
            "JobStatus",
            {
                "type": "object",
                "properties": {
                    "status": {"title": "Status", "type": "string"},
                    "final": {"title": "Final", "type": "boolean"},
                    "files": {"$ref": "#/components/schemas/JobFiles"},
                },
                "required": ["status", "final"],
            },
            job,
        ),
    }


# --------------------------------------------------------------------------
# The two layers: what the service would serve, and what we know beyond it
# --------------------------------------------------------------------------

DOC_OUT = OUT
OVERLAY_OUT = ROOT / "openapi" / "overlay.yaml"
FASTAPI_SCHEMAS = ("HTTPValidationError", "ValidationError")
"""Component schemas FastAPI itself writes (besides the ``Body_*`` request bodies)."""
OVERLAY_HEADER = """\
# What dezgo-python knows about the Dezgo API beyond the document it serves (OpenAPI Overlay 1.0).
#
# openapi/dezgo.json is the service's document: `make spec` replaces it byte for byte. Everything
# here is applied on top of it (src/dezgo/_spec/overlay.py) to give the effective spec that the
# generator, the facade, the simulator and the command line read. Targets are RFC 9535 JSONPath.
# Actions marked `x-dezgo-scope: reconstruction` (evidence levels, our descriptions) apply only
# while openapi/dezgo.json is our reconstruction (its digest is in info.x-dezgo-reconstruction);
# the others are knowledge of the service and apply to any document. `dezgo spec check` and
# `make spec` report every action whose target no longer matches.
#
# Written by scripts/reconstruct_spec.py from the evidence: edit the script, not this file.
"""


def _fastapi_summary(op_id: str, path: str, method: str) -> str:
    """FastAPI's summary for a route: its function name, title-cased (``text_inpainting`` -> ``Text Inpainting``)."""
    suffix = "_" + re.sub(r"\W", "_", path.lstrip("/")) + f"_{method}"
    func = op_id[: -len(suffix)] if op_id.endswith(suffix) else op_id
    return func.replace("_", " ").title()


def _strip(node: Any) -> Any:
    """A schema as FastAPI writes it: without our descriptions and extensions."""
    if isinstance(node, list):
        return [_strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: _strip(v) for k, v in node.items() if not k.startswith("x-dezgo") and k != "description"}


def _q(name: str) -> str:
    """A JSONPath name selector (RFC 9535, single-quoted)."""
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _knowledge(schema: Schema) -> Schema:
    """What our evidence and descriptions add to one schema or parameter."""
    return {k: v for k, v in schema.items() if k in ("description", EVIDENCE)}


FASTAPI_200 = {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}
FASTAPI_422 = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
}
FASTAPI_VALIDATION_SCHEMAS: dict[str, Schema] = {
    "HTTPValidationError": {
        "properties": {
            "detail": {
                "items": {"$ref": "#/components/schemas/ValidationError"},
                "type": "array",
                "title": "Detail",
            }
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
}


def _document(full: Schema) -> Schema:
    """The reconstruction as the service would serve it: what FastAPI writes for its routes
    (Form/JSON bodies, raw ``Response`` results), with no ``x-dezgo-*`` and none of our words."""
    paths: dict[str, Schema] = {}
    for path, item in full["paths"].items():
        out_item: dict[str, Schema] = {}
        for method, op in item.items():
            out: Schema = {
                "summary": _fastapi_summary(op["operationId"], path, method),
                "operationId": op["operationId"],
            }
            if "parameters" in op:
                out["parameters"] = [_strip(p) for p in op["parameters"]]
            if "requestBody" in op:
                out["requestBody"] = copy.deepcopy(op["requestBody"])
            responses: Schema = {"200": copy.deepcopy(FASTAPI_200)}
            if "parameters" in op or "requestBody" in op:
                responses["422"] = copy.deepcopy(FASTAPI_422)
            out["responses"] = responses
            if op.get("security", full["security"]):
                out["security"] = [{"APIKeyHeader": []}]
            out_item[method] = out
        paths[path] = out_item
    schemas = {
        name: _strip(schema)
        for name, schema in full["components"]["schemas"].items()
        if name.startswith("Body_")
    }
    schemas.update(copy.deepcopy(FASTAPI_VALIDATION_SCHEMAS))
    scheme = {
        k: v for k, v in full["components"]["securitySchemes"]["APIKeyHeader"].items() if k != "description"
    }
    return {
        "openapi": full["openapi"],
        "info": {
            "title": full["info"]["title"],
            "description": DOCUMENT_NOTE,
            "version": full["info"]["version"],
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": {"APIKeyHeader": scheme}},
    }


DOCUMENT_NOTE = (
    "RECONSTRUCTED: not fetched from the service. api.dezgo.com was not reachable from the machines that "
    f"built this SDK, so on {RECONSTRUCTED_ON} this document was rebuilt from public evidence, shaped like what "
    "the service's framework (FastAPI) writes. What we know beyond it, and how sure we are of each part, is "
    "in openapi/overlay.yaml. `make spec` replaces this file, byte for byte, with "
    "https://api.dezgo.com/openapi.json."
)


def _action(
    target: str, description: str, *, update: Any = None, remove: bool = False, scoped: bool = False
) -> Schema:
    action: Schema = {"target": target, "description": description}
    if scoped:
        action[SCOPE_KEY] = "reconstruction"
    if remove:
        action["remove"] = True
    else:
        action["update"] = update
    return action


def _overlay(full: Schema, document: Schema) -> Schema:
    actions: list[Schema] = [
        _action(
            "$",
            "Where the service is, and that every request carries X-Dezgo-Key (Getting Started).",
            update={
                "servers": full["servers"],
                "security": full["security"],
                "components": {"securitySchemes": full["components"]["securitySchemes"]},
            },
        ),
        _action(
            "$.components.schemas",
            "The JSON bodies the service answers with: errors, the catalogue, transactions, job tickets.",
            update={
                name: schema
                for name, schema in full["components"]["schemas"].items()
                if not name.startswith("Body_") and name not in FASTAPI_SCHEMAS
            },
        ),
    ]
    scoped: list[Schema] = []
    for path, item in full["paths"].items():
        for method, op in item.items():
            at = f"$.paths[{_q(path)}].{method}"
            success = op["responses"]["200"]
            errors = {code: r for code, r in op["responses"].items() if code != "200"}
            if method == "get":
                free: Schema = {"x-dezgo-billing": "free"}
                if "security" in op:  # works without a key: no security requirement to add
                    free["security"] = op["security"]
                actions.append(_action(at, "Free: reading it costs nothing.", update=free))
            else:
                actions.append(
                    _action(
                        f"{at}.responses['200'].content[?length(@.schema) == 0]",
                        "FastAPI's declaration of a raw Response says nothing: the answer is the result's "
                        "bytes, never JSON (Getting Started 4.4).",
                        remove=True,
                    )
                )
            actions.append(
                _action(
                    f"{at}.responses['200']",
                    "What a success carries: "
                    + (
                        "the billing headers and the result's media types"
                        if method != "get"
                        else "its JSON body"
                    ),
                    update={k: v for k, v in success.items() if k in ("description", "headers", "content")},
                )
            )
            actions.append(
                _action(
                    f"{at}.responses",
                    "The error answers clients handle, with the user header on each.",
                    update={
                        code: (
                            {"headers": r["headers"]}
                            if code in document["paths"][path][method]["responses"]
                            else r
                        )
                        for code, r in errors.items()
                    },
                )
            )
            scoped.append(
                _action(
                    at,
                    "What this operation is, in our words, and how sure we are of it.",
                    update={k: op[k] for k in ("summary", "description", EVIDENCE) if k in op},
                    scoped=True,
                )
            )
            for parameter in op.get("parameters", []):
                scoped.append(
                    _action(
                        f"{at}.parameters[?@.name == {_q(parameter['name'])} && @.in == {_q(parameter['in'])}]",
                        "Our description of the parameter, and the evidence for it.",
                        update=_knowledge(parameter),
                        scoped=True,
                    )
                )
    for name, schema in full["components"]["schemas"].items():
        if name in FASTAPI_SCHEMAS:
            scoped.append(
                _action(
                    f"$.components.schemas[{_q(name)}]",
                    "How sure we are the service answers with FastAPI's shape.",
                    update=_knowledge(schema),
                    scoped=True,
                )
            )
        if not name.startswith("Body_"):
            continue
        for field_name, prop in schema.get("properties", {}).items():
            scoped.append(
                _action(
                    f"$.components.schemas[{_q(name)}].properties[{_q(field_name)}]",
                    "Our description of the field, and the evidence for each of its constraints.",
                    update=_knowledge(prop),
                    scoped=True,
                )
            )
    return {
        "overlay": "1.0.0",
        "info": {
            "title": "What dezgo-python knows about the Dezgo API beyond its /openapi.json",
            "version": RECONSTRUCTED_ON,
            "x-dezgo-reconstruction": {
                "digest": document_digest(document),
                "reconstructed_on": RECONSTRUCTED_ON,
                "evidence": full["info"]["x-dezgo-provenance"]["evidence"],
                "evidence_levels": full["info"]["x-dezgo-provenance"]["evidence_levels"],
            },
        },
        "extends": "https://api.dezgo.com/openapi.json",
        "actions": actions + scoped,
    }


def render() -> tuple[str, str]:
    """The document (JSON, as the service serves it) and the overlay (YAML)."""
    import yaml

    full = build()
    document = _document(full)
    overlay = _overlay(full, document)
    text = yaml.safe_dump(overlay, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n", OVERLAY_HEADER + text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail when openapi/dezgo.json or openapi/overlay.yaml differs from the reconstruction",
    )
    args = parser.parse_args()
    outputs = dict(zip((DOC_OUT, OVERLAY_OUT), render(), strict=True))
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from scripts/reconstruct_spec.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
