"""Loops stand-in: the upload workflow and each rule it enforces, over real HTTP."""

# Test parameters named after the plugin fixtures imported below count as redefinitions.
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from presignkit.sandbox.sandbox import Sandbox

# The plugin's fixtures, until the pytest11 entry point registers them for the whole session.

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.credentials('loops')['LOOPS_API_KEY']}"}


def _create(sandbox: Sandbox, client: httpx.Client, body: object) -> httpx.Response:
    return client.post(f"{sandbox.base_url('loops')}/v1/uploads", json=body, headers=_headers(sandbox))


def _complete(sandbox: Sandbox, client: httpx.Client, asset_id: str) -> httpx.Response:
    return client.post(
        f"{sandbox.base_url('loops')}/v1/uploads/{asset_id}/complete", headers=_headers(sandbox)
    )


def test_round_trip(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    created = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": len(PNG)})
    assert created.status_code == 200
    asset_id = created.json()["emailAssetId"]
    put = client.put(created.json()["presignedUrl"], content=PNG, headers={"Content-Type": "image/png"})
    assert put.status_code == 200
    completed = _complete(presignkit_sandbox, client, asset_id)
    assert completed.status_code == 200
    assert completed.json()["emailAssetId"] == asset_id
    assert client.get(completed.json()["finalUrl"]).content == PNG
    assert presignkit_sandbox.assets("loops") == [asset_id]


def test_presigned_url_signs_content_type_and_length(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    created = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": len(PNG)})
    url = created.json()["presignedUrl"]
    signed = parse_qs(urlsplit(url).query)["X-Amz-SignedHeaders"][0].split(";")
    assert {"content-type", "content-length"} <= set(signed)
    assert client.put(url, content=PNG + b"x", headers={"Content-Type": "image/png"}).status_code == 403
    assert client.put(url, content=PNG, headers={"Content-Type": "image/gif"}).status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-the-sandbox-key"}])
def test_wrong_or_missing_key_is_401(
    presignkit_sandbox: Sandbox, client: httpx.Client, headers: dict[str, str]
) -> None:
    response = client.post(
        f"{presignkit_sandbox.base_url('loops')}/v1/uploads",
        json={"contentType": "image/png", "contentLength": 1},
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json()["success"] is False
    assert presignkit_sandbox.assets("loops") == []


def test_unsupported_type_is_400_with_supported_types(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    response = _create(presignkit_sandbox, client, {"contentType": "image/tiff", "contentLength": 10})
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["supportedContentTypes"] == ["image/jpeg", "image/png", "image/gif", "image/webp"]
    assert "image/tiff" in body["message"]


def test_over_four_million_bytes_is_413_with_max_bytes(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    assert _create(
        presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 4_000_000}
    ).is_success
    response = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 4_000_001})
    assert response.status_code == 413
    assert response.json()["maxBytes"] == 4_000_000


def test_body_against_spec_is_400(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _create(presignkit_sandbox, client, {"contentType": "image/png"})
    assert response.status_code == 400
    assert "contentLength" in response.json()["message"]


def test_complete_is_425_until_the_object_is_stored(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    created = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": len(PNG)})
    asset_id = created.json()["emailAssetId"]
    early = _complete(presignkit_sandbox, client, asset_id)
    assert early.status_code == 425
    assert early.json() == {
        "success": False,
        "message": "Uploaded object not yet visible in storage. Retry shortly.",
    }
    client.put(created.json()["presignedUrl"], content=PNG, headers={"Content-Type": "image/png"})
    assert _complete(presignkit_sandbox, client, asset_id).status_code == 200


def test_complete_unknown_id_is_404(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    response = _complete(presignkit_sandbox, client, "cnosuchasset000000000000")
    assert response.status_code == 404
    assert response.json()["success"] is False


def test_fault_answers_425_n_times_on_complete(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    created = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": len(PNG)})
    client.put(created.json()["presignedUrl"], content=PNG, headers={"Content-Type": "image/png"})
    presignkit_sandbox.faults.add_spec("loops.completeUpload:fail=2,status=425")
    statuses = [
        _complete(presignkit_sandbox, client, created.json()["emailAssetId"]).status_code for _ in range(3)
    ]
    assert statuses == [425, 425, 200]


def test_fault_fails_create_with_retry_after_in_loops_shape(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    presignkit_sandbox.faults.fail_next("loops.createUpload", 1, status=429, retry_after=3)
    failed = _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 1})
    assert failed.status_code == 429
    assert failed.headers["retry-after"] == "3"
    assert failed.json()["success"] is False and failed.json()["message"]
    assert presignkit_sandbox.assets("loops") == []
    assert (
        _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 1}).status_code
        == 200
    )


def test_vendor_prefix_fault_covers_every_route(presignkit_sandbox: Sandbox, client: httpx.Client) -> None:
    presignkit_sandbox.faults.fail_next("loops", 2, status=503)
    assert (
        _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 1}).status_code
        == 503
    )
    assert _complete(presignkit_sandbox, client, "anything").status_code == 503
    assert _complete(presignkit_sandbox, client, "anything").status_code == 404


def test_latency_fault_is_consumed_and_the_request_still_served(
    presignkit_sandbox: Sandbox, client: httpx.Client
) -> None:
    presignkit_sandbox.faults.add_latency("loops.createUpload", 0.05, times=1)
    assert (
        _create(presignkit_sandbox, client, {"contentType": "image/png", "contentLength": 1}).status_code
        == 200
    )
    assert presignkit_sandbox.faults.pending() == []
