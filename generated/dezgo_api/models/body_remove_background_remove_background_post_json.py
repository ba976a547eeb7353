from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_remove_background_remove_background_post_json_format import (
    BodyRemoveBackgroundRemoveBackgroundPostJsonFormat,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyRemoveBackgroundRemoveBackgroundPostJson")


@_attrs_define
class BodyRemoveBackgroundRemoveBackgroundPostJson:
    """
    Attributes:
        image (str): The image to cut out. A PNG, JPEG or WebP image, base64-encoded.
        mode (str | Unset): What replaces the background. Default: 'transparent'.
        format_ (BodyRemoveBackgroundRemoveBackgroundPostJsonFormat | Unset): Output image format; the response's
            Content-Type follows it. Default: BodyRemoveBackgroundRemoveBackgroundPostJsonFormat.PNG.
    """

    image: str
    mode: str | Unset = "transparent"
    format_: BodyRemoveBackgroundRemoveBackgroundPostJsonFormat | Unset = (
        BodyRemoveBackgroundRemoveBackgroundPostJsonFormat.PNG
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image = self.image

        mode = self.mode

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
        if mode is not UNSET:
            field_dict["mode"] = mode
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        image = d.pop("image")

        mode = d.pop("mode", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyRemoveBackgroundRemoveBackgroundPostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyRemoveBackgroundRemoveBackgroundPostJsonFormat(_format_)

        body_remove_background_remove_background_post_json = cls(
            image=image,
            mode=mode,
            format_=format_,
        )

        body_remove_background_remove_background_post_json.additional_properties = d
        return body_remove_background_remove_background_post_json

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
