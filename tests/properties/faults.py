"""A stateful fake of each vendor and of the object store, answering through one
httpx.MockTransport-style transport (no sockets), with a scripted fault schedule per route.

The fake keeps what a vendor keeps: the records it created, and for Streamloop and Scripe the
answer stored under each Idempotency-Key (a replay returns the same record). A fault can strike
before the server acted (nothing made) or after (the record exists, the client sees a failure),
which the sandbox, failing requests before they reach a handler, cannot show.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator
from email.utils import formatdate
from typing import Any
from urllib.parse import quote

import attrs
import httpx

API = "https://api.example.test"
STORE = "https://store.example.test"
STORE_HOST = "store.example.test"

BASE_URLS = {"streamloop": API + "/v1", "loops": API + "/api", "flare": API, "scripe": API + "/v1"}
# route -> (method, path ending as a regular expression).
ROUTES: dict[str, list[tuple[str, str, str]]] = {
    "streamloop": [
        ("streamloop.generateUploadUrl", "POST", "/upload-url$"),
        ("streamloop.completeUpload", "POST", "/complete$"),
        ("streamloop.createUpload", "POST", "/v1/uploads$"),
    ],
    "loops": [
        ("loops.completeUpload", "POST", "/complete$"),
        ("loops.createUpload", "POST", "/v1/uploads$"),
    ],
    "flare": [
        ("flare.presignVideoUpload", "POST", "/api/video/upload/presign$"),
        ("flare.createVideo", "POST", "/api/video/create$"),
    ],
    "scripe": [
        ("scripe.createUpload", "POST", "/v1/uploads$"),
        ("scripe.createSource", "POST", "/v1/sources$"),  # with wait=True
        ("scripe.getJob", "GET", "/v1/jobs/[^/]+$"),
    ],
}
# The routes whose success makes a record (what "no duplicate" counts).
CREATE_ROUTES = {"streamloop.createUpload", "loops.createUpload", "flare.createVideo", "scripe.createUpload"}
KEYED_VENDORS = ("streamloop", "scripe")

# -- outcomes -------------------------------------------------------------------------------


@attrs.frozen
class RetryAfter:
    """A server-requested wait, in one of the forms servers send it."""

    # "seconds" | "fraction" | "http-date" | "ms" | "ratelimit-reset" | "x-ratelimit-reset-epoch" | "garbage"
    form: str
    value: float

    def headers(self) -> dict[str, str]:
        if self.form == "seconds":
            return {"Retry-After": str(int(self.value))}
        if self.form == "fraction":
            return {"Retry-After": f"{self.value:.3f}"}
        if self.form == "http-date":
            return {"Retry-After": formatdate(time.time() + self.value, usegmt=True)}
        if self.form == "ms":
            return {"retry-after-ms": str(int(self.value * 1000))}
        if self.form == "ratelimit-reset":
            return {"RateLimit-Reset": str(int(self.value))}
        if self.form == "x-ratelimit-reset-epoch":
            return {"X-RateLimit-Reset": str(int(time.time() + self.value))}
        return {"Retry-After": "soon"}

    @property
    def seconds(self) -> float | None:
        """What the server asked for, as the client should read it (None: nothing usable)."""
        if self.form in ("seconds", "ratelimit-reset"):
            return float(int(self.value))
        if self.form == "fraction":
            return float(f"{self.value:.3f}")
        if self.form == "ms":
            return int(self.value * 1000) / 1000
        if self.form in ("http-date", "x-ratelimit-reset-epoch"):
            return self.value  # +- a second of clock and rounding: see `approximate`
        return None

    @property
    def approximate(self) -> bool:
        return self.form in ("http-date", "x-ratelimit-reset-epoch")


@attrs.frozen
class Answer:
    """An HTTP error answer. `acted`: the server did the work (made the record) before failing."""

    status: int
    acted: bool = False
    retry_after: RetryAfter | None = None
    echo: str | None = None  # how the error body echoes the API key: "raw" | "url" | "repr" | "bytes"


@attrs.frozen
class Broken:
    """A transport failure. `acted` as above; `kind` names the httpx exception."""

    kind: str  # "connect" | "connect-timeout" | "read-timeout" | "reset" | "read-error"
    acted: bool = False


@attrs.frozen
class Expired:
    """The store's answer for a URL that can no longer be used, in one of S3's forms."""

    status: int
    code: str
    message: str


@attrs.frozen
class ResetMidPut:
    after_chunks: int


Outcome = Answer | Broken | Expired | ResetMidPut

# -- the fake --------------------------------------------------------------------------------


@attrs.define
class Served:
    route: str
    key: str | None
    outcome: str  # "ok" or a short description
    success: bool
    retry_after: RetryAfter | None = None
    transient: bool = False


@attrs.define
class FakeWorld:
    vendor: str
    api_key: str
    schedule: dict[str, list[Outcome]]
    records: list[str] = attrs.Factory(list)
    sources: list[str] = attrs.Factory(list)  # Scripe sources attached (with wait=True)
    polls: int = 0
    replays: dict[tuple[str, str], httpx.Response] = attrs.Factory(dict)
    log: list[Served] = attrs.Factory(list)
    store_requests: list[httpx.Request] = attrs.Factory(list)
    stored: list[tuple[str, int]] = attrs.Factory(list)  # (sha256, size) of accepted PUTs
    expiries_served: int = 0
    _urls: int = 0

    # -- routing ------------------------------------------------------------------------------

    def handle(self, request: httpx.Request, body: Iterable[bytes] | None = None) -> httpx.Response:
        """Answer one request; `body`: the PUT's chunks when they were read already (async)."""
        if request.url.host == STORE_HOST:
            return self._store(request, body)
        request.read()
        route = self._route(request)
        outcome = self._next(route)
        key = request.headers.get("idempotency-key")
        if isinstance(outcome, Broken) and not outcome.acted:
            return self._broken(route, key, outcome, request)
        if isinstance(outcome, Answer) and not outcome.acted:
            return self._answer(route, key, outcome)
        response = self._act(route, request, key)  # the server does the work...
        if isinstance(outcome, Broken):  # ...and then the client never hears of it
            return self._broken(route, key, outcome, request)
        if isinstance(outcome, Answer):  # ...or hears a failure
            return self._answer(route, key, outcome)
        self.log.append(Served(route, key, "ok", success=True))
        return response

    def _route(self, request: httpx.Request) -> str:
        for route, method, ending in ROUTES[self.vendor]:
            if request.method == method and re.search(ending, request.url.path):
                return route
        raise AssertionError(f"the facade called an unknown route {request.method} {request.url.path}")

    def _next(self, route: str) -> Outcome | None:
        queue = self.schedule.get(route)
        return queue.pop(0) if queue else None

    def _broken(self, route: str, key: str | None, outcome: Broken, request: httpx.Request) -> httpx.Response:
        self.log.append(Served(route, key, outcome.kind, success=False, transient=True))
        error: type[httpx.TransportError] = {
            "connect": httpx.ConnectError,
            "connect-timeout": httpx.ConnectTimeout,
            "read-timeout": httpx.ReadTimeout,
            "reset": httpx.RemoteProtocolError,
            "read-error": httpx.ReadError,
        }[outcome.kind]
        raise error(f"injected {outcome.kind}", request=request)

    def _answer(self, route: str, key: str | None, outcome: Answer) -> httpx.Response:
        headers = outcome.retry_after.headers() if outcome.retry_after else {}
        message = f"injected {outcome.status}"
        if outcome.echo == "raw":
            message += f"; key {self.api_key} refused"
        elif outcome.echo == "url":
            message += f"; see https://status.example.test/?key={quote(self.api_key, safe='')}"
        elif outcome.echo == "repr":
            message += f"; header {self.api_key + chr(10)!r} refused"
        elif outcome.echo == "bytes":
            message += f"; Illegal header value {(self.api_key + chr(10)).encode()!r}"
        self.log.append(
            Served(
                route,
                key,
                str(outcome.status),
                success=False,
                retry_after=outcome.retry_after,
                transient=True,
            )
        )
        return httpx.Response(
            outcome.status,
            content=_error_body(self.vendor, outcome.status, message),
            headers={**headers, **_JSON},
        )

    # -- what each vendor does ----------------------------------------------------------------

    def _act(self, route: str, request: httpx.Request, key: str | None) -> httpx.Response:
        if key is not None and self.vendor in KEYED_VENDORS and (route, key) in self.replays:
            return self.replays[(route, key)]  # a replay makes nothing new
        response = self._perform(route, request)
        if key is not None and self.vendor in KEYED_VENDORS:
            self.replays[(route, key)] = response
        return response

    def _perform(self, route: str, request: httpx.Request) -> httpx.Response:
        body: Any = json.loads(request.content) if request.content else None
        if route in CREATE_ROUTES:
            self.records.append(f"rec_{len(self.records) + 1}")
        record = self.records[-1] if self.records else "rec_0"
        if route == "streamloop.createUpload" or route == "streamloop.completeUpload":
            upload = {
                "id": record,
                "createdAt": "2026-01-01T00:00:00Z",
                "mimeType": "video/mp4",
                "name": "clip.mp4",
                "type": "video",
                "uploaded": route.endswith("complete"),
            }
            return _json(201 if route.endswith("createUpload") else 200, upload)
        if route == "streamloop.generateUploadUrl":
            return _json(200, self._url(record))
        if route == "loops.createUpload":
            return _json(200, {"success": True, "emailAssetId": record, "presignedUrl": self._url(record)})
        if route == "loops.completeUpload":
            return _json(
                200, {"success": True, "emailAssetId": record, "finalUrl": f"{STORE}/public/{record}"}
            )
        if route == "flare.createVideo":
            return _json(200, {"success": True, "video": {"id": record}})
        if route == "flare.presignVideoUpload":
            assert body["videoId"] == record
            presigned = {
                "uploadUrl": self._url(record),
                "method": "PUT",
                "headers": {"Content-Type": "video/mp4"},
            }
            return _json(200, {**presigned, "publicUrl": f"{STORE}/public/{record}"})
        if route == "scripe.createUpload":
            data = {
                "id": record,
                "uploadUrl": self._url(record),
                "contentType": "audio/mpeg",
                "maxSizeBytes": 10**6,
                "expiresAt": "2999-01-01T00:00:00Z",
            }
            return _json(200, {"data": data})
        if route == "scripe.createSource":
            assert body["uploadId"] == record
            self.sources.append(f"src_{len(self.sources) + 1}")
            return _json(200, {"data": {"id": "job_1", "type": "SOURCE_INGEST_FILE", "status": "QUEUED"}})
        if route == "scripe.getJob":
            self.polls += 1
            status = "RUNNING" if self.polls == 1 else "DONE"
            return _json(200, {"data": {"id": "job_1", "type": "SOURCE_INGEST_FILE", "status": status}})
        raise AssertionError(route)

    def _url(self, record: str) -> str:
        self._urls += 1
        return (
            f"{STORE}/bucket/{record}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2Fscope"
            f"&X-Amz-Signature=s1gnature{self._urls:04d}"
        )

    # -- the store ----------------------------------------------------------------------------

    def _store(self, request: httpx.Request, body: Iterable[bytes] | None) -> httpx.Response:
        self.store_requests.append(request)
        outcome = self._next("store.put")
        digest = hashlib.sha256()
        size = 0
        chunks: Iterator[bytes] = iter(body if body is not None else request.stream)  # type: ignore[arg-type]
        for index, chunk in enumerate(chunks):
            if isinstance(outcome, ResetMidPut) and index >= outcome.after_chunks:
                self.log.append(Served("store.put", None, "reset mid-PUT", success=False, transient=True))
                raise httpx.WriteError("connection reset by peer", request=request)
            digest.update(chunk)
            size += len(chunk)
        if isinstance(outcome, ResetMidPut):  # the body was shorter than the reset point
            self.log.append(Served("store.put", None, "reset after PUT", success=False, transient=True))
            raise httpx.ReadError("connection reset by peer", request=request)
        if isinstance(outcome, Broken):
            self.log.append(Served("store.put", None, outcome.kind, success=False, transient=True))
            raise httpx.ReadTimeout("injected read timeout", request=request)
        if isinstance(outcome, Expired):
            self.expiries_served += 1
            self.log.append(Served("store.put", None, f"expired {outcome.code}", success=False))
            return _s3_error(outcome.status, outcome.code, outcome.message)
        if isinstance(outcome, Answer):
            transient = outcome.status >= 500
            self.log.append(
                Served(
                    "store.put",
                    None,
                    str(outcome.status),
                    success=False,
                    retry_after=outcome.retry_after,
                    transient=transient,
                )
            )
            response = _s3_error(outcome.status, "SlowDown" if transient else "AccessDenied", "injected")
            if outcome.retry_after:
                response.headers.update(outcome.retry_after.headers())
            return response
        self.stored.append((digest.hexdigest(), size))
        self.log.append(Served("store.put", None, "ok", success=True))
        return httpx.Response(200, headers={"etag": '"x"'})


_JSON = {"content-type": "application/json"}


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=_JSON)


def _error_body(vendor: str, status: int, message: str) -> bytes:
    body: Any = {
        "streamloop": {"type": "about:blank", "title": "Error", "status": status, "detail": message},
        "loops": {"success": False, "message": message},
        "flare": {"error": "injected", "message": message},
        "scripe": {"error": {"code": "injected", "message": message}},
    }[vendor]
    return json.dumps(body).encode()


def _s3_error(status: int, code: str, message: str) -> httpx.Response:
    body = f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return httpx.Response(status, content=body.encode(), headers={"content-type": "application/xml"})


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Hands each request to the world; the request body stays a stream (as on a socket)."""

    def __init__(self, world: FakeWorld) -> None:
        self.world = world

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.world.handle(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == STORE_HOST:
            chunks = [chunk async for chunk in request.stream]  # type: ignore[union-attr]
            return self.world.handle(request, chunks)
        await request.aread()
        return self.world.handle(request)
