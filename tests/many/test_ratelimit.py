"""The shared rate-limit state: AIMD arithmetic, the pause every worker honours, and the slots."""

from __future__ import annotations

import anyio
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presignkit.ratelimit import AimdLimit, ThrottledTransport, VendorThrottle


@settings(max_examples=60, deadline=None)
@given(
    ceiling=st.integers(1, 64),
    events=st.lists(st.tuples(st.booleans(), st.floats(0, 5)), max_size=80),
)
def test_aimd_stays_within_bounds_and_halves_once_per_interval(
    ceiling: int, events: list[tuple[bool, float]]
) -> None:
    limit = AimdLimit(ceiling, decrease_interval=1.0)
    now = 0.0
    for throttled, step in events:
        now += step
        before = limit.value
        if throttled:
            changed_recently = now - limit._last_decrease < 1.0
            limit.throttled(now)
            if changed_recently:
                assert limit.value == before
            else:
                assert limit.value == max(1.0, before / 2)
        else:
            limit.succeeded()
            assert before <= limit.value <= ceiling
        assert 1 <= limit.slots <= ceiling


def test_additive_increase_climbs_back_to_the_ceiling() -> None:
    limit = AimdLimit(16)
    for moment in range(4):
        limit.throttled(float(moment * 10))
    assert limit.slots == 1
    successes = 0
    while limit.slots < 16:
        limit.succeeded()
        successes += 1
    # About +1 slot per `slots` successes: 1 + 2 + ... + 15 = 120, not one success per slot.
    assert 100 <= successes <= 140


def test_bad_concurrency_is_refused() -> None:
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="concurrency"):
            AimdLimit(bad)  # type: ignore[arg-type]


def test_slots_follow_the_limit() -> None:
    async def main() -> list[int]:
        throttle = VendorThrottle(4)
        peak: list[int] = []

        async def work() -> None:
            async with throttle.slot():
                peak.append(throttle.in_flight)
                await anyio.sleep(0.01)

        throttle.limit.value = 2.0
        async with anyio.create_task_group() as group:
            for _ in range(10):
                group.start_soon(work)
        return peak

    assert max(anyio.run(main)) == 2


def test_a_429_with_retry_after_pauses_every_request() -> None:
    """One worker is told to wait 0.2 s: the next request of *another* worker waits too."""
    answers = iter([httpx.Response(429, headers={"Retry-After": "0.2"}), httpx.Response(200)])
    sent_at: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(anyio.current_time())
        return next(answers)

    async def main() -> VendorThrottle:
        throttle = VendorThrottle(8)
        transport = ThrottledTransport(httpx.MockTransport(handler), throttle)
        async with httpx.AsyncClient(transport=transport) as client:
            assert (await client.get("http://vendor/a")).status_code == 429
            assert (await client.get("http://vendor/b")).status_code == 200
        return throttle

    throttle = anyio.run(main)
    assert sent_at[1] - sent_at[0] >= 0.19
    assert throttle.throttle_count == 1 and throttle.limit.slots == 4
