from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyText2VideoWan21Text2VideoWan21PostJson")


@_attrs_define
class BodyText2VideoWan21Text2VideoWan21PostJson:
    """
    Attributes:
        prompt (str): What the video should show.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        steps (int | Unset): Number of denoising steps. Default: 30.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
    """

    prompt: str
    negative_prompt: str | Unset = ""
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    steps: int | Unset = 30
    seed: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        negative_prompt = self.negative_prompt

        width = self.width

        height = self.height

        steps = self.steps

        seed = self.seed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if steps is not UNSET:
            field_dict["steps"] = steps
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        negative_prompt = d.pop("negative_prompt", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        steps = d.pop("steps", UNSET)

        seed = d.pop("seed", UNSET)

        body_text_2_video_wan_21_text_2_video_wan_21_post_json = cls(
            prompt=prompt,
            negative_prompt=negative_prompt,
            width=width,
            height=height,
            steps=steps,
            seed=seed,
        )

        body_text_2_video_wan_21_text_2_video_wan_21_post_json.additional_properties = d
        return body_text_2_video_wan_21_text_2_video_wan_21_post_json

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
