from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.body_controlnet_controlnet_post_control_model import (
    BodyControlnetControlnetPostControlModel,
)
from ..models.body_controlnet_controlnet_post_control_model_2 import (
    BodyControlnetControlnetPostControlModel2,
)
from ..models.body_controlnet_controlnet_post_format import (
    BodyControlnetControlnetPostFormat,
)
from ..models.body_controlnet_controlnet_post_sampler import (
    BodyControlnetControlnetPostSampler,
)
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="BodyControlnetControlnetPost")


@_attrs_define
class BodyControlnetControlnetPost:
    """
    Attributes:
        prompt (str): What the image should show.
        init_image (File): The control image. A PNG, JPEG or WebP file.
        control_model (BodyControlnetControlnetPostControlModel): How the control image guides the result.
        init_image_2 (File | Unset): An optional second control image. A PNG, JPEG or WebP file.
        negative_prompt (str | Unset): What the image should not show. Default: ''.
        model (str | Unset): Model id from GET /info (SD1 family). Default: 'absolute_reality_1_8_1'.
        control_scale (float | Unset): Weight of the first control image. Default: 1.0.
        control_preprocess (bool | Unset): Derive the control map from the image first. Default: True.
        control_model_2 (BodyControlnetControlnetPostControlModel2 | Unset): How the optional second control image
            guides the result.
        control_scale_2 (float | Unset): Weight of the second control image. Default: 1.0.
        detect_hands (bool | Unset): Detect hands when preprocessing the control image. Default: False.
        width (int | Unset): Output width in pixels; the model's native resolution when omitted.
        height (int | Unset): Output height in pixels; the model's native resolution when omitted.
        guidance (float | Unset): How closely the image follows the prompt. Default: 7.0.
        steps (int | Unset): Number of denoising steps. Default: 30.
        sampler (BodyControlnetControlnetPostSampler | Unset): Sampling method. Default:
            BodyControlnetControlnetPostSampler.DPMPP_2M_KARRAS.
        seed (int | Unset): Random seed; a random one is chosen when omitted and returned in the x-input-seed header.
        format_ (BodyControlnetControlnetPostFormat | Unset): Output image format; the response's Content-Type follows
            it. Default: BodyControlnetControlnetPostFormat.PNG.
        upscale (int | Unset): Upscale factor for the result: 1 = none, 2 = twice the size. Default: 1.
    """

    prompt: str
    init_image: File
    control_model: BodyControlnetControlnetPostControlModel
    init_image_2: File | Unset = UNSET
    negative_prompt: str | Unset = ""
    model: str | Unset = "absolute_reality_1_8_1"
    control_scale: float | Unset = 1.0
    control_preprocess: bool | Unset = True
    control_model_2: BodyControlnetControlnetPostControlModel2 | Unset = UNSET
    control_scale_2: float | Unset = 1.0
    detect_hands: bool | Unset = False
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    guidance: float | Unset = 7.0
    steps: int | Unset = 30
    sampler: BodyControlnetControlnetPostSampler | Unset = (
        BodyControlnetControlnetPostSampler.DPMPP_2M_KARRAS
    )
    seed: int | Unset = UNSET
    format_: BodyControlnetControlnetPostFormat | Unset = (
        BodyControlnetControlnetPostFormat.PNG
    )
    upscale: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        init_image = self.init_image.to_tuple()

        control_model = self.control_model.value

        init_image_2: FileTypes | Unset = UNSET
        if not isinstance(self.init_image_2, Unset):
            init_image_2 = self.init_image_2.to_tuple()

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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        files.append(("init_image", self.init_image.to_tuple()))

        files.append(
            (
                "control_model",
                (None, str(self.control_model.value).encode(), "text/plain"),
            )
        )

        if not isinstance(self.init_image_2, Unset):
            files.append(("init_image_2", self.init_image_2.to_tuple()))

        if not isinstance(self.negative_prompt, Unset):
            files.append(
                (
                    "negative_prompt",
                    (None, str(self.negative_prompt).encode(), "text/plain"),
                )
            )

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.control_scale, Unset):
            files.append(
                (
                    "control_scale",
                    (None, str(self.control_scale).encode(), "text/plain"),
                )
            )

        if not isinstance(self.control_preprocess, Unset):
            files.append(
                (
                    "control_preprocess",
                    (None, str(self.control_preprocess).encode(), "text/plain"),
                )
            )

        if not isinstance(self.control_model_2, Unset):
            files.append(
                (
                    "control_model_2",
                    (None, str(self.control_model_2.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.control_scale_2, Unset):
            files.append(
                (
                    "control_scale_2",
                    (None, str(self.control_scale_2).encode(), "text/plain"),
                )
            )

        if not isinstance(self.detect_hands, Unset):
            files.append(
                ("detect_hands", (None, str(self.detect_hands).encode(), "text/plain"))
            )

        if not isinstance(self.width, Unset):
            files.append(("width", (None, str(self.width).encode(), "text/plain")))

        if not isinstance(self.height, Unset):
            files.append(("height", (None, str(self.height).encode(), "text/plain")))

        if not isinstance(self.guidance, Unset):
            files.append(
                ("guidance", (None, str(self.guidance).encode(), "text/plain"))
            )

        if not isinstance(self.steps, Unset):
            files.append(("steps", (None, str(self.steps).encode(), "text/plain")))

        if not isinstance(self.sampler, Unset):
            files.append(
                ("sampler", (None, str(self.sampler.value).encode(), "text/plain"))
            )

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.format_, Unset):
            files.append(
                ("format", (None, str(self.format_.value).encode(), "text/plain"))
            )

        if not isinstance(self.upscale, Unset):
            files.append(("upscale", (None, str(self.upscale).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        init_image = File(payload=BytesIO(d.pop("init_image")))

        control_model = BodyControlnetControlnetPostControlModel(d.pop("control_model"))

        _init_image_2 = d.pop("init_image_2", UNSET)
        init_image_2: File | Unset
        if isinstance(_init_image_2, Unset):
            init_image_2 = UNSET
        else:
            init_image_2 = File(payload=BytesIO(_init_image_2))

        negative_prompt = d.pop("negative_prompt", UNSET)

        model = d.pop("model", UNSET)

        control_scale = d.pop("control_scale", UNSET)

        control_preprocess = d.pop("control_preprocess", UNSET)

        _control_model_2 = d.pop("control_model_2", UNSET)
        control_model_2: BodyControlnetControlnetPostControlModel2 | Unset
        if isinstance(_control_model_2, Unset):
            control_model_2 = UNSET
        else:
            control_model_2 = BodyControlnetControlnetPostControlModel2(
                _control_model_2
            )

        control_scale_2 = d.pop("control_scale_2", UNSET)

        detect_hands = d.pop("detect_hands", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        guidance = d.pop("guidance", UNSET)

        steps = d.pop("steps", UNSET)

        _sampler = d.pop("sampler", UNSET)
        sampler: BodyControlnetControlnetPostSampler | Unset
        if isinstance(_sampler, Unset):
            sampler = UNSET
        else:
            sampler = BodyControlnetControlnetPostSampler(_sampler)

        seed = d.pop("seed", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: BodyControlnetControlnetPostFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = BodyControlnetControlnetPostFormat(_format_)

        upscale = d.pop("upscale", UNSET)

        body_controlnet_controlnet_post = cls(
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

        body_controlnet_controlnet_post.additional_properties = d
        return body_controlnet_controlnet_post

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
