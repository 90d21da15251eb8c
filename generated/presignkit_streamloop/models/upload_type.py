from enum import StrEnum


class UploadType(StrEnum):
    AUDIO = "audio"
    IMAGE = "image"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
