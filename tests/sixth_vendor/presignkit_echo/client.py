"""The authenticated client: credentials go only to Echo's API host."""

from __future__ import annotations

from typing import Any

import attrs
import httpx


@attrs.define
class AuthenticatedClient:
    base_url: str
    token: str
    timeout: httpx.Timeout
    httpx_args: dict[str, Any] = attrs.Factory(dict)
    _client: httpx.Client | None = None
    _async_client: httpx.AsyncClient | None = None

    def _options(self) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        return {"base_url": self.base_url, "headers": headers, "timeout": self.timeout, **self.httpx_args}

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(**self._options())
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(**self._options())
        return self._async_client
