from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post_format import (
    BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyImage2ImageFlux2ProImage2ImageFlux2ProPost")


@_attrs_define
class BodyImage2ImageFlux2ProImage2ImageFlux2ProPost:
    """
    Attributes:
        prompt (str): What the result should show.
        init_image (File): The image to edit. A PNG, JPEG or WebP file.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat | Unset): Output image format; the response's
            Content-Type follows it. Default: BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat.PNG.
    """

    prompt: str
    init_image: File
    negative_prompt: str | Unset = ""
    seed: int | Unset = UNSET
    format_: BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat | Unset = (
        BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat.PNG
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image.to_tuple()

        negative_prompt = self.negative_prompt

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

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
        if seed is not UNSET:
            field_dict["seed"] = seed
        if format_ is not UNSET:
            field_dict["format"] = format_

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

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.format_, Unset):
            files.append(
                ("format", (None, str(self.format_.value).encode(), "text/plain"))
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = File(payload=BytesIO(d.pop("init_image")))

        negative_prompt = d.pop("negative_prompt", UNSET)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat(_format_)

        body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post = cls(
            prompt=prompt,
            init_image=init_image,
            negative_prompt=negative_prompt,
            seed=seed,
            format_=format_,
        )

        body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post.additional_properties = d
        return body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post

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
