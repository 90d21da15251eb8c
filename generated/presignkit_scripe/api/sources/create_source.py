from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_file_source_request import CreateFileSourceRequest
from ...models.create_text_source_request import CreateTextSourceRequest
from ...models.error_envelope import ErrorEnvelope
from ...models.job_single import JobSingle
from ...models.source_single import SourceSingle
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateFileSourceRequest | CreateTextSourceRequest,
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
        "url": "/sources",
    }

    if isinstance(body, CreateTextSourceRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | JobSingle | SourceSingle | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> JobSingle | SourceSingle:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = JobSingle.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = SourceSingle.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[ErrorEnvelope | JobSingle | SourceSingle]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateFileSourceRequest | CreateTextSourceRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | JobSingle | SourceSingle]:
    """Create a transcription (Source) from text or upload

     Two body shapes. `type: "text"`: already-transcribed text, stored at once; the response is a
    SourceSingle. `type: "file"`: a prior `uploadId` from `POST /uploads`; the worker pulls the bytes
    from S3, transcribes and indexes them; the response is a JobSingle with `type: SOURCE_INGEST_FILE`;
    poll `GET /jobs/{jobId}`, and `result.sourceId` lands on DONE. A replay via Idempotency-Key keeps
    the original shape. Environments without file ingest answer a file body with 422 `unprocessable`.
    Required scope: `sources:write`.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateFileSourceRequest | CreateTextSourceRequest): A text source or a file source,
            told apart by `type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | JobSingle | SourceSingle]
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
    body: CreateFileSourceRequest | CreateTextSourceRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | JobSingle | SourceSingle | None:
    """Create a transcription (Source) from text or upload

     Two body shapes. `type: "text"`: already-transcribed text, stored at once; the response is a
    SourceSingle. `type: "file"`: a prior `uploadId` from `POST /uploads`; the worker pulls the bytes
    from S3, transcribes and indexes them; the response is a JobSingle with `type: SOURCE_INGEST_FILE`;
    poll `GET /jobs/{jobId}`, and `result.sourceId` lands on DONE. A replay via Idempotency-Key keeps
    the original shape. Environments without file ingest answer a file body with 422 `unprocessable`.
    Required scope: `sources:write`.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateFileSourceRequest | CreateTextSourceRequest): A text source or a file source,
            told apart by `type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | JobSingle | SourceSingle
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
    body: CreateFileSourceRequest | CreateTextSourceRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEnvelope | JobSingle | SourceSingle]:
    """Create a transcription (Source) from text or upload

     Two body shapes. `type: "text"`: already-transcribed text, stored at once; the response is a
    SourceSingle. `type: "file"`: a prior `uploadId` from `POST /uploads`; the worker pulls the bytes
    from S3, transcribes and indexes them; the response is a JobSingle with `type: SOURCE_INGEST_FILE`;
    poll `GET /jobs/{jobId}`, and `result.sourceId` lands on DONE. A replay via Idempotency-Key keeps
    the original shape. Environments without file ingest answer a file body with 422 `unprocessable`.
    Required scope: `sources:write`.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateFileSourceRequest | CreateTextSourceRequest): A text source or a file source,
            told apart by `type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | JobSingle | SourceSingle]
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
    body: CreateFileSourceRequest | CreateTextSourceRequest,
    scripe_api_version: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorEnvelope | JobSingle | SourceSingle | None:
    """Create a transcription (Source) from text or upload

     Two body shapes. `type: "text"`: already-transcribed text, stored at once; the response is a
    SourceSingle. `type: "file"`: a prior `uploadId` from `POST /uploads`; the worker pulls the bytes
    from S3, transcribes and indexes them; the response is a JobSingle with `type: SOURCE_INGEST_FILE`;
    poll `GET /jobs/{jobId}`, and `result.sourceId` lands on DONE. A replay via Idempotency-Key keeps
    the original shape. Environments without file ingest answer a file body with 422 `unprocessable`.
    Required scope: `sources:write`.

    Args:
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.
        idempotency_key (str | Unset): Opaque string (1-64 chars of [A-Za-z0-9_-]) that
            deduplicates retried writes. Within 24 h the same key with the same body returns the
            original response (`Idempotent-Replayed: true`); the same key with a different body
            returns 409 `idempotency_key_conflict`. A malformed key is silently ignored. Strongly
            recommended on every write.
        body (CreateFileSourceRequest | CreateTextSourceRequest): A text source or a file source,
            told apart by `type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | JobSingle | SourceSingle
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            scripe_api_version=scripe_api_version,
            idempotency_key=idempotency_key,
        )
    ).parsed
