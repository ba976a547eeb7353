from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_edit_image_edit_image_post_format import (
    BodyEditImageEditImagePostFormat,
)
from ..models.body_edit_image_edit_image_post_sampler import (
    BodyEditImageEditImagePostSampler,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyEditImageEditImagePost")


@_attrs_define
class BodyEditImageEditImagePost:
    """
    Attributes:
        prompt (str): The edit to make, as an instruction.
        init_image (File): The image to edit. A PNG, JPEG or WebP file.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 9.0.
        image_guidance (float | Unset): How closely the result keeps to the input image. Default: 1.5.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyEditImageEditImagePostSampler | Unset): Sampling method. Default:
            BodyEditImageEditImagePostSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyEditImageEditImagePostFormat | Unset): Output image format; the response's Content-Type follows it.
            Default: BodyEditImageEditImagePostFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: File
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 9.0
    image_guidance: float | Unset = 1.5
    steps: int | Unset = 30
    sampler: BodyEditImageEditImagePostSampler | Unset = (
        BodyEditImageEditImagePostSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyEditImageEditImagePostFormat | Unset = (
        BodyEditImageEditImagePostFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image.to_tuple()

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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        files.append(("init_image", self.init_image.to_tuple()))

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

        if not isinstance(self.image_guidance, Unset):
            files.append(
                (
                    "image_guidance",
                    (None, str(self.image_guidance).encode(), "text/plain"),
                )
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

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = File(payload=BytesIO(d.pop("init_image")))

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        image_guidance = d.pop("image_guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyEditImageEditImagePostSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyEditImageEditImagePostSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyEditImageEditImagePostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyEditImageEditImagePostFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_edit_image_edit_image_post = cls(
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

        body_edit_image_edit_image_post.additional_properties = d
        return body_edit_image_edit_image_post

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
