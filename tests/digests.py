"""Digests computed the way a test checks an upload: from the bytes, with hashlib and google-crc32c
directly, never with presignkit's own code."""

from __future__ import annotations

import hashlib
from pathlib import Path

import google_crc32c

from presignkit.checksums import Checksum, ChecksumAlgorithm


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def crc32c_of(path: Path) -> str:
    """base64 of the big-endian CRC32C, as an upload's default checksum is written."""
    return checksum_of("crc32c", path.read_bytes()).value


def checksum_of(algorithm: ChecksumAlgorithm, data: bytes) -> Checksum:
    if algorithm == "sha256":
        return Checksum("sha256", hashlib.sha256(data).digest())
    return Checksum("crc32c", google_crc32c.Checksum(data).digest())  # type: ignore[no-untyped-call]
