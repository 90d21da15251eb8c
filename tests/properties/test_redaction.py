"""Redaction (issue 9, defect 1): any secret, in any form a message can hold it, is absent from
what `redact_text` returns, from log records, and from the message a library writes about a
header it refused."""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import attrs
import h11
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from presignkit.logs import RedactSecrets
from presignkit.redact import MIN_SECRET_LENGTH, REDACTED, known_secrets, redact_text, remember_secrets

# The encodings a secret goes through on its way into a message, as they appear in it (written
# out here, not taken from presignkit.redact, so that the test checks the code rather than
# repeat it). Each comes with how many characters of quoting surround the secret's encoding.
ENCODINGS: dict[str, tuple[Callable[[str], str], int, int]] = {
    "raw": (lambda s: s, 0, 0),
    "repr": (repr, 1, 1),
    "repr of repr": (lambda s: repr(repr(s)), 2, 2),
    "bytes repr": (lambda s: repr(s.encode()), 2, 1),
    "bytes repr with a newline": (lambda s: repr((s + "\n").encode()), 2, 3),
    "repr of bytes repr with a newline": (lambda s: repr(repr((s + "\n").encode())), 3, 5),
    "repr of an exception about it": (lambda s: repr(ValueError(f"value {(s + chr(10)).encode()!r}")), 0, 0),
    "json": (json.dumps, 1, 1),
    "json of repr": (lambda s: json.dumps(repr(s)), 2, 2),
    "url": (lambda s: quote(s, safe=""), 0, 0),
    "url path": (quote, 0, 0),
    "form": (quote_plus, 0, 0),
    "url lowercase escapes": (
        lambda s: "".join(c.lower() if c.startswith("%") else c for c in _split_escapes(quote(s, safe=""))),
        0,
        0,
    ),
    "json of url": (lambda s: json.dumps(quote(s, safe="")), 1, 1),
}


def _split_escapes(text: str) -> list[str]:
    parts, i = [], 0
    while i < len(text):
        if text[i] == "%":
            parts.append(text[i : i + 3])
            i += 3
        else:
            parts.append(text[i])
            i += 1
    return parts


# Any text (control characters, quotes, backslashes, %, +, non-ASCII), long enough to be a key.
# Brackets are left out: "[redacted]" next to surrounding text could otherwise spell a secret
# that contains them, which says nothing about the secret having leaked.
secrets = st.text(
    st.characters(codec="utf-8", exclude_characters="[]"), min_size=MIN_SECRET_LENGTH, max_size=40
).filter(lambda s: (s not in REDACTED and s.strip() == s) or len(s.strip()) >= MIN_SECRET_LENGTH)
surroundings = st.text(st.characters(codec="utf-8", exclude_characters="[]"), max_size=30)


def leaked_forms(secret: str) -> set[str]:
    """What must not remain: the secret and each encoding of it, without the quoting around it
    (the quotes are not the secret), for the secret as given and without surrounding whitespace."""
    forms = set()
    for core in {secret, secret.strip()}:
        if len(core) < MIN_SECRET_LENGTH:
            continue
        for encode, head, tail in ENCODINGS.values():
            encoded = encode(core)
            forms.add(encoded[head : len(encoded) - tail])
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


@settings(max_examples=300, deadline=None)
@given(secret=secrets, encoding=st.sampled_from(sorted(ENCODINGS)), before=surroundings, after=surroundings)
def test_no_form_of_a_secret_survives_redaction(secret: str, encoding: str, before: str, after: str) -> None:
    assume(secret.strip() not in REDACTED)
    text = f"{before}{ENCODINGS[encoding][0](secret)}{after}"
    redacted = redact_text(text, [secret])
    assert secret not in redacted
    for form in leaked_forms(secret):
        assert form not in redacted, (form, redacted)


@settings(max_examples=100, deadline=None)
@given(secret=secrets, other=secrets, before=surroundings)
def test_several_secrets_are_all_redacted(secret: str, other: str, before: str) -> None:
    assume(secret.strip() not in REDACTED and other.strip() not in REDACTED)
    text = f"{before} key={quote(secret, safe='')} token={other!r} again {secret}"
    redacted = redact_text(text, [secret, other])
    assert secret not in redacted and other not in redacted
    assert quote(secret, safe="") not in redacted or len(quote(secret, safe="")) < MIN_SECRET_LENGTH


@settings(max_examples=100, deadline=None)
@given(before=surroundings, after=surroundings)
def test_text_without_secrets_is_unchanged(before: str, after: str) -> None:
    text = before + after
    assume("=" not in text)  # a query parameter like sig= is a presigned-URL secret
    assert redact_text(text, ["sl_not_in_the_text_0123"]) == text


KEY_CHARACTERS = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="[]"), min_size=16
)


@settings(max_examples=100, deadline=None)
@given(key=KEY_CHARACTERS, control=st.sampled_from(["\n", "\r", "\r\n", "\x00", "\t\n"]))
def test_the_message_h11_writes_about_a_refused_header_holds_no_key(key: str, control: str) -> None:
    """httpx hands headers to h11, which refuses a value with CR/LF/NUL by quoting its bytes:
    `Illegal header value b'sl_...\\n'`. That message reaches errors and the CLI."""
    with pytest.raises(h11.LocalProtocolError) as refused:
        h11.Request(
            method="GET", target="/", headers=[("Host", "api.example.test"), ("X-API-Key", key + control)]
        )
    for message in (str(refused.value), repr(refused.value), f"failed: {refused.value!r}"):
        redacted = redact_text(message, [key + control])
        for form in leaked_forms(key):
            assert form not in redacted, (form, redacted)


@settings(max_examples=100, deadline=None)
@given(key=KEY_CHARACTERS, encoding=st.sampled_from(sorted(ENCODINGS)))
def test_log_records_are_scrubbed_of_known_keys(key: str, encoding: str) -> None:
    uploader_keys = KeyHolder((key,))  # what an uploader's error context registers
    remember_secrets(uploader_keys)
    record = logging.LogRecord(
        "presignkit", logging.INFO, __file__, 1, "vendor said %s", (ENCODINGS[encoding][0](key),), None
    )
    assert RedactSecrets().filter(record)
    message = record.getMessage()
    for form in leaked_forms(key):
        assert form not in message, (form, message)


@attrs.frozen
class KeyHolder:
    secrets: tuple[str, ...]


def test_keys_are_forgotten_with_their_uploader() -> None:
    holder = KeyHolder(("sl_forgotten_key_0123",))
    remember_secrets(holder)
    assert "sl_forgotten_key_0123" in known_secrets()
    del holder
    gc.collect()
    assert "sl_forgotten_key_0123" not in known_secrets()


def test_short_strings_are_not_treated_as_secrets() -> None:
    # Blanking every "abc" would make messages unreadable; real keys are long.
    assert redact_text("abc def", ["abc"]) == "abc def"
