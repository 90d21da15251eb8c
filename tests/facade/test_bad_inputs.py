"""A table of bad inputs, each answered by its typed error with a message that says what is
accepted, never a key; where pre-flight can tell, the sandbox must have seen no request at all."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import presignkit
from presignkit import (
    AuthenticationError,
    ConfigurationError,
    MalformedResponseError,
    PresignkitError,
    RateLimitedError,
    TransferError,
    ValidationError,
)
from presignkit.sandbox.sandbox import Sandbox
from tests.facade.conftest import FAST_RETRY


@attrs.define
class Context:
    sandbox: Sandbox
    tmp: Path

    def file(self, name: str, size: int = 2048, *, sparse: bool = False) -> Path:
        path = self.tmp / name
        with path.open("wb") as f:
            if sparse:  # a large file without writing its bytes: pre-flight only needs its size
                f.truncate(size)
            else:
                f.write(os.urandom(size))
        return path

    def upload(
        self,
        vendor: presignkit.Loops | presignkit.Streamloop | presignkit.Flare | presignkit.Scripe | str,
        source: object,
        *,
        env: dict[str, str | None] | None = None,
        uploader: dict[str, Any] | None = None,
        **options: Any,
    ) -> presignkit.UploadResult:
        environ = self.sandbox.env()
        for name, value in (env or {}).items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
        with presignkit.Uploader(
            vendor, retry=FAST_RETRY, environ=environ, sleep=lambda s: None, **(uploader or {})
        ) as up:
            return up.upload(source, **options)


@attrs.frozen
class Case:
    id: str
    run: Callable[[Context], object]
    error: type[PresignkitError]
    says: tuple[str, ...]  # fragments the message must contain
    network: bool = False  # True: the error can only come from a vendor's or the store's answer


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _text_file(c: Context) -> object:
    path = c.file("notes.txt")
    with path.open("r", encoding="latin-1") as text:
        return c.upload("scripe", text)


def _non_rewindable_retry(c: Context) -> object:
    c.sandbox.faults.drop_connection("store.put", after_bytes=10_000)
    return c.upload("loops", _Pipe(os.urandom(50_000)), content_type="image/png", size=50_000)


def _persistent(route: str, status: int, **fault: Any) -> Callable[[Context], None]:
    def arm(c: Context) -> None:
        c.sandbox.faults.fail_next(route, FAST_RETRY.max_attempts, status=status, **fault)

    return arm


def _after(arm: Callable[[Context], None], run: Callable[[Context], object]) -> Callable[[Context], object]:
    def both(c: Context) -> object:
        arm(c)
        return run(c)

    return both


HTML_PAGE = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"

CASES = [
    # -- the source --------------------------------------------------------------------------------
    Case("missing file", lambda c: c.upload("loops", c.tmp / "nope.png"), ValidationError, ("no file at",)),
    Case("directory", lambda c: c.upload("loops", c.tmp), ValidationError, ("is a directory",)),
    Case("empty file", lambda c: c.upload("loops", c.file("e.png", 0)), ValidationError, ("is empty",)),
    Case(
        "empty bytes", lambda c: c.upload("loops", b"", content_type="image/png"), ValidationError, ("empty",)
    ),
    Case("bytes without type", lambda c: c.upload("loops", b"abc"), ValidationError, ("content_type=",)),
    Case(
        "unknown extension",
        lambda c: c.upload("scripe", c.file("data.zzz")),
        ValidationError,
        ("content_type=",),
    ),
    Case(
        "malformed content_type",
        lambda c: c.upload("loops", b"x", content_type="png"),
        ValidationError,
        ("TYPE/SUBTYPE",),
    ),
    Case("text-mode file", _text_file, ValidationError, ("'rb'",)),
    Case(
        "pipe without size",
        lambda c: c.upload("loops", _Pipe(b"x" * 10), content_type="image/png"),
        ValidationError,
        ("size=",),
    ),
    Case(
        "size disagrees with file",
        lambda c: c.upload("loops", io.BytesIO(b"x" * 10), content_type="image/png", size=9),
        ValidationError,
        ("holds 10 bytes",),
    ),
    Case("not a source", lambda c: c.upload("loops", 42), ValidationError, ("accepted is a path",)),
    Case(
        "filename with a slash",
        lambda c: c.upload("loops", b"x", filename="a/b.png"),
        ValidationError,
        ("bare file name",),
    ),
    # -- per-vendor types and sizes ------------------------------------------------------------------
    Case(
        "loops: pdf",
        lambda c: c.upload("loops", c.file("doc.pdf")),
        ValidationError,
        ("Loops does not accept 'application/pdf'", "image/png"),
    ),
    Case(
        "streamloop: pdf",
        lambda c: c.upload("streamloop", c.file("doc.pdf")),
        ValidationError,
        ("Streamloop does not accept", "video/*"),
    ),
    Case(
        "flare: image",
        lambda c: c.upload("flare", c.file("still.png")),
        ValidationError,
        ("Flare does not accept 'image/png'", "video/*"),
    ),
    Case(
        "scripe: zip",
        lambda c: c.upload("scripe", c.file("a.zip")),
        ValidationError,
        ("Scripe does not accept", "application/pdf"),
    ),
    Case(
        "loops: over 4 MB",
        lambda c: c.upload("loops", c.file("big.png", 4_000_001, sparse=True)),
        ValidationError,
        ("up to 4,000,000 bytes",),
    ),
    Case(
        "scripe: image over 25 MB",
        lambda c: c.upload("scripe", c.file("big.jpg", 25_000_001, sparse=True)),
        ValidationError,
        ("25,000,000",),
    ),
    Case(
        "scripe: pdf over 100 MB",
        lambda c: c.upload("scripe", c.file("big.pdf", 100_000_001, sparse=True)),
        ValidationError,
        ("100,000,000",),
    ),
    Case(
        "streamloop: over 5 GB",
        lambda c: c.upload("streamloop", c.file("big.mp4", 5_000_000_001, sparse=True)),
        ValidationError,
        ("5,000,000,000",),
    ),
    # -- options -----------------------------------------------------------------------------------
    Case(
        "progress not callable",
        lambda c: c.upload("loops", c.file("a.png"), progress=5),
        ValidationError,
        ("not callable",),
    ),
    Case(
        "wait for a vendor without jobs",
        lambda c: c.upload("loops", c.file("a.png"), wait=True),
        ValidationError,
        ("Scripe only",),
    ),
    Case(
        "wait_timeout zero",
        lambda c: c.upload("scripe", c.file("a.mp3"), wait=True, wait_timeout=0),
        ValidationError,
        ("wait_timeout",),
    ),
    Case(
        "chunk_size zero",
        lambda c: c.upload("loops", c.file("a.png"), uploader={"chunk_size": 0}),
        ValidationError,
        ("chunk_size",),
    ),
    # -- settings ----------------------------------------------------------------------------------
    Case(
        "loops: missing key",
        lambda c: c.upload("loops", c.file("a.png"), env={"LOOPS_API_KEY": None}),
        ConfigurationError,
        ("LOOPS_API_KEY",),
    ),
    Case(
        "streamloop: malformed key",
        lambda c: c.upload("streamloop", c.file("a.mp4"), env={"STREAMLOOP_API_KEY": "key_0123456789abcdef"}),
        ConfigurationError,
        ("STREAMLOOP_API_KEY", "'sl_'"),
    ),
    Case(
        "streamloop: missing workspace",
        lambda c: c.upload("streamloop", c.file("a.mp4"), env={"STREAMLOOP_WORKSPACE_ID": None}),
        ConfigurationError,
        ("STREAMLOOP_WORKSPACE_ID",),
    ),
    Case(
        "streamloop: no credentials",
        lambda c: c.upload("streamloop", c.file("a.mp4"), env={"STREAMLOOP_API_KEY": None}),
        ConfigurationError,
        ("STREAMLOOP_ACCESS_TOKEN", "sl_"),
    ),
    Case(
        "flare: malformed token",
        lambda c: c.upload("flare", c.file("a.mp4"), env={"FLARE_API_TOKEN": "pat_0123456789abcdef"}),
        ConfigurationError,
        ("FLARE_API_TOKEN", "'flr_pat_'"),
    ),
    Case(
        "scripe: malformed key",
        lambda c: c.upload("scripe", c.file("a.mp3"), env={"SCRIPE_API_KEY": "sk_live_0123456789abcdef"}),
        ConfigurationError,
        ("SCRIPE_API_KEY", "scripe_sk_live_"),
    ),
    Case(
        "scripe: bad api_version",
        lambda c: c.upload(presignkit.Scripe(api_version="v1"), c.file("a.mp3")),
        ConfigurationError,
        ("YYYY-MM-DD",),
    ),
    Case(
        "key with a space",
        lambda c: c.upload(presignkit.Loops(api_key="abc def ghi"), c.file("a.png")),
        ConfigurationError,
        ("spaces",),
    ),
    Case(
        "bad base URL in env",
        lambda c: c.upload("loops", c.file("a.png"), env={"LOOPS_BASE_URL": "ftp://example.com"}),
        ConfigurationError,
        ("LOOPS_BASE_URL", "http(s)"),
    ),
    Case(
        "relative base URL",
        lambda c: c.upload(presignkit.Flare(base_url="/flare"), c.file("a.mp4")),
        ConfigurationError,
        ("base_url argument",),
    ),
    Case(
        "unknown vendor",
        lambda c: c.upload("dropbox", c.file("a.png")),
        ConfigurationError,
        ("streamloop, loops, flare, scripe",),
    ),
    # -- what the vendor or the store answers -------------------------------------------------------
    Case(
        "loops: wrong key",
        lambda c: c.upload(presignkit.Loops(api_key="wrong-key-0123456789"), c.file("a.png")),
        AuthenticationError,
        ("401",),
        network=True,
    ),
    Case(
        "scripe: wrong key",
        lambda c: c.upload(presignkit.Scripe(api_key="scripe_sk_live_wrong0123456789"), c.file("a.mp3")),
        AuthenticationError,
        ("401",),
        network=True,
    ),
    Case(
        "streamloop: rate limited throughout",
        _after(
            _persistent("streamloop.createUpload", 429, retry_after=2),
            lambda c: c.upload("streamloop", c.file("a.mp4")),
        ),
        RateLimitedError,
        ("429",),
        network=True,
    ),
    Case(
        "flare: HTML error page",
        _after(
            # presign, not createVideo: a 5xx on a create without idempotency is RecordMayExistError
            _persistent("flare.presignVideoUpload", 502, body=HTML_PAGE, content_type="text/html"),
            lambda c: c.upload("flare", c.file("a.mp4")),
        ),
        MalformedResponseError,
        ("HTML page", "502"),
        network=True,
    ),
    Case(
        "streamloop: not JSON",
        _after(
            _persistent("streamloop.createUpload", 400, body="upstream said no", content_type="text/plain"),
            lambda c: c.upload("streamloop", c.file("a.mp4")),
        ),
        MalformedResponseError,
        ("not JSON", "upstream said no"),
        network=True,
    ),
    Case(
        "scripe: error without its envelope field",
        _after(
            _persistent(
                "scripe.createUpload",
                409,
                body='{"error": {"message": "no code"}}',
                content_type="application/json",
            ),
            lambda c: c.upload("scripe", c.file("a.mp3")),
        ),
        MalformedResponseError,
        ("'error.code' is missing",),
        network=True,
    ),
    Case(
        "non-rewindable source on retry",
        _non_rewindable_retry,
        TransferError,
        ("non-seekable", "previous attempt failed"),
        network=True,
    ),
]


@pytest.fixture
def context(presignkit_sandbox: Sandbox, tmp_path: Path, no_env: None) -> Iterator[Context]:
    yield Context(presignkit_sandbox, tmp_path)


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(context: Context, case: Case) -> None:
    with pytest.raises(PresignkitError) as caught:
        case.run(context)
    error = caught.value
    assert type(error) is case.error, f"{type(error).__name__}: {error}"
    message = str(error)
    if case.id != "unknown vendor":
        assert error.vendor is not None, message
    if case.network and not isinstance(error, TransferError):
        assert error.status is not None, message
    for fragment in case.says:
        assert fragment in message, message
    for secret in context.sandbox.env().values():
        if "_KEY" in secret or (len(secret) > 20 and "://" not in secret):
            assert secret not in message
    assert "X-Amz-Signature=" not in message or "X-Amz-Signature=[redacted]" in message
    if not case.network:
        assert context.sandbox.api_requests == []
        assert context.sandbox.store.requests == []
