"""Loops: createUpload {contentType, contentLength} -> PUT (same Content-Type and
Content-Length) -> completeUpload, where 425 means "not visible in storage yet, retry".
Sources: https://loops.so/docs/api-reference/create-upload, .../complete-upload, Loops-so/loops-go."""

from __future__ import annotations

import datetime

from presignkit_loops.api.uploads import complete_upload, create_upload
from presignkit_loops.models import (
    CompleteUploadResponse,
    CreateUploadRequest,
    CreateUploadRequestContentType,
    CreateUploadResponse,
    UploadFailureResponse,
)

from presignkit.catalogue import content_type_essence
from presignkit.vendors.base import ErrorDetails, VendorAdapter, expect_model
from presignkit.workflow.presign import UploadTarget, put_with_one_represign
from presignkit.workflow.steps import ApiCall, Checkpoint, UploadRequest, Workflow, WorkflowOutcome

VENDOR = "loops"


def describe_error(parsed: object) -> ErrorDetails:
    if not isinstance(parsed, UploadFailureResponse):
        return ErrorDetails()
    message = parsed.message
    if isinstance(parsed.supported_content_types, list) and parsed.supported_content_types:
        message += f"; accepted content types: {', '.join(parsed.supported_content_types)}"
    if isinstance(parsed.max_bytes, int):
        message += f"; accepted size: up to {parsed.max_bytes:,} bytes"
    if isinstance(parsed.max_uploads, int) and isinstance(parsed.window_hours, int):
        message += f"; limit: {parsed.max_uploads} uploads per {parsed.window_hours} h"
    return ErrorDetails(message=message)


def workflow(request: UploadRequest) -> Workflow[WorkflowOutcome]:
    content_type = content_type_essence(request.content_type)
    size = request.source.size

    def presign() -> Workflow[UploadTarget[CreateUploadResponse]]:
        # Loops cannot re-sign an existing upload, so a fresh URL means a fresh upload record;
        # the expired one is left uncompleted (Loops never publishes it).
        answer = yield ApiCall(
            f"{VENDOR}.createUpload",
            create_upload,
            {
                "body": CreateUploadRequest(
                    content_type=CreateUploadRequestContentType(content_type), content_length=size
                )
            },
        )
        created = expect_model(answer, CreateUploadResponse, vendor=VENDOR, operation="loops.createUpload")
        yield Checkpoint(record_id=created.email_asset_id)
        expires_at = created.expires_at if isinstance(created.expires_at, datetime.datetime) else None
        # The URL signs both headers: they must be sent exactly as declared.
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        return UploadTarget(created, created.presigned_url, headers, expires_at=expires_at)

    resume = request.resume
    if resume.record_id is not None and resume.put is not None:
        # An earlier run's PUT went through: only the complete is left. (Loops cannot presign an
        # existing upload again, so an earlier record without its PUT is left behind instead:
        # a new one is created below and the journal names the old one.)
        asset_id, put = resume.record_id, resume.put
    else:
        target, put = yield from put_with_one_represign(presign, request)
        asset_id = target.record.email_asset_id
    completed = yield ApiCall(
        f"{VENDOR}.completeUpload",
        complete_upload,
        {"email_asset_id": asset_id},
        too_early_is_transient=True,
        idempotent=True,  # completing twice changes nothing
    )
    final = expect_model(completed, CompleteUploadResponse, vendor=VENDOR, operation="loops.completeUpload")
    return WorkflowOutcome(
        asset_id=final.email_asset_id, url=final.final_url, content_type=content_type, put=put, response=final
    )


ADAPTER = VendorAdapter(name=VENDOR, workflow=workflow, describe_error=describe_error)
