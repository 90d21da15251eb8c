"""Upload one source from any worker of a distributed engine (Dask, Celery, Ray...): `upload_one`.

    from dask.distributed import Client
    from presignkit.worker import upload_one

    client = Client()  # or a cluster's scheduler address
    futures = client.map(upload_one, paths, vendor="streamloop", run_id="nightly-2026-12-03",
                         retries=3, pure=False)
    for future in as_completed(futures): print(future.result())

Safe to run in any worker, and to run again: the idempotency keys derive from (run_id, vendor,
the file's absolute path, size and mtime), not from chance, so a task the engine retries sends
the same keys, and Streamloop and Scripe replay their first answers instead of creating a second
record. Loops and Flare take no keys: a retried task creates a new record, and the earlier one is
left behind (never completed for Loops; an empty or, if the first attempt got that far, a full
second video for Flare). Give them `retries=0`, or a journal on the driver (`upload_many`).

Each worker process keeps one event loop thread and one AsyncUploader per vendor settings, shared
by the threads of that process: connection pools and the rate-limit state (pause and AIMD) are
per process. With N worker processes the vendor sees up to N independent limiters: a 429 pauses
only the process that received it, and each process backs off on its own. Size the cluster for
the vendor's rate limit (processes x threads <= what it allows), rather than expecting the
limiters to coordinate.

Settings come from the worker's environment (<VENDOR>_API_KEY...) or a settings object, which
pickles with its keys: prefer the environment, so keys do not travel through the scheduler.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
from pathlib import Path
from typing import Any

from presignkit.checksums import DEFAULT_CHECKSUM, ChecksumAlgorithm
from presignkit.errors import PresignkitError
from presignkit.idempotency import seed_from
from presignkit.settings import VendorSettings

_lock = threading.Lock()
_portal_stack: contextlib.ExitStack | None = None
_portal: Any = None
_uploaders: dict[str, Any] = {}


def upload_one(
    path: str | os.PathLike[str],
    *,
    vendor: VendorSettings | str,
    run_id: str,
    content_type: str | None = None,
    wait: bool = False,
    checksum: ChecksumAlgorithm | None = DEFAULT_CHECKSUM,
) -> dict[str, Any]:
    """Upload the file at `path` and return what the vendor made of it, as a plain dict (it
    crosses process boundaries): vendor, asset_id, url, size, checksum_algorithm, checksum (base64),
    sha256 (hex, with checksum="sha256"), content_type, seconds.
    Raises the typed PresignkitError (picklable) when it fails. `run_id` names the batch: the
    same run_id, path and file contents give the same idempotency keys on any worker."""
    from presignkit.many import ManySource

    resolved = Path(path).resolve()
    stat = resolved.stat() if resolved.exists() else None
    vendor_name = vendor if isinstance(vendor, str) else vendor.vendor
    size, mtime_ns = (stat.st_size, stat.st_mtime_ns) if stat else (0, 0)  # missing: pre-flight says so
    seed = seed_from(run_id, vendor_name, str(resolved), size, mtime_ns)
    source = ManySource(str(resolved), content_type=content_type, idempotency_seed=seed)

    async def run() -> dict[str, Any]:
        uploader = await _uploader_for(vendor)
        # Closed here, in this task: the engine's task group must end in the task that began it.
        async with contextlib.aclosing(
            uploader.upload_many([source], concurrency=1, wait=wait, checksum=checksum)
        ) as outcomes:
            (outcome,) = [outcome async for outcome in outcomes]
        if outcome.error is not None:
            raise outcome.error
        result = outcome.result
        assert result is not None
        return {
            "file": str(resolved),
            "vendor": result.vendor,
            "asset_id": result.asset_id,
            "url": result.url,
            "size": result.size,
            "checksum_algorithm": result.checksum.algorithm if result.checksum else None,
            "checksum": result.checksum.value if result.checksum else None,
            "sha256": result.sha256,
            "content_type": result.content_type,
            "seconds": round(result.elapsed, 3),
        }

    result: dict[str, Any] = _process_portal().call(run)
    return result


async def _uploader_for(vendor: VendorSettings | str) -> Any:
    # Runs on the portal's event loop thread only, so the dict needs no lock here.
    from presignkit.uploader import AsyncUploader

    key = vendor if isinstance(vendor, str) else _settings_key(vendor)
    uploader = _uploaders.get(key)
    if uploader is None:
        uploader = _uploaders[key] = AsyncUploader(vendor)
    return uploader


def _settings_key(settings: VendorSettings) -> str:
    """Tells settings apart by everything in them, keys included, without keeping a key."""
    import hashlib

    material = "\0".join([repr(settings), *settings.secrets()])
    return f"{settings.vendor}:{hashlib.sha256(material.encode()).hexdigest()}"


def _process_portal() -> Any:
    """This process's event loop thread, started on first use and stopped at exit."""
    global _portal, _portal_stack
    with _lock:
        if _portal is None:
            from anyio.from_thread import start_blocking_portal

            stack = contextlib.ExitStack()
            _portal = stack.enter_context(start_blocking_portal())
            _portal_stack = stack
            atexit.register(close_worker_uploaders)
        return _portal


def close_worker_uploaders() -> None:
    """Close this process's uploaders and stop its event loop thread (also run at exit)."""
    global _portal, _portal_stack
    with _lock:
        portal, stack = _portal, _portal_stack
        _portal, _portal_stack = None, None
    if portal is None or stack is None:
        return

    async def close_all() -> None:
        for uploader in list(_uploaders.values()):
            with contextlib.suppress(PresignkitError, OSError):
                await uploader.aclose()
        _uploaders.clear()

    try:
        portal.call(close_all)
    finally:
        stack.close()
