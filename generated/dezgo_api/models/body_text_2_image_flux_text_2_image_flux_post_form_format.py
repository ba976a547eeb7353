from enum import Enum


class BodyText2ImageFluxText2ImageFluxPostFormFormat(str, Enum):
    JPG = "jpg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
