"""A FastAPI app declaring the Dezgo endpoints as such a service would: the proof of day one.

The service runs on FastAPI (its document has ``Body_*_post`` schemas and
``HTTPValidationError``). This app is written the way such a service is written,
not the way our reconstruction is: ``Form()`` and ``File()`` parameters (so one
request media type per endpoint), ``Enum`` classes, ``X | None`` optionals,
an ``APIKeyHeader`` dependency, and raw ``Response`` results without
``responses=`` or ``response_class=`` (so every 200 is FastAPI's
``application/json: {schema: {}}`` and no header is declared). ``make day-one``
serves it on 127.0.0.1, runs ``make spec``'s fetch against its ``/openapi.json``,
regenerates the SDK from what it wrote and runs the suite: nothing is edited by hand.

The handlers answer (a 1x1 PNG, or JSON), so the app can be called, but only its
document is used: the behaviour the SDK is tested against is the simulator's.
"""

from __future__ import annotations

import base64
import enum
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Response, Security, UploadFile
from fastapi.security import APIKeyHeader

app = FastAPI(title="Dezgo API", version="3.153")

PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
Key = Annotated[str, Security(APIKeyHeader(name="X-Dezgo-Key"))]


class Sampler(str, enum.Enum):
    ddim = "ddim"
    dpm = "dpm"
    dpm_single = "dpm_single"
    dpmpp_2m_karras = "dpmpp_2m_karras"
    euler = "euler"
    euler_a = "euler_a"
    k_lms = "k_lms"
    pndm = "pndm"


class ImageFormat(str, enum.Enum):
    png = "png"
    jpg = "jpg"
    webp = "webp"


class ControlModel(str, enum.Enum):
    lineart = "lineart"
    openpose = "openpose"
    scribble = "scribble"


Prompt = Annotated[str, Form(min_length=1, max_length=1000)]
NegativePrompt = Annotated[str, Form(max_length=1000)]
Model = Annotated[str, Form(min_length=1)]
Seed = Annotated[int | None, Form(ge=0, le=4294967295)]
Sd1Side = Annotated[int | None, Form(ge=320, le=1024, multiple_of=8)]
XlSide = Annotated[int | None, Form(ge=512, le=1536, multiple_of=8)]
FluxSide = Annotated[int | None, Form(ge=512, le=1536)]
VideoSide = Annotated[int | None, Form(ge=256, le=1280, multiple_of=16)]
Guidance = Annotated[float, Form(ge=-20, le=20)]
Steps = Annotated[int, Form(ge=10, le=150)]
Upscale = Annotated[int, Form(ge=1, le=2)]
Strength = Annotated[float, Form(ge=0, le=1)]
Image = Annotated[UploadFile, File()]


def _image() -> Response:
    return Response(content=PIXEL, media_type="image/png")


@app.post("/text2image")
def text2image(
    api_key: Key,
    prompt: Prompt,
    model: Model = "stablediffusion_1_5",
    width: Sd1Side = None,
    height: Sd1Side = None,
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
    lora1: Annotated[str, Form()] = "",
    lora1_strength: Annotated[float, Form()] = 0.7,
    lora2: Annotated[str, Form()] = "",
    lora2_strength: Annotated[float, Form()] = 0.7,
    refiner: Annotated[bool, Form()] = False,
) -> Response:
    return _image()


@app.post("/text2image_sdxl")
def text2image_sdxl(
    api_key: Key,
    prompt: Prompt,
    model: Model = "juggernautxl_1024px",
    width: XlSide = None,
    height: XlSide = None,
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    lora1: Annotated[str, Form()] = "",
    lora1_strength: Annotated[float, Form()] = 0.7,
    lora2: Annotated[str, Form()] = "",
    lora2_strength: Annotated[float, Form()] = 0.7,
    refiner: Annotated[bool, Form()] = False,
    transparent_background: Annotated[bool, Form()] = False,
) -> Response:
    return _image()


@app.post("/text2image_sdxl_lightning")
def text2image_sdxl_lightning(
    api_key: Key,
    prompt: Prompt,
    model: Model = "dreamshaperxl_lightning_1024px",
    width: XlSide = None,
    height: XlSide = None,
    negative_prompt: NegativePrompt = "",
    guidance: Annotated[float, Form(ge=0, le=20)] = 2,
    steps: Annotated[int, Form(ge=1, le=10)] = 4,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    lora1: Annotated[str, Form()] = "",
    lora1_strength: Annotated[float, Form()] = 0.7,
    lora2: Annotated[str, Form()] = "",
    lora2_strength: Annotated[float, Form()] = 0.7,
    transparent_background: Annotated[bool, Form()] = False,
) -> Response:
    return _image()


@app.post("/text2image_flux")
def text2image_flux(
    api_key: Key,
    prompt: Prompt,
    model: Model = "flux_1_schnell",
    width: FluxSide = None,
    height: FluxSide = None,
    steps: Annotated[int, Form(ge=1, le=50)] = 4,
    guidance: Annotated[float, Form(ge=0, le=20)] = 3.5,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    transparent_background: Annotated[bool, Form()] = False,
    lora1: Annotated[str, Form()] = "",
    lora1_strength: Annotated[float, Form()] = 0.7,
    lora2: Annotated[str, Form()] = "",
    lora2_strength: Annotated[float, Form()] = 0.7,
) -> Response:
    return _image()


@app.post("/text2image_flux_2_pro")
def text2image_flux_2_pro(
    api_key: Key,
    prompt: Prompt,
    width: FluxSide = None,
    height: FluxSide = None,
    steps: Annotated[int, Form(ge=1, le=50)] = 28,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    transparent_background: Annotated[bool, Form()] = False,
) -> Response:
    return _image()


@app.post("/image2image")
def image2image(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    model: Model = "realistic_vision_5_1",
    strength: Strength = 0.5,
    width: Sd1Side = None,
    height: Sd1Side = None,
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
    lora1: Annotated[str, Form()] = "",
    lora1_strength: Annotated[float, Form()] = 0.7,
    lora2: Annotated[str, Form()] = "",
    lora2_strength: Annotated[float, Form()] = 0.7,
) -> Response:
    return _image()


@app.post("/image2image_flux_2_pro")
def image2image_flux_2_pro(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    negative_prompt: NegativePrompt = "",
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
) -> Response:
    return _image()


@app.post("/inpainting")
def inpainting(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    mask_image: Image,
    model: Model = "absolute_reality_1_8_1_inpaint",
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
) -> Response:
    return _image()


@app.post("/text-inpainting")
def text_inpainting(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    mask_prompt: Prompt,
    model: Model = "absolute_reality_1_8_1_inpaint",
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
) -> Response:
    return _image()


@app.post("/edit-image")
def edit_image(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    negative_prompt: NegativePrompt = "",
    guidance: Guidance = 9,
    image_guidance: Annotated[float, Form(ge=0, le=20)] = 1.5,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
) -> Response:
    return _image()


@app.post("/controlnet")
def controlnet(
    api_key: Key,
    prompt: Prompt,
    init_image: Image,
    control_model: Annotated[ControlModel, Form()],
    init_image_2: Annotated[UploadFile | None, File()] = None,
    negative_prompt: NegativePrompt = "",
    model: Model = "absolute_reality_1_8_1",
    control_scale: Annotated[float, Form(ge=0, le=2)] = 1.0,
    control_preprocess: Annotated[bool, Form()] = True,
    control_model_2: Annotated[ControlModel | None, Form()] = None,
    control_scale_2: Annotated[float, Form(ge=0, le=2)] = 1.0,
    detect_hands: Annotated[bool, Form()] = False,
    width: Sd1Side = None,
    height: Sd1Side = None,
    guidance: Guidance = 7,
    steps: Steps = 30,
    sampler: Annotated[Sampler, Form()] = Sampler.dpmpp_2m_karras,
    seed: Seed = None,
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
    upscale: Upscale = 1,
) -> Response:
    return _image()


@app.post("/upscale")
def upscale(api_key: Key, image: Image, format: Annotated[ImageFormat, Form()] = ImageFormat.png) -> Response:
    return _image()


@app.post("/remove-background")
def remove_background(
    api_key: Key,
    image: Image,
    mode: Annotated[str, Form()] = "transparent",
    format: Annotated[ImageFormat, Form()] = ImageFormat.png,
) -> Response:
    return _image()


@app.post("/text2video_wan_2_1")
def text2video_wan_2_1(
    api_key: Key,
    prompt: Prompt,
    negative_prompt: NegativePrompt = "",
    width: VideoSide = None,
    height: VideoSide = None,
    steps: Annotated[int, Form(ge=1, le=50)] = 30,
    seed: Seed = None,
) -> Response:
    return Response(content=b"\x00\x00\x00\x18ftypmp42", media_type="video/mp4")


@app.post("/text2video_wan_2_6")
def text2video_wan_2_6(
    api_key: Key,
    prompt: Prompt,
    negative_prompt: NegativePrompt = "",
    width: VideoSide = None,
    height: VideoSide = None,
    steps: Annotated[int, Form(ge=1, le=50)] = 30,
    seed: Seed = None,
) -> Response:
    return Response(content=b"\x00\x00\x00\x18ftypmp42", media_type="video/mp4")


@app.get("/info")
def info() -> dict[str, Any]:
    return {"name": "Dezgo API", "models": []}


@app.get("/account/tx/last")
def last_transaction(api_key: Key) -> dict[str, Any]:
    return {"balance": 5.0}


@app.get("/unstable/job/{tx_id}")
def job_status(api_key: Key, tx_id: str) -> dict[str, Any]:
    return {"status": "done", "final": True}
