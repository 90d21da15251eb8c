"""Streamloop beyond the table: the nullable upload URL, relaxed Problem bodies, optional
headers, the media-kind enum and the bearer alternative to the API key."""

from __future__ import annotations

import pytest
from presignkit_streamloop import AuthenticatedClient
from presignkit_streamloop.api.uploads import create_upload, generate_upload_url, get_upload
from presignkit_streamloop.models import Problem, Upload, UploadType
from presignkit_streamloop.types import UNSET

from tests.generated import effective_specs
from tests.generated.calling import SHARED_SSL_CONTEXT, ClientJar, Via, call
from tests.generated.cases.streamloop import (
    CREATE_BODY,
    PRESIGNED_URL,
    UPLOAD_ID,
    UPLOAD_ID_IN_PATH,
    WORKSPACE,
    make_client,
    upload_json,
)
from tests.generated.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("payload", "parsed"), [(None, None), (PRESIGNED_URL, PRESIGNED_URL)], ids=["null", "url"]
)
async def test_upload_url_200_may_be_null_or_a_string(
    payload: str | None, parsed: str | None, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, payload))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, generate_upload_url.sync_detailed, generate_upload_url.asyncio_detailed, UPLOAD_ID, client=client
    )

    # A documented null: status 200 tells it apart from an undocumented status, also parsed None.
    assert response.status_code == 200
    assert response.parsed == parsed
    assert response.content == (b"null" if payload is None else f'"{PRESIGNED_URL}"'.encode())


async def test_problem_without_code_detail_or_type_still_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    """Overlay 01 keeps only title and status required."""
    server.queue(
        Reply.json(
            404,
            {"title": "Not Found", "status": 404, "instance": "/v1/uploads/x"},
            content_type="application/problem+json",
        )
    )
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, get_upload.sync_detailed, get_upload.asyncio_detailed, UPLOAD_ID, client=client
    )

    problem = response.parsed
    assert isinstance(problem, Problem)
    assert (problem.status, problem.title) == (404, "Not Found")
    assert (problem.code, problem.detail, problem.type_) == (UNSET, UNSET, UNSET)
    assert problem.additional_properties == {"instance": "/v1/uploads/x"}


async def test_optional_headers_are_left_out_when_not_given(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(201, upload_json(uploaded=False)))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, create_upload.sync_detailed, create_upload.asyncio_detailed, client=client, body=CREATE_BODY
    )

    assert isinstance(response.parsed, Upload)
    request = server.only_request()
    assert request.header("X-Workspace-Id") is None
    assert request.header("Idempotency-Key") is None
    assert request.header("X-API-Key") == make_client("").token


@pytest.mark.parametrize("kind", list(UploadType), ids=str)
async def test_every_media_kind_parses(
    kind: UploadType, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, {**upload_json(uploaded=True), "type": kind.value}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, get_upload.sync_detailed, get_upload.asyncio_detailed, UPLOAD_ID, client=client
    )

    assert isinstance(response.parsed, Upload)
    assert response.parsed.type_ is kind


def test_media_kind_enum_is_the_spec_enum() -> None:
    schemas = effective_specs.load("streamloop")["components"]["schemas"]
    assert {kind.value for kind in UploadType} == set(schemas["S3Object"]["properties"]["type"]["enum"])


async def test_rate_limit_headers_are_readable(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    limits = {"RateLimit-Limit": "600", "RateLimit-Remaining": "599", "RateLimit-Reset": "60"}
    server.queue(Reply.json(200, upload_json(uploaded=True), headers=limits))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via, get_upload.sync_detailed, get_upload.asyncio_detailed, UPLOAD_ID, client=client
    )

    assert {name: response.headers[name] for name in limits} == limits


async def test_bearer_token_instead_of_api_key(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    """The spec also accepts an OAuth bearer token (bearerAuth), with no X-API-Key."""
    server.queue(Reply.json(200, upload_json(uploaded=True)))
    client = clients.keep(
        AuthenticatedClient(
            base_url=f"{server.base_url}/v1", token="eyJhbGciOi.jwt", verify_ssl=SHARED_SSL_CONTEXT
        )
    )

    response = await call(
        via,
        get_upload.sync_detailed,
        get_upload.asyncio_detailed,
        UPLOAD_ID,
        client=client,
        x_workspace_id=WORKSPACE,
    )

    assert isinstance(response.parsed, Upload)
    request = server.only_request()
    assert request.path == f"/v1/uploads/{UPLOAD_ID_IN_PATH}"
    assert request.header("Authorization") == "Bearer eyJhbGciOi.jwt"
    assert request.header("X-API-Key") is None
