"""Streaming a large file: presignkit's transfer engine (each checksum) vs `curl -T`, to one sink.

Senders PUT the same file to the same sink (bench/sink.py, in its own process), each in a fresh
process:
- raw: a hand-written request head then `sendfile`, the least a client can do; its speed is the
  sink's ceiling, so when the others stay below it the sink is not what limits them;
- curl: `curl -T FILE URL`, the reference; time from its own `time_total`, CPU from the kernel's
  account of the finished child (`RUSAGE_CHILDREN` user + system, start-up included: a few ms);
- httpx: a plain httpx PUT from a 1 MiB generator (what httpx itself costs per byte);
- presignkit with checksum=None, "crc32c" and "sha256": the engine's PUT step (bench/engine.py).
Beside them, each checksum alone over the same bytes, in this process (no I/O): the ceiling of
an upload that computes it while streaming, since one checksum stream cannot use two cores.
Runs alternate sender by sender so that a change in the machine's load falls on all alike. The
files are sparse (read back as zeros from the page cache), so the disk is not measured.

Memory: the peak resident set (VmHWM) of the upload process itself, a fresh child per run, for
three file sizes; a streaming engine's peak does not grow with the file.
"""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import google_crc32c

from bench.sink import running_sink
from presignkit.checksums import DEFAULT_CHECKSUM

MiB = 1024 * 1024
GiB = 1024 * MiB
CHECKSUMS = ("none", "crc32c", "sha256")
SENDERS = ("raw", "curl", "httpx", *(f"presignkit-{c}" for c in CHECKSUMS))
CEILINGS = ("crc32c alone", "sha256 alone")


@attrs.frozen
class Run:
    seconds: float
    cpu_seconds: float


@attrs.frozen
class StreamingResult:
    size: int
    repeats: int
    runs: dict[str, list[Run]]  # sender or ceiling -> every run

    def throughput(self, name: str) -> float:
        """Bytes per second, from the median run."""
        return self.size / statistics.median(r.seconds for r in self.runs[name])

    def cpu_per_gib(self, name: str) -> float:
        """CPU seconds per GiB, from the median run."""
        return statistics.median(r.cpu_seconds for r in self.runs[name]) * GiB / self.size

    def throughput_ratio(self, name: str, reference: str) -> float:
        return self.throughput(name) / self.throughput(reference)

    def cpu_ratio(self, name: str, reference: str) -> float:
        return self.cpu_per_gib(name) / self.cpu_per_gib(reference)


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


def _python_sender(sender: str, url: str, path: Path) -> tuple[Run, int]:
    name, _, checksum = sender.partition("-")
    command = [sys.executable, "-m", "bench.put_file", name, url, str(path)]
    completed = subprocess.run([*command, *([checksum] if checksum else [])], capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{sender} failed: {completed.stderr.strip()[-2000:]}")
    report = json.loads(completed.stdout)
    return Run(float(report["seconds"]), float(report["cpu_seconds"])), int(report["peak_rss_kib"])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _curl(url: str, path: Path) -> Run:
    command = ["curl", "--silent", "--show-error", "--fail", "--output", "/dev/null"]
    command += ["--write-out", "%{time_total}", "--upload-file", str(path), url]
    before = _children_cpu()
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return Run(float(completed.stdout), _children_cpu() - before)


def _alone(new_hasher: Callable[[], object], size: int) -> Run:
    """One checksum over `size` bytes, fed 1 MiB at a time as the engine feeds it (one thread, so
    its CPU time is its wall time but for preemption)."""
    chunk = bytes(MiB)
    hasher = new_hasher()
    update = hasher.update  # type: ignore[attr-defined]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(size // MiB):
        update(chunk)
    return Run(time.perf_counter() - wall, time.process_time() - cpu)


def measure_throughput(*, size: int = GiB, repeats: int = 3) -> StreamingResult:
    if shutil.which("curl") is None:
        raise SystemExit("the streaming benchmark needs curl: install it, or pass --only with other sections")
    runs: dict[str, list[Run]] = {name: [] for name in (*SENDERS, *CEILINGS)}
    with sparse_files(size) as files, running_sink() as url:
        big = files[size]
        _python_sender("raw", url, big)  # untimed: brings the sink and the page cache up to speed
        for _ in range(repeats):
            for sender in SENDERS:
                if sender == "curl":
                    runs[sender].append(_curl(url, big))
                else:
                    runs[sender].append(_python_sender(sender, url, big)[0])
            runs["crc32c alone"].append(_alone(google_crc32c.Checksum, size))
            runs["sha256 alone"].append(_alone(hashlib.sha256, size))
    return StreamingResult(size=size, repeats=repeats, runs=runs)


def measure_memory(sizes: tuple[int, ...], runs_each: int = 2) -> dict[int, int]:
    """File size -> the largest VmHWM (KiB) of presignkit's upload process over `runs_each` runs,
    with the default checksum."""
    peaks: dict[int, int] = {}
    with sparse_files(*sizes) as files, running_sink() as url:
        for size in sizes:
            peaks[size] = max(
                _python_sender(f"presignkit-{DEFAULT_CHECKSUM}", url, files[size])[1]
                for _ in range(runs_each)
            )
    return peaks
