"""S3's XML error bodies, so clients see the same shape as from real S3."""

from __future__ import annotations

import secrets
from xml.sax.saxutils import escape

XML_MEDIA_TYPE = "application/xml"

# What S3 answers for a bare status, used when a fault fails a store request without a body.
_DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Bad Request"),
    403: ("AccessDenied", "Access Denied"),
    404: ("NoSuchKey", "The specified key does not exist."),
    408: (
        "RequestTimeout",
        "Your socket connection to the server was not read from or written to within the timeout period.",
    ),
    409: ("OperationAborted", "A conflicting conditional operation is currently in progress."),
    425: ("TooEarly", "Too Early"),
    429: ("SlowDown", "Please reduce your request rate."),
    500: ("InternalError", "We encountered an internal error. Please try again."),
    501: ("NotImplemented", "A header you provided implies functionality that is not implemented"),
    503: ("SlowDown", "Please reduce your request rate."),
}


def new_request_id() -> str:
    return secrets.token_hex(8).upper()


def error_body(
    code: str,
    message: str,
    request_id: str,
    details: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """`<Error><Code/><Message/>…details…<RequestId/></Error>` as S3 renders it."""
    elements = [("Code", code), ("Message", message), *details, ("RequestId", request_id)]
    inner = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in elements)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{inner}</Error>'.encode()


def default_error_body(status: int, request_id: str) -> bytes:
    code, message = _DEFAULT_ERRORS.get(status, (f"Http{status}", f"HTTP {status}"))
    return error_body(code, message, request_id)
