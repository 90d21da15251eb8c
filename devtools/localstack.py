"""Run the object-store parity check against a LocalStack S3 started here, then stop it.

`nox -s s3` runs this in a Python 3.13 environment: LocalStack 2026.3 needs 3.13 (PEP 695 syntax,
`warnings.deprecated`) although its metadata claims 3.10. Recipe and pins:
shared/research/toolchain.md §3. LocalStack listens on 127.0.0.1 only and keeps its data in a
temporary folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

STARTUP_TIMEOUT = 90.0
STOP_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _s3_ready(endpoint: str) -> bool:
    try:
        health = httpx.get(f"{endpoint}/_localstack/health", timeout=2.0).json()
    except (httpx.HTTPError, ValueError):
        return False
    return health.get("services", {}).get("s3") in {"available", "running"}


@contextmanager
def localstack_s3(data_dir: Path) -> Iterator[str]:
    """LocalStack serving S3 with SigV4 validation on, on a free loopback port."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "GATEWAY_SERVER": "hypercorn",  # the default twisted gateway needs service_identity
        "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "LOCALSTACK_HOST": f"127.0.0.1:{port}",
        "SERVICES": "s3",
        "S3_SKIP_SIGNATURE_VALIDATION": "0",
        "DISABLE_EVENTS": "1",
        "DNS_ADDRESS": "0",
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "FILESYSTEM_ROOT": str(data_dir),
    }
    log = (data_dir / "localstack.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "localstack.runtime.main"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so the whole process group can be stopped
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _s3_ready(endpoint):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (data_dir / "localstack.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"LocalStack did not start (exit {process.returncode}):\n{tail}")
            time.sleep(0.5)
        yield endpoint
    finally:
        # LocalStack ignores SIGTERM while shutting down; give it a moment, then kill the group.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def main() -> int:
    from tests.contract.s3_parity import main as parity

    with (
        tempfile.TemporaryDirectory(prefix="presignkit-localstack-") as data,
        localstack_s3(Path(data)) as url,
    ):
        print(f"LocalStack S3 at {url}")
        return parity(["--endpoint", url])


if __name__ == "__main__":
    sys.exit(main())
