"""Loops: bearer API key, the two upload operations and UploadFailureResponse errors."""

from __future__ import annotations

import datetime

from presignkit_loops import AuthenticatedClient, errors
from presignkit_loops.api.uploads import complete_upload, create_upload
from presignkit_loops.models import (
    CompleteUploadResponse,
    CreateUploadRequest,
    CreateUploadRequestContentType,
    CreateUploadResponse,
    UploadFailureResponse,
)
from presignkit_loops.types import Response

from tests.generated.calling import SHARED_SSL_CONTEXT, DetailedResponse, Via, call
from tests.generated.scripted_server import Reply
from tests.generated.table import Endpoint, ExpectedRequest, Vendor

API_KEY = "loops_test_7c1e"
EMAIL_ASSET_ID = "ea 1/ü"
EMAIL_ASSET_ID_IN_PATH = "ea%201%2F%C3%BC"
PRESIGNED_URL = "https://loops-email-assets.s3.amazonaws.com/ea_1?X-Amz-Signature=abc"
FINAL_URL = "https://cdn.loops.so/email-assets/ea_1.png"

# The failure bodies Loops documents, per status: one set of fields for every error, 401 included.
FAILURES: dict[int, dict[str, object]] = {
    400: {
        "success": False,
        "message": "Unsupported content type.",
        "supportedContentTypes": ["image/jpeg", "image/png", "image/gif", "image/webp"],
    },
    401: {"success": False, "message": "Invalid API key."},
    404: {"success": False, "message": "Email asset not found."},
    413: {"success": False, "message": "File too large.", "maxBytes": 4000000},
    425: {"success": False, "message": "Uploaded object not yet visible. Retry shortly."},
    429: {"success": False, "message": "Upload limit reached.", "maxUploads": 100, "windowHours": 24},
}


def make_client(origin: str, raise_on_unexpected_status: bool = False) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=f"{origin}/api",
        token=API_KEY,
        raise_on_unexpected_status=raise_on_unexpected_status,
        verify_ssl=SHARED_SSL_CONTEXT,
    )


def failure_reply(status: int) -> Reply:
    return Reply.json(status, FAILURES[status])


def check_failure(status: int, response: DetailedResponse) -> None:
    failure = response.parsed
    assert isinstance(failure, UploadFailureResponse)
    assert failure.success is False
    assert failure.message == FAILURES[status]["message"]
    assert failure.additional_properties == {}
    assert failure.to_dict() == FAILURES[status]  # every documented extra parsed into its field


VENDOR = Vendor(
    name="loops",
    server_prefix="/api",
    make_client=make_client,
    auth_headers={"Authorization": f"Bearer {API_KEY}"},
    error_reply=failure_reply,
    check_error=check_failure,
    unexpected_status=errors.UnexpectedStatus,
)


async def send_create_upload(
    via: Via, client: AuthenticatedClient
) -> Response[CreateUploadResponse | UploadFailureResponse]:
    body = CreateUploadRequest(
        content_type=CreateUploadRequestContentType.PNG, content_length=48213, email_message_id="em_42"
    )
    return await call(
        via, create_upload.sync_detailed, create_upload.asyncio_detailed, client=client, body=body
    )


async def send_complete_upload(
    via: Via, client: AuthenticatedClient
) -> Response[CompleteUploadResponse | UploadFailureResponse]:
    return await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )


CREATED = {
    "success": True,
    "emailAssetId": "ea_1",
    "presignedUrl": PRESIGNED_URL,
    "expiresAt": "2026-11-22T10:30:00Z",
}
COMPLETED = {"success": True, "emailAssetId": "ea_1", "finalUrl": FINAL_URL}


def check_created(response: DetailedResponse) -> None:
    created = response.parsed
    assert isinstance(created, CreateUploadResponse)
    assert (created.success, created.email_asset_id, created.presigned_url) == (True, "ea_1", PRESIGNED_URL)
    assert created.expires_at == datetime.datetime(2026, 11, 22, 10, 30, tzinfo=datetime.UTC)
    assert created.additional_properties == {}


def check_completed(response: DetailedResponse) -> None:
    completed = response.parsed
    assert isinstance(completed, CompleteUploadResponse)
    assert (completed.success, completed.email_asset_id, completed.final_url) == (True, "ea_1", FINAL_URL)
    assert completed.additional_properties == {}


ENDPOINTS: list[Endpoint[AuthenticatedClient]] = [
    Endpoint(
        vendor=VENDOR,
        operation_id="createUpload",
        send=send_create_upload,
        request=ExpectedRequest(
            "POST",
            "/api/v1/uploads",
            json_body={"contentType": "image/png", "contentLength": 48213, "emailMessageId": "em_42"},
        ),
        success=Reply.json(200, CREATED),
        check_success=check_created,
        error_statuses=(400, 401, 413, 429),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="completeUpload",
        send=send_complete_upload,
        request=ExpectedRequest("POST", f"/api/v1/uploads/{EMAIL_ASSET_ID_IN_PATH}/complete"),
        success=Reply.json(200, COMPLETED),
        check_success=check_completed,
        error_statuses=(400, 401, 404, 425, 429),
    ),
]
