from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.upload import Upload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    x_workspace_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace_id, Unset):
        headers["X-Workspace-Id"] = x_workspace_id

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads/{id}/complete".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Upload | None:
    if response.status_code == 200:
        response_200 = Upload.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Upload]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    x_workspace_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Upload]:
    """Finalize a direct upload

     Call after the bytes were PUT to the URL from /uploads/{id}/upload-url (valid about 11 hours). The
    upload's media facts arrive some 15-25 s later; poll the upload until `uploaded` is true.

    Args:
        id (str): The upload's id, as createUpload answered it.
        x_workspace_id (str | Unset): The workspace (`wksp_…`) the request acts in. Required with
            an API key (X-API-Key), which carries no workspace: without it the API answers 400
            WORKSPACE_REQUIRED.
        idempotency_key (str | Unset): Optional client-generated key. A repeated request with the
            same key replays the original response (within 24h, with `Idempotency-Replayed: true`)
            instead of re-executing — safe retries. The same key with a different body answers 422
            IDEMPOTENCY_KEY_REUSED; a 5xx is not remembered. Use one key per logical operation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Upload]
    """

    kwargs = _get_kwargs(
        id=id,
        x_workspace_id=x_workspace_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    x_workspace_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Upload | None:
    """Finalize a direct upload

     Call after the bytes were PUT to the URL from /uploads/{id}/upload-url (valid about 11 hours). The
    upload's media facts arrive some 15-25 s later; poll the upload until `uploaded` is true.

    Args:
        id (str): The upload's id, as createUpload answered it.
        x_workspace_id (str | Unset): The workspace (`wksp_…`) the request acts in. Required with
            an API key (X-API-Key), which carries no workspace: without it the API answers 400
            WORKSPACE_REQUIRED.
        idempotency_key (str | Unset): Optional client-generated key. A repeated request with the
            same key replays the original response (within 24h, with `Idempotency-Replayed: true`)
            instead of re-executing — safe retries. The same key with a different body answers 422
            IDEMPOTENCY_KEY_REUSED; a 5xx is not remembered. Use one key per logical operation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Upload
    """

    return sync_detailed(
        id=id,
        client=client,
        x_workspace_id=x_workspace_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    x_workspace_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Upload]:
    """Finalize a direct upload

     Call after the bytes were PUT to the URL from /uploads/{id}/upload-url (valid about 11 hours). The
    upload's media facts arrive some 15-25 s later; poll the upload until `uploaded` is true.

    Args:
        id (str): The upload's id, as createUpload answered it.
        x_workspace_id (str | Unset): The workspace (`wksp_…`) the request acts in. Required with
            an API key (X-API-Key), which carries no workspace: without it the API answers 400
            WORKSPACE_REQUIRED.
        idempotency_key (str | Unset): Optional client-generated key. A repeated request with the
            same key replays the original response (within 24h, with `Idempotency-Replayed: true`)
            instead of re-executing — safe retries. The same key with a different body answers 422
            IDEMPOTENCY_KEY_REUSED; a 5xx is not remembered. Use one key per logical operation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Upload]
    """

    kwargs = _get_kwargs(
        id=id,
        x_workspace_id=x_workspace_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    x_workspace_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Upload | None:
    """Finalize a direct upload

     Call after the bytes were PUT to the URL from /uploads/{id}/upload-url (valid about 11 hours). The
    upload's media facts arrive some 15-25 s later; poll the upload until `uploaded` is true.

    Args:
        id (str): The upload's id, as createUpload answered it.
        x_workspace_id (str | Unset): The workspace (`wksp_…`) the request acts in. Required with
            an API key (X-API-Key), which carries no workspace: without it the API answers 400
            WORKSPACE_REQUIRED.
        idempotency_key (str | Unset): Optional client-generated key. A repeated request with the
            same key replays the original response (within 24h, with `Idempotency-Replayed: true`)
            instead of re-executing — safe retries. The same key with a different body answers 422
            IDEMPOTENCY_KEY_REUSED; a 5xx is not remembered. Use one key per logical operation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Upload
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_workspace_id=x_workspace_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
