"""`checksum="crc32c" | "sha256" | None`: computed over exactly the bytes that reached the store,
returned with the result, never sent as an (unsigned) x-amz-checksum-* header."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presignkit
from presignkit.checksums import ALGORITHMS, DEFAULT_CHECKSUM, Checksum, checked_algorithm, new_hasher
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import crc32c_of, sha256_of
from tests.facade.conftest import Runner
from tests.facade.test_edge_cases import LOOPS, loops_fake
from tests.facade.test_sandbox_uploads import assert_verified_upload


def test_known_answers() -> None:
    # CRC-32C("123456789") = 0xE3069283 (RFC 3720's check value); SHA-256("abc") from FIPS 180-2.
    crc = new_hasher("crc32c")
    crc.update(b"1234")
    crc.update(b"56789")
    assert Checksum("crc32c", crc.digest()).hexdigest == "e3069283"
    assert Checksum("crc32c", crc.digest()).value == base64.b64encode(bytes.fromhex("e3069283")).decode()
    sha = new_hasher("sha256")
    sha.update(b"abc")
    assert Checksum("sha256", sha.digest()).hexdigest == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_the_default_is_crc32c() -> None:
    assert DEFAULT_CHECKSUM == "crc32c"
    assert ALGORITHMS == ("crc32c", "sha256")


@pytest.mark.parametrize("vendor", ["loops", "flare"])
def test_sha256_on_request_is_the_stored_bytes_sha256(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path], vendor: str
) -> None:
    path = make_file("clip.mp4" if vendor == "flare" else "img.png", 300_000)
    result = runner.upload(vendor, path, environ=presignkit_sandbox.env(), checksum="sha256")
    (stored,) = presignkit_sandbox.store.objects()
    assert result.sha256 == stored.sha256 == sha256_of(path)
    assert result.checksum is not None and result.checksum.algorithm == "sha256"
    assert result.checksum.value == base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def test_no_checksum_on_request_computes_none(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    path = make_file("img.png")
    result = runner.upload("loops", path, environ=presignkit_sandbox.env(), checksum=None)
    assert (result.checksum, result.sha256) == (None, None)
    assert presignkit_sandbox.store.objects()[0].sha256 == sha256_of(path)


def test_the_default_checksum_is_sent_nowhere(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    # An unsigned x-amz-checksum-* header on a presigned PUT is refused by S3 (403, "headers ...
    # not signed"), so the checksum stays local: the store sees the signed headers only.
    path = make_file("img.png")
    result = runner.upload("loops", path, environ=presignkit_sandbox.env())
    assert_verified_upload(presignkit_sandbox, "loops", path, result)
    puts = [r for r in presignkit_sandbox.store.requests if r.method == "PUT"]
    assert not any(name.startswith("x-amz-checksum") for put in puts for name in put.header_names)


def test_a_retried_put_checksums_the_attempt_that_arrived(
    presignkit_sandbox: Sandbox, runner: Runner, make_file: Callable[..., Path]
) -> None:
    # Every attempt re-reads the source from byte 0 with a fresh hasher: two attempts must not
    # add up to a checksum of the bytes twice over.
    path = make_file("img.png", 3 * 1024 * 1024 + 5)  # several chunks: the read-ahead thread too
    for algorithm, expected in (("crc32c", crc32c_of(path)), ("sha256", None)):
        presignkit_sandbox.faults.fail_next("store.put", 1, status=503, retry_after=0)
        result = runner.upload("loops", path, environ=presignkit_sandbox.env(), checksum=algorithm)
        assert result.checksum is not None
        if expected is not None:
            assert result.checksum.value == expected
        else:
            assert result.sha256 == sha256_of(path)
        puts = [r for r in presignkit_sandbox.store.wait_idle() if r.method == "PUT"]
        assert [put.status for put in puts][-2:] == [503, 200]


@pytest.mark.parametrize("bad", ["md5", "", "crc32", 32, True, b"sha256"])
def test_an_unknown_checksum_is_refused_before_any_call(
    runner: Runner, make_file: Callable[..., Path], bad: object
) -> None:
    fake = loops_fake()
    with pytest.raises(presignkit.ValidationError) as raised:
        runner.upload(LOOPS, make_file("a.png"), fake=fake, environ={}, checksum=bad)
    assert repr(bad) in raised.value.message
    assert "'crc32c', 'sha256' or None" in raised.value.message
    assert raised.value.vendor == "loops"
    assert fake.requests == []


def test_algorithm_names_are_case_insensitive() -> None:
    assert checked_algorithm("CRC32C") == "crc32c"
    assert checked_algorithm("SHA256") == "sha256"
    assert checked_algorithm(None) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=5000), chunk_size=st.integers(min_value=1, max_value=2048))
def test_the_checksum_is_of_the_bytes_sent_whatever_the_chunking(
    make_file: Callable[..., Path], data: bytes, chunk_size: int
) -> None:
    sent = []
    for algorithm, reference in (
        ("crc32c", None),
        ("sha256", hashlib.sha256(data).digest()),
    ):
        fake = loops_fake()
        with presignkit.Uploader(
            LOOPS,
            environ={},
            chunk_size=chunk_size,
            transport=fake.transport(),
            storage_transport=fake.transport(),
        ) as uploader:
            result = uploader.upload(data, content_type="image/png", filename="a.png", checksum=algorithm)  # type: ignore[arg-type]
        [put] = fake.puts
        assert put.sha256 == hashlib.sha256(data).hexdigest()  # what the store received
        assert result.checksum is not None and result.checksum.algorithm == algorithm
        if reference is not None:
            assert result.checksum.digest == reference
        sent.append(result.checksum)
    # crc32c against a second, independent CRC-32C: the bit-by-bit definition (polynomial 0x82F63B78).
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    assert sent[0].digest == (crc ^ 0xFFFFFFFF).to_bytes(4, "big")
