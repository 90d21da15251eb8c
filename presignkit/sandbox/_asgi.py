"""Small ASGI helpers shared by the sandbox's middleware and apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.types import Receive, Scope, Send

# Scope keys the sandbox's middleware use to talk to each other and to the apps below them.
ABORT_CONNECTION_KEY = "presignkit.sandbox.abort_connection"
FAULT_ACTION_KEY = "presignkit.sandbox.fault_action"
ERROR_CODE_KEY = "presignkit.sandbox.error_code"


def remember_connection(scope: Scope, send: Send) -> None:
    """Keep a way to abort the client's connection, for the outermost middleware to call.

    ASGI has no message for "drop the connection without a response". uvicorn's HTTP/1.1
    protocols (h11 and httptools) hand each request a `send` bound to a cycle object holding the
    asyncio transport, so the transport is reachable from the `send` the server passed in. Only
    the outermost middleware sees that `send` unwrapped, hence the scope key.
    """
    if ABORT_CONNECTION_KEY in scope:
        return
    transport: Any = getattr(getattr(send, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)
    if callable(abort):
        scope[ABORT_CONNECTION_KEY] = abort


def connection_aborter(scope: Scope) -> Callable[[], None] | None:
    abort: Callable[[], None] | None = scope.get(ABORT_CONNECTION_KEY)
    return abort


async def drain_body(receive: Receive) -> int:
    """Read and discard the rest of the request body; return how many bytes that was.

    An error answered while the client is still sending would otherwise stall it (the server
    stops reading) or reset the connection before the client reads the answer.
    """
    drained = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return drained
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return drained


def header_pairs(scope: Scope) -> tuple[tuple[str, str], ...]:
    """The request headers as received: names lowercased (as the server hands them over), in order."""
    return tuple(
        (name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in scope["headers"]
    )


def joined_headers(scope: Scope) -> dict[str, str]:
    """Lowercased header names to values, repeated headers joined with "," (RFC 9110 §5.3)."""
    joined: dict[str, str] = {}
    for name, value in header_pairs(scope):
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return joined


def request_has_body(scope: Scope) -> bool:
    headers = joined_headers(scope)
    if "transfer-encoding" in headers:
        return True
    return headers.get("content-length", "0").strip() not in ("", "0")


def note_error_code(scope: Scope, code: str) -> None:
    """Tell the request recorder which error code the app answered with."""
    scope[ERROR_CODE_KEY] = code


async def send_response(
    scope: Scope, send: Send, status: int, body: bytes, headers: list[tuple[str, str]]
) -> None:
    """Send a whole response; a HEAD request gets the headers only, as HTTP requires."""
    raw_headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    raw_headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    payload = b"" if scope.get("method") == "HEAD" else body
    await send({"type": "http.response.body", "body": payload, "more_body": False})
