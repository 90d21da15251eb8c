"""The object store, served for real on 127.0.0.1, driven with httpx (and raw sockets where
httpx cannot send the request): one test per rule S3 applies to a presigned PUT."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
import pytest
from starlette.types import Message

from presignkit.sandbox import Credentials, ObjectStore, serve

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def s3_error(response: httpx.Response) -> tuple[int, str, str]:
    assert response.headers["content-type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == "Error"
    request_id = root.findtext("RequestId")
    assert request_id and response.headers["x-amz-request-id"] == request_id
    return response.status_code, root.findtext("Code") or "", root.findtext("Message") or ""


def put(
    client: httpx.Client, url: str, body: bytes, content_type: str | None = "image/png"
) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return client.put(url, content=body, headers=headers)


def assert_nothing_stored(store: ObjectStore) -> None:
    assert store.objects() == []


def test_good_put_is_stored_and_read_back(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "dir/photo one.png", content_type="image/png")

    response = put(client, url, PNG)

    md5 = hashlib.md5(PNG).hexdigest()
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == f'"{md5}"'
    stored = store.object("uploads", "dir/photo one.png")
    assert (stored.size, stored.sha256, stored.content_type) == (
        len(PNG),
        hashlib.sha256(PNG).hexdigest(),
        "image/png",
    )
    assert stored.read_bytes() == PNG

    public = client.get(store.object_url("uploads", "dir/photo one.png"))
    assert public.status_code == 200
    assert public.content == PNG
    assert public.headers["etag"] == f'"{md5}"'
    assert public.headers["content-type"] == "image/png"
    assert public.headers["content-length"] == str(len(PNG))

    head = client.head(store.object_url("uploads", "dir/photo one.png"))
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["etag"] == f'"{md5}"'
    assert head.headers["content-length"] == str(len(PNG))


def test_put_streams_a_file_body_to_disk(store: ObjectStore, client: httpx.Client, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    with source.open("wb") as out:
        for block in range(64):
            out.write(hashlib.sha256(str(block).encode()).digest() * 4096)  # 8 MiB in all
    url = store.presign_put("uploads", "big.bin", content_type="application/octet-stream")

    with source.open("rb") as body:
        response = client.put(url, content=body, headers={"Content-Type": "application/octet-stream"})

    assert response.status_code == 200
    stored = store.object("uploads", "big.bin")
    assert stored.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert stored.size == source.stat().st_size
    assert stored.path.is_file() and stored.path.stat().st_size == stored.size


def test_put_without_content_type_gets_s3s_default(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k")
    assert put(client, url, b"abc", content_type=None).status_code == 200
    assert store.object("uploads", "k").content_type == "binary/octet-stream"


def test_put_replaces_an_existing_object(store: ObjectStore, client: httpx.Client) -> None:
    first = put(client, store.presign_put("uploads", "k"), b"first")
    assert first.status_code == 200
    old_path = store.object("uploads", "k").path
    assert put(client, store.presign_put("uploads", "k"), b"second").status_code == 200
    assert store.object("uploads", "k").read_bytes() == b"second"
    assert not old_path.exists()


def test_wrong_content_type_fails_the_signature(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k.png", content_type="image/png")
    status, code, message = s3_error(put(client, url, PNG, content_type="image/jpeg"))
    assert (status, code) == (403, "SignatureDoesNotMatch")
    assert message.startswith("The request signature we calculated does not match")
    assert_nothing_stored(store)


def test_expired_url_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k", expires_in=60, now=datetime.now(UTC) - timedelta(seconds=61))
    assert s3_error(put(client, url, PNG)) == (403, "AccessDenied", "Request has expired")
    assert_nothing_stored(store)


def test_store_clock_decides_expiry(tmp_path: Path, client: httpx.Client) -> None:
    moment = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = ObjectStore(tmp_path, clock=lambda: moment[0])
    with serve(store.app) as base_url:
        store.base_url = base_url
        url = store.presign_put("uploads", "k", expires_in=10)
        moment[0] += timedelta(seconds=11)
        assert s3_error(put(client, url, b"x"))[1:] == ("AccessDenied", "Request has expired")
        moment[0] -= timedelta(seconds=1)
        assert put(client, url, b"x").status_code == 200


def test_tampered_signature_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k")
    tampered = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    assert s3_error(put(client, tampered, PNG))[:2] == (403, "SignatureDoesNotMatch")
    assert_nothing_stored(store)


def test_tampered_path_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "mine.png", content_type="image/png")
    tampered = url.replace("/uploads/mine.png?", "/uploads/yours.png?")
    assert tampered != url
    assert s3_error(put(client, tampered, PNG))[:2] == (403, "SignatureDoesNotMatch")
    assert_nothing_stored(store)


def test_unknown_access_key_is_refused(store: ObjectStore, client: httpx.Client, tmp_path: Path) -> None:
    stranger = ObjectStore(
        tmp_path, credentials=Credentials("AKIASTRANGER", "secret"), base_url=store.base_url
    )
    url = stranger.presign_put("uploads", "k")
    status, code, message = s3_error(put(client, url, PNG))
    assert (status, code) == (403, "InvalidAccessKeyId")
    assert message == "The AWS Access Key Id you provided does not exist in our records."
    assert_nothing_stored(store)


def test_wrong_region_is_refused(store: ObjectStore, client: httpx.Client, tmp_path: Path) -> None:
    elsewhere = ObjectStore(tmp_path, region="eu-west-1", base_url=store.base_url)
    status, code, message = s3_error(put(client, elsewhere.presign_put("uploads", "k"), PNG))
    assert (status, code) == (400, "AuthorizationQueryParametersError")
    assert "the region 'eu-west-1' is wrong; expecting 'us-east-1'" in message


def test_missing_content_length_is_refused(store: ObjectStore, raw_http: Callable[..., Any]) -> None:
    url = store.presign_put("uploads", "k")
    host = urlsplit(url).netloc
    response = raw_http("PUT", url, [("Host", host), ("Connection", "close")])
    assert response.status == 411
    assert b"<Code>MissingContentLength</Code>" in response.data
    assert b"<Message>You must provide the Content-Length HTTP header.</Message>" in response.data
    assert_nothing_stored(store)


def test_chunked_body_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k.png", content_type="image/png")

    def chunks() -> Iterator[bytes]:
        yield PNG[:1000]
        yield PNG[1000:]

    response = client.put(url, content=chunks(), headers={"Content-Type": "image/png"})

    assert response.request.headers["transfer-encoding"] == "chunked"
    status, code, message = s3_error(response)
    assert (status, code) == (501, "NotImplemented")
    assert message == "A header you provided implies functionality that is not implemented"
    assert ET.fromstring(response.content).findtext("Header") == "Transfer-Encoding"
    assert_nothing_stored(store)


def test_extra_authorization_header_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k.png", content_type="image/png")
    response = client.put(
        url, content=PNG, headers={"Content-Type": "image/png", "Authorization": "Bearer sk_live"}
    )
    assert s3_error(response) == (
        400,
        "InvalidArgument",
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
        "parameter or the Authorization header should be specified",
    )
    assert ET.fromstring(response.content).findtext("ArgumentValue") == "Bearer [redacted]"
    assert b"sk_live" not in response.content
    assert_nothing_stored(store)


def test_unsigned_put_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    assert s3_error(put(client, store.object_url("uploads", "k"), PNG)) == (
        403,
        "AccessDenied",
        "Access Denied",
    )
    header_signed = client.put(
        store.object_url("uploads", "k"), content=b"x", headers={"Authorization": "AWS4-..."}
    )
    assert s3_error(header_signed)[:2] == (403, "AccessDenied")
    assert_nothing_stored(store)


def test_unsigned_amz_header_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k")
    response = client.put(url, content=b"x", headers={"x-amz-server-side-encryption": "AES256"})
    assert s3_error(response) == (
        403,
        "AccessDenied",
        "There were headers present in the request which were not signed",
    )


def test_single_use_url_refuses_a_second_put(store: ObjectStore, client: httpx.Client) -> None:
    store.expect("uploads", "once.png", single_use=True)
    url = store.presign_put("uploads", "once.png", content_type="image/png")
    assert put(client, url, PNG).status_code == 200

    status, code, _ = s3_error(put(client, url, b"other bytes"))

    assert (status, code) == (403, "AccessDenied")
    assert store.object("uploads", "once.png").read_bytes() == PNG


def test_single_use_slot_survives_a_refused_put(store: ObjectStore, client: httpx.Client) -> None:
    store.expect("uploads", "once.png", single_use=True)
    url = store.presign_put("uploads", "once.png", content_type="image/png")
    assert put(client, url, PNG, content_type="image/gif").status_code == 403
    assert put(client, url, PNG).status_code == 200


def test_body_over_max_size_is_refused(store: ObjectStore, client: httpx.Client) -> None:
    store.expect("uploads", "small.png", max_size=len(PNG) - 1)
    url = store.presign_put("uploads", "small.png", content_type="image/png")

    response = put(client, url, PNG)

    status, code, message = s3_error(response)
    assert (status, code, message) == (
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size",
    )
    root = ET.fromstring(response.content)
    assert (root.findtext("ProposedSize"), root.findtext("MaxSizeAllowed")) == (
        str(len(PNG)),
        str(len(PNG) - 1),
    )
    assert_nothing_stored(store)


def test_body_of_exactly_max_size_is_accepted(store: ObjectStore, client: httpx.Client) -> None:
    store.expect("uploads", "small.png", max_size=len(PNG))
    assert (
        put(client, store.presign_put("uploads", "small.png", content_type="image/png"), PNG).status_code
        == 200
    )


def test_length_other_than_the_signed_content_length_is_refused(
    store: ObjectStore, client: httpx.Client
) -> None:
    url = store.presign_put("uploads", "k.png", content_type="image/png", content_length=len(PNG))
    assert put(client, url, PNG + b"!").status_code == 403
    status, code, _ = s3_error(put(client, url, PNG[:-1]))
    assert (status, code) == (403, "SignatureDoesNotMatch")
    assert_nothing_stored(store)
    assert put(client, url, PNG).status_code == 200


def test_client_gone_mid_body_stores_nothing(store: ObjectStore, raw_http: Callable[..., Any]) -> None:
    store.expect("uploads", "k", single_use=True)
    url = store.presign_put("uploads", "k")
    host = urlsplit(url).netloc

    response = raw_http("PUT", url, [("Host", host), ("Content-Length", "100")], b"x" * 50, close_write=True)

    assert response.status is None
    (recorded,) = store.wait_idle()
    assert (recorded.status, recorded.error_code, recorded.body_size) == (None, "IncompleteBody", 50)
    assert_nothing_stored(store)
    # The slot is free again: a retry may use the URL.
    assert (
        raw_http(
            "PUT", url, [("Host", host), ("Content-Length", "3"), ("Connection", "close")], b"abc"
        ).status
        == 200
    )


async def call_app(
    store: ObjectStore, url: str, headers: list[tuple[str, str]], chunks: list[bytes]
) -> list[Message]:
    """Drive the store's ASGI app directly, for bodies no HTTP/1.1 parser would let through."""
    parts = urlsplit(url)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": parts.path,
        "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", int(parts.port or 80)),
    }
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await store.app(scope, receive, send)
    return sent


@pytest.mark.parametrize("body", [[b"12345"], [b"12345", b"67890", b"AB"]], ids=["shorter", "longer"])
def test_body_not_matching_content_length_is_incomplete(store: ObjectStore, body: list[bytes]) -> None:
    url = store.presign_put("uploads", "k")
    headers = [("host", urlsplit(url).netloc), ("content-length", "10")]

    sent = anyio.run(call_app, store, url, headers, body)

    assert sent[0]["status"] == 400
    assert b"<Code>IncompleteBody</Code>" in sent[1]["body"]
    assert_nothing_stored(store)


def test_get_of_a_missing_key_is_404(store: ObjectStore, client: httpx.Client) -> None:
    assert s3_error(client.get(store.object_url("uploads", "nope")))[:2] == (404, "NoSuchKey")
    head = client.head(store.object_url("uploads", "nope"))
    assert (head.status_code, head.content) == (404, b"")


def test_other_methods_are_not_allowed(store: ObjectStore, client: httpx.Client) -> None:
    assert s3_error(client.delete(store.object_url("uploads", "k")))[:2] == (405, "MethodNotAllowed")
    assert s3_error(client.post(store.object_url("uploads", "k"), content=b"x"))[:2] == (
        405,
        "MethodNotAllowed",
    )


def test_requests_are_recorded_exactly_as_received(store: ObjectStore, raw_http: Callable[..., Any]) -> None:
    url = store.presign_put("uploads", "a b.png", content_type="image/png")
    sent_headers = [
        ("Host", urlsplit(url).netloc),
        ("Content-Type", "image/png"),
        ("X-Custom", "  spaced  value"),
        ("Accept", "a"),
        ("accept", "b"),
        ("Content-Length", "3"),
        ("Connection", "close"),
    ]

    assert raw_http("PUT", url, sent_headers, b"abc").status == 200

    (recorded,) = store.requests
    parts = urlsplit(url)
    assert (recorded.method, recorded.path, recorded.query) == ("PUT", parts.path, parts.query)
    assert recorded.path == "/uploads/a%20b.png"
    # Names lowercased, order and repeats kept; h11 strips only the whitespace around values.
    assert recorded.headers == (
        ("host", parts.netloc),
        ("content-type", "image/png"),
        ("x-custom", "spaced  value"),
        ("accept", "a"),
        ("accept", "b"),
        ("content-length", "3"),
        ("connection", "close"),
    )
    assert recorded.header("Accept") == "a,b"
    assert (recorded.status, recorded.body_size, recorded.error_code) == (200, 3, None)


def test_httpx_put_headers_are_recorded(store: ObjectStore, client: httpx.Client) -> None:
    url = store.presign_put("uploads", "k.png", content_type="image/png")
    response = put(client, url, PNG)
    rejected = client.put(
        url, content=PNG, headers={"Content-Type": "image/png", "Authorization": "Bearer x"}
    )

    first, second = store.requests
    assert list(first.headers) == [(k.decode().lower(), v.decode()) for k, v in response.request.headers.raw]
    assert "authorization" not in first.header_names
    assert (second.status, second.error_code, second.header("authorization")) == (
        400,
        "InvalidArgument",
        "Bearer x",
    )
    assert rejected.status_code == 400


def test_reset_forgets_objects_requests_and_expectations(store: ObjectStore, client: httpx.Client) -> None:
    store.expect("uploads", "k", max_size=1)
    assert put(client, store.presign_put("uploads", "j"), b"abc").status_code == 200
    stored_path = store.object("uploads", "j").path

    store.reset()

    assert store.objects() == [] and store.requests == []
    assert not stored_path.exists()
    assert put(client, store.presign_put("uploads", "k"), b"abc").status_code == 200


def test_missing_object_error_names_what_is_stored(store: ObjectStore, client: httpx.Client) -> None:
    assert put(client, store.presign_put("uploads", "there"), b"x").status_code == 200
    with pytest.raises(
        KeyError, match="no object uploads/missing in the store; it holds: \\['uploads/there'\\]"
    ):
        store.object("uploads", "missing")


def test_minting_needs_a_base_url(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"set store\.base_url"):
        ObjectStore(tmp_path).presign_put("uploads", "k")
    with pytest.raises(ValueError, match="accepted is an S3 bucket name"):
        ObjectStore(tmp_path, base_url="http://127.0.0.1:1").presign_put("Bad_Bucket", "k")


def test_own_spool_directory_is_removed_on_close(client: httpx.Client) -> None:
    with ObjectStore() as store, serve(store.app) as base_url:
        store.base_url = base_url
        assert put(client, store.presign_put("uploads", "k"), b"abc").status_code == 200
        spool = store.object("uploads", "k").path.parent
        assert spool.is_dir()
    assert not spool.exists()
