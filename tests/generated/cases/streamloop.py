"""Streamloop: API key in X-API-Key, X-Workspace-Id, RFC 7807 Problem errors."""

from __future__ import annotations

import datetime

from presignkit_streamloop import AuthenticatedClient, errors
from presignkit_streamloop.api.uploads import complete_upload, create_upload, generate_upload_url, get_upload
from presignkit_streamloop.models import (
    CreateUploadRequest,
    CreateUploadRequestType,
    Problem,
    Upload,
    UploadType,
)
from presignkit_streamloop.types import Response

from tests.generated.calling import SHARED_SSL_CONTEXT, DetailedResponse, Via, call
from tests.generated.scripted_server import Reply
from tests.generated.table import Endpoint, ExpectedRequest, Vendor

API_KEY = "sl_test_2f9c1d"
WORKSPACE = "wksp_acme"
IDEMPOTENCY_KEY = "create-intro-mp4-1"
# Every character here must be percent-encoded in the path, "/" included.
UPLOAD_ID = "upl 7/ä?#&"
UPLOAD_ID_IN_PATH = "upl%207%2F%C3%A4%3F%23%26"
PRESIGNED_URL = "https://uploads.streamloop.app/upl_7?X-Amz-Signature=abc123&X-Amz-Expires=39600"


def make_client(origin: str, raise_on_unexpected_status: bool = False) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=f"{origin}/v1",
        token=API_KEY,
        prefix="",
        auth_header_name="X-API-Key",
        raise_on_unexpected_status=raise_on_unexpected_status,
        verify_ssl=SHARED_SSL_CONTEXT,
    )


def upload_json(*, uploaded: bool) -> dict[str, object]:
    return {
        "id": "upl_7",
        "name": "intro.mp4",
        "mimeType": "video/mp4",
        "type": "video",
        "uploaded": uploaded,
        "createdAt": "2026-11-22T10:15:30Z",
        "fileSize": 1048576,
    }


def check_upload(response: DetailedResponse, *, uploaded: bool) -> None:
    upload = response.parsed
    assert isinstance(upload, Upload)
    assert upload.id == "upl_7"
    assert upload.name == "intro.mp4"
    assert upload.mime_type == "video/mp4"
    assert upload.type_ is UploadType.VIDEO
    assert upload.uploaded is uploaded
    assert upload.created_at == datetime.datetime(2026, 11, 22, 10, 15, 30, tzinfo=datetime.UTC)
    assert upload.file_size == 1048576
    assert upload.additional_properties == {}


_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("WORKSPACE_REQUIRED", "Bad Request", "Send X-Workspace-Id with an API key."),
    401: ("UNAUTHORIZED", "Unauthorized", "The API key is missing or invalid."),
    403: ("FORBIDDEN", "Forbidden", "The key cannot write uploads in this workspace."),
    404: ("NOT_FOUND", "Not Found", "No upload upl_7 in this workspace."),
    422: ("IDEMPOTENCY_KEY_REUSED", "Unprocessable Entity", "The key was used with a different body."),
    429: ("RATE_LIMITED", "Too Many Requests", "600 requests a minute; retry after the delay."),
    502: ("UPSTREAM_ERROR", "Bad Gateway", "The data service did not answer."),
}


def problem_json(status: int) -> dict[str, object]:
    code, title, detail = _PROBLEMS[status]
    return {
        "type": f"https://docs.streamloop.app/errors/{code.lower()}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }


def problem_reply(status: int) -> Reply:
    return Reply.json(status, problem_json(status), content_type="application/problem+json")


def check_problem(status: int, response: DetailedResponse) -> None:
    problem = response.parsed
    assert isinstance(problem, Problem)
    code, title, detail = _PROBLEMS[status]
    assert (problem.status, problem.title, problem.code, problem.detail) == (status, title, code, detail)
    assert problem.type_ == f"https://docs.streamloop.app/errors/{code.lower()}"
    assert problem.additional_properties == {}


VENDOR = Vendor(
    name="streamloop",
    server_prefix="/v1",
    make_client=make_client,
    auth_headers={"X-API-Key": API_KEY},
    error_reply=problem_reply,
    check_error=check_problem,
    unexpected_status=errors.UnexpectedStatus,
)

CREATE_BODY = CreateUploadRequest(
    mime_type="video/mp4",
    name="intro.mp4",
    type_=CreateUploadRequestType.VIDEO,
    file_size=1048576,
    has_audio=True,
    duration=None,  # nullable: sent as null, unlike the unset fields, which are left out
)


async def send_create_upload(via: Via, client: AuthenticatedClient) -> Response[Problem | Upload]:
    return await call(
        via,
        create_upload.sync_detailed,
        create_upload.asyncio_detailed,
        client=client,
        body=CREATE_BODY,
        x_workspace_id=WORKSPACE,
        idempotency_key=IDEMPOTENCY_KEY,
    )


async def send_generate_upload_url(via: Via, client: AuthenticatedClient) -> Response[str | Problem | None]:
    return await call(
        via,
        generate_upload_url.sync_detailed,
        generate_upload_url.asyncio_detailed,
        UPLOAD_ID,
        client=client,
        idempotency_key=IDEMPOTENCY_KEY,
        x_workspace_id=WORKSPACE,
    )


async def send_complete_upload(via: Via, client: AuthenticatedClient) -> Response[Problem | Upload]:
    return await call(
        via,
        complete_upload.sync_detailed,
        complete_upload.asyncio_detailed,
        UPLOAD_ID,
        client=client,
        x_workspace_id=WORKSPACE,
        idempotency_key=IDEMPOTENCY_KEY,
    )


async def send_get_upload(via: Via, client: AuthenticatedClient) -> Response[Problem | Upload]:
    return await call(
        via,
        get_upload.sync_detailed,
        get_upload.asyncio_detailed,
        UPLOAD_ID,
        client=client,
        x_workspace_id=WORKSPACE,
    )


def _check_presigned_url(response: DetailedResponse) -> None:
    assert response.parsed == PRESIGNED_URL


WRITE_HEADERS = {"X-Workspace-Id": WORKSPACE, "Idempotency-Key": IDEMPOTENCY_KEY}

ENDPOINTS: list[Endpoint[AuthenticatedClient]] = [
    Endpoint(
        vendor=VENDOR,
        operation_id="createUpload",
        send=send_create_upload,
        request=ExpectedRequest(
            "POST",
            "/v1/uploads",
            headers=WRITE_HEADERS,
            json_body={
                "mimeType": "video/mp4",
                "name": "intro.mp4",
                "type": "video",
                "fileSize": 1048576,
                "hasAudio": True,
                "duration": None,
            },
        ),
        success=Reply.json(201, upload_json(uploaded=False)),
        check_success=lambda response: check_upload(response, uploaded=False),
        error_statuses=(400, 401, 403, 422, 429, 502),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="generateUploadUrl",
        send=send_generate_upload_url,
        request=ExpectedRequest("POST", f"/v1/uploads/{UPLOAD_ID_IN_PATH}/upload-url", headers=WRITE_HEADERS),
        success=Reply.json(200, PRESIGNED_URL),
        check_success=_check_presigned_url,
        error_statuses=(400, 401, 403, 404, 422, 429, 502),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="completeUpload",
        send=send_complete_upload,
        request=ExpectedRequest("POST", f"/v1/uploads/{UPLOAD_ID_IN_PATH}/complete", headers=WRITE_HEADERS),
        success=Reply.json(200, upload_json(uploaded=True)),
        check_success=lambda response: check_upload(response, uploaded=True),
        error_statuses=(400, 401, 403, 404, 422, 429, 502),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="getUpload",
        send=send_get_upload,
        request=ExpectedRequest(
            "GET", f"/v1/uploads/{UPLOAD_ID_IN_PATH}", headers={"X-Workspace-Id": WORKSPACE}
        ),
        success=Reply.json(200, upload_json(uploaded=True)),
        check_success=lambda response: check_upload(response, uploaded=True),
        error_statuses=(400, 401, 403, 404, 429, 502),
    ),
]
