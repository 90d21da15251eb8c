"""Streaming a large file: presignkit's transfer engine vs `curl -T`, to the same bare sink.

Three senders PUT the same file to the same sink (bench/sink.py, in its own process):
- raw: a hand-written request head then `sendfile`, the least a client can do; its speed is the
  sink's ceiling, so when curl and presignkit stay below it the sink is not what limits them;
- curl: `curl -T FILE URL`, the reference (its own `time_total`);
- presignkit: the engine's PUT step (bench/engine.py), in a fresh process (bench/put_file.py).
Beside them, sha256 alone over the same number of bytes: presignkit hashes every byte it sends
(the result carries the digest) and SHA-256 cannot be split across cores, so this is the ceiling
of any upload that checksums while streaming, however well it overlaps hashing with sending.
Runs alternate sender by sender so a change in the machine's load falls on all alike. The files
are sparse (read back as zeros from the page cache), so the disk is not measured either.

Memory: presignkit's peak RSS (`ru_maxrss` of its process) for a 100 MiB and a 1 GiB file; a
streaming engine's peak does not grow with the file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from bench.sink import running_sink

MiB = 1024 * 1024
GiB = 1024 * MiB
SENDERS = ("raw", "curl", "presignkit")
SHA256 = "sha256"  # not a sender: hashing alone, the ceiling of a checksumming upload


@attrs.frozen
class StreamingResult:
    size: int
    repeats: int
    seconds: dict[str, list[float]]  # sender -> every run's seconds
    rss_kib: dict[int, int]  # file size -> presignkit's peak RSS for it (largest over its runs)

    def throughput(self, sender: str) -> float:
        """Bytes per second, from the median run."""
        return self.size / statistics.median(self.seconds[sender])

    @property
    def ratio(self) -> float:
        """presignkit's throughput / curl's."""
        return self.throughput("presignkit") / self.throughput("curl")

    @property
    def hash_ratio(self) -> float:
        """presignkit's throughput / sha256's alone: how close the engine is to its ceiling."""
        return self.throughput("presignkit") / self.throughput(SHA256)

    @property
    def rss_growth_kib(self) -> int:
        small, large = sorted(self.rss_kib)
        return self.rss_kib[large] - self.rss_kib[small]


@contextmanager
def sparse_files(*sizes: int) -> Iterator[dict[int, Path]]:
    """Sparse files of the given sizes in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="presignkit-bench-") as directory:
        files = {}
        for size in sizes:
            path = Path(directory) / f"{size // MiB}MiB.bin"
            with path.open("wb") as handle:
                handle.truncate(size)
            files[size] = path
        yield files


def _python_sender(sender: str, url: str, path: Path) -> tuple[float, int]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.put_file", sender, url, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout)
    return float(report["seconds"]), int(report["max_rss_kib"])


def _sha256_alone(size: int) -> float:
    """Seconds hashlib takes over `size` bytes, fed 1 MiB at a time as the engine feeds it."""
    chunk = bytes(MiB)
    hasher = hashlib.sha256()
    started = time.perf_counter()
    for _ in range(size // MiB):
        hasher.update(chunk)
    return time.perf_counter() - started


def _curl(url: str, path: Path) -> float:
    command = ["curl", "--silent", "--show-error", "--fail", "--output", "/dev/null"]
    command += ["--write-out", "%{time_total}", "--upload-file", str(path), url]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(completed.stdout)


def measure(*, size: int = GiB, small_size: int = 100 * MiB, repeats: int = 3) -> StreamingResult:
    if shutil.which("curl") is None:
        raise SystemExit("the streaming benchmark needs curl: install it, or pass --only overhead,imports")
    seconds: dict[str, list[float]] = {sender: [] for sender in (*SENDERS, SHA256)}
    rss: dict[int, int] = {size: 0, small_size: 0}
    with sparse_files(size, small_size) as files, running_sink() as url:
        big = files[size]
        _python_sender("raw", url, big)  # untimed: brings the sink and the page cache up to speed
        for _ in range(repeats):
            seconds["raw"].append(_python_sender("raw", url, big)[0])
            seconds["curl"].append(_curl(url, big))
            elapsed, peak = _python_sender("presignkit", url, big)
            seconds["presignkit"].append(elapsed)
            rss[size] = max(rss[size], peak)
            seconds[SHA256].append(_sha256_alone(size))
        for _ in range(2):
            rss[small_size] = max(rss[small_size], _python_sender("presignkit", url, files[small_size])[1])
    return StreamingResult(size=size, repeats=repeats, seconds=seconds, rss_kib=rss)
