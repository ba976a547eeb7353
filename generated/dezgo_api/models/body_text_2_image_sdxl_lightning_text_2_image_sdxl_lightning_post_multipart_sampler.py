from enum import Enum


class BodyText2ImageSdxlLightningText2ImageSdxlLightningPostMultipartSampler(str, Enum):
    DDIM = "ddim"
    DPM = "dpm"
    DPMPP_2M_KARRAS = "dpmpp_2m_karras"
    DPM_SINGLE = "dpm_single"
    EULER = "euler"
    EULER_A = "euler_a"
    K_LMS = "k_lms"
    PNDM = "pndm"

    def __str__(self) -> str:
        return str(self.value)
