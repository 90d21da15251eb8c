"""The distributed recipe on a real Dask LocalCluster (2 workers): `upload_one` uploads each file
from whichever worker runs it, and a retried or repeated task is harmless for Streamloop,
whose creates carry the derived idempotency keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from presignkit.errors import VendorError
from presignkit.sandbox.sandbox import Sandbox
from presignkit.worker import close_worker_uploaders, upload_one
from tests.digests import crc32c_of
from tests.many.conftest import assert_exactly_once

distributed = pytest.importorskip("distributed")


@pytest.fixture
def client(presignkit_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in presignkit_sandbox.env().items():  # the workers read the environment
        monkeypatch.setenv(name, value)
    # Threads, not processes: fast to start, and the workers see this process's environment.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
    close_worker_uploaders()


def test_files_are_uploaded_from_the_workers_once(
    client: Any, presignkit_sandbox: Sandbox, make_files: Callable[..., list[Path]]
) -> None:
    paths = make_files("streamloop", 6)
    futures = client.map(upload_one, [str(p) for p in paths], vendor="streamloop", run_id="t1", pure=False)
    results = client.gather(futures)
    assert sorted(r["checksum"] for r in results) == sorted(map(crc32c_of, paths))
    # The same batch again (a retried job): every create replays, no second record.
    again = client.gather(
        client.map(upload_one, [str(p) for p in paths], vendor="streamloop", run_id="t1", pure=False)
    )
    assert sorted(r["asset_id"] for r in again) == sorted(r["asset_id"] for r in results)
    assert len(presignkit_sandbox.assets("streamloop")) == 6
    assert_exactly_once(presignkit_sandbox, "streamloop", paths)


def test_a_task_retried_after_a_failure_reuses_the_record(
    client: Any, presignkit_sandbox: Sandbox, make_files: Callable[..., list[Path]]
) -> None:
    (path,) = make_files("streamloop", 1)
    presignkit_sandbox.faults.fail_next("streamloop.completeUpload", 1, status=400)
    future = client.submit(upload_one, str(path), vendor="streamloop", run_id="t2", retries=1, pure=False)
    result = future.result()
    assert result["checksum"] == crc32c_of(path)
    assert presignkit_sandbox.assets("streamloop") == [result["asset_id"]]
    assert_exactly_once(presignkit_sandbox, "streamloop", [path])


def test_a_failure_comes_back_typed(
    client: Any, presignkit_sandbox: Sandbox, make_files: Callable[..., list[Path]]
) -> None:
    (path,) = make_files("loops", 1)
    presignkit_sandbox.faults.fail_next("loops.createUpload", 1, status=400)
    future = client.submit(upload_one, str(path), vendor="loops", run_id="t3", pure=False)
    with pytest.raises(VendorError) as failure:
        future.result()
    assert failure.value.status == 400 and failure.value.vendor == "loops"
