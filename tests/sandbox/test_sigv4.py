"""SigV4 presigning and verification, pinned to botocore (which signs but never verifies)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import ModuleType
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presignkit.sandbox.sigv4 import Credentials, Verdict, presign_url, verify_presigned


def botocore(module: str) -> ModuleType:
    """A botocore module; the cross-checks skip (and only they) where botocore is missing."""
    imported: ModuleType = pytest.importorskip(f"botocore.{module}")
    return imported


NOW = datetime(2026, 11, 22, 10, 30, 5, tzinfo=UTC)
CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
ENDPOINT = "http://127.0.0.1:54321"
HOST = "127.0.0.1:54321"


def secrets_of(credentials: Credentials) -> dict[str, str]:
    return {credentials.access_key_id: credentials.secret_access_key}


def botocore_presign(
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    url: str,
    headers: dict[str, str],
    *,
    region: str = "us-east-1",
    expires_in: int = 3600,
    credentials: Credentials = CREDENTIALS,
    now: datetime = NOW,
) -> str:
    """botocore's S3SigV4QueryAuth on an AWSRequest, with botocore's clock frozen at `now`."""
    # botocore.auth takes the time from get_current_datetime() (naive UTC), imported by name.
    auth = botocore("auth")
    monkeypatch.setattr(auth, "get_current_datetime", lambda: now.replace(tzinfo=None))
    request = botocore("awsrequest").AWSRequest(method=method, url=url, headers=headers)
    signer = auth.S3SigV4QueryAuth(
        botocore("credentials").Credentials(credentials.access_key_id, credentials.secret_access_key),
        "s3",
        region,
        expires=expires_in,
    )
    signer.add_auth(request)
    signed: str = request.url
    return signed


def verify(
    method: str,
    url: str,
    headers: dict[str, str],
    *,
    now: datetime = NOW,
    region: str | None = "us-east-1",
    known: dict[str, str] | None = None,
) -> Verdict:
    parts = urlsplit(url)
    lookup = known if known is not None else secrets_of(CREDENTIALS)
    return verify_presigned(
        method, parts.path, parts.query, headers, secret_for_access_key=lookup.get, now=now, region=region
    )


@pytest.mark.parametrize(
    ("method", "path", "headers", "region", "expires_in"),
    [
        ("PUT", "/bucket/key.png", {"Content-Type": "image/png"}, "us-east-1", 3600),
        ("PUT", "/bucket/dir/a%20b%2Bc%21.png", {"Content-Type": "image/png"}, "eu-west-1", 60),
        ("PUT", "/bucket/k", {"Content-Type": "video/mp4", "Content-Length": "1048576"}, "us-east-1", 900),
        ("PUT", "/bucket/k", {}, "us-east-1", 604800),
        ("GET", "/bucket/%E2%9C%93/~tilde", {}, "ap-south-1", 1),
        (
            "PUT",
            "/bucket/k",
            {"Content-Type": "text/plain;  charset=utf-8", "x-amz-meta-Owner": "Ann"},
            "us-east-1",
            5,
        ),
    ],
)
def test_presign_url_equals_botocores_url(
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    path: str,
    headers: dict[str, str],
    region: str,
    expires_in: int,
) -> None:
    url = ENDPOINT + path
    ours = presign_url(
        method,
        url,
        credentials=CREDENTIALS,
        region=region,
        expires_in=expires_in,
        signed_headers=headers,
        now=NOW,
    )
    assert ours == botocore_presign(monkeypatch, method, url, headers, region=region, expires_in=expires_in)


def test_presign_url_keeps_existing_query_parameters_first_as_botocore(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = ENDPOINT + "/bucket/key?x-id=PutObject"
    ours = presign_url(
        "PUT", url, credentials=CREDENTIALS, region="us-east-1", expires_in=60, signed_headers={}, now=NOW
    )
    assert ours.split("?", 1)[1].startswith("x-id=PutObject&X-Amz-Algorithm=")
    assert ours == botocore_presign(monkeypatch, "PUT", url, {}, expires_in=60)


@settings(max_examples=60, deadline=None)
@given(
    key=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40),
    content_type=st.from_regex(r"[a-z]{1,10}/[a-z0-9.+-]{1,20}", fullmatch=True),
    expires_in=st.integers(1, 604800),
)
def test_presign_url_equals_botocore_for_any_key(key: str, content_type: str, expires_in: int) -> None:
    url = f"{ENDPOINT}/bucket/{quote(key, safe='/~')}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = botocore_presign(
            monkeypatch, "PUT", url, {"Content-Type": content_type}, expires_in=expires_in
        )
    ours = presign_url(
        "PUT",
        url,
        credentials=CREDENTIALS,
        region="us-east-1",
        expires_in=expires_in,
        signed_headers={"content-type": content_type},
        now=NOW,
    )
    assert ours == expected
    assert verify("PUT", ours, {"host": HOST, "content-type": content_type}).ok


def test_verifier_accepts_url_from_botocore_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(botocore("auth"), "get_current_datetime", lambda: NOW.replace(tzinfo=None))
    s3 = (
        botocore("session")
        .get_session()
        .create_client(
            "s3",
            region_name="us-east-1",
            endpoint_url=ENDPOINT,
            aws_access_key_id=CREDENTIALS.access_key_id,
            aws_secret_access_key=CREDENTIALS.secret_access_key,
            config=botocore("config").Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )
    )
    url = s3.generate_presigned_url(
        "put_object",
        Params={"Bucket": "uploads", "Key": "in box/ä photo.png", "ContentType": "image/png"},
        HttpMethod="PUT",
        ExpiresIn=120,
    )
    headers = {"Host": HOST, "Content-Type": "image/png"}
    assert verify("PUT", url, headers) == Verdict.accepted()
    assert verify("PUT", url, headers, now=NOW + timedelta(seconds=120)).ok
    assert verify("PUT", url, {**headers, "Content-Type": "image/jpeg"}).code == "SignatureDoesNotMatch"
    assert verify("PUT", url, headers, now=NOW + timedelta(seconds=121)).message == "Request has expired"


@pytest.fixture
def signed_put() -> str:
    return presign_url(
        "PUT",
        ENDPOINT + "/bucket/key.png",
        credentials=CREDENTIALS,
        region="us-east-1",
        expires_in=600,
        signed_headers={"content-type": "image/png", "content-length": "10"},
        now=NOW,
    )


GOOD_HEADERS = {"host": HOST, "content-type": "image/png", "content-length": "10"}


def test_verifier_accepts_our_url_with_the_signed_headers(signed_put: str) -> None:
    assert verify("PUT", signed_put, GOOD_HEADERS).ok
    # Header names arrive in any case; values are compared after trimming, as SigV4 says.
    assert verify("PUT", signed_put, {"Host": HOST, "Content-Type": " image/png ", "CONTENT-LENGTH": "10"}).ok


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (lambda url: url[:-1] + ("0" if url[-1] != "0" else "1"), 403, "SignatureDoesNotMatch"),
        (lambda url: url.replace("/key.png", "/other.png"), 403, "SignatureDoesNotMatch"),
        (lambda url: url.replace("X-Amz-Expires=600", "X-Amz-Expires=601"), 403, "SignatureDoesNotMatch"),
        (lambda url: url + "&extra=1", 403, "SignatureDoesNotMatch"),
        (
            lambda url: url.replace("X-Amz-Expires=600", "X-Amz-Expires=604801"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("X-Amz-Expires=600", "X-Amz-Expires=-5"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("X-Amz-Date=20261122T103005Z", "X-Amz-Date=2026-11-22"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("X-Amz-Date=20261122T103005Z", "X-Amz-Date=20261123T103005Z"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("%2Fus-east-1%2F", "%2Feu-west-1%2F"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (lambda url: url.replace("%2Fs3%2F", "%2Fs4%2F"), 400, "AuthorizationQueryParametersError"),
        (
            lambda url: url.replace("&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost", ""),
            400,
            "AuthorizationQueryParametersError",
        ),
        (
            lambda url: url.replace("content-length%3Bcontent-type%3Bhost", "content-length%3Bcontent-type"),
            400,
            "AuthorizationQueryParametersError",
        ),
        (lambda url: url.replace("AKIDEXAMPLE", "AKIDUNKNOWN"), 403, "InvalidAccessKeyId"),
    ],
    ids=[
        "tampered-signature",
        "tampered-path",
        "tampered-expires",
        "added-query-parameter",
        "expires-over-a-week",
        "expires-negative",
        "wrong-algorithm",
        "malformed-date",
        "credential-date-differs",
        "wrong-region",
        "wrong-service",
        "no-signed-headers",
        "host-not-signed",
        "unknown-access-key",
    ],
)
def test_verifier_rejects_a_changed_url(
    signed_put: str, change: Callable[[str], str], status: int, code: str
) -> None:
    verdict = verify("PUT", change(signed_put), GOOD_HEADERS)
    assert (verdict.status, verdict.code) == (status, code), verdict.message


@pytest.mark.parametrize(
    ("headers", "method", "code"),
    [
        ({**GOOD_HEADERS, "content-type": "image/jpeg"}, "PUT", "SignatureDoesNotMatch"),
        ({**GOOD_HEADERS, "content-length": "11"}, "PUT", "SignatureDoesNotMatch"),
        ({"host": HOST, "content-length": "10"}, "PUT", "SignatureDoesNotMatch"),
        ({**GOOD_HEADERS, "host": "127.0.0.1:54322"}, "PUT", "SignatureDoesNotMatch"),
        (GOOD_HEADERS, "POST", "SignatureDoesNotMatch"),
        ({**GOOD_HEADERS, "x-amz-acl": "public-read"}, "PUT", "AccessDenied"),
    ],
    ids=[
        "other-content-type",
        "other-length",
        "no-content-type",
        "other-host",
        "other-method",
        "unsigned-amz-header",
    ],
)
def test_verifier_rejects_a_request_that_differs_from_what_was_signed(
    signed_put: str, headers: dict[str, str], method: str, code: str
) -> None:
    assert verify(method, signed_put, headers).code == code


def test_unsigned_amz_header_is_named(signed_put: str) -> None:
    verdict = verify("PUT", signed_put, {**GOOD_HEADERS, "x-amz-acl": "public-read"})
    assert verdict.message == "There were headers present in the request which were not signed"
    assert verdict.details == (("HeadersNotSigned", "x-amz-acl"),)


def test_signed_but_unlisted_headers_are_ignored(signed_put: str) -> None:
    # Headers outside X-Amz-SignedHeaders (other than x-amz-*) are free, as in S3.
    assert verify("PUT", signed_put, {**GOOD_HEADERS, "user-agent": "x", "accept": "*/*"}).ok


def test_expiry_boundaries(signed_put: str) -> None:
    assert verify("PUT", signed_put, GOOD_HEADERS, now=NOW + timedelta(seconds=600)).ok
    expired = verify("PUT", signed_put, GOOD_HEADERS, now=NOW + timedelta(seconds=601))
    assert (expired.status, expired.code, expired.message) == (403, "AccessDenied", "Request has expired")
    assert verify("PUT", signed_put, GOOD_HEADERS, now=NOW - timedelta(minutes=15)).ok
    early = verify("PUT", signed_put, GOOD_HEADERS, now=NOW - timedelta(minutes=15, seconds=1))
    assert (early.code, early.message) == ("AccessDenied", "Request is not valid yet")


def test_wrong_secret_fails_the_signature(signed_put: str) -> None:
    verdict = verify("PUT", signed_put, GOOD_HEADERS, known={CREDENTIALS.access_key_id: "not-the-secret"})
    assert verdict.code == "SignatureDoesNotMatch"
    details = dict(verdict.details)
    assert details["CanonicalRequest"].startswith("PUT\n/bucket/key.png\n")
    assert details["CanonicalRequest"].endswith("\ncontent-length;content-type;host\nUNSIGNED-PAYLOAD")


def test_region_none_accepts_any_region(monkeypatch: pytest.MonkeyPatch) -> None:
    url = botocore_presign(monkeypatch, "PUT", ENDPOINT + "/b/k", {}, region="eu-central-1")
    assert verify("PUT", url, {"host": HOST}, region=None).ok
    assert verify("PUT", url, {"host": HOST}, region="us-east-1").code == "AuthorizationQueryParametersError"


def test_missing_parameters_are_named() -> None:
    verdict = verify("PUT", ENDPOINT + "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256", {"host": HOST})
    assert verdict.code == "AuthorizationQueryParametersError"
    assert "X-Amz-Credential" in verdict.message and "X-Amz-Expires" in verdict.message


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"expires_in": 0}, "expires_in=0: accepted is 1 to 604800 seconds"),
        ({"expires_in": 604801}, "expires_in=604801: accepted is 1 to 604800 seconds"),
        ({"now": datetime(2026, 1, 1)}, "timezone-aware"),
        ({"signed_headers": {"Host": "x"}}, "must not contain 'host'"),
        ({"url": "ftp://host/b/k"}, "accepted is an absolute http:// or https:// URL"),
    ],
)
def test_presign_url_refuses_bad_input(kwargs: dict[str, object], problem: str) -> None:
    arguments: dict[str, object] = {
        "url": ENDPOINT + "/b/k",
        "credentials": CREDENTIALS,
        "region": "us-east-1",
        "expires_in": 60,
        "now": NOW,
        **kwargs,
    }
    url = arguments.pop("url")
    assert isinstance(url, str)
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(".", r"\.")):
        presign_url("PUT", url, **arguments)  # type: ignore[arg-type]


def test_credentials_repr_hides_the_secret() -> None:
    assert CREDENTIALS.secret_access_key not in repr(CREDENTIALS)
    assert "AKIDEXAMPLE" in repr(CREDENTIALS)
