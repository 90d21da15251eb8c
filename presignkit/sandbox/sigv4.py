"""AWS Signature Version 4 for S3 presigned URLs: minting them, and verifying them as S3 does.

No mature Python library verifies a presigned SigV4 request on the server side: botocore only
signs, moto accepts any presigned URL, and s3rver checks only expiry (shared/research/toolchain.md
§3). So the verifier is written here, following the AWS documentation of query-string
authentication, and the tests pin it to botocore: `presign_url` must produce exactly botocore's
URL for the same inputs, and `verify_presigned` must accept URLs that botocore minted.

Only path-style S3 URLs (`http://host:port/<bucket>/<key>`) with an `UNSIGNED-PAYLOAD` body hash
are covered, which is what every presigned PUT uses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import attrs

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "s3"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
MAX_EXPIRES_SECONDS = 604_800  # one week, S3's ceiling for a presigned URL
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# S3 refuses a URL dated further in the future than this (clock skew allowance).
MAX_FUTURE_SKEW = timedelta(minutes=15)

_AUTH_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
_TIMESTAMP_PATTERN = re.compile(r"^\d{8}T\d{6}Z$")
_HEADER_NAME_PATTERN = re.compile(r"^[!#$%&'*+.^_`|~0-9a-z-]+$")


@attrs.frozen
class Credentials:
    """An access key id and its secret; the secret never appears in a repr."""

    access_key_id: str
    secret_access_key: str = attrs.field(repr=False)


@attrs.frozen
class Verdict:
    """The outcome of verifying a presigned request: accepted, or the error S3 would answer."""

    status: int
    code: str | None = None
    message: str = ""
    # Extra elements S3 adds to its XML error body (e.g. CanonicalRequest), in order.
    details: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.code is None

    @classmethod
    def accepted(cls) -> Verdict:
        return cls(status=200)

    @classmethod
    def rejected(
        cls, status: int, code: str, message: str, details: tuple[tuple[str, str], ...] = ()
    ) -> Verdict:
        return cls(status=status, code=code, message=message, details=details)


def presign_url(
    method: str,
    url: str,
    *,
    credentials: Credentials,
    region: str,
    expires_in: int,
    signed_headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """Return `url` with SigV4 query-string authentication for S3, as botocore would mint it.

    `signed_headers` are the headers (besides `host`, which is taken from the URL) that the
    client must then send with exactly these values, e.g. `{"content-type": "image/png"}` or
    `{"content-length": "1234"}` to bind the body size. `now` defaults to the current time
    and must be timezone-aware.
    """
    if not 1 <= expires_in <= MAX_EXPIRES_SECONDS:
        raise ValueError(f"expires_in={expires_in}: accepted is 1 to {MAX_EXPIRES_SECONDS} seconds")
    timestamp = _timestamp(now if now is not None else datetime.now(UTC))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url {url!r}: accepted is an absolute http:// or https:// URL")
    if parts.fragment:
        raise ValueError(f"url {url!r} has a fragment; a presigned URL cannot carry one")

    headers = _lowercase_headers(signed_headers or {})
    if "host" in headers:
        raise ValueError("signed_headers must not contain 'host': it is signed from the URL")
    headers["host"] = _host_from_url(url)
    signed_header_names = ";".join(sorted(headers))

    scope = f"{timestamp[:8]}/{region}/{SERVICE}/aws4_request"
    operation_params = [
        (_uri_encode(unquote(name)), _uri_encode(unquote(value))) for name, value in _split_query(parts.query)
    ]
    auth_params = [
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", f"{credentials.access_key_id}/{scope}"),
        ("X-Amz-Date", timestamp),
        ("X-Amz-Expires", str(expires_in)),
        ("X-Amz-SignedHeaders", signed_header_names),
    ]
    encoded_params = operation_params + [(name, _uri_encode(value)) for name, value in auth_params]
    path = _canonical_uri(parts.path or "/")

    canonical_request = _canonical_request(method, path, encoded_params, headers, signed_header_names)
    signature = _signature(credentials.secret_access_key, timestamp, region, canonical_request)

    query = "&".join(f"{name}={value}" for name, value in encoded_params)
    query += f"&X-Amz-Signature={signature}"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def verify_presigned(
    method: str,
    path: str,
    raw_query: str,
    headers: Mapping[str, str],
    *,
    secret_for_access_key: Callable[[str], str | None],
    now: datetime,
    region: str | None = None,
) -> Verdict:
    """Verify a presigned S3 request as S3 does, and say what S3 would answer if it fails.

    `path` is the request path as received (still percent-encoded), `raw_query` the query
    string as received, `headers` the request headers (any case; repeated headers joined with
    ","). `secret_for_access_key` returns the secret of a known access key id, else None.
    `region=None` accepts any region in the credential scope.
    """
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime (e.g. datetime.now(UTC))")
    params = _auth_params(raw_query)
    if isinstance(params, Verdict):
        return params
    missing = [name for name in _AUTH_PARAMS if name not in params]
    if missing:
        return _query_error(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
            "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
        )
    if params["X-Amz-Algorithm"] != ALGORITHM:
        return _query_error(f'X-Amz-Algorithm only supports "{ALGORITHM}"')

    timestamp = params["X-Amz-Date"]
    signed_at = _parse_timestamp(timestamp)
    if signed_at is None:
        return _query_error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")

    credential = params["X-Amz-Credential"].split("/")
    if len(credential) != 5:
        return _query_error(
            "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
            'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'
        )
    access_key_id, scope_date, scope_region, scope_service, terminator = credential
    if scope_date != timestamp[:8]:
        return _query_error(
            f'Invalid credential date "{scope_date}". This date is not the same as X-Amz-Date: '
            f'"{timestamp[:8]}".'
        )
    if region is not None and scope_region != region:
        return _query_error(
            f"Error parsing the X-Amz-Credential parameter; the region '{scope_region}' is wrong; "
            f"expecting '{region}'"
        )
    if scope_service != SERVICE:
        return _query_error(
            f'Error parsing the X-Amz-Credential parameter; incorrect service "{scope_service}". '
            f'This endpoint belongs to "{SERVICE}".'
        )
    if terminator != "aws4_request":
        return _query_error(
            f'Error parsing the X-Amz-Credential parameter; incorrect terminal "{terminator}". '
            'This endpoint uses "aws4_request".'
        )

    expires_text = params["X-Amz-Expires"]
    if not expires_text.isdigit():
        return _query_error("X-Amz-Expires should be a number")
    expires = int(expires_text)
    if expires > MAX_EXPIRES_SECONDS:
        return _query_error("X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds")

    signed_header_names = params["X-Amz-SignedHeaders"].split(";")
    if "host" not in signed_header_names:
        return _query_error("X-Amz-SignedHeaders must include the host header")
    if signed_header_names != sorted(set(signed_header_names)) or not all(
        _HEADER_NAME_PATTERN.match(name) for name in signed_header_names
    ):
        return _query_error("X-Amz-SignedHeaders must be lowercase header names, sorted and separated by ';'")

    secret = secret_for_access_key(access_key_id)
    if secret is None:
        return Verdict.rejected(
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
            (("AWSAccessKeyId", access_key_id),),
        )

    if now < signed_at - MAX_FUTURE_SKEW:
        return Verdict.rejected(403, "AccessDenied", "Request is not valid yet")
    if now > signed_at + timedelta(seconds=expires):
        return Verdict.rejected(
            403,
            "AccessDenied",
            "Request has expired",
            (
                ("X-Amz-Expires", expires_text),
                ("Expires", _iso(signed_at + timedelta(seconds=expires))),
                ("ServerTime", _iso(now)),
            ),
        )

    request_headers = _lowercase_headers(headers)
    unsigned_amz = sorted(
        name for name in request_headers if name.startswith("x-amz-") and name not in signed_header_names
    )
    if unsigned_amz:
        return Verdict.rejected(
            403,
            "AccessDenied",
            "There were headers present in the request which were not signed",
            (("HeadersNotSigned", ", ".join(unsigned_amz)),),
        )

    canonical_params = [
        (_uri_encode(name), _uri_encode(value))
        for name, value in _decoded_query(raw_query)
        if name != "X-Amz-Signature"
    ]
    # A signed header the request does not carry is signed as empty, so the signature fails.
    signed_values = {name: request_headers.get(name, "") for name in signed_header_names}
    canonical_request = _canonical_request(
        method, _canonical_uri(path), canonical_params, signed_values, params["X-Amz-SignedHeaders"]
    )
    expected = _signature(secret, timestamp, scope_region, canonical_request)
    provided = params["X-Amz-Signature"]
    if not hmac.compare_digest(expected.encode(), provided.encode()):
        return Verdict.rejected(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
            (
                ("AWSAccessKeyId", access_key_id),
                ("StringToSign", _string_to_sign(timestamp, scope_region, canonical_request)),
                ("SignatureProvided", provided),
                ("CanonicalRequest", canonical_request),
            ),
        )
    return Verdict.accepted()


def _auth_params(raw_query: str) -> dict[str, str] | Verdict:
    params: dict[str, str] = {}
    for name, value in _decoded_query(raw_query):
        if name in _AUTH_PARAMS:
            if name in params:
                return _query_error(f"{name} must appear only once in the query string")
            params[name] = value
    return params


def _query_error(message: str) -> Verdict:
    return Verdict.rejected(400, "AuthorizationQueryParametersError", message)


def _canonical_request(
    method: str,
    canonical_uri: str,
    encoded_params: list[tuple[str, str]],
    headers: Mapping[str, str],
    signed_header_names: str,
) -> str:
    canonical_query = "&".join(f"{name}={value}" for name, value in sorted(encoded_params))
    canonical_headers = "".join(f"{name}:{_trim_all(headers[name])}\n" for name in sorted(headers))
    return "\n".join(
        [
            method.upper(),
            canonical_uri,
            canonical_query,
            canonical_headers,
            signed_header_names,
            UNSIGNED_PAYLOAD,
        ]
    )


def _string_to_sign(timestamp: str, region: str, canonical_request: str) -> str:
    return "\n".join(
        [
            ALGORITHM,
            timestamp,
            f"{timestamp[:8]}/{region}/{SERVICE}/aws4_request",
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )


def _signature(secret: str, timestamp: str, region: str, canonical_request: str) -> str:
    key = _hmac(f"AWS4{secret}".encode(), timestamp[:8])
    for part in (region, SERVICE, "aws4_request"):
        key = _hmac(key, part)
    string_to_sign = _string_to_sign(timestamp, region, canonical_request)
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _canonical_uri(path: str) -> str:
    # S3 does not normalise the path (no dot-segment removal) and encodes it once: decode what
    # the client sent, then encode every byte except unreserved characters and '/'.
    return quote(unquote(path), safe="/~")


def _uri_encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _split_query(raw_query: str) -> list[tuple[str, str]]:
    pairs = []
    for pair in raw_query.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            pairs.append((name, value))
    return pairs


def _decoded_query(raw_query: str) -> list[tuple[str, str]]:
    # '+' is kept literally (not read as a space): SigV4 clients encode spaces as %20.
    return [(unquote(name), unquote(value)) for name, value in _split_query(raw_query)]


def _lowercase_headers(headers: Mapping[str, str]) -> dict[str, str]:
    lowered: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        lowered[key] = f"{lowered[key]},{value}" if key in lowered else value
    return lowered


def _trim_all(value: str) -> str:
    return " ".join(value.split())


def _host_from_url(url: str) -> str:
    # As botocore: the lowercase host, with the port only when it is not the scheme's default.
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port != default_port:
        host = f"{host}:{parts.port}"
    return host


def _timestamp(now: datetime) -> str:
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime (e.g. datetime.now(UTC))")
    return now.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def _parse_timestamp(text: str) -> datetime | None:
    if not _TIMESTAMP_PATTERN.match(text):
        return None
    try:
        return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
