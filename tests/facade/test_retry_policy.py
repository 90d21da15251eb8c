"""The retry policy's decisions: what is transient, how long to wait, and the wire format of
Retry-After and rate-limit reset headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presignkit import RateLimitedError, RetryPolicy, VendorError
from presignkit.retry import DEFAULT_RETRY_STATUSES, retry_after_seconds

NOW = 1_800_000_000.0


def test_defaults_are_documented_values() -> None:
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.initial_delay, policy.max_delay, policy.max_retry_after) == (
        5,
        0.5,
        8.0,
        60.0,
    )
    assert {408, 429, 500, 502, 503, 504} <= DEFAULT_RETRY_STATUSES
    assert not {400, 401, 403, 404, 409, 422, 425, 501} & DEFAULT_RETRY_STATUSES


def test_too_early_only_where_the_vendor_says_so() -> None:
    policy = RetryPolicy()
    assert not policy.is_retryable_status(425)
    assert policy.is_retryable_status(425, too_early_is_transient=True)


@given(st.integers(min_value=1, max_value=30))
def test_backoff_grows_and_is_capped(attempt: int) -> None:
    policy = RetryPolicy()
    delay = policy.backoff(attempt)
    ceiling = min(0.5 * 2 ** (attempt - 1), 8.0)
    assert ceiling * 0.75 <= delay <= ceiling


def test_server_wait_wins_over_backoff_and_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=10)
    assert policy.delay_for(1, RateLimitedError("x", retry_after=3)) == 3
    assert policy.delay_for(1, RateLimitedError("x", retry_after=3600)) == 10
    assert policy.delay_for(1, VendorError("x")) <= 0.5


def test_only_retryable_errors_are_retried() -> None:
    policy = RetryPolicy()
    assert policy.should_retry(VendorError("x", retryable=True))
    assert not policy.should_retry(VendorError("x"))
    assert not policy.should_retry(ValueError("x"))


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {"Retry-After": "7"}, 7.0),
        (503, {"retry-after": "1.5"}, 1.5),
        (429, {"retry-after-ms": "250"}, 0.25),
        (
            429,
            {
                "Retry-After": format_datetime(
                    datetime.fromtimestamp(NOW, UTC) + timedelta(seconds=30), usegmt=True
                )
            },
            30.0,
        ),
        (
            429,
            {
                "Retry-After": format_datetime(
                    datetime.fromtimestamp(NOW, UTC) - timedelta(seconds=30), usegmt=True
                )
            },
            0.0,
        ),
        (429, {"Retry-After": "soon"}, None),
        (429, {"RateLimit-Reset": "12"}, 12.0),
        (429, {"X-RateLimit-Reset": str(int(NOW) + 20)}, 20.0),
        (429, {"X-RateLimit-Reset": "5"}, 5.0),
        (200, {"X-RateLimit-Reset": "5"}, None),  # informative on success, not a wait
        (429, {}, None),
        (429, {"Retry-After": "-3"}, None),
    ],
)
def test_retry_after_seconds(status: int, headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(status, headers, now=NOW) == (
        pytest.approx(expected) if expected is not None else None
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": True},
        {"initial_delay": -1},
        {"jitter": 2},
        {"max_retry_after": float("nan")},
    ],
)
def test_bad_policies_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="accepted"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_redaction_of_presigned_urls_and_keys() -> None:
    from presignkit.redact import redact_text, redact_url

    url = "https://s.test/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2Fx&X-Amz-Signature=abc123&X-Amz-Expires=60"
    assert redact_url(url) == (
        "https://s.test/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Expires=60"
    )
    assert redact_text("key sl_0123456789 leaked", ["sl_0123456789"]) == "key [redacted] leaked"
