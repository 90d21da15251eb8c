from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.complete_upload_response import CompleteUploadResponse
from ...models.upload_failure_response import UploadFailureResponse
from ...types import Response


def _get_kwargs(
    email_asset_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/uploads/{email_asset_id}/complete".format(
            email_asset_id=quote(str(email_asset_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CompleteUploadResponse | UploadFailureResponse | None:
    if response.status_code == 200:
        response_200 = CompleteUploadResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = UploadFailureResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UploadFailureResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = UploadFailureResponse.from_dict(response.json())

        return response_404

    if response.status_code == 425:
        response_425 = UploadFailureResponse.from_dict(response.json())

        return response_425

    if response.status_code == 429:
        response_429 = UploadFailureResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CompleteUploadResponse | UploadFailureResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    email_asset_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CompleteUploadResponse | UploadFailureResponse]:
    """Complete an upload

     Finalize an asset after its file was PUT to the presigned URL. Use the returned finalUrl in LMX
    <Image> elements. No request body.

    Args:
        email_asset_id (str): The emailAssetId returned by Create an upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompleteUploadResponse | UploadFailureResponse]
    """

    kwargs = _get_kwargs(
        email_asset_id=email_asset_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    email_asset_id: str,
    *,
    client: AuthenticatedClient,
) -> CompleteUploadResponse | UploadFailureResponse | None:
    """Complete an upload

     Finalize an asset after its file was PUT to the presigned URL. Use the returned finalUrl in LMX
    <Image> elements. No request body.

    Args:
        email_asset_id (str): The emailAssetId returned by Create an upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompleteUploadResponse | UploadFailureResponse
    """

    return sync_detailed(
        email_asset_id=email_asset_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    email_asset_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CompleteUploadResponse | UploadFailureResponse]:
    """Complete an upload

     Finalize an asset after its file was PUT to the presigned URL. Use the returned finalUrl in LMX
    <Image> elements. No request body.

    Args:
        email_asset_id (str): The emailAssetId returned by Create an upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompleteUploadResponse | UploadFailureResponse]
    """

    kwargs = _get_kwargs(
        email_asset_id=email_asset_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    email_asset_id: str,
    *,
    client: AuthenticatedClient,
) -> CompleteUploadResponse | UploadFailureResponse | None:
    """Complete an upload

     Finalize an asset after its file was PUT to the presigned URL. Use the returned finalUrl in LMX
    <Image> elements. No request body.

    Args:
        email_asset_id (str): The emailAssetId returned by Create an upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompleteUploadResponse | UploadFailureResponse
    """

    return (
        await asyncio_detailed(
            email_asset_id=email_asset_id,
            client=client,
        )
    ).parsed
