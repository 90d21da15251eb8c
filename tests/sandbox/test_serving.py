"""Serving ASGI apps with uvicorn on background threads."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from presignkit.sandbox import Sandbox, ServerStartError, ServerThread, serve


def hello_app(name: str) -> Starlette:
    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"{name} on {threading.current_thread().name}")

    return Starlette(routes=[Route("/", hello)])


def test_serve_yields_a_local_base_url_that_answers() -> None:
    with serve(hello_app("a")) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert not base_url.endswith("/")
        response = httpx.get(base_url + "/")
    assert response.status_code == 200
    assert response.text.startswith("a on presignkit-sandbox-")


def test_several_servers_run_at_once_on_their_own_ports() -> None:
    with serve(hello_app("a")) as first, serve(hello_app("b")) as second, httpx.Client() as client:
        assert first != second
        assert client.get(first + "/").text.startswith("a on ")
        assert client.get(second + "/").text.startswith("b on ")


def test_stopped_server_refuses_connections() -> None:
    server = ServerThread(hello_app("a"))
    base_url = server.start()
    assert httpx.get(base_url + "/").status_code == 200
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url + "/")
    server.stop()  # a second stop is harmless
    assert server.base_url == base_url


def test_stop_closes_idle_keep_alive_connections() -> None:
    server = ServerThread(hello_app("a"))
    base_url = server.start()
    with httpx.Client() as client:
        assert client.get(base_url + "/").status_code == 200
        server.stop()  # would wait for the client's open connection if it did not close it
        with pytest.raises(httpx.TransportError):
            client.get(base_url + "/")


def test_app_failing_at_startup_is_reported() -> None:
    @asynccontextmanager
    async def broken(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield

    with pytest.raises(ServerStartError, match="exited during startup"), serve(Starlette(lifespan=broken)):
        pass


def test_lifespan_runs_on_start_and_stop() -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        events.append("startup")
        yield
        events.append("shutdown")

    with serve(Starlette(lifespan=lifespan)):
        assert events == ["startup"]
    assert events == ["startup", "shutdown"]


def test_a_server_thread_starts_once() -> None:
    server = ServerThread(hello_app("a"))
    with server, pytest.raises(RuntimeError, match="already started"):
        server.start()


def test_port_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="call start"):
        _ = ServerThread(hello_app("a")).port


def _median_keep_alive_round_trip(url: str, rounds: int = 20) -> tuple[float, list[float]]:
    """The median of `rounds` GETs of `url` on one kept-alive connection (and every duration)."""
    with httpx.Client() as client:
        client.get(url)  # opens the connection that the timed requests reuse
        durations = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(url)
            durations.append(time.perf_counter() - started)
    return statistics.median(durations), sorted(durations)


# Without TCP_NODELAY on the accepted socket, a response written in two parts (uvicorn sends the
# head, then the body) waits for the client's delayed ACK: every round trip on a kept-alive
# connection then takes ~40 ms, which hides a client's own cost in every benchmark. A median of
# 20 round trips under 5 ms cannot happen with that stall, whatever the machine's load.
STALL_FREE_MEDIAN = 0.005


def test_keep_alive_round_trips_do_not_wait_for_delayed_acks() -> None:
    with serve(hello_app("a")) as base_url:
        median, durations = _median_keep_alive_round_trip(base_url + "/")
    assert median < STALL_FREE_MEDIAN, f"round trips (s): {durations}"


def test_both_sandbox_servers_answer_kept_alive_connections_without_a_stall(
    presignkit_sandbox: Sandbox,
) -> None:
    for url in (presignkit_sandbox.store.base_url + "/bucket/missing", presignkit_sandbox.api_url + "/"):
        median, durations = _median_keep_alive_round_trip(url)
        assert median < STALL_FREE_MEDIAN, f"{url}: round trips (s): {durations}"
