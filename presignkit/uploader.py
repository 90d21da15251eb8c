"""The public entry points: Uploader, AsyncUploader and the one-off `upload()`.

An uploader owns two connection pools for its lifetime: the vendor API client (the generated
AuthenticatedClient, the only holder of credentials) and the storage client (no credentials, no
default headers; see `presignkit.transfer`). Each upload runs its vendor's workflow through the
sync or the async driver.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from presignkit.checksums import DEFAULT_CHECKSUM, ChecksumAlgorithm
from presignkit.client_options import ClientOptions, as_timeout
from presignkit.defaults import (
    DEFAULT_API_TIMEOUT,
    DEFAULT_CHUNK_SIZE,
    DEFAULT_STORAGE_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
)
from presignkit.errors import ConfigurationError, ValidationError
from presignkit.results import UploadResult
from presignkit.retry import RetryPolicy
from presignkit.settings import VendorSettings
from presignkit.vendors.registry import settings_types

if TYPE_CHECKING:  # the engine and httpx load on first use, so `import presignkit` stays cheap
    import httpx

    from presignkit.journal import Journal
    from presignkit.many import PhaseCallback, ProgressCallback, SourceOutcome
    from presignkit.workflow.steps import Progress, UploadRequest, WorkflowOutcome

DEFAULT_CONCURRENCY = 8  # uploads at once in upload_many (see presignkit.many)

logger = logging.getLogger("presignkit")


def _settings_for(settings: VendorSettings | str, environ: Mapping[str, str] | None) -> VendorSettings:
    types = settings_types()
    if isinstance(settings, str):
        settings_type = types.get(settings)
        if settings_type is None:
            raise ConfigurationError(
                f"unknown vendor {settings!r}; accepted is one of {', '.join(types)} or a "
                f"settings object such as {next(iter(types.values())).__name__}(...)"
            )
        settings = settings_type()
    if not isinstance(settings, VendorSettings):
        raise ConfigurationError(
            f"{settings!r} is not vendor settings; accepted is "
            f"{'/'.join(t.__name__ for t in types.values())}(...) or a vendor name"
        )
    return settings.resolve(environ)  # its errors name the vendor


def _check_chunk_size(chunk_size: int, vendor: str) -> int:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValidationError(
            f"chunk_size={chunk_size!r}: accepted is a whole number of bytes >= 1", vendor=vendor
        )
    return chunk_size


class _UploaderBase:
    """Settings, policy and pre-flight, shared by both uploaders (no I/O here)."""

    def __init__(
        self,
        settings: VendorSettings | str,
        *,
        retry: RetryPolicy | None,
        timeout: httpx.Timeout | float | None,
        storage_timeout: httpx.Timeout | float | None,
        chunk_size: int,
        environ: Mapping[str, str] | None,
    ) -> None:
        from presignkit.classify import ErrorContext
        from presignkit.logs import redact_httpx_logs
        from presignkit.vendors.registry import load_adapter, vendor_spec

        redact_httpx_logs()

        self.settings = _settings_for(settings, environ)
        self.vendor = self.settings.vendor
        self.retry = retry or RetryPolicy()
        self.chunk_size = _check_chunk_size(chunk_size, self.vendor)
        self._api_timeout = as_timeout(timeout, DEFAULT_API_TIMEOUT)
        # Per read/write operation, not per upload: a 1 GiB PUT takes as long as it takes.
        self._storage_timeout = as_timeout(storage_timeout, DEFAULT_STORAGE_TIMEOUT)
        self._adapter = load_adapter(self.vendor)
        self._errors = ErrorContext(
            vendor=self.vendor,
            title=vendor_spec(self.vendor).title,
            describe_error=self._adapter.describe_error,
            secrets=self.settings.secrets(),
            policy=self.retry,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.settings!r})"

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
    ) -> UploadRequest:
        from presignkit.preflight import prepare

        request = prepare(
            self.settings,
            source,
            content_type=content_type,
            filename=filename,
            size=size,
            progress=progress,
            chunk_size=self.chunk_size,
            wait=wait,
            wait_timeout=wait_timeout,
            checksum=checksum,
        )
        logger.info(
            "uploading %s to %s as %r (%s, %d bytes)",
            request.source.description,
            self.vendor,
            request.filename,
            request.content_type,
            request.source.size,
        )
        return request

    def _result(self, outcome: WorkflowOutcome, started: float) -> UploadResult:
        result = UploadResult(
            vendor=self.vendor,
            asset_id=outcome.asset_id,
            url=outcome.url,
            size=outcome.put.size,
            checksum=outcome.put.checksum,
            content_type=outcome.content_type,
            elapsed=time.monotonic() - started,
            response=outcome.response,
        )
        logger.info(
            "uploaded %d bytes to %s as %s in %.2f s",
            result.size,
            self.vendor,
            result.asset_id,
            result.elapsed,
        )
        return result


class Uploader(_UploaderBase):
    """Uploads to one vendor, reusing its connection pools; use it as a context manager.

    `retry`: the RetryPolicy (default RetryPolicy()). `timeout`/`storage_timeout`: per request to
    the vendor API / per read or write to the store. `chunk_size`: bytes read and sent at a time.
    `transport`/`storage_transport`: httpx transports (tests, proxies). `sleep`: how to wait
    between retries and polls (default time.sleep). `environ`: where missing settings are read
    (default os.environ).
    """

    def __init__(
        self,
        settings: VendorSettings | str,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | float | None = None,
        storage_timeout: httpx.Timeout | float | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        transport: httpx.BaseTransport | None = None,
        storage_transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        from presignkit.classify import remember_response
        from presignkit.transfer import storage_client

        super().__init__(
            settings,
            retry=retry,
            timeout=timeout,
            storage_timeout=storage_timeout,
            chunk_size=chunk_size,
            environ=environ,
        )
        httpx_args: dict[str, Any] = {"event_hooks": {"response": [remember_response]}}
        if transport is not None:
            httpx_args["transport"] = transport
        self._api = self.settings.build_client(ClientOptions(self._api_timeout, httpx_args))
        self._storage = storage_client(timeout=self._storage_timeout, transport=storage_transport)
        self._sleep = sleep or time.sleep
        self._custom_transport = transport is not None or storage_transport is not None

    def upload(
        self,
        source: object,
        *,
        content_type: str | None = None,
        filename: str | None = None,
        progress: Progress | None = None,
        wait: bool = False,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        size: int | None = None,
        checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
    ) -> UploadResult:
        """Upload a path, bytes or binary file object; see the module docs for the workflow.
        `checksum`: "crc32c" (default), "sha256" or None, computed over the bytes as they are sent
        and returned in the result (presignkit.checksums says why crc32c, and why it is not sent)."""
        from presignkit.drivers import SyncDriver

        started = time.monotonic()
        request = self._prepare(source, content_type, filename, size, progress, wait, wait_timeout, checksum)
        driver = SyncDriver(
            api_client=self._api,
            storage=self._storage,
            errors=self._errors,
            policy=self.retry,
            sleep=self._sleep,
        )
        return self._result(driver.run(self._adapter.workflow(request)), started)

    def upload_many(
        self,
        sources: Iterable[object],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: Journal | str | os.PathLike[str] | None = None,
        stop_on_error: bool = False,
        content_type: str | None = None,
        wait: bool = False,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
        on_phase: PhaseCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Generator[SourceOutcome]:
        """Upload every source, `concurrency` at a time, yielding one SourceOutcome per source as
        each ends; see `AsyncUploader.upload_many`. Runs the async engine on an event loop in a
        worker thread (so the callbacks are called from that thread); leaving the loop early
        cancels the uploads still running."""
        from presignkit.many import check_concurrency, run_in_portal

        check_concurrency(concurrency, self.vendor)
        if self._custom_transport:
            raise ConfigurationError(
                "upload_many runs on async HTTP clients, so the sync transport=/storage_transport= given "
                "to this Uploader cannot be used; accepted: an AsyncUploader with async transports",
                vendor=self.vendor,
            )

        async def outcomes() -> AsyncIterator[SourceOutcome]:
            async with AsyncUploader(
                self.settings,
                retry=self.retry,
                timeout=self._api_timeout,
                storage_timeout=self._storage_timeout,
                chunk_size=self.chunk_size,
            ) as uploader:
                async for outcome in uploader.upload_many(
                    sources,
                    concurrency=concurrency,
                    journal=journal,
                    stop_on_error=stop_on_error,
                    content_type=content_type,
                    wait=wait,
                    wait_timeout=wait_timeout,
                    checksum=checksum,
                    on_phase=on_phase,
                    on_progress=on_progress,
                ):
                    yield outcome

        return run_in_portal(outcomes)

    def close(self) -> None:
        self._api.get_httpx_client().close()
        self._storage.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncUploader(_UploaderBase):
    """The async twin of Uploader (asyncio or trio, through anyio); same options, and `sleep`
    is an async function."""

    def __init__(
        self,
        settings: VendorSettings | str,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | float | None = None,
        storage_timeout: httpx.Timeout | float | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        transport: httpx.AsyncBaseTransport | None = None,
        storage_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        import httpx

        from presignkit.classify import remember_response_async
        from presignkit.ratelimit import ThrottledTransport, VendorThrottle
        from presignkit.transfer import async_storage_client

        super().__init__(
            settings,
            retry=retry,
            timeout=timeout,
            storage_timeout=storage_timeout,
            chunk_size=chunk_size,
            environ=environ,
        )
        # One rate-limit state for everything this uploader sends (see presignkit.ratelimit): a
        # 429 with Retry-After pauses every concurrent upload, and upload_many's concurrency
        # adapts to throttling.
        self._throttle = VendorThrottle(DEFAULT_CONCURRENCY, sleep=sleep)
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [remember_response_async]},
            "transport": ThrottledTransport(transport or httpx.AsyncHTTPTransport(), self._throttle),
        }
        self._api = self.settings.build_client(ClientOptions(self._api_timeout, httpx_args))
        self._storage = async_storage_client(
            timeout=self._storage_timeout,
            transport=ThrottledTransport(storage_transport or httpx.AsyncHTTPTransport(), self._throttle),
        )
        self._sleep = sleep

    async def upload(
        self,
        source: object,
        *,
        content_type: str | None = None,
        filename: str | None = None,
        progress: Progress | None = None,
        wait: bool = False,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        size: int | None = None,
        checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
    ) -> UploadResult:
        from presignkit.drivers import AsyncDriver

        started = time.monotonic()
        request = self._prepare(source, content_type, filename, size, progress, wait, wait_timeout, checksum)
        driver = AsyncDriver(
            api_client=self._api,
            storage=self._storage,
            errors=self._errors,
            policy=self.retry,
            sleep=self._sleep,
        )
        return self._result(await driver.run(self._adapter.workflow(request)), started)

    async def upload_many(
        self,
        sources: Iterable[object],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: Journal | str | os.PathLike[str] | None = None,
        stop_on_error: bool = False,
        content_type: str | None = None,
        wait: bool = False,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
        on_phase: PhaseCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> AsyncGenerator[SourceOutcome]:
        """Upload every source (paths, bytes, file objects, or `presignkit.many.ManySource`),
        `concurrency` at a time, yielding one `SourceOutcome` per source as each ends: its
        UploadResult or its typed error. Every source is pre-flighted before the first network
        call. A failure does not stop the others unless `stop_on_error=True` (then nothing is
        sent if any source is refused up front, and sources not started yet come out as
        `not_started`).

        `journal`: a Journal or the path of one (sqlite): completed sources are skipped, half-done
        ones continue, idempotency keys are derived from the journal (see presignkit.journal).
        `checksum`: as for `upload()`, for every source.
        `on_phase(index, text)` / `on_progress(index, sent, total)`: for a progress display.
        To leave the loop early, close the iterator: `async with contextlib.aclosing(...)`."""
        from presignkit.many import ManyRun, opened_journal

        with opened_journal(journal) as opened:
            run = ManyRun(
                self,
                sources,
                concurrency=concurrency,
                journal=opened,
                stop_on_error=stop_on_error,
                content_type=content_type,
                wait=wait,
                wait_timeout=wait_timeout,
                checksum=checksum,
                on_phase=on_phase,
                on_progress=on_progress,
            )
            async for outcome in run.outcomes():
                yield outcome

    async def aclose(self) -> None:
        await self._api.get_async_httpx_client().aclose()
        await self._storage.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def upload(
    source: object,
    *,
    vendor: VendorSettings | str,
    content_type: str | None = None,
    filename: str | None = None,
    progress: Progress | None = None,
    wait: bool = False,
    wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
    size: int | None = None,
    checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
    retry: RetryPolicy | None = None,
) -> UploadResult:
    """Upload once: `presignkit.upload("header.png", vendor="loops")` (settings from the
    environment) or `vendor=Loops(api_key=...)`. For several uploads, keep an Uploader."""
    with Uploader(vendor, retry=retry) as uploader:
        return uploader.upload(
            source,
            content_type=content_type,
            filename=filename,
            progress=progress,
            wait=wait,
            wait_timeout=wait_timeout,
            size=size,
            checksum=checksum,
        )
