"""PUT one file to a URL with one sender, in a fresh process; print a JSON line of what it took.

    python -m bench.put_file raw|httpx|presignkit URL FILE [CHECKSUM]

Each run is its own process so that its peak resident memory (VmHWM in /proc/self/status, the
high-water mark of this process alone) belongs to that one transfer, and so the sender does not
share a GIL or a core with the sink. Time and CPU are measured around the request itself, not
the interpreter's start or the client's construction, as curl's own `time_total` is; the CPU
figure (`time.process_time`) counts every thread of this process.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench.engine import EngineSender

CHUNK = 1024 * 1024
CONTENT_TYPE = "application/octet-stream"


def raw_put(url: str, path: Path) -> None:
    """The least a client can do: a hand-written request head, then `sendfile` (zero copy from
    the page cache). Its speed against the sink is the sink's ceiling."""
    parts = urlsplit(url)
    size = path.stat().st_size
    head = (
        f"PUT {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: {size}\r\n"
        f"Content-Type: {CONTENT_TYPE}\r\n\r\n"
    ).encode("ascii")
    with socket.create_connection((parts.hostname, parts.port or 80)) as sock, path.open("rb") as body:
        sock.sendall(head)
        sock.sendfile(body)
        response = sock.recv(4096)
    if not response.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"the sink answered {response[:60]!r}")


def httpx_put(client: httpx.Client, url: str, path: Path) -> None:
    """A plain httpx PUT from a 1 MiB generator with an explicit Content-Length: no checksum, no
    read-ahead. What httpx itself costs per byte."""

    def chunks() -> Iterator[bytes]:
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk

    headers = {"Content-Type": CONTENT_TYPE, "Content-Length": str(path.stat().st_size)}
    client.put(url, content=chunks(), headers=headers).raise_for_status()


def peak_rss_kib() -> int:
    """VmHWM: this process's own peak resident set size, in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(argv: list[str]) -> None:
    sender, url, file, *rest = argv
    checksum = rest[0] if rest else "none"
    path = Path(file)
    if sender == "raw":
        wall, cpu = time.perf_counter(), time.process_time()
        raw_put(url, path)
    elif sender == "httpx":
        with httpx.Client() as client:
            wall, cpu = time.perf_counter(), time.process_time()
            httpx_put(client, url, path)
    elif sender == "presignkit":
        with EngineSender(checksum) as engine:
            wall, cpu = time.perf_counter(), time.process_time()
            engine.put(url, path)
    else:
        raise SystemExit(f"unknown sender {sender!r}; accepted: raw, httpx, presignkit")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    report = {
        "seconds": wall,
        "cpu_seconds": cpu,
        "bytes": path.stat().st_size,
        "peak_rss_kib": peak_rss_kib(),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])
