"""Every operation of every vendor, through sync_detailed and asyncio_detailed: the request sent,
the parsed success, each documented error parsed into the vendor's error model, and an
undocumented status."""

from __future__ import annotations

import json

import attrs
import pytest

from tests.generated.calling import ClientJar, Via
from tests.generated.cases.all_vendors import ENDPOINTS
from tests.generated.scripted_server import Reply, ScriptedServer
from tests.generated.table import AnyEndpoint, assert_request

pytestmark = pytest.mark.anyio

ERROR_CASES = [(endpoint, status) for endpoint in ENDPOINTS for status in endpoint.error_statuses]
# No vendor documents 503 for any operation (test_coverage pins the documented statuses).
UNDOCUMENTED_STATUS = 503
UNDOCUMENTED_BODY = {"message": "Service Unavailable"}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.test_id)
async def test_success(endpoint: AnyEndpoint, via: Via, server: ScriptedServer, clients: ClientJar) -> None:
    server.queue(endpoint.success)
    client = clients.keep(endpoint.vendor.make_client(server.base_url, False))

    response = await endpoint.send(via, client)

    assert_request(server.only_request(), endpoint)
    assert response.status_code == endpoint.success.status
    assert response.content == endpoint.success.body
    endpoint.check_success(response)


@pytest.mark.parametrize(
    ("endpoint", "status"),
    ERROR_CASES,
    ids=[f"{endpoint.test_id}-{status}" for endpoint, status in ERROR_CASES],
)
async def test_documented_error(
    endpoint: AnyEndpoint, status: int, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    reply = endpoint.vendor.error_reply(status)
    if status == 429:
        reply = attrs.evolve(reply, headers={**reply.headers, "Retry-After": "7"})
    server.queue(reply)
    client = clients.keep(endpoint.vendor.make_client(server.base_url, False))

    response = await endpoint.send(via, client)

    assert_request(server.only_request(), endpoint)
    assert response.status_code == status
    endpoint.vendor.check_error(status, response)
    if status == 429:
        assert response.headers["Retry-After"] == "7"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.test_id)
async def test_undocumented_status_parses_to_none(
    endpoint: AnyEndpoint, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(UNDOCUMENTED_STATUS, UNDOCUMENTED_BODY))
    client = clients.keep(endpoint.vendor.make_client(server.base_url, False))

    response = await endpoint.send(via, client)

    assert response.status_code == UNDOCUMENTED_STATUS
    assert response.parsed is None
    assert json.loads(response.content) == UNDOCUMENTED_BODY


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.test_id)
async def test_undocumented_status_raises_when_asked(
    endpoint: AnyEndpoint, via: Via, server: ScriptedServer, clients: ClientJar
) -> None:
    server.queue(Reply.json(UNDOCUMENTED_STATUS, UNDOCUMENTED_BODY))
    client = clients.keep(endpoint.vendor.make_client(server.base_url, True))

    with pytest.raises(endpoint.vendor.unexpected_status) as raised:
        await endpoint.send(via, client)

    assert type(raised.value) is endpoint.vendor.unexpected_status
    assert raised.value.status_code == UNDOCUMENTED_STATUS  # type: ignore[attr-defined]
    assert json.loads(raised.value.content) == UNDOCUMENTED_BODY  # type: ignore[attr-defined]
