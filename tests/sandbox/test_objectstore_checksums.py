"""The object store verifies S3's additional checksums (x-amz-checksum-<algorithm>) on a PUT as S3
does: a signed header whose value differs from the body's digest is 400 BadDigest and nothing is
stored; an unsigned one is refused by the signature check before any body is read."""

from __future__ import annotations

import base64
import hashlib
import zlib

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presignkit.sandbox import ObjectStore
from presignkit.sandbox.checksums import ChecksumHeaderError, claimed_checksum
from tests.sandbox.test_objectstore import PNG, assert_nothing_stored, s3_error

# Known answers, not our own implementation: CRC-32C("123456789") is 0xE3069283 (RFC 3720,
# iSCSI's check value), CRC-32("123456789") is 0xCBF43926.
CHECK_INPUT = b"123456789"
CRC32C_CHECK = base64.b64encode(bytes.fromhex("e3069283")).decode()
CRC32_CHECK = base64.b64encode(bytes.fromhex("cbf43926")).decode()


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def sha256_b64(body: bytes) -> str:
    return b64(hashlib.sha256(body).digest())


def signed_put(
    store: ObjectStore, client: httpx.Client, key: str, body: bytes, checksum_headers: dict[str, str]
) -> httpx.Response:
    """A PUT whose presigned URL signs `checksum_headers`, which the PUT then carries."""
    url = store.presign_put("uploads", key, content_type="image/png", headers=checksum_headers)
    return client.put(url, content=body, headers={"Content-Type": "image/png", **checksum_headers})


@pytest.mark.parametrize(
    ("algorithm", "body", "value"),
    [
        ("crc32c", CHECK_INPUT, CRC32C_CHECK),
        ("crc32", CHECK_INPUT, CRC32_CHECK),
        ("sha256", PNG, sha256_b64(PNG)),
        ("sha1", PNG, b64(hashlib.sha1(PNG).digest())),
    ],
)
def test_a_matching_checksum_is_accepted_and_kept(
    store: ObjectStore, client: httpx.Client, algorithm: str, body: bytes, value: str
) -> None:
    header = f"x-amz-checksum-{algorithm}"
    response = signed_put(store, client, "k", body, {header: value})
    assert response.status_code == 200, response.text
    stored = store.object("uploads", "k")
    assert (stored.checksum_algorithm, stored.checksum) == (algorithm, value)
    assert stored.read_bytes() == body
    # As S3: returned on GET and HEAD only when asked for with x-amz-checksum-mode.
    url = store.object_url("uploads", "k")
    assert header not in client.head(url).headers
    assert client.head(url, headers={"x-amz-checksum-mode": "ENABLED"}).headers[header] == value


@pytest.mark.parametrize(
    ("algorithm", "name"), [("crc32c", "CRC32C"), ("sha256", "SHA256"), ("crc32", "CRC32"), ("sha1", "SHA1")]
)
def test_a_differing_checksum_is_bad_digest_and_stores_nothing(
    store: ObjectStore, client: httpx.Client, algorithm: str, name: str
) -> None:
    size = 4 if algorithm.startswith("crc") else hashlib.new(algorithm).digest_size
    wrong = b64(b"\x01" * size)
    response = signed_put(store, client, "k", PNG, {f"x-amz-checksum-{algorithm}": wrong})
    assert s3_error(response) == (
        400,
        "BadDigest",
        f"The {name} you specified did not match the calculated checksum.",
    )
    assert_nothing_stored(store)


def test_one_flipped_byte_in_the_body_is_bad_digest(store: ObjectStore, client: httpx.Client) -> None:
    corrupted = PNG[:100] + bytes([PNG[100] ^ 0x01]) + PNG[101:]
    response = signed_put(store, client, "k", corrupted, {"x-amz-checksum-crc32c": CRC32C_CHECK})
    assert s3_error(response)[:2] == (400, "BadDigest")
    response = signed_put(store, client, "k", corrupted, {"x-amz-checksum-sha256": sha256_b64(PNG)})
    assert s3_error(response)[:2] == (400, "BadDigest")
    assert_nothing_stored(store)


def test_an_unsigned_checksum_header_is_refused_before_the_body(
    store: ObjectStore, client: httpx.Client
) -> None:
    # S3 API reference, "Authenticating Requests: Using Query Parameters (AWS Signature Version
    # 4)": X-Amz-SignedHeaders must list "any x-amz-* headers that you plan to add to the
    # request". A client cannot add a checksum of its own to a presigned PUT.
    url = store.presign_put("uploads", "k", content_type="image/png")
    headers = {"Content-Type": "image/png", "x-amz-checksum-sha256": sha256_b64(PNG)}
    status, code, message = s3_error(client.put(url, content=PNG, headers=headers))
    assert (status, code, message) == (
        403,
        "AccessDenied",
        "There were headers present in the request which were not signed",
    )
    assert_nothing_stored(store)


@pytest.mark.parametrize(
    ("headers", "status", "code", "message"),
    [
        (
            {"x-amz-checksum-sha256": "not base64!"},
            400,
            "InvalidRequest",
            "Value for x-amz-checksum-sha256 header is invalid.",
        ),
        (
            {"x-amz-checksum-crc32c": sha256_b64(PNG)},  # base64, but 32 bytes where CRC32C has 4
            400,
            "InvalidRequest",
            "Value for x-amz-checksum-crc32c header is invalid.",
        ),
        (
            {"x-amz-checksum-crc32c": CRC32C_CHECK, "x-amz-checksum-sha256": sha256_b64(PNG)},
            400,
            "InvalidRequest",
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
        ),
        (
            {"x-amz-sdk-checksum-algorithm": "SHA256"},
            400,
            "InvalidRequest",
            "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or "
            "x-amz-trailer headers were found.",
        ),
        (
            {"x-amz-sdk-checksum-algorithm": "CRC32C", "x-amz-checksum-sha256": sha256_b64(PNG)},
            400,
            "BadDigest",
            "The SHA256 you specified did not match the calculated checksum.",
        ),
        (
            {"x-amz-checksum-crc64nvme": "AAAAAAAAAAA="},
            501,
            "NotImplemented",
            "The sandbox store cannot verify x-amz-checksum-crc64nvme",
        ),
    ],
)
def test_malformed_checksum_headers_are_refused(
    store: ObjectStore, client: httpx.Client, headers: dict[str, str], status: int, code: str, message: str
) -> None:
    assert s3_error(signed_put(store, client, "k", PNG, headers)) == (status, code, message)
    assert_nothing_stored(store)


def test_other_checksum_headers_are_not_checksums() -> None:
    # x-amz-checksum-mode (GET) and x-amz-checksum-type (multipart) share the prefix.
    assert claimed_checksum({"x-amz-checksum-mode": "ENABLED", "x-amz-checksum-type": "FULL_OBJECT"}) is None
    assert (
        claimed_checksum({"x-amz-sdk-checksum-algorithm": "CRC32", "x-amz-trailer": "x-amz-checksum-crc32"})
        is None
    )


@settings(max_examples=50, deadline=None)
@given(body=st.binary(max_size=2048), split=st.integers(min_value=0, max_value=2048))
def test_the_claimed_digest_is_the_bodys_whatever_the_chunking(body: bytes, split: int) -> None:
    # zlib's CRC-32 and hashlib's SHA-256 are independent references for the store's hashers.
    for algorithm, reference in (
        ("crc32", zlib.crc32(body).to_bytes(4, "big")),
        ("sha256", hashlib.sha256(body).digest()),
    ):
        claim = claimed_checksum({f"x-amz-checksum-{algorithm}": b64(reference)})
        assert claim is not None
        hasher = claim.hasher()
        hasher.update(body[:split])
        hasher.update(body[split:])
        assert hasher.digest() == claim.digest


def test_errors_carry_s3s_status() -> None:
    with pytest.raises(ChecksumHeaderError) as raised:
        claimed_checksum({"x-amz-checksum-sha1": "AAAA"})
    assert (raised.value.status, raised.value.code) == (400, "InvalidRequest")
