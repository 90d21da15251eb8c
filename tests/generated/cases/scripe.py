"""Scripe: bearer API key, Scripe-Api-Version, Idempotency-Key, ErrorEnvelope errors."""

from __future__ import annotations

import datetime

from presignkit_scripe import AuthenticatedClient, errors
from presignkit_scripe.api.jobs import get_job
from presignkit_scripe.api.sources import create_source, get_source
from presignkit_scripe.api.uploads import create_upload
from presignkit_scripe.models import (
    ApiErrorDetails,
    CreateFileSourceRequest,
    CreateTextSourceRequest,
    CreateUploadRequest,
    ErrorEnvelope,
    JobResult,
    JobSingle,
    JobStatus,
    JobType,
    SourceSingle,
    Topic,
    UploadSingle,
)
from presignkit_scripe.types import UNSET, Response, Unset

from tests.generated.calling import SHARED_SSL_CONTEXT, DetailedResponse, Via, call
from tests.generated.scripted_server import Reply
from tests.generated.table import Endpoint, ExpectedRequest, Vendor

API_KEY = "scripe_sk_test_8d0f"
API_VERSION = "2026-08-01"
IDEMPOTENCY_KEY = "upload-7f3a_B"
JOB_ID = "job 1/ß"
JOB_ID_IN_PATH = "job%201%2F%C3%9F"
SOURCE_ID = "src_1?x=y"
SOURCE_ID_IN_PATH = "src_1%3Fx%3Dy"
UPLOAD_URL = "https://scripe-uploads.s3.eu-central-1.amazonaws.com/upl_acme_1?X-Amz-Signature=abc"

# (code, message, details) per documented status, from the codes the spec says were seen.
_ERRORS: dict[int, tuple[str, str, dict[str, object]]] = {
    400: ("version_unsupported", "Unknown Scripe-Api-Version.", {"accepted": [API_VERSION]}),
    401: ("unauthorized", "Missing, malformed or revoked API key.", {}),
    403: ("forbidden", "API access needs the Advanced or Business plan.", {}),
    404: ("not_found", "No such resource in this workspace.", {}),
    409: ("idempotency_key_conflict", "Idempotency-Key reused with a different body.", {}),
    413: ("payload_too_large", "The request body is over 256 KB.", {"limitBytes": 262144}),
    422: ("unprocessable", "contentType is outside the accepted families.", {}),
    429: ("rate_limited", "Workspace rate limit exceeded.", {"limit": 120}),
}


def make_client(origin: str, raise_on_unexpected_status: bool = False) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=f"{origin}/v1",
        token=API_KEY,
        raise_on_unexpected_status=raise_on_unexpected_status,
        verify_ssl=SHARED_SSL_CONTEXT,
    )


def error_json(status: int) -> dict[str, object]:
    code, message, details = _ERRORS[status]
    return {
        "error": {
            "code": code,
            "message": message,
            "request_id": f"req_{status}",
            "docs_url": f"https://docs.scripe.io/api/v1/errors#{code}",
            "details": details,
        }
    }


def error_reply(status: int) -> Reply:
    return Reply.json(status, error_json(status))


def check_error(status: int, response: DetailedResponse) -> None:
    envelope = response.parsed
    assert isinstance(envelope, ErrorEnvelope)
    error = envelope.error
    code, message, details = _ERRORS[status]
    assert (error.code, error.message, error.request_id) == (code, message, f"req_{status}")
    assert error.docs_url == f"https://docs.scripe.io/api/v1/errors#{code}"
    assert isinstance(error.details, ApiErrorDetails)
    assert error.details.additional_properties == details


VENDOR = Vendor(
    name="scripe",
    server_prefix="/v1",
    make_client=make_client,
    auth_headers={"Authorization": f"Bearer {API_KEY}"},
    error_reply=error_reply,
    check_error=check_error,
    unexpected_status=errors.UnexpectedStatus,
)

FILE_SOURCE = CreateFileSourceRequest(type_="file", upload_id="upl_acme_1", name="founder-podcast.m4a")
TEXT_SOURCE = CreateTextSourceRequest(
    type_="text", text="Welcome to the show.", name="notes", project_id="proj_1"
)


async def send_create_upload(via: Via, client: AuthenticatedClient) -> Response[ErrorEnvelope | UploadSingle]:
    return await call(
        via,
        create_upload.sync_detailed,
        create_upload.asyncio_detailed,
        client=client,
        body=CreateUploadRequest(content_type="audio/mpeg", max_size_bytes=52428800),
        scripe_api_version=API_VERSION,
        idempotency_key=IDEMPOTENCY_KEY,
    )


async def send_create_file_source(
    via: Via, client: AuthenticatedClient
) -> Response[ErrorEnvelope | JobSingle | SourceSingle]:
    return await call(
        via,
        create_source.sync_detailed,
        create_source.asyncio_detailed,
        client=client,
        body=FILE_SOURCE,
        scripe_api_version=API_VERSION,
        idempotency_key=IDEMPOTENCY_KEY,
    )


async def send_create_text_source(
    via: Via, client: AuthenticatedClient
) -> Response[ErrorEnvelope | JobSingle | SourceSingle]:
    return await call(
        via,
        create_source.sync_detailed,
        create_source.asyncio_detailed,
        client=client,
        body=TEXT_SOURCE,
        scripe_api_version=API_VERSION,
        idempotency_key=IDEMPOTENCY_KEY,
    )


async def send_get_job(via: Via, client: AuthenticatedClient) -> Response[ErrorEnvelope | JobSingle]:
    return await call(
        via,
        get_job.sync_detailed,
        get_job.asyncio_detailed,
        JOB_ID,
        client=client,
        wait_for_completion_ms=25000,
        scripe_api_version=API_VERSION,
    )


async def send_get_source(via: Via, client: AuthenticatedClient) -> Response[ErrorEnvelope | SourceSingle]:
    return await call(
        via,
        get_source.sync_detailed,
        get_source.asyncio_detailed,
        SOURCE_ID,
        client=client,
        scripe_api_version=API_VERSION,
    )


UPLOAD = {
    "data": {
        "id": "upl_acme_1",
        "uploadUrl": UPLOAD_URL,
        "contentType": "audio/mpeg",
        "maxSizeBytes": 52428800,
        "expiresAt": "2026-11-22T11:00:00Z",
    }
}


def check_upload(response: DetailedResponse) -> None:
    single = response.parsed
    assert isinstance(single, UploadSingle)
    upload = single.data
    assert (upload.id, upload.upload_url, upload.content_type) == ("upl_acme_1", UPLOAD_URL, "audio/mpeg")
    assert upload.max_size_bytes == 52428800
    assert upload.expires_at == datetime.datetime(2026, 11, 22, 11, 0, tzinfo=datetime.UTC)


def job_json(status: str, **fields: object) -> dict[str, object]:
    return {"data": {"id": "job_1", "type": "SOURCE_INGEST_FILE", "status": status, **fields}}


QUEUED_JOB = job_json(
    "QUEUED",
    projectId=None,
    startedAt=None,
    completedAt=None,
    progress=None,
    result=None,
    errorCode=None,
    errorMessage=None,
    attemptCount=0,
    estimatedCompletionMs=90000,
    createdAt="2026-11-22T10:00:00Z",
    updatedAt="2026-11-22T10:00:00Z",
)
DONE_JOB = job_json(
    "DONE",
    startedAt="2026-11-22T10:00:05Z",
    completedAt="2026-11-22T10:01:05Z",
    progress=None,
    result={"sourceId": "src_1"},
    attemptCount=1,
)


def check_queued_job(response: DetailedResponse) -> None:
    single = response.parsed
    assert isinstance(single, JobSingle)
    job = single.data
    assert (job.id, job.type_, job.status) == ("job_1", JobType.SOURCE_INGEST_FILE, JobStatus.QUEUED)
    assert (job.project_id, job.progress, job.result, job.started_at) == (None, None, None, None)
    assert (job.attempt_count, job.estimated_completion_ms) == (0, 90000)
    assert job.created_at == datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
    assert job.additional_properties == {}


def check_done_job(response: DetailedResponse) -> None:
    single = response.parsed
    assert isinstance(single, JobSingle)
    job = single.data
    assert job.status is JobStatus.DONE
    assert job.completed_at == datetime.datetime(2026, 11, 22, 10, 1, 5, tzinfo=datetime.UTC)
    assert isinstance(job.result, JobResult)
    assert (job.result.source_id, job.result.document_id) == ("src_1", UNSET)


SOURCE = {
    "data": {
        "id": "src_1",
        "projectId": "proj_1",
        "status": "Done",
        "name": "notes",
        "fileType": None,
        "durationSeconds": None,
        "createdAt": "2026-11-22T10:00:00Z",
        "updatedAt": "2026-11-22T10:00:01Z",
        "textPreview": "Welcome to the show.",
        "textPreviewTruncated": False,
        "hasFullText": True,
        "topics": [{"id": "tpc_1", "title": "Welcome", "hooks": [{"id": "hk_1", "content": "Hi!"}]}],
    }
}


def check_source(response: DetailedResponse) -> None:
    single = response.parsed
    assert isinstance(single, SourceSingle)
    source = single.data
    assert (source.id, source.project_id, source.status, source.name) == ("src_1", "proj_1", "Done", "notes")
    assert (source.file_type, source.duration_seconds) == (None, None)
    assert (source.text_preview, source.text_preview_truncated, source.has_full_text) == (
        "Welcome to the show.",
        False,
        True,
    )
    assert not isinstance(source.topics, Unset)
    [topic] = source.topics
    assert isinstance(topic, Topic)
    assert (topic.id, topic.title) == ("tpc_1", "Welcome")
    assert not isinstance(topic.hooks, Unset)
    assert [(hook.id, hook.content) for hook in topic.hooks] == [("hk_1", "Hi!")]


VERSION = {"Scripe-Api-Version": API_VERSION}
WRITE_HEADERS = {**VERSION, "Idempotency-Key": IDEMPOTENCY_KEY}
WRITE_ERRORS = (400, 401, 403, 409, 413, 422, 429)
READ_ERRORS = (400, 401, 403, 404, 429)

ENDPOINTS: list[Endpoint[AuthenticatedClient]] = [
    Endpoint(
        vendor=VENDOR,
        operation_id="createUpload",
        send=send_create_upload,
        request=ExpectedRequest(
            "POST",
            "/v1/uploads",
            headers=WRITE_HEADERS,
            json_body={"contentType": "audio/mpeg", "maxSizeBytes": 52428800},
        ),
        success=Reply.json(200, UPLOAD),
        check_success=check_upload,
        error_statuses=WRITE_ERRORS,
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="createSource",
        variant="file",
        send=send_create_file_source,
        request=ExpectedRequest(
            "POST",
            "/v1/sources",
            headers=WRITE_HEADERS,
            json_body={"type": "file", "uploadId": "upl_acme_1", "name": "founder-podcast.m4a"},
        ),
        success=Reply.json(200, QUEUED_JOB),
        check_success=check_queued_job,
        error_statuses=WRITE_ERRORS,
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="createSource",
        variant="text",
        send=send_create_text_source,
        request=ExpectedRequest(
            "POST",
            "/v1/sources",
            headers=WRITE_HEADERS,
            json_body={
                "type": "text",
                "text": "Welcome to the show.",
                "name": "notes",
                "projectId": "proj_1",
            },
        ),
        success=Reply.json(200, SOURCE),
        check_success=check_source,
        error_statuses=WRITE_ERRORS,
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="getJob",
        send=send_get_job,
        request=ExpectedRequest(
            "GET", f"/v1/jobs/{JOB_ID_IN_PATH}", query="wait_for_completion_ms=25000", headers=VERSION
        ),
        success=Reply.json(200, DONE_JOB),
        check_success=check_done_job,
        error_statuses=READ_ERRORS,
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="getSource",
        send=send_get_source,
        request=ExpectedRequest("GET", f"/v1/sources/{SOURCE_ID_IN_PATH}", headers=VERSION),
        success=Reply.json(200, SOURCE),
        check_success=check_source,
        error_statuses=READ_ERRORS,
    ),
]
