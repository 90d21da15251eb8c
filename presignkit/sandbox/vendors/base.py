"""What every vendor stand-in does the same way: find the operation, authenticate, check the
request against the effective spec, run the handler, answer in the vendor's error shape, and
let the shared `FaultPlan` interfere with any operation by `<vendor>.<operationId>`."""

from __future__ import annotations

import abc
import json
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import attrs
from starlette.datastructures import Headers, QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from presignkit.sandbox._asgi import note_error_code
from presignkit.sandbox.fault_middleware import InjectFaults
from presignkit.sandbox.fault_plan import FaultPlan
from presignkit.sandbox.objectstore import ObjectStore, StoredObject
from presignkit.sandbox.vendors.errors import ApiError, Reply, injected_fault_message, status_code_name
from presignkit.sandbox.vendors.idempotency import IdempotencyRecords
from presignkit.sandbox.vendors.spec import OperationTable, effective_spec, request_validator
from presignkit.sandbox.vendors.validation import check_request


@attrs.frozen
class Call:
    """One API request, as far as the stand-in has understood it."""

    operation_id: str
    method: str
    path: str  # relative to the vendor's base URL, e.g. /uploads/abc/complete
    path_params: dict[str, str]
    headers: Headers
    query: QueryParams
    raw_body: bytes
    body: Any = None  # the JSON body, once it passed validation
    principal: str = ""  # who is calling (workspace, team...), set by `authenticate`


Handler = Callable[[Call], Reply]


def new_id(prefix: str, length: int = 16) -> str:
    return prefix + secrets.token_hex(length // 2)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class VendorStandIn(abc.ABC):
    """A vendor's API served from its effective spec. Subclasses supply the vendor's rules."""

    vendor: ClassVar[str]
    mount: ClassVar[str]  # the base URL's path, mirroring the vendor's `servers` URL
    bucket: ClassVar[str]  # where its uploads go in the object store

    def __init__(self, store: ObjectStore, faults: FaultPlan) -> None:
        self.store = store
        self.faults = faults
        self.idempotency = IdempotencyRecords()
        # Guards the stand-in's records: handlers run on the server thread, tests read and
        # reset from theirs.
        self._lock = threading.RLock()
        self._openapi = request_validator(self.vendor, self.mount)
        self.operations = OperationTable(effective_spec(self.vendor))
        self._handlers = self.handlers()
        unserved = self.operations.operation_ids - set(self._handlers)
        if unserved:
            raise TypeError(f"{type(self).__name__} serves no handler for {sorted(unserved)}")
        self.app: ASGIApp = InjectFaults(
            self._serve, faults, route_for=self._fault_route, render_error=self._render_fault
        )

    # -- what each vendor supplies ---------------------------------------------------------

    @abc.abstractmethod
    def handlers(self) -> dict[str, Handler]:
        """operationId -> handler, for every operation of the spec."""

    @abc.abstractmethod
    def authenticate(self, call: Call) -> str:
        """The caller's principal; raise `ApiError` for missing or wrong credentials."""

    @abc.abstractmethod
    def invalid_request(self, problems: list[str]) -> ApiError:
        """The error for a request the spec does not allow."""

    @abc.abstractmethod
    def render_error(self, error: ApiError) -> Reply:
        """The error in the vendor's own body shape."""

    @abc.abstractmethod
    def credentials(self) -> dict[str, str]:
        """The working example credentials, by the environment variable the facade reads."""

    def alternative_credentials(self) -> dict[str, str]:
        """Other working credentials, instead of `credentials()` (none by default)."""
        return {}

    @abc.abstractmethod
    def assets(self) -> list[str]:
        """Ids of what the stand-in created for uploads, oldest first."""

    @abc.abstractmethod
    def _forget(self) -> None:
        """Drop the vendor's own records (called under the lock)."""

    def before_validation(self, call: Call) -> Call:
        """Vendor rules checked before the spec (they answer with a more specific error)."""
        return call

    def run(self, call: Call, handler: Handler) -> Reply:
        """Run the handler; vendors with Idempotency-Key support wrap it here."""
        return handler(call)

    def reply_to(self, call: Call, handler: Handler) -> Reply:
        """The handler's reply, or its ApiError rendered in the vendor's error shape."""
        try:
            return handler(call)
        except ApiError as error:
            return self.render_error(error)

    def fault_error(self, status: int) -> ApiError:
        """The error an injected fault answers with."""
        return ApiError(status, status_code_name(status), injected_fault_message(status))

    def unknown_route(self, method: str, path: str, allowed: list[str]) -> ApiError:
        if allowed:
            return ApiError(
                405,
                "METHOD_NOT_ALLOWED",
                f"{method} is not allowed on {path}; accepted: {', '.join(allowed)}",
                headers=(("allow", ", ".join(allowed)),),
            )
        served = ", ".join(sorted({f"{op.method} {op.template}" for op in self.operations.operations}))
        return ApiError(404, "NOT_FOUND", f"no operation at {method} {path}; this stand-in serves {served}")

    def stored_object(self, key: str) -> StoredObject | None:
        """The object PUT under `key` in the vendor's bucket, or None while nothing arrived."""
        try:
            return self.store.object(self.bucket, key)
        except KeyError:
            return None

    # -- shared behaviour --------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._forget()
        self.idempotency.clear()

    def _relative_path(self, scope: Scope) -> str:
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        return path[len(root) :] if root and path.startswith(root) else path

    def _fault_route(self, scope: Scope) -> str | None:
        found = self.operations.find(scope["method"], self._relative_path(scope))
        return f"{self.vendor}.{found.operation.operation_id}" if found is not None else None

    def _render_fault(self, status: int) -> tuple[bytes, list[tuple[str, str]]]:
        reply = self.render_error(self.fault_error(status))
        return _encode(reply), [("content-type", reply.media_type), *reply.headers]

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        raw_body = await request.body()
        reply, code = self._answer(request, self._relative_path(scope), raw_body)
        if code is not None:
            note_error_code(scope, code)
        response = Response(
            _encode(reply), status_code=reply.status, headers=dict(reply.headers), media_type=reply.media_type
        )
        await response(scope, receive, send)

    def _answer(self, request: Request, path: str, raw_body: bytes) -> tuple[Reply, str | None]:
        try:
            return self._dispatch(request, path, raw_body), None
        except ApiError as error:
            return self.render_error(error), error.code

    def _dispatch(self, request: Request, path: str, raw_body: bytes) -> Reply:
        found = self.operations.find(request.method, path)
        if found is None:
            raise self.unknown_route(request.method, path, self.operations.methods_for(path))
        call = Call(
            operation_id=found.operation.operation_id,
            method=request.method,
            path=path,
            path_params=found.path_params,
            headers=request.headers,
            query=request.query_params,
            raw_body=raw_body,
        )
        call = attrs.evolve(call, principal=self.authenticate(call))
        call = self.before_validation(call)
        checked = check_request(
            self._openapi,
            method=call.method,
            path=self.mount + path,
            headers=call.headers,
            query=call.query,
            body=raw_body,
            content_type=call.headers.get("content-type"),
        )
        if checked.problems:
            raise self.invalid_request(checked.problems)
        call = attrs.evolve(call, body=_json_or_none(raw_body))
        with self._lock:
            return self.run(call, self._handlers[call.operation_id])


def parse_json_object(raw_body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one (the spec check reports why)."""
    try:
        parsed = json.loads(raw_body)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _json_or_none(raw_body: bytes) -> Any:
    # An operation without a request body in its spec lets any body through; ignore it.
    try:
        return json.loads(raw_body) if raw_body.strip() else None
    except ValueError:
        return None


def _encode(reply: Reply) -> bytes:
    if reply.body is NO_BODY:
        return b""
    return json.dumps(reply.body, ensure_ascii=False).encode()


class _NoBody:
    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()
