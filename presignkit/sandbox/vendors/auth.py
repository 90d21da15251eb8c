"""Reading credentials off a request."""

from __future__ import annotations

import hmac
from collections.abc import Mapping


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive)."""
    value = headers.get("authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison, as a real API compares keys."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def redact(secret: str) -> str:
    """Enough of a key to recognise it in an error message, never the whole key."""
    return f"{secret[:12]}…" if len(secret) > 12 else "…"
