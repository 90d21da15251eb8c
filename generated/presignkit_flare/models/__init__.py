"""Contains all the data models used in inputs/outputs"""

from .create_video_request import CreateVideoRequest
from .created_video import CreatedVideo
from .flare_error import FlareError
from .presign_video_upload_request import PresignVideoUploadRequest
from .presigned_upload import PresignedUpload
from .presigned_upload_headers import PresignedUploadHeaders
from .video import Video
from .video_list import VideoList

__all__ = (
    "CreatedVideo",
    "CreateVideoRequest",
    "FlareError",
    "PresignedUpload",
    "PresignedUploadHeaders",
    "PresignVideoUploadRequest",
    "Video",
    "VideoList",
)
