from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_edit_image_edit_image_post_json_format import (
    BodyEditImageEditImagePostJsonFormat,
)
from ..models.body_edit_image_edit_image_post_json_sampler import (
    BodyEditImageEditImagePostJsonSampler,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyEditImageEditImagePostJson")


@_attrs_define
class BodyEditImageEditImagePostJson:
    """
    Attributes:
        prompt (str): The edit to make, as an instruction.
        init_image (str): The image to edit. A PNG, JPEG or WebP image, base64-encoded.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 9.0.
        image_guidance (float | Unset): How closely the result keeps to the input image. Default: 1.5.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyEditImageEditImagePostJsonSampler | Unset): Sampling method. Default:
            BodyEditImageEditImagePostJsonSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyEditImageEditImagePostJsonFormat | Unset): Output image format; the response's Content-Type follows
            it. Default: BodyEditImageEditImagePostJsonFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: str
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 9.0
    image_guidance: float | Unset = 1.5
    steps: int | Unset = 30
    sampler: BodyEditImageEditImagePostJsonSampler | Unset = (
        BodyEditImageEditImagePostJsonSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyEditImageEditImagePostJsonFormat | Unset = (
        BodyEditImageEditImagePostJsonFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image

        negative_prompt = self.negative_prompt

        guidance = self.guidance

        image_guidance = self.image_guidance

        steps = self.steps

        sampler: str | Unset = UNSET
        if not isinstance(self.sampler, Unset):
            sampler = self.sampler.value

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        upscale = self.upscale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "init_image": init_image,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if image_guidance is not UNSET:
            field_dict["image_guidance"] = image_guidance
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = d.pop("init_image")

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        image_guidance = d.pop("image_guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyEditImageEditImagePostJsonSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyEditImageEditImagePostJsonSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyEditImageEditImagePostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyEditImageEditImagePostJsonFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_edit_image_edit_image_post_json = cls(
            prompt=prompt,
            init_image=init_image,
            negative_prompt=negative_prompt,
            guidance=guidance,
            image_guidance=image_guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            upscale=upscale,
        )

        body_edit_image_edit_image_post_json.additional_properties = d
        return body_edit_image_edit_image_post_json

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
