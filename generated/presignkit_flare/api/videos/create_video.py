from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_video_request import CreateVideoRequest
from ...models.created_video import CreatedVideo
from ...models.flare_error import FlareError
from ...types import Response


def _get_kwargs(
    *,
    body: CreateVideoRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/video/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatedVideo | FlareError | None:
    if response.status_code == 200:
        response_200 = CreatedVideo.from_dict(response.json())

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
) -> Response[CreatedVideo | FlareError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideoRequest,
) -> Response[CreatedVideo | FlareError]:
    """Create a video

     Create a video record before uploading media, then pass its `id` as `videoId` to
    `presignVideoUpload`. Required key scope: `videos:write`. Flare does not publish this response's
    shape: the record is read from `video`, and any other keys are kept.

    Args:
        body (CreateVideoRequest): The new video record. Only `fileName` is required; Flare's
            examples also send `s3Key` and `source`, and some send `width`, `height` and `duration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedVideo | FlareError]
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
    body: CreateVideoRequest,
) -> CreatedVideo | FlareError | None:
    """Create a video

     Create a video record before uploading media, then pass its `id` as `videoId` to
    `presignVideoUpload`. Required key scope: `videos:write`. Flare does not publish this response's
    shape: the record is read from `video`, and any other keys are kept.

    Args:
        body (CreateVideoRequest): The new video record. Only `fileName` is required; Flare's
            examples also send `s3Key` and `source`, and some send `width`, `height` and `duration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedVideo | FlareError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideoRequest,
) -> Response[CreatedVideo | FlareError]:
    """Create a video

     Create a video record before uploading media, then pass its `id` as `videoId` to
    `presignVideoUpload`. Required key scope: `videos:write`. Flare does not publish this response's
    shape: the record is read from `video`, and any other keys are kept.

    Args:
        body (CreateVideoRequest): The new video record. Only `fileName` is required; Flare's
            examples also send `s3Key` and `source`, and some send `width`, `height` and `duration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedVideo | FlareError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideoRequest,
) -> CreatedVideo | FlareError | None:
    """Create a video

     Create a video record before uploading media, then pass its `id` as `videoId` to
    `presignVideoUpload`. Required key scope: `videos:write`. Flare does not publish this response's
    shape: the record is read from `video`, and any other keys are kept.

    Args:
        body (CreateVideoRequest): The new video record. Only `fileName` is required; Flare's
            examples also send `s3Key` and `source`, and some send `width`, `height` and `duration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedVideo | FlareError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
