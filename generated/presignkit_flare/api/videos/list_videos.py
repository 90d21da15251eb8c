from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.flare_error import FlareError
from ...models.video_list import VideoList
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/videos",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FlareError | VideoList | None:
    if response.status_code == 200:
        response_200 = VideoList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = FlareError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = FlareError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = FlareError.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = FlareError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = FlareError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FlareError | VideoList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[FlareError | VideoList]:
    """List videos

     List the videos of the key's owner. Required key scope: `videos:read`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FlareError | VideoList]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> FlareError | VideoList | None:
    """List videos

     List the videos of the key's owner. Required key scope: `videos:read`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FlareError | VideoList
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[FlareError | VideoList]:
    """List videos

     List the videos of the key's owner. Required key scope: `videos:read`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FlareError | VideoList]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> FlareError | VideoList | None:
    """List videos

     List the videos of the key's owner. Required key scope: `videos:read`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FlareError | VideoList
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
