"""The one retry policy, for vendor API calls and storage PUTs alike, sync and async, in the
facade's drivers and in `presignkit.retry_transport` for the typed clients.

Built on tenacity (maintained, typed, and its Retrying and AsyncRetrying take the same
configuration), so every retry loop comes from one `RetryPolicy`. What tenacity does not know is
decided here, in one place:
- whether a failed attempt may be sent again: `decide()`, from the status (or the exception) x
  the call's idempotency x whether the request may have reached the server and been acted on.
  A non-idempotent create (Loops createUpload, Flare createVideo) answered 5xx, or cut off after
  it was sent, is never sent again: the vendor may have made the record, and a second attempt
  would make a second one. It surfaces as `RecordMayExistError` (retryable by the user, who
  can check first);
- how long to wait: the server's Retry-After or rate-limit reset when it sent one, capped;
  otherwise exponential backoff with jitter, as in the Stainless SDKs.

What is *not* a retry here: an expired presigned URL is thrown back into the vendor workflow,
which presigns once more (see `presignkit.workflow`).
"""

from __future__ import annotations

import enum
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from presignkit.errors import PresignkitError, RecordMayExistError

if TYPE_CHECKING:
    import httpx
    import tenacity

logger = logging.getLogger("presignkit")

# Defaults in one place (compare openai/anthropic `_constants.py`: 2 retries, 0.5 s, 8 s, 60 s).
DEFAULT_MAX_ATTEMPTS = 5  # first try + 4 retries: uploads are worth more patience than a chat call
DEFAULT_INITIAL_DELAY = 0.5  # seconds before the first retry, doubled for each further one
DEFAULT_MAX_DELAY = 8.0  # backoff ceiling
DEFAULT_JITTER = 0.25  # each backoff is reduced by up to this fraction, so clients spread out
DEFAULT_MAX_RETRY_AFTER = 60.0  # longest server-requested wait honoured; longer ones are capped
# 408 Request Timeout, 429 Too Many Requests and 5xx, except 501 Not Implemented and 505 HTTP
# Version Not Supported, which answer the same every time (S3 sends 501 for a chunked PUT).
DEFAULT_RETRY_STATUSES = frozenset({408, 429} | set(range(500, 600)) - {501, 505})

# Answers that say the server did not act on the request, so even a non-idempotent one may be sent
# again: 408 (it never got the whole request), 425 (it declined to process a possible replay),
# 429 (refused by the rate limiter before any handler ran). RFC 9110 15.5.9, RFC 8470, RFC 6585.
NOT_ACTED_ON_STATUSES = frozenset({408, 425, 429})

_EPOCH_THRESHOLD = 1_000_000_000  # a reset header above this is a Unix time, below it a delta


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
        raise ValueError(f"RetryPolicy.{attribute.name}={value!r}: accepted is a number >= 0")


@attrs.frozen
class RetryPolicy:
    """How often and how patiently to retry transient failures. Every limit is configurable:
    `Uploader(settings, retry=RetryPolicy(max_attempts=3))`; `RetryPolicy(max_attempts=1)`
    disables retries."""

    max_attempts: int = attrs.field(default=DEFAULT_MAX_ATTEMPTS)
    initial_delay: float = attrs.field(default=DEFAULT_INITIAL_DELAY, validator=_positive)
    max_delay: float = attrs.field(default=DEFAULT_MAX_DELAY, validator=_positive)
    jitter: float = attrs.field(default=DEFAULT_JITTER, validator=_positive)
    max_retry_after: float = attrs.field(default=DEFAULT_MAX_RETRY_AFTER, validator=_positive)
    retry_statuses: frozenset[int] = attrs.field(default=DEFAULT_RETRY_STATUSES, converter=frozenset)

    @max_attempts.validator
    def _check_attempts(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"RetryPolicy.max_attempts={value!r}: accepted is a whole number >= 1")

    @jitter.validator
    def _check_jitter(self, attribute: attrs.Attribute[float], value: float) -> None:
        if value > 1:
            raise ValueError(f"RetryPolicy.jitter={value!r}: accepted is a fraction from 0 to 1")

    def is_retryable_status(self, status: int, *, too_early_is_transient: bool = False) -> bool:
        """425 Too Early is transient only where the vendor says so (Loops' complete)."""
        return status in self.retry_statuses or (too_early_is_transient and status == 425)

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt number `attempt` (1-based) when the server named none."""
        import random  # here, not at the top: `import presignkit` stays cheap

        ceiling = min(self.initial_delay * 2.0 ** (attempt - 1), self.max_delay)
        return ceiling * (1 - self.jitter * random.random())

    def delay_for(self, attempt: int, error: BaseException | None) -> float:
        retry_after = error.retry_after if isinstance(error, PresignkitError) else None
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_retry_after)
        return self.backoff(attempt)

    def should_retry(self, error: BaseException | None) -> bool:
        """Send the failed request again? Only for an error `decide()` marked retryable; a
        `RecordMayExistError` is retryable by the user, never automatically."""
        return (
            isinstance(error, PresignkitError)
            and error.retryable
            and not isinstance(error, RecordMayExistError)
        )

    def decide(
        self,
        *,
        idempotent: bool,
        status: int | None = None,
        exception: BaseException | None = None,
        too_early_is_transient: bool = False,
    ) -> Verdict:
        """The one retry decision, for an answered `status` or a transport `exception`."""
        if exception is not None:
            delivery = delivery_of(exception)
            transient = delivery is not Delivery.INVALID
        else:
            assert status is not None, "decide() needs a status or an exception"
            transient = self.is_retryable_status(status, too_early_is_transient=too_early_is_transient)
            delivery = Delivery.NOT_ACTED_ON if status in NOT_ACTED_ON_STATUSES else Delivery.MAY_HAVE_ACTED
        if not transient:
            return Verdict(transient=False, resend=False)
        resend = idempotent or delivery in (Delivery.NOT_SENT, Delivery.NOT_ACTED_ON)
        return Verdict(transient=True, resend=resend)

    # -- tenacity, built lazily (importing it costs more than the rest of presignkit) ---------

    def _tenacity_config(self, describe: str) -> dict[str, Any]:
        import tenacity

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            return self.delay_for(state.attempt_number, error)

        def log_retry(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            seconds = state.next_action.sleep if state.next_action else 0.0
            logger.info(
                "%s failed (%s); retry %d of %d in %.2f s",
                describe,
                error,
                state.attempt_number,
                self.max_attempts - 1,
                seconds,
            )

        return {
            "stop": tenacity.stop_after_attempt(self.max_attempts),
            "wait": wait,
            "retry": tenacity.retry_if_exception(self.should_retry),
            "before_sleep": log_retry,
            "reraise": True,  # the caller sees our typed error, not tenacity.RetryError
        }

    def retrying(self, describe: str, sleep: Callable[[float], None] = time.sleep) -> tenacity.Retrying:
        import tenacity

        return tenacity.Retrying(sleep=sleep, **self._tenacity_config(describe))

    def async_retrying(
        self, describe: str, sleep: Callable[[float], Awaitable[None]] | None = None
    ) -> tenacity.AsyncRetrying:
        import tenacity

        if sleep is None:
            import anyio

            sleep = anyio.sleep
        return tenacity.AsyncRetrying(sleep=sleep, **self._tenacity_config(describe))


class Delivery(enum.Enum):
    """How far a failed request got, as far as the client can tell."""

    NOT_SENT = "not sent"  # failed before a byte left: connect error/timeout, no pool slot
    NOT_ACTED_ON = "refused unprocessed"  # the server answered that it did not act (408/425/429)
    MAY_HAVE_ACTED = "may have been acted on"  # a 5xx, or cut off after the request was sent
    INVALID = "not sendable"  # our own request is malformed (e.g. a header with a newline)


@attrs.frozen
class Verdict:
    transient: bool  # a later attempt may succeed
    resend: bool  # ... and sending the same request again is safe: retry it now

    @property
    def record_may_exist(self) -> bool:
        """Transient, but not sent again because the first attempt may have taken effect."""
        return self.transient and not self.resend


def delivery_of(exception: BaseException) -> Delivery:
    """Classify an httpx transport exception by whether the request may have reached the server."""
    import httpx

    if isinstance(exception, httpx.LocalProtocolError | httpx.UnsupportedProtocol | httpx.InvalidURL):
        return Delivery.INVALID
    not_sent = httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ProxyError
    if isinstance(exception, not_sent):
        return Delivery.NOT_SENT
    # ReadTimeout, WriteTimeout, ReadError, WriteError, RemoteProtocolError (the server hung up):
    # some or all of the request went out, and the server may have acted on it.
    return Delivery.MAY_HAVE_ACTED


# RFC 9110 9.2.2: sending these twice has the effect of sending them once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})


@attrs.frozen
class ReplayRules:
    """What a vendor documents about sending an HTTP request twice; each vendor declares its own
    (`VendorSpec.replay`), for `presignkit.retry_transport`. The facade's workflows state the
    same facts per call (`ApiCall.idempotent`, `too_early_is_transient`); a test checks that the
    two agree for every call.

    idempotency_key_header: the header the vendor deduplicates non-idempotent requests by, or
        None if it has none.
    idempotent_posts: URL path endings (regular expressions) of POSTs that are idempotent by the
        vendor's own semantics, without a key.
    too_early_posts: URL path endings where 425 Too Early means "not yet, ask again".
    """

    idempotency_key_header: str | None = None
    idempotent_posts: tuple[str, ...] = ()
    too_early_posts: tuple[str, ...] = ()

    def is_idempotent(self, request: httpx.Request) -> bool:
        if request.method in IDEMPOTENT_METHODS:
            return True
        if self.idempotency_key_header and self.idempotency_key_header in request.headers:
            return True
        return _matches(self.idempotent_posts, request.url.path)

    def too_early_is_transient(self, request: httpx.Request) -> bool:
        return _matches(self.too_early_posts, request.url.path)

    def needs_key(self, request: httpx.Request) -> bool:
        header = self.idempotency_key_header
        return (
            header is not None and request.method not in IDEMPOTENT_METHODS and header not in request.headers
        )


def _matches(patterns: tuple[str, ...], path: str) -> bool:
    import re

    return any(re.search(pattern, path) for pattern in patterns)


def retry_after_seconds(status: int, headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """How long the server asked us to wait, in seconds, or None if it did not say.

    Retry-After (delta-seconds or an HTTP-date) first; on a 429 without it, the rate-limit reset
    headers the vendors send: RateLimit-Reset (Streamloop; IETF draft: seconds until reset) and
    X-RateLimit-Reset (Scripe, Loops' x-ratelimit-*; a delta, or a Unix time when it is large).
    """
    now = time.time() if now is None else now
    retry_after = _header(headers, "retry-after-ms")
    if retry_after is not None:
        seconds = _number(retry_after)
        if seconds is not None:
            return seconds / 1000
    retry_after = _header(headers, "retry-after")
    if retry_after is not None:
        seconds = _number(retry_after)
        if seconds is not None:
            return seconds
        from email.utils import parsedate_to_datetime  # rarely needed; keeps the import cheap

        try:
            moment = parsedate_to_datetime(retry_after)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return max(0.0, moment.timestamp() - now)
    if status != 429:
        return None
    for name in ("ratelimit-reset", "x-ratelimit-reset"):
        value = _number(_header(headers, name) or "")
        if value is not None:
            return max(0.0, value - now) if value > _EPOCH_THRESHOLD else value
    return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:  # plain dicts in tests are case-sensitive; httpx.Headers is not
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
