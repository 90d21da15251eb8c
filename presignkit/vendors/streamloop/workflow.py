"""Streamloop: createUpload {mimeType, name, type} -> generateUploadUrl -> PUT (Content-Type =
mimeType) -> completeUpload. Sources: streamloop/skills calling-the-streamloop-api SKILL.md and
the effective spec (generated/presignkit_streamloop/openapi.json)."""

from __future__ import annotations

from presignkit_streamloop.api.uploads import complete_upload, create_upload, generate_upload_url
from presignkit_streamloop.models import CreateUploadRequest, CreateUploadRequestType, Problem, Upload

from presignkit.errors import VendorError
from presignkit.vendors.base import ErrorDetails, VendorAdapter, expect_model, text_or_none
from presignkit.vendors.streamloop.settings import Streamloop
from presignkit.vendors.streamloop.vendor import streamloop_media_type
from presignkit.workflow.presign import UploadTarget, put_with_one_represign
from presignkit.workflow.steps import ApiCall, Checkpoint, UploadRequest, Workflow, WorkflowOutcome

VENDOR = "streamloop"


def describe_error(parsed: object) -> ErrorDetails:
    if isinstance(parsed, Problem):
        return ErrorDetails(
            message=text_or_none(parsed.detail) or text_or_none(parsed.title),
            code=text_or_none(parsed.code),
        )
    return ErrorDetails()


def workflow(request: UploadRequest) -> Workflow[WorkflowOutcome]:
    settings = request.settings
    assert isinstance(settings, Streamloop)
    workspace = (
        {"x_workspace_id": settings.workspace_id} if settings.api_key and settings.workspace_id else {}
    )
    mime_type = request.content_type
    resume = request.resume
    if resume.record_id is not None:
        # An earlier run created this upload: Streamloop presigns it again, so continue it.
        upload_id = resume.record_id
    else:
        body = CreateUploadRequest(
            mime_type=mime_type,
            name=request.filename,
            type_=CreateUploadRequestType(streamloop_media_type(mime_type)),
            file_size=request.source.size,
        )
        created = yield ApiCall(
            f"{VENDOR}.createUpload",
            create_upload,
            {"body": body, "idempotency_key": request.idempotency_key("createUpload"), **workspace},
            ok_statuses=frozenset({201}),
            idempotent=True,
        )
        upload_id = expect_model(created, Upload, vendor=VENDOR, operation="streamloop.createUpload").id
        yield Checkpoint(record_id=upload_id)

    def presign() -> Workflow[UploadTarget[str]]:
        # A fresh key each time: re-presigning with the old key would replay the expired URL.
        answer = yield ApiCall(
            f"{VENDOR}.generateUploadUrl",
            generate_upload_url,
            {"id": upload_id, "idempotency_key": request.idempotency_key("generateUploadUrl"), **workspace},
            idempotent=True,
        )
        if not isinstance(answer.parsed, str) or not answer.parsed:
            raise VendorError(
                f"Streamloop gave no upload URL for upload {upload_id!r} (it answered null); an upload "
                "that is already complete or deleted cannot take bytes",
                vendor=VENDOR,
                status=answer.status,
                operation=f"{VENDOR}.generateUploadUrl",
            )
        return UploadTarget(upload_id, answer.parsed, {"Content-Type": mime_type})

    if resume.record_id is not None and resume.put is not None:
        put = resume.put  # the bytes are in the store already: complete
    else:
        _target, put = yield from put_with_one_represign(presign, request)
    completed = yield ApiCall(
        f"{VENDOR}.completeUpload",
        complete_upload,
        {"id": upload_id, "idempotency_key": request.idempotency_key("completeUpload"), **workspace},
        idempotent=True,
    )
    final = expect_model(completed, Upload, vendor=VENDOR, operation="streamloop.completeUpload")
    return WorkflowOutcome(asset_id=final.id, url=None, content_type=mime_type, put=put, response=final)


ADAPTER = VendorAdapter(
    name=VENDOR,
    workflow=workflow,
    describe_error=describe_error,
)
