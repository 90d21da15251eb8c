"""Retries for the typed clients: an httpx transport that applies a `RetryPolicy` to every call.

    from presignkit import RetryPolicy, RetryTransport
    from presignkit_scripe.client import AuthenticatedClient

    client = AuthenticatedClient(
        base_url="https://api.scripe.io/v1",
        token=key,
        httpx_args={"transport": RetryTransport(RetryPolicy(), vendor="scripe")},
    )

One object serves both the sync and the async httpx client (the generated client passes the same
`httpx_args` to both), wrapping `httpx.HTTPTransport` / `httpx.AsyncHTTPTransport` unless given
others. For each request it:
- adds an `Idempotency-Key` where the vendor honours one (Streamloop, Scripe) and the request has
  none, and sends that same key on every retry of the request;
- retries with the policy's backoff, honouring `Retry-After`, `retry-after-ms` and the
  rate-limit reset headers (capped at `RetryPolicy.max_retry_after`);
- never sends again a non-idempotent request that may have reached the server (Loops
  createUpload, Flare createVideo answered 5xx, or cut off after sending): the answer (or the
  exception) of that one attempt goes back to the caller.

Nothing here is a second retry implementation: the decision is `RetryPolicy.decide` and the loop
is `RetryPolicy.retrying`/`async_retrying`, exactly what the facade's drivers use. The facade
does not mount this transport: its drivers retry at the operation level, where they also turn
answers into typed errors; mounting both would retry twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

import attrs
import httpx

from presignkit.errors import ConfigurationError, PresignkitError, ValidationError
from presignkit.redact import redact_url
from presignkit.retry import ReplayRules, RetryPolicy, retry_after_seconds


def replay_rules(vendor: str | None) -> ReplayRules:
    """What `vendor` declares about sending a request twice (`VendorSpec.replay`, in its folder)."""
    if vendor is None:
        return ReplayRules()  # any other API: only idempotent methods are sent again after 5xx
    from presignkit.vendors.registry import vendor_names, vendor_spec

    try:
        return vendor_spec(vendor).replay
    except ValidationError:
        raise ConfigurationError(
            f"RetryTransport(vendor={vendor!r}): accepted is one of {', '.join(vendor_names())}, or "
            "None for an API presignkit does not know"
        ) from None


def new_idempotency_key() -> str:
    """32 hex characters: fits Streamloop's (max 200) and Scripe's (`^[A-Za-z0-9_-]{1,64}$`) rules."""
    return uuid.uuid4().hex


class _FailedAttempt(PresignkitError):
    """Carries one failed attempt through the policy's retry loop; never leaves this module."""

    def __init__(
        self,
        describe: str,
        *,
        response: httpx.Response | None = None,
        exception: httpx.TransportError | None = None,
    ) -> None:
        status = response.status_code if response is not None else None
        outcome = f"answered {status}" if response is not None else f"failed ({type(exception).__name__})"
        super().__init__(
            f"{describe} {outcome}",
            status=status,
            retry_after=None
            if response is None
            else retry_after_seconds(response.status_code, response.headers),
            retryable=True,
        )
        self.response = response
        self.exception = exception

    def give_up(self) -> httpx.Response:
        """The last attempt's answer for the caller, or its exception."""
        if self.exception is not None:
            raise self.exception
        assert self.response is not None
        return self.response


@attrs.frozen
class _Plan:
    describe: str
    idempotent: bool
    too_early_is_transient: bool


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Retries typed-client calls under `policy` (default `RetryPolicy()`), sync and async.

    vendor: a registered vendor's name, whose documented replay rules apply (`VendorSpec.replay`
        in the vendor's folder), or None for any other API (only GET/PUT/DELETE/... and requests
        refused unprocessed (408/425/429) are sent again).
    transport / async_transport: what to send through (default httpx.HTTPTransport() /
        httpx.AsyncHTTPTransport(); pass your own for proxies, TLS settings or tests).
    sleep / async_sleep: how to wait between attempts (default time.sleep / anyio.sleep).
    """

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        vendor: str | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.vendor = vendor
        self.rules = replay_rules(vendor)
        self._transport = transport
        self._async_transport = async_transport
        self._sleep = sleep
        self._async_sleep = async_sleep

    def __repr__(self) -> str:
        return f"RetryTransport({self.policy!r}, vendor={self.vendor!r})"

    # -- sync ---------------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        plan = self._plan(request)
        request.read()  # a streamed body could not be sent twice; API bodies are small JSON
        try:
            for attempt in self.policy.retrying(plan.describe, self._sleep):
                with attempt:
                    return self._attempt(request, plan)
        except _FailedAttempt as failed:
            return failed.give_up()
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    def _attempt(self, request: httpx.Request, plan: _Plan) -> httpx.Response:
        try:
            response = self._sync_transport().handle_request(request)
        except httpx.TransportError as exc:
            if self.policy.decide(idempotent=plan.idempotent, exception=exc).resend:
                raise _FailedAttempt(plan.describe, exception=exc) from exc
            raise
        if not self._resend(response, plan):
            return response
        body = b"".join(response.iter_raw())  # frees the connection; closes the response
        raise _FailedAttempt(plan.describe, response=_replay(response, body))

    def _sync_transport(self) -> httpx.BaseTransport:
        if self._transport is None:
            self._transport = httpx.HTTPTransport()
        return self._transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        self.close()

    # -- async --------------------------------------------------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        plan = self._plan(request)
        await request.aread()
        try:
            async for attempt in self.policy.async_retrying(plan.describe, self._async_sleep):
                with attempt:
                    return await self._attempt_async(request, plan)
        except _FailedAttempt as failed:
            return failed.give_up()
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    async def _attempt_async(self, request: httpx.Request, plan: _Plan) -> httpx.Response:
        try:
            response = await self._get_async_transport().handle_async_request(request)
        except httpx.TransportError as exc:
            if self.policy.decide(idempotent=plan.idempotent, exception=exc).resend:
                raise _FailedAttempt(plan.describe, exception=exc) from exc
            raise
        if not self._resend(response, plan):
            return response
        body = b"".join([chunk async for chunk in response.aiter_raw()])
        raise _FailedAttempt(plan.describe, response=_replay(response, body))

    def _get_async_transport(self) -> httpx.AsyncBaseTransport:
        if self._async_transport is None:
            self._async_transport = httpx.AsyncHTTPTransport()
        return self._async_transport

    async def aclose(self) -> None:
        if self._async_transport is not None:
            await self._async_transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    # -- shared -------------------------------------------------------------------------------

    def _plan(self, request: httpx.Request) -> _Plan:
        """Decide once per logical request: its key (added now, so every retry carries the same
        one) and whether it is idempotent."""
        if self.rules.needs_key(request):
            assert self.rules.idempotency_key_header is not None
            request.headers[self.rules.idempotency_key_header] = new_idempotency_key()
        return _Plan(
            describe=f"{self.vendor or 'API'} {request.method} {redact_url(str(request.url))}",
            idempotent=self.rules.is_idempotent(request),
            too_early_is_transient=self.rules.too_early_is_transient(request),
        )

    def _resend(self, response: httpx.Response, plan: _Plan) -> bool:
        if response.status_code < 400:
            return False
        verdict = self.policy.decide(
            idempotent=plan.idempotent,
            status=response.status_code,
            too_early_is_transient=plan.too_early_is_transient,
        )
        return verdict.resend


def _replay(response: httpx.Response, raw_body: bytes) -> httpx.Response:
    """An unread copy of a consumed response (raw, still encoded as sent), for the caller should
    this turn out to be the last attempt."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw_body),
        extensions=response.extensions,
    )
