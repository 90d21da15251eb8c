"""A strict S3-style object store: presigned PUT verified as S3 does, public GET and HEAD.

It plays the vendors' storage host. Vendor stand-ins mint URLs with `ObjectStore.presign_put`
and register their own policy for a key with `ObjectStore.expect` before handing a URL out;
tests read back what arrived with `ObjectStore.object` and `ObjectStore.requests`.

Serve `store.app` on its own port (a different origin from the vendor stand-ins), then tell the
store where it lives so the URLs it mints point there:

    store = ObjectStore(tmp_path)
    with serve(store.app) as base_url:
        store.base_url = base_url
        url = store.presign_put("bucket", "key.png", content_type="image/png")
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import quote

import attrs
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Scope

from presignkit.sandbox import s3xml
from presignkit.sandbox._asgi import FAULT_ACTION_KEY, drain_body, joined_headers, note_error_code
from presignkit.sandbox.checksums import ChecksumClaim, ChecksumHeaderError, claimed_checksum
from presignkit.sandbox.fault_middleware import InjectFaults
from presignkit.sandbox.fault_plan import FaultAction, FaultPlan
from presignkit.sandbox.recording import RecordedRequest, RecordRequests, RequestLog
from presignkit.sandbox.sigv4 import Credentials, Verdict, presign_url, verify_presigned
from presignkit.sandbox.spooling import BodyTooLong, SpooledBody, spool_body

DEFAULT_CREDENTIALS = Credentials("AKIASANDBOXSTORE0001", "sandbox/store/secret/access/key/0001")
DEFAULT_REGION = "us-east-1"
DEFAULT_CONTENT_TYPE = "binary/octet-stream"  # what S3 records when a PUT carries none
_BUCKET_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ALL_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]
_ONE_AUTH_MECHANISM = (
    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query "
    "string parameter or the Authorization header should be specified"
)


@attrs.frozen
class StoredObject:
    """An object as stored: its bytes live in `path` (read them with `read_bytes` or `open`)."""

    bucket: str
    key: str
    size: int
    sha256: str  # hex
    md5: str  # hex
    content_type: str
    path: Path
    # The x-amz-checksum-<algorithm> the PUT carried and the store verified, as S3 keeps it.
    checksum_algorithm: str | None = None  # "crc32c", "sha256", ...
    checksum: str | None = None  # base64 of the digest

    @property
    def etag(self) -> str:
        """As S3 for a single-part upload: the hex MD5 in double quotes."""
        return f'"{self.md5}"'

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def open(self) -> BinaryIO:
        return self.path.open("rb")


@attrs.frozen
class UploadExpectation:
    """A vendor's policy for one key, registered before the vendor hands out its URL."""

    max_size: int | None = None
    single_use: bool = False


class ObjectStore:
    """The store's state and its ASGI app (`app`). Thread-safe: the app runs on the server's
    thread while tests call the methods from theirs."""

    def __init__(
        self,
        spool_dir: str | os.PathLike[str] | None = None,
        *,
        credentials: Credentials = DEFAULT_CREDENTIALS,
        region: str = DEFAULT_REGION,
        faults: FaultPlan | None = None,
        clock: Callable[[], datetime] | None = None,
        base_url: str | None = None,
    ) -> None:
        """`spool_dir`: where uploaded bodies are written (a temporary directory, removed by
        `close()`, when None). `faults`: the plan for routes `store.put`, `store.get`,
        `store.head` (a fresh plan when None). `clock`: the store's notion of now (aware UTC)."""
        self._own_spool = spool_dir is None
        self._spool = Path(tempfile.mkdtemp(prefix="presignkit-store-") if spool_dir is None else spool_dir)
        (self._spool / "incoming").mkdir(parents=True, exist_ok=True)
        (self._spool / "objects").mkdir(parents=True, exist_ok=True)
        self.credentials = credentials
        self.region = region
        self.faults = faults if faults is not None else FaultPlan()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._base_url = base_url.rstrip("/") if base_url else None
        self._lock = threading.Lock()
        self._objects: dict[tuple[str, str], StoredObject] = {}
        self._expectations: dict[tuple[str, str], UploadExpectation] = {}
        self._used_single_use: set[tuple[str, str]] = set()
        self._log = RequestLog()
        self.app: ASGIApp = RecordRequests(
            InjectFaults(
                Starlette(routes=[Route("/{path:path}", self._dispatch, methods=_ALL_METHODS)]),
                self.faults,
                route_for=_route_for,
                render_error=_render_s3_error,
            ),
            self._log,
        )

    # -- where the store lives -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError(
                "the store does not know its URL yet: set store.base_url to the URL it is served "
                "at (the value serve(store.app) yields) before minting URLs"
            )
        return self._base_url

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_url = value.rstrip("/")

    def object_url(self, bucket: str, key: str) -> str:
        """The public (unsigned) URL of an object, path-style."""
        _check_bucket(bucket)
        if not key:
            raise ValueError("key must not be empty")
        return f"{self.base_url}/{bucket}/{quote(key, safe='/~')}"

    # -- the vendor stand-ins' side ----------------------------------------------------------

    def presign_put(
        self,
        bucket: str,
        key: str,
        *,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Mapping[str, str] | None = None,
        expires_in: int = 3600,
        now: datetime | None = None,
    ) -> str:
        """Mint a presigned PUT URL for `bucket`/`key` with the store's credentials.

        `content_type` and `content_length`, when given, are signed, so the PUT must carry
        exactly those values; `headers` are further headers to sign (e.g. `x-amz-meta-*`).
        """
        signed: dict[str, str] = {name.lower(): value for name, value in (headers or {}).items()}
        if content_type is not None:
            signed["content-type"] = content_type
        if content_length is not None:
            if content_length < 0:
                raise ValueError(f"content_length={content_length}: accepted is a byte count >= 0")
            signed["content-length"] = str(content_length)
        return presign_url(
            "PUT",
            self.object_url(bucket, key),
            credentials=self.credentials,
            region=self.region,
            expires_in=expires_in,
            signed_headers=signed,
            now=now if now is not None else self._clock(),
        )

    def expect(self, bucket: str, key: str, *, max_size: int | None = None, single_use: bool = False) -> None:
        """Register the vendor's policy for `bucket`/`key`: bodies larger than `max_size` get 400
        EntityTooLarge; with `single_use`, a PUT after one that succeeded gets 403 AccessDenied."""
        _check_bucket(bucket)
        if max_size is not None and max_size < 0:
            raise ValueError(f"max_size={max_size}: accepted is a byte count >= 0, or None")
        with self._lock:
            self._expectations[(bucket, key)] = UploadExpectation(max_size, single_use)
            self._used_single_use.discard((bucket, key))

    # -- the tests' side ---------------------------------------------------------------------

    def object(self, bucket: str, key: str) -> StoredObject:
        with self._lock:
            found = self._objects.get((bucket, key))
            stored = sorted(f"{b}/{k}" for b, k in self._objects)
        if found is None:
            raise KeyError(f"no object {bucket}/{key} in the store; it holds: {stored or 'nothing'}")
        return found

    def objects(self) -> list[StoredObject]:
        with self._lock:
            return list(self._objects.values())

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request the store received, oldest first, exactly as it arrived."""
        return self._log.snapshot()

    def wait_idle(self, timeout: float = 10.0) -> list[RecordedRequest]:
        """`requests`, once the store has finished handling all of them. Use it after a client
        saw a transport error: the client can learn of it before the store is done."""
        return self._log.wait_idle(timeout)

    def reset(self) -> None:
        """Forget objects, expectations and recorded requests, and the faults of routes `store`
        and below. Keeps credentials and the URL."""
        with self._lock:
            paths = [stored.path for stored in self._objects.values()]
            self._objects.clear()
            self._expectations.clear()
            self._used_single_use.clear()
        for path in paths:
            path.unlink(missing_ok=True)
        self._log.clear()
        self.faults.clear("store")

    def close(self) -> None:
        """Remove the spool directory if the store created it."""
        if self._own_spool:
            shutil.rmtree(self._spool, ignore_errors=True)

    def __enter__(self) -> ObjectStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- the app ---------------------------------------------------------------------------

    async def _dispatch(self, request: Request) -> Response:
        # The decoded path from the scope: request.url would re-parse it, and keys may hold '?'.
        bucket, _, key = str(request.scope["path"]).removeprefix("/").partition("/")
        method = request.method
        if not bucket or not key:
            await drain_body(request.receive)
            return _error(request, 400, "InvalidRequest", "This store serves path-style /<bucket>/<key> only")
        if method == "PUT":
            return await self._put(request, bucket, key)
        if method in ("GET", "HEAD"):
            return self._get(request, bucket, key)
        await drain_body(request.receive)
        return _error(
            request, 405, "MethodNotAllowed", "The specified method is not allowed against this resource."
        )

    def _get(self, request: Request, bucket: str, key: str) -> Response:
        with self._lock:
            stored = self._objects.get((bucket, key))
        if stored is None:
            return _error(request, 404, "NoSuchKey", "The specified key does not exist.", (("Key", key),))
        headers = {"etag": stored.etag, "x-amz-request-id": s3xml.new_request_id()}
        # As S3: the stored checksum is returned only when asked for.
        if stored.checksum_algorithm and request.headers.get("x-amz-checksum-mode", "").upper() == "ENABLED":
            headers[f"x-amz-checksum-{stored.checksum_algorithm}"] = stored.checksum or ""
        return FileResponse(stored.path, media_type=stored.content_type, headers=headers)

    async def _put(self, request: Request, bucket: str, key: str) -> Response:
        rejection = self._check_put(request, bucket, key)
        if rejection is not None:
            await drain_body(request.receive)
            return rejection
        try:
            # After the signature check: on a presigned PUT these headers must be signed, as any
            # x-amz-* header (S3 API reference, sigv4-query-string-auth: X-Amz-SignedHeaders).
            claim = claimed_checksum(joined_headers(request.scope))
        except ChecksumHeaderError as error:
            await drain_body(request.receive)
            return _error(request, error.status, error.code, str(error))
        declared = int(request.headers["content-length"])
        expectation = self._expectation(bucket, key)
        if expectation.single_use and not self._reserve_single_use(bucket, key):
            await drain_body(request.receive)
            return _error(
                request,
                403,
                "AccessDenied",
                "Access Denied: this upload URL is single-use and was already used",
            )
        outcome = await self._receive_body(request, declared, claim)
        if isinstance(outcome, Response):
            self._release_single_use(bucket, key, expectation)
            return outcome
        stored = StoredObject(
            bucket=bucket,
            key=key,
            size=outcome.size,
            sha256=outcome.sha256,
            md5=outcome.md5,
            content_type=request.headers.get("content-type", DEFAULT_CONTENT_TYPE),
            path=self._spool / "objects" / outcome.path.name,
            checksum_algorithm=claim.algorithm if claim else None,
            checksum=claim.value if claim else None,
        )
        os.replace(outcome.path, stored.path)
        with self._lock:
            replaced = self._objects.get((bucket, key))
            self._objects[(bucket, key)] = stored
        if replaced is not None:
            replaced.path.unlink(missing_ok=True)
        return Response(
            status_code=200, headers={"etag": stored.etag, "x-amz-request-id": s3xml.new_request_id()}
        )

    def _check_put(self, request: Request, bucket: str, key: str) -> Response | None:
        """Everything S3 checks before it reads a body; None when the PUT may proceed."""
        scope = request.scope
        headers = joined_headers(scope)
        presigned = "X-Amz-Algorithm" in request.query_params
        if presigned and "authorization" in headers:
            return _error(
                request, 400, "InvalidArgument", _ONE_AUTH_MECHANISM,
                (("ArgumentName", "Authorization"), ("ArgumentValue", _redacted(headers["authorization"]))),
            )  # fmt: skip
        if not presigned:
            message = (
                "This store accepts presigned (query-string SigV4) PUTs only"
                if "authorization" in headers
                else "Access Denied"
            )
            return _error(request, 403, "AccessDenied", message)
        if "transfer-encoding" in headers:
            return _error(
                request, 501, "NotImplemented",
                "A header you provided implies functionality that is not implemented",
                (("Header", "Transfer-Encoding"),),
            )  # fmt: skip
        if "content-length" not in headers:
            return _error(
                request, 411, "MissingContentLength", "You must provide the Content-Length HTTP header."
            )
        if not headers["content-length"].strip().isdigit():
            return _error(request, 400, "InvalidArgument", "Content-Length must be a whole number of bytes")
        fault: FaultAction = scope.get(FAULT_ACTION_KEY, FaultAction())
        if fault.expire_url:
            return _error(request, 403, "AccessDenied", "Request has expired")
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        verdict = verify_presigned(
            "PUT",
            raw_path.decode("latin-1"),
            scope.get("query_string", b"").decode("latin-1"),
            headers,
            secret_for_access_key=self._secret_for,
            now=self._clock(),
            region=self.region,
        )
        if not verdict.ok:
            return _verdict_error(request, verdict)
        if not _BUCKET_PATTERN.match(bucket):
            return _error(request, 400, "InvalidBucketName", "The specified bucket is not valid.")
        expectation = self._expectation(bucket, key)
        declared = int(headers["content-length"])
        if expectation.max_size is not None and declared > expectation.max_size:
            return _entity_too_large(request, declared, expectation.max_size)
        return None

    async def _receive_body(
        self, request: Request, declared: int, claim: ChecksumClaim | None
    ) -> SpooledBody | Response:
        """Stream the body to a spool file, hashing as it goes (bodies can be gigabytes); with a
        checksum claimed, refuse a body whose digest differs (400 BadDigest, nothing stored)."""
        incoming = self._spool / "incoming" / secrets.token_hex(16)
        try:
            spooled = await spool_body(
                request.stream(), incoming, max_size=declared, checksum=claim.hasher() if claim else None
            )
        except ClientDisconnect:
            incoming.unlink(missing_ok=True)
            note_error_code(request.scope, "IncompleteBody")
            # Nobody is listening any more; the response only ends the app's call cleanly.
            return _error(request, 400, "IncompleteBody", "The client closed the connection mid-body")
        except BodyTooLong:
            incoming.unlink(missing_ok=True)
            await drain_body(request.receive)
            return _incomplete_body(request)
        if spooled.size != declared:
            incoming.unlink(missing_ok=True)
            return _incomplete_body(request)
        if claim is not None and spooled.checksum != claim.digest:
            incoming.unlink(missing_ok=True)
            mismatch = claim.mismatch()
            return _error(request, mismatch.status, mismatch.code, str(mismatch))
        return spooled

    def _expectation(self, bucket: str, key: str) -> UploadExpectation:
        with self._lock:
            return self._expectations.get((bucket, key), UploadExpectation())

    def _reserve_single_use(self, bucket: str, key: str) -> bool:
        with self._lock:
            if (bucket, key) in self._used_single_use:
                return False
            self._used_single_use.add((bucket, key))
            return True

    def _release_single_use(self, bucket: str, key: str, expectation: UploadExpectation) -> None:
        # A PUT that did not store anything has not used up the slot; the client may retry.
        if expectation.single_use:
            with self._lock:
                self._used_single_use.discard((bucket, key))

    def _secret_for(self, access_key_id: str) -> str | None:
        if access_key_id == self.credentials.access_key_id:
            return self.credentials.secret_access_key
        return None


FAULT_ROUTES = ("store.put", "store.get", "store.head", "store.other")


def _route_for(scope: Scope) -> str:
    method = str(scope["method"]).lower()
    return f"store.{method}" if method in ("put", "get", "head") else "store.other"


def _render_s3_error(status: int) -> tuple[bytes, list[tuple[str, str]]]:
    request_id = s3xml.new_request_id()
    return s3xml.default_error_body(status, request_id), [
        ("content-type", s3xml.XML_MEDIA_TYPE),
        ("x-amz-request-id", request_id),
    ]


def _redacted(authorization: str) -> str:
    # S3 echoes the header; the echo keeps only the scheme so a leaked API key does not end up
    # in error bodies and the test logs that print them.
    scheme = authorization.split(" ", 1)[0]
    return f"{scheme} [redacted]" if " " in authorization else "[redacted]"


def _check_bucket(bucket: str) -> None:
    if not _BUCKET_PATTERN.match(bucket):
        raise ValueError(
            f"bucket {bucket!r}: accepted is an S3 bucket name, 3-63 characters of a-z, 0-9, '.' and '-'"
        )


def _error(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: tuple[tuple[str, str], ...] = (),
) -> Response:
    request_id = s3xml.new_request_id()
    note_error_code(request.scope, code)
    body = b"" if request.method == "HEAD" else s3xml.error_body(code, message, request_id, details)
    return Response(
        body,
        status_code=status,
        media_type=s3xml.XML_MEDIA_TYPE,
        headers={"x-amz-request-id": request_id},
    )


def _verdict_error(request: Request, verdict: Verdict) -> Response:
    return _error(request, verdict.status, verdict.code or "AccessDenied", verdict.message, verdict.details)


def _incomplete_body(request: Request) -> Response:
    return _error(
        request,
        400,
        "IncompleteBody",
        "You did not provide the number of bytes specified by the Content-Length HTTP header",
    )


def _entity_too_large(request: Request, declared: int, max_size: int) -> Response:
    return _error(
        request,
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size",
        (("ProposedSize", str(declared)), ("MaxSizeAllowed", str(max_size))),
    )
