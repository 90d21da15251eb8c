"""Turn what a generated `*_detailed` call gave (a Response, or an exception) into an
ApiResult or one typed error. Shared by the sync and the async driver.

The generated clients parse by status code only and their `from_dict` is strict, so an HTML
error page or a body missing a field surfaces as a raw JSONDecodeError/KeyError from inside the
call, before we see the status. An httpx response hook (`remember_response`) keeps the last
response of the current context so that such failures can still be classified by status.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from http import HTTPStatus
from typing import Any

import attrs
import httpx

from presignkit.answer_types import explain_body, model_problem, operation_models
from presignkit.errors import (
    AuthenticationError,
    MalformedResponseError,
    PresignkitError,
    RateLimitedError,
    RecordMayExistError,
    TransferError,
    UploadTimeoutError,
    VendorError,
)
from presignkit.redact import redact_text, remember_secrets
from presignkit.retry import RetryPolicy, Verdict, retry_after_seconds
from presignkit.workflow.steps import ApiCall, ApiResult

# Each sync call runs in its caller's context and each async call in its task's, so concurrent
# uploads on one Uploader never see each other's responses.
_last_response: ContextVar[httpx.Response | None] = ContextVar("presignkit_last_response", default=None)

# Everything the generated parsers (and a workflow reading their models) can raise on a body of
# the wrong shape: a missing key, a wrong type, an unknown enum value, a bad date, nesting too
# deep for json; and httpx.InvalidURL, when a value from an answer (an id) cannot go in a URL.
PARSE_FAILURES = (
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    httpx.InvalidURL,
)
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "cf-ray")
_BODY_EXCERPT = 200


@attrs.frozen
class ErrorDetails:
    """What a vendor's error body says, in our terms (each adapter's `describe_error` fills it)."""

    message: str | None = None
    code: str | None = None
    request_id: str | None = None


def remember_response(response: httpx.Response) -> None:
    _last_response.set(response)


async def remember_response_async(response: httpx.Response) -> None:
    _last_response.set(response)


def forget_response() -> Token[httpx.Response | None]:
    return _last_response.set(None)


def restore_response(token: Token[httpx.Response | None]) -> None:
    _last_response.reset(token)


def last_response() -> httpx.Response | None:
    return _last_response.get()


@attrs.frozen
class ErrorContext:
    vendor: str
    title: str
    describe_error: Callable[[object], ErrorDetails]
    secrets: tuple[str, ...]
    policy: RetryPolicy

    def __attrs_post_init__(self) -> None:
        remember_secrets(self)  # while this context lives, log records are scrubbed of its keys

    def result(self, call: ApiCall, response: Any) -> ApiResult:
        """The generated Response for `call`, or raise the typed error for its status."""
        status = int(response.status_code)
        headers: Mapping[str, str] = response.headers
        if status in call.ok_statuses:
            return ApiResult(status=status, parsed=response.parsed, headers=headers)
        details = self._details(response.parsed)
        body = bytes(response.content or b"")
        if response.parsed is None and 200 <= status < 300:
            message = f"answered an undocumented {status}; accepted: {_statuses(call)}"
            raise MalformedResponseError(
                self._message(call, message),
                **self._fields(call, status, headers, details, Verdict(transient=False, resend=False)),
            )
        error_class = _error_class(status)
        unreadable = _describe_body(body, headers) if details.message is None else None
        if unreadable is not None and body.strip() and error_class is VendorError:
            # Not the vendor's error shape at all (an HTML page from a proxy, plain text).
            error_class = MalformedResponseError
        message = details.message or unreadable or _generic_message(body) or _reason(status)
        verdict = self._verdict(call, status=status)
        if verdict.record_may_exist:
            error_class = RecordMayExistError
            message += self._record_may_exist()
        raise error_class(
            self._message(call, f"answered {status}: {message}"),
            **self._fields(call, status, headers, details, verdict),
        )

    def failure(self, call: ApiCall, exc: BaseException, response: httpx.Response | None) -> PresignkitError:
        """The typed error for an exception raised by the generated call."""
        if isinstance(exc, httpx.TransportError):
            verdict = self._verdict(call, exception=exc)
            if isinstance(exc, httpx.TimeoutException):
                error_class: type[PresignkitError] = UploadTimeoutError
                what = f"timed out ({type(exc).__name__})"
            else:
                error_class = TransferError
                what = f"failed: could not reach the API ({type(exc).__name__}: {exc})"
            if verdict.record_may_exist:
                error_class = RecordMayExistError
                what += f" after the request was sent{self._record_may_exist()}"
            return error_class(
                self._message(call, what),
                vendor=self.vendor,
                operation=call.name,
                retryable=verdict.transient,
            )
        if isinstance(exc, httpx.InvalidURL):  # raised while building the request: nothing was sent
            return MalformedResponseError(
                self._message(
                    call, f"cannot be sent: a value from an earlier answer makes no valid URL ({exc})"
                ),
                vendor=self.vendor,
                operation=call.name,
            )
        if response is None:
            return MalformedResponseError(
                self._message(
                    call, f"answered something presignkit cannot read ({type(exc).__name__}: {exc})"
                ),
                vendor=self.vendor,
                operation=call.name,
            )
        status = response.status_code
        headers = response.headers
        what = (
            _describe_body(response.content, headers)
            or explain_body(response.content, operation_models(call.operation))
            or _parse_problem(exc)
        )
        error_class = _error_class(status)
        if error_class is VendorError:
            error_class = MalformedResponseError
        verdict = self._verdict(call, status=status)
        if verdict.record_may_exist:
            error_class = RecordMayExistError
            what += self._record_may_exist()
        return error_class(
            self._message(
                call,
                f"answered {status} with a body that is not the documented shape: {what}",
            ),
            **self._fields(call, status, headers, ErrorDetails(), verdict),
        )

    def unusable(self, exc: BaseException) -> MalformedResponseError:
        """A workflow tripped over a value of the wrong type: generated `from_dict` checks that
        required keys exist, not what they hold (e.g. maxSizeBytes: "big")."""
        return MalformedResponseError(
            redact_text(
                f"{self.title} answered a value presignkit cannot use ({type(exc).__name__}: {exc})",
                self.secrets,
            ),
            vendor=self.vendor,
        )

    def _details(self, parsed: object) -> ErrorDetails:
        """What the error body says; nothing where the body only looks like the vendor's error
        shape (a field of the wrong type), which is then described like any unreadable body."""
        if model_problem(parsed) is not None:
            return ErrorDetails()
        return self.describe_error(parsed)

    def _message(self, call: ApiCall, text: str) -> str:
        return redact_text(f"{self.title} {call.name.partition('.')[2]} {text}", self.secrets)

    def _verdict(
        self, call: ApiCall, *, status: int | None = None, exception: BaseException | None = None
    ) -> Verdict:
        return self.policy.decide(
            idempotent=call.idempotent,
            status=status,
            exception=exception,
            too_early_is_transient=call.too_early_is_transient,
        )

    def _record_may_exist(self) -> str:
        return (
            f"; {self.title} may have created the record anyway, so presignkit did not send the "
            f"request again ({self.title} offers no idempotency key for it, and a second attempt "
            "could create a second record): a record may exist, check for it before retrying"
        )

    def _fields(
        self,
        call: ApiCall,
        status: int,
        headers: Mapping[str, str],
        details: ErrorDetails,
        verdict: Verdict,
    ) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "status": status,
            "code": details.code,
            "request_id": details.request_id or request_id(headers),
            "retry_after": retry_after_seconds(status, headers),
            "operation": call.name,
            "retryable": verdict.transient,
        }


def request_id(headers: Mapping[str, str]) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


def _error_class(status: int) -> type[VendorError]:
    if status in (401, 403):
        return AuthenticationError
    if status == 429:
        return RateLimitedError
    return VendorError


def _statuses(call: ApiCall) -> str:
    return ", ".join(str(s) for s in sorted(call.ok_statuses))


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "no reason given"


def _describe_body(body: bytes, headers: Mapping[str, str]) -> str | None:
    """A short description of a body that is not the expected JSON, or None if it is JSON."""
    content_type = headers.get("content-type", "")
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return "an empty body"
    if "html" in content_type or text[:15].lower().startswith(("<!doctype", "<html")):
        return f"an HTML page ({_excerpt(text)!r})"
    try:
        json.loads(text)
    except ValueError:
        return f"not JSON ({_excerpt(text)!r})"
    except RecursionError:
        return "JSON nested too deeply to read"
    return None


def _generic_message(body: bytes) -> str | None:
    """For a status the spec does not document: the usual places an API puts its message."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        data = data["error"]
    if not isinstance(data, dict):
        return None
    for key in ("message", "detail", "title", "error"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _parse_problem(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"the field {exc.args[0]!r} is missing"
    return f"{type(exc).__name__}: {exc}"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _BODY_EXCERPT else flat[:_BODY_EXCERPT] + "…"
