from enum import Enum


class BodyText2ImageText2ImagePostJsonFormat(str, Enum):
    JPG = "jpg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
