"""One vendor's rate-limit state, shared by every concurrent upload in this process's event loop.

Two mechanisms, as in TCP congestion control:
- a pause: a 429 (or 503) with Retry-After stops *every* worker's next request until that moment,
  not only the one that was told (the others would each earn a 429 of their own otherwise);
- an AIMD concurrency limit: each throttling answer halves how many uploads may run at once
  (multiplicative decrease, at most once per `decrease_interval`, so a burst of 429s from one
  overload counts once), and each upload that ends well adds 1/limit (additive increase: about
  +1 per `limit` successes), back up to the configured concurrency.

`AimdLimit` is the arithmetic (no I/O, no clock of its own: property-tested). `VendorThrottle`
adds the waiting on anyio, and `ThrottledTransport` feeds it from every response the vendor API
and its store send. The state lives in one process: see the README ("Many files") for what that
means on a cluster.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar

import anyio
import attrs
import httpx

# 429 Too Many Requests, and 503 Service Unavailable (S3's SlowDown, an overloaded API): both
# say "less, please". Other failures say nothing about load.
THROTTLE_STATUSES = frozenset({429, 503})
DEFAULT_DECREASE_INTERVAL = 1.0  # seconds: one overload, one halving
MAX_PAUSE = 60.0  # the longest shared pause honoured, as RetryPolicy.max_retry_after

# Why the current task's (one upload's) last request failed: "503", "ConnectError"... for the
# `retry 2/4 in 1.0 s (503)` line of a progress display.
last_failure: ContextVar[str | None] = ContextVar("presignkit_last_failure", default=None)
# The end of the latest pause the current task (one upload) has served. The task whose answer
# set a pause serves it in its own retry backoff, which honours the same Retry-After; waiting
# again before its retry would double the wait (and, under an injected sleep, wait in real time).
_served_pause: ContextVar[float] = ContextVar("presignkit_served_pause", default=0.0)


@attrs.define
class AimdLimit:
    """How many uploads may run at once: between `floor` and `ceiling`, starting at the ceiling."""

    ceiling: int
    floor: int = 1
    decrease_interval: float = DEFAULT_DECREASE_INTERVAL
    value: float = attrs.field(init=False)
    _last_decrease: float = attrs.field(init=False, default=-math.inf)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.ceiling, bool) or not isinstance(self.ceiling, int) or self.ceiling < 1:
            raise ValueError(f"concurrency={self.ceiling!r}: accepted is a whole number >= 1")
        if not 1 <= self.floor <= self.ceiling:
            raise ValueError(f"floor={self.floor!r}: accepted is 1 to concurrency ({self.ceiling})")
        self.value = float(self.ceiling)

    @property
    def slots(self) -> int:
        """Uploads allowed to run now."""
        return max(self.floor, min(self.ceiling, math.floor(self.value)))

    def throttled(self, now: float) -> bool:
        """Halve the limit, unless it was halved less than `decrease_interval` ago.
        Returns whether it changed."""
        if now - self._last_decrease < self.decrease_interval:
            return False
        self._last_decrease = now
        before = self.slots
        self.value = max(float(self.floor), self.value / 2)
        return self.slots != before

    def succeeded(self) -> None:
        self.value = min(float(self.ceiling), self.value + 1 / self.value)


class VendorThrottle:
    """The shared state: the AIMD limit, the pause, and the slots currently taken."""

    def __init__(
        self,
        concurrency: int,
        *,
        decrease_interval: float = DEFAULT_DECREASE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.limit = AimdLimit(concurrency, decrease_interval=decrease_interval)
        self.paused_until = 0.0
        self.in_flight = 0
        self.throttle_count = 0  # throttling answers seen, for the summary and the tests
        self.lowest_slots = self.limit.slots
        self._clock = clock
        self._sleep = sleep or anyio.sleep
        self._changed: anyio.Event | None = None  # made lazily: an Event belongs to an event loop

    def set_concurrency(self, concurrency: int) -> None:
        """A new ceiling (one `upload_many` call's concurrency), starting from it."""
        self.limit = AimdLimit(concurrency, decrease_interval=self.limit.decrease_interval)
        self.lowest_slots = self.limit.slots
        self._wake()

    # -- signals ---------------------------------------------------------------------------------

    def throttled(self, retry_after: float | None) -> None:
        now = self._clock()
        self.throttle_count += 1
        if retry_after is not None and retry_after > 0:
            self.paused_until = max(self.paused_until, now + min(retry_after, MAX_PAUSE))
        self.limit.throttled(now)
        self.lowest_slots = min(self.lowest_slots, self.limit.slots)

    def succeeded(self) -> None:
        self.limit.succeeded()
        self._wake()

    # -- waiting -----------------------------------------------------------------------------------

    async def wait_if_paused(self) -> None:
        """Wait out the shared pause, once per pause this task has not served yet (an injected
        sleep that returns at once does not make it spin)."""
        served = _served_pause.get()
        while (until := self.paused_until) > served and (remaining := until - self._clock()) > 0:
            await self._sleep(remaining)
            served = until
        _served_pause.set(served)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `limit.slots` places for the duration of one upload."""
        while self.in_flight >= self.limit.slots:
            if self._changed is None or self._changed.is_set():
                self._changed = anyio.Event()
            await self._changed.wait()
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1
            self._wake()

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()


class ThrottledTransport(httpx.AsyncBaseTransport):
    """Waits out the shared pause before each request and reports throttling answers.

    Wraps the transport of the vendor API client and of the storage client alike: the store is
    the vendor's, and its SlowDown is the same message."""

    def __init__(self, inner: httpx.AsyncBaseTransport, throttle: VendorThrottle) -> None:
        self.inner = inner
        self.throttle = throttle

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self.throttle.wait_if_paused()
        try:
            response = await self.inner.handle_async_request(request)
        except httpx.TransportError as exc:
            last_failure.set(type(exc).__name__)
            raise
        if response.status_code >= 400:
            last_failure.set(str(response.status_code))
        if response.status_code in THROTTLE_STATUSES:
            from presignkit.retry import retry_after_seconds

            self.throttle.throttled(retry_after_seconds(response.status_code, response.headers))
            _served_pause.set(self.throttle.paused_until)  # this task waits it in its retry backoff
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
