from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_remove_background_remove_background_post_format import (
    BodyRemoveBackgroundRemoveBackgroundPostFormat,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyRemoveBackgroundRemoveBackgroundPost")


@_attrs_define
class BodyRemoveBackgroundRemoveBackgroundPost:
    """
    Attributes:
        image (File): The image to cut out. A PNG, JPEG or WebP file.
        mode (str | Unset): What replaces the background. Default: 'transparent'.
        format_ (BodyRemoveBackgroundRemoveBackgroundPostFormat | Unset): Output image format; the response's Content-
            Type follows it. Default: BodyRemoveBackgroundRemoveBackgroundPostFormat.PNG.
    """

    image: File
    mode: str | Unset = "transparent"
    format_: BodyRemoveBackgroundRemoveBackgroundPostFormat | Unset = (
        BodyRemoveBackgroundRemoveBackgroundPostFormat.PNG
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image = self.image.to_tuple()

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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("image", self.image.to_tuple()))

        if not isinstance(self.mode, Unset):
            files.append(("mode", (None, str(self.mode).encode(), "text/plain")))

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
        image = File(payload=BytesIO(d.pop("image")))

        mode = d.pop("mode", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyRemoveBackgroundRemoveBackgroundPostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyRemoveBackgroundRemoveBackgroundPostFormat(_format_)

        body_remove_background_remove_background_post = cls(
            image=image,
            mode=mode,
            format_=format_,
        )

        body_remove_background_remove_background_post.additional_properties = d
        return body_remove_background_remove_background_post

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
