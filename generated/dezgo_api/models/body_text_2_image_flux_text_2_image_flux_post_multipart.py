from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_text_2_image_flux_text_2_image_flux_post_multipart_format import (
    BodyText2ImageFluxText2ImageFluxPostMultipartFormat,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2ImageFluxText2ImageFluxPostMultipart")


@_attrs_define
class BodyText2ImageFluxText2ImageFluxPostMultipart:
    """
    Attributes:
        prompt (str): What the image should show.
        model (str | Unset): Model id from GET /info (Flux family). Default: 'flux_1_schnell'.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        steps (int | Unset): Number of denoising steps. Default: 4.
        guidance (float | Unset): How closely the image follows the prompt. Default: 3.5.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyText2ImageFluxText2ImageFluxPostMultipartFormat | Unset): Output image format; the response's
            Content-Type follows it. Default: BodyText2ImageFluxText2ImageFluxPostMultipartFormat.PNG.
        transparent_background (bool | Unset): Generate with a transparent background (SDXL and Flux models). Default:
            False.
        lora1 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora1_strength (float | Unset): LoRA weight. Default: 0.7.
        lora2 (str | Unset): LoRA model id; empty for none. Default: ''.
        lora2_strength (float | Unset): LoRA weight. Default: 0.7.
    """

    prompt: str
    model: str | Unset = "flux_1_schnell"
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    steps: int | Unset = 4
    guidance: float | Unset = 3.5
    seed: int | Unset = UNSET
    format_: BodyText2ImageFluxText2ImageFluxPostMultipartFormat | Unset = (
        BodyText2ImageFluxText2ImageFluxPostMultipartFormat.PNG
    )
    transparent_background: bool | Unset = False
    lora1: str | Unset = ""
    lora1_strength: float | Unset = 0.7
    lora2: str | Unset = ""
    lora2_strength: float | Unset = 0.7
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        model = self.model

        width = self.width

        height = self.height

        steps = self.steps

        guidance = self.guidance

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        transparent_background = self.transparent_background

        lora1 = self.lora1

        lora1_strength = self.lora1_strength

        lora2 = self.lora2

        lora2_strength = self.lora2_strength

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
        if steps is not UNSET:
            field_dict["steps"] = steps
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if seed is not UNSET:
            field_dict["seed"] = seed
        if format_ is not UNSET:
            field_dict["format"] = format_
        if transparent_background is not UNSET:
            field_dict["transparent_background"] = transparent_background
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

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.width, Unset):
            files.append(("width", (None, str(self.width).encode(), "text/plain")))

        if not isinstance(self.height, Unset):
            files.append(("height", (None, str(self.height).encode(), "text/plain")))

        if not isinstance(self.steps, Unset):
            files.append(("steps", (None, str(self.steps).encode(), "text/plain")))

        if not isinstance(self.guidance, Unset):
            files.append(
                ("guidance", (None, str(self.guidance).encode(), "text/plain"))
            )

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.format_, Unset):
            files.append(
                ("format", (None, str(self.format_.value).encode(), "text/plain"))
            )

        if not isinstance(self.transparent_background, Unset):
            files.append(
                (
                    "transparent_background",
                    (None, str(self.transparent_background).encode(), "text/plain"),
                )
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

        steps = d.pop("steps", UNSET)

        guidance = d.pop("guidance", UNSET)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyText2ImageFluxText2ImageFluxPostMultipartFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyText2ImageFluxText2ImageFluxPostMultipartFormat(_format_)

        transparent_background = d.pop("transparent_background", UNSET)

        lora1 = d.pop("lora1", UNSET)

        lora1_strength = d.pop("lora1_strength", UNSET)

        lora2 = d.pop("lora2", UNSET)

        lora2_strength = d.pop("lora2_strength", UNSET)

        body_text_2_image_flux_text_2_image_flux_post_multipart = cls(
            prompt=prompt,
            model=model,
            width=width,
            height=height,
            steps=steps,
            guidance=guidance,
            seed=seed,
            format_=format_,
            transparent_background=transparent_background,
            lora1=lora1,
            lora1_strength=lora1_strength,
            lora2=lora2,
            lora2_strength=lora2_strength,
        )

        body_text_2_image_flux_text_2_image_flux_post_multipart.additional_properties = d
        return body_text_2_image_flux_text_2_image_flux_post_multipart

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
