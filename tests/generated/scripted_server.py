"""A scripted, recording HTTP server: each test queues the replies, then inspects what arrived.

The generated clients are tested over real HTTP (httpx to uvicorn on 127.0.0.1), so what is
asserted is what a vendor would see on the wire, percent-encoding and header casing included.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping

import attrs
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

_ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

# Answered when a request arrives with no reply queued; no vendor uses it, so it cannot pass for one.
UNSCRIPTED_STATUS = 599


@attrs.frozen
class Reply:
    """One scripted answer."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def json(
        cls,
        status: int,
        payload: object,
        *,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        return cls(status, json.dumps(payload).encode(), content_type, dict(headers or {}))


@attrs.frozen
class CapturedRequest:
    """One request as the server received it."""

    method: str
    path: str  # as sent, still percent-encoded
    query: str  # raw, without "?"
    headers: tuple[tuple[str, str], ...]  # in order, names lowercased
    body: bytes

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name.lower()]

    def header(self, name: str) -> str | None:
        """The value of header `name` (any case); None when absent. Fails if it was sent twice."""
        values = self.header_values(name)
        assert len(values) <= 1, f"header {name} sent {len(values)} times: {values}"
        return values[0] if values else None

    def json(self) -> object:
        return json.loads(self.body)


class ScriptedServer:
    """A Starlette app answering every request with the next queued `Reply`, recording each.

    Thread-safe: the server thread records and dequeues, the test thread queues and reads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._replies: deque[Reply] = deque()
        self._requests: list[CapturedRequest] = []
        self._unscripted: list[CapturedRequest] = []
        self.base_url = ""  # set once served
        self.app = Starlette(routes=[Route("/{anything:path}", self._answer, methods=_ANY_METHOD)])

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    @property
    def requests(self) -> list[CapturedRequest]:
        with self._lock:
            return list(self._requests)

    def only_request(self) -> CapturedRequest:
        requests = self.requests
        assert len(requests) == 1, f"expected exactly one request, got {len(requests)}: {requests}"
        return requests[0]

    def reset(self) -> tuple[list[Reply], list[CapturedRequest]]:
        """Forget everything; return the replies never used and the requests that found none."""
        with self._lock:
            unused = list(self._replies)
            unscripted = list(self._unscripted)
            self._replies.clear()
            self._requests.clear()
            self._unscripted.clear()
        return unused, unscripted

    async def _answer(self, request: Request) -> Response:
        body = await request.body()
        raw_path: bytes = request.scope.get("raw_path") or request.scope["path"].encode()
        captured = CapturedRequest(
            method=request.method,
            path=raw_path.decode("latin-1"),
            query=request.scope.get("query_string", b"").decode("latin-1"),
            headers=tuple(
                (key.decode("latin-1").lower(), value.decode("latin-1"))
                for key, value in request.scope["headers"]
            ),
            body=body,
        )
        with self._lock:
            reply = self._replies.popleft() if self._replies else None
            self._requests.append(captured)
            if reply is None:
                self._unscripted.append(captured)
        if reply is None:
            return Response(
                f"no reply scripted for {request.method} {raw_path.decode('latin-1')}",
                status_code=UNSCRIPTED_STATUS,
                media_type="text/plain",
            )
        return Response(
            reply.body, status_code=reply.status, headers=dict(reply.headers), media_type=reply.content_type
        )
