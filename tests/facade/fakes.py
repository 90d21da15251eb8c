"""A scriptable fake vendor + store behind one httpx.MockTransport, for the answers the sandbox
does not give (malformed successes, odd presign shapes, failing jobs, transport errors)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import attrs
import httpx

API = "https://api.example.test"
STORE = "https://store.example.test"
PRESIGNED = (
    f"{STORE}/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2Fscope"
    "&X-Amz-Signature=deadbeefcafe"
)

Handler = Callable[[httpx.Request], httpx.Response]


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )


@attrs.define
class StoredPut:
    headers: list[tuple[str, str]]
    size: int
    sha256: str


@attrs.define
class FakeService:
    """Routes by (method, path suffix); each route answers from a queue, the last answer repeats."""

    routes: dict[tuple[str, str], list[Handler]] = attrs.Factory(dict)
    requests: list[httpx.Request] = attrs.Factory(list)
    puts: list[StoredPut] = attrs.Factory(list)
    store_answers: list[Handler] = attrs.Factory(list)

    def on(self, method: str, suffix: str, *answers: Handler | httpx.Response) -> FakeService:
        handlers = [a if callable(a) else (lambda _r, a=a: a) for a in answers]
        self.routes[(method, suffix)] = handlers
        return self

    def store(self, *answers: Handler) -> FakeService:
        self.store_answers = list(answers)
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "store.example.test":
            self.requests.append(request)
            return self._store(request)
        request.read()
        self.requests.append(request)
        for (method, suffix), handlers in self.routes.items():
            if request.method == method and request.url.path.endswith(suffix):
                handler = handlers.pop(0) if len(handlers) > 1 else handlers[0]
                return handler(request)
        return json_response(404, {"message": f"no fake route for {request.method} {request.url.path}"})

    def _store(self, request: httpx.Request) -> httpx.Response:
        digest = hashlib.sha256()
        size = 0
        for chunk in request.stream:  # type: ignore[union-attr]
            digest.update(chunk)
            size += len(chunk)
        self.puts.append(
            StoredPut(
                list((k.decode().lower(), v.decode()) for k, v in request.headers.raw),
                size,
                digest.hexdigest(),
            )
        )
        if self.store_answers:
            handler = self.store_answers.pop(0) if len(self.store_answers) > 1 else self.store_answers[0]
            return handler(request)
        return httpx.Response(200, headers={"etag": '"x"'})

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "store.example.test":
            digest = hashlib.sha256()
            size = 0
            async for chunk in request.stream:  # type: ignore[union-attr]
                digest.update(chunk)
                size += len(chunk)
            self.requests.append(request)
            self.puts.append(
                StoredPut(
                    list((k.decode().lower(), v.decode()) for k, v in request.headers.raw),
                    size,
                    digest.hexdigest(),
                )
            )
            if self.store_answers:
                handler = self.store_answers.pop(0) if len(self.store_answers) > 1 else self.store_answers[0]
                return handler(request)
            return httpx.Response(200)
        await request.aread()
        return self.handle(request)

    def transport(self) -> httpx.BaseTransport:
        return _StreamingTransport(self)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return _StreamingTransport(self)

    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.host != "store.example.test"]


class _StreamingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Like httpx.MockTransport, but the request body is consumed as a stream, never buffered
    (MockTransport reads it whole first, which would hide a memory regression)."""

    def __init__(self, service: FakeService) -> None:
        self._service = service

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._service.handle(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._service.handle_async(request)


def s3_error(status: int, code: str, message: str) -> Handler:
    body = (
        f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>{message}</Message>"
        "<RequestId>RID1</RequestId></Error>"
    )
    return lambda _r: httpx.Response(
        status, content=body.encode(), headers={"content-type": "application/xml"}
    )


def loops_created(url: str = PRESIGNED, **extra: Any) -> httpx.Response:
    return json_response(200, {"success": True, "emailAssetId": "asset1", "presignedUrl": url, **extra})


def loops_completed() -> httpx.Response:
    return json_response(
        200, {"success": True, "emailAssetId": "asset1", "finalUrl": "https://img.example.test/a.png"}
    )
