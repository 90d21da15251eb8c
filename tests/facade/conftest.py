"""Fixtures for the facade tests: the real sandbox, sample files, and a way to run the same
upload through the sync and the async uploader."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import attrs
import pytest

import presignkit
from presignkit import RetryPolicy, UploadResult
from presignkit.settings import VendorSettings

# The sandbox fixtures (the pytest11 plugin may not be registered in this environment yet).
from tests.facade.fakes import FakeService

VENDORS = ("streamloop", "loops", "flare", "scripe")
MODES = ("sync", "async")
# A file each vendor accepts, and its first API operation (a fault route of the sandbox).
SAMPLE_NAME = {"streamloop": "clip.mp4", "loops": "header.png", "flare": "demo.mp4", "scripe": "talk.mp3"}
CREATE_ROUTE = {
    "streamloop": "streamloop.createUpload",
    "loops": "loops.createUpload",
    "flare": "flare.createVideo",
    "scripe": "scripe.createUpload",
}
# Fast and deterministic: no backoff, and sleeps are recorded rather than slept.
FAST_RETRY = RetryPolicy(initial_delay=0.0, max_delay=0.0, jitter=0.0)


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, size: int = 64 * 1024) -> Path:
        path = tmp_path / name
        path.write_bytes(os.urandom(size))
        return path

    return make


@attrs.define
class Runner:
    """Runs one upload with the sync Uploader or the AsyncUploader (through anyio.run)."""

    mode: str
    sleeps: list[float] = attrs.Factory(list)

    def upload(
        self,
        settings: VendorSettings | str,
        source: object,
        *,
        environ: dict[str, str] | None = None,
        retry: RetryPolicy = FAST_RETRY,
        uploader_options: dict[str, Any] | None = None,
        fake: FakeService | None = None,
        **options: Any,
    ) -> UploadResult:
        extra = dict(uploader_options or {})
        if fake is not None:
            transport = fake.transport() if self.mode == "sync" else fake.async_transport()
            extra.update(transport=transport, storage_transport=transport)
        if self.mode == "sync":
            with presignkit.Uploader(
                settings, retry=retry, environ=environ, sleep=self.sleeps.append, **extra
            ) as uploader:
                return uploader.upload(source, **options)

        async def record(seconds: float) -> None:
            self.sleeps.append(seconds)

        async def main() -> UploadResult:
            async with presignkit.AsyncUploader(
                settings, retry=retry, environ=environ, sleep=record, **extra
            ) as uploader:
                return await uploader.upload(source, **options)

        return anyio.run(main)


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest) -> Runner:
    return Runner(request.param)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No vendor variable from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.split("_", 1)[0] in ("STREAMLOOP", "LOOPS", "FLARE", "SCRIPE"):
            monkeypatch.delenv(name)
    yield
