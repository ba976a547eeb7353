from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_inpainting_inpainting_post_format import (
    BodyInpaintingInpaintingPostFormat,
)
from ..models.body_inpainting_inpainting_post_sampler import (
    BodyInpaintingInpaintingPostSampler,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyInpaintingInpaintingPost")


@_attrs_define
class BodyInpaintingInpaintingPost:
    """
    Attributes:
        prompt (str): What to paint in the masked region.
        init_image (File): The image to repaint. A PNG, JPEG or WebP file.
        mask_image (File): The mask: white marks the region to repaint. A PNG, JPEG or WebP file.
        model (str | Unset): Model id from GET /info (inpainting family). Default: 'absolute_reality_1_8_1_inpaint'.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyInpaintingInpaintingPostSampler | Unset): Sampling method. Default:
            BodyInpaintingInpaintingPostSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyInpaintingInpaintingPostFormat | Unset): Output image format; the response's Content-Type follows
            it. Default: BodyInpaintingInpaintingPostFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: File
    mask_image: File
    model: str | Unset = "absolute_reality_1_8_1_inpaint"
    negative_prompt: str | Unset = ""
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyInpaintingInpaintingPostSampler | Unset = (
        BodyInpaintingInpaintingPostSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyInpaintingInpaintingPostFormat | Unset = (
        BodyInpaintingInpaintingPostFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image.to_tuple()

        mask_image = self.mask_image.to_tuple()

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
                "mask_image": mask_image,
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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        files.append(("init_image", self.init_image.to_tuple()))

        files.append(("mask_image", self.mask_image.to_tuple()))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

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

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = File(payload=BytesIO(d.pop("init_image")))

        mask_image = File(payload=BytesIO(d.pop("mask_image")))

        model = d.pop("model", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyInpaintingInpaintingPostSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyInpaintingInpaintingPostSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyInpaintingInpaintingPostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyInpaintingInpaintingPostFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_inpainting_inpainting_post = cls(
            prompt=prompt,
            init_image=init_image,
            mask_image=mask_image,
            model=model,
            negative_prompt=negative_prompt,
            guidance=guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            upscale=upscale,
        )

        body_inpainting_inpainting_post.additional_properties = d
        return body_inpainting_inpainting_post

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
