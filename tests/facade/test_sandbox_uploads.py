"""End to end against the real sandbox: every vendor, sync and async, happy path and retries.

Each test ends in a verified upload: the bytes the store holds hash to the file's sha256, the
store never saw an API credential or a chunked body, and the vendor created as many assets as
the case allows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from presignkit import RecordMayExistError, UploadResult
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import crc32c_of, sha256_of
from tests.facade.conftest import CREATE_ROUTE, SAMPLE_NAME, VENDORS, Runner

CREATE_PATH = {
    "streamloop": "/uploads",
    "loops": "/v1/uploads",
    "flare": "/video/create",
    "scripe": "/uploads",
}
# What a presigned PUT may carry: the store must see nothing else (no default httpx headers).
ALLOWED_PUT_HEADERS = {"host", "content-length", "content-type"}


def assert_verified_upload(sandbox: Sandbox, vendor: str, path: Path, result: UploadResult) -> None:
    expected = sha256_of(path)
    assert result.vendor == vendor
    assert result.checksum is not None  # the default: crc32c, computed locally
    assert (result.checksum.algorithm, result.checksum.value) == ("crc32c", crc32c_of(path))
    assert result.sha256 is None
    assert result.size == path.stat().st_size
    stored = sandbox.store.objects()
    assert len(stored) == 1, stored
    assert stored[0].sha256 == expected
    assert stored[0].size == result.size
    assert stored[0].content_type == result.content_type
    puts = [r for r in sandbox.store.wait_idle() if r.method == "PUT"]
    assert puts, "no PUT reached the store"
    for put in puts:
        names = set(put.header_names)
        assert "authorization" not in names and "x-api-key" not in names, put.headers
        assert "transfer-encoding" not in names, put.headers
        assert names <= ALLOWED_PUT_HEADERS, put.headers
    assert puts[-1].status == 200
    assert result.asset_id == sandbox.assets(vendor)[-1]


@pytest.mark.parametrize("vendor", VENDORS)
def test_happy_path(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    path = make_file(SAMPLE_NAME[vendor])
    seen: list[tuple[int, int]] = []
    result = runner.upload(
        vendor,
        path,
        environ=presignkit_sandbox.env(),
        progress=lambda sent, total: seen.append((sent, total)),
    )
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    assert len(presignkit_sandbox.assets(vendor)) == 1
    assert seen[-1] == (result.size, result.size)
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)
    if vendor in ("loops", "flare"):
        assert result.url is not None and result.url.startswith(presignkit_sandbox.store_url)
    else:
        assert result.url is None


@pytest.mark.parametrize("vendor", VENDORS)
def test_rate_limited_create_is_retried_after_retry_after(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], 2, status=429, retry_after=3)
    path = make_file(SAMPLE_NAME[vendor])
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    assert runner.sleeps == [3.0, 3.0]  # the server's Retry-After, not our backoff
    assert len(presignkit_sandbox.assets(vendor)) == 1


# Creates that carry an Idempotency-Key (Streamloop, Scripe) may be sent again after a 5xx; the
# others (Loops, Flare) may have made the record before failing, so they are not.
IDEMPOTENT_CREATE = ("streamloop", "scripe")
NON_IDEMPOTENT_CREATE = ("loops", "flare")


@pytest.mark.parametrize("vendor", IDEMPOTENT_CREATE)
def test_unavailable_create_is_retried(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], 2, status=503)
    path = make_file(SAMPLE_NAME[vendor])
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    assert len(runner.sleeps) == 2
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize("vendor", NON_IDEMPOTENT_CREATE)
def test_failed_create_without_idempotency_is_not_sent_again(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str, status: int
) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], 2, status=status)
    with pytest.raises(RecordMayExistError, match="a record may exist") as caught:
        runner.upload(vendor, make_file(SAMPLE_NAME[vendor]), environ=presignkit_sandbox.env())
    assert (caught.value.status, caught.value.vendor, caught.value.retryable) == (status, vendor, True)
    creates = [r for r in presignkit_sandbox.api_requests if r.path.endswith(CREATE_PATH[vendor])]
    assert len(creates) == 1
    assert runner.sleeps == []
    assert presignkit_sandbox.store.objects() == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_unavailable_store_is_retried(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.fail_next("store.put", 1, status=503)
    path = make_file(SAMPLE_NAME[vendor])
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    assert [r.status for r in presignkit_sandbox.store.requests if r.method == "PUT"] == [503, 200]
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_connection_dropped_mid_put_is_resent_from_the_first_byte(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.drop_connection("store.put", after_bytes=100_000)
    path = make_file(SAMPLE_NAME[vendor], size=300_000)
    result = runner.upload(
        vendor, path, environ=presignkit_sandbox.env(), uploader_options={"chunk_size": 16384}
    )
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    puts = [r for r in presignkit_sandbox.store.wait_idle() if r.method == "PUT"]
    assert len(puts) == 2
    assert puts[0].status is None  # the store hung up without answering
    assert puts[1].body_size == path.stat().st_size
    assert len(presignkit_sandbox.assets(vendor)) == 1


PRESIGN_PATH = {
    "streamloop": "/upload-url",
    "loops": "/v1/uploads",
    "flare": "/upload/presign",
    "scripe": "/v1/uploads",
}
# Loops and Scripe cannot re-sign an existing upload: a fresh URL comes with a fresh record.
ASSETS_AFTER_REPRESIGN = {"streamloop": 1, "loops": 2, "flare": 1, "scripe": 2}


@pytest.mark.parametrize("vendor", VENDORS)
def test_expired_url_is_presigned_once_more(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.expire_urls("store.put", times=1)
    path = make_file(SAMPLE_NAME[vendor])
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    puts = [r for r in presignkit_sandbox.store.requests if r.method == "PUT"]
    assert [p.status for p in puts] == [403, 200]
    presigns = [r for r in presignkit_sandbox.api_requests if r.path.endswith(PRESIGN_PATH[vendor])]
    assert (
        len(presigns) == 2
    )  # a new URL was asked for (the sandbox may sign it identically in the same second)
    assert len(presignkit_sandbox.assets(vendor)) == ASSETS_AFTER_REPRESIGN[vendor]
    assert runner.sleeps == []  # presigning again is not a retry: nothing to wait for


def test_too_early_complete_is_retried(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    presignkit_sandbox.faults.fail_next("loops.completeUpload", 3, status=425)
    path = make_file("header.png")
    result = runner.upload("loops", path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, "loops", path, result)
    completes = [r for r in presignkit_sandbox.api_requests if r.path.endswith("/complete")]
    assert [r.status for r in completes] == [425, 425, 425, 200]
    assert result.url is not None


@pytest.mark.parametrize("vendor", IDEMPOTENT_CREATE)
def test_idempotency_key_is_reused_across_retries(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], 2, status=500)
    runner.upload(vendor, make_file(SAMPLE_NAME[vendor]), environ=presignkit_sandbox.env())
    creates = [r for r in presignkit_sandbox.api_requests if r.path.endswith(CREATE_PATH[vendor])]
    assert len(creates) == 3
    keys = {r.header("idempotency-key") for r in creates}
    assert len(keys) == 1 and None not in keys
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize("vendor", NON_IDEMPOTENT_CREATE)
def test_rate_limited_create_without_idempotency_is_retried_without_a_key(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    # A 429 says the request was refused before anything was made: safe to send again.
    presignkit_sandbox.faults.fail_next(CREATE_ROUTE[vendor], 2, status=429, retry_after=0)
    runner.upload(vendor, make_file(SAMPLE_NAME[vendor]), environ=presignkit_sandbox.env())
    creates = [r for r in presignkit_sandbox.api_requests if r.path.endswith(CREATE_PATH[vendor])]
    assert len(creates) == 3
    assert {r.header("idempotency-key") for r in creates} == {None}  # Loops and Flare document none
    assert len(presignkit_sandbox.assets(vendor)) == 1


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (400, "ExpiredToken", "The provided token has expired."),
        (400, "TokenRefreshRequired", "The provided token must be refreshed."),
        (403, "AccessDenied", "Request has expired"),
    ],
)
@pytest.mark.parametrize("vendor", VENDORS)
def test_every_s3_expiry_answer_is_presigned_once_more(
    presignkit_sandbox: Sandbox,
    runner: Runner,
    make_file: Callable[..., Path],
    vendor: str,
    status: int,
    code: str,
    message: str,
) -> None:
    body = f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    presignkit_sandbox.faults.fail_next(
        "store.put", 1, status=status, body=body, content_type="application/xml"
    )
    path = make_file(SAMPLE_NAME[vendor])
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, vendor, path, result)
    presigns = [r for r in presignkit_sandbox.api_requests if r.path.endswith(PRESIGN_PATH[vendor])]
    assert len(presigns) == 2
    assert runner.sleeps == []


def test_streamloop_sends_the_workspace_and_the_key_header_only_to_the_api(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    runner.upload("streamloop", make_file("clip.mp4"), environ=presignkit_sandbox.env())
    credentials = presignkit_sandbox.credentials("streamloop")
    for request in presignkit_sandbox.api_requests:
        assert request.header("x-api-key") == credentials["STREAMLOOP_API_KEY"]
        assert request.header("x-workspace-id") == credentials["STREAMLOOP_WORKSPACE_ID"]
        assert request.header("authorization") is None


def test_streamloop_with_an_oauth_access_token(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    from presignkit import Streamloop

    settings = Streamloop(
        access_token=presignkit_sandbox.alternative_credentials("streamloop")["STREAMLOOP_ACCESS_TOKEN"],
        base_url=presignkit_sandbox.base_url("streamloop"),
    )
    path = make_file("clip.mp4")
    result = runner.upload(settings, path, environ={})
    assert_verified_upload(presignkit_sandbox, "streamloop", path, result)
    assert all(r.header("x-api-key") is None for r in presignkit_sandbox.api_requests)


def test_scripe_pins_its_api_version_on_every_call(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    runner.upload("scripe", make_file("talk.mp3"), environ=presignkit_sandbox.env(), wait=True)
    requests = presignkit_sandbox.api_requests
    assert requests and all(r.header("scripe-api-version") == "2026-08-01" for r in requests)


def test_scripe_wait_polls_the_ingest_job_until_done(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    from presignkit_scripe.models import JobSingle, JobStatus

    path = make_file("talk.mp3")
    result = runner.upload("scripe", path, environ=presignkit_sandbox.env(), wait=True)
    assert_verified_upload(presignkit_sandbox, "scripe", path, result)
    assert isinstance(result.response, JobSingle)
    assert result.response.data.status == JobStatus.DONE
    assert runner.sleeps  # it polled: the job was not done at once


def test_one_uploader_reuses_its_connections_for_many_uploads(
    presignkit_sandbox: Sandbox, make_file: Callable[..., Path]
) -> None:
    import presignkit
    from tests.facade.conftest import FAST_RETRY

    with presignkit.Uploader("loops", retry=FAST_RETRY, environ=presignkit_sandbox.env()) as uploader:
        results = [uploader.upload(make_file(f"img{i}.png", size=1000 + i)) for i in range(3)]
    assert [r.size for r in results] == [1000, 1001, 1002]
    assert len(set(presignkit_sandbox.assets("loops"))) == 3


def test_concurrent_async_uploads_share_one_uploader(
    presignkit_sandbox: Sandbox, make_file: Callable[..., Path]
) -> None:
    import anyio

    import presignkit
    from tests.facade.conftest import FAST_RETRY

    paths = [make_file(f"img{i}.png", size=20_000 + i) for i in range(4)]
    results: dict[Path, UploadResult] = {}
    # One 503 for one of them: a retry in one task must not confuse the others.
    presignkit_sandbox.faults.fail_next("loops.completeUpload", 1, status=503)

    async def main() -> None:
        async def nothing(_seconds: float) -> None:
            return None

        async with presignkit.AsyncUploader(
            "loops", retry=FAST_RETRY, environ=presignkit_sandbox.env(), sleep=nothing
        ) as uploader:

            async def one(path: Path) -> None:
                results[path] = await uploader.upload(path)

            async with anyio.create_task_group() as group:
                for path in paths:
                    group.start_soon(one, path)

    anyio.run(main)
    stored = {obj.sha256 for obj in presignkit_sandbox.store.objects()}
    assert stored == {sha256_of(p) for p in paths}
    assert {str(results[p].checksum) for p in paths} == {f"crc32c:{crc32c_of(p)}" for p in paths}
    assert sorted(r.asset_id for r in results.values()) == sorted(presignkit_sandbox.assets("loops"))
