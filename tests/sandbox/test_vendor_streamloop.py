"""Streamloop stand-in: the upload workflow and each rule it enforces, over real HTTP."""

# Test parameters named after the plugin fixtures imported below count as redefinitions.
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from presignkit.sandbox.sandbox import Sandbox

# The plugin's fixtures, until the pytest11 entry point registers them for the whole session.

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 100
NEW_UPLOAD = {"mimeType": "video/mp4", "name": "clip.mp4", "type": "video"}


def _headers(sandbox: Sandbox, **extra: str) -> dict[str, str]:
    keys = sandbox.credentials("streamloop")
    return {
        "X-API-Key": keys["STREAMLOOP_API_KEY"],
        "X-Workspace-Id": keys["STREAMLOOP_WORKSPACE_ID"],
        **extra,
    }


def _post(
    sandbox: Sandbox, client: httpx.Client, path: str, body: Any = None, **headers: str
) -> httpx.Response:
    return client.post(
        f"{sandbox.base_url('streamloop')}{path}", json=body, headers=_headers(sandbox, **headers)
    )


def _create_with_url(sandbox: Sandbox, client: httpx.Client) -> tuple[str, str]:
    upload_id = _post(sandbox, client, "/uploads", NEW_UPLOAD).json()["id"]
    url = _post(sandbox, client, f"/uploads/{upload_id}/upload-url").json()
    return upload_id, url


def test_round_trip(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    created = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD)
    assert created.status_code == 201
    assert created.json()["uploaded"] is False
    upload_id = created.json()["id"]
    url_response = _post(presignkit_sandbox, client, f"/uploads/{upload_id}/upload-url")
    assert url_response.status_code == 200
    url = url_response.json()
    query = parse_qs(urlsplit(url).query)
    assert "content-type" in query["X-Amz-SignedHeaders"][0].split(";")
    assert query["X-Amz-Expires"] == [str(11 * 3600)]
    assert client.put(url, content=VIDEO, headers={"Content-Type": "video/mp4"}).status_code == 200
    completed = _post(presignkit_sandbox, client, f"/uploads/{upload_id}/complete")
    assert completed.status_code == 200
    assert completed.json()["fileSize"] == len(VIDEO)
    fetched = client.get(
        f"{presignkit_sandbox.base_url('streamloop')}/uploads/{upload_id}",
        headers=_headers(presignkit_sandbox),
    )
    assert fetched.json()["uploaded"] is True
    assert presignkit_sandbox.assets("streamloop") == [upload_id]


def test_upload_url_is_null_once_completed(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    upload_id, url = _create_with_url(presignkit_sandbox, client)
    client.put(url, content=VIDEO, headers={"Content-Type": "video/mp4"})
    _post(presignkit_sandbox, client, f"/uploads/{upload_id}/complete")
    again = _post(presignkit_sandbox, client, f"/uploads/{upload_id}/upload-url")
    assert again.status_code == 200
    assert again.json() is None


def test_complete_before_upload_is_a_problem_and_not_replayed(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    upload_id, url = _create_with_url(presignkit_sandbox, client)
    early = _post(
        presignkit_sandbox, client, f"/uploads/{upload_id}/complete", **{"Idempotency-Key": "done-1"}
    )
    assert early.status_code == 422
    assert early.headers["content-type"] == "application/problem+json"
    assert early.json()["code"] == "UPLOAD_NOT_RECEIVED"
    client.put(url, content=VIDEO, headers={"Content-Type": "video/mp4"})
    later = _post(
        presignkit_sandbox, client, f"/uploads/{upload_id}/complete", **{"Idempotency-Key": "done-1"}
    )
    assert later.status_code == 200
    assert "idempotency-replayed" not in later.headers


def test_unknown_upload_is_404(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/uploads/upl_nope/complete")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_missing_credentials_are_401(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = client.post(f"{presignkit_sandbox.base_url('streamloop')}/uploads", json=NEW_UPLOAD)
    assert response.status_code == 401
    problem = response.json()
    assert set(problem) >= {"type", "title", "status", "code", "detail"}
    assert problem["status"] == 401


def test_wrong_api_key_is_401(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"X-API-Key": "sl_wrong"})
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED"


def test_api_key_without_workspace_is_400_workspace_required(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    key = presignkit_sandbox.credentials("streamloop")["STREAMLOOP_API_KEY"]
    response = client.post(
        f"{presignkit_sandbox.base_url('streamloop')}/uploads", json=NEW_UPLOAD, headers={"X-API-Key": key}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "WORKSPACE_REQUIRED"


def test_other_workspace_is_403(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"X-Workspace-Id": "wksp_other"})
    assert response.status_code == 403


def test_bearer_token_needs_no_workspace(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    url = f"{presignkit_sandbox.base_url('streamloop')}/uploads"
    token = presignkit_sandbox.alternative_credentials("streamloop")["STREAMLOOP_ACCESS_TOKEN"]
    good = {"Authorization": f"Bearer {token}"}
    assert client.post(url, json=NEW_UPLOAD, headers=good).status_code == 201
    bad = client.post(url, json=NEW_UPLOAD, headers={"Authorization": "Bearer stale"})
    assert bad.status_code == 401


def test_invalid_body_is_422_problem(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/uploads", {**NEW_UPLOAD, "type": "document"})
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_FAILED"
    assert "document" in response.json()["detail"]


def test_idempotency_replay_returns_the_first_response(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    first = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"Idempotency-Key": "k-1"})
    replay = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"Idempotency-Key": "k-1"})
    assert (replay.status_code, replay.json()) == (first.status_code, first.json())
    assert replay.headers["idempotency-replayed"] == "true"
    assert "idempotency-replayed" not in first.headers
    assert presignkit_sandbox.assets("streamloop") == [first.json()["id"]]


def test_idempotency_key_reused_with_another_body_is_422(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"Idempotency-Key": "k-2"})
    other = _post(
        presignkit_sandbox, client, "/uploads", {**NEW_UPLOAD, "name": "b.mp4"}, **{"Idempotency-Key": "k-2"}
    )
    assert other.status_code == 422
    assert other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(presignkit_sandbox.assets("streamloop")) == 1


def test_5xx_is_not_remembered(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    presignkit_sandbox.faults.fail_next("streamloop.createUpload", 1, status=503)
    failed = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"Idempotency-Key": "k-3"})
    assert failed.status_code == 503
    retried = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD, **{"Idempotency-Key": "k-3"})
    assert retried.status_code == 201
    assert "idempotency-replayed" not in retried.headers
    assert len(presignkit_sandbox.assets("streamloop")) == 1


@pytest.mark.parametrize("route", ["streamloop.generateUploadUrl", "streamloop"])
def test_fault_answers_a_problem_with_retry_after(
    presignkit_sandbox: Sandbox, client: httpx.Client, route: str
) -> None:
    upload_id = _post(presignkit_sandbox, client, "/uploads", NEW_UPLOAD).json()["id"]
    presignkit_sandbox.faults.fail_next(route, 1, status=429, retry_after=7)
    failed = _post(presignkit_sandbox, client, f"/uploads/{upload_id}/upload-url")
    assert failed.status_code == 429
    assert failed.headers["retry-after"] == "7"
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.json()["code"] == "RATE_LIMITED" and failed.json()["status"] == 429
    assert _post(presignkit_sandbox, client, f"/uploads/{upload_id}/upload-url").status_code == 200
