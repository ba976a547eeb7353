from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_text_inpainting_text_inpainting_post_json_format import (
    BodyTextInpaintingTextInpaintingPostJsonFormat,
)
from ..models.body_text_inpainting_text_inpainting_post_json_sampler import (
    BodyTextInpaintingTextInpaintingPostJsonSampler,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyTextInpaintingTextInpaintingPostJson")


@_attrs_define
class BodyTextInpaintingTextInpaintingPostJson:
    """
    Attributes:
        prompt (str): What to paint in the selected region.
        init_image (str): The image to repaint. A PNG, JPEG or WebP image, base64-encoded.
        mask_prompt (str): Describes the region of the image to replace.
        model (str | Unset): Model id from GET /info (inpainting family). Default: 'absolute_reality_1_8_1_inpaint'.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyTextInpaintingTextInpaintingPostJsonSampler | Unset): Sampling method. Default:
            BodyTextInpaintingTextInpaintingPostJsonSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyTextInpaintingTextInpaintingPostJsonFormat | Unset): Output image format; the response's Content-
            Type follows it. Default: BodyTextInpaintingTextInpaintingPostJsonFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: str
    mask_prompt: str
    model: str | Unset = "absolute_reality_1_8_1_inpaint"
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyTextInpaintingTextInpaintingPostJsonSampler | Unset = (
        BodyTextInpaintingTextInpaintingPostJsonSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyTextInpaintingTextInpaintingPostJsonFormat | Unset = (
        BodyTextInpaintingTextInpaintingPostJsonFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image

        mask_prompt = self.mask_prompt

        model = self.model

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "init_image": init_image,
                "mask_prompt": mask_prompt,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = d.pop("init_image")

        mask_prompt = d.pop("mask_prompt")

        model = d.pop("model", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyTextInpaintingTextInpaintingPostJsonSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyTextInpaintingTextInpaintingPostJsonSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyTextInpaintingTextInpaintingPostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyTextInpaintingTextInpaintingPostJsonFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_text_inpainting_text_inpainting_post_json = cls(
            prompt=prompt,
            init_image=init_image,
            mask_prompt=mask_prompt,
            model=model,
            negative_prompt=negative_prompt,
            guidance=guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            upscale=upscale,
        )

        body_text_inpainting_text_inpainting_post_json.additional_properties = d
        return body_text_inpainting_text_inpainting_post_json

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
