"""Hostile answers: whatever a vendor answers, an upload ends in success or one VendorError
(MalformedResponseError for a body that is not the documented shape), never another exception,
and no key or presigned-URL signature appears in the error or the log.

No sockets: the real parsing path (each generated operation's `_build_response`, the driver's
classification, the workflows' `expect_model`) is fed httpx Responses in memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presignkit
from presignkit.classify import remember_response
from presignkit.errors import MalformedResponseError, PresignkitError, UploadTimeoutError, VendorError
from presignkit.retry import RetryPolicy
from presignkit.settings import VendorSettings
from presignkit.vendors.base import expect_model
from presignkit.workflow.steps import ApiCall, ApiResult
from tests.generated.effective_specs import operations as spec_operations
from tests.properties.hostile_bodies import STORE_URL, Operation, all_operations, answer_body

API = "https://api.example.test"
SIGNATURE = "deadbeefcafe"  # the X-Amz-Signature of every URL the strategies hand out
SETTINGS: dict[str, VendorSettings] = {
    "streamloop": presignkit.Streamloop(api_key="sl_secret_0123456789", workspace_id="wksp_1", base_url=API),
    "loops": presignkit.Loops(api_key="loops-key-0123456789", base_url=API),
    "flare": presignkit.Flare(api_token="flr_pat_secret_0123456789", base_url=API),
    "scripe": presignkit.Scripe(api_key="scripe_sk_test_secret_0123456789", base_url=API),
}
SECRETS = {
    "streamloop": "sl_secret_0123456789",
    "loops": "loops-key-0123456789",
    "flare": "flr_pat_secret_0123456789",
    "scripe": "scripe_sk_test_secret_0123456789",
}
CONTENT_TYPE = {"streamloop": "video/mp4", "loops": "image/png", "flare": "video/mp4", "scripe": "audio/mpeg"}
OPERATIONS = all_operations()
NO_RETRY = RetryPolicy(max_attempts=1)
# The operation-level test answers in memory: nothing may reach a transport.
REFUSE = httpx.MockTransport(
    lambda request: pytest.fail(f"unexpected request {request.method} {request.url}")
)
QUICK_RETRY = RetryPolicy(max_attempts=2, initial_delay=0.0, max_delay=0.0, jitter=0.0)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def recorded_logs() -> Iterator[list[str]]:
    """Every presignkit log line (at DEBUG) while the block runs; hypothesis runs one example
    at a time, so a handler per example is simpler than caplog's function-scoped fixture."""
    logger = logging.getLogger("presignkit")
    handler = _Records()
    handler.setFormatter(logging.Formatter("%(message)s %(exc_text)s"))
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def assert_no_secret(vendor: str, error: BaseException | None, logs: list[str]) -> None:
    texts = [str(error), repr(error), *logs] if error is not None else logs
    for text in texts:
        assert SECRETS[vendor] not in text
        assert SIGNATURE not in text


# -- every operation, every documented status ----------------------------------------------------


def _canned(operation: Operation, status: int, body: bytes, media_type: str) -> ModuleType:
    """The generated operation with its I/O replaced: `sync_detailed` answers with this body,
    parsed by the operation's own `_build_response`, as the real call would."""
    shim = ModuleType(operation.module.__name__)

    def sync_detailed(*, client: Any, **kwargs: Any) -> Any:
        response = httpx.Response(
            status,
            content=body,
            headers={"content-type": media_type, "x-request-id": "req_1"},
            request=httpx.Request("POST", API + "/call"),
        )
        remember_response(response)  # what the client's response hook does
        return operation.module._build_response(client=client, response=response)

    vars(shim).update(sync_detailed=sync_detailed, _parse_response=operation.module._parse_response)
    return shim


@st.composite
def status_and_body(draw: Any, operation: Operation) -> tuple[int, bytes, str]:
    status = draw(st.sampled_from(operation.statuses))
    body, media_type = draw(answer_body(operation, status))
    return status, body, media_type


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.name for o in OPERATIONS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_answer_to_every_operation_is_a_result_or_a_vendor_error(
    operation: Operation, data: st.DataObject
) -> None:
    status, body, media_type = data.draw(status_and_body(operation))
    vendor = operation.vendor
    # The driver exactly as an Uploader builds it (its API client, its error classification).
    with presignkit.Uploader(
        SETTINGS[vendor], retry=NO_RETRY, transport=REFUSE, storage_transport=REFUSE, sleep=lambda _s: None
    ) as uploader:
        outcome(operation, uploader, status, body, media_type)


def outcome(
    operation: Operation, uploader: presignkit.Uploader, status: int, body: bytes, media_type: str
) -> None:
    """One answer through the uploader's own driver, then `expect_model` as a workflow would."""
    from presignkit.drivers import SyncDriver

    vendor = operation.vendor
    driver = SyncDriver(
        api_client=uploader._api, storage=uploader._storage, errors=uploader._errors, policy=NO_RETRY
    )
    call = ApiCall(
        operation.name, _canned(operation, status, body, media_type), {}, ok_statuses=operation.ok_statuses
    )
    error: PresignkitError | None = None
    with recorded_logs() as logs:
        try:
            result = driver.execute(call)
        except PresignkitError as caught:
            error = caught
        else:
            assert isinstance(result, ApiResult) and result.status in operation.ok_statuses
            # What a workflow does next: take the documented model out of it.
            model = type(result.parsed)
            if attrs.has(model):
                try:
                    expect_model(result, model, vendor=vendor, operation=operation.name)
                except MalformedResponseError as caught:
                    error = caught
    if error is not None:
        assert isinstance(error, VendorError), repr(error)
        assert error.vendor == vendor and error.operation == operation.name
        assert error.status == status
    assert_no_secret(vendor, error, logs)


# -- whole uploads: every step of each vendor's workflow ------------------------------------------

WORKFLOW_STEPS = {
    "streamloop": ("createUpload", "generateUploadUrl", "completeUpload"),
    "loops": ("createUpload", "completeUpload"),
    "flare": ("createVideo", "presignVideoUpload"),
    "scripe": ("createUpload", "createSource", "getJob"),
}
BY_NAME = {o.name: o for o in OPERATIONS}


@st.composite
def scripted_vendor(draw: Any, vendor: str) -> dict[str, tuple[int, bytes, str]]:
    """One answer per workflow step, mostly on a documented success status."""
    answers = {}
    for operation_id in WORKFLOW_STEPS[vendor]:
        operation = BY_NAME[f"{vendor}.{operation_id}"]
        success = sorted(operation.ok_statuses)
        status = draw(
            st.sampled_from(success) if draw(st.integers(0, 3)) else st.sampled_from(operation.statuses)
        )
        body, media_type = draw(answer_body(operation, status))
        answers[operation_id] = (status, body, media_type)
    return answers


def _router(vendor: str, answers: dict[str, tuple[int, bytes, str]], sent: list[httpx.Request]) -> Any:
    specs = spec_operations(vendor)
    patterns = {op: re.compile(specs[op].path_pattern("").pattern + "$") for op in answers}

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.host == "api.example.test":
            for operation_id, pattern in patterns.items():
                if request.method == specs[operation_id].method and pattern.search(request.url.path):
                    status, body, media_type = answers[operation_id]
                    return httpx.Response(status, content=body, headers={"content-type": media_type})
            return httpx.Response(404, json={"message": "no such route"})
        request.read()
        return httpx.Response(200, headers={"etag": '"x"'})  # any other host is the store

    return handle


@pytest.mark.parametrize("vendor", list(WORKFLOW_STEPS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_upload_through_hostile_answers_succeeds_or_raises_one_vendor_error(
    vendor: str, data: st.DataObject
) -> None:
    answers = data.draw(scripted_vendor(vendor))
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(_router(vendor, answers, sent))
    error: PresignkitError | None = None
    with recorded_logs() as logs:
        try:
            with presignkit.Uploader(
                SETTINGS[vendor],
                retry=QUICK_RETRY,
                transport=transport,
                storage_transport=transport,
                sleep=lambda _seconds: None,
            ) as uploader:
                result = uploader.upload(
                    b"\x00" * 1000, content_type=CONTENT_TYPE[vendor], wait=vendor == "scripe", wait_timeout=3
                )
        except PresignkitError as caught:
            error = caught
        else:
            assert isinstance(result.asset_id, str) and result.asset_id
            assert result.url is None or isinstance(result.url, str)
            assert isinstance(result.content_type, str) and result.size == 1000
    if error is not None:
        timed_out = isinstance(error, UploadTimeoutError) and error.operation == "scripe.getJob"
        assert isinstance(error, VendorError) or timed_out, repr(error)
        assert error.vendor == vendor
    assert_no_secret(vendor, error, logs)


def test_an_unknown_scripe_job_status_is_named_with_the_known_ones() -> None:
    job = b'{"data": {"id": "job_1", "type": "SOURCE_INGEST_FILE", "status": "PAUSED"}}'
    upload = (
        b'{"data": {"id": "upl_1", "uploadUrl": "' + STORE_URL.encode() + b'", "contentType": "audio/mpeg",'
        b' "maxSizeBytes": 100000, "expiresAt": "2999-01-01T00:00:00Z"}}'
    )
    answers = {
        "createUpload": (200, upload, "application/json"),
        "createSource": (200, job, "application/json"),
        "getJob": (200, job, "application/json"),
    }
    transport = httpx.MockTransport(_router("scripe", answers, []))
    with (
        presignkit.Uploader(SETTINGS["scripe"], transport=transport, storage_transport=transport) as uploader,
        pytest.raises(MalformedResponseError) as refused,
    ):
        uploader.upload(b"\x00" * 10, content_type="audio/mpeg", wait=True)
    message = str(refused.value)
    assert (
        "data.status is 'PAUSED', not a known JobStatus; known: CANCELLED, DONE, FAILED, QUEUED, RUNNING"
        in message
    )
    assert "textPreviewTruncated" not in message
