from enum import Enum


class BodyControlnetControlnetPostControlModel2(str, Enum):
    LINEART = "lineart"
    OPENPOSE = "openpose"
    SCRIBBLE = "scribble"

    def __str__(self) -> str:
        return str(self.value)
