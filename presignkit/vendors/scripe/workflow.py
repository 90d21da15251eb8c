"""Scripe: createUpload {contentType, maxSizeBytes} -> PUT (Content-Type = contentType, size <=
maxSizeBytes; the URL is single-use) -> with wait=True, createSource {type: file, uploadId} and
poll getJob until the ingest job is DONE. Scripe-Api-Version is pinned on every call.
Sources: https://apidocs.scripe.io/api/v1/uploads.md, /api/v1/jobs, /api/v1/conventions."""

from __future__ import annotations

from typing import Any

from presignkit_scripe.api.jobs import get_job
from presignkit_scripe.api.sources import create_source
from presignkit_scripe.api.uploads import create_upload
from presignkit_scripe.models import (
    CreateFileSourceRequest,
    CreateUploadRequest,
    ErrorEnvelope,
    Job,
    JobSingle,
    JobStatus,
    SourceSingle,
    UploadSingle,
)

from presignkit.errors import StorageError, UploadTimeoutError, VendorError
from presignkit.vendors.base import ErrorDetails, VendorAdapter, expect_model, text_or_none
from presignkit.vendors.scripe.settings import Scripe
from presignkit.workflow.presign import UploadTarget, put_with_one_represign
from presignkit.workflow.steps import (
    ApiCall,
    Checkpoint,
    PutResult,
    Sleep,
    UploadRequest,
    Workflow,
    WorkflowOutcome,
)

VENDOR = "scripe"
FIRST_POLL_DELAY = 0.5  # seconds; ingest jobs take seconds to minutes, so start soon, then back off
MAX_POLL_DELAY = 5.0
POLL_BACKOFF = 1.5


def describe_error(parsed: object) -> ErrorDetails:
    if not isinstance(parsed, ErrorEnvelope):
        return ErrorDetails()
    error = parsed.error
    message = error.message
    accepted = error.details.additional_properties.get("accepted") if error.details else None
    if isinstance(accepted, list) and accepted:
        message += f"; accepted: {', '.join(str(a) for a in accepted)}"
    return ErrorDetails(message=message, code=error.code, request_id=text_or_none(error.request_id))


def workflow(request: UploadRequest) -> Workflow[WorkflowOutcome]:
    settings = request.settings
    assert isinstance(settings, Scripe)
    version: dict[str, Any] = {"scripe_api_version": settings.api_version}
    size = request.source.size

    def presign() -> Workflow[UploadTarget[UploadSingle]]:
        # Each URL is single-use and bound to its upload, so a fresh URL is a fresh upload (with
        # a fresh key: the old key would replay the expired URL).
        answer = yield ApiCall(
            f"{VENDOR}.createUpload",
            create_upload,
            {
                "body": CreateUploadRequest(content_type=request.content_type, max_size_bytes=size),
                # Derived keys (a journaled upload) replay an earlier run's upload and its URL.
                "idempotency_key": request.idempotency_key("createUpload"),
                **version,
            },
            idempotent=True,
        )
        upload = expect_model(answer, UploadSingle, vendor=VENDOR, operation="scripe.createUpload").data
        if size > upload.max_size_bytes:
            raise VendorError(
                f"Scripe allows at most {upload.max_size_bytes:,} bytes for this upload; "
                f"the file is {size:,} bytes",
                vendor=VENDOR,
                status=answer.status,
                operation=f"{VENDOR}.createUpload",
            )
        yield Checkpoint(record_id=upload.id)
        target_headers = {"Content-Type": upload.content_type}
        return UploadTarget(answer.parsed, upload.upload_url, target_headers, expires_at=upload.expires_at)

    resume = request.resume
    if resume.record_id is None:
        target, put = yield from put_with_one_represign(presign, request)
    else:
        # An earlier run created an upload: replaying its key brings it back with its URL.
        target = yield from presign()
        same_upload = target.record.data.id == resume.record_id
        if same_upload and resume.put is not None:
            put = resume.put
        else:  # not PUT yet (or the key was forgotten, replays last 24 h: a new upload)
            try:
                target, put = yield from put_with_one_represign(presign, request, target)
            except StorageError as error:
                if not (same_upload and error.status == 403 and error.code == "AccessDenied"):
                    raise
                # The URL is single-use and only the earlier run had it: its PUT arrived and the
                # run ended before it heard so. The digest is the caller's to fill in (empty).
                put = PutResult(status=200, headers={}, size=size, checksum=None)
    upload = target.record.data
    outcome = WorkflowOutcome(
        asset_id=upload.id, url=None, content_type=upload.content_type, put=put, response=target.record
    )
    if not request.wait:
        return outcome
    job_or_source = yield from _ingest(upload.id, version, request)
    return WorkflowOutcome(
        asset_id=upload.id, url=None, content_type=upload.content_type, put=put, response=job_or_source
    )


def _ingest(
    upload_id: str, version: dict[str, Any], request: UploadRequest
) -> Workflow[JobSingle | SourceSingle]:
    started = request.now()  # the injected clock, so that tests can move time
    waited = 0.0  # the sum of our sleeps: the deadline holds even where sleeping is faked
    answer = yield ApiCall(
        f"{VENDOR}.createSource",
        create_source,
        {
            "body": CreateFileSourceRequest(type_="file", upload_id=upload_id),
            "idempotency_key": request.idempotency_key("createSource"),
            **version,
        },
        idempotent=True,
    )
    if isinstance(answer.parsed, SourceSingle):  # ingested synchronously
        return expect_model(answer, SourceSingle, vendor=VENDOR, operation="scripe.createSource")
    single = expect_model(answer, JobSingle, vendor=VENDOR, operation="scripe.createSource")
    delay = FIRST_POLL_DELAY
    while True:
        job = single.data
        if job.status == JobStatus.DONE:
            return single
        if job.status in (JobStatus.FAILED, JobStatus.CANCELLED):
            raise _job_failed(job)
        elapsed = max(request.now() - started, waited)
        if elapsed >= request.wait_timeout:
            raise UploadTimeoutError(
                f"Scripe job {job.id} (ingesting upload {upload_id}) is still {job.status} after "
                f"{elapsed:.1f} s; accepted wait: wait_timeout={request.wait_timeout} s. The upload "
                "itself succeeded; poll the job later",
                vendor=VENDOR,
                operation=f"{VENDOR}.getJob",
            )
        delay = min(delay, request.wait_timeout - elapsed)
        yield Sleep(delay)
        waited += delay
        delay = min(delay * POLL_BACKOFF, MAX_POLL_DELAY)
        polled = yield ApiCall(f"{VENDOR}.getJob", get_job, {"job_id": job.id, **version}, idempotent=True)
        single = expect_model(polled, JobSingle, vendor=VENDOR, operation="scripe.getJob")


def _job_failed(job: Job) -> VendorError:
    code = text_or_none(job.error_code)
    message = text_or_none(job.error_message) or "no reason given"
    return VendorError(
        f"Scripe job {job.id} ended {job.status}: {message}",
        vendor=VENDOR,
        code=code,
        operation=f"{VENDOR}.getJob",
    )


ADAPTER = VendorAdapter(name=VENDOR, workflow=workflow, describe_error=describe_error)
