"""Flare stand-in: the upload workflow and each rule it enforces, over real HTTP."""

# Test parameters named after the plugin fixtures imported below count as redefinitions.
from __future__ import annotations

import httpx
import pytest

from presignkit.sandbox.sandbox import Sandbox

# The plugin's fixtures, until the pytest11 entry point registers them for the whole session.

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x02" * 64


def _headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.credentials('flare')['FLARE_API_TOKEN']}"}


def _post(sandbox: Sandbox, client: httpx.Client, path: str, body: object) -> httpx.Response:
    return client.post(f"{sandbox.base_url('flare')}{path}", json=body, headers=_headers(sandbox))


def _video(sandbox: Sandbox, client: httpx.Client, file_name: str = "demo.mp4") -> str:
    video_id: str = _post(sandbox, client, "/api/video/create", {"fileName": file_name}).json()["video"]["id"]
    return video_id


def test_round_trip(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    created = _post(
        presignkit_sandbox, client, "/api/video/create", {"fileName": "demo.mp4", "source": "composite"}
    )
    assert created.status_code == 200 and created.json()["success"] is True
    video_id = created.json()["video"]["id"]
    presigned = _post(
        presignkit_sandbox, client, "/api/video/upload/presign", {"videoId": video_id, "fileName": "demo.mp4"}
    )
    assert presigned.status_code == 200
    plan = presigned.json()
    assert plan["method"] == "PUT"
    assert plan["headers"] == {"Content-Type": "video/mp4"}
    assert (
        client.request(plan["method"], plan["uploadUrl"], content=VIDEO, headers=plan["headers"]).status_code
        == 200
    )
    assert client.get(plan["publicUrl"]).content == VIDEO
    assert presignkit_sandbox.assets("flare") == [video_id]
    listed = client.get(
        f"{presignkit_sandbox.base_url('flare')}/api/videos", headers=_headers(presignkit_sandbox)
    )
    assert [video["id"] for video in listed.json()["videos"]] == [video_id]


def test_content_type_comes_from_the_extension_and_is_signed(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    video_id = _video(presignkit_sandbox, client, "trailer.MOV")
    plan = _post(
        presignkit_sandbox,
        client,
        "/api/video/upload/presign",
        {"videoId": video_id, "fileName": "trailer.MOV"},
    ).json()
    assert plan["headers"] == {"Content-Type": "video/quicktime"}
    assert (
        client.put(plan["uploadUrl"], content=VIDEO, headers={"Content-Type": "video/mp4"}).status_code == 403
    )


def test_unknown_extension_is_400_naming_the_accepted_ones(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    video_id = _video(presignkit_sandbox, client)
    response = _post(
        presignkit_sandbox,
        client,
        "/api/video/upload/presign",
        {"videoId": video_id, "fileName": "notes.txt"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and body["error"] == "unsupported_file_type"
    assert ".mp4" in body["message"]


def test_unknown_video_is_404(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(
        presignkit_sandbox, client, "/api/video/upload/presign", {"videoId": "vid_nope", "fileName": "a.mp4"}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "authorization", [None, "Bearer flr_pat_not_the_sandbox_token", "Bearer sk_live_other_format"]
)
def test_wrong_or_missing_token_is_401(
    presignkit_sandbox: Sandbox, client: httpx.Client, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post(
        f"{presignkit_sandbox.base_url('flare')}/api/video/create",
        json={"fileName": "a.mp4"},
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json()["success"] is False
    assert presignkit_sandbox.assets("flare") == []


def test_body_against_spec_is_400(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/api/video/create", {"source": "composite"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert "fileName" in response.json()["message"]


def test_fault_answers_in_flare_shape(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    video_id = _video(presignkit_sandbox, client)
    presignkit_sandbox.faults.fail_next("flare.presignVideoUpload", 1, status=500)
    body = {"videoId": video_id, "fileName": "demo.mp4"}
    failed = _post(presignkit_sandbox, client, "/api/video/upload/presign", body)
    assert failed.status_code == 500
    assert failed.json()["success"] is False and failed.json()["error"] == "internal_error"
    assert _post(presignkit_sandbox, client, "/api/video/upload/presign", body).status_code == 200
