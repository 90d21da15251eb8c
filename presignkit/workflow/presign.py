"""PUT to a presigned URL, presigning once more if the URL has expired.

A URL can expire before we use it (a slow first attempt, retries, a long queue) and the
store answers 403 "Request has expired"; or the vendor told us when it expires and that moment
has passed. In both cases the fix is a fresh URL, not another attempt with the old one. One fresh
URL only: a second expiry means something else is wrong (a skewed clock), and looping would hide it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Generic, TypeVar

import attrs
import httpx

from presignkit.errors import PresignedUrlExpiredError
from presignkit.headers import header_safe
from presignkit.redact import redact_url
from presignkit.workflow.steps import Checkpoint, Put, PutResult, UploadRequest, Workflow

logger = logging.getLogger("presignkit")
T = TypeVar("T")

# Do not start a PUT on a URL this close to its expiry: the request would race the clock.
EXPIRY_MARGIN_SECONDS = 5.0


@functools.lru_cache(maxsize=256)
def parsed_upload_url(url: str) -> httpx.URL:
    """httpx's parse of a presigned URL, done once: the check below and the PUT share it (a
    presigned URL is long, and httpx's parser looks at each of its characters; ~40 us each time)."""
    return httpx.URL(url)


def _check_url(target: object, attribute: object, url: str) -> None:
    """A vendor's upload URL is used as given, so it must be an absolute http(s) URL. ValueError,
    because the drivers turn a workflow's ValueError into a MalformedResponseError."""
    try:
        parsed = parsed_upload_url(url) if isinstance(url, str) else None
    except (httpx.InvalidURL, ValueError, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"the upload URL {redact_url(str(url))[:200]!r} is not an absolute http(s) URL")


def _check_headers(target: object, attribute: object, headers: Mapping[str, str]) -> None:
    """The presign's headers are sent as given: each name and value must be a str a header can
    carry (printable ASCII; no CR or LF), else httpx would raise its own error mid-PUT."""
    for name, value in headers.items():
        for text in (name, value):
            if not (isinstance(text, str) and header_safe(text)):
                raise ValueError(f"the upload header {name!r} is not a header a request can carry")


@attrs.frozen
class UploadTarget(Generic[T]):
    """Where and how to PUT, and the vendor record that came with it (e.g. the Loops asset)."""

    record: T
    url: str = attrs.field(validator=_check_url)
    headers: Mapping[str, str] = attrs.field(validator=_check_headers)
    method: str = "PUT"
    expires_at: datetime | None = None


def put_with_one_represign(
    presign: Callable[[], Workflow[UploadTarget[T]]],
    request: UploadRequest,
    target: UploadTarget[T] | None = None,  # a target presigned already
) -> Workflow[tuple[UploadTarget[T], PutResult]]:
    if target is None:
        target = yield from presign()
    represigned = False
    while True:
        if not represigned and _expired(target.expires_at, request.now()):
            logger.info("upload URL %s expired before the PUT; presigning again", redact_url(target.url))
            represigned = True
            target = yield from presign()
            continue
        try:
            result: PutResult = yield Put(
                target.url,
                target.method,
                target.headers,
                request.source,
                chunk_size=request.chunk_size,
                progress=request.progress,
                vendor=request.settings.vendor,
                checksum=request.checksum,
            )
        except PresignedUrlExpiredError:
            if represigned:
                raise
            logger.info("the store says upload URL %s expired; presigning again", redact_url(target.url))
            represigned = True
            target = yield from presign()
            continue
        yield Checkpoint(put=result)
        return target, result


def _expired(expires_at: datetime | None, now: float) -> bool:
    if expires_at is None or expires_at.tzinfo is None:  # a naive time cannot be compared safely
        return False
    return expires_at.timestamp() - EXPIRY_MARGIN_SECONDS <= now
