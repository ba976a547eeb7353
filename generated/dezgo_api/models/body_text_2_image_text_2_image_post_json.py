from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_text_2_image_text_2_image_post_json_format import (
    BodyText2ImageText2ImagePostJsonFormat,
)
from ..models.body_text_2_image_text_2_image_post_json_sampler import (
    BodyText2ImageText2ImagePostJsonSampler,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2ImageText2ImagePostJson")


@_attrs_define
class BodyText2ImageText2ImagePostJson:
    """
    Attributes:
        prompt (str): What the image should show.
        model (str | Unset): Model id from GET /info (SD1 family). Default: 'stablediffusion_1_5'.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyText2ImageText2ImagePostJsonSampler | Unset): Sampling method. Default:
            BodyText2ImageText2ImagePostJsonSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyText2ImageText2ImagePostJsonFormat | Unset): Output image format; the response's Content-Type
            follows it. Default: BodyText2ImageText2ImagePostJsonFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
        lora1 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora1_strength (float | Unset): LoRA weight. Default: 0.7.
        lora2 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora2_strength (float | Unset): LoRA weight. Default: 0.7.
        refiner (bool | Unset): Run the refiner pass. Default: False.
    """

    prompt: str
    model: str | Unset = "stablediffusion_1_5"
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyText2ImageText2ImagePostJsonSampler | Unset = (
        BodyText2ImageText2ImagePostJsonSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyText2ImageText2ImagePostJsonFormat | Unset = (
        BodyText2ImageText2ImagePostJsonFormat.PNG
    )
    upscale: int | Unset = 1
    lora1: str | Unset = ""
    lora1_strength: float | Unset = 0.7
    lora2: str | Unset = ""
    lora2_strength: float | Unset = 0.7
    refiner: bool | Unset = False
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

        upscale = self.upscale

        lora1 = self.lora1

        lora1_strength = self.lora1_strength

        lora2 = self.lora2

        lora2_strength = self.lora2_strength

        refiner = self.refiner

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
        if refiner is not UNSET:
            field_dict["refiner"] = refiner

        return field_dict

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
        sampler: BodyText2ImageText2ImagePostJsonSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyText2ImageText2ImagePostJsonSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyText2ImageText2ImagePostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyText2ImageText2ImagePostJsonFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        lora1 = d.pop("lora1", UNSET)

        lora1_strength = d.pop("lora1_strength", UNSET)

        lora2 = d.pop("lora2", UNSET)

        lora2_strength = d.pop("lora2_strength", UNSET)

        refiner = d.pop("refiner", UNSET)

        body_text_2_image_text_2_image_post_json = cls(
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
            upscale=upscale,
            lora1=lora1,
            lora1_strength=lora1_strength,
            lora2=lora2,
            lora2_strength=lora2_strength,
            refiner=refiner,
        )

        body_text_2_image_text_2_image_post_json.additional_properties = d
        return body_text_2_image_text_2_image_post_json

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
