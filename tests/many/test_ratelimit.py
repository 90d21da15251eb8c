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


def test_a_429_with_retry_after_pauses_every_other_worker() -> None:
    """One worker is told to wait 1 s: another worker's next request waits too. The worker that
    was told serves the pause in its own retry backoff (same Retry-After), so its transport does
    not make it wait a second time."""
    answers = iter(
        [httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(200), httpx.Response(200)]
    )
    sent_at: dict[str, float] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        sent_at[request.url.path] = anyio.current_time()
        return next(answers)

    async def main() -> VendorThrottle:
        throttle = VendorThrottle(8)
        transport = ThrottledTransport(httpx.MockTransport(handler), throttle)
        async with httpx.AsyncClient(transport=transport) as client:

            async def told() -> None:
                assert (await client.get("http://vendor/told")).status_code == 429
                assert (await client.get("http://vendor/told-again")).status_code == 200

            async def other() -> None:
                assert (await client.get("http://vendor/other")).status_code == 200

            for worker in (told, other):  # each upload is a task of its own, as in upload_many
                async with anyio.create_task_group() as group:
                    group.start_soon(worker)
        return throttle

    throttle = anyio.run(main)
    assert sent_at["/told-again"] - sent_at["/told"] < 0.5  # not the pause: its backoff serves it
    assert sent_at["/other"] - sent_at["/told"] >= 0.99
    assert throttle.throttle_count == 1 and throttle.limit.slots == 4


def test_an_injected_sleep_serves_each_pause_once() -> None:
    """With the uploader's sleep injected (tests, simulations) the pause is slept through it,
    once, instead of being measured against the wall clock in a loop."""
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> None:
        throttle = VendorThrottle(8, sleep=fake_sleep)
        throttle.throttled(30.0)
        with anyio.fail_after(5):
            await throttle.wait_if_paused()
            await throttle.wait_if_paused()  # the same pause: already served

    anyio.run(main)
    assert len(slept) == 1 and 29 < slept[0] <= 30
