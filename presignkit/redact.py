"""Scrub secrets from text before it reaches an error message or a log line.

Presigned URLs carry their authority in the query string: anyone holding X-Amz-Signature (and
the credential scope next to it) can write to the store until the URL expires, so those values
never leave this process in clear. API keys are scrubbed wherever a vendor echoes them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "[redacted]"

# The query parameters that authorise a presigned request (SigV4 and the older SigV2/GCS forms).
_SECRET_QUERY = re.compile(
    r"(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|X-Goog-Signature"
    r"|X-Goog-Credential|sig|token)=)[^&#\s\"'<>]*"
)


def redact_url(url: str) -> str:
    """The URL with its signing query values replaced by `[redacted]`; the rest stays readable
    (host, path and expiry help when debugging)."""
    return _SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, url)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with presigned-URL signatures and each of `secrets` (API keys) replaced."""
    text = redact_url(text)
    for secret in secrets:
        # Very short strings would blank out ordinary words; real keys are long.
        if secret and len(secret) >= 8:
            text = text.replace(secret, REDACTED)
    return text
