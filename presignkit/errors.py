"""The one error hierarchy of presignkit.

Every vendor's error shape (RFC 7807 problems, Loops failure bodies, Flare's {error, message},
Scripe's {error: {...}} envelope, bare status codes) and every storage or transport failure
becomes one of these, carrying the same attributes, so callers branch on a type and read fields
rather than parse vendor text. Messages say what was wrong and what is accepted, and never hold
a key or a presigned URL's signature (see `presignkit.redact`).

    PresignkitError
    ├── ConfigurationError        missing/malformed key, missing workspace id, bad base URL
    ├── ValidationError           pre-flight: missing file, directory, empty, unsupported type,
    │                             too large, bad option
    ├── VendorError               the vendor API answered an error
    │   ├── AuthenticationError   401/403
    │   ├── RateLimitedError      429 after retries
    │   ├── MalformedResponseError  not JSON, an HTML page, a missing field
    │   └── RecordMayExistError   a non-idempotent create failed after it reached the vendor
    │                             (5xx, timeout, reset): not sent again, retryable by the user
    ├── StorageError              the object store refused the PUT (S3 code/message)
    │   └── PresignedUrlExpiredError
    ├── TransferError             connection failures after retries; a non-rewindable source can't be retried
    └── UploadTimeoutError        timeouts after retries; a job that did not finish in time
"""

from __future__ import annotations

from typing import Any


class PresignkitError(Exception):
    """Base class. Attributes are None where they do not apply.

    vendor: "streamloop" | "loops" | "flare" | "scripe" (or None before a vendor is known)
    status: the HTTP status that caused the error (vendor API or object store)
    code: the machine-readable code the vendor or the store gave (e.g. "WORKSPACE_REQUIRED", "AccessDenied")
    message: what was wrong, and what is accepted
    request_id: the vendor's or the store's request id, for support tickets
    retry_after: seconds the server asked us to wait (Retry-After / rate-limit reset), if it said
    operation: the step that failed, e.g. "loops.createUpload" or "storage.PUT"
    retryable: the failure was transient (a later attempt may succeed); set by
        `RetryPolicy.decide`, which also decides whether presignkit sends the request again
    """

    def __init__(
        self,
        message: str,
        *,
        vendor: str | None = None,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        operation: str | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.vendor = vendor
        self.status = status
        self.code = code
        self.request_id = request_id
        self.retry_after = retry_after
        self.operation = operation
        self.retryable = retryable

    def __str__(self) -> str:
        context = [
            f"{name}={value}"
            for name, value in (
                ("vendor", self.vendor),
                ("operation", self.operation),
                ("status", self.status),
                ("code", self.code),
                ("request_id", self.request_id),
                ("retry_after", self.retry_after),
            )
            if value is not None
        ]
        return f"{self.message} ({', '.join(context)})" if context else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes would be lost by Exception's default pickling (by args).
        return (_rebuild, (type(self), self.message, self._fields()))

    def _fields(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "status": self.status,
            "code": self.code,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
            "operation": self.operation,
            "retryable": self.retryable,
        }


def _rebuild(cls: type[PresignkitError], message: str, fields: dict[str, Any]) -> PresignkitError:
    return cls(message, **fields)


class ConfigurationError(PresignkitError):
    """A missing or malformed key, a missing workspace id, a bad base URL: fix the settings."""


class ValidationError(PresignkitError):
    """Found before any network call: missing file, directory, empty file, unsupported content
    type, too large for the vendor, or a bad option."""


class VendorError(PresignkitError):
    """The vendor's API answered with an error."""


class AuthenticationError(VendorError):
    """401/403 from the vendor's API: the key is wrong, revoked, or lacks the scope or plan."""


class RateLimitedError(VendorError):
    """429 from the vendor's API, still after every retry the policy allowed."""


class MalformedResponseError(VendorError):
    """The vendor answered something presignkit cannot read: not JSON, an HTML page, a missing
    field, an undocumented status."""


class RecordMayExistError(VendorError):
    """A create that cannot be made idempotent (Loops createUpload, Flare createVideo) failed
    after the request reached the vendor: a 5xx, or a timeout or dropped connection once it was
    sent. The vendor may have created the record anyway, so presignkit did not send it again
    (that could make a second one). `retryable` is True: retrying is the caller's decision, after
    checking for the record. `status` is None when no answer came."""


class StorageError(PresignkitError):
    """The object store refused the PUT; `code` and `message` are S3's."""


class PresignedUrlExpiredError(StorageError):
    """The presigned URL had expired (by the store's answer or by the vendor's expiresAt)."""


class TransferError(PresignkitError):
    """The connection failed (after retries), or the source could not be read again for a retry."""


class UploadTimeoutError(PresignkitError):
    """A request timed out (after retries), or a vendor job did not finish before the deadline."""
