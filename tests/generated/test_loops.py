"""Loops beyond the table: the retryable 425/429 on complete (overlay 01) with Retry-After,
bodies without `success` (overlay 03), and the content-type enum (overlay 02)."""

from __future__ import annotations

import pytest
from presignkit_loops.api.uploads import complete_upload, create_upload
from presignkit_loops.models import (
    CompleteUploadResponse,
    CreateUploadRequest,
    CreateUploadRequestContentType,
    CreateUploadResponse,
    UploadFailureResponse,
)
from presignkit_loops.types import UNSET

from tests.generated import effective_specs
from tests.generated.calling import ClientJar, Via, call
from tests.generated.cases.loops import (
    COMPLETED,
    CREATED,
    EMAIL_ASSET_ID,
    EMAIL_ASSET_ID_IN_PATH,
    FAILURES,
    make_client,
)
from tests.generated.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("status", [425, 429])
async def test_complete_retryable_status_then_success(
    status: int, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(
        Reply.json(status, FAILURES[status], headers={"Retry-After": "3"}), Reply.json(200, COMPLETED)
    )
    client = clients.keep(make_client(server.base_url))

    first = await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )
    second = await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )

    assert first.status_code == status
    assert isinstance(first.parsed, UploadFailureResponse)
    assert first.parsed.message == FAILURES[status]["message"]
    assert int(first.headers["Retry-After"]) == 3
    assert isinstance(second.parsed, CompleteUploadResponse)
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", f"/api/v1/uploads/{EMAIL_ASSET_ID_IN_PATH}/complete")
    ] * 2


async def test_retry_after_is_optional_on_429(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    server.queue(Reply.json(429, FAILURES[429]))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )

    assert isinstance(response.parsed, UploadFailureResponse)
    assert (response.parsed.max_uploads, response.parsed.window_hours) == (100, 24)
    assert "Retry-After" not in response.headers


def _without_success(body: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in body.items() if key != "success"}


async def test_create_without_success_flag_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, _without_success(CREATED)))
    client = clients.keep(make_client(server.base_url))
    body = CreateUploadRequest(content_type=CreateUploadRequestContentType.JPEG, content_length=1)

    response = await call(
        via, create_upload.sync_detailed, create_upload.asyncio_detailed, client=client, body=body
    )

    assert isinstance(response.parsed, CreateUploadResponse)
    assert (response.parsed.success, response.parsed.email_asset_id) == (UNSET, "ea_1")


async def test_complete_without_success_flag_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, _without_success(COMPLETED)))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )

    assert isinstance(response.parsed, CompleteUploadResponse)
    assert (response.parsed.success, response.parsed.final_url) == (UNSET, COMPLETED["finalUrl"])


async def test_failure_without_success_flag_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(404, {"message": "Email asset not found."}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, complete_upload.sync_detailed, complete_upload.asyncio_detailed, EMAIL_ASSET_ID, client=client
    )

    assert isinstance(response.parsed, UploadFailureResponse)
    assert (response.parsed.success, response.parsed.message) == (UNSET, "Email asset not found.")


@pytest.mark.parametrize("content_type", list(CreateUploadRequestContentType), ids=lambda member: member.name)
async def test_content_type_members_send_their_mime_type(
    content_type: CreateUploadRequestContentType, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, CREATED))
    client = clients.keep(make_client(server.base_url))
    body = CreateUploadRequest(content_type=content_type, content_length=4000000)

    await call(via, create_upload.sync_detailed, create_upload.asyncio_detailed, client=client, body=body)

    # emailMessageId left unset is left out, not sent as null.
    assert server.only_request().json() == {"contentType": content_type.value, "contentLength": 4000000}


def test_content_type_members_are_named_by_overlay() -> None:
    spec_property = effective_specs.load("loops")["components"]["schemas"]["CreateUploadRequest"][
        "properties"
    ]
    names_by_value = dict(
        zip(
            spec_property["contentType"]["enum"], spec_property["contentType"]["x-enum-varnames"], strict=True
        )
    )
    assert {member.value: member.name for member in CreateUploadRequestContentType} == names_by_value
    assert names_by_value == {
        "image/jpeg": "JPEG",
        "image/png": "PNG",
        "image/gif": "GIF",
        "image/webp": "WEBP",
    }
