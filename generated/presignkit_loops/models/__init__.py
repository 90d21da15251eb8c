"""Contains all the data models used in inputs/outputs"""

from .complete_upload_response import CompleteUploadResponse
from .create_upload_request import CreateUploadRequest
from .create_upload_request_content_type import CreateUploadRequestContentType
from .create_upload_response import CreateUploadResponse
from .upload_failure_response import UploadFailureResponse

__all__ = (
    "CompleteUploadResponse",
    "CreateUploadRequest",
    "CreateUploadRequestContentType",
    "CreateUploadResponse",
    "UploadFailureResponse",
)
