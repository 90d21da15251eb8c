"""POST /uploads, with `sync_detailed`/`asyncio_detailed` as the generated operations have them."""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from tests.sixth_vendor.presignkit_echo.client import AuthenticatedClient


@attrs.frozen
class Upload:
    id: str
    upload_url: str


@attrs.frozen
class EchoError:
    message: str


@attrs.frozen
class Response:
    status_code: int
    content: bytes
    headers: httpx.Headers
    parsed: Any


def _parse(response: httpx.Response) -> Response:
    parsed: Any = None
    if response.status_code == 200:
        body = response.json()
        parsed = Upload(id=body["id"], upload_url=body["uploadUrl"])
    elif response.headers.get("content-type", "").startswith("application/json"):
        parsed = EchoError(message=response.json()["message"])
    return Response(response.status_code, response.content, response.headers, parsed)


def sync_detailed(*, client: AuthenticatedClient, content_type: str, size: int) -> Response:
    body = {"contentType": content_type, "size": size}
    return _parse(client.get_httpx_client().post("/uploads", json=body))


async def asyncio_detailed(*, client: AuthenticatedClient, content_type: str, size: int) -> Response:
    body = {"contentType": content_type, "size": size}
    return _parse(await client.get_async_httpx_client().post("/uploads", json=body))
