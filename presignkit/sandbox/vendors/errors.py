"""What a stand-in answers: a `Reply`, or an `ApiError` its vendor renders in its own shape."""

from __future__ import annotations

import http
import re
from typing import Any

import attrs


@attrs.frozen
class Reply:
    """A response before it is encoded: a JSON body (None: no body) and extra headers."""

    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    media_type: str = "application/json"
    # False for answers that depend on state that can change (an upload not yet in the store):
    # an idempotency record must not replay them once the state has moved on.
    remember: bool = True

    def with_headers(self, *headers: tuple[str, str]) -> Reply:
        return attrs.evolve(self, headers=self.headers + headers)


class ApiError(Exception):
    """A refusal. Each vendor turns it into its own error body (see `VendorStandIn.render_error`).

    `code` is the machine-readable code in the vendor's own spelling; `extra` holds the
    vendor-specific fields (Loops' `maxBytes`, Scripe's `details`, ...).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: tuple[tuple[str, str], ...] = (),
        remember: bool = True,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers
        self.remember = remember


def status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def status_code_name(status: int) -> str:
    """`TOO_MANY_REQUESTS`-style name of a status, for faults that have no better code."""
    known = {429: "RATE_LIMITED", 425: "TOO_EARLY", 500: "INTERNAL_ERROR"}
    if status in known:
        return known[status]
    return re.sub(r"[^A-Z0-9]+", "_", status_phrase(status).upper()).strip("_")


def injected_fault_message(status: int) -> str:
    return f"injected fault: the sandbox was told to answer HTTP {status} ({status_phrase(status)})"
