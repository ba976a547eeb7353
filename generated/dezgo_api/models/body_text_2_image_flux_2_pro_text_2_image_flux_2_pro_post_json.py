from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json_format import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2ImageFlux2ProText2ImageFlux2ProPostJson")


@_attrs_define
class BodyText2ImageFlux2ProText2ImageFlux2ProPostJson:
    """
    Attributes:
        prompt (str): What the image should show.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        steps (int | Unset): Number of denoising steps. Default: 28.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat | Unset): Output image format; the response's
            Content-Type follows it. Default: BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat.PNG.
        transparent_background (bool | Unset): Generate with a transparent background (SDXL and Flux models). Default:
            False.
    """

    prompt: str
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    steps: int | Unset = 28
    seed: int | Unset = UNSET
    format_: BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat | Unset = (
        BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat.PNG
    )
    transparent_background: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        width = self.width

        height = self.height

        steps = self.steps

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        transparent_background = self.transparent_background

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if steps is not UNSET:
            field_dict["steps"] = steps
        if seed is not UNSET:
            field_dict["seed"] = seed
        if format_ is not UNSET:
            field_dict["format"] = format_
        if transparent_background is not UNSET:
            field_dict["transparent_background"] = transparent_background

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        steps = d.pop("steps", UNSET)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat(_format_)

        transparent_background = d.pop("transparent_background", UNSET)

        body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json = cls(
            prompt=prompt,
            width=width,
            height=height,
            steps=steps,
            seed=seed,
            format_=format_,
            transparent_background=transparent_background,
        )

        body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json.additional_properties = d
        return body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json

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
