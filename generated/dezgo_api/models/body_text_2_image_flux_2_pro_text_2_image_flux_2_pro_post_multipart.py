from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart_format import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipart")


@_attrs_define
class BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipart:
    """
    Attributes:
        prompt (str): What the image should show.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        steps (int | Unset): Number of denoising steps. Default: 28.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat | Unset): Output image format; the
            response's Content-Type follows it. Default: BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat.PNG.
        transparent_background (bool | Unset): Generate with a transparent background (SDXL and Flux models). Default:
            False.
    """

    prompt: str
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    steps: int | Unset = 28
    seed: int | Unset = UNSET
    format_: BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat | Unset = (
        BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat.PNG
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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        if not isinstance(self.width, Unset):
            files.append(("width", (None, str(self.width).encode(), "text/plain")))

        if not isinstance(self.height, Unset):
            files.append(("height", (None, str(self.height).encode(), "text/plain")))

        if not isinstance(self.steps, Unset):
            files.append(("steps", (None, str(self.steps).encode(), "text/plain")))

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

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        steps = d.pop("steps", UNSET)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat(
                _format_
            )

        transparent_background = d.pop("transparent_background", UNSET)

        body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart = cls(
            prompt=prompt,
            width=width,
            height=height,
            steps=steps,
            seed=seed,
            format_=format_,
            transparent_background=transparent_background,
        )

        body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart.additional_properties = d
        return body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart

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
