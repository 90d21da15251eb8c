"""The vocabulary between a vendor workflow and the drivers that carry it out.

A workflow is a generator: it yields `ApiCall`, `Put`, `Sleep` or `Checkpoint` and receives
`ApiResult`, `PutResult` or None back; when a step fails after the retry policy gave up, the driver throws the
typed error into the generator, which may handle it (an expired URL: presign once more) or let it
propagate. The workflow never does I/O itself, so the sync and the async driver run the very same
workflow code.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from types import ModuleType
from typing import Any, TypeVar

import attrs

from presignkit.checksums import DEFAULT_CHECKSUM, Checksum, ChecksumAlgorithm
from presignkit.defaults import DEFAULT_CHUNK_SIZE
from presignkit.idempotency import KeyFactory, random_key
from presignkit.settings import VendorSettings
from presignkit.sources import UploadSource

T = TypeVar("T")

Progress = Callable[[int, int], object]  # called with (bytes sent, total bytes) as the PUT goes


@attrs.frozen
class ApiCall:
    """Call one generated operation: `operation.sync_detailed(client=..., **kwargs)` or its
    `asyncio_detailed` twin. Retried by the driver under the retry policy."""

    name: str  # "<vendor>.<operationId>", e.g. "loops.createUpload" (also the sandbox's fault route)
    operation: ModuleType  # the generated module, e.g. presignkit_loops.api.uploads.create_upload
    kwargs: Mapping[str, Any]
    ok_statuses: frozenset[int] = frozenset({200})
    # 425 Too Early means "not yet, ask again" only where the vendor documents it (Loops' complete).
    too_early_is_transient: bool = False
    # Safe to send again when an earlier attempt may have reached the server (it carries an
    # Idempotency-Key, or repeating it has no further effect). Otherwise only failures that
    # certainly happened before the request was sent (connect errors) are retried, so a create
    # without a key never makes two assets.
    idempotent: bool = False


@attrs.frozen
class ApiResult:
    status: int
    parsed: Any  # the generated model for that status
    headers: Mapping[str, str]


@attrs.frozen
class Put:
    """Send the source's bytes to a presigned URL, with exactly `headers` (plus Content-Length)."""

    url: str
    method: str
    headers: Mapping[str, str]
    source: UploadSource
    chunk_size: int = DEFAULT_CHUNK_SIZE  # bytes read and sent at a time
    progress: Progress | None = None
    vendor: str | None = None  # named on every error the engine raises
    checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM  # computed over the bytes sent


@attrs.frozen
class PutResult:
    status: int
    headers: Mapping[str, str]
    size: int
    checksum: Checksum | None  # of the bytes sent; None when the upload asked for none


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class Checkpoint:
    """A step boundary worth remembering: the vendor created `record_id` for this upload, or the
    PUT is done (`put`). Drivers answer None; a journal records it (`presignkit.many`)."""

    record_id: str | None = None
    put: PutResult | None = None


@attrs.frozen
class Resume:
    """Where an earlier, interrupted run of the same upload stopped (read from a journal). A
    workflow continues from it where its vendor allows: the same record, the PUT not repeated.
    Where it cannot, it starts over, and the record it then creates replaces this one."""

    record_id: str | None = None
    put: PutResult | None = None  # the PUT of that record succeeded


Step = ApiCall | Put | Sleep | Checkpoint
Workflow = Generator[Step, Any, T]


@attrs.frozen
class UploadRequest:
    """Everything a vendor workflow needs, checked before any network call."""

    settings: VendorSettings  # resolved
    source: UploadSource
    wait: bool = False
    wait_timeout: float = 300.0
    chunk_size: int = DEFAULT_CHUNK_SIZE
    progress: Progress | None = None
    checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM
    # Injected so tests can fake the passage of time; see `Deadline`.
    now: Callable[[], float] = time.time
    # One key per logical request, by label (the operation); random unless the upload is
    # journaled or distributed, where they are derived (see `presignkit.idempotency`).
    idempotency_key: KeyFactory = random_key
    resume: Resume = Resume()

    @property
    def content_type(self) -> str:
        return self.source.content_type

    @property
    def filename(self) -> str:
        return self.source.filename


@attrs.frozen
class WorkflowOutcome:
    asset_id: str
    url: str | None
    content_type: str  # as sent in the PUT
    put: PutResult
    response: Any  # the generated model parsed from the last step
