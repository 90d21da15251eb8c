"""PUT one file to a URL with one sender, in a fresh process; print a JSON line of what it took.

    python -m bench.put_file raw|presignkit URL FILE

Each run is its own process so that `ru_maxrss` (the peak resident memory) belongs to that one
transfer, and so the sender does not share a GIL or a core with the sink. The time is measured
around the request itself, not the interpreter's start or the client's construction, as curl's
own `time_total` is.
"""

from __future__ import annotations

import json
import resource
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.engine import EngineSender


def raw_put(url: str, path: Path) -> None:
    """The least a client can do: a hand-written request head, then `sendfile` (zero copy from
    the page cache). Its speed against the sink is the sink's ceiling."""
    parts = urlsplit(url)
    size = path.stat().st_size
    head = (
        f"PUT {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: {size}\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode("ascii")
    with socket.create_connection((parts.hostname, parts.port or 80)) as sock, path.open("rb") as body:
        sock.sendall(head)
        sock.sendfile(body)
        response = sock.recv(4096)
    if not response.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"the sink answered {response[:60]!r}")


def main(argv: list[str]) -> None:
    sender, url, file = argv
    path = Path(file)
    if sender == "raw":
        started = time.perf_counter()
        raw_put(url, path)
    elif sender == "presignkit":
        with EngineSender() as engine:
            started = time.perf_counter()
            engine.put(url, path)
    else:
        raise SystemExit(f"unknown sender {sender!r}; accepted is raw or presignkit")
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "bytes": path.stat().st_size, "max_rss_kib": peak_kib}))


if __name__ == "__main__":
    main(sys.argv[1:])
