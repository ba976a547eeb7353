from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_text_2_image_sdxl_text_2_image_sdxl_post_multipart_format import (
    BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat,
)
from ..models.body_text_2_image_sdxl_text_2_image_sdxl_post_multipart_sampler import (
    BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2ImageSdxlText2ImageSdxlPostMultipart")


@_attrs_define
class BodyText2ImageSdxlText2ImageSdxlPostMultipart:
    """
    Attributes:
        prompt (str): What the image should show.
        model (str | Unset): Model id from GET /info (SDXL family). Default: 'juggernautxl_1024px'.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler | Unset): Sampling method. Default:
            BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat | Unset): Output image format; the response's
            Content-Type follows it. Default: BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat.PNG.
        lora1 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora1_strength (float | Unset): LoRA weight. Default: 0.7.
        lora2 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora2_strength (float | Unset): LoRA weight. Default: 0.7.
        refiner (bool | Unset): Run the refiner pass. Default: False.
        transparent_background (bool | Unset): Generate with a transparent background (SDXL and Flux models). Default:
            False.
    """

    prompt: str
    model: str | Unset = "juggernautxl_1024px"
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler | Unset = (
        BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat | Unset = (
        BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat.PNG
    )
    lora1: str | Unset = ""
    lora1_strength: float | Unset = 0.7
    lora2: str | Unset = ""
    lora2_strength: float | Unset = 0.7
    refiner: bool | Unset = False
    transparent_background: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        model = self.model

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

        lora1 = self.lora1

        lora1_strength = self.lora1_strength

        lora2 = self.lora2

        lora2_strength = self.lora2_strength

        refiner = self.refiner

        transparent_background = self.transparent_background

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
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
        if lora1 is not UNSET:
            field_dict["lora1"] = lora1
        if lora1_strength is not UNSET:
            field_dict["lora1_strength"] = lora1_strength
        if lora2 is not UNSET:
            field_dict["lora2"] = lora2
        if lora2_strength is not UNSET:
            field_dict["lora2_strength"] = lora2_strength
        if refiner is not UNSET:
            field_dict["refiner"] = refiner
        if transparent_background is not UNSET:
            field_dict["transparent_background"] = transparent_background

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

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

        if not isinstance(self.refiner, Unset):
            files.append(("refiner", (None, str(self.refiner).encode(), "text/plain")))

        if not isinstance(self.transparent_background, Unset):
            files.append(
                (
                    "transparent_background",
                    (None, str(self.transparent_background).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        model = d.pop("model", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat(_format_)

        lora1 = d.pop("lora1", UNSET)

        lora1_strength = d.pop("lora1_strength", UNSET)

        lora2 = d.pop("lora2", UNSET)

        lora2_strength = d.pop("lora2_strength", UNSET)

        refiner = d.pop("refiner", UNSET)

        transparent_background = d.pop("transparent_background", UNSET)

        body_text_2_image_sdxl_text_2_image_sdxl_post_multipart = cls(
            prompt=prompt,
            model=model,
            width=width,
            height=height,
            negative_prompt=negative_prompt,
            guidance=guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            lora1=lora1,
            lora1_strength=lora1_strength,
            lora2=lora2,
            lora2_strength=lora2_strength,
            refiner=refiner,
            transparent_background=transparent_background,
        )

        body_text_2_image_sdxl_text_2_image_sdxl_post_multipart.additional_properties = d
        return body_text_2_image_sdxl_text_2_image_sdxl_post_multipart

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
