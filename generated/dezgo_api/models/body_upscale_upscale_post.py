from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_upscale_upscale_post_format import BodyUpscaleUpscalePostFormat
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="BodyUpscaleUpscalePost")


@_attrs_define
class BodyUpscaleUpscalePost:
    """
    Attributes:
        image (File): The image to upscale. A PNG, JPEG or WebP file.
        format_ (BodyUpscaleUpscalePostFormat | Unset): Output image format; the response's Content-Type follows it.
            Default: BodyUpscaleUpscalePostFormat.PNG.
    """

    image: File
    format_: BodyUpscaleUpscalePostFormat | Unset = BodyUpscaleUpscalePostFormat.PNG
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image = self.image.to_tuple()

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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("image", self.image.to_tuple()))

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

        _format_ = d.pop("format", UNSET)
        format_: BodyUpscaleUpscalePostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyUpscaleUpscalePostFormat(_format_)

        body_upscale_upscale_post = cls(
            image=image,
            format_=format_,
        )

        body_upscale_upscale_post.additional_properties = d
        return body_upscale_upscale_post

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
