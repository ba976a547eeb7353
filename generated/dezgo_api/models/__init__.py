"""Contains all the data models used in inputs/outputs"""

from .body_controlnet_controlnet_post import BodyControlnetControlnetPost
from .body_controlnet_controlnet_post_control_model import (
    BodyControlnetControlnetPostControlModel,
)
from .body_controlnet_controlnet_post_control_model_2 import (
    BodyControlnetControlnetPostControlModel2,
)
from .body_controlnet_controlnet_post_format import BodyControlnetControlnetPostFormat
from .body_controlnet_controlnet_post_json import BodyControlnetControlnetPostJson
from .body_controlnet_controlnet_post_json_control_model import (
    BodyControlnetControlnetPostJsonControlModel,
)
from .body_controlnet_controlnet_post_json_control_model_2 import (
    BodyControlnetControlnetPostJsonControlModel2,
)
from .body_controlnet_controlnet_post_json_format import (
    BodyControlnetControlnetPostJsonFormat,
)
from .body_controlnet_controlnet_post_json_sampler import (
    BodyControlnetControlnetPostJsonSampler,
)
from .body_controlnet_controlnet_post_sampler import BodyControlnetControlnetPostSampler
from .body_edit_image_edit_image_post import BodyEditImageEditImagePost
from .body_edit_image_edit_image_post_format import BodyEditImageEditImagePostFormat
from .body_edit_image_edit_image_post_json import BodyEditImageEditImagePostJson
from .body_edit_image_edit_image_post_json_format import (
    BodyEditImageEditImagePostJsonFormat,
)
from .body_edit_image_edit_image_post_json_sampler import (
    BodyEditImageEditImagePostJsonSampler,
)
from .body_edit_image_edit_image_post_sampler import BodyEditImageEditImagePostSampler
from .body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post import (
    BodyImage2ImageFlux2ProImage2ImageFlux2ProPost,
)
from .body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post_format import (
    BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat,
)
from .body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post_json import (
    BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJson,
)
from .body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post_json_format import (
    BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJsonFormat,
)
from .body_image_2_image_image_2_image_post import BodyImage2ImageImage2ImagePost
from .body_image_2_image_image_2_image_post_format import (
    BodyImage2ImageImage2ImagePostFormat,
)
from .body_image_2_image_image_2_image_post_json import (
    BodyImage2ImageImage2ImagePostJson,
)
from .body_image_2_image_image_2_image_post_json_format import (
    BodyImage2ImageImage2ImagePostJsonFormat,
)
from .body_image_2_image_image_2_image_post_json_sampler import (
    BodyImage2ImageImage2ImagePostJsonSampler,
)
from .body_image_2_image_image_2_image_post_sampler import (
    BodyImage2ImageImage2ImagePostSampler,
)
from .body_inpainting_inpainting_post import BodyInpaintingInpaintingPost
from .body_inpainting_inpainting_post_format import BodyInpaintingInpaintingPostFormat
from .body_inpainting_inpainting_post_json import BodyInpaintingInpaintingPostJson
from .body_inpainting_inpainting_post_json_format import (
    BodyInpaintingInpaintingPostJsonFormat,
)
from .body_inpainting_inpainting_post_json_sampler import (
    BodyInpaintingInpaintingPostJsonSampler,
)
from .body_inpainting_inpainting_post_sampler import BodyInpaintingInpaintingPostSampler
from .body_remove_background_remove_background_post import (
    BodyRemoveBackgroundRemoveBackgroundPost,
)
from .body_remove_background_remove_background_post_format import (
    BodyRemoveBackgroundRemoveBackgroundPostFormat,
)
from .body_remove_background_remove_background_post_json import (
    BodyRemoveBackgroundRemoveBackgroundPostJson,
)
from .body_remove_background_remove_background_post_json_format import (
    BodyRemoveBackgroundRemoveBackgroundPostJsonFormat,
)
from .body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostJson,
)
from .body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json_format import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat,
)
from .body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipart,
)
from .body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart_format import (
    BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat,
)
from .body_text_2_image_flux_text_2_image_flux_post_form import (
    BodyText2ImageFluxText2ImageFluxPostForm,
)
from .body_text_2_image_flux_text_2_image_flux_post_form_format import (
    BodyText2ImageFluxText2ImageFluxPostFormFormat,
)
from .body_text_2_image_flux_text_2_image_flux_post_json import (
    BodyText2ImageFluxText2ImageFluxPostJson,
)
from .body_text_2_image_flux_text_2_image_flux_post_json_format import (
    BodyText2ImageFluxText2ImageFluxPostJsonFormat,
)
from .body_text_2_image_flux_text_2_image_flux_post_multipart import (
    BodyText2ImageFluxText2ImageFluxPostMultipart,
)
from .body_text_2_image_flux_text_2_image_flux_post_multipart_format import (
    BodyText2ImageFluxText2ImageFluxPostMultipartFormat,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_form import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostForm,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_form_format import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostFormFormat,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_form_sampler import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostFormSampler,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_json import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJson,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_json_format import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJsonFormat,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_json_sampler import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJsonSampler,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_multipart import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipart,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_multipart_format import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipartFormat,
)
from .body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_multipart_sampler import (
    BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipartSampler,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_form import (
    BodyText2ImageSdxlText2ImageSdxlPostForm,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_form_format import (
    BodyText2ImageSdxlText2ImageSdxlPostFormFormat,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_form_sampler import (
    BodyText2ImageSdxlText2ImageSdxlPostFormSampler,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_json import (
    BodyText2ImageSdxlText2ImageSdxlPostJson,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_json_format import (
    BodyText2ImageSdxlText2ImageSdxlPostJsonFormat,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_json_sampler import (
    BodyText2ImageSdxlText2ImageSdxlPostJsonSampler,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_multipart import (
    BodyText2ImageSdxlText2ImageSdxlPostMultipart,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_multipart_format import (
    BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat,
)
from .body_text_2_image_sdxl_text_2_image_sdxl_post_multipart_sampler import (
    BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler,
)
from .body_text_2_image_text_2_image_post_form import BodyText2ImageText2ImagePostForm
from .body_text_2_image_text_2_image_post_form_format import (
    BodyText2ImageText2ImagePostFormFormat,
)
from .body_text_2_image_text_2_image_post_form_sampler import (
    BodyText2ImageText2ImagePostFormSampler,
)
from .body_text_2_image_text_2_image_post_json import BodyText2ImageText2ImagePostJson
from .body_text_2_image_text_2_image_post_json_format import (
    BodyText2ImageText2ImagePostJsonFormat,
)
from .body_text_2_image_text_2_image_post_json_sampler import (
    BodyText2ImageText2ImagePostJsonSampler,
)
from .body_text_2_image_text_2_image_post_multipart import (
    BodyText2ImageText2ImagePostMultipart,
)
from .body_text_2_image_text_2_image_post_multipart_format import (
    BodyText2ImageText2ImagePostMultipartFormat,
)
from .body_text_2_image_text_2_image_post_multipart_sampler import (
    BodyText2ImageText2ImagePostMultipartSampler,
)
from .body_text_2_video_wan_21_text_2_video_wan_21_post_json import (
    BodyText2VideoWan21Text2VideoWan21PostJson,
)
from .body_text_2_video_wan_21_text_2_video_wan_21_post_multipart import (
    BodyText2VideoWan21Text2VideoWan21PostMultipart,
)
from .body_text_2_video_wan_26_text_2_video_wan_26_post_json import (
    BodyText2VideoWan26Text2VideoWan26PostJson,
)
from .body_text_2_video_wan_26_text_2_video_wan_26_post_multipart import (
    BodyText2VideoWan26Text2VideoWan26PostMultipart,
)
from .body_text_inpainting_text_inpainting_post import (
    BodyTextInpaintingTextInpaintingPost,
)
from .body_text_inpainting_text_inpainting_post_format import (
    BodyTextInpaintingTextInpaintingPostFormat,
)
from .body_text_inpainting_text_inpainting_post_json import (
    BodyTextInpaintingTextInpaintingPostJson,
)
from .body_text_inpainting_text_inpainting_post_json_format import (
    BodyTextInpaintingTextInpaintingPostJsonFormat,
)
from .body_text_inpainting_text_inpainting_post_json_sampler import (
    BodyTextInpaintingTextInpaintingPostJsonSampler,
)
from .body_text_inpainting_text_inpainting_post_sampler import (
    BodyTextInpaintingTextInpaintingPostSampler,
)
from .body_upscale_upscale_post import BodyUpscaleUpscalePost
from .body_upscale_upscale_post_format import BodyUpscaleUpscalePostFormat
from .body_upscale_upscale_post_json import BodyUpscaleUpscalePostJson
from .body_upscale_upscale_post_json_format import BodyUpscaleUpscalePostJsonFormat
from .http_error import HTTPError
from .http_validation_error import HTTPValidationError
from .info_response import InfoResponse
from .job_files import JobFiles
from .job_output_file import JobOutputFile
from .job_status import JobStatus
from .job_ticket import JobTicket
from .job_ticket_tx import JobTicketTx
from .model_group import ModelGroup
from .model_info import ModelInfo
from .native_resolution import NativeResolution
from .transaction import Transaction
from .validation_error import ValidationError

__all__ = (
    "BodyControlnetControlnetPost",
    "BodyControlnetControlnetPostControlModel",
    "BodyControlnetControlnetPostControlModel2",
    "BodyControlnetControlnetPostFormat",
    "BodyControlnetControlnetPostJson",
    "BodyControlnetControlnetPostJsonControlModel",
    "BodyControlnetControlnetPostJsonControlModel2",
    "BodyControlnetControlnetPostJsonFormat",
    "BodyControlnetControlnetPostJsonSampler",
    "BodyControlnetControlnetPostSampler",
    "BodyEditImageEditImagePost",
    "BodyEditImageEditImagePostFormat",
    "BodyEditImageEditImagePostJson",
    "BodyEditImageEditImagePostJsonFormat",
    "BodyEditImageEditImagePostJsonSampler",
    "BodyEditImageEditImagePostSampler",
    "BodyImage2ImageFlux2ProImage2ImageFlux2ProPost",
    "BodyImage2ImageFlux2ProImage2ImageFlux2ProPostFormat",
    "BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJson",
    "BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJsonFormat",
    "BodyImage2ImageImage2ImagePost",
    "BodyImage2ImageImage2ImagePostFormat",
    "BodyImage2ImageImage2ImagePostJson",
    "BodyImage2ImageImage2ImagePostJsonFormat",
    "BodyImage2ImageImage2ImagePostJsonSampler",
    "BodyImage2ImageImage2ImagePostSampler",
    "BodyInpaintingInpaintingPost",
    "BodyInpaintingInpaintingPostFormat",
    "BodyInpaintingInpaintingPostJson",
    "BodyInpaintingInpaintingPostJsonFormat",
    "BodyInpaintingInpaintingPostJsonSampler",
    "BodyInpaintingInpaintingPostSampler",
    "BodyRemoveBackgroundRemoveBackgroundPost",
    "BodyRemoveBackgroundRemoveBackgroundPostFormat",
    "BodyRemoveBackgroundRemoveBackgroundPostJson",
    "BodyRemoveBackgroundRemoveBackgroundPostJsonFormat",
    "BodyText2ImageFlux2ProText2ImageFlux2ProPostJson",
    "BodyText2ImageFlux2ProText2ImageFlux2ProPostJsonFormat",
    "BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipart",
    "BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat",
    "BodyText2ImageFluxText2ImageFluxPostForm",
    "BodyText2ImageFluxText2ImageFluxPostFormFormat",
    "BodyText2ImageFluxText2ImageFluxPostJson",
    "BodyText2ImageFluxText2ImageFluxPostJsonFormat",
    "BodyText2ImageFluxText2ImageFluxPostMultipart",
    "BodyText2ImageFluxText2ImageFluxPostMultipartFormat",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostForm",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostFormFormat",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostFormSampler",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJson",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJsonFormat",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJsonSampler",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipart",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipartFormat",
    "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipartSampler",
    "BodyText2ImageSdxlText2ImageSdxlPostForm",
    "BodyText2ImageSdxlText2ImageSdxlPostFormFormat",
    "BodyText2ImageSdxlText2ImageSdxlPostFormSampler",
    "BodyText2ImageSdxlText2ImageSdxlPostJson",
    "BodyText2ImageSdxlText2ImageSdxlPostJsonFormat",
    "BodyText2ImageSdxlText2ImageSdxlPostJsonSampler",
    "BodyText2ImageSdxlText2ImageSdxlPostMultipart",
    "BodyText2ImageSdxlText2ImageSdxlPostMultipartFormat",
    "BodyText2ImageSdxlText2ImageSdxlPostMultipartSampler",
    "BodyText2ImageText2ImagePostForm",
    "BodyText2ImageText2ImagePostFormFormat",
    "BodyText2ImageText2ImagePostFormSampler",
    "BodyText2ImageText2ImagePostJson",
    "BodyText2ImageText2ImagePostJsonFormat",
    "BodyText2ImageText2ImagePostJsonSampler",
    "BodyText2ImageText2ImagePostMultipart",
    "BodyText2ImageText2ImagePostMultipartFormat",
    "BodyText2ImageText2ImagePostMultipartSampler",
    "BodyText2VideoWan21Text2VideoWan21PostJson",
    "BodyText2VideoWan21Text2VideoWan21PostMultipart",
    "BodyText2VideoWan26Text2VideoWan26PostJson",
    "BodyText2VideoWan26Text2VideoWan26PostMultipart",
    "BodyTextInpaintingTextInpaintingPost",
    "BodyTextInpaintingTextInpaintingPostFormat",
    "BodyTextInpaintingTextInpaintingPostJson",
    "BodyTextInpaintingTextInpaintingPostJsonFormat",
    "BodyTextInpaintingTextInpaintingPostJsonSampler",
    "BodyTextInpaintingTextInpaintingPostSampler",
    "BodyUpscaleUpscalePost",
    "BodyUpscaleUpscalePostFormat",
    "BodyUpscaleUpscalePostJson",
    "BodyUpscaleUpscalePostJsonFormat",
    "HTTPError",
    "HTTPValidationError",
    "InfoResponse",
    "JobFiles",
    "JobOutputFile",
    "JobStatus",
    "JobTicket",
    "JobTicketTx",
    "ModelGroup",
    "ModelInfo",
    "NativeResolution",
    "Transaction",
    "ValidationError",
)
