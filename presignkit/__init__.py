"""presignkit: typed clients for SaaS upload APIs, and one reliable presign -> PUT -> complete call.

Importing presignkit stays cheap: the generated clients, tenacity and anyio load on first use.
"""

from typing import TYPE_CHECKING

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
from presignkit.results import UploadResult
from presignkit.retry import RetryPolicy
from presignkit.uploader import AsyncUploader, Uploader, upload
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

if TYPE_CHECKING:
    from presignkit.retry_transport import RetryTransport


def __getattr__(name: str) -> object:
    # RetryTransport subclasses httpx's transports, so importing it imports httpx (and, where click
    # and rich are installed, httpx's own command line): re-exported on first use, so that
    # `import presignkit` and `presignkit --help` stay cheap (bench/RESULTS.md).
    if name == "RetryTransport":
        from presignkit.retry_transport import RetryTransport

        return RetryTransport
    raise AttributeError(f"module 'presignkit' has no attribute {name!r}")
