"""ASGI middleware carrying out a `FaultPlan`: latency, canned failures, dropped connections."""

from __future__ import annotations

from collections.abc import Callable

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from presignkit.sandbox._asgi import (
    FAULT_ACTION_KEY,
    connection_aborter,
    drain_body,
    note_error_code,
    remember_connection,
    request_has_body,
    send_response,
)
from presignkit.sandbox.fault_plan import FaultAction, FaultPlan

# Renders the body and headers of a failure for a status, in the server's own error shape.
ErrorRenderer = Callable[[int], tuple[bytes, list[tuple[str, str]]]]


def plain_error(status: int) -> tuple[bytes, list[tuple[str, str]]]:
    return f"injected fault: HTTP {status}\n".encode(), [("content-type", "text/plain; charset=utf-8")]


class InjectFaults:
    """Apply the plan's action for each request's route before the app sees the request.

    `route_for(scope)` names the route of a request (None: never faulted). The action is also
    left in the scope under `FAULT_ACTION_KEY`, for faults only the app can carry out (the
    store's `expire_urls`).
    """

    def __init__(
        self,
        app: ASGIApp,
        plan: FaultPlan,
        *,
        route_for: Callable[[Scope], str | None],
        render_error: ErrorRenderer = plain_error,
    ) -> None:
        self._app = app
        self._plan = plan
        self._route_for = route_for
        self._render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        remember_connection(scope, send)
        route = self._route_for(scope)
        action = self._plan.take(route) if route is not None else FaultAction()
        scope[FAULT_ACTION_KEY] = action
        if action.delay:
            await anyio.sleep(action.delay)
        if action.fail is not None:
            await drain_body(receive)
            body, headers = (
                (action.fail.body, [])
                if action.fail.body is not None
                else self._render_error(action.fail.status)
            )
            if action.fail.content_type is not None:
                headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
                headers.append(("content-type", action.fail.content_type))
            if action.fail.retry_after is not None:
                headers.append(("retry-after", action.fail.retry_after))
            headers.extend(action.fail.headers)
            note_error_code(scope, f"InjectedFault{action.fail.status}")
            await send_response(scope, send, action.fail.status, body, headers)
            return
        if action.drop_after is not None:
            if action.drop_after == 0 or not request_has_body(scope):
                await _drop_connection(scope, receive)
                return
            receive = _dropping_receive(scope, receive, action.drop_after)
        await self._app(scope, receive, send)


def _dropping_receive(scope: Scope, receive: Receive, after_bytes: int) -> Receive:
    received = 0
    dropped = False

    async def wrapped() -> Message:
        nonlocal received, dropped
        if dropped:
            return {"type": "http.disconnect"}
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received >= after_bytes or not message.get("more_body", False):
                dropped = True
                await _drop_connection(scope, receive)
                return {"type": "http.disconnect"}
        return message

    return wrapped


async def _drop_connection(scope: Scope, receive: Receive) -> None:
    abort = connection_aborter(scope)
    if abort is None:
        raise RuntimeError(
            "dropping a connection needs a server that exposes its transport; "
            "serve the app with presignkit.sandbox.serving (uvicorn, h11 or httptools)"
        )
    abort()
    # Wait until the server has noticed, so it neither answers 500 for an app that returned
    # without a response nor logs one.
    while (await receive())["type"] != "http.disconnect":
        pass
