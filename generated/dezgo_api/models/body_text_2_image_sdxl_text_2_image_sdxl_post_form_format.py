from enum import Enum


class BodyText2ImageSdxlText2ImageSdxlPostFormFormat(str, Enum):
    JPG = "jpg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
