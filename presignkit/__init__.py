"""presignkit: typed clients for SaaS upload APIs, and one reliable presign -> PUT -> complete call.

Importing presignkit stays cheap: the generated clients, tenacity and anyio load on first use.
"""

from presignkit.catalogue import VendorInfo
from presignkit.checksums import Checksum
from presignkit.errors import (
    AuthenticationError,
    ConfigurationError,
    MalformedResponseError,
    PresignedUrlExpiredError,
    PresignkitError,
    RateLimitedError,
    RecordMayExistError,
    StorageError,
    TransferError,
    UploadTimeoutError,
    ValidationError,
    VendorError,
)
from presignkit.retry import RetryPolicy
from presignkit.retry_transport import RetryTransport
from presignkit.uploader import AsyncUploader, Uploader, UploadResult, upload
from presignkit.vendors.flare import Flare
from presignkit.vendors.loops import Loops
from presignkit.vendors.registry import vendor_info, vendor_names
from presignkit.vendors.scripe import Scripe
from presignkit.vendors.streamloop import Streamloop

__all__ = [
    "AsyncUploader",
    "AuthenticationError",
    "Checksum",
    "ConfigurationError",
    "Flare",
    "Loops",
    "MalformedResponseError",
    "PresignedUrlExpiredError",
    "PresignkitError",
    "RateLimitedError",
    "RecordMayExistError",
    "RetryPolicy",
    "RetryTransport",
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
