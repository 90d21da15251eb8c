"""Many files: `upload_many` vs an asyncio.gather of raw httpx calls, 1,000 x 64 KiB at 16 at once.

Both read the same files from disk and run Loops' workflow (create, PUT, complete) against the same
sandbox in its own process. The raw contender does nothing else: no pre-flight, journal, retries,
rate-limit state, hashing or progress. The figure is uploads/s of upload_many divided by uploads/s
of the raw calls (target >= 0.9). Runs alternate in blocks (A B B A) so the machine's changing
load falls on both alike. Writes bench/RESULTS-many.md; reports, never asserts.

    python -m bench.many [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx

import presignkit
from bench.overhead import raw_loops_upload
from bench.sandbox_server import running_sandbox

FILES = 1000
FILE_SIZE = 64 * 1024
CONCURRENCY = 16
OUTPUT = Path(__file__).with_name("RESULTS-many.md")


async def with_upload_many(env: dict[str, str], paths: list[Path]) -> None:
    settings = presignkit.Loops(api_key=env["LOOPS_API_KEY"], base_url=env["LOOPS_BASE_URL"])
    async with presignkit.AsyncUploader(settings) as uploader:
        async for outcome in uploader.upload_many(paths, concurrency=CONCURRENCY):
            if not outcome.ok:
                raise RuntimeError(f"upload_many failed: {outcome.error}")


async def with_raw_httpx(env: dict[str, str], paths: list[Path]) -> None:
    auth = {"Authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    limit = asyncio.Semaphore(CONCURRENCY)
    async with (
        httpx.AsyncClient(base_url=env["LOOPS_BASE_URL"], headers=auth) as api,
        httpx.AsyncClient() as storage,
    ):

        async def one(path: Path) -> None:
            async with limit:
                await raw_loops_upload(api, storage, path.read_bytes())

        await asyncio.gather(*(one(path) for path in paths))


def measure(*, files: int = FILES, blocks: int = 4) -> tuple[float, float, int]:
    """(upload_many uploads/s, raw httpx uploads/s, files per contender)."""
    with tempfile.TemporaryDirectory(prefix="bench-many-") as directory, running_sandbox() as env:
        paths = []
        for number in range(files):
            path = Path(directory) / f"f{number:05d}.png"
            path.write_bytes(number.to_bytes(4, "big") * (FILE_SIZE // 4))
            paths.append(path)
        contenders = (with_upload_many, with_raw_httpx)
        for contender in contenders:  # warm up: imports, connections, the sandbox's caches
            asyncio.run(contender(env, paths[:20]))
        per_block = files // blocks
        seconds = [0.0, 0.0]
        for block in range(blocks):
            chunk = paths[block * per_block : (block + 1) * per_block]
            for index in (0, 1) if block % 2 == 0 else (1, 0):
                started = time.perf_counter()
                asyncio.run(contenders[index](env, chunk))
                seconds[index] += time.perf_counter() - started
        done = per_block * blocks
        return done / seconds[0], done / seconds[1], done


def render(many_rate: float, raw_rate: float, files: int) -> str:
    return "\n".join(
        [
            "# Many files: upload_many vs raw httpx",
            "",
            f"{files:,} x {FILE_SIZE // 1024} KiB per contender, Loops workflow, {CONCURRENCY} at once, "
            "sandbox in its own process.",
            "",
            "| contender | uploads/s |",
            "| --- | ---: |",
            f"| upload_many | {many_rate:.1f} |",
            f"| asyncio.gather of raw httpx calls | {raw_rate:.1f} |",
            f"| **ratio** (target >= 0.9) | **{many_rate / raw_rate:.2f}** |",
        ]
    )


def main(*, quick: bool = False) -> None:
    print("many: upload_many vs asyncio.gather of raw httpx ...", flush=True)
    text = render(*measure(files=100 if quick else FILES))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.many", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 files: a smoke test")
    main(quick=parser.parse_args().quick)
