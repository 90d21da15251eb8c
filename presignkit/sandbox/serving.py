"""Run an ASGI app with uvicorn on 127.0.0.1, on a free port, in a background thread."""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp


class ServerStartError(RuntimeError):
    """The server thread died or did not come up in time."""


class _SignallingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, started: threading.Event) -> None:
        super().__init__(config)
        self._started = started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._started.set()


class ServerThread:
    """One uvicorn server on its own thread and event loop; several may run at once.

    The listening socket is bound before the thread starts, so the port is known up front and
    never raced for; `start()` returns once uvicorn is accepting connections.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 10.0,
        shutdown_timeout: float = 5.0,
        log_level: str = "warning",
    ) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._startup_timeout = startup_timeout
        self._shutdown_timeout = shutdown_timeout
        self._log_level = log_level
        self._server: _SignallingServer | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._bound_port: int | None = None
        self._failure: BaseException | None = None

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("the server was never started; call start() first")
        return self._bound_port

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, without a trailing slash."""
        return f"http://{self._host}:{self.port}"

    def start(self) -> str:
        """Start serving; return the base URL."""
        if self._thread is not None:
            raise RuntimeError("this ServerThread was already started; create a new one")
        # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on sockets whose protocol
        # says TCP (accepted sockets inherit it from the listener). Without it each response
        # written in two parts (head, then body) waits ~40 ms for the client's delayed ACK.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.bind((self._host, self._port))
        self._socket = listener
        self._bound_port = int(listener.getsockname()[1])
        config = uvicorn.Config(
            self._app,
            # h11 whatever else is installed, so every run parses HTTP the same way (Content-Length
            # and chunked handling decide what the store sees).
            http="h11",
            ws="none",
            lifespan="auto",
            log_config=None,
            log_level=self._log_level,
            access_log=False,
            timeout_graceful_shutdown=math.ceil(self._shutdown_timeout),
        )
        started = threading.Event()
        self._server = _SignallingServer(config, started)
        self._thread = threading.Thread(target=self._run, name=f"presignkit-sandbox-{self.port}", daemon=True)
        self._thread.start()
        # Wait for the startup signal, noticing a thread that died instead.
        deadline = time.monotonic() + self._startup_timeout
        while not started.wait(0.05):
            if not self._thread.is_alive():
                self.stop()
                raise ServerStartError(
                    f"the server for {self._app!r} exited during startup (uvicorn logs why)"
                ) from self._failure
            if time.monotonic() >= deadline:
                self.stop()
                raise ServerStartError(
                    f"the server for {self._app!r} did not start within {self._startup_timeout} s"
                )
        return self.base_url

    def stop(self) -> None:
        """Stop serving and wait for the thread; safe to call more than once."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(self._shutdown_timeout + 2.0)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(2.0)
        if self._socket is not None:
            self._socket.close()

    def _run(self) -> None:
        assert self._server is not None and self._socket is not None
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # SystemExit included: uvicorn exits on startup failure
            self._failure = exc

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@contextmanager
def serve(
    app: ASGIApp,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 10.0,
    shutdown_timeout: float = 5.0,
    log_level: str = "warning",
) -> Iterator[str]:
    """`with serve(app) as base_url:` runs `app` for the block (see `ServerThread`)."""
    server = ServerThread(
        app,
        host=host,
        port=port,
        startup_timeout=startup_timeout,
        shutdown_timeout=shutdown_timeout,
        log_level=log_level,
    )
    with server as base_url:
        yield base_url
