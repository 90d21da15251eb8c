"""One scripted server for the whole run; each test starts it empty and must use what it queued."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from presignkit.sandbox import serve
from tests.generated.calling import ClientJar, Via
from tests.generated.scripted_server import ScriptedServer


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def served() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    with serve(server.app) as base_url:
        server.base_url = base_url
        yield server


@pytest.fixture
def server(served: ScriptedServer) -> Iterator[ScriptedServer]:
    served.reset()
    yield served
    unused, unscripted = served.reset()
    assert not unused, f"replies queued but never asked for: {unused}"
    assert not unscripted, f"requests that found no reply queued: {unscripted}"


@pytest.fixture(params=list(Via), ids=[via.value for via in Via])
def via(request: pytest.FixtureRequest) -> Via:
    chosen: Via = request.param
    return chosen


@pytest.fixture
async def clients(via: Via) -> AsyncIterator[ClientJar]:
    jar = ClientJar(via)
    yield jar
    await jar.close_all()
