"""The options behind `VendorSettings.client()` / `async_client()`: what a vendor's one client
builder (`build_client`, also the uploaders') is given when a user calls the typed client.

- timeouts: the uploaders' defaults (30 s per request, 10 s to connect) unless given;
- an origin guard: the client holds the key, so a request to any other origin (a presigned
  URL, a redirect target typed in by hand) is refused before it is sent. Redirects are not
  followed either (the generated client's default), so the key reaches the API host only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from presignkit.client_options import ClientOptions, as_timeout
from presignkit.defaults import DEFAULT_API_TIMEOUT
from presignkit.errors import ValidationError


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port  # port is None for the scheme's default port


def origin_guard(base_url: str, *, vendor: str, title: str) -> Callable[[httpx.Request], None]:
    """An httpx request hook refusing any request outside `base_url`'s origin."""
    allowed = _origin(httpx.URL(base_url))

    def guard(request: httpx.Request) -> None:
        if _origin(request.url) != allowed:
            # Name the host only: a presigned URL's query is a credential of its own.
            raise ValidationError(
                f"this {title} client sends your {title} credentials, so it only calls "
                f"{allowed[0]}://{httpx.URL(base_url).netloc.decode()}; refused "
                f"{request.method} to {request.url.scheme}://{request.url.netloc.decode()}. "
                "PUT to a presigned URL with a client of your own that holds no credentials "
                "(e.g. httpx.put(url, content=..., headers=...))",
                vendor=vendor,
            )

    return guard


def sync_options(
    base_url: str,
    *,
    vendor: str,
    title: str,
    timeout: httpx.Timeout | float | None,
    transport: httpx.BaseTransport | None,
) -> ClientOptions:
    guard = origin_guard(base_url, vendor=vendor, title=title)
    httpx_args: dict[str, Any] = {"event_hooks": {"request": [guard]}}
    if transport is not None:
        httpx_args["transport"] = transport
    return ClientOptions(as_timeout(timeout, DEFAULT_API_TIMEOUT), httpx_args)


def async_options(
    base_url: str,
    *,
    vendor: str,
    title: str,
    timeout: httpx.Timeout | float | None,
    transport: httpx.AsyncBaseTransport | None,
) -> ClientOptions:
    guard = origin_guard(base_url, vendor=vendor, title=title)

    async def async_guard(request: httpx.Request) -> None:  # httpx.AsyncClient awaits its hooks
        guard(request)

    hooks: list[Callable[[httpx.Request], Awaitable[None]]] = [async_guard]
    httpx_args: dict[str, Any] = {"event_hooks": {"request": hooks}}
    if transport is not None:
        httpx_args["transport"] = transport
    return ClientOptions(as_timeout(timeout, DEFAULT_API_TIMEOUT), httpx_args)
