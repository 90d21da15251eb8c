"""presignkit: typed clients for SaaS upload APIs, and one reliable presign -> PUT -> complete call.

Importing presignkit stays cheap: the generated clients, tenacity and anyio load on first use.
"""

from presignkit.errors import (
    AuthenticationError,
    ConfigurationError,
    MalformedResponseError,
    PresignedUrlExpiredError,
    PresignkitError,
    RateLimitedError,
    StorageError,
    TransferError,
    UploadTimeoutError,
    ValidationError,
    VendorError,
)
from presignkit.limits import VendorInfo, vendor_info, vendor_names
from presignkit.retry import RetryPolicy
from presignkit.settings import Flare, Loops, Scripe, Streamloop
from presignkit.uploader import AsyncUploader, Uploader, UploadResult, upload

__all__ = [
    "AsyncUploader",
    "AuthenticationError",
    "ConfigurationError",
    "Flare",
    "Loops",
    "MalformedResponseError",
    "PresignedUrlExpiredError",
    "PresignkitError",
    "RateLimitedError",
    "RetryPolicy",
    "Scripe",
    "StorageError",
    "Streamloop",
    "TransferError",
    "UploadResult",
    "UploadTimeoutError",
    "Uploader",
    "ValidationError",
    "VendorError",
    "VendorInfo",
    "upload",
    "vendor_info",
    "vendor_names",
]
