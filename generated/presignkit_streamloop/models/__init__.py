"""Contains all the data models used in inputs/outputs"""

from .create_upload_request import CreateUploadRequest
from .create_upload_request_type import CreateUploadRequestType
from .problem import Problem
from .upload import Upload
from .upload_type import UploadType

__all__ = (
    "CreateUploadRequest",
    "CreateUploadRequestType",
    "Problem",
    "Upload",
    "UploadType",
)
