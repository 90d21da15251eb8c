from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.flare_error import FlareError
from ...models.presign_video_upload_request import PresignVideoUploadRequest
from ...models.presigned_upload import PresignedUpload
from ...types import Response


def _get_kwargs(
    *,
    body: PresignVideoUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/video/upload/presign",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FlareError | PresignedUpload | None:
    if response.status_code == 200:
        response_200 = PresignedUpload.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = FlareError.from_dict(response.json())

        return response_404

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
) -> Response[FlareError | PresignedUpload]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PresignVideoUploadRequest,
) -> Response[FlareError | PresignedUpload]:
    """Presign an upload

     Generate a signed URL for direct upload to storage. Required key scope: `uploads:write`. Send the
    file with an HTTP `method` request to `uploadUrl`, carrying exactly the returned `headers`; the file
    is then served at `publicUrl`.

    Args:
        body (PresignVideoUploadRequest): The video to upload a file for, and the file's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FlareError | PresignedUpload]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PresignVideoUploadRequest,
) -> FlareError | PresignedUpload | None:
    """Presign an upload

     Generate a signed URL for direct upload to storage. Required key scope: `uploads:write`. Send the
    file with an HTTP `method` request to `uploadUrl`, carrying exactly the returned `headers`; the file
    is then served at `publicUrl`.

    Args:
        body (PresignVideoUploadRequest): The video to upload a file for, and the file's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FlareError | PresignedUpload
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PresignVideoUploadRequest,
) -> Response[FlareError | PresignedUpload]:
    """Presign an upload

     Generate a signed URL for direct upload to storage. Required key scope: `uploads:write`. Send the
    file with an HTTP `method` request to `uploadUrl`, carrying exactly the returned `headers`; the file
    is then served at `publicUrl`.

    Args:
        body (PresignVideoUploadRequest): The video to upload a file for, and the file's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FlareError | PresignedUpload]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PresignVideoUploadRequest,
) -> FlareError | PresignedUpload | None:
    """Presign an upload

     Generate a signed URL for direct upload to storage. Required key scope: `uploads:write`. Send the
    file with an HTTP `method` request to `uploadUrl`, carrying exactly the returned `headers`; the file
    is then served at `publicUrl`.

    Args:
        body (PresignVideoUploadRequest): The video to upload a file for, and the file's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FlareError | PresignedUpload
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
