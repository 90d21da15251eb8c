"""Many small files (1,000; PRESIGNKIT_MANY_FILES=N for another count) at concurrency 16,
10 % of them meeting a fault (429 with Retry-After, 503, a dropped PUT, an expired URL): every
file delivered exactly once, none lost.

The faults are armed one at a time, each after the previous one was used and a few more PUTs went
through, so they spread over the run rather than piling onto the first requests (two expired URLs
in a row for one file are, by design, an error: see presignkit.workflow.presign)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import anyio

import presignkit
from presignkit.many import SourceOutcome
from presignkit.sandbox import FaultPlan
from presignkit.sandbox.sandbox import Sandbox
from tests.many.conftest import assert_exactly_once

# 1,000 files, as the issue asks: 76 s on an idle 2-core machine once the sandbox stopped
# stalling kept-alive responses (226 s before, under load). The in-process sandbox's request
# validation against the spec is most of it. The assertions are the same at any count.
FILES = int(os.environ.get("PRESIGNKIT_MANY_FILES", "1000"))
FAULTS = FILES // 10
PUTS_BETWEEN_FAULTS = 7
RETRY = presignkit.RetryPolicy(max_attempts=8, initial_delay=0.0, max_delay=0.0, jitter=0.0)
FAULT_KINDS: list[Callable[[FaultPlan], None]] = [
    lambda plan: plan.fail_next("streamloop.createUpload", status=429, retry_after="0.05"),
    lambda plan: plan.fail_next("streamloop.generateUploadUrl", status=503),
    lambda plan: plan.drop_connection("store.put", after_bytes=100),
    lambda plan: plan.expire_urls("store.put", times=1),
    lambda plan: plan.fail_next("streamloop.completeUpload", status=503),
]


class FaultInjector(threading.Thread):
    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(daemon=True)
        self.sandbox = sandbox
        self.injected = 0
        self.done = threading.Event()

    def successful_puts(self) -> int:
        return sum(r.method == "PUT" and r.status == 200 for r in self.sandbox.store.requests)

    def run(self) -> None:
        plan = self.sandbox.faults
        while self.injected < FAULTS and not self.done.is_set():
            FAULT_KINDS[self.injected % len(FAULT_KINDS)](plan)
            self.injected += 1
            while plan.pending() and not self.done.wait(0.002):
                pass
            floor = self.successful_puts() + PUTS_BETWEEN_FAULTS
            while self.successful_puts() < floor and not self.done.wait(0.005):
                pass


def test_many_files_with_faults_each_delivered_once(presignkit_sandbox: Sandbox, tmp_path: Path) -> None:
    directory = tmp_path / "many"
    directory.mkdir()
    paths = []
    for number in range(FILES):
        path = directory / f"clip{number:04d}.mp4"
        path.write_bytes(number.to_bytes(4, "big") * 256)  # 1 KiB, distinct content
        paths.append(path)
    injector = FaultInjector(presignkit_sandbox)

    async def main() -> list[SourceOutcome]:
        async with presignkit.AsyncUploader(
            "streamloop", environ=presignkit_sandbox.env(), retry=RETRY
        ) as uploader:
            injector.start()
            try:
                return [o async for o in uploader.upload_many(paths, concurrency=16)]
            finally:
                injector.done.set()

    outcomes = anyio.run(main)
    injector.join()
    failed = [(o.index, o.error) for o in outcomes if not o.ok]
    assert not failed, failed[:5]
    assert len(outcomes) == FILES
    assert injector.injected == FAULTS and presignkit_sandbox.faults.pending() == []
    assert_exactly_once(presignkit_sandbox, "streamloop", paths)
    # Faults answered before the stand-in ran, and replayed keys, left no extra record behind.
    assert len(presignkit_sandbox.assets("streamloop")) == FILES
    statuses = [r.status for r in presignkit_sandbox.api_requests]
    assert statuses.count(429) == FAULTS // len(FAULT_KINDS)
    store_puts = [r for r in presignkit_sandbox.store.wait_idle() if r.method == "PUT"]
    assert sum(r.status == 403 for r in store_puts) == FAULTS // len(FAULT_KINDS)  # the expired URLs
