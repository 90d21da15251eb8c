"""Scripe beyond the table: idempotent replays and the 409 conflict, every JobStatus, what the
overlays relaxed (sparse errors, jobs and sources), optional headers and query, rate-limit headers."""

from __future__ import annotations

import json

import pytest
from presignkit_scripe.api.jobs import get_job
from presignkit_scripe.api.sources import create_source, get_source
from presignkit_scripe.api.uploads import create_upload
from presignkit_scripe.models import (
    CreateUploadRequest,
    ErrorEnvelope,
    JobSingle,
    JobStatus,
    JobType,
    SourceSingle,
    UploadSingle,
)
from presignkit_scripe.types import UNSET

from tests.generated import effective_specs
from tests.generated.calling import ClientJar, Via, call
from tests.generated.cases.scripe import (
    FILE_SOURCE,
    IDEMPOTENCY_KEY,
    JOB_ID,
    JOB_ID_IN_PATH,
    SOURCE_ID,
    UPLOAD,
    error_json,
    job_json,
    make_client,
)
from tests.generated.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.anyio


async def test_replay_then_idempotency_conflict(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    """The same key with the same body replays; with a different body it answers 409."""
    server.queue(
        Reply.json(200, UPLOAD, headers={"Idempotent-Replayed": "true"}),
        Reply.json(409, error_json(409)),
    )
    client = clients.keep(make_client(server.base_url))

    replayed = await call(
        via,
        create_upload.sync_detailed,
        create_upload.asyncio_detailed,
        client=client,
        body=CreateUploadRequest(content_type="audio/mpeg", max_size_bytes=52428800),
        idempotency_key=IDEMPOTENCY_KEY,
    )
    conflict = await call(
        via,
        create_upload.sync_detailed,
        create_upload.asyncio_detailed,
        client=client,
        body=CreateUploadRequest(content_type="video/mp4"),
        idempotency_key=IDEMPOTENCY_KEY,
    )

    assert isinstance(replayed.parsed, UploadSingle)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert conflict.status_code == 409
    assert isinstance(conflict.parsed, ErrorEnvelope)
    assert conflict.parsed.error.code == "idempotency_key_conflict"
    first, second = server.requests
    assert first.header("Idempotency-Key") == second.header("Idempotency-Key") == IDEMPOTENCY_KEY
    assert (first.json(), second.json()) == (
        {"contentType": "audio/mpeg", "maxSizeBytes": 52428800},
        {"contentType": "video/mp4"},
    )


def test_job_status_enum_is_the_spec_enum() -> None:
    schemas = effective_specs.load("scripe")["components"]["schemas"]
    assert {status.value for status in JobStatus} == set(schemas["JobStatus"]["enum"])
    assert {status.value for status in JobStatus} == {"QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED"}
    assert {job_type.value for job_type in JobType} == set(schemas["JobType"]["enum"])


@pytest.mark.parametrize("status", list(JobStatus), ids=str)
async def test_every_job_status_parses(
    status: JobStatus, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    failed = {"errorCode": "transcription_failed", "errorMessage": "No audio track."}
    server.queue(Reply.json(200, job_json(status.value, **(failed if status is JobStatus.FAILED else {}))))
    client = clients.keep(make_client(server.base_url))

    response = await call(via, get_job.sync_detailed, get_job.asyncio_detailed, JOB_ID, client=client)

    assert isinstance(response.parsed, JobSingle)
    job = response.parsed.data
    assert job.status is status
    if status is JobStatus.FAILED:
        assert (job.error_code, job.error_message) == ("transcription_failed", "No audio track.")
    else:
        assert (job.error_code, job.error_message) == (UNSET, UNSET)


async def test_unknown_job_status_fails_the_parse(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    """Pins current behaviour: JobStatus is a closed enum (overlay 02 keeps `status` required and
    typed), so a status Scripe adds later raises ValueError inside the generated client."""
    server.queue(Reply.json(200, job_json("PAUSED")))
    client = clients.keep(make_client(server.base_url))

    with pytest.raises(ValueError, match="PAUSED"):
        await call(via, get_job.sync_detailed, get_job.asyncio_detailed, JOB_ID, client=client)


async def test_sparse_job_parses(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    server.queue(Reply.json(200, job_json("RUNNING")))
    client = clients.keep(make_client(server.base_url))

    response = await call(via, get_job.sync_detailed, get_job.asyncio_detailed, JOB_ID, client=client)

    assert isinstance(response.parsed, JobSingle)
    job = response.parsed.data
    assert (job.id, job.type_, job.status) == ("job_1", JobType.SOURCE_INGEST_FILE, JobStatus.RUNNING)
    assert (job.progress, job.result, job.project_id, job.created_at) == (UNSET,) * 4
    # Without wait_for_completion_ms no query string is sent.
    request = server.only_request()
    assert (request.path, request.query) == (f"/v1/jobs/{JOB_ID_IN_PATH}", "")
    assert request.header("Scripe-Api-Version") is None


async def test_sparse_source_parses(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    sparse = {"id": "src_2", "status": "Success", "textPreviewTruncated": True, "hasFullText": True}
    server.queue(Reply.json(200, {"data": sparse}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, get_source.sync_detailed, get_source.asyncio_detailed, SOURCE_ID, client=client
    )

    assert isinstance(response.parsed, SourceSingle)
    source = response.parsed.data
    assert (source.id, source.status, source.text_preview_truncated) == ("src_2", "Success", True)
    assert (source.project_id, source.name, source.duration_seconds, source.topics) == (UNSET,) * 4


async def test_file_source_answered_with_a_source_still_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    """The 200 is a oneOf told apart by shape, not by the request: a Source body is a Source."""
    source = {"id": "src_3", "status": "Done", "textPreviewTruncated": False, "hasFullText": False}
    server.queue(Reply.json(200, {"data": source}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, create_source.sync_detailed, create_source.asyncio_detailed, client=client, body=FILE_SOURCE
    )

    assert isinstance(response.parsed, SourceSingle)
    assert response.parsed.data.id == "src_3"


async def test_error_without_request_id_or_docs_url_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    """Overlay 01: an edge error may carry only code and message."""
    server.queue(Reply.json(413, {"error": {"code": "payload_too_large", "message": "Body over 4 MB."}}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, create_source.sync_detailed, create_source.asyncio_detailed, client=client, body=FILE_SOURCE
    )

    assert isinstance(response.parsed, ErrorEnvelope)
    error = response.parsed.error
    assert (error.code, error.message) == ("payload_too_large", "Body over 4 MB.")
    assert (error.request_id, error.docs_url, error.details) == (UNSET, UNSET, UNSET)


async def test_non_json_error_body_fails_the_parse(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    """Pins current behaviour: a documented status with a body that is not JSON (as an edge proxy
    may send for 413) raises JSONDecodeError inside the generated client, not a parsed error."""
    server.queue(Reply(413, b"<html><body>413 Request Entity Too Large</body></html>", "text/html"))
    client = clients.keep(make_client(server.base_url))

    with pytest.raises(json.JSONDecodeError):
        await call(
            via, create_source.sync_detailed, create_source.asyncio_detailed, client=client, body=FILE_SOURCE
        )


async def test_rate_limit_headers_are_readable(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    limits = {
        "Retry-After": "12",
        "X-RateLimit-Limit": "120",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "12",
    }
    server.queue(Reply.json(429, error_json(429), headers=limits))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, get_source.sync_detailed, get_source.asyncio_detailed, SOURCE_ID, client=client
    )

    assert isinstance(response.parsed, ErrorEnvelope)
    assert response.parsed.error.code == "rate_limited"
    assert {name: response.headers[name] for name in limits} == limits
