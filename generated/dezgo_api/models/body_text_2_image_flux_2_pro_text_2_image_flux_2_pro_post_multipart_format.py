from enum import Enum


class BodyText2ImageFlux2ProText2ImageFlux2ProPostMultipartFormat(str, Enum):
    JPG = "jpg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
