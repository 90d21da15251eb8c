from enum import StrEnum


class CreateUploadRequestContentType(StrEnum):
    GIF = "image/gif"
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"

    def __str__(self) -> str:
        return str(self.value)
