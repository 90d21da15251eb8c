"""Many uploads at once: `AsyncUploader.upload_many` and `Uploader.upload_many` run here.

One async engine serves both: the async uploader iterates it directly, the sync one runs it on
an event loop in a worker thread (an anyio blocking portal) and hands the outcomes over through a
queue. Why not a thread pool for the sync side: the shared rate-limit state (`presignkit.ratelimit`)
and the journal writes would then need a second, thread-based implementation, and a thread per
concurrent upload costs more than a task; one engine keeps one behaviour.

What the engine guarantees:
- every source is pre-flighted (readable, a type and size its vendor accepts) before the first
  network call; with `stop_on_error`, one refused source means nothing is sent;
- exactly one `SourceOutcome` per source, yielded as each ends, in the order they end;
- a failure does not stop the others unless `stop_on_error` (then the sources not started yet
  come out as `not_started`);
- with a journal, a completed source is not uploaded again, a half-done one continues where its
  vendor allows (see `Resume`), and idempotency keys are derived from the journal entry.
"""

from __future__ import annotations

import contextlib
import os
import queue
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import anyio
import anyio.to_thread
import attrs

from presignkit.checksums import Checksum, ChecksumAlgorithm, new_hasher
from presignkit.errors import PresignkitError, ValidationError
from presignkit.idempotency import DerivedKeys
from presignkit.journal import Entry, Identity, Journal
from presignkit.ratelimit import last_failure
from presignkit.workflow.steps import (
    ApiCall,
    Checkpoint,
    Put,
    PutResult,
    Resume,
    Sleep,
    UploadRequest,
    Workflow,
    WorkflowOutcome,
)

if TYPE_CHECKING:
    import httpx

    from presignkit.classify import ErrorContext
    from presignkit.ratelimit import VendorThrottle
    from presignkit.results import UploadResult
    from presignkit.retry import RetryPolicy
    from presignkit.vendors.base import VendorAdapter

T = TypeVar("T")

# SourceOutcome.status
UPLOADED = "uploaded"
ALREADY_UPLOADED = "already_uploaded"  # completed by an earlier run, per the journal
FAILED = "failed"
NOT_STARTED = "not_started"  # stop_on_error stopped the run before this source

PhaseCallback = Callable[
    [int, str], object
]  # (index, "presigning" | "uploading" | "retry 2/4 in 1.0 s (503)" ...)
ProgressCallback = Callable[[int, int, int], object]  # (index, bytes sent, total bytes)


@attrs.frozen
class ManySource:
    """A source with its own options, for `upload_many` (plain paths, bytes and file objects
    are accepted as they are). `identity` names a source without a stable path in the journal,
    e.g. stdin buffered to a temporary file: Identity("stdin:<sha256>", size, 0)."""

    source: object
    content_type: str | None = None
    filename: str | None = None
    size: int | None = None
    identity: Identity | None = None
    # Without a journal: derive this source's idempotency keys from this seed (the same seed,
    # the same keys: see presignkit.idempotency and presignkit.worker).
    idempotency_seed: str | None = None


@attrs.frozen
class SourceOutcome:
    """What became of one source: `result` when it is uploaded (now or by an earlier run),
    `error` when it failed (a typed PresignkitError), neither when it was not started."""

    index: int  # its position in the sources given
    source: object
    status: str  # uploaded | already_uploaded | failed | not_started
    result: UploadResult | None = None
    error: PresignkitError | None = None
    # Records an earlier attempt created at the vendor and left behind (it could not be continued).
    orphans: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status in (UPLOADED, ALREADY_UPLOADED)


@attrs.define
class _Item:
    index: int
    source: object
    request: UploadRequest | None = None
    error: PresignkitError | None = None
    entry: Entry | None = None
    seed: str | None = None


@attrs.define
class _Phase:
    """Where one upload is, for its phase line: which step, and how many retries of it."""

    sleeping: bool = False
    put_done: bool = False
    retries: int = 0


def check_concurrency(concurrency: object, vendor: str) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError(
            f"concurrency={concurrency!r}: accepted is a whole number of uploads at once, >= 1", vendor=vendor
        )
    return concurrency


class UploadEngine(Protocol):
    """What a run uses of the AsyncUploader that started it (which satisfies this). Named here
    rather than imported, so the dependency runs one way: the uploaders use this engine, and the
    engine knows the uploader only by what it asks of it."""

    @property
    def vendor(self) -> str: ...
    @property
    def retry(self) -> RetryPolicy: ...
    @property
    def _api(self) -> Any: ...  # the vendor's generated AuthenticatedClient
    @property
    def _storage(self) -> httpx.AsyncClient: ...
    @property
    def _errors(self) -> ErrorContext: ...
    @property
    def _adapter(self) -> VendorAdapter: ...
    @property
    def _throttle(self) -> VendorThrottle: ...
    @property
    def _sleep(self) -> Callable[[float], Awaitable[None]] | None: ...

    def _prepare(
        self,
        source: object,
        content_type: str | None,
        filename: str | None,
        size: int | None,
        progress: object,
        wait: bool,
        wait_timeout: float,
        checksum: object,
    ) -> UploadRequest: ...

    def _result(self, outcome: WorkflowOutcome, started: float) -> UploadResult: ...


class ManyRun:
    """One `upload_many` call on an AsyncUploader."""

    def __init__(
        self,
        uploader: UploadEngine,
        sources: Iterable[object],
        *,
        concurrency: int,
        journal: Journal | None,
        stop_on_error: bool,
        content_type: str | None,
        wait: bool,
        wait_timeout: float,
        checksum: ChecksumAlgorithm | None,
        on_phase: PhaseCallback | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.uploader = uploader
        self.vendor = uploader.vendor
        self.concurrency = check_concurrency(concurrency, self.vendor)
        if isinstance(sources, str | bytes | os.PathLike):
            raise ValidationError(
                f"sources={sources!r} is one source; accepted is an iterable of sources (e.g. a list "
                "of paths)",
                vendor=self.vendor,
            )
        for name, callback in (("on_phase", on_phase), ("on_progress", on_progress)):
            if callback is not None and not callable(callback):
                raise ValidationError(
                    f"{name}={callback!r} is not callable; accepted is a function, or None",
                    vendor=self.vendor,
                )
        if not isinstance(stop_on_error, bool):
            raise ValidationError(
                f"stop_on_error={stop_on_error!r}: accepted is True or False", vendor=self.vendor
            )
        self.sources = list(sources)
        self.journal = journal
        self.stop_on_error = stop_on_error
        self.content_type = content_type
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.checksum = checksum
        self.on_phase = on_phase
        self.on_progress = on_progress
        self._stopping = False

    # -- before any network call ------------------------------------------------------------------

    def _preflight(self) -> list[_Item]:
        items = []
        for index, given in enumerate(self.sources):
            spec = given if isinstance(given, ManySource) else ManySource(given)
            item = _Item(index, given, seed=spec.idempotency_seed)
            try:
                item.request = self.uploader._prepare(
                    spec.source,
                    spec.content_type or self.content_type,
                    spec.filename,
                    spec.size,
                    None,
                    self.wait,
                    self.wait_timeout,
                    self.checksum,
                )
                if self.journal is not None:
                    item.entry = self.journal.begin(self.vendor, identity_of(spec))
            except PresignkitError as error:
                error.vendor = error.vendor or self.vendor
                item.error = error
            items.append(item)
        return items

    # -- the run ------------------------------------------------------------------------------------

    async def outcomes(self) -> AsyncGenerator[SourceOutcome]:
        items = self._preflight()
        refused = [item for item in items if item.error is not None]
        for item in refused:
            yield SourceOutcome(item.index, item.source, FAILED, error=item.error)
        if refused and self.stop_on_error:
            for item in items:
                if item.error is None:
                    yield SourceOutcome(item.index, item.source, NOT_STARTED)
            return
        pending: list[_Item] = []
        for item in items:
            if item.error is not None:
                continue
            if item.entry is not None and item.entry.completed:
                yield SourceOutcome(
                    item.index, item.source, ALREADY_UPLOADED, result=self._journaled_result(item.entry)
                )
            else:
                pending.append(item)
        if not pending:
            return
        self.uploader._throttle.set_concurrency(self.concurrency)
        send, receive = anyio.create_memory_object_stream[SourceOutcome](len(pending))
        queue_ = iter(pending)

        async def worker() -> None:
            for item in queue_:  # shared iterator: each item goes to one worker
                if self._stopping:
                    await send.send(SourceOutcome(item.index, item.source, NOT_STARTED))
                    continue
                async with self.uploader._throttle.slot():
                    if self._stopping:
                        outcome = SourceOutcome(item.index, item.source, NOT_STARTED)
                    else:
                        outcome = await self._upload_one(item)
                if outcome.status == FAILED and self.stop_on_error:
                    self._stopping = True
                await send.send(outcome)

        async with anyio.create_task_group() as group, send:
            for _ in range(min(self.concurrency, len(pending))):
                group.start_soon(worker)
            for _ in range(len(pending)):
                yield await receive.receive()
        receive.close()

    async def _upload_one(self, item: _Item) -> SourceOutcome:
        from presignkit.drivers import AsyncDriver

        assert item.request is not None
        request, entry = item.request, item.entry
        if entry is not None:
            request = attrs.evolve(
                request, idempotency_key=DerivedKeys(entry.seed), resume=_resume_from(entry)
            )
        elif item.seed is not None:
            request = attrs.evolve(request, idempotency_key=DerivedKeys(item.seed))
        phase = _Phase()
        uploader = self.uploader
        if self.on_progress is not None:
            report, index = self.on_progress, item.index

            def progress(sent: int, total: int) -> None:
                report(index, sent, total)

            request = attrs.evolve(request, progress=progress)
        driver = AsyncDriver(
            api_client=uploader._api,
            storage=uploader._storage,
            errors=uploader._errors,
            policy=uploader.retry,
            sleep=self._sleeper(item.index, phase),
        )
        started = time.monotonic()
        last_failure.set(None)
        try:
            outcome = await driver.run(self._observed(uploader._adapter.workflow(request), item, phase))
        except PresignkitError as error:
            if entry is not None and self.journal is not None:
                self.journal.record_failed(entry.id, str(error))
            self._phase(item.index, "failed")
            return SourceOutcome(item.index, item.source, FAILED, error=error, orphans=self._orphans(entry))
        measured = outcome.put.checksum
        if (measured.algorithm if measured else None) != request.checksum:
            # The PUT was not measured with this run's algorithm: a workflow that learnt its earlier
            # run's PUT had arrived (a single-use URL refused as used), or one resumed after a PUT an
            # earlier run measured with another algorithm or none. What was sent is this unchanged
            # file, so read it here (or, for checksum=None, report none as any upload does).
            checksum = None
            if request.checksum is not None:
                checksum = await anyio.to_thread.run_sync(_checksum_of, request, request.checksum)
            outcome = attrs.evolve(outcome, put=attrs.evolve(outcome.put, checksum=checksum))
        result = uploader._result(outcome, started)
        if entry is not None and self.journal is not None:
            self.journal.record_completed(
                entry.id,
                asset_id=result.asset_id,
                url=result.url,
                content_type=result.content_type,
                size=result.size,
                checksum=result.checksum,
            )
        uploader._throttle.succeeded()
        self._phase(item.index, "done")
        return SourceOutcome(item.index, item.source, UPLOADED, result=result, orphans=self._orphans(entry))

    def _orphans(self, entry: Entry | None) -> tuple[str, ...]:
        if entry is None or self.journal is None:
            return ()
        return self.journal.get(entry.id).orphans

    def _journaled_result(self, entry: Entry) -> UploadResult:
        """The result an earlier run recorded (no vendor answer to show: `response` is None)."""
        assert entry.asset_id is not None and entry.put_size is not None
        put = PutResult(
            status=entry.put_status or 200, headers={}, size=entry.put_size, checksum=entry.put_checksum
        )
        recorded = WorkflowOutcome(
            asset_id=entry.asset_id,
            url=entry.url,
            content_type=entry.content_type or "",
            put=put,
            response=None,
        )
        return self.uploader._result(recorded, time.monotonic())

    # -- watching the workflow: the journal's checkpoints and the phases ---------------------------

    def _observed(self, workflow: Workflow[T], item: _Item, phase: _Phase) -> Workflow[T]:
        """The workflow, with its Checkpoints written to the journal and each step named for the
        phase line. Everything else passes through unchanged, failures included."""
        reply: Any = None
        failure: Exception | None = None
        while True:
            try:
                step = workflow.send(reply) if failure is None else workflow.throw(failure)
            except StopIteration as finished:
                result: T = finished.value
                return result
            reply, failure = None, None
            if isinstance(step, Checkpoint):
                self._checkpoint(item, step)
                continue
            phase.sleeping = isinstance(step, Sleep)
            phase.retries = 0
            if isinstance(step, ApiCall):
                self._phase(item.index, "completing" if phase.put_done else "presigning")
            elif isinstance(step, Put):
                self._phase(item.index, "uploading")
            else:
                self._phase(item.index, "waiting for the vendor")
            try:
                reply = yield step
            except Exception as error:  # a failed step, thrown in by the driver: pass it on
                failure = error
            if isinstance(step, Put) and failure is None:
                phase.put_done = True

    def _checkpoint(self, item: _Item, checkpoint: Checkpoint) -> None:
        if item.entry is None or self.journal is None:
            return
        if checkpoint.record_id is not None:
            self.journal.record_created(item.entry.id, checkpoint.record_id)
        if checkpoint.put is not None:
            put: PutResult = checkpoint.put
            self.journal.record_put(item.entry.id, size=put.size, checksum=put.checksum, status=put.status)

    def _sleeper(self, index: int, phase: _Phase) -> Callable[[float], Any]:
        """The driver's sleep: the workflow's own waits (polling a job) and the retry policy's
        backoff both come here; the latter is shown as `retry n/max in s (why)`."""
        base = self.uploader._sleep or anyio.sleep
        retries_allowed = self.uploader.retry.max_attempts - 1

        async def sleep(seconds: float) -> None:
            if not phase.sleeping:
                phase.retries += 1
                why = last_failure.get()
                because = f" ({why})" if why else ""
                self._phase(index, f"retry {phase.retries}/{retries_allowed} in {seconds:.1f} s{because}")
            await base(seconds)

        return sleep

    def _phase(self, index: int, text: str) -> None:
        if self.on_phase is not None:
            self.on_phase(index, text)


def identity_of(spec: ManySource) -> Identity:
    """How the journal knows this source again on a rerun."""
    if spec.identity is not None:
        return spec.identity
    if isinstance(spec.source, str | os.PathLike):
        return Identity.of_file(Path(os.fspath(spec.source)))
    raise ValidationError(
        f"a journal needs each source's identity: {type(spec.source).__name__} sources have no path; "
        "accepted are paths, or ManySource(source, identity=Identity(...))"
    )


def _checksum_of(request: UploadRequest, algorithm: ChecksumAlgorithm) -> Checksum:
    hasher = new_hasher(algorithm)
    with request.source.open() as reader:
        while chunk := reader.read(1024 * 1024):
            hasher.update(chunk)
    return Checksum(algorithm, hasher.digest())


def _resume_from(entry: Entry) -> Resume:
    put = None
    if entry.put_done and entry.put_size is not None:
        put = PutResult(
            status=entry.put_status or 200, headers={}, size=entry.put_size, checksum=entry.put_checksum
        )
    return Resume(record_id=entry.record_id, put=put)


@contextlib.contextmanager
def opened_journal(journal: Journal | str | os.PathLike[str] | None) -> Iterator[Journal | None]:
    """A Journal given is used as it is; a path is opened for the run and closed after it."""
    if journal is None or isinstance(journal, Journal):
        yield journal
        return
    with Journal(journal) as opened:
        yield opened


# -- the sync side: the same engine on an event loop in a worker thread -----------------------------

_DONE = object()


def run_in_portal(make_outcomes: Callable[[], AsyncIterator[SourceOutcome]]) -> Generator[SourceOutcome]:
    """Iterate an async engine from sync code. The engine runs on an anyio blocking portal (an
    event loop in a worker thread); outcomes come back through a queue as they end. Leaving the
    loop early (break, an exception, Ctrl-C) cancels the uploads still running: the journal keeps
    what each reached."""
    from anyio.from_thread import start_blocking_portal

    handed_over: queue.Queue[object] = queue.Queue()

    async def pump() -> None:
        outcomes = make_outcomes()
        try:
            async for outcome in outcomes:
                handed_over.put(outcome)
        finally:
            aclose = getattr(outcomes, "aclose", None)
            if aclose is not None:
                await aclose()
            handed_over.put(_DONE)

    with start_blocking_portal() as portal:
        future = portal.start_task_soon(pump)
        try:
            while True:
                try:
                    item = handed_over.get(timeout=0.2)  # a timeout, so Ctrl-C is seen promptly
                except queue.Empty:
                    if future.done() and future.exception() is not None:
                        break
                    continue
                if item is _DONE:
                    break
                assert isinstance(item, SourceOutcome)
                yield item
        finally:
            if not future.done():
                future.cancel()
    # The portal has stopped: the task ended (cancelled if we left early).
    if not future.cancelled() and future.exception() is not None:
        raise future.exception()  # type: ignore[misc]
