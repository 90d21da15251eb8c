"""Flare: createVideo {fileName} -> presignVideoUpload {videoId, fileName} -> PUT with exactly the
returned method and headers; no complete call, `publicUrl` is the result.
Sources: https://flare.link/help/api/create-video, https://flare.link/help/api/presign-upload."""

from __future__ import annotations

from presignkit_flare.api.uploads import presign_video_upload
from presignkit_flare.api.videos import create_video
from presignkit_flare.models import (
    CreatedVideo,
    CreateVideoRequest,
    FlareError,
    PresignedUpload,
    PresignVideoUploadRequest,
    Video,
)

from presignkit.errors import MalformedResponseError, VendorError
from presignkit.vendors.base import ErrorDetails, VendorAdapter, expect_model, text_or_none
from presignkit.workflow.presign import UploadTarget, put_with_one_represign
from presignkit.workflow.steps import ApiCall, ApiResult, Checkpoint, UploadRequest, Workflow, WorkflowOutcome

VENDOR = "flare"


def describe_error(parsed: object) -> ErrorDetails:
    if isinstance(parsed, FlareError):
        return ErrorDetails(message=text_or_none(parsed.message), code=text_or_none(parsed.error))
    return ErrorDetails()


def _video_id(answer: ApiResult) -> str:
    created = expect_model(answer, CreatedVideo, vendor=VENDOR, operation="flare.createVideo")
    # The response is undocumented (specs/flare/source.toml): `video.id` is the spec's guess;
    # a top-level `id` or `videoId` is accepted too.
    if isinstance(created.video, Video):
        return created.video.id
    for key in ("id", "videoId"):
        value = created.additional_properties.get(key)
        if isinstance(value, str) and value:
            return value
    raise MalformedResponseError(
        "Flare's createVideo answer holds no video id (looked for video.id, id and videoId)",
        vendor=VENDOR,
        status=answer.status,
        operation="flare.createVideo",
    )


def workflow(request: UploadRequest) -> Workflow[WorkflowOutcome]:
    resume = request.resume
    if resume.record_id is not None:
        # An earlier run created this video: Flare presigns an existing video again, so continue.
        video_id = resume.record_id
    else:
        # No Idempotency-Key at Flare: a crash before this answer is journaled can leave an
        # empty video behind, which no one can name.
        created = yield ApiCall(
            f"{VENDOR}.createVideo", create_video, {"body": CreateVideoRequest(file_name=request.filename)}
        )
        video_id = _video_id(created)
        yield Checkpoint(record_id=video_id)

    def presign() -> Workflow[UploadTarget[PresignedUpload]]:
        answer = yield ApiCall(
            f"{VENDOR}.presignVideoUpload",
            presign_video_upload,
            {"body": PresignVideoUploadRequest(video_id=video_id, file_name=request.filename)},
            idempotent=True,  # another URL for the same video
        )
        presigned = expect_model(answer, PresignedUpload, vendor=VENDOR, operation="flare.presignVideoUpload")
        method = (text_or_none(presigned.method) or "PUT").upper()
        if method != "PUT":
            raise VendorError(
                f"Flare asked for a {method} upload; presignkit sends uploads with PUT only (the only "
                "method Flare documents)",
                vendor=VENDOR,
                status=answer.status,
                code="unsupported_upload_method",
                operation=f"{VENDOR}.presignVideoUpload",
            )
        # The returned headers are signed into the URL: send exactly these, nothing of ours.
        headers = dict(presigned.headers.additional_properties) if presigned.headers else {}
        return UploadTarget(presigned, presigned.upload_url, headers, method=method)

    if resume.record_id is not None and resume.put is not None:
        # The bytes are in already; presigning again only fetches the record (its public URL).
        target = yield from presign()
        put = resume.put
    else:
        target, put = yield from put_with_one_represign(presign, request)
    sent_type = next((v for k, v in target.headers.items() if k.lower() == "content-type"), None)
    return WorkflowOutcome(
        asset_id=video_id,
        url=text_or_none(target.record.public_url),
        content_type=sent_type or request.content_type,
        put=put,
        response=target.record,
    )


ADAPTER = VendorAdapter(name=VENDOR, workflow=workflow, describe_error=describe_error)
