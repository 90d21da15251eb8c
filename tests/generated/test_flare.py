"""Flare beyond the table: what overlay 01 relaxed (sparse presign answers, a createVideo answer
without `video`), error bodies in other shapes, and minimal requests."""

from __future__ import annotations

import pytest
from presignkit_flare.api.uploads import presign_video_upload
from presignkit_flare.api.videos import create_video, list_videos
from presignkit_flare.models import (
    CreatedVideo,
    CreateVideoRequest,
    FlareError,
    PresignedUpload,
    PresignVideoUploadRequest,
    VideoList,
)
from presignkit_flare.types import UNSET

from tests.generated.calling import ClientJar, Via, call
from tests.generated.cases.flare import UPLOAD_URL, make_client
from tests.generated.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.anyio

PRESIGN_BODY = PresignVideoUploadRequest(video_id="vid_new1", file_name="demo.mp4")


async def test_presign_answer_with_only_upload_url_parses(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, {"uploadUrl": UPLOAD_URL}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via,
        presign_video_upload.sync_detailed,
        presign_video_upload.asyncio_detailed,
        client=client,
        body=PRESIGN_BODY,
    )

    presigned = response.parsed
    assert isinstance(presigned, PresignedUpload)
    assert presigned.upload_url == UPLOAD_URL
    assert (presigned.success, presigned.method, presigned.headers, presigned.public_url) == (UNSET,) * 4


async def test_presign_method_is_a_plain_string(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    """No enum on `method`: an unexpected one reaches the facade instead of failing the parse."""
    server.queue(Reply.json(200, {"uploadUrl": UPLOAD_URL, "method": "POST", "fields": {"key": "k"}}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via,
        presign_video_upload.sync_detailed,
        presign_video_upload.asyncio_detailed,
        client=client,
        body=PRESIGN_BODY,
    )

    assert isinstance(response.parsed, PresignedUpload)
    assert response.parsed.method == "POST"
    assert response.parsed.additional_properties == {"fields": {"key": "k"}}


async def test_created_video_without_video_keeps_top_level_keys(
    via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(200, {"success": True, "videoId": "vid_new1"}))
    client = clients.keep(make_client(server.base_url))

    response = await call(
        via,
        create_video.sync_detailed,
        create_video.asyncio_detailed,
        client=client,
        body=CreateVideoRequest(file_name="demo.mp4"),
    )

    created = response.parsed
    assert isinstance(created, CreatedVideo)
    assert (created.success, created.video) == (True, UNSET)
    assert created.additional_properties == {"videoId": "vid_new1"}
    # Only the required field is sent when nothing else is given.
    assert server.only_request().json() == {"fileName": "demo.mp4"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": "Unauthorized"},
        {"success": False, "error": "Invalid token", "message": "Sign in again"},
    ],
    ids=["empty", "message-only", "both-texts"],
)
async def test_error_body_in_any_documented_shape_parses(
    body: dict[str, object], via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(401, body))
    client = clients.keep(make_client(server.base_url))

    response = await call(via, list_videos.sync_detailed, list_videos.asyncio_detailed, client=client)

    error = response.parsed
    assert isinstance(error, FlareError)
    assert error.to_dict() == body
    assert error.additional_properties == {}


async def test_empty_video_list(via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    server.queue(Reply.json(200, {"success": True, "videos": [], "nextCursor": None}))
    client = clients.keep(make_client(server.base_url))

    response = await call(via, list_videos.sync_detailed, list_videos.asyncio_detailed, client=client)

    assert isinstance(response.parsed, VideoList)
    assert response.parsed.videos == []
    assert response.parsed.additional_properties == {"nextCursor": None}
