from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_upscale_upscale_post_json_format import (
    BodyUpscaleUpscalePostJsonFormat,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyUpscaleUpscalePostJson")


@_attrs_define
class BodyUpscaleUpscalePostJson:
    """
    Attributes:
        image (str): The image to upscale. A PNG, JPEG or WebP image, base64-encoded.
        format_ (BodyUpscaleUpscalePostJsonFormat | Unset): Output image format; the response's Content-Type follows it.
            Default: BodyUpscaleUpscalePostJsonFormat.PNG.
    """

    image: str
    format_: BodyUpscaleUpscalePostJsonFormat | Unset = (
        BodyUpscaleUpscalePostJsonFormat.PNG
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image = self.image

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "image": image,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        image = d.pop("image")

        _format_ = d.pop("format", UNSET)
        format_: BodyUpscaleUpscalePostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyUpscaleUpscalePostJsonFormat(_format_)

        body_upscale_upscale_post_json = cls(
            image=image,
            format_=format_,
        )

        body_upscale_upscale_post_json.additional_properties = d
        return body_upscale_upscale_post_json

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
