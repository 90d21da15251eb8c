"""What the facade costs over the calls it makes: presignkit vs hand-written httpx, Loops.

Both contenders make the same three calls per upload against the same sandbox (in its own
process): POST /v1/uploads, PUT to the presigned URL, POST /v1/uploads/{id}/complete. The
hand-written one does nothing else (no validation, retries, error mapping, hashing or progress):
it is the floor. Loops is used because its flow is the plainest of the four.

The sandbox validates every call against the spec, which costs far more than either client, so
wall time is dominated by it and the ratio of wall times understates the facade's own cost. The
client's CPU time (this process's, the sandbox runs in another) is reported too: it is the cost
the facade adds where it actually runs.

Runs alternate in blocks (A B B A ...) so that a change in the machine's load during the run
falls on both contenders alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import attrs
import httpx

import presignkit

PAYLOAD_SIZE = 64 * 1024
CONTENT_TYPE = "image/png"
CONCURRENCY = 16
# One contender: (sandbox environment, payload, number of uploads) -> None, uploads done.
Runner = Callable[[dict[str, str], bytes, int], None]


@attrs.frozen
class Timing:
    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


@attrs.frozen
class Comparison:
    mode: str  # "sync" or "async (16 at once)"
    uploads: int
    presignkit: Timing
    httpx: Timing

    @property
    def wall_ratio(self) -> float:
        return self.presignkit.wall / self.httpx.wall

    @property
    def cpu_ratio(self) -> float:
        return self.presignkit.cpu / self.httpx.cpu


def _timed(runner: Runner, env: dict[str, str], payload: bytes, count: int) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    runner(env, payload, count)
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


# -- the contenders, sync ------------------------------------------------------------------------


def facade_sync(env: dict[str, str], payload: bytes, count: int) -> None:
    settings = presignkit.Loops(api_key=env["LOOPS_API_KEY"], base_url=env["LOOPS_BASE_URL"])
    with presignkit.Uploader(settings) as uploader:
        for _ in range(count):
            uploader.upload(payload, content_type=CONTENT_TYPE)


def httpx_sync(env: dict[str, str], payload: bytes, count: int) -> None:
    auth = {"Authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    # Two clients, as the facade has: the store must never see the API key.
    with httpx.Client(base_url=env["LOOPS_BASE_URL"], headers=auth) as api, httpx.Client() as storage:
        for _ in range(count):
            created = api.post(
                "/v1/uploads", json={"contentType": CONTENT_TYPE, "contentLength": len(payload)}
            )
            created.raise_for_status()
            asset = created.json()
            storage.put(
                asset["presignedUrl"], content=payload, headers={"Content-Type": CONTENT_TYPE}
            ).raise_for_status()
            api.post(f"/v1/uploads/{asset['emailAssetId']}/complete").raise_for_status()


# -- the contenders, async -----------------------------------------------------------------------


async def _in_parallel(count: int, one: Callable[[], Awaitable[None]]) -> None:
    """`count` calls of `one`, CONCURRENCY at a time."""
    remaining = count

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def facade_async(env: dict[str, str], payload: bytes, count: int) -> None:
    settings = presignkit.Loops(api_key=env["LOOPS_API_KEY"], base_url=env["LOOPS_BASE_URL"])
    async with presignkit.AsyncUploader(settings) as uploader:

        async def one() -> None:
            await uploader.upload(payload, content_type=CONTENT_TYPE)

        await _in_parallel(count, one)


async def httpx_async(env: dict[str, str], payload: bytes, count: int) -> None:
    auth = {"Authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    async with (
        httpx.AsyncClient(base_url=env["LOOPS_BASE_URL"], headers=auth) as api,
        httpx.AsyncClient() as storage,
    ):

        async def one() -> None:
            created = await api.post(
                "/v1/uploads", json={"contentType": CONTENT_TYPE, "contentLength": len(payload)}
            )
            created.raise_for_status()
            asset = created.json()
            put = await storage.put(
                asset["presignedUrl"], content=payload, headers={"Content-Type": CONTENT_TYPE}
            )
            put.raise_for_status()
            (await api.post(f"/v1/uploads/{asset['emailAssetId']}/complete")).raise_for_status()

        await _in_parallel(count, one)


# -- the comparison ------------------------------------------------------------------------------


def _alternating(
    env: dict[str, str], first: Runner, second: Runner, total: int, blocks: int
) -> tuple[Timing, Timing]:
    payload = bytes(range(256)) * (PAYLOAD_SIZE // 256)
    # Warm both up (imports, first connections, the sandbox's caches) outside the timing.
    first(env, payload, 3)
    second(env, payload, 3)
    per_block = total // blocks
    totals = [Timing(0.0, 0.0), Timing(0.0, 0.0)]
    for block in range(blocks):
        order = [0, 1] if block % 2 == 0 else [1, 0]  # A B, B A, ...
        for index in order:
            totals[index] += _timed((first, second)[index], env, payload, per_block)
    return totals[0], totals[1]


def compare(env: dict[str, str], *, uploads: int = 200, blocks: int = 4) -> list[Comparison]:
    def sync_of(run: Callable[[dict[str, str], bytes, int], Coroutine[Any, Any, None]]) -> Runner:
        return lambda env, payload, count: asyncio.run(run(env, payload, count))

    sync_facade, sync_httpx = _alternating(env, facade_sync, httpx_sync, uploads, blocks)
    async_facade, async_httpx = _alternating(
        env, sync_of(facade_async), sync_of(httpx_async), uploads, blocks
    )
    return [
        Comparison("sync, one at a time", uploads, sync_facade, sync_httpx),
        Comparison(f"async, {CONCURRENCY} at once", uploads, async_facade, async_httpx),
    ]
