"""Each vendor's workflow as what it is: a generator. Scripted results go in, the steps it yields
come out; no sockets, no drivers, no sleeping."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from presignkit_flare.models import CreatedVideo, PresignedUpload
from presignkit_loops.models import CompleteUploadResponse, CreateUploadResponse
from presignkit_scripe.models import JobSingle, UploadSingle
from presignkit_streamloop.models import Upload

from presignkit import Flare, Loops, Scripe, Streamloop, UploadTimeoutError
from presignkit.errors import PresignedUrlExpiredError
from presignkit.settings import VendorSettings
from presignkit.sources import load_source
from presignkit.vendors.registry import load_adapter
from presignkit.workflow.steps import (
    ApiCall,
    ApiResult,
    Checkpoint,
    Put,
    PutResult,
    Sleep,
    Step,
    UploadRequest,
    Workflow,
    WorkflowOutcome,
)

Answer = Callable[[Step], Any]  # a reply for the step, or an exception to throw into the workflow
PUT_OK = PutResult(status=200, headers={}, size=4, checksum=None)
EXPIRED = PresignedUrlExpiredError("the URL expired", status=403)


@attrs.define
class Clock:
    """The injected `now`: moves only when a Sleep step is answered (or a test moves it)."""

    at: float = 1_000_000.0

    def __call__(self) -> float:
        return self.at


def request(
    settings: VendorSettings, content_type: str, clock: Clock | None = None, **options: Any
) -> UploadRequest:
    return UploadRequest(
        settings=settings.resolve({}),
        source=load_source(b"data", content_type=content_type),
        now=clock or Clock(),
        **options,
    )


def drive(workflow: Workflow[WorkflowOutcome], answer: Answer) -> tuple[WorkflowOutcome, list[Step]]:
    steps: list[Step] = []
    reply: Any = None
    failure: BaseException | None = None
    while True:
        try:
            step = workflow.send(reply) if failure is None else workflow.throw(failure)
        except StopIteration as finished:
            return finished.value, steps
        if isinstance(step, Checkpoint):  # for a journal (presignkit.many): not a step to answer
            reply, failure = None, None
            continue
        steps.append(step)
        out = answer(step)
        reply, failure = (None, out) if isinstance(out, BaseException) else (out, None)


def ok(model: Any, status: int = 200) -> ApiResult:
    return ApiResult(status=status, parsed=model, headers={})


def names(steps: list[Step]) -> list[str]:
    return [s.name if isinstance(s, ApiCall) else type(s).__name__ for s in steps]


def in_the_future() -> str:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).isoformat()


# -- Loops: a fresh create per URL, one complete -------------------------------------------------


def loops_answers(puts: Iterator[Any], expires_at: str | None = None) -> Answer:
    created = itertools.count(1)

    def answer(step: Step) -> Any:
        if isinstance(step, Put):
            return next(puts)
        assert isinstance(step, ApiCall)
        if step.name == "loops.createUpload":
            n = next(created)
            body: dict[str, Any] = {"emailAssetId": f"asset_{n}", "presignedUrl": f"https://s3.test/{n}"}
            if expires_at is not None:
                body["expiresAt"] = expires_at
            return ok(CreateUploadResponse.from_dict(body))
        asset = step.kwargs["email_asset_id"]
        return ok(
            CompleteUploadResponse.from_dict({"emailAssetId": asset, "finalUrl": f"https://cdn/{asset}"})
        )

    return answer


def test_loops_presigns_again_after_the_store_says_expired() -> None:
    workflow = load_adapter("loops").workflow(request(Loops(api_key="k" * 10), "image/png"))
    outcome, steps = drive(workflow, loops_answers(iter([EXPIRED, PUT_OK])))
    assert names(steps) == ["loops.createUpload", "Put", "loops.createUpload", "Put", "loops.completeUpload"]
    puts = [s for s in steps if isinstance(s, Put)]
    assert [p.url for p in puts] == ["https://s3.test/1", "https://s3.test/2"]
    assert outcome.asset_id == "asset_2" and outcome.url == "https://cdn/asset_2"
    calls = [s for s in steps if isinstance(s, ApiCall)]
    # A create carries no idempotency key, so only a complete may be sent twice.
    assert [c.idempotent for c in calls] == [False, False, True]
    assert calls[-1].too_early_is_transient


def test_loops_gives_up_after_a_second_expiry() -> None:
    workflow = load_adapter("loops").workflow(request(Loops(api_key="k" * 10), "image/png"))
    with pytest.raises(PresignedUrlExpiredError):
        drive(workflow, loops_answers(iter([EXPIRED, EXPIRED])))


def test_loops_presigns_again_before_putting_to_a_url_past_its_expiry() -> None:
    clock = Clock(at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC).timestamp())
    workflow = load_adapter("loops").workflow(request(Loops(api_key="k" * 10), "image/png", clock))
    past = "2029-12-31T23:59:00+00:00"
    _outcome, steps = drive(workflow, loops_answers(iter([PUT_OK]), expires_at=past))
    # Both URLs are already expired by the injected clock: one fresh URL, then the PUT is tried.
    assert names(steps) == ["loops.createUpload", "loops.createUpload", "Put", "loops.completeUpload"]


# -- Streamloop: one key per logical call ---------------------------------------------------------


def streamloop_answers(puts: Iterator[Any]) -> Answer:
    urls = itertools.count(1)
    upload = {
        "createdAt": "2026-01-01T00:00:00+00:00",
        "id": "upl_1",
        "mimeType": "video/mp4",
        "name": "upload.mp4",
        "type": "video",
        "uploaded": False,
    }

    def answer(step: Step) -> Any:
        if isinstance(step, Put):
            return next(puts)
        assert isinstance(step, ApiCall)
        if step.name == "streamloop.generateUploadUrl":
            return ok(f"https://s3.test/{next(urls)}")
        status = 201 if step.name == "streamloop.createUpload" else 200
        return ok(Upload.from_dict({**upload, "uploaded": status == 200}), status)

    return answer


def test_streamloop_sends_a_fresh_idempotency_key_per_call_and_per_new_url() -> None:
    settings = Streamloop(api_key="sl_key", workspace_id="wksp_1")
    progress_calls: list[tuple[int, int]] = []
    req = request(settings, "video/mp4", chunk_size=3, progress=lambda a, b: progress_calls.append((a, b)))
    _outcome, steps = drive(
        load_adapter("streamloop").workflow(req), streamloop_answers(iter([EXPIRED, PUT_OK]))
    )
    assert names(steps) == [
        "streamloop.createUpload",
        "streamloop.generateUploadUrl",
        "Put",
        "streamloop.generateUploadUrl",
        "Put",
        "streamloop.completeUpload",
    ]
    calls = [s for s in steps if isinstance(s, ApiCall)]
    keys = [c.kwargs["idempotency_key"] for c in calls]
    assert len(set(keys)) == len(keys) == 4  # re-presigning with the old key would replay the old URL
    assert all(c.idempotent for c in calls)
    assert all(c.kwargs["x_workspace_id"] == "wksp_1" for c in calls)
    # One value per upload: chunk size, progress and vendor travel with the request to the PUT.
    put = next(s for s in steps if isinstance(s, Put))
    assert (put.chunk_size, put.progress, put.vendor) == (3, req.progress, "streamloop")
    assert put.headers == {"Content-Type": "video/mp4"}


# -- Flare: a create without a key, exact presigned headers ---------------------------------------


def test_flare_sends_exactly_the_presigned_headers_and_creates_once() -> None:
    def answer(step: Step) -> Any:
        if isinstance(step, Put):
            return PUT_OK
        assert isinstance(step, ApiCall)
        if step.name == "flare.createVideo":
            return ok(CreatedVideo.from_dict({"video": {"id": "vid_1"}}))
        return ok(
            PresignedUpload.from_dict(
                {
                    "uploadUrl": "https://s3.test/v",
                    "headers": {"Content-Type": "video/mp4", "x-amz-acl": "private"},
                    "publicUrl": "https://flare.test/vid_1.mp4",
                }
            )
        )

    outcome, steps = drive(
        load_adapter("flare").workflow(request(Flare(api_token="flr_pat_x"), "video/mp4")), answer
    )
    assert names(steps) == ["flare.createVideo", "flare.presignVideoUpload", "Put"]
    create, presign = (s for s in steps if isinstance(s, ApiCall))
    assert (create.idempotent, presign.idempotent) == (False, True)
    put = next(s for s in steps if isinstance(s, Put))
    assert dict(put.headers) == {"Content-Type": "video/mp4", "x-amz-acl": "private"}
    assert (outcome.asset_id, outcome.url) == ("vid_1", "https://flare.test/vid_1.mp4")


# -- Scripe: the ingest poll's backoff and its deadline on the injected clock ---------------------


def scripe_answers(clock: Clock, statuses: Iterator[str]) -> Answer:
    def answer(step: Step) -> Any:
        if isinstance(step, Put):
            return PUT_OK
        if isinstance(step, Sleep):
            clock.at += step.seconds
            return None
        assert isinstance(step, ApiCall)
        if step.name == "scripe.createUpload":
            upload = {
                "id": "upl_1",
                "uploadUrl": "https://s3.test/u",
                "contentType": "audio/mpeg",
                "maxSizeBytes": 1000,
                "expiresAt": in_the_future(),
            }
            return ok(UploadSingle.from_dict({"data": upload}))
        job = {"id": "job_1", "type": "KB_INGEST_FILE", "status": next(statuses)}
        return ok(JobSingle.from_dict({"data": job}), 202 if step.name == "scripe.createSource" else 200)

    return answer


def scripe_request(clock: Clock, wait_timeout: float) -> UploadRequest:
    return request(
        Scripe(api_key="scripe_sk_test_x"), "audio/mpeg", clock, wait=True, wait_timeout=wait_timeout
    )


def test_scripe_polls_with_backoff_until_the_job_is_done() -> None:
    clock = Clock()
    statuses = iter(["QUEUED", *["RUNNING"] * 7, "DONE"])
    workflow = load_adapter("scripe").workflow(scripe_request(clock, 300.0))
    outcome, steps = drive(workflow, scripe_answers(clock, statuses))
    sleeps = [s.seconds for s in steps if isinstance(s, Sleep)]
    assert sleeps == pytest.approx([0.5, 0.75, 1.125, 1.6875, 2.53125, 3.796875, 5.0, 5.0])
    polls = [s for s in steps if isinstance(s, ApiCall) and s.name == "scripe.getJob"]
    assert len(polls) == len(sleeps) and all(p.idempotent for p in polls)
    assert isinstance(outcome.response, JobSingle)


def test_scripe_trims_the_last_sleep_to_the_deadline_then_times_out() -> None:
    clock = Clock()
    workflow = load_adapter("scripe").workflow(scripe_request(clock, 2.0))
    with pytest.raises(UploadTimeoutError, match=r"wait_timeout=2\.0"):
        drive(workflow, scripe_answers(clock, itertools.repeat("RUNNING")))
    # 0.5 + 0.75 = 1.25 s slept; the next sleep is cut to the 0.75 s left.
    assert clock.at - Clock().at == pytest.approx(2.0)


def test_scripe_deadline_follows_the_injected_clock() -> None:
    clock = Clock()
    answers = scripe_answers(clock, itertools.repeat("RUNNING"))

    def jump_after_create_source(step: Step) -> Any:
        reply = answers(step)
        if isinstance(step, ApiCall) and step.name == "scripe.createSource":
            clock.at += 3600  # an hour passes on the injected clock, none on the real one
        return reply

    workflow = load_adapter("scripe").workflow(scripe_request(clock, 60.0))
    steps: list[Step] = []

    def recording(step: Step) -> Any:
        steps.append(step)
        return jump_after_create_source(step)

    with pytest.raises(UploadTimeoutError):
        drive(workflow, recording)
    assert not any(isinstance(s, Sleep) for s in steps)
