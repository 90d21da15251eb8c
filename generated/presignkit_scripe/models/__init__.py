"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .api_error_details import ApiErrorDetails
from .create_file_source_request import CreateFileSourceRequest
from .create_text_source_request import CreateTextSourceRequest
from .create_upload_request import CreateUploadRequest
from .error_envelope import ErrorEnvelope
from .hook import Hook
from .job import Job
from .job_progress import JobProgress
from .job_result import JobResult
from .job_single import JobSingle
from .job_status import JobStatus
from .job_type import JobType
from .source import Source
from .source_single import SourceSingle
from .topic import Topic
from .upload import Upload
from .upload_single import UploadSingle

__all__ = (
    "ApiError",
    "ApiErrorDetails",
    "CreateFileSourceRequest",
    "CreateTextSourceRequest",
    "CreateUploadRequest",
    "ErrorEnvelope",
    "Hook",
    "Job",
    "JobProgress",
    "JobResult",
    "JobSingle",
    "JobStatus",
    "JobType",
    "Source",
    "SourceSingle",
    "Topic",
    "Upload",
    "UploadSingle",
)
