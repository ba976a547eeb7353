from enum import Enum


class BodyImage2ImageFlux2ProImage2ImageFlux2ProPostJsonFormat(str, Enum):
    JPG = "jpg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
