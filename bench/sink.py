"""A minimal HTTP/1.1 PUT sink: reads each request body, discards it, answers 200.

The streaming benchmark needs a receiver that is never the bottleneck, so that the sender's
speed is what gets measured. This one does the least an HTTP server can: find the end of the
headers, then move Content-Length bytes from the socket to /dev/null with splice(2) through a
pipe, so that the body never enters the sink's memory (a `recv_into` loop capped the raw
sender at ~2.4 GiB/s on the benchmark machine, below what the senders reach; splicing, ~6 GiB/s),
and answer. It honours `Expect: 100-continue` (curl sends it for large bodies and would
otherwise wait a second) and keep-alive. One thread per connection (socketserver). Its ceiling
is measured with a raw socket sender (bench/put_file.py, `raw`). Linux only, as splice is.

Run in its own process, so that it has a core of its own:

    python -m bench.sink      # prints the port on the first line of stdout, serves until stdin closes
"""

from __future__ import annotations

import fcntl
import os
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_HEADER_END = b"\r\n\r\n"
_RESPONSE = b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: "sink"\r\n\r\n'
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_NOT_IMPLEMENTED = b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_PIPE_SIZE = 1024 * 1024
_MAX_HEAD = 64 * 1024


class _Discard(socketserver.BaseRequestHandler):
    request: socket.socket

    def handle(self) -> None:
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pipe_out, pipe_in = os.pipe()
        fcntl.fcntl(pipe_in, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            self._serve(sock, pipe_in, pipe_out, null)
        finally:
            for fd in (pipe_out, pipe_in, null):
                os.close(fd)

    def _serve(self, sock: socket.socket, pipe_in: int, pipe_out: int, null: int) -> None:
        pending = b""  # bytes read past the end of a request's head
        while True:
            head, pending = self._read_head(sock, pending)
            if head is None:
                return
            fields = self._fields(head)
            if "transfer-encoding" in fields:
                sock.sendall(_NOT_IMPLEMENTED)  # not needed by any sender here: refuse it loudly
                return
            remaining = int(fields.get("content-length", "0"))
            if fields.get("expect", "").lower() == "100-continue":
                sock.sendall(_CONTINUE)
            taken = min(remaining, len(pending))
            remaining -= taken
            pending = pending[taken:]
            while remaining > 0:
                moved = os.splice(sock.fileno(), pipe_in, min(remaining, _PIPE_SIZE))
                if moved == 0:
                    return
                remaining -= moved
                while moved:
                    moved -= os.splice(pipe_out, null, moved)
            sock.sendall(_RESPONSE)

    @staticmethod
    def _read_head(sock: socket.socket, pending: bytes) -> tuple[bytes | None, bytes]:
        data = bytearray(pending)
        while (end := data.find(_HEADER_END)) < 0:
            if len(data) > _MAX_HEAD:
                return None, b""
            chunk = sock.recv(65536)
            if not chunk:
                return None, b""
            data += chunk
        return bytes(data[:end]), bytes(data[end + len(_HEADER_END) :])

    @staticmethod
    def _fields(head: bytes) -> dict[str, str]:
        lines = head.decode("latin-1").split("\r\n")[1:]
        return {
            name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)
        }


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _serve() -> None:
    with _Server(("127.0.0.1", 0), _Discard) as server:
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()  # until the parent closes our stdin (or dies): no stray servers
        server.shutdown()


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
    _serve()
