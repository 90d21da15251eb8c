"""S3's additional checksums on a PUT: the `x-amz-checksum-<algorithm>` header a request carries,
and the digest to check it against, computed while the body streams in.

As S3 (PutObject in the S3 API reference; "Checking object integrity" in the S3 user guide):
the value is the base64 of the big-endian digest; at most one such header per request
(400 InvalidRequest); a value that is not base64 of the algorithm's digest size is 400
InvalidRequest "Value for x-amz-checksum-<algorithm> header is invalid."; a digest that differs
from the body's is 400 BadDigest "The <ALGORITHM> you specified did not match the calculated
checksum." and nothing is stored. `x-amz-sdk-checksum-algorithm` without a matching checksum
header is 400 InvalidRequest; naming another algorithm than the header's is 400 BadDigest.

On a presigned PUT these headers are x-amz-* headers, so they must be signed like any other:
the SigV4 check (sigv4.py) refuses an unsigned one before this module is asked.

Supported: crc32, crc32c, sha1, sha256. S3's crc64nvme is not (no maintained Python package
here): a PUT carrying it is refused with 501 NotImplemented rather than stored unverified.

This is the store's own implementation, separate from the facade's (presignkit.checksums), so
that a mistake in one is caught by tests running the other.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Callable, Mapping
from typing import Protocol

import attrs
import google_crc32c

HEADER_PREFIX = "x-amz-checksum-"
SDK_ALGORITHM_HEADER = "x-amz-sdk-checksum-algorithm"
UNSUPPORTED = frozenset({"crc64nvme"})


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...


class _Crc32:
    """zlib's CRC-32 with a hasher's interface (zlib offers only a running function)."""

    def __init__(self) -> None:
        self._value = 0

    def update(self, data: bytes, /) -> None:
        self._value = zlib.crc32(data, self._value)

    def digest(self) -> bytes:
        return self._value.to_bytes(4, "big")


# algorithm -> (a new hasher, the digest's size in bytes)
ALGORITHMS: dict[str, tuple[Callable[[], Hasher], int]] = {
    "crc32": (_Crc32, 4),
    "crc32c": (google_crc32c.Checksum, 4),
    "sha1": (lambda: hashlib.sha1(usedforsecurity=False), 20),
    "sha256": (hashlib.sha256, 32),
}


class ChecksumHeaderError(Exception):
    """The checksum headers are malformed; `status` and `code` are S3's answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@attrs.frozen
class ChecksumClaim:
    """The checksum a PUT says its body has."""

    algorithm: str  # lower case, as in the header name: "crc32c"
    digest: bytes

    @property
    def header(self) -> str:
        return HEADER_PREFIX + self.algorithm

    @property
    def value(self) -> str:
        """As S3 sends and stores it: base64 of the digest."""
        return base64.b64encode(self.digest).decode("ascii")

    def hasher(self) -> Hasher:
        return ALGORITHMS[self.algorithm][0]()

    def mismatch(self) -> ChecksumHeaderError:
        return ChecksumHeaderError(
            400,
            "BadDigest",
            f"The {self.algorithm.upper()} you specified did not match the calculated checksum.",
        )


def claimed_checksum(headers: Mapping[str, str]) -> ChecksumClaim | None:
    """The checksum the (lower-cased) `headers` claim, None when they claim none; raises
    ChecksumHeaderError for what S3 refuses before reading the body."""
    named = {
        name.removeprefix(HEADER_PREFIX): value
        for name, value in headers.items()
        if name.startswith(HEADER_PREFIX) and name.removeprefix(HEADER_PREFIX) in (*ALGORITHMS, *UNSUPPORTED)
    }
    sdk_algorithm = headers.get(SDK_ALGORITHM_HEADER, "").strip().lower()
    if len(named) > 1:
        raise ChecksumHeaderError(
            400,
            "InvalidRequest",
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
        )
    if not named:
        if sdk_algorithm and "x-amz-trailer" not in headers:
            raise ChecksumHeaderError(
                400,
                "InvalidRequest",
                "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or "
                "x-amz-trailer headers were found.",
            )
        return None
    ((algorithm, value),) = named.items()
    if algorithm in UNSUPPORTED:
        raise ChecksumHeaderError(
            501, "NotImplemented", f"The sandbox store cannot verify {HEADER_PREFIX}{algorithm}"
        )
    try:
        digest = base64.b64decode(value.strip(), validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != ALGORITHMS[algorithm][1]:
        raise ChecksumHeaderError(
            400, "InvalidRequest", f"Value for {HEADER_PREFIX}{algorithm} header is invalid."
        )
    claim = ChecksumClaim(algorithm, digest)
    if sdk_algorithm and sdk_algorithm != algorithm:
        raise claim.mismatch()
    return claim
