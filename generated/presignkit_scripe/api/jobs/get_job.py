from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.job_single import JobSingle
from ...types import UNSET, Response, Unset


def _get_kwargs(
    job_id: str,
    *,
    wait_for_completion_ms: int | Unset = UNSET,
    scripe_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(scripe_api_version, Unset):
        headers["Scripe-Api-Version"] = scripe_api_version

    params: dict[str, Any] = {}

    params["wait_for_completion_ms"] = wait_for_completion_ms

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/jobs/{job_id}".format(
            job_id=quote(str(job_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | JobSingle | None:
    if response.status_code == 200:
        response_200 = JobSingle.from_dict(response.json())

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
) -> Response[ErrorEnvelope | JobSingle]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    wait_for_completion_ms: int | Unset = UNSET,
    scripe_api_version: str | Unset = UNSET,
) -> Response[ErrorEnvelope | JobSingle]:
    """Read an async job

     Read one job. Poll until `status` leaves QUEUED/RUNNING, or pass `wait_for_completion_ms` to have
    the server hold the request for a short job. DONE populates `result`; FAILED populates `errorCode`
    and `errorMessage`. `progress` may be null before the job starts and after it ends.

    Args:
        job_id (str): Job id (`job_...`).
        wait_for_completion_ms (int | Unset): Hold the request up to this many milliseconds and
            answer as soon as the job finishes: for short jobs, instead of polling.
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | JobSingle]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        wait_for_completion_ms=wait_for_completion_ms,
        scripe_api_version=scripe_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    wait_for_completion_ms: int | Unset = UNSET,
    scripe_api_version: str | Unset = UNSET,
) -> ErrorEnvelope | JobSingle | None:
    """Read an async job

     Read one job. Poll until `status` leaves QUEUED/RUNNING, or pass `wait_for_completion_ms` to have
    the server hold the request for a short job. DONE populates `result`; FAILED populates `errorCode`
    and `errorMessage`. `progress` may be null before the job starts and after it ends.

    Args:
        job_id (str): Job id (`job_...`).
        wait_for_completion_ms (int | Unset): Hold the request up to this many milliseconds and
            answer as soon as the job finishes: for short jobs, instead of polling.
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | JobSingle
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        wait_for_completion_ms=wait_for_completion_ms,
        scripe_api_version=scripe_api_version,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    wait_for_completion_ms: int | Unset = UNSET,
    scripe_api_version: str | Unset = UNSET,
) -> Response[ErrorEnvelope | JobSingle]:
    """Read an async job

     Read one job. Poll until `status` leaves QUEUED/RUNNING, or pass `wait_for_completion_ms` to have
    the server hold the request for a short job. DONE populates `result`; FAILED populates `errorCode`
    and `errorMessage`. `progress` may be null before the job starts and after it ends.

    Args:
        job_id (str): Job id (`job_...`).
        wait_for_completion_ms (int | Unset): Hold the request up to this many milliseconds and
            answer as soon as the job finishes: for short jobs, instead of polling.
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | JobSingle]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        wait_for_completion_ms=wait_for_completion_ms,
        scripe_api_version=scripe_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    wait_for_completion_ms: int | Unset = UNSET,
    scripe_api_version: str | Unset = UNSET,
) -> ErrorEnvelope | JobSingle | None:
    """Read an async job

     Read one job. Poll until `status` leaves QUEUED/RUNNING, or pass `wait_for_completion_ms` to have
    the server hold the request for a short job. DONE populates `result`; FAILED populates `errorCode`
    and `errorMessage`. `progress` may be null before the job starts and after it ends.

    Args:
        job_id (str): Job id (`job_...`).
        wait_for_completion_ms (int | Unset): Hold the request up to this many milliseconds and
            answer as soon as the job finishes: for short jobs, instead of polling.
        scripe_api_version (str | Unset): Pin the API version, format YYYY-MM-DD. Omit it to get
            the rolling default. At least the two most recent versions are accepted, with 90 days of
            overlap; an unknown version returns 400 `version_unsupported`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | JobSingle
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            wait_for_completion_ms=wait_for_completion_ms,
            scripe_api_version=scripe_api_version,
        )
    ).parsed
