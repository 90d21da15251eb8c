"""The transfer engine: one PUT of a source to a presigned URL, streamed, sync or async.

Rules every PUT follows, because object stores enforce them (research/anchors.md §6):
- an explicit Content-Length, never `Transfer-Encoding: chunked` (S3 answers 501/411 to it);
  httpx would send chunked for a generator body, and an explicit Content-Length stops it;
- exactly the headers the presign requires: the storage client is a separate httpx client with
  no credentials and its default Accept/Accept-Encoding/User-Agent/Connection removed, so the
  store sees Host, Content-Length and the signed headers only (no Authorization leak, no
  unsigned header that could break a signature);
- the body is read in bounded chunks (memory stays flat for any file size) and checksummed as it
  goes (`put.checksum`: crc32c, sha256 or none; presignkit.checksums says why it is not sent);
- each attempt starts from byte 0 with a fresh stream from the source.
"""

from __future__ import annotations

import logging
import queue
import re
from collections.abc import AsyncGenerator, Generator, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx

from presignkit.checksums import Checksum, new_hasher
from presignkit.classify import request_id
from presignkit.errors import (
    PresignedUrlExpiredError,
    PresignkitError,
    StorageError,
    TransferError,
    UploadTimeoutError,
)
from presignkit.readahead import ReadAhead
from presignkit.redact import redact_text, redact_url
from presignkit.retry import RetryPolicy, retry_after_seconds
from presignkit.sources import Reader
from presignkit.workflow.presign import parsed_upload_url
from presignkit.workflow.steps import Put, PutResult

logger = logging.getLogger("presignkit")

OPERATION = "storage.PUT"

_XML_FIELD = re.compile(r"<(Code|Message|RequestId)>(.*?)</\1>", re.DOTALL)


def storage_client(*, timeout: httpx.Timeout, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    client = httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)
    client.headers.clear()  # no default User-Agent/Accept*/Connection: see the module docstring
    return client


def async_storage_client(
    *, timeout: httpx.Timeout, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    client = httpx.AsyncClient(timeout=timeout, transport=transport, follow_redirects=False)
    client.headers.clear()
    return client


def put_headers(put: Put) -> dict[str, str]:
    """The presign's headers plus Content-Length; a signed Content-Length must match the source."""
    headers = {name: value for name, value in put.headers.items() if name.lower() != "content-length"}
    declared = next((v for k, v in put.headers.items() if k.lower() == "content-length"), None)
    if declared is not None and declared.strip() != str(put.source.size):
        raise TransferError(
            f"the presigned URL is signed for Content-Length {declared.strip()} but the source is "
            f"{put.source.size} bytes; the store would reject the signature",
            vendor=put.vendor,
            operation=OPERATION,
        )
    headers["Content-Length"] = str(put.source.size)
    return headers


class _Body:
    """Reads and hashes the bytes of one attempt (on the read-ahead thread), and reports the bytes
    handed to the socket (on the sender's side)."""

    def __init__(self, put: Put, reader: Reader) -> None:
        self.vendor = put.vendor
        source, chunk_size, progress = put.source, put.chunk_size, put.progress
        self.source = source
        self.reader = reader
        self.chunk_size = chunk_size
        self.progress = progress
        self.read = 0
        self.sent = 0
        self.algorithm = put.checksum
        self.hasher = new_hasher(put.checksum) if put.checksum is not None else None

    def read_chunk(self) -> bytes | None:
        """The next chunk, checksummed; None when the source has been read to its declared size."""
        wanted = min(self.chunk_size, self.source.size - self.read)
        if wanted <= 0:
            return None
        chunk = self.reader.read(wanted)
        if not chunk:
            raise TransferError(
                f"the source ({self.source.description}) ended after {self.read} of {self.source.size} "
                "bytes; did it change during the upload?",
                vendor=self.vendor,
                operation=OPERATION,
            )
        if len(chunk) > wanted:  # a reader that ignores the size asked for
            chunk = chunk[:wanted]
        if self.hasher is not None:
            self.hasher.update(chunk)
        self.read += len(chunk)
        return chunk

    def sent_chunk(self, chunk: bytes) -> None:
        self.sent += len(chunk)
        if self.progress is not None:
            self.progress(self.sent, self.source.size)

    def checksum(self) -> Checksum | None:
        if self.algorithm is None or self.hasher is None:
            return None
        return Checksum(self.algorithm, self.hasher.digest())

    @property
    def fits_one_chunk(self) -> bool:
        return self.source.size <= self.chunk_size


def _sync_chunks(body: _Body) -> Generator[bytes]:
    if body.fits_one_chunk:  # nothing to overlap: skip the thread
        while (chunk := body.read_chunk()) is not None:
            yield chunk
            body.sent_chunk(chunk)
        return
    with ReadAhead(body.read_chunk) as ahead:
        while (chunk := ahead.next_chunk()) is not None:
            yield chunk
            body.sent_chunk(chunk)


async def _async_chunks(body: _Body) -> AsyncGenerator[bytes]:
    import anyio.to_thread

    if body.fits_one_chunk and not body.source.blocking:
        while (chunk := body.read_chunk()) is not None:
            yield chunk
            body.sent_chunk(chunk)
        return
    # Reads (blocking disk I/O) and hashing happen on the read-ahead thread; the event loop only
    # waits for it when it has fallen behind the socket.
    with ReadAhead(body.read_chunk) as ahead:
        while True:
            try:
                chunk = ahead.next_chunk_nowait()
            except queue.Empty:
                chunk = await anyio.to_thread.run_sync(ahead.next_chunk)
            if chunk is None:
                return
            yield chunk
            body.sent_chunk(chunk)


def send_put(
    client: httpx.Client,
    put: Put,
    *,
    policy: RetryPolicy,
) -> PutResult:
    """One attempt, read `put.chunk_size` bytes at a time, reporting to `put.progress`.
    Raises a typed error (retryable where a new attempt may succeed)."""
    headers = put_headers(put)
    if logger.isEnabledFor(logging.DEBUG):  # redacting a long presigned URL is not free
        logger.debug("PUT %s (%d bytes)", redact_url(put.url), put.source.size)
    with _open(put) as reader:
        body = _Body(put, reader)
        chunks = _sync_chunks(body)
        try:
            response = client.request(put.method, parsed_upload_url(put.url), content=chunks, headers=headers)
        except httpx.HTTPError as exc:
            raise transport_failure(put, exc, policy) from exc
        finally:
            chunks.close()  # a send that failed halfway leaves it suspended: stop its read-ahead first
    return storage_result(put, response.status_code, response.headers, response.content, body, policy)


async def send_put_async(
    client: httpx.AsyncClient,
    put: Put,
    *,
    policy: RetryPolicy,
) -> PutResult:
    headers = put_headers(put)
    if logger.isEnabledFor(logging.DEBUG):  # redacting a long presigned URL is not free
        logger.debug("PUT %s (%d bytes)", redact_url(put.url), put.source.size)
    with _open(put) as reader:
        body = _Body(put, reader)
        chunks = _async_chunks(body)
        try:
            response = await client.request(
                put.method, parsed_upload_url(put.url), content=chunks, headers=headers
            )
        except httpx.HTTPError as exc:
            raise transport_failure(put, exc, policy) from exc
        finally:
            await chunks.aclose()  # as above: the read-ahead must stop before the source closes
    return storage_result(put, response.status_code, response.headers, response.content, body, policy)


@contextmanager
def _open(put: Put) -> Iterator[Reader]:
    with ExitStack() as stack:
        try:
            reader = stack.enter_context(put.source.open())
        except TransferError as error:  # a stream already read: `sources` knows no vendor, the Put does
            raise TransferError(
                error.message, vendor=put.vendor, operation=OPERATION, retryable=error.retryable
            ) from error
        yield reader


def transport_failure(put: Put, exc: httpx.HTTPError, policy: RetryPolicy) -> PresignkitError:
    # A PUT is idempotent (same bytes, same key): any transient transport failure may be retried.
    where = redact_url(put.url)
    retryable = policy.decide(idempotent=True, exception=exc).transient
    if isinstance(exc, httpx.TimeoutException):
        return UploadTimeoutError(
            f"the PUT to {where} timed out ({type(exc).__name__})",
            vendor=put.vendor,
            operation=OPERATION,
            retryable=retryable,
        )
    return TransferError(
        f"the PUT to {where} failed: {redact_text(str(exc)) or type(exc).__name__} ({type(exc).__name__})",
        vendor=put.vendor,
        operation=OPERATION,
        retryable=retryable,
    )


def storage_result(
    put: Put,
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    body: _Body,
    policy: RetryPolicy,
) -> PutResult:
    if 200 <= status < 300:
        return PutResult(status=status, headers=headers, size=body.sent, checksum=body.checksum())
    fields = dict(_XML_FIELD.findall(content.decode("utf-8", "replace")))
    code = fields.get("Code")
    message = redact_text(fields.get("Message") or content.decode("utf-8", "replace")[:200].strip())
    details: dict[str, Any] = {
        "status": status,
        "code": code,
        "request_id": fields.get("RequestId") or request_id(headers),
        "retry_after": retry_after_seconds(status, headers),
        "operation": OPERATION,
        "vendor": put.vendor,
    }
    where = redact_url(put.url)
    if url_expired(status, code, message):
        raise PresignedUrlExpiredError(
            f"the store refused the PUT to {where}: the URL expired ({message})", **details
        )
    hint = _HINTS.get(code or "", "")
    raise StorageError(
        f"the store refused the PUT to {where} with {status} {code or ''}: {message}{hint}".replace(
            "  ", " "
        ),
        retryable=policy.decide(idempotent=True, status=status).transient,
        **details,
    )


# The answers S3 (and stores that copy it) give for a presigned URL that can no longer be used,
# whatever the cause: the URL's own X-Amz-Expires passed (403 AccessDenied "Request has
# expired"), or the temporary credentials it was signed with expired (400 ExpiredToken "The
# provided token has expired.", 400 TokenRefreshRequired "The provided token must be
# refreshed."; GCS answers an expired signed URL with 400 ExpiredToken too). Sources: the S3 API
# reference, "Error responses" / "List of error codes"; AWS knowledge center "presigned URL
# expiring before the expiration time". A fresh presign is the fix for all of them.
EXPIRED_URL_CODES = frozenset({"ExpiredToken", "TokenRefreshRequired", "RequestExpired"})


def url_expired(status: int, code: str | None, message: str) -> bool:
    if status not in (400, 403):
        return False
    return code in EXPIRED_URL_CODES or "expired" in message.lower()


_HINTS = {
    "SignatureDoesNotMatch": " (a header sent differs from what the URL was signed for)",
    "EntityTooLarge": " (the file is larger than the upload allows)",
    "InvalidArgument": " (the request carried something the presigned URL forbids, e.g. Authorization)",
}
