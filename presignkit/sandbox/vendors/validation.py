"""Checking a request against the vendor's effective spec with openapi-core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.exceptions import (
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)


@attrs.define
class _SpecRequest:
    """The request as openapi-core's `Request` protocol sees it."""

    method: str  # lower case
    path: str  # the full path, mount included (matched against the overridden `servers`)
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = "http://sandbox.invalid"


@attrs.frozen
class Checked:
    problems: list[str]  # empty: the request is valid
    body: Any  # the JSON body as parsed (None when there is none or it is invalid)


def check_request(
    openapi: OpenAPI,
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    body: bytes,
    content_type: str | None,
) -> Checked:
    request = _SpecRequest(
        method=method.lower(),
        path=path,
        body=body or None,
        content_type=content_type or "application/octet-stream",
        parameters=RequestParameters(query=query, header=headers, cookie={}),
    )
    result = openapi.unmarshal_request(request)
    # Credentials are the stand-in's business (it knows which keys are valid); openapi-core can
    # only say whether some header of the right name is present.
    problems = [
        problem
        for error in result.errors
        if not isinstance(error, SecurityValidationError)
        for problem in _describe(error)
    ]
    return Checked(problems, None if problems else result.body)


def _describe(error: Exception) -> list[str]:
    """Readable problems: where, what was wrong (jsonschema's own words name the accepted form)."""
    if isinstance(error, ParameterValidationError):
        where = f"{error.location} parameter {error.name}"
    elif isinstance(error, RequestBodyValidationError):
        where = "request body"
    else:
        where = "request"
    schema_errors = getattr(error.__cause__, "schema_errors", None)
    if schema_errors:
        described = []
        for schema_error in schema_errors:
            pointer = "/".join(str(part) for part in schema_error.absolute_path)
            described.append(f"{where}{' at ' + pointer if pointer else ''}: {schema_error.message}")
        return described
    return [f"{where}: {_text(error.__cause__) or _text(error)}"]


def _text(error: BaseException | None) -> str:
    # Some of openapi-core's messages decode the offending bytes as UTF-8 and fail on others.
    try:
        return str(error) if error is not None else ""
    except UnicodeDecodeError:
        return f"{type(error).__name__}: the value is not UTF-8"
