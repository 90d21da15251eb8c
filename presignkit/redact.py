"""Scrub secrets from text before it reaches an error message, a log line or the CLI.

Presigned URLs carry their authority in the query string: anyone holding X-Amz-Signature (and
the credential scope next to it) can write to the store until the URL expires, so those values
never leave this process in clear. API keys are scrubbed wherever they could surface: a vendor
echoing one back, or a library quoting the header it refused.

A key rarely appears in a message exactly as it was given. httpx refuses a header with a
newline by printing its *bytes* repr (`b'sl_...\\n'`), an exception's repr escapes it again, a
URL or a query string percent-encodes it, a JSON body escapes it. `secret_forms` knows these
encodings (and each of them applied twice, as when a repr holds a repr), and `redact_text`
replaces every one of them.
"""

from __future__ import annotations

import functools
import json
import re
import weakref
from collections.abc import Callable, Iterable
from typing import Any, Protocol
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
# Very short strings would blank out ordinary words; real keys are long.
MIN_SECRET_LENGTH = 8

# The query parameters that authorise a presigned request (SigV4 and the older SigV2/GCS forms).
_SECRET_QUERY = re.compile(
    r"(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|X-Goog-Signature"
    r"|X-Goog-Credential|sig|token)=)[^&#\s\"'<>]*"
)
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def _str_escaped(text: str) -> str:
    """The inside of `repr(text)`, with the quotes repr picked for `text` alone."""
    return repr(text)[1:-1]


def _str_escaped_in_single_quotes(text: str) -> str:
    """The inside of a repr that had to use single quotes and escape `'`: what `text` becomes
    inside a longer string that also holds a `"` (e.g. `repr(exc)` of `... b"sl_'..."`)."""
    return repr(text + '"')[1:-2]


def _bytes_escaped(text: str) -> str:
    """The inside of `repr(text.encode())`: how httpx/h11 quote a refused header value."""
    return repr(text.encode("utf-8", "surrogatepass"))[2:-1]


def _bytes_escaped_in_single_quotes(text: str) -> str:
    return repr((text + '"').encode("utf-8", "surrogatepass"))[2:-2]


def _json_escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


def _url_encoded(text: str) -> str:
    return quote(text, safe="")


def _url_encoded_path(text: str) -> str:
    return quote(text)  # keeps "/" as is, as in a URL path


def _form_encoded(text: str) -> str:
    return quote_plus(text, safe="")


_ENCODINGS: tuple[Callable[[str], str], ...] = (
    _str_escaped,
    _str_escaped_in_single_quotes,
    _bytes_escaped,
    _bytes_escaped_in_single_quotes,
    _json_escaped,
    _url_encoded,
    _url_encoded_path,
    _form_encoded,
)


def secret_forms(secret: str) -> frozenset[str]:
    """Every form of `secret` that a message may hold: as given, without surrounding whitespace
    (the part a user meant), and each of those encoded once or twice by repr, bytes repr, JSON
    or URL encoding."""
    forms = {secret, secret.strip()}
    for _ in range(2):
        forms |= {encode(form) for form in forms for encode in _ENCODINGS}
    return frozenset(form for form in forms if len(form) >= MIN_SECRET_LENGTH)


@functools.lru_cache(maxsize=1024)
def _pattern(secret: str) -> re.Pattern[str]:
    # Longest first, so that an encoded form is replaced whole rather than around its raw core.
    forms = sorted(secret_forms(secret), key=len, reverse=True)
    return re.compile("|".join(_form_pattern(form) for form in forms))


def _form_pattern(form: str) -> str:
    # Percent escapes are case-insensitive (`%2F` and `%2f` are the same byte).
    parts: list[str] = []
    position = 0
    for escape in _PERCENT_ESCAPE.finditer(form):
        parts.append(re.escape(form[position : escape.start()]))
        parts.append("%" + "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in escape[0][1:]))
        position = escape.end()
    parts.append(re.escape(form[position:]))
    return "".join(parts)


def redact_url(url: str) -> str:
    """The URL with its signing query values replaced by `[redacted]`; the rest stays readable
    (host, path and expiry help when debugging)."""
    return _SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, url)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with presigned-URL signatures and every form of each of `secrets` (API keys)
    replaced; see `secret_forms`. The one redaction function for errors, logs and CLI output."""
    usable = {s for s in secrets if isinstance(s, str) and len(s) >= MIN_SECRET_LENGTH}
    for secret in sorted(usable, key=len, reverse=True):  # a key that contains another goes first
        text = _pattern(secret).sub(REDACTED, text)
    return redact_url(text)


class HoldsSecrets(Protocol):
    @property
    def secrets(self) -> tuple[str, ...]: ...


# The objects (one per uploader) holding the keys in use in this process, so that log records,
# which know no settings, can be scrubbed too (see `presignkit.logs`). Weak references: a key is
# forgotten with the uploader that used it, and the list never grows past the uploaders alive.
_owners: weakref.WeakSet[Any] = weakref.WeakSet()


def remember_secrets(owner: HoldsSecrets) -> None:
    _owners.add(owner)


def known_secrets() -> tuple[str, ...]:
    return tuple({secret for owner in list(_owners) for secret in owner.secrets})
