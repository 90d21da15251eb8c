"""Fixtures for the sandbox tests: one real store server per module, reset before each test."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import attrs
import httpx
import pytest

from presignkit.sandbox import ObjectStore, serve


@pytest.fixture(scope="module")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObjectStore]:
    store = ObjectStore(tmp_path_factory.mktemp("spool"))
    with serve(store.app) as base_url:
        store.base_url = base_url
        yield store


@pytest.fixture
def store(served_store: ObjectStore) -> ObjectStore:
    served_store.reset()
    return served_store


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


@attrs.frozen
class RawResponse:
    status: int | None  # None: the server closed the connection without answering
    data: bytes


def _raw_http(
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes = b"",
    *,
    close_write: bool = False,
) -> RawResponse:
    """Send a request exactly as given (header names, order, no added headers) on a new
    connection, and read until the server closes it. For what httpx cannot send: no
    Content-Length, a body cut short, headers in a chosen order."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    target = f"{parts.path}?{parts.query}" if parts.query else parts.path
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        conn.sendall(head.encode("latin-1") + body)
        if close_write:
            conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else None
    return RawResponse(status, data)


RawHttp = Callable[..., RawResponse]


@pytest.fixture
def raw_http() -> RawHttp:
    return _raw_http
