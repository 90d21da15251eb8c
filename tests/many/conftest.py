"""Helpers for the many-files tests: distinct sample files per vendor, and an oracle that counts,
per file content, how many records at the vendor delivered it (exactly one is right)."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from presignkit import RetryPolicy
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import sha256_of

VENDORS = ("streamloop", "loops", "flare", "scripe")
SUFFIX = {"streamloop": ".mp4", "loops": ".png", "flare": ".mp4", "scripe": ".mp3"}
CREATE_ROUTE = {
    "streamloop": "streamloop.createUpload",
    "loops": "loops.createUpload",
    "flare": "flare.createVideo",
    "scripe": "scripe.createUpload",
}
# No backoff: the retries still happen, the test does not wait for them.
FAST_RETRY = RetryPolicy(initial_delay=0.0, max_delay=0.0, jitter=0.0)
_LOOPS_COMPLETE = re.compile(r"/uploads/([^/]+)/complete$")


@pytest.fixture
def make_files(tmp_path: Path) -> Callable[..., list[Path]]:
    """`make_files("loops", 5)`: five files of distinct random content the vendor accepts."""

    def make(vendor: str, count: int, *, size: int = 2048, folder: str = "files") -> list[Path]:
        directory = tmp_path / folder
        directory.mkdir(exist_ok=True)
        paths = []
        for number in range(count):
            path = directory / f"f{number:04d}{SUFFIX[vendor]}"
            path.write_bytes(os.urandom(size))
            paths.append(path)
        return paths

    return make


def delivered(sandbox: Sandbox, vendor: str) -> Counter[str]:
    """sha256 of content -> how many records at the vendor hold it as delivered: Streamloop
    uploads marked uploaded, Loops assets completed with 200, Flare videos and Scripe uploads
    with their bytes in the store (neither has a complete step)."""
    stand_in: Any = sandbox.api.stand_in(vendor)
    sandbox.store.wait_idle()
    keys: list[str]
    if vendor == "streamloop":
        keys = [u.object_key for u in stand_in._uploads.values() if u.uploaded and u.object_key]
    elif vendor == "loops":
        completed = {
            match.group(1)
            for r in sandbox.api_requests
            if r.method == "POST" and r.status == 200 and (match := _LOOPS_COMPLETE.search(r.path))
        }
        keys = [a.object_key for a in stand_in._assets.values() if a.id in completed]
    elif vendor == "flare":
        keys = [v.object_key for v in stand_in._videos.values() if v.object_key]
    else:
        keys = [u.object_key for u in stand_in._uploads.values()]
    counts: Counter[str] = Counter()
    for key in keys:
        stored = stand_in.stored_object(key)
        if stored is not None:
            counts[stored.sha256] += 1
    return counts


def assert_exactly_once(sandbox: Sandbox, vendor: str, paths: list[Path]) -> None:
    counts = delivered(sandbox, vendor)
    expected = {sha256_of(p): p.name for p in paths}
    missing = [name for digest, name in expected.items() if counts[digest] == 0]
    twice = {expected.get(digest, digest): n for digest, n in counts.items() if n > 1}
    assert not missing, f"never delivered: {missing}"
    assert not twice, f"delivered more than once: {twice}"
    assert set(counts) == set(expected)
