"""Local stand-ins for the vendors' upload APIs and their S3-style object store (extra `sandbox`)."""

from presignkit.sandbox.fault_plan import (
    FAULT_SPEC_HELP,
    AddLatency,
    DropConnection,
    ExpireUrls,
    FailRequests,
    FailResponse,
    Fault,
    FaultAction,
    FaultPlan,
    FaultSpecError,
    parse_fault_spec,
)
from presignkit.sandbox.objectstore import (
    DEFAULT_CREDENTIALS,
    DEFAULT_REGION,
    ObjectStore,
    StoredObject,
    UploadExpectation,
)
from presignkit.sandbox.recording import RecordedRequest, RequestLog
from presignkit.sandbox.sandbox import Sandbox
from presignkit.sandbox.serving import ServerStartError, ServerThread, serve
from presignkit.sandbox.sigv4 import Credentials, Verdict, presign_url, verify_presigned

__all__ = [
    "DEFAULT_CREDENTIALS",
    "DEFAULT_REGION",
    "FAULT_SPEC_HELP",
    "AddLatency",
    "Credentials",
    "DropConnection",
    "ExpireUrls",
    "FailRequests",
    "FailResponse",
    "Fault",
    "FaultAction",
    "FaultPlan",
    "FaultSpecError",
    "ObjectStore",
    "RecordedRequest",
    "RequestLog",
    "Sandbox",
    "ServerStartError",
    "ServerThread",
    "StoredObject",
    "UploadExpectation",
    "Verdict",
    "parse_fault_spec",
    "presign_url",
    "serve",
    "verify_presigned",
]
