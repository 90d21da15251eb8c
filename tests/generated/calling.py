"""Calling one operation through either of its generated entry points, and closing clients."""

from __future__ import annotations

import enum
import ssl
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import ParamSpec, Protocol, TypeVar

import httpx

P = ParamSpec("P")
R = TypeVar("R")


# Every client here talks plain http, yet httpx builds a verifying SSL context (loading the CA
# bundle, ~0.1 s) for each new client unless handed one; the tests make hundreds of clients.
SHARED_SSL_CONTEXT = ssl.create_default_context()


class Via(enum.Enum):
    """Which generated function a test goes through."""

    SYNC = "sync_detailed"
    ASYNCIO = "asyncio_detailed"


async def call(
    via: Via,
    sync_detailed: Callable[P, R],
    asyncio_detailed: Callable[P, Awaitable[R]],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """`sync_detailed(*args, **kwargs)` or `await asyncio_detailed(*args, **kwargs)`, as `via` says.

    Both functions take the same arguments, so one call site (type-checked against both) covers
    both code paths. The sync call blocks the test's event loop, which is harmless: the server
    runs on its own thread and loop.
    """
    if via is Via.SYNC:
        return sync_detailed(*args, **kwargs)
    return await asyncio_detailed(*args, **kwargs)


class DetailedResponse(Protocol):
    """What every vendor's generated `types.Response` offers (each package has its own class)."""

    @property
    def status_code(self) -> HTTPStatus: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> MutableMapping[str, str]: ...
    @property
    def parsed(self) -> object: ...


class GeneratedClient(Protocol):
    """What every vendor's generated `AuthenticatedClient` offers for its httpx clients."""

    def get_httpx_client(self) -> httpx.Client: ...
    def get_async_httpx_client(self) -> httpx.AsyncClient: ...


C = TypeVar("C", bound=GeneratedClient)


class ClientJar:
    """Keeps the clients a test made, to close the httpx client each one used."""

    def __init__(self, via: Via) -> None:
        self._via = via
        self._clients: list[GeneratedClient] = []

    def keep(self, client: C) -> C:
        self._clients.append(client)
        return client

    async def close_all(self) -> None:
        for client in self._clients:
            # Only the httpx client of `via` was created; asking for the other would create it.
            if self._via is Via.SYNC:
                client.get_httpx_client().close()
            else:
                await client.get_async_httpx_client().aclose()
        self._clients.clear()
