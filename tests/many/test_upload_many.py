"""upload_many against the real sandbox: every vendor, sync and async; pre-flight, failures,
the shared pause, and the journal's skip-and-continue."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

import presignkit
from presignkit.checksums import ChecksumAlgorithm
from presignkit.errors import ValidationError, VendorError
from presignkit.journal import Journal
from presignkit.many import ALREADY_UPLOADED, FAILED, NOT_STARTED, UPLOADED, SourceOutcome
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import checksum_of, crc32c_of
from tests.many.conftest import FAST_RETRY, VENDORS, assert_exactly_once

MakeFiles = Callable[..., list[Path]]


def run_many(
    mode: str,
    sandbox: Sandbox,
    vendor: str,
    sources: list[Any],
    *,
    retry: presignkit.RetryPolicy = FAST_RETRY,
    **options: Any,
) -> list[SourceOutcome]:
    if mode == "sync":
        with presignkit.Uploader(vendor, environ=sandbox.env(), retry=retry) as uploader:
            return list(uploader.upload_many(sources, **options))

    async def main() -> list[SourceOutcome]:
        async with presignkit.AsyncUploader(vendor, environ=sandbox.env(), retry=retry) as uploader:
            return [outcome async for outcome in uploader.upload_many(sources, **options)]

    return anyio.run(main)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("vendor", VENDORS)
def test_every_file_uploaded_once(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, vendor: str, mode: str
) -> None:
    paths = make_files(vendor, 6)
    phases: list[tuple[int, str]] = []
    progress: dict[int, tuple[int, int]] = {}
    outcomes = run_many(
        mode,
        presignkit_sandbox,
        vendor,
        paths,
        concurrency=3,
        on_phase=lambda i, text: phases.append((i, text)),
        on_progress=lambda i, sent, total: progress.__setitem__(i, (sent, total)),
    )
    assert sorted(o.index for o in outcomes) == list(range(6))
    assert all(o.status == UPLOADED and o.result is not None for o in outcomes), outcomes
    for outcome in outcomes:
        assert outcome.result is not None and outcome.source == paths[outcome.index]
        assert progress[outcome.index] == (outcome.result.size, outcome.result.size)
    assert_exactly_once(presignkit_sandbox, vendor, paths)
    texts = {text for _, text in phases}
    assert {"presigning", "uploading", "done"} <= texts


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_refused_source_stops_everything_before_any_request(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path, mode: str
) -> None:
    paths = make_files("flare", 2)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG....")
    outcomes = run_many(mode, presignkit_sandbox, "flare", [*paths, logo], stop_on_error=True)
    assert presignkit_sandbox.api_requests == [] and presignkit_sandbox.store.requests == []
    by_index = {o.index: o for o in outcomes}
    assert by_index[2].status == FAILED and isinstance(by_index[2].error, ValidationError)
    assert "image/png" in str(by_index[2].error)
    assert by_index[0].status == by_index[1].status == NOT_STARTED


def test_a_failure_does_not_stop_the_others(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("loops", 4)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    presignkit_sandbox.faults.fail_next("loops.createUpload", 1, status=400)
    outcomes = run_many("async", presignkit_sandbox, "loops", [empty, *paths], concurrency=2)
    failed = [o for o in outcomes if o.status == FAILED]
    assert len(outcomes) == 5 and len(failed) == 2
    assert any(isinstance(o.error, ValidationError) and o.index == 0 for o in failed)
    assert any(isinstance(o.error, VendorError) and o.error.status == 400 for o in failed)
    uploaded = [paths[o.index - 1] for o in outcomes if o.status == UPLOADED]
    assert len(uploaded) == 3
    assert_exactly_once(presignkit_sandbox, "loops", uploaded)


def test_stop_on_error_leaves_the_rest_not_started(
    presignkit_sandbox: Sandbox, make_files: MakeFiles
) -> None:
    paths = make_files("streamloop", 5)
    presignkit_sandbox.faults.fail_next("streamloop.createUpload", 1, status=400)
    outcomes = run_many("sync", presignkit_sandbox, "streamloop", paths, concurrency=1, stop_on_error=True)
    assert [o.status for o in sorted(outcomes, key=lambda o: o.index)] == [FAILED] + [NOT_STARTED] * 4
    assert len(presignkit_sandbox.assets("streamloop")) == 0


def test_a_429_pauses_every_worker_and_halves_the_concurrency(
    presignkit_sandbox: Sandbox, make_files: MakeFiles
) -> None:
    paths = make_files("scripe", 8)
    presignkit_sandbox.faults.fail_next("scripe.createUpload", 1, status=429, retry_after=0.5)

    async def main() -> tuple[list[SourceOutcome], Any]:
        async with presignkit.AsyncUploader(
            "scripe", environ=presignkit_sandbox.env(), retry=FAST_RETRY
        ) as up:
            return [o async for o in up.upload_many(paths, concurrency=4)], up._throttle

    outcomes, throttle = anyio.run(main)
    assert all(o.ok for o in outcomes)
    assert throttle.throttle_count == 1 and throttle.lowest_slots == 2
    creates = [
        r for r in presignkit_sandbox.api_requests if r.path.endswith("/uploads") and r.method == "POST"
    ]
    assert creates[0].status == 429
    assert_exactly_once(presignkit_sandbox, "scripe", paths)


def test_journal_skips_what_is_done(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("flare", 3)
    journal = tmp_path / "run.journal"
    first = run_many("sync", presignkit_sandbox, "flare", paths, journal=journal)
    assert all(o.status == UPLOADED for o in first)
    requests = len(presignkit_sandbox.api_requests)
    again = run_many("sync", presignkit_sandbox, "flare", paths, journal=journal)
    assert all(o.status == ALREADY_UPLOADED for o in again)
    assert {o.result.asset_id for o in again if o.result} == {o.result.asset_id for o in first if o.result}
    assert len(presignkit_sandbox.api_requests) == requests  # nothing sent
    assert_exactly_once(presignkit_sandbox, "flare", paths)


# After the PUT went through, the next step fails; the rerun must not create or PUT again.
AFTER_PUT: dict[str, tuple[str, dict[str, Any]]] = {
    "streamloop": ("streamloop.completeUpload", {}),
    "loops": ("loops.completeUpload", {}),
    "scripe": ("scripe.createSource", {"wait": True, "wait_timeout": 30.0}),
}


@pytest.mark.parametrize("vendor", sorted(AFTER_PUT))
def test_a_half_done_file_continues_after_its_put(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path, vendor: str
) -> None:
    route, options = AFTER_PUT[vendor]
    paths = make_files(vendor, 1)
    journal = tmp_path / "run.journal"
    presignkit_sandbox.faults.fail_next(route, 1, status=400)
    first = run_many("async", presignkit_sandbox, vendor, paths, journal=journal, **options)
    assert first[0].status == FAILED
    with Journal(journal) as opened:
        assert opened.entries()[0].state == "put"
    puts_before = sum(r.method == "PUT" for r in presignkit_sandbox.store.requests)
    second = run_many("async", presignkit_sandbox, vendor, paths, journal=journal, **options)
    assert second[0].status == UPLOADED and second[0].orphans == ()
    assert sum(r.method == "PUT" for r in presignkit_sandbox.store.requests) == puts_before
    assert len(presignkit_sandbox.assets(vendor)) == 1
    assert_exactly_once(presignkit_sandbox, vendor, paths)


def test_loops_cannot_continue_before_the_put_and_names_the_orphan(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("loops", 1)
    journal = tmp_path / "run.journal"
    presignkit_sandbox.faults.fail_next("store.put", 1, status=403)
    first = run_many("async", presignkit_sandbox, "loops", paths, journal=journal)
    assert first[0].status == FAILED
    orphan = presignkit_sandbox.assets("loops")[0]
    second = run_many("async", presignkit_sandbox, "loops", paths, journal=journal)
    assert second[0].status == UPLOADED and second[0].orphans == (orphan,)
    assert second[0].result is not None and second[0].result.asset_id != orphan
    with Journal(journal) as opened:
        assert opened.summary().orphans == ((str(paths[0].resolve()), orphan),)
    assert_exactly_once(presignkit_sandbox, "loops", paths)


def test_flare_continues_its_video_before_the_put(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path
) -> None:
    paths = make_files("flare", 1)
    journal = tmp_path / "run.journal"
    presignkit_sandbox.faults.fail_next("store.put", 1, status=403)
    assert run_many("async", presignkit_sandbox, "flare", paths, journal=journal)[0].status == FAILED
    second = run_many("async", presignkit_sandbox, "flare", paths, journal=journal)
    assert second[0].status == UPLOADED and second[0].orphans == ()
    assert len(presignkit_sandbox.assets("flare")) == 1
    assert_exactly_once(presignkit_sandbox, "flare", paths)


def test_breaking_out_early_cancels_the_rest(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("streamloop", 6)
    presignkit_sandbox.faults.add_latency("store.put", 0.3)
    with (
        presignkit.Uploader("streamloop", environ=presignkit_sandbox.env(), retry=FAST_RETRY) as uploader,
        contextlib.closing(uploader.upload_many(paths, concurrency=2)) as outcomes,
    ):
        first = next(iter(outcomes))
    assert first.ok
    assert len(presignkit_sandbox.assets("streamloop")) < 6


def test_bad_options_are_refused_up_front(presignkit_sandbox: Sandbox, make_files: MakeFiles) -> None:
    paths = make_files("loops", 1)
    with presignkit.Uploader("loops", environ=presignkit_sandbox.env()) as uploader:
        with pytest.raises(ValidationError, match="concurrency=0"):
            list(uploader.upload_many(paths, concurrency=0))
        with pytest.raises(ValidationError, match="one source"):
            list(uploader.upload_many(str(paths[0])))
        with pytest.raises(ValidationError, match="on_phase="):
            list(uploader.upload_many(paths, on_phase="loud"))  # type: ignore[arg-type]
        outcomes = list(
            uploader.upload_many([b"abc"], journal=paths[0].parent / "j", content_type="image/png")
        )
        assert list(uploader.upload_many([])) == []
    assert outcomes[0].status == FAILED and "journal needs" in str(outcomes[0].error)
    assert presignkit_sandbox.api_requests == []


def test_scripe_put_that_arrived_unheard_is_not_an_error(
    presignkit_sandbox: Sandbox, make_files: MakeFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed after the store took the bytes and before the journal heard: the rerun's
    single-use URL is refused as used, which means the earlier PUT arrived."""
    paths = make_files("scripe", 1)
    journal = tmp_path / "run.journal"
    with monkeypatch.context() as lost_writes:
        lost_writes.setattr(Journal, "record_put", lambda *a, **k: None)
        lost_writes.setattr(Journal, "record_completed", lambda *a, **k: None)
        assert run_many("async", presignkit_sandbox, "scripe", paths, journal=journal)[0].ok
    with Journal(journal) as opened:
        assert opened.entries()[0].state == "created"
    second = run_many("async", presignkit_sandbox, "scripe", paths, journal=journal)
    assert second[0].status == UPLOADED and second[0].result is not None
    # No checksum came from this run's PUT (it was refused as used): it is read from the file.
    checksum = second[0].result.checksum
    assert checksum is not None and (checksum.algorithm, checksum.value) == ("crc32c", crc32c_of(paths[0]))
    puts = [r.status for r in presignkit_sandbox.store.requests if r.method == "PUT"]
    assert puts == [200, 403]
    assert len(presignkit_sandbox.assets("scripe")) == 1


ALGORITHMS: list[ChecksumAlgorithm | None] = ["crc32c", "sha256", None]


@pytest.mark.parametrize("first", ALGORITHMS)
@pytest.mark.parametrize("second", ALGORITHMS)
def test_a_resumed_upload_reports_the_checksum_this_run_asked_for(
    presignkit_sandbox: Sandbox,
    make_files: MakeFiles,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first: ChecksumAlgorithm | None,
    second: ChecksumAlgorithm | None,
) -> None:
    """Every pair of algorithms: the first run's PUT was measured with `first` and journaled, then
    the run died before the complete; a rerun asking for `second` completes without a second PUT
    and reports `second`'s checksum of the file (None for None), never the journal's."""
    paths = make_files("streamloop", 1)
    journal = tmp_path / "run.journal"
    with monkeypatch.context() as lost_complete:
        lost_complete.setattr(Journal, "record_completed", lambda *a, **k: None)
        run_many("async", presignkit_sandbox, "streamloop", paths, journal=journal, checksum=first)
    second_run = run_many("async", presignkit_sandbox, "streamloop", paths, journal=journal, checksum=second)
    assert second_run[0].status == UPLOADED and second_run[0].result is not None
    expected = None if second is None else checksum_of(second, paths[0].read_bytes())
    assert second_run[0].result.checksum == expected
    assert [r.method for r in presignkit_sandbox.store.requests].count("PUT") == 1
