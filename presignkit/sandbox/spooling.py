"""Write a request body to disk while hashing it, without holding it in memory."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable
from pathlib import Path

import attrs

from presignkit.sandbox.checksums import Hasher


@attrs.frozen
class SpooledBody:
    path: Path
    size: int
    sha256: str  # hex
    md5: str  # hex
    checksum: bytes | None = None  # the digest of the `checksum` hasher, when one was given


class BodyTooLong(Exception):
    """More bytes arrived than the caller allowed; reading stopped there."""


async def spool_body(
    chunks: AsyncIterable[bytes], path: Path, *, max_size: int, checksum: Hasher | None = None
) -> SpooledBody:
    """Stream `chunks` into a new file at `path`; return its size and hashes (`checksum`'s too:
    the algorithm a PUT's x-amz-checksum-* header names).

    Raises BodyTooLong past `max_size` bytes. On any error the partial file is left for the
    caller to remove (it knows whether the error means the body is rejected).
    """
    sha256 = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    # Hashing and writing stay on the event loop: each chunk is one socket read, the page cache
    # absorbs the write, and this loop serves only the store. Handing 1 MiB blocks to a worker
    # thread was measured slower here (GIL contention with the HTTP parsing, 2 cores).
    with path.open("wb") as spool:
        async for chunk in chunks:
            size += len(chunk)
            if size > max_size:
                raise BodyTooLong(f"more than {max_size} bytes")
            sha256.update(chunk)
            md5.update(chunk)
            if checksum is not None:
                checksum.update(chunk)
            spool.write(chunk)
    return SpooledBody(
        path, size, sha256.hexdigest(), md5.hexdigest(), checksum.digest() if checksum is not None else None
    )
