"""Where the generated client keeps each operation: its endpoint module and its body models.

Written by scripts/generate.py from openapi-python-client's own parse of the spec it
generated from (so the names are the generator's, not guessed): do not edit; run
`make generate`. ``dezgo._wire`` builds request bodies with the models' public
``from_dict``/``to_dict``/``to_multipart``; ``ENDPOINTS`` names the module whose
``sync_detailed``/``asyncio_detailed`` call an operation with the low-level client.
"""

BODIES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("POST", "/controlnet", "application/json"): (
        "dezgo_api.models.body_controlnet_controlnet_post_json",
        "BodyControlnetControlnetPostJson",
    ),
    ("POST", "/controlnet", "multipart/form-data"): (
        "dezgo_api.models.body_controlnet_controlnet_post",
        "BodyControlnetControlnetPost",
    ),
    ("POST", "/edit-image", "application/json"): (
        "dezgo_api.models.body_edit_image_edit_image_post_json",
        "BodyEditImageEditImagePostJson",
    ),
    ("POST", "/edit-image", "multipart/form-data"): (
        "dezgo_api.models.body_edit_image_edit_image_post",
        "BodyEditImageEditImagePost",
    ),
    ("POST", "/image2image", "application/json"): (
        "dezgo_api.models.body_image_2_image_image_2_image_post_json",
        "BodyImage2ImageImage2ImagePostJson",
    ),
    ("POST", "/image2image", "multipart/form-data"): (
        "dezgo_api.models.body_image_2_image_image_2_image_post",
        "BodyImage2ImageImage2ImagePost",
    ),
    ("POST", "/image2image_flux_2_pro", "application/json"): (
        "dezgo_api.models.body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post_json",
        "BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJson",
    ),
    ("POST", "/image2image_flux_2_pro", "multipart/form-data"): (
        "dezgo_api.models.body_image_2_image_flux_2_pro_image_2_image_flux_2_pro_post",
        "BodyImage2ImageFlux2ProImage2ImageFlux2ProPost",
    ),
    ("POST", "/inpainting", "application/json"): (
        "dezgo_api.models.body_inpainting_inpainting_post_json",
        "BodyInpaintingInpaintingPostJson",
    ),
    ("POST", "/inpainting", "multipart/form-data"): (
        "dezgo_api.models.body_inpainting_inpainting_post",
        "BodyInpaintingInpaintingPost",
    ),
    ("POST", "/remove-background", "application/json"): (
        "dezgo_api.models.body_remove_background_remove_background_post_json",
        "BodyRemoveBackgroundRemoveBackgroundPostJson",
    ),
    ("POST", "/remove-background", "multipart/form-data"): (
        "dezgo_api.models.body_remove_background_remove_background_post",
        "BodyRemoveBackgroundRemoveBackgroundPost",
    ),
    ("POST", "/text-inpainting", "application/json"): (
        "dezgo_api.models.body_text_inpainting_text_inpainting_post_json",
        "BodyTextInpaintingTextInpaintingPostJson",
    ),
    ("POST", "/text-inpainting", "multipart/form-data"): (
        "dezgo_api.models.body_text_inpainting_text_inpainting_post",
        "BodyTextInpaintingTextInpaintingPost",
    ),
    ("POST", "/text2image", "application/json"): (
        "dezgo_api.models.body_text_2_image_text_2_image_post_json",
        "BodyText2ImageText2ImagePostJson",
    ),
    ("POST", "/text2image", "application/x-www-form-urlencoded"): (
        "dezgo_api.models.body_text_2_image_text_2_image_post_form",
        "BodyText2ImageText2ImagePostForm",
    ),
    ("POST", "/text2image", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_image_text_2_image_post_multipart",
        "BodyText2ImageText2ImagePostMultipart",
    ),
    ("POST", "/text2image_flux", "application/json"): (
        "dezgo_api.models.body_text_2_image_flux_text_2_image_flux_post_json",
        "BodyText2ImageFluxText2ImageFluxPostJson",
    ),
    ("POST", "/text2image_flux", "application/x-www-form-urlencoded"): (
        "dezgo_api.models.body_text_2_image_flux_text_2_image_flux_post_form",
        "BodyText2ImageFluxText2ImageFluxPostForm",
    ),
    ("POST", "/text2image_flux", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_image_flux_text_2_image_flux_post_multipart",
        "BodyText2ImageFluxText2ImageFluxPostMultipart",
    ),
    ("POST", "/text2image_flux_2_pro", "application/json"): (
        "dezgo_api.models.body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_json",
        "BodyText2ImageFlux2ProText2ImageFlux2ProPostJson",
    ),
    ("POST", "/text2image_flux_2_pro", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_image_flux_2_pro_text_2_image_flux_2_pro_post_multipart",
        "BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipart",
    ),
    ("POST", "/text2image_sdxl", "application/json"): (
        "dezgo_api.models.body_text_2_image_sdxl_text_2_image_sdxl_post_json",
        "BodyText2ImageSdxlText2ImageSdxlPostJson",
    ),
    ("POST", "/text2image_sdxl", "application/x-www-form-urlencoded"): (
        "dezgo_api.models.body_text_2_image_sdxl_text_2_image_sdxl_post_form",
        "BodyText2ImageSdxlText2ImageSdxlPostForm",
    ),
    ("POST", "/text2image_sdxl", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_image_sdxl_text_2_image_sdxl_post_multipart",
        "BodyText2ImageSdxlText2ImageSdxlPostMultipart",
    ),
    ("POST", "/text2image_sdxl_lightning", "application/json"): (
        "dezgo_api.models.body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_json",
        "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostJson",
    ),
    ("POST", "/text2image_sdxl_lightning", "application/x-www-form-urlencoded"): (
        "dezgo_api.models.body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_form",
        "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostForm",
    ),
    ("POST", "/text2image_sdxl_lightning", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_image_sdxl_lightning_text_2_image_sdxl_lightning_post_multipart",
        "BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipart",
    ),
    ("POST", "/text2video_wan_2_1", "application/json"): (
        "dezgo_api.models.body_text_2_video_wan_21_text_2_video_wan_21_post_json",
        "BodyText2VideoWan21Text2VideoWan21PostJson",
    ),
    ("POST", "/text2video_wan_2_1", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_video_wan_21_text_2_video_wan_21_post_multipart",
        "BodyText2VideoWan21Text2VideoWan21PostMultipart",
    ),
    ("POST", "/text2video_wan_2_6", "application/json"): (
        "dezgo_api.models.body_text_2_video_wan_26_text_2_video_wan_26_post_json",
        "BodyText2VideoWan26Text2VideoWan26PostJson",
    ),
    ("POST", "/text2video_wan_2_6", "multipart/form-data"): (
        "dezgo_api.models.body_text_2_video_wan_26_text_2_video_wan_26_post_multipart",
        "BodyText2VideoWan26Text2VideoWan26PostMultipart",
    ),
    ("POST", "/upscale", "application/json"): (
        "dezgo_api.models.body_upscale_upscale_post_json",
        "BodyUpscaleUpscalePostJson",
    ),
    ("POST", "/upscale", "multipart/form-data"): (
        "dezgo_api.models.body_upscale_upscale_post",
        "BodyUpscaleUpscalePost",
    ),
}

ENDPOINTS: dict[tuple[str, str], str] = {
    ("GET", "/account/tx/last"): "dezgo_api.api.default.last_transaction_account_tx_last_get",
    ("GET", "/info"): "dezgo_api.api.default.info_info_get",
    ("GET", "/unstable/job/{tx_id}"): "dezgo_api.api.default.job_status_unstable_job_tx_id_get",
    ("POST", "/controlnet"): "dezgo_api.api.default.controlnet_controlnet_post",
    ("POST", "/edit-image"): "dezgo_api.api.default.edit_image_edit_image_post",
    ("POST", "/image2image"): "dezgo_api.api.default.image2image_image2image_post",
    (
        "POST",
        "/image2image_flux_2_pro",
    ): "dezgo_api.api.default.image2image_flux_2_pro_image2image_flux_2_pro_post",
    ("POST", "/inpainting"): "dezgo_api.api.default.inpainting_inpainting_post",
    ("POST", "/remove-background"): "dezgo_api.api.default.remove_background_remove_background_post",
    ("POST", "/text-inpainting"): "dezgo_api.api.default.text_inpainting_text_inpainting_post",
    ("POST", "/text2image"): "dezgo_api.api.default.text2image_text2image_post",
    ("POST", "/text2image_flux"): "dezgo_api.api.default.text2image_flux_text2image_flux_post",
    (
        "POST",
        "/text2image_flux_2_pro",
    ): "dezgo_api.api.default.text2image_flux_2_pro_text2image_flux_2_pro_post",
    ("POST", "/text2image_sdxl"): "dezgo_api.api.default.text2image_sdxl_text2image_sdxl_post",
    (
        "POST",
        "/text2image_sdxl_lightning",
    ): "dezgo_api.api.default.text2image_sdxl_lightning_text2image_sdxl_lightning_post",
    ("POST", "/text2video_wan_2_1"): "dezgo_api.api.default.text2video_wan_2_1_text2video_wan_2_1_post",
    ("POST", "/text2video_wan_2_6"): "dezgo_api.api.default.text2video_wan_2_6_text2video_wan_2_6_post",
    ("POST", "/upscale"): "dezgo_api.api.default.upscale_upscale_post",
}
