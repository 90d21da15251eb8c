"""The two drivers that carry out a sans-IO workflow: one sync, one async.

They are deliberately small and mirror each other line for line; everything they share
(classifying responses, the PUT rules, the retry rules) lives in `responses`, `transfer` and
`retry`, and the workflows themselves (`presignkit.vendors`) exist once. A failed step is
thrown back into the workflow, which may recover (an expired URL) or let the error propagate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
import httpx

from presignkit.classify import (
    PARSE_FAILURES,
    ErrorContext,
    forget_response,
    last_response,
    restore_response,
)
from presignkit.errors import PresignkitError, TransferError
from presignkit.redact import redact_url
from presignkit.retry import RetryPolicy
from presignkit.transfer import send_put, send_put_async
from presignkit.workflow.steps import ApiCall, ApiResult, Checkpoint, Put, PutResult, Sleep, Step, Workflow

logger = logging.getLogger("presignkit")
T = TypeVar("T")
_CALL_FAILURES = (httpx.HTTPError, *PARSE_FAILURES)


@attrs.define
class _Attempts:
    """Remembers why the previous PUT attempt failed, so that a source that cannot be re-read
    says what it would have been re-read for."""

    previous: PresignkitError | None = None

    def explain(self, error: PresignkitError) -> PresignkitError:
        """`error`, or a TransferError that also says why the previous attempt failed."""
        if isinstance(error, TransferError) and not error.retryable and self.previous is not None:
            return TransferError(
                f"{error.message}; the previous attempt failed: {self.previous}",
                vendor=error.vendor,
                operation=error.operation,
            )
        return error


@attrs.define
class SyncDriver:
    api_client: Any  # the generated AuthenticatedClient
    storage: httpx.Client
    errors: ErrorContext  # knows the vendor: every error the driver raises names it
    policy: RetryPolicy
    sleep: Callable[[float], None] = time.sleep

    def run(self, workflow: Workflow[T]) -> T:
        reply: Any = None
        failure: PresignkitError | None = None
        while True:
            try:
                step = workflow.send(reply) if failure is None else workflow.throw(failure)
            except StopIteration as finished:
                result: T = finished.value
                return result
            except PARSE_FAILURES as exc:
                raise self.errors.unusable(exc) from exc
            reply, failure = None, None
            try:
                reply = self.execute(step)
            except PresignkitError as error:
                failure = error

    def execute(self, step: Step) -> Any:
        if isinstance(step, ApiCall):
            return self._call(step)
        if isinstance(step, Put):
            return self._put(step)
        if isinstance(step, Checkpoint):  # for a journal (presignkit.many); nothing to do here
            return None
        self.sleep(step.seconds)
        return None

    def _call(self, call: ApiCall) -> ApiResult:
        for attempt in self.policy.retrying(call.name, self.sleep):
            with attempt:
                token = forget_response()
                try:
                    response = call.operation.sync_detailed(client=self.api_client, **call.kwargs)
                except _CALL_FAILURES as exc:
                    raise self.errors.failure(call, exc, last_response()) from exc
                finally:
                    restore_response(token)
                logger.info("%s -> %s", call.name, response.status_code)
                return self.errors.result(call, response)
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    def _put(self, put: Put) -> PutResult:
        attempts = _Attempts()
        where = redact_url(put.url)  # once per PUT: a presigned URL is long, and redacting it costs
        for attempt in self.policy.retrying(f"PUT {where}", self.sleep):
            with attempt:
                try:
                    result = send_put(
                        self.storage,
                        put,
                        policy=self.policy,
                    )
                except PresignkitError as error:
                    explained = attempts.explain(error)
                    attempts.previous = error
                    raise explained from error
                logger.info("PUT %s -> %s (%d bytes)", where, result.status, result.size)
                return result
        raise AssertionError("unreachable: tenacity re-raises the last failure")


@attrs.define
class AsyncDriver:
    api_client: Any
    storage: httpx.AsyncClient
    errors: ErrorContext  # knows the vendor: every error the driver raises names it
    policy: RetryPolicy
    sleep: Callable[[float], Awaitable[None]] | None = None  # None: anyio.sleep

    async def run(self, workflow: Workflow[T]) -> T:
        reply: Any = None
        failure: PresignkitError | None = None
        while True:
            try:
                step = workflow.send(reply) if failure is None else workflow.throw(failure)
            except StopIteration as finished:
                result: T = finished.value
                return result
            except PARSE_FAILURES as exc:
                raise self.errors.unusable(exc) from exc
            reply, failure = None, None
            try:
                reply = await self.execute(step)
            except PresignkitError as error:
                failure = error

    async def execute(self, step: Step) -> Any:
        if isinstance(step, ApiCall):
            return await self._call(step)
        if isinstance(step, Put):
            return await self._put(step)
        if isinstance(step, Checkpoint):  # for a journal (presignkit.many); nothing to do here
            return None
        await self._sleep(step)
        return None

    async def _sleep(self, step: Sleep) -> None:
        if self.sleep is not None:
            await self.sleep(step.seconds)
        else:
            import anyio

            await anyio.sleep(step.seconds)

    async def _call(self, call: ApiCall) -> ApiResult:
        async for attempt in self.policy.async_retrying(call.name, self.sleep):
            with attempt:
                token = forget_response()
                try:
                    response = await call.operation.asyncio_detailed(client=self.api_client, **call.kwargs)
                except _CALL_FAILURES as exc:
                    raise self.errors.failure(call, exc, last_response()) from exc
                finally:
                    restore_response(token)
                logger.info("%s -> %s", call.name, response.status_code)
                return self.errors.result(call, response)
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    async def _put(self, put: Put) -> PutResult:
        attempts = _Attempts()
        where = redact_url(put.url)  # once per PUT, as above
        async for attempt in self.policy.async_retrying(f"PUT {where}", self.sleep):
            with attempt:
                try:
                    result = await send_put_async(
                        self.storage,
                        put,
                        policy=self.policy,
                    )
                except PresignkitError as error:
                    explained = attempts.explain(error)
                    attempts.previous = error
                    raise explained from error
                logger.info("PUT %s -> %s (%d bytes)", where, result.status, result.size)
                return result
        raise AssertionError("unreachable: tenacity re-raises the last failure")
