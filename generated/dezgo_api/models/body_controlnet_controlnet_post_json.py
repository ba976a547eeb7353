from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.body_controlnet_controlnet_post_json_control_model import (
    BodyControlnetControlnetPostJsonControlModel,
)
from ..models.body_controlnet_controlnet_post_json_control_model_2 import (
    BodyControlnetControlnetPostJsonControlModel2,
)
from ..models.body_controlnet_controlnet_post_json_format import (
    BodyControlnetControlnetPostJsonFormat,
)
from ..models.body_controlnet_controlnet_post_json_sampler import (
    BodyControlnetControlnetPostJsonSampler,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyControlnetControlnetPostJson")


@_attrs_define
class BodyControlnetControlnetPostJson:
    """
    Attributes:
        prompt (str): What the image should show.
        init_image (str): The control image. A PNG, JPEG or WebP image, base64-encoded.
        control_model (BodyControlnetControlnetPostJsonControlModel): How the control image guides the result.
        init_image_2 (str | Unset): An optional second control image. A PNG, JPEG or WebP image, base64-encoded.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        model (str | Unset): Model id from GET /info (SD1 family). Default: 'absolute_reality_1_8_1'.
        control_scale (float | Unset): Weight of the first control image. Default: 1.0.
        control_preprocess (bool | Unset): Derive the control map from the image first. Default: True.
        control_model_2 (BodyControlnetControlnetPostJsonControlModel2 | Unset): How the optional second control image
            guides the result.
        control_scale_2 (float | Unset): Weight of the second control image. Default: 1.0.
        detect_hands (bool | Unset): Detect hands when preprocessing the control image. Default: False.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyControlnetControlnetPostJsonSampler | Unset): Sampling method. Default:
            BodyControlnetControlnetPostJsonSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyControlnetControlnetPostJsonFormat | Unset): Output image format; the response's Content-Type
            follows it. Default: BodyControlnetControlnetPostJsonFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: str
    control_model: BodyControlnetControlnetPostJsonControlModel
    init_image_2: str | Unset = UNSET
    negative_prompt: str | Unset = ""
    model: str | Unset = "absolute_reality_1_8_1"
    control_scale: float | Unset = 1.0
    control_preprocess: bool | Unset = True
    control_model_2: BodyControlnetControlnetPostJsonControlModel2 | Unset = UNSET
    control_scale_2: float | Unset = 1.0
    detect_hands: bool | Unset = False
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyControlnetControlnetPostJsonSampler | Unset = (
        BodyControlnetControlnetPostJsonSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyControlnetControlnetPostJsonFormat | Unset = (
        BodyControlnetControlnetPostJsonFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image

        control_model = self.control_model.value

        init_image_2 = self.init_image_2

        negative_prompt = self.negative_prompt

        model = self.model

        control_scale = self.control_scale

        control_preprocess = self.control_preprocess

        control_model_2: str | Unset = UNSET
        if not isinstance(self.control_model_2, Unset):
            control_model_2 = self.control_model_2.value

        control_scale_2 = self.control_scale_2

        detect_hands = self.detect_hands

        width = self.width

        height = self.height

        guidance = self.guidance

        steps = self.steps

        sampler: str | Unset = UNSET
        if not isinstance(self.sampler, Unset):
            sampler = self.sampler.value

        seed = self.seed

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        upscale = self.upscale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "init_image": init_image,
                "control_model": control_model,
            }
        )
        if init_image_2 is not UNSET:
            field_dict["init_image_2"] = init_image_2
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if model is not UNSET:
            field_dict["model"] = model
        if control_scale is not UNSET:
            field_dict["control_scale"] = control_scale
        if control_preprocess is not UNSET:
            field_dict["control_preprocess"] = control_preprocess
        if control_model_2 is not UNSET:
            field_dict["control_model_2"] = control_model_2
        if control_scale_2 is not UNSET:
            field_dict["control_scale_2"] = control_scale_2
        if detect_hands is not UNSET:
            field_dict["detect_hands"] = detect_hands
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if steps is not UNSET:
            field_dict["steps"] = steps
        if sampler is not UNSET:
            field_dict["sampler"] = sampler
        if seed is not UNSET:
            field_dict["seed"] = seed
        if format_ is not UNSET:
            field_dict["format"] = format_
        if upscale is not UNSET:
            field_dict["upscale"] = upscale

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = d.pop("init_image")

        control_model = BodyControlnetControlnetPostJsonControlModel(
            d.pop("control_model")
        )

        init_image_2 = d.pop("init_image_2", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        model = d.pop("model", UNSET)

        control_scale = d.pop("control_scale", UNSET)

        control_preprocess = d.pop("control_preprocess", UNSET)

        _control_model_2 = d.pop("control_model_2", UNSET)
        control_model_2: BodyControlnetControlnetPostJsonControlModel2 | Unset
        if isinstance(_control_model_2, Unset):
            control_model_2 = UNSET
        else:
            control_model_2 = BodyControlnetControlnetPostJsonControlModel2(
                _control_model_2
            )

        control_scale_2 = d.pop("control_scale_2", UNSET)

        detect_hands = d.pop("detect_hands", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyControlnetControlnetPostJsonSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyControlnetControlnetPostJsonSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyControlnetControlnetPostJsonFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyControlnetControlnetPostJsonFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_controlnet_controlnet_post_json = cls(
            prompt=prompt,
            init_image=init_image,
            control_model=control_model,
            init_image_2=init_image_2,
            negative_prompt=negative_prompt,
            model=model,
            control_scale=control_scale,
            control_preprocess=control_preprocess,
            control_model_2=control_model_2,
            control_scale_2=control_scale_2,
            detect_hands=detect_hands,
            width=width,
            height=height,
            guidance=guidance,
            steps=steps,
            sampler=sampler,
            seed=seed,
            format_=format_,
            upscale=upscale,
        )

        body_controlnet_controlnet_post_json.additional_properties = d
        return body_controlnet_controlnet_post_json

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
