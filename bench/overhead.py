"""What the facade costs over the calls it makes: presignkit vs raw httpx, many small uploads.

Both contenders make the same three calls per upload against the same sandbox (in its own
process, its servers stall-free: TCP_NODELAY): POST /v1/uploads, PUT to the presigned URL,
POST /v1/uploads/{id}/complete, to Loops, whose flow is the plainest of the four. The raw one
does nothing else (no validation, retries, error mapping, checksum or progress): it is the floor.

Modes: one upload at a time (sync), and async with 16 and 64 uploads in flight. Figures per mode:
uploads per second (wall) and client CPU per upload (this process's CPU time, all threads; the
sandbox runs in another process). The sandbox validates every call against the spec, which
costs more than either client, so uploads/s understates the facade's own cost and the CPU
figure shows it more sharply.

Runs alternate in blocks (A B, B A, ...) so that a change in the machine's load during the run
falls on both contenders alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

import presignkit

PAYLOAD_SIZE = 64 * 1024
CONTENT_TYPE = "image/png"
# One contender: (sandbox environment, payload, number of uploads, concurrency) -> None.
Runner = Callable[[dict[str, str], bytes, int, int], None]


@attrs.frozen
class Timing:
    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


@attrs.frozen
class Comparison:
    mode: str  # "sync", "async x16", ...
    uploads: int
    presignkit: Timing
    httpx: Timing

    def rate(self, timing: Timing) -> float:
        return self.uploads / timing.wall

    def cpu_per_upload(self, timing: Timing) -> float:
        return timing.cpu / self.uploads

    @property
    def rate_ratio(self) -> float:
        """presignkit's uploads/s / raw httpx's (1.0: no cost; target >= 0.91)."""
        return self.rate(self.presignkit) / self.rate(self.httpx)

    @property
    def cpu_ratio(self) -> float:
        """presignkit's client CPU per upload / raw httpx's."""
        return self.presignkit.cpu / self.httpx.cpu


def _timed(runner: Runner, env: dict[str, str], payload: bytes, count: int, concurrency: int) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    runner(env, payload, count, concurrency)
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def _settings(env: dict[str, str]) -> presignkit.Loops:
    return presignkit.Loops(api_key=env["LOOPS_API_KEY"], base_url=env["LOOPS_BASE_URL"])


# -- sync ----------------------------------------------------------------------------------------


def facade_sync(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
    with presignkit.Uploader(_settings(env)) as uploader:
        for _ in range(count):
            uploader.upload(payload, content_type=CONTENT_TYPE)


def httpx_sync(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
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


# -- async ---------------------------------------------------------------------------------------


async def _in_parallel(count: int, concurrency: int, one: Callable[[], Awaitable[None]]) -> None:
    """`count` calls of `one`, `concurrency` at a time."""
    remaining = count

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _facade_async(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
    async with presignkit.AsyncUploader(_settings(env)) as uploader:

        async def one() -> None:
            await uploader.upload(payload, content_type=CONTENT_TYPE)

        await _in_parallel(count, concurrency, one)


async def _httpx_async(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
    auth = {"Authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    async with (
        httpx.AsyncClient(base_url=env["LOOPS_BASE_URL"], headers=auth) as api,
        httpx.AsyncClient() as storage,
    ):

        async def one() -> None:
            await raw_loops_upload(api, storage, payload)

        await _in_parallel(count, concurrency, one)


async def raw_loops_upload(api: httpx.AsyncClient, storage: httpx.AsyncClient, payload: bytes) -> None:
    """Loops' workflow as bare httpx calls (the floor the facade is measured against): create,
    PUT to the presigned URL, complete; nothing else."""
    created = await api.post("/v1/uploads", json={"contentType": CONTENT_TYPE, "contentLength": len(payload)})
    created.raise_for_status()
    asset = created.json()
    put = await storage.put(asset["presignedUrl"], content=payload, headers={"Content-Type": CONTENT_TYPE})
    put.raise_for_status()
    (await api.post(f"/v1/uploads/{asset['emailAssetId']}/complete")).raise_for_status()


def facade_async(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
    asyncio.run(_facade_async(env, payload, count, concurrency))


def httpx_async(env: dict[str, str], payload: bytes, count: int, concurrency: int) -> None:
    asyncio.run(_httpx_async(env, payload, count, concurrency))


# -- the comparison ------------------------------------------------------------------------------


def _alternating(
    env: dict[str, str], first: Runner, second: Runner, total: int, blocks: int, concurrency: int
) -> tuple[Timing, Timing]:
    payload = bytes(range(256)) * (PAYLOAD_SIZE // 256)
    # Warm both up (imports, first connections, the sandbox's caches) outside the timing.
    first(env, payload, max(3, concurrency), concurrency)
    second(env, payload, max(3, concurrency), concurrency)
    per_block = total // blocks
    totals = [Timing(0.0, 0.0), Timing(0.0, 0.0)]
    for block in range(blocks):
        order = [0, 1] if block % 2 == 0 else [1, 0]  # A B, B A, ...
        for index in order:
            totals[index] += _timed((first, second)[index], env, payload, per_block, concurrency)
    return totals[0], totals[1]


MODES: tuple[tuple[str, Runner, Runner, int], ...] = (
    ("sync", facade_sync, httpx_sync, 1),
    ("async x16", facade_async, httpx_async, 16),
    ("async x64", facade_async, httpx_async, 64),
)


def compare(env: dict[str, str], *, uploads: int = 1000, blocks: int = 4) -> list[Comparison]:
    comparisons = []
    for mode, facade, raw, concurrency in MODES:
        print(f"  {mode} ...", flush=True)
        ours, theirs = _alternating(env, facade, raw, uploads, blocks, concurrency)
        comparisons.append(Comparison(mode, uploads - uploads % blocks, ours, theirs))
    return comparisons
