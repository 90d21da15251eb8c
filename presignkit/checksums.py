"""The checksum an upload computes over the bytes it sends: `checksum="crc32c" | "sha256" | None`.

The default is crc32c, from measurements (bench/RESULTS.md): on one stream sha256 runs at
~1 GiB/s even with the CPU's SHA instructions, which caps a checksumming upload below curl's
throughput and costs ~0.6 CPU-s per GiB on its own; CRC32C (google-crc32c, the CPU's CRC32
instruction) runs at ~6-20 GiB/s, so the upload is bound by the socket instead. CRC32C detects
accidental corruption (any error burst of up to 32 bits, and other errors with probability
1 - 2^-32) but is no defence against deliberate tampering; choose sha256 for a cryptographic
digest of the content, e.g. to compare with one published elsewhere.

Values are written as S3 writes its `x-amz-checksum-<algorithm>` values: base64 of the
big-endian digest.

Why the value is not sent to the store: S3 requires every x-amz-* header of a presigned request
to be signed ("Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", S3 API
reference: X-Amz-SignedHeaders must list "any x-amz-* headers that you plan to add to the
request"), and refuses an unsigned one with 403 AccessDenied "There were headers present in the
request which were not signed" (LocalStack's S3 does the same: `nox -s s3`, case "unsigned
x-amz-checksum-sha256"). A signed checksum header carries a value fixed when the URL is minted,
and none of the four vendors' presign calls takes a checksum to sign, so the facade computes the
checksum locally only; a presign that hands over a checksum header is sent as given, like every
header it requires (the store then checks the bytes).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Literal, Protocol, get_args

import attrs

from presignkit.errors import ValidationError

ChecksumAlgorithm = Literal["crc32c", "sha256"]
ALGORITHMS: tuple[ChecksumAlgorithm, ...] = get_args(ChecksumAlgorithm)
DEFAULT_CHECKSUM: ChecksumAlgorithm = "crc32c"


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...


@attrs.frozen
class Checksum:
    """A checksum of the bytes an upload sent."""

    algorithm: ChecksumAlgorithm
    digest: bytes = attrs.field(repr=False)

    @property
    def value(self) -> str:
        """base64 of the big-endian digest, as S3's x-amz-checksum-<algorithm> header."""
        return base64.b64encode(self.digest).decode("ascii")

    @property
    def hexdigest(self) -> str:
        return self.digest.hex()

    def __str__(self) -> str:
        return f"{self.algorithm}:{self.value}"

    @classmethod
    def parse(cls, text: str) -> Checksum:
        """The checksum `str()` wrote, e.g. `crc32c:yZRlqg==`."""
        name, _, value = text.partition(":")
        algorithm = checked_algorithm(name)
        if algorithm is None:
            raise ValueError(f"{text!r} names no checksum algorithm")
        return cls(algorithm, base64.b64decode(value, validate=True))


def new_hasher(algorithm: ChecksumAlgorithm) -> Hasher:
    if algorithm == "crc32c":
        import google_crc32c  # on first use: `import presignkit` stays cheap

        crc: Hasher = google_crc32c.Checksum()  # type: ignore[no-untyped-call]  # its __init__ is unannotated
        return crc
    return hashlib.sha256()


def checked_algorithm(checksum: object) -> ChecksumAlgorithm | None:
    """`checksum` as given to upload(): an algorithm's name or None; anything else is a
    ValidationError naming what is accepted (raised before any network call)."""
    if checksum is None:
        return None
    if isinstance(checksum, str) and checksum.lower() in ALGORITHMS:
        name: ChecksumAlgorithm = "crc32c" if checksum.lower() == "crc32c" else "sha256"
        return name
    accepted = ", ".join(repr(a) for a in ALGORITHMS)
    raise ValidationError(
        f"checksum={checksum!r} is not a checksum presignkit computes; accepted: {accepted} or None"
    )
