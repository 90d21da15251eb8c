from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_upload_request import CreateUploadRequest
from ...models.error_envelope import ErrorEnvelope
from ...models.upload_single import UploadSingle
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateUploadRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(scripe_api_version, Unset):
        headers["Scripe-Api-Version"] = scripe_api_version

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | UploadSingle | None:
    if response.status_code == 200:
        response_200 = UploadSingle.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | UploadSingle]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | UploadSingle]:
    """Mint a presigned S3 PUT URL

     Mint a single-use presigned S3 PUT URL bound to `contentType` and to the size cap. PUT the file
    there with `Content-Type` equal to `contentType`; then pass `data.id` as `uploadId` to `POST
    /sources` (type `file`). Bytes never referenced are deleted after 24 h. Caps: audio/video 500 MB,
    image 25 MB, application/pdf 100 MB, text/plain 25 MB. Scope: the API reference accepts any valid
    key, the uploads guide asks for `sources:write` or `knowledge:write`; `sources:write` is also what
    `POST /sources` needs next.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateUploadRequest): The file to upload, described before its bytes are sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | UploadSingle]
    """

    kwargs = _get_kwargs(
        body=body,
        scripe_api_version=scripe_api_version,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | UploadSingle | None:
    """Mint a presigned S3 PUT URL

     Mint a single-use presigned S3 PUT URL bound to `contentType` and to the size cap. PUT the file
    there with `Content-Type` equal to `contentType`; then pass `data.id` as `uploadId` to `POST
    /sources` (type `file`). Bytes never referenced are deleted after 24 h. Caps: audio/video 500 MB,
    image 25 MB, application/pdf 100 MB, text/plain 25 MB. Scope: the API reference accepts any valid
    key, the uploads guide asks for `sources:write` or `knowledge:write`; `sources:write` is also what
    `POST /sources` needs next.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateUploadRequest): The file to upload, described before its bytes are sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | UploadSingle
    """

    return sync_detailed(
        client=client,
        body=body,
        scripe_api_version=scripe_api_version,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | UploadSingle]:
    """Mint a presigned S3 PUT URL

     Mint a single-use presigned S3 PUT URL bound to `contentType` and to the size cap. PUT the file
    there with `Content-Type` equal to `contentType`; then pass `data.id` as `uploadId` to `POST
    /sources` (type `file`). Bytes never referenced are deleted after 24 h. Caps: audio/video 500 MB,
    image 25 MB, application/pdf 100 MB, text/plain 25 MB. Scope: the API reference accepts any valid
    key, the uploads guide asks for `sources:write` or `knowledge:write`; `sources:write` is also what
    `POST /sources` needs next.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateUploadRequest): The file to upload, described before its bytes are sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | UploadSingle]
    """

    kwargs = _get_kwargs(
        body=body,
        scripe_api_version=scripe_api_version,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | UploadSingle | None:
    """Mint a presigned S3 PUT URL

     Mint a single-use presigned S3 PUT URL bound to `contentType` and to the size cap. PUT the file
    there with `Content-Type` equal to `contentType`; then pass `data.id` as `uploadId` to `POST
    /sources` (type `file`). Bytes never referenced are deleted after 24 h. Caps: audio/video 500 MB,
    image 25 MB, application/pdf 100 MB, text/plain 25 MB. Scope: the API reference accepts any valid
    key, the uploads guide asks for `sources:write` or `knowledge:write`; `sources:write` is also what
    `POST /sources` needs next.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateUploadRequest): The file to upload, described before its bytes are sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | UploadSingle
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            scripe_api_version=scripe_api_version,
            idempotency_key=idempotency_key,
        )
    ).parsed
