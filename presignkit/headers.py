"""The one check for every value that ends up in an HTTP header.

httpx refuses a header value holding CR or LF only when the request is built, and its error
message prints the value (a key, if the value was a key). So every value that becomes a header
(keys, workspace ids, content types with their parameters, file names) goes through
`check_header_value` before any network call, and the error names where the value came from
without ever echoing it.
"""

from __future__ import annotations

import re

from presignkit.errors import PresignkitError, ValidationError

# C0 controls (CR, LF, TAB, NUL, ...), DEL and C1 controls. Non-ASCII is refused too: httpx
# encodes header values as ASCII, so anything else fails later with a raw UnicodeEncodeError.
_NOT_HEADER_SAFE = re.compile(r"[^\x20-\x7e]")


def header_safe(value: str) -> bool:
    return _NOT_HEADER_SAFE.search(value) is None


def check_header_value(
    value: str,
    *,
    where: str,
    accepted: str,
    error: type[PresignkitError] = ValidationError,
    vendor: str | None = None,
) -> str:
    """`value` unchanged, or `error` naming `where` and `accepted` (never the value itself)."""
    if not header_safe(value):
        raise error(
            f"{where} holds a control character (CR, LF, tab, ...) or a non-ASCII character, which "
            f"cannot be sent in an HTTP header (a copy-paste error?); accepted is {accepted}",
            vendor=vendor,
        )
    return value
