from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_image_2_image_image_2_image_post_format import (
    BodyImage2ImageImage2ImagePostFormat,
)
from ..models.body_image_2_image_image_2_image_post_sampler import (
    BodyImage2ImageImage2ImagePostSampler,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyImage2ImageImage2ImagePost")


@_attrs_define
class BodyImage2ImageImage2ImagePost:
    """
    Attributes:
        prompt (str): What the result should show.
        init_image (File): The image to transform. A PNG, JPEG or WebP file.
        model (str | Unset): Model id from GET /info (SD1 family). Default: 'realistic_vision_5_1'.
        strength (float | Unset): How far the result may move away from the input image; higher moves further. Default:
            0.5.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyImage2ImageImage2ImagePostSampler | Unset): Sampling method. Default:
            BodyImage2ImageImage2ImagePostSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyImage2ImageImage2ImagePostFormat | Unset): Output image format; the response's Content-Type follows
            it. Default: BodyImage2ImageImage2ImagePostFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
        lora1 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora1_strength (float | Unset): LoRA weight. Default: 0.7.
        lora2 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora2_strength (float | Unset): LoRA weight. Default: 0.7.
    """

    prompt: str
    init_image: File
    model: str | Unset = "realistic_vision_5_1"
    strength: float | Unset = 0.5
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyImage2ImageImage2ImagePostSampler | Unset = (
        BodyImage2ImageImage2ImagePostSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyImage2ImageImage2ImagePostFormat | Unset = (
        BodyImage2ImageImage2ImagePostFormat.PNG
    )
    upscale: int | Unset = 1
    lora1: str | Unset = ""
    lora1_strength: float | Unset = 0.7
    lora2: str | Unset = ""
    lora2_strength: float | Unset = 0.7
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image.to_tuple()

        model = self.model

        strength = self.strength

        width = self.width

        height = self.height

        negative_prompt = self.negative_prompt

        guidance = self.guidance

        steps = self.steps

        sampler: str | Unset = UNSET
        if not isinstance(self.sampler, Unset):
            sampler = self.sampler.value

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        upscale = self.upscale

        lora1 = self.lora1

        lora1_strength = self.lora1_strength

        lora2 = self.lora2

        lora2_strength = self.lora2_strength

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "init_image": init_image,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if strength is not UNSET:
            field_dict["strength"] = strength
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if steps is not UNSET:
            field_dict["steps"] = steps
        if sampler is not UNSET:
            field_dict["sampler"] = sampler
        if seed is not UNSET:
            field_dict["seed"] = seed
        if format_ is not UNSET:
            field_dict["format"] = format_
        if upscale is not UNSET:
            field_dict["upscale"] = upscale
        if lora1 is not UNSET:
            field_dict["lora1"] = lora1
        if lora1_strength is not UNSET:
            field_dict["lora1_strength"] = lora1_strength
        if lora2 is not UNSET:
            field_dict["lora2"] = lora2
        if lora2_strength is not UNSET:
            field_dict["lora2_strength"] = lora2_strength

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        files.append(("init_image", self.init_image.to_tuple()))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.strength, Unset):
            files.append(
                ("strength", (None, str(self.strength).encode(), "text/plain"))
            )

        if not isinstance(self.width, Unset):
            files.append(("width", (None, str(self.width).encode(), "text/plain")))

        if not isinstance(self.height, Unset):
            files.append(("height", (None, str(self.height).encode(), "text/plain")))

        if not isinstance(self.negative_prompt, Unset):
            files.append(
                (
                    "negative_prompt",
                    (None, str(self.negative_prompt).encode(), "text/plain"),
                )
            )

        if not isinstance(self.guidance, Unset):
            files.append(
                ("guidance", (None, str(self.guidance).encode(), "text/plain"))
            )

        if not isinstance(self.steps, Unset):
            files.append(("steps", (None, str(self.steps).encode(), "text/plain")))

        if not isinstance(self.sampler, Unset):
            files.append(
                ("sampler", (None, str(self.sampler.value).encode(), "text/plain"))
            )

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.format_, Unset):
            files.append(
                ("format", (None, str(self.format_.value).encode(), "text/plain"))
            )

        if not isinstance(self.upscale, Unset):
            files.append(("upscale", (None, str(self.upscale).encode(), "text/plain")))

        if not isinstance(self.lora1, Unset):
            files.append(("lora1", (None, str(self.lora1).encode(), "text/plain")))

        if not isinstance(self.lora1_strength, Unset):
            files.append(
                (
                    "lora1_strength",
                    (None, str(self.lora1_strength).encode(), "text/plain"),
                )
            )

        if not isinstance(self.lora2, Unset):
            files.append(("lora2", (None, str(self.lora2).encode(), "text/plain")))

        if not isinstance(self.lora2_strength, Unset):
            files.append(
                (
                    "lora2_strength",
                    (None, str(self.lora2_strength).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = File(payload=BytesIO(d.pop("init_image")))

        model = d.pop("model", UNSET)

        strength = d.pop("strength", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyImage2ImageImage2ImagePostSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyImage2ImageImage2ImagePostSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyImage2ImageImage2ImagePostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyImage2ImageImage2ImagePostFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        lora1 = d.pop("lora1", UNSET)

        lora1_strength = d.pop("lora1_strength", UNSET)

        lora2 = d.pop("lora2", UNSET)

        lora2_strength = d.pop("lora2_strength", UNSET)

        body_image_2_image_image_2_image_post = cls(
            prompt=prompt,
            init_image=init_image,
            model=model,
            strength=strength,
            width=width,
            height=height,
            negative_prompt=negative_prompt,
            guidance=guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            upscale=upscale,
            lora1=lora1,
            lora1_strength=lora1_strength,
            lora2=lora2,
            lora2_strength=lora2_strength,
        )

        body_image_2_image_image_2_image_post.additional_properties = d
        return body_image_2_image_image_2_image_post

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
