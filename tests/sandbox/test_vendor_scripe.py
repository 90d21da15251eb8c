"""Scripe stand-in: the upload workflow and each rule it enforces, over real HTTP."""

# Test parameters named after the plugin fixtures imported below count as redefinitions.
from __future__ import annotations

from typing import Any

import httpx
import pytest

from presignkit.sandbox.sandbox import Sandbox

# The plugin's fixtures, until the pytest11 entry point registers them for the whole session.

AUDIO = b"ID3\x04" + b"\x03" * 200


def _headers(sandbox: Sandbox, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.credentials('scripe')['SCRIPE_API_KEY']}", **extra}


def _post(sandbox: Sandbox, client: httpx.Client, path: str, body: Any, **headers: str) -> httpx.Response:
    return client.post(f"{sandbox.base_url('scripe')}{path}", json=body, headers=_headers(sandbox, **headers))


def _get(sandbox: Sandbox, client: httpx.Client, path: str, **params: str) -> httpx.Response:
    return client.get(f"{sandbox.base_url('scripe')}{path}", params=params, headers=_headers(sandbox))


def _uploaded(sandbox: Sandbox, client: httpx.Client) -> str:
    data = _post(sandbox, client, "/uploads", {"contentType": "audio/mpeg"}).json()["data"]
    assert (
        client.put(data["uploadUrl"], content=AUDIO, headers={"Content-Type": "audio/mpeg"}).status_code
        == 200
    )
    upload_id: str = data["id"]
    return upload_id


def test_round_trip_with_job_progression(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    minted = _post(
        presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg", "maxSizeBytes": 1000}
    )
    assert minted.status_code == 200
    data = minted.json()["data"]
    assert (data["contentType"], data["maxSizeBytes"]) == ("audio/mpeg", 1000)
    assert (
        client.put(data["uploadUrl"], content=AUDIO, headers={"Content-Type": "audio/mpeg"}).status_code
        == 200
    )
    job = _post(presignkit_sandbox, client, "/sources", {"type": "file", "uploadId": data["id"]}).json()[
        "data"
    ]
    assert (job["type"], job["status"]) == ("SOURCE_INGEST_FILE", "QUEUED")
    polled = [_get(presignkit_sandbox, client, f"/jobs/{job['id']}").json()["data"] for _ in range(3)]
    assert [p["status"] for p in polled] == ["RUNNING", "DONE", "DONE"]
    source_id = polled[-1]["result"]["sourceId"]
    source = _get(presignkit_sandbox, client, f"/sources/{source_id}")
    assert source.status_code == 200 and source.json()["data"]["fileType"] == "audio/mpeg"
    assert presignkit_sandbox.assets("scripe") == [data["id"]]


def test_wait_for_completion_jumps_to_done(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    upload_id = _uploaded(presignkit_sandbox, client)
    job = _post(presignkit_sandbox, client, "/sources", {"type": "file", "uploadId": upload_id}).json()[
        "data"
    ]
    done = _get(presignkit_sandbox, client, f"/jobs/{job['id']}", wait_for_completion_ms="5000").json()[
        "data"
    ]
    assert done["status"] == "DONE" and done["result"]["sourceId"].startswith("src_")


def test_source_for_bytes_that_never_arrived_fails_its_job(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    upload_id = _post(presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg"}).json()["data"][
        "id"
    ]
    job = _post(presignkit_sandbox, client, "/sources", {"type": "file", "uploadId": upload_id}).json()[
        "data"
    ]
    final = _get(presignkit_sandbox, client, f"/jobs/{job['id']}", wait_for_completion_ms="1").json()["data"]
    assert final["status"] == "FAILED"
    assert final["errorCode"] == "upload_missing" and upload_id in final["errorMessage"]


def test_unknown_upload_id_is_422(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/sources", {"type": "file", "uploadId": "upl_nope"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unprocessable"


@pytest.mark.parametrize(
    ("content_type", "cap"),
    [
        ("audio/mpeg", 500_000_000),
        ("video/mp4", 500_000_000),
        ("image/png", 25_000_000),
        ("application/pdf", 100_000_000),
        ("text/plain", 25_000_000),
    ],
)
def test_per_type_caps(
    presignkit_sandbox: Sandbox, client: httpx.Client, content_type: str, cap: int
) -> None:
    default = _post(presignkit_sandbox, client, "/uploads", {"contentType": content_type})
    assert default.json()["data"]["maxSizeBytes"] == cap
    over = _post(
        presignkit_sandbox, client, "/uploads", {"contentType": content_type, "maxSizeBytes": cap + 1}
    )
    assert over.status_code == 422
    assert over.json()["error"]["code"] == "unprocessable"


def test_type_outside_the_accepted_families_is_422(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/uploads", {"contentType": "application/zip"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "request_id", "docs_url"}
    assert "application/pdf" in error["message"]


def test_max_size_bytes_binds_the_put(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    data = _post(
        presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg", "maxSizeBytes": 10}
    ).json()["data"]
    too_big = client.put(data["uploadUrl"], content=b"x" * 11, headers={"Content-Type": "audio/mpeg"})
    assert too_big.status_code == 400 and b"EntityTooLarge" in too_big.content


def test_upload_url_is_single_use(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    data = _post(presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg"}).json()["data"]
    headers = {"Content-Type": "audio/mpeg"}
    assert client.put(data["uploadUrl"], content=AUDIO, headers=headers).status_code == 200
    assert client.put(data["uploadUrl"], content=AUDIO, headers=headers).status_code == 403


def test_unknown_api_version_is_400_with_accepted_versions(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    response = _post(
        presignkit_sandbox,
        client,
        "/uploads",
        {"contentType": "audio/mpeg"},
        **{"Scripe-Api-Version": "2020-01-01"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "version_unsupported"
    assert error["details"]["accepted"] == ["2026-08-01", "2026-05-01"]


@pytest.mark.parametrize("version", ["2026-08-01", "2026-05-01", None])
def test_accepted_and_default_versions(
    presignkit_sandbox: Sandbox, client: httpx.Client, version: str | None
) -> None:
    headers = {"Scripe-Api-Version": version} if version else {}
    response = _post(presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg"}, **headers)
    assert response.status_code == 200
    assert ("scripe-deprecation" in response.headers) == (version == "2026-05-01")


@pytest.mark.parametrize("token", [None, "scripe_sk_live_wrong", "sk_other_vendor"])
def test_wrong_or_missing_key_is_401(
    presignkit_sandbox: Sandbox, client: httpx.Client, token: str | None
) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post(
        f"{presignkit_sandbox.base_url('scripe')}/uploads",
        json={"contentType": "audio/mpeg"},
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_idempotency_replay_and_first_run_headers(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    body = {"contentType": "audio/mpeg"}
    first = _post(presignkit_sandbox, client, "/uploads", body, **{"Idempotency-Key": "key_1"})
    replay = _post(presignkit_sandbox, client, "/uploads", body, **{"Idempotency-Key": "key_1"})
    assert first.headers["idempotent-replayed"] == "false"
    assert replay.headers["idempotent-replayed"] == "true"
    assert (replay.status_code, replay.json()) == (first.status_code, first.json())
    assert len(presignkit_sandbox.assets("scripe")) == 1


def test_idempotency_key_with_another_body_is_409(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    _post(
        presignkit_sandbox, client, "/uploads", {"contentType": "audio/mpeg"}, **{"Idempotency-Key": "key_2"}
    )
    other = _post(
        presignkit_sandbox, client, "/uploads", {"contentType": "video/mp4"}, **{"Idempotency-Key": "key_2"}
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_conflict"


def test_malformed_idempotency_key_is_ignored(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    for _ in range(2):
        response = _post(
            presignkit_sandbox,
            client,
            "/uploads",
            {"contentType": "audio/mpeg"},
            **{"Idempotency-Key": "no spaces!"},
        )
        assert response.status_code == 200
        assert "idempotent-replayed" not in response.headers
    assert len(presignkit_sandbox.assets("scripe")) == 2


def test_body_over_256_kb_is_413(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _post(presignkit_sandbox, client, "/sources", {"type": "text", "text": "x" * 300_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_fault_on_get_job_does_not_advance_it(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    upload_id = _uploaded(presignkit_sandbox, client)
    job_id = _post(presignkit_sandbox, client, "/sources", {"type": "file", "uploadId": upload_id}).json()[
        "data"
    ]["id"]
    presignkit_sandbox.faults.fail_next("scripe.getJob", 1, status=503, retry_after=1)
    failed = _get(presignkit_sandbox, client, f"/jobs/{job_id}")
    assert failed.status_code == 503 and failed.headers["retry-after"] == "1"
    assert failed.json()["error"]["code"] == "service_unavailable"
    assert _get(presignkit_sandbox, client, f"/jobs/{job_id}").json()["data"]["status"] == "RUNNING"
