from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.source_single import SourceSingle
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source_id: str,
    *,
    scripe_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(scripe_api_version, Unset):
        headers["Scripe-Api-Version"] = scripe_api_version

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sources/{source_id}".format(
            source_id=quote(str(source_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | SourceSingle | None:
    if response.status_code == 200:
        response_200 = SourceSingle.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | SourceSingle]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    scripe_api_version: str | Unset = UNSET,
) -> Response[ErrorEnvelope | SourceSingle]:
    """Read a source

     Read one source. The transcript is cut to its first 2000 characters (`textPreview`); there is no
    full-text download in v1.

    Args:
        source_id (str): Source id (`src_...`).
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | SourceSingle]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        scripe_api_version=scripe_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    scripe_api_version: str | Unset = UNSET,
) -> ErrorEnvelope | SourceSingle | None:
    """Read a source

     Read one source. The transcript is cut to its first 2000 characters (`textPreview`); there is no
    full-text download in v1.

    Args:
        source_id (str): Source id (`src_...`).
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | SourceSingle
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        scripe_api_version=scripe_api_version,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    scripe_api_version: str | Unset = UNSET,
) -> Response[ErrorEnvelope | SourceSingle]:
    """Read a source

     Read one source. The transcript is cut to its first 2000 characters (`textPreview`); there is no
    full-text download in v1.

    Args:
        source_id (str): Source id (`src_...`).
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | SourceSingle]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        scripe_api_version=scripe_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    scripe_api_version: str | Unset = UNSET,
) -> ErrorEnvelope | SourceSingle | None:
    """Read a source

     Read one source. The transcript is cut to its first 2000 characters (`textPreview`); there is no
    full-text download in v1.

    Args:
        source_id (str): Source id (`src_...`).
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | SourceSingle
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            scripe_api_version=scripe_api_version,
        )
    ).parsed
