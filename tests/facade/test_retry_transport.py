"""RetryTransport: the facade's retry policy for typed-client calls, against the real sandbox.

Each test builds a generated `AuthenticatedClient` by hand, the way a user of the typed clients
does, with the transport mounted through `httpx_args`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
from presignkit_flare.api.uploads import presign_video_upload
from presignkit_flare.api.videos import create_video
from presignkit_flare.client import AuthenticatedClient as FlareClient
from presignkit_flare.models import CreateVideoRequest, PresignVideoUploadRequest
from presignkit_loops.api.uploads import complete_upload
from presignkit_loops.api.uploads import create_upload as loops_create_upload
from presignkit_loops.client import AuthenticatedClient as LoopsClient
from presignkit_loops.models import CreateUploadRequest as LoopsCreateUpload
from presignkit_loops.models import CreateUploadRequestContentType
from presignkit_scripe.api.uploads import create_upload as scripe_create_upload
from presignkit_scripe.client import AuthenticatedClient as ScripeClient
from presignkit_scripe.models import CreateUploadRequest as ScripeCreateUpload
from presignkit_streamloop.api.uploads import create_upload as streamloop_create_upload
from presignkit_streamloop.client import AuthenticatedClient as StreamloopClient
from presignkit_streamloop.models import CreateUploadRequest as StreamloopCreateUpload
from presignkit_streamloop.models import CreateUploadRequestType

import presignkit
from presignkit import ConfigurationError, RetryPolicy, RetryTransport
from presignkit.sandbox.sandbox import Sandbox

FAST = RetryPolicy(initial_delay=0.25, max_delay=0.25, jitter=0.0)
SCRIPE_VERSION = "2026-08-01"


class Sleeps(list[float]):
    """Records the waits instead of sleeping (sync and async)."""

    def sync(self, seconds: float) -> None:
        self.append(seconds)

    async def async_(self, seconds: float) -> None:
        self.append(seconds)


def _transport(vendor: str, sleeps: Sleeps, policy: RetryPolicy = FAST) -> RetryTransport:
    return RetryTransport(policy, vendor=vendor, sleep=sleeps.sync, async_sleep=sleeps.async_)


def streamloop_client(sandbox: Sandbox, transport: RetryTransport) -> StreamloopClient:
    keys = sandbox.credentials("streamloop")
    return StreamloopClient(
        base_url=sandbox.base_url("streamloop"),
        token=keys["STREAMLOOP_API_KEY"],
        prefix="",
        auth_header_name="X-API-Key",
        headers={"X-Workspace-Id": keys["STREAMLOOP_WORKSPACE_ID"]},
        httpx_args={"transport": transport},
    )


def scripe_client(sandbox: Sandbox, transport: RetryTransport) -> ScripeClient:
    return ScripeClient(
        base_url=sandbox.base_url("scripe"),
        token=sandbox.credentials("scripe")["SCRIPE_API_KEY"],
        httpx_args={"transport": transport},
    )


def loops_client(sandbox: Sandbox, transport: RetryTransport) -> LoopsClient:
    return LoopsClient(
        base_url=sandbox.base_url("loops"),
        token=sandbox.credentials("loops")["LOOPS_API_KEY"],
        httpx_args={"transport": transport},
    )


def flare_client(sandbox: Sandbox, transport: RetryTransport) -> FlareClient:
    return FlareClient(
        base_url=sandbox.base_url("flare"),
        token=sandbox.credentials("flare")["FLARE_API_TOKEN"],
        httpx_args={"transport": transport},
    )


def _streamloop_body() -> StreamloopCreateUpload:
    return StreamloopCreateUpload(mime_type="video/mp4", name="clip.mp4", type_=CreateUploadRequestType.VIDEO)


# (client factory, sync call, async call, sandbox fault route, path the create is sent to)
IDEMPOTENT_CREATES: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any], str, str]] = {
    "streamloop": (
        streamloop_client,
        lambda client, **key: streamloop_create_upload.sync_detailed(
            client=client, body=_streamloop_body(), **key
        ),
        lambda client, **key: streamloop_create_upload.asyncio_detailed(
            client=client, body=_streamloop_body(), **key
        ),
        "streamloop.createUpload",
        "/uploads",
    ),
    "scripe": (
        scripe_client,
        lambda client, **key: scripe_create_upload.sync_detailed(
            client=client,
            body=ScripeCreateUpload(content_type="audio/mpeg"),
            scripe_api_version=SCRIPE_VERSION,
            **key,
        ),
        lambda client, **key: scripe_create_upload.asyncio_detailed(
            client=client,
            body=ScripeCreateUpload(content_type="audio/mpeg"),
            scripe_api_version=SCRIPE_VERSION,
            **key,
        ),
        "scripe.createUpload",
        "/uploads",
    ),
}


def _call(
    mode: str, client_call: tuple[Callable[..., Any], Callable[..., Any]], client: Any, **key: str
) -> Any:
    sync_call, async_call = client_call
    if mode == "sync":
        return sync_call(client, **key)

    async def main() -> Any:
        return await async_call(client, **key)

    return anyio.run(main)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("vendor", list(IDEMPOTENT_CREATES))
def test_429_with_retry_after_then_503_succeeds_with_one_idempotency_key(
    presignkit_sandbox: Sandbox, vendor: str, mode: str
) -> None:
    make_client, sync_call, async_call, route, path = IDEMPOTENT_CREATES[vendor]
    presignkit_sandbox.faults.fail_next(route, 1, status=429, retry_after=2)
    presignkit_sandbox.faults.fail_next(route, 1, status=503)
    sleeps = Sleeps()
    client = make_client(presignkit_sandbox, _transport(vendor, sleeps))
    response = _call(mode, (sync_call, async_call), client)
    assert response.status_code in (200, 201), response.content
    creates = [r for r in presignkit_sandbox.api_requests if r.method == "POST" and r.path.endswith(path)]
    assert [r.status for r in creates] == [429, 503, response.status_code]
    keys = {r.header("idempotency-key") for r in creates}
    assert len(keys) == 1 and None not in keys  # added by the transport, the same on every attempt
    assert sleeps == [2.0, 0.25]  # the server's Retry-After, then the policy's backoff
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("vendor", list(IDEMPOTENT_CREATES))
def test_a_key_given_by_the_caller_is_kept_across_retries(presignkit_sandbox: Sandbox, vendor: str) -> None:
    make_client, sync_call, async_call, route, path = IDEMPOTENT_CREATES[vendor]
    presignkit_sandbox.faults.fail_next(route, 2, status=500)
    client = make_client(presignkit_sandbox, _transport(vendor, Sleeps()))
    response = _call("sync", (sync_call, async_call), client, idempotency_key="my-own-key-1")
    assert response.status_code in (200, 201)
    creates = [r for r in presignkit_sandbox.api_requests if r.method == "POST" and r.path.endswith(path)]
    assert [r.header("idempotency-key") for r in creates] == ["my-own-key-1"] * 3


NON_IDEMPOTENT_CREATES: dict[
    str, tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any], str, str]
] = {
    "loops": (
        loops_client,
        lambda client: loops_create_upload.sync_detailed(
            client=client,
            body=LoopsCreateUpload(content_type=CreateUploadRequestContentType.PNG, content_length=100),
        ),
        lambda client: loops_create_upload.asyncio_detailed(
            client=client,
            body=LoopsCreateUpload(content_type=CreateUploadRequestContentType.PNG, content_length=100),
        ),
        "loops.createUpload",
        "/v1/uploads",
    ),
    "flare": (
        flare_client,
        lambda client: create_video.sync_detailed(client=client, body=CreateVideoRequest(file_name="a.mp4")),
        lambda client: create_video.asyncio_detailed(
            client=client, body=CreateVideoRequest(file_name="a.mp4")
        ),
        "flare.createVideo",
        "/video/create",
    ),
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("vendor", list(NON_IDEMPOTENT_CREATES))
def test_non_idempotent_create_answered_500_is_not_sent_again(
    presignkit_sandbox: Sandbox, vendor: str, mode: str
) -> None:
    make_client, sync_call, async_call, route, path = NON_IDEMPOTENT_CREATES[vendor]
    presignkit_sandbox.faults.fail_next(route, 1, status=500)
    sleeps = Sleeps()
    client = make_client(presignkit_sandbox, _transport(vendor, sleeps))
    response = _call(mode, (sync_call, async_call), client)
    assert response.status_code == 500  # the caller gets the answer, and decides
    creates = [r for r in presignkit_sandbox.api_requests if r.method == "POST" and r.path.endswith(path)]
    assert len(creates) == 1
    assert creates[0].header("idempotency-key") is None  # Loops and Flare document no key
    assert sleeps == []


@pytest.mark.parametrize("vendor", list(NON_IDEMPOTENT_CREATES))
def test_non_idempotent_create_cut_off_after_sending_is_not_sent_again(
    presignkit_sandbox: Sandbox, vendor: str
) -> None:
    make_client, sync_call, async_call, route, path = NON_IDEMPOTENT_CREATES[vendor]
    presignkit_sandbox.faults.drop_connection(route, after_bytes=0)
    client = make_client(presignkit_sandbox, _transport(vendor, Sleeps()))
    with pytest.raises(httpx.TransportError):
        _call("sync", (sync_call, async_call), client)
    creates = [r for r in presignkit_sandbox.api_requests if r.method == "POST" and r.path.endswith(path)]
    assert len(creates) == 1


@pytest.mark.parametrize("vendor", list(NON_IDEMPOTENT_CREATES))
def test_non_idempotent_create_refused_with_429_is_sent_again(
    presignkit_sandbox: Sandbox, vendor: str
) -> None:
    make_client, sync_call, async_call, route, _path = NON_IDEMPOTENT_CREATES[vendor]
    presignkit_sandbox.faults.fail_next(route, 2, status=429, retry_after=1)
    sleeps = Sleeps()
    client = make_client(presignkit_sandbox, _transport(vendor, sleeps))
    response = _call("sync", (sync_call, async_call), client)
    assert response.status_code == 200
    assert sleeps == [1.0, 1.0]
    assert len(presignkit_sandbox.assets(vendor)) == 1


def test_idempotent_posts_of_loops_and_flare_are_retried(presignkit_sandbox: Sandbox) -> None:
    sleeps = Sleeps()
    loops = loops_client(presignkit_sandbox, _transport("loops", sleeps))
    created = loops_create_upload.sync(
        client=loops,
        body=LoopsCreateUpload(content_type=CreateUploadRequestContentType.PNG, content_length=8),
    )
    assert created is not None and hasattr(created, "email_asset_id")
    # Nothing was PUT, so the stand-in answers 425 "not in storage yet" every time: asked again
    # until the policy gives up, then the caller gets the last answer.
    completed = complete_upload.sync_detailed(client=loops, email_asset_id=created.email_asset_id)
    completes = [r for r in presignkit_sandbox.api_requests if r.path.endswith("/complete")]
    assert completed.status_code == 425 and len(completes) == FAST.max_attempts

    flare = flare_client(presignkit_sandbox, _transport("flare", sleeps))
    video = create_video.sync_detailed(client=flare, body=CreateVideoRequest(file_name="a.mp4"))
    video_id = video.parsed.video.id  # type: ignore[union-attr]
    presignkit_sandbox.faults.fail_next("flare.presignVideoUpload", 2, status=502)
    presigned = presign_video_upload.sync_detailed(
        client=flare, body=PresignVideoUploadRequest(video_id=video_id, file_name="a.mp4")
    )
    assert presigned.status_code == 200
    assert len(presignkit_sandbox.assets("flare")) == 1


def test_retries_stop_at_max_attempts_and_return_the_last_answer(presignkit_sandbox: Sandbox) -> None:
    presignkit_sandbox.faults.fail_next("scripe.createUpload", 5, status=503)
    sleeps = Sleeps()
    client = scripe_client(
        presignkit_sandbox, _transport("scripe", sleeps, RetryPolicy(max_attempts=3, jitter=0))
    )
    response = IDEMPOTENT_CREATES["scripe"][1](client)
    assert response.status_code == 503
    assert sleeps == [0.5, 1.0]
    assert len([r for r in presignkit_sandbox.api_requests if r.path.endswith("/uploads")]) == 3


def test_retry_after_is_capped(presignkit_sandbox: Sandbox) -> None:
    presignkit_sandbox.faults.fail_next("streamloop.createUpload", 1, status=429, retry_after=3600)
    sleeps = Sleeps()
    client = streamloop_client(
        presignkit_sandbox, _transport("streamloop", sleeps, RetryPolicy(max_retry_after=5))
    )
    assert IDEMPOTENT_CREATES["streamloop"][1](client).status_code == 201
    assert sleeps == [5.0]


def test_connect_errors_are_retried_even_for_a_non_idempotent_create() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"ok": True})

    transport = RetryTransport(
        FAST, vendor="loops", transport=httpx.MockTransport(answer), sleep=lambda s: None
    )
    with httpx.Client(transport=transport) as client:
        assert client.post("https://app.loops.so/api/v1/uploads", json={}).status_code == 200
    assert len(seen) == 3


def test_unknown_vendor_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match="streamloop, loops, flare, scripe"):
        RetryTransport(vendor="dropbox")


def test_exported_from_presignkit() -> None:
    assert presignkit.RetryTransport is RetryTransport


@pytest.mark.parametrize("vendor", ["streamloop", "loops", "flare", "scripe"])
def test_the_transport_rules_state_the_same_facts_as_the_vendor_workflows(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facade's drivers learn a call's idempotency from the workflow (`ApiCall`), the
    transport from the HTTP request (`VendorSpec.replay`); for every call a workflow makes, they
    agree."""
    from presignkit.drivers import SyncDriver
    from presignkit.retry_transport import replay_rules
    from tests.properties.faults import BASE_URLS, FakeTransport, FakeWorld
    from tests.properties.test_fault_schedules import FILES, settings_for

    checked: list[str] = []
    original = SyncDriver._call

    def checking_call(self: SyncDriver, call: Any) -> Any:
        spec = call.operation._get_kwargs(**call.kwargs)
        request = httpx.Request(spec["method"], BASE_URLS[vendor] + spec["url"], headers=spec.get("headers"))
        rules = replay_rules(vendor)
        assert rules.is_idempotent(request) == call.idempotent, call.name
        assert rules.too_early_is_transient(request) == call.too_early_is_transient, call.name
        checked.append(call.name)
        return original(self, call)

    monkeypatch.setattr(SyncDriver, "_call", checking_call)
    world = FakeWorld(vendor, "k" * 20, {})
    transport = FakeTransport(world)
    key = {"streamloop": "sl_", "flare": "flr_pat_", "scripe": "scripe_sk_test_"}.get(vendor, "") + "k" * 20
    filename, content_type = FILES[vendor]
    with presignkit.Uploader(
        settings_for(vendor, key), transport=transport, storage_transport=transport, environ={}
    ) as uploader:
        uploader.upload(b"\0" * 100, content_type=content_type, filename=filename)
    assert len(checked) >= 1 + (vendor != "scripe")
