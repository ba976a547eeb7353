from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.native_resolution import NativeResolution


T = TypeVar("T", bound="ModelInfo")


@_attrs_define
class ModelInfo:
    """
    Attributes:
        id (str):
        name (str):
        family (str):
        functions (list[str]): Endpoints the model serves: text2image, image2image, inpainting, controlnet, upscale,
            remove-background, ...
        description (str | Unset):
        license_ (str | Unset):
        categories (list[str] | Unset):
        native_resolution (NativeResolution | Unset):
        triggers (list[str] | Unset):
    """

    id: str
    name: str
    family: str
    functions: list[str]
    description: str | Unset = UNSET
    license_: str | Unset = UNSET
    categories: list[str] | Unset = UNSET
    native_resolution: NativeResolution | Unset = UNSET
    triggers: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        family = self.family

        functions = self.functions

        description = self.description

        license_ = self.license_

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        native_resolution: dict[str, Any] | Unset = UNSET
        if not isinstance(self.native_resolution, Unset):
            native_resolution = self.native_resolution.to_dict()

        triggers: list[str] | Unset = UNSET
        if not isinstance(self.triggers, Unset):
            triggers = self.triggers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "family": family,
                "functions": functions,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if license_ is not UNSET:
            field_dict["license"] = license_
        if categories is not UNSET:
            field_dict["categories"] = categories
        if native_resolution is not UNSET:
            field_dict["nativeResolution"] = native_resolution
        if triggers is not UNSET:
            field_dict["triggers"] = triggers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.native_resolution import NativeResolution

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        family = d.pop("family")

        functions = cast(list[str], d.pop("functions"))

        description = d.pop("description", UNSET)

        license_ = d.pop("license", UNSET)

        categories = cast(list[str], d.pop("categories", UNSET))

        _native_resolution = d.pop("nativeResolution", UNSET)
        native_resolution: NativeResolution | Unset
        if isinstance(_native_resolution, Unset):
            native_resolution = UNSET
        else:
            native_resolution = NativeResolution.from_dict(_native_resolution)

        triggers = cast(list[str], d.pop("triggers", UNSET))

        model_info = cls(
            id=id,
            name=name,
            family=family,
            functions=functions,
            description=description,
            license_=license_,
            categories=categories,
            native_resolution=native_resolution,
            triggers=triggers,
        )

        model_info.additional_properties = d
        return model_info

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
