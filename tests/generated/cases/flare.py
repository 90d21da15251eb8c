"""Flare: bearer API key, videos and upload presigning, FlareError errors (all assumed)."""

from __future__ import annotations

import datetime

from presignkit_flare import AuthenticatedClient, errors
from presignkit_flare.api.uploads import presign_video_upload
from presignkit_flare.api.videos import create_video, list_videos
from presignkit_flare.models import (
    CreatedVideo,
    CreateVideoRequest,
    FlareError,
    PresignedUpload,
    PresignedUploadHeaders,
    PresignVideoUploadRequest,
    Video,
    VideoList,
)
from presignkit_flare.types import UNSET, Response

from tests.generated.calling import SHARED_SSL_CONTEXT, DetailedResponse, Via, call
from tests.generated.scripted_server import Reply
from tests.generated.table import Endpoint, ExpectedRequest, Vendor

API_KEY = "flr_pat_test_51b0"
UPLOAD_URL = "https://storage.flare.link/vid_new1/composite/demo.mp4?X-Amz-Signature=abc"
PUBLIC_URL = "https://videos.flare.link/vid_new1/composite/demo.mp4"

_ERROR_TEXTS = {
    400: "fileName is required",
    401: "Invalid API key",
    403: "This key lacks the videos:write scope",
    404: "Video not found",
    429: "Too many requests",
    500: "Internal server error",
}


def make_client(origin: str, raise_on_unexpected_status: bool = False) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=origin,
        token=API_KEY,
        raise_on_unexpected_status=raise_on_unexpected_status,
        verify_ssl=SHARED_SSL_CONTEXT,
    )


def error_reply(status: int) -> Reply:
    # "code" is not in FlareError: it must be kept, not dropped, since the body is an assumption.
    return Reply.json(status, {"success": False, "error": _ERROR_TEXTS[status], "code": f"E{status}"})


def check_error(status: int, response: DetailedResponse) -> None:
    error = response.parsed
    assert isinstance(error, FlareError)
    assert (error.success, error.error, error.message) == (False, _ERROR_TEXTS[status], UNSET)
    assert error.additional_properties == {"code": f"E{status}"}


VENDOR = Vendor(
    name="flare",
    server_prefix="",
    make_client=make_client,
    auth_headers={"Authorization": f"Bearer {API_KEY}"},
    error_reply=error_reply,
    check_error=check_error,
    unexpected_status=errors.UnexpectedStatus,
)


async def send_list_videos(via: Via, client: AuthenticatedClient) -> Response[FlareError | VideoList]:
    return await call(via, list_videos.sync_detailed, list_videos.asyncio_detailed, client=client)


async def send_create_video(via: Via, client: AuthenticatedClient) -> Response[CreatedVideo | FlareError]:
    body = CreateVideoRequest(
        file_name="demo.mp4",
        s_3_key="vid_demo_123",
        source="composite",
        width=1920,
        height=1080,
        duration=120.5,
    )
    return await call(
        via, create_video.sync_detailed, create_video.asyncio_detailed, client=client, body=body
    )


async def send_presign_video_upload(
    via: Via, client: AuthenticatedClient
) -> Response[FlareError | PresignedUpload]:
    body = PresignVideoUploadRequest(video_id="vid_new1", file_name="demo.mp4")
    return await call(
        via,
        presign_video_upload.sync_detailed,
        presign_video_upload.asyncio_detailed,
        client=client,
        body=body,
    )


VIDEOS = {
    "success": True,
    "videos": [
        {
            "id": "vid_abc123",
            "fileName": "product-demo.mp4",
            "duration": 120,
            "createdAt": "2025-01-15T10:30:00.000Z",
            "thumbnailUrl": "https://videos.flare.link/vid_abc123/thumb.jpg",
        },
        {"id": "vid_def456"},
    ],
}


def check_videos(response: DetailedResponse) -> None:
    listing = response.parsed
    assert isinstance(listing, VideoList)
    assert listing.success is True
    first, second = listing.videos
    assert isinstance(first, Video)
    assert (first.id, first.file_name, first.duration) == ("vid_abc123", "product-demo.mp4", 120)
    assert first.created_at == datetime.datetime(2025, 1, 15, 10, 30, tzinfo=datetime.UTC)
    assert first.additional_properties == {"thumbnailUrl": "https://videos.flare.link/vid_abc123/thumb.jpg"}
    assert (second.id, second.file_name, second.created_at) == ("vid_def456", UNSET, UNSET)


def check_created(response: DetailedResponse) -> None:
    created = response.parsed
    assert isinstance(created, CreatedVideo)
    assert created.success is True
    assert isinstance(created.video, Video)
    assert (created.video.id, created.video.file_name) == ("vid_new1", "demo.mp4")


PRESIGNED = {
    "success": True,
    "uploadUrl": UPLOAD_URL,
    "method": "PUT",
    "headers": {"Content-Type": "video/mp4"},
    "publicUrl": PUBLIC_URL,
}


def check_presigned(response: DetailedResponse) -> None:
    presigned = response.parsed
    assert isinstance(presigned, PresignedUpload)
    assert (presigned.success, presigned.upload_url, presigned.method) == (True, UPLOAD_URL, "PUT")
    assert presigned.public_url == PUBLIC_URL
    assert isinstance(presigned.headers, PresignedUploadHeaders)
    assert presigned.headers.additional_properties == {"Content-Type": "video/mp4"}


ENDPOINTS: list[Endpoint[AuthenticatedClient]] = [
    Endpoint(
        vendor=VENDOR,
        operation_id="listVideos",
        send=send_list_videos,
        request=ExpectedRequest("GET", "/api/videos"),
        success=Reply.json(200, VIDEOS),
        check_success=check_videos,
        error_statuses=(400, 401, 403, 429, 500),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="createVideo",
        send=send_create_video,
        request=ExpectedRequest(
            "POST",
            "/api/video/create",
            json_body={
                "fileName": "demo.mp4",
                "s3Key": "vid_demo_123",
                "source": "composite",
                "width": 1920,
                "height": 1080,
                "duration": 120.5,
            },
        ),
        success=Reply.json(200, {"success": True, "video": {"id": "vid_new1", "fileName": "demo.mp4"}}),
        check_success=check_created,
        error_statuses=(400, 401, 403, 429, 500),
    ),
    Endpoint(
        vendor=VENDOR,
        operation_id="presignVideoUpload",
        send=send_presign_video_upload,
        request=ExpectedRequest(
            "POST", "/api/video/upload/presign", json_body={"videoId": "vid_new1", "fileName": "demo.mp4"}
        ),
        success=Reply.json(200, PRESIGNED),
        check_success=check_presigned,
        error_statuses=(400, 401, 403, 404, 429, 500),
    ),
]
