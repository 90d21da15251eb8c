"""presignkit's transfer engine on its own: one streamed PUT, as an upload's PUT step runs it.

The streaming benchmark targets a bare sink, not a vendor, so it drives the engine below the
workflow: the same storage client (no default headers), the same chunked reads, checksum and
explicit Content-Length an Uploader uses for the PUT step.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import httpx

from presignkit.checksums import checked_algorithm
from presignkit.defaults import CONNECT_TIMEOUT, DEFAULT_STORAGE_TIMEOUT
from presignkit.retry import RetryPolicy
from presignkit.sources import load_source
from presignkit.transfer import send_put, storage_client
from presignkit.workflow.steps import Put

CONTENT_TYPE = "application/octet-stream"


class EngineSender:
    """Holds the storage client, built once as an Uploader builds it (outside the timing: it
    loads the TLS trust store, which curl's `time_total` does not count either)."""

    def __init__(self, checksum: str) -> None:
        """`checksum`: "crc32c", "sha256" or "none"."""
        self._checksum = None if checksum == "none" else checked_algorithm(checksum)
        self._client = storage_client(timeout=httpx.Timeout(DEFAULT_STORAGE_TIMEOUT, connect=CONNECT_TIMEOUT))
        self._policy = RetryPolicy()

    def put(self, url: str, path: Path) -> None:
        source = load_source(path, content_type=CONTENT_TYPE)
        put = Put(
            url=url,
            method="PUT",
            headers={"Content-Type": CONTENT_TYPE},
            source=source,
            checksum=self._checksum,
        )
        result = send_put(self._client, put, policy=self._policy)
        if result.size != source.size:
            raise RuntimeError(f"sent {result.size} of {source.size} bytes")
        if (result.checksum.algorithm if result.checksum else None) != self._checksum:
            raise RuntimeError(f"asked for checksum {self._checksum}, got {result.checksum}")

    def __enter__(self) -> EngineSender:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._client.close()
