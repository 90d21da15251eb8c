"""Echo: createUpload {contentType, size} -> PUT; the upload id is the result."""

from __future__ import annotations

from presignkit.vendors.base import ErrorDetails, VendorAdapter, expect_model
from presignkit.workflow.presign import UploadTarget, put_with_one_represign
from presignkit.workflow.steps import ApiCall, UploadRequest, Workflow, WorkflowOutcome
from tests.sixth_vendor.presignkit_echo.api import create_upload
from tests.sixth_vendor.presignkit_echo.api.create_upload import EchoError, Upload


def describe_error(parsed: object) -> ErrorDetails:
    return ErrorDetails(message=parsed.message) if isinstance(parsed, EchoError) else ErrorDetails()


def workflow(request: UploadRequest) -> Workflow[WorkflowOutcome]:
    def presign() -> Workflow[UploadTarget[Upload]]:
        answer = yield ApiCall(
            "echo.createUpload",
            create_upload,
            {"content_type": request.content_type, "size": request.source.size},
        )
        upload = expect_model(answer, Upload, vendor="echo", operation="echo.createUpload")
        return UploadTarget(upload, upload.upload_url, {"Content-Type": request.content_type})

    target, put = yield from put_with_one_represign(presign, request)
    return WorkflowOutcome(
        asset_id=target.record.id,
        url=None,
        content_type=request.content_type,
        put=put,
        response=target.record,
    )


ADAPTER = VendorAdapter(name="echo", workflow=workflow, describe_error=describe_error)
