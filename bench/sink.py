"""A minimal HTTP/1.1 PUT sink: reads each request body, discards it, answers 200.

The streaming benchmark needs a receiver that is never the bottleneck, so that the sender's
speed is what gets measured. This one does the least an HTTP server can: find the end of the
headers, count Content-Length bytes as they arrive without copying them, answer. It honours
`Expect: 100-continue` (curl sends it for large bodies and would otherwise wait a second) and
keep-alive. Its ceiling is measured on its own with a raw socket sender (see `senders.py`).

Run in its own process, so that it has a core of its own:

    python -m bench.sink      # prints the port on the first line of stdout, serves until stdin closes
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_HEADER_END = b"\r\n\r\n"
_RESPONSE = b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: "sink"\r\n\r\n'
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_READ_SIZE = 1024 * 1024


class DiscardingProtocol(asyncio.BufferedProtocol):
    """Reads into one preallocated buffer (no bytes object per read) and counts, never copies,
    body bytes."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = memoryview(bytearray(_READ_SIZE))
        self._head = bytearray()  # bytes of the request head seen so far
        self._remaining: int | None = None  # body bytes still to come; None while reading the head

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._buffer

    def buffer_updated(self, nbytes: int) -> None:
        view = self._buffer[:nbytes]
        while view:
            if self._remaining is None:
                view = self._read_head(view)
            else:
                taken = min(self._remaining, len(view))
                self._remaining -= taken
                view = view[taken:]
            if self._remaining == 0:
                self._respond()

    def _read_head(self, view: memoryview) -> memoryview:
        self._head += view
        end = self._head.find(_HEADER_END)
        if end < 0:
            return view[len(view) :]
        head, rest = bytes(self._head[:end]), bytes(self._head[end + len(_HEADER_END) :])
        self._head.clear()
        lines = head.decode("latin-1").split("\r\n")[1:]
        fields = {
            name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)
        }
        if "transfer-encoding" in fields:
            # Not needed by any sender here; refuse it loudly rather than miscount.
            assert self._transport is not None
            self._transport.write(
                b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            self._transport.close()
            return memoryview(b"")
        self._remaining = int(fields.get("content-length", "0"))
        if fields.get("expect", "").lower() == "100-continue" and self._transport is not None:
            self._transport.write(_CONTINUE)
        return memoryview(rest)

    def _respond(self) -> None:
        assert self._transport is not None
        self._transport.write(_RESPONSE)
        self._remaining = None


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(DiscardingProtocol, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Serve until the parent closes our stdin (or dies): no stray servers after a crash.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


@contextmanager
def running_sink() -> Iterator[str]:
    """Start the sink in a child process; yield its URL (`http://127.0.0.1:PORT/sink`)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.sink"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}/sink"
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(10)


if __name__ == "__main__":
    asyncio.run(_serve())
