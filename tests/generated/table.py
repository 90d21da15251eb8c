"""The shape of the operation table: per vendor how to build a client and read its errors,
per operation how to call it, what must arrive at the server and what must be parsed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic

import attrs

from tests.generated.calling import C, DetailedResponse, Via
from tests.generated.scripted_server import CapturedRequest, Reply

# Headers whose presence is the generated code's doing: each must be sent exactly when expected.
WATCHED_HEADERS = frozenset(
    {"authorization", "x-api-key", "idempotency-key", "x-workspace-id", "scripe-api-version", "content-type"}
)


@attrs.frozen
class Vendor(Generic[C]):
    name: str  # as in generated/presignkit_<name>
    server_prefix: str  # the path of the spec's server URL; the client's base URL carries it
    make_client: Callable[[str, bool], C]  # (server origin, raise_on_unexpected_status)
    auth_headers: Mapping[str, str]  # sent on every request, exact values
    error_reply: Callable[[int], Reply]  # a realistic error body for a documented status
    check_error: Callable[[int, DetailedResponse], None]  # asserts the parsed error_reply
    unexpected_status: type[Exception]  # the package's errors.UnexpectedStatus


@attrs.frozen
class ExpectedRequest:
    method: str
    path: str  # including the server prefix, percent-encoded as it must arrive
    query: str = ""
    headers: Mapping[str, str] = attrs.field(factory=dict)  # besides the vendor's auth headers
    json_body: object = None  # None: no body at all


@attrs.frozen
class Endpoint(Generic[C]):
    """One way of calling one operation, with its success case and its documented errors."""

    vendor: Vendor[C]
    operation_id: str
    send: Callable[[Via, C], Awaitable[DetailedResponse]]
    request: ExpectedRequest
    success: Reply
    check_success: Callable[[DetailedResponse], None]
    error_statuses: tuple[int, ...]
    variant: str = ""  # which member of a oneOf request body, where there is a choice

    @property
    def test_id(self) -> str:
        suffix = f"[{self.variant}]" if self.variant else ""
        return f"{self.vendor.name}.{self.operation_id}{suffix}"


AnyEndpoint = Endpoint[Any]


def assert_request(captured: CapturedRequest, endpoint: AnyEndpoint) -> None:
    """The request arrived exactly as the endpoint's table row says."""
    expected = endpoint.request
    assert (captured.method, captured.path, captured.query) == (
        expected.method,
        expected.path,
        expected.query,
    )
    wanted = {
        name.lower(): value for name, value in {**endpoint.vendor.auth_headers, **expected.headers}.items()
    }
    if expected.json_body is not None:
        wanted["content-type"] = "application/json"
    names = WATCHED_HEADERS | wanted.keys()
    sent = {name: value for name in names if (value := captured.header(name)) is not None}
    assert sent == wanted
    if expected.json_body is None:
        assert captured.body == b""
    else:
        assert captured.json() == expected.json_body
