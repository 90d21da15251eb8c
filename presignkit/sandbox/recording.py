"""A record of every request a sandbox server saw, so tests can assert exactly what arrived."""

from __future__ import annotations

import threading

import attrs
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from presignkit.sandbox._asgi import ERROR_CODE_KEY, header_pairs, remember_connection


@attrs.frozen
class RecordedRequest:
    """One request as the server received it, and what it answered."""

    method: str
    path: str  # as received, still percent-encoded
    query: str  # the raw query string, without "?"
    headers: tuple[tuple[str, str], ...]  # exactly as received, in order, names lowercased
    status: int | None  # None: no response reached the client (connection gone), or not yet
    body_size: int  # request body bytes the server read
    error_code: str | None = None  # the error the server found, if it said (even with no response)
    finished: bool = True  # False while the server is still handling the request

    def header(self, name: str) -> str | None:
        """The value of header `name` (any case), repeated headers joined with ","; else None."""
        values = [value for key, value in self.headers if key == name.lower()]
        return ",".join(values) if values else None

    @property
    def header_names(self) -> list[str]:
        return [name for name, _ in self.headers]


@attrs.define
class _Entry:
    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    status: int | None = None
    body_size: int = 0
    error_code: str | None = None
    finished: bool = False


class RequestLog:
    """Thread-safe: the server thread writes, the test thread reads snapshots."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._entries: list[_Entry] = []

    def snapshot(self) -> list[RecordedRequest]:
        with self._changed:
            return [RecordedRequest(**attrs.asdict(entry)) for entry in self._entries]

    def wait_idle(self, timeout: float = 10.0) -> list[RecordedRequest]:
        """Wait until the server has finished every request it received; return the log.

        A client that lost its connection learns of it before the server has finished with the
        request; call this before asserting on such a request.
        """
        with self._changed:
            if not self._changed.wait_for(lambda: all(e.finished for e in self._entries), timeout):
                busy = [f"{e.method} {e.path}" for e in self._entries if not e.finished]
                raise TimeoutError(f"requests still being handled after {timeout} s: {busy}")
            return [RecordedRequest(**attrs.asdict(entry)) for entry in self._entries]

    def clear(self) -> None:
        with self._changed:
            self._entries.clear()

    def _open(self, entry: _Entry) -> None:
        with self._changed:
            self._entries.append(entry)

    def _update(self, entry: _Entry, **changes: object) -> None:
        with self._changed:
            for name, value in changes.items():
                setattr(entry, name, value)
            self._changed.notify_all()


class RecordRequests:
    """ASGI middleware appending every HTTP request to a `RequestLog`.

    The entry is created when the request arrives and completed when the response starts, so
    by the time a client has read a response the record already says what was answered.
    """

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self._app = app
        self._log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        remember_connection(scope, send)
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        entry = _Entry(
            method=scope["method"],
            path=raw_path.decode("latin-1"),
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=header_pairs(scope),
        )
        self._log._open(entry)
        client_gone = False

        async def counting_receive() -> Message:
            nonlocal client_gone
            message = await receive()
            if message["type"] == "http.request" and message.get("body"):
                self._log._update(entry, body_size=entry.body_size + len(message["body"]))
            elif message["type"] == "http.disconnect":
                client_gone = True
            return message

        async def recording_send(message: Message) -> None:
            # A response started after the client left reaches nobody: keep the status None.
            if message["type"] == "http.response.start" and not client_gone:
                self._log._update(entry, status=message["status"], error_code=scope.get(ERROR_CODE_KEY))
            await send(message)

        try:
            await self._app(scope, counting_receive, recording_send)
        finally:
            self._log._update(entry, error_code=scope.get(ERROR_CODE_KEY), finished=True)
