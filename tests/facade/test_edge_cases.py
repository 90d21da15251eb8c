"""Edge cases against a fake vendor and store (httpx.MockTransport): answers the sandbox never
gives, and exactly what goes over the wire."""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from presignkit import (
    Flare,
    Loops,
    MalformedResponseError,
    PresignedUrlExpiredError,
    RecordMayExistError,
    RetryPolicy,
    Scripe,
    StorageError,
    Streamloop,
    UploadTimeoutError,
    VendorError,
)
from tests.digests import crc32c_of, sha256_of
from tests.facade.conftest import Runner
from tests.facade.fakes import (
    API,
    PRESIGNED,
    FakeService,
    json_response,
    loops_completed,
    loops_created,
    s3_error,
)

GIB = 1024**3
LOOPS = Loops(api_key="loops-key-0123456789", base_url=API + "/api")
STREAMLOOP = Streamloop(api_key="sl_secret_0123456789", workspace_id="wksp_1", base_url=API + "/v1")
FLARE = Flare(api_token="flr_pat_secret_0123456789", base_url=API)
SCRIPE = Scripe(api_key="scripe_sk_test_secret_0123456789", base_url=API + "/v1")


def loops_fake() -> FakeService:
    return FakeService().on("POST", "/v1/uploads", loops_created()).on("POST", "/complete", loops_completed())


def test_store_sees_only_host_length_and_signed_headers(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    fake = loops_fake()
    path = make_file("a.png", 5000)
    result = runner.upload(LOOPS, path, fake=fake, environ={})
    [put] = fake.puts
    assert sorted(name for name, _ in put.headers) == ["content-length", "content-type", "host"]
    assert dict(put.headers)["content-length"] == "5000"
    assert put.sha256 == sha256_of(path)
    assert str(result.checksum) == f"crc32c:{crc32c_of(path)}"
    # the API requests carry the key; the store's never do
    assert all(r.headers["authorization"] == "Bearer loops-key-0123456789" for r in fake.api_requests())


def test_a_big_file_is_streamed_in_bounded_memory(runner: Runner, tmp_path: Path) -> None:
    import tracemalloc

    fake = (
        FakeService()
        .on("POST", "/api/video/create", json_response(200, {"video": {"id": "vid_1"}}))
        .on("POST", "/api/video/upload/presign", json_response(200, {"uploadUrl": PRESIGNED}))
    )
    path = tmp_path / "big.mp4"
    with path.open("wb") as f:
        f.truncate(GIB)  # sparse: the bytes are zeros, read from no disk
    tracemalloc.start()
    try:
        result = runner.upload(FLARE, path, fake=fake, environ={})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.size == GIB
    assert fake.puts[0].size == result.size
    assert peak < 24 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"


def test_success_that_is_not_json(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = FakeService().on(
        "POST",
        "/v1/uploads",
        httpx.Response(200, content=b"<html>maintenance</html>", headers={"content-type": "text/html"}),
    )
    with pytest.raises(MalformedResponseError, match="HTML page") as caught:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert caught.value.status == 200 and caught.value.vendor == "loops"
    assert len(fake.requests) == 1  # a success status is not retried


def test_success_missing_a_field(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = FakeService().on("POST", "/v1/uploads", json_response(200, {"emailAssetId": "a"}))
    with pytest.raises(MalformedResponseError, match="'presignedUrl' is missing"):
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})


def test_undocumented_success_status(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = FakeService().on("POST", "/v1/uploads", json_response(202, {}))
    with pytest.raises(MalformedResponseError, match="undocumented 202"):
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})


def test_streamloop_null_upload_url(runner: Runner, make_file: Callable[..., Path]) -> None:
    upload = {
        "id": "upl_1",
        "createdAt": "2026-01-01T00:00:00Z",
        "mimeType": "video/mp4",
        "name": "a.mp4",
        "type": "video",
        "uploaded": False,
    }
    fake = (
        FakeService()
        .on("POST", "/v1/uploads", json_response(201, upload))
        .on("POST", "/upload-url", json_response(200, None))
    )
    with pytest.raises(VendorError, match="no upload URL") as caught:
        runner.upload(STREAMLOOP, make_file("a.mp4"), fake=fake, environ={})
    assert not isinstance(caught.value, MalformedResponseError)
    assert all(r.headers["x-workspace-id"] == "wksp_1" for r in fake.api_requests())


def flare_fake(presign: dict[str, object], created: dict[str, object] | None = None) -> FakeService:
    return (
        FakeService()
        .on(
            "POST",
            "/api/video/create",
            json_response(200, created or {"success": True, "video": {"id": "vid_1"}}),
        )
        .on("POST", "/api/video/upload/presign", json_response(200, presign))
    )


def test_flare_method_other_than_put(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = flare_fake({"uploadUrl": PRESIGNED, "method": "POST", "headers": {}})
    with pytest.raises(VendorError, match="POST upload") as caught:
        runner.upload(FLARE, make_file("a.mp4"), fake=fake, environ={})
    assert caught.value.code == "unsupported_upload_method"
    assert fake.puts == []


def test_flare_without_method_or_headers_sends_a_bare_put(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    fake = flare_fake(
        {"uploadUrl": PRESIGNED, "publicUrl": "https://cdn.example.test/v.mp4"}, created={"id": "vid_top"}
    )
    result = runner.upload(FLARE, make_file("a.mp4"), fake=fake, environ={})
    assert sorted(name for name, _ in fake.puts[0].headers) == ["content-length", "host"]
    assert result.asset_id == "vid_top" and result.url == "https://cdn.example.test/v.mp4"


def test_flare_headers_are_sent_exactly(runner: Runner, make_file: Callable[..., Path]) -> None:
    signed = {"Content-Type": "video/x-m4v", "x-amz-meta-origin": "api"}
    fake = flare_fake({"uploadUrl": PRESIGNED, "method": "put", "headers": signed})
    result = runner.upload(FLARE, make_file("a.m4v"), fake=fake, environ={})
    sent = dict(fake.puts[0].headers)
    assert sent["content-type"] == "video/x-m4v" and sent["x-amz-meta-origin"] == "api"
    assert result.content_type == "video/x-m4v"


def scripe_fake(*jobs: dict[str, object]) -> FakeService:
    upload = {
        "data": {
            "id": "upl_1",
            "uploadUrl": PRESIGNED,
            "contentType": "audio/mpeg",
            "maxSizeBytes": 10**6,
            "expiresAt": "2999-01-01T00:00:00Z",
        }
    }
    return (
        FakeService()
        .on("POST", "/v1/uploads", json_response(200, upload))
        .on("POST", "/v1/sources", json_response(200, {"data": jobs[0]}))
        .on("GET", "/v1/jobs/job_1", *[json_response(200, {"data": j}) for j in jobs[1:] or jobs])
    )


def job(status: str, **extra: object) -> dict[str, object]:
    return {"id": "job_1", "type": "SOURCE_INGEST_FILE", "status": status, **extra}


def test_a_field_of_the_wrong_type_is_a_malformed_response(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    upload = {"id": "upl_1", "uploadUrl": PRESIGNED, "contentType": "audio/mpeg", "maxSizeBytes": "lots"}
    upload["expiresAt"] = "2999-01-01T00:00:00Z"
    fake = FakeService().on("POST", "/v1/uploads", json_response(200, {"data": upload}))
    with pytest.raises(MalformedResponseError, match="maxSizeBytes is a str of length 4; expected an int"):
        runner.upload(SCRIPE, make_file("a.mp3"), fake=fake, environ={})
    assert fake.puts == []  # refused where it was read, before anything was sent


def test_scripe_failed_job(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = scripe_fake(
        job("QUEUED"), job("RUNNING"), job("FAILED", errorCode="transcode_failed", errorMessage="bad audio")
    )
    with pytest.raises(VendorError, match="ended FAILED: bad audio") as caught:
        runner.upload(SCRIPE, make_file("a.mp3"), fake=fake, environ={}, wait=True)
    assert caught.value.code == "transcode_failed"


def test_scripe_job_that_never_finishes(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = scripe_fake(job("QUEUED"), job("RUNNING"))
    with pytest.raises(UploadTimeoutError, match="still RUNNING"):
        runner.upload(SCRIPE, make_file("a.mp3"), fake=fake, environ={}, wait=True, wait_timeout=10)
    assert sum(runner.sleeps) == pytest.approx(10)  # polled right up to the deadline, not past it


def test_signature_mismatch_is_not_retried(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = loops_fake().store(
        s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match")
    )
    with pytest.raises(StorageError) as caught:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    error = caught.value
    assert type(error) is StorageError
    assert (error.status, error.code, error.request_id) == (403, "SignatureDoesNotMatch", "RID1")
    assert "differs from what the URL was signed for" in str(error)
    assert "deadbeefcafe" not in str(error) and "X-Amz-Signature=[redacted]" in str(error)
    assert len(fake.puts) == 1


def test_second_expiry_gives_up(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = loops_fake().store(s3_error(403, "AccessDenied", "Request has expired"))
    with pytest.raises(PresignedUrlExpiredError):
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert len(fake.puts) == 2
    assert len([r for r in fake.api_requests() if r.url.path.endswith("/v1/uploads")]) == 2


def test_url_already_past_expires_at_is_never_used(runner: Runner, make_file: Callable[..., Path]) -> None:
    stale = loops_created(url=PRESIGNED.replace("key", "stale"), expiresAt="2000-01-01T00:00:00Z")
    fake = (
        FakeService()
        .on("POST", "/v1/uploads", stale, loops_created())
        .on("POST", "/complete", loops_completed())
    )
    runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert [r.url.path for r in fake.requests if r.method == "PUT"] == ["/bucket/key"]


def test_create_without_idempotency_is_not_resent_after_a_read_error(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=request)

    fake = FakeService().on("POST", "/v1/uploads", broken)
    with pytest.raises(RecordMayExistError, match=r"could not reach the API.*a record may exist") as caught:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert len(fake.requests) == 1  # it may have created an asset: never create a second
    assert caught.value.retryable and caught.value.status is None  # the user may retry, after checking


def test_create_without_idempotency_is_not_resent_after_a_server_error(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    # A 500 may come after the server created the record (issue 9): sending again would make two.
    fake = FakeService().on("POST", "/v1/uploads", json_response(500, {"message": "oops"}), loops_created())
    with pytest.raises(RecordMayExistError, match=r"500: oops.*a record may exist") as caught:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert len(fake.requests) == 1
    assert (caught.value.status, caught.value.retryable, caught.value.vendor) == (500, True, "loops")
    assert runner.sleeps == []


def test_connect_errors_are_retried_even_without_idempotency(
    runner: Runner, make_file: Callable[..., Path]
) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    fake = (
        FakeService()
        .on("POST", "/v1/uploads", refused, refused, loops_created())
        .on("POST", "/complete", loops_completed())
    )
    runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert len([r for r in fake.requests if r.url.path.endswith("/v1/uploads")]) == 3


def test_retries_stop_at_max_attempts(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = (
        FakeService()
        .on("POST", "/v1/uploads", loops_created())
        .on("POST", "/complete", json_response(503, {"message": "down"}))
    )
    with pytest.raises(VendorError, match="503: down") as caught:
        runner.upload(
            LOOPS,
            make_file("a.png"),
            fake=fake,
            environ={},
            retry=RetryPolicy(max_attempts=3, initial_delay=1, jitter=0),
        )
    completes = [r for r in fake.api_requests() if r.url.path.endswith("/complete")]
    assert caught.value.retryable and len(completes) == 3
    assert runner.sleeps == [1.0, 2.0]  # exponential backoff


def test_progress_callback_errors_reach_the_caller(runner: Runner, make_file: Callable[..., Path]) -> None:
    def broken(sent: int, total: int) -> None:
        raise ZeroDivisionError("caller bug")

    with pytest.raises(ZeroDivisionError, match="caller bug"):
        runner.upload(LOOPS, make_file("a.png"), fake=loops_fake(), environ={}, progress=broken)


def test_vendor_echoing_the_key_is_redacted(runner: Runner, make_file: Callable[..., Path]) -> None:
    fake = FakeService().on(
        "POST", "/v1/uploads", json_response(400, {"message": "bad key loops-key-0123456789"})
    )
    with pytest.raises(VendorError) as caught:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    assert "loops-key-0123456789" not in str(caught.value) and "[redacted]" in str(caught.value)


def test_logs_hold_no_keys_or_signatures(
    runner: Runner, make_file: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = loops_fake().store(
        s3_error(503, "SlowDown", "Reduce your request rate"), lambda r: httpx.Response(200)
    )
    runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "PUT" in text and "presignkit" in {r.name for r in caplog.records}
    assert "deadbeefcafe" not in text and "loops-key-0123456789" not in text
    assert "AKIA%2Fscope" not in text


def test_bytes_and_file_objects_upload_their_exact_bytes(runner: Runner, tmp_path: Path) -> None:
    data = os.urandom(10_000)
    fake = loops_fake()
    runner.upload(LOOPS, data, fake=fake, environ={}, content_type="image/png")
    (tmp_path / "a.gif").write_bytes(b"junk" + data)
    with (tmp_path / "a.gif").open("rb") as f:
        f.seek(4)  # a file object uploads from where it stands
        runner.upload(LOOPS, f, fake=fake, environ={}, uploader_options={"chunk_size": 999})
    import hashlib

    assert [p.sha256 for p in fake.puts] == [hashlib.sha256(data).hexdigest()] * 2
    assert dict(fake.puts[1].headers)["content-type"] == "image/gif"


def test_expires_at_is_compared_in_utc() -> None:
    from presignkit.workflow.presign import _expired

    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    assert not _expired(future, datetime.datetime.now(datetime.UTC).timestamp())
    assert _expired(future, future.timestamp())
    assert not _expired(future.replace(tzinfo=None), future.timestamp() + 10)  # naive: unknown, try it
