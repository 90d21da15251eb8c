"""Hostile inputs: whatever a caller passes (sources of every kind and state, keys, base URLs,
content types, names, sizes), an upload is refused with ValidationError/ConfigurationError
before any request is sent, or it is a correct upload (the store holds exactly the bytes); no
key appears in the error, its repr, the log or the CLI's output.

Uploads that pass pre-flight go to the real sandbox on 127.0.0.1 through a transport that
records what the client tried to send.
"""

from __future__ import annotations

import array
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presignkit
from presignkit.checksums import ChecksumAlgorithm
from presignkit.cli import main as cli_main
from presignkit.errors import (
    AuthenticationError,
    ConfigurationError,
    PresignkitError,
    ValidationError,
)
from presignkit.retry import RetryPolicy
from presignkit.sandbox.sandbox import Sandbox
from tests.digests import checksum_of
from tests.properties.test_hostile_answers import recorded_logs

VENDORS = ("streamloop", "loops", "flare", "scripe")
GOOD_TYPE = {"streamloop": "video/mp4", "loops": "image/png", "flare": "video/mp4", "scripe": "audio/mpeg"}
GOOD_NAME = {"streamloop": "clip.mp4", "loops": "header.png", "flare": "demo.mp4", "scripe": "talk.mp3"}
KEY_VARIABLE = {
    "streamloop": "STREAMLOOP_API_KEY",
    "loops": "LOOPS_API_KEY",
    "flare": "FLARE_API_TOKEN",
    "scripe": "SCRIPE_API_KEY",
}
FAST = RetryPolicy(max_attempts=2, initial_delay=0.0, max_delay=0.0, jitter=0.0)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with tempfile.TemporaryDirectory() as spool, Sandbox(spool_dir=spool) as running:
        yield running


class Recording(httpx.BaseTransport):
    """Forwards to the network, remembering every request the client tried to send."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


# -- sources -------------------------------------------------------------------------------------


@attrs.define
class Pipe:
    """A non-seekable binary stream (like a socket or a pipe)."""

    data: io.BytesIO

    def read(self, size: int = -1, /) -> bytes:
        return self.data.read(size)


@attrs.frozen
class BytesPath:
    """An os.PathLike[bytes] (plain bytes are data, not a path)."""

    path: bytes

    def __fspath__(self) -> bytes:
        return self.path


@attrs.define
class TextReader:
    """A reader whose read() returns str."""

    name: str = "notes.png"

    def read(self, size: int = -1, /) -> str:
        return "text, not bytes"[: size if size >= 0 else None]


@attrs.frozen
class SourceCase:
    """A source built in a scratch folder, and the bytes a correct upload of it sends (None:
    nothing can be sent)."""

    make: Callable[[Path], Any]
    expected: bytes | None
    label: str


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _opened(
    mode: str, name: str, data: bytes, *, then: Callable[[Any], Any] | None = None
) -> Callable[[Path], Any]:
    def make(folder: Path) -> Any:
        handle = open(_file(folder, name, data), mode)  # noqa: SIM115  # closed by the scratch folder's end
        if then is not None:
            then(handle)
        return handle

    return make


def _released_view(folder: Path) -> memoryview:
    view = memoryview(b"released bytes")
    view.release()
    return view


@st.composite
def source_cases(draw: Any, name: str) -> SourceCase:
    data = draw(st.binary(min_size=0, max_size=3000))
    size = len(data)
    cases = [
        SourceCase(lambda f: _file(f, name, data), data or None, "path"),
        SourceCase(lambda f: str(_file(f, name, data)), data or None, "str path"),
        SourceCase(lambda f: f / "missing" / name, None, "missing path"),
        SourceCase(lambda f: f, None, "directory"),
        SourceCase(lambda f: BytesPath(os.fsencode(_file(f, name, data))), None, "bytes path"),
        SourceCase(lambda f: str(f / name) + "\x00.png", None, "NUL in path"),
        SourceCase(_opened("rb", name, data), data or None, "rb"),
        SourceCase(
            _opened("rb", name, data, then=lambda h: h.seek(size // 2)), data[size // 2 :] or None, "rb mid"
        ),
        SourceCase(_opened("rb", name, data, then=lambda h: h.read()), None, "rb at end"),
        SourceCase(_opened("r+b", name, data), data or None, "r+b"),
        SourceCase(_opened("rb", name, data, then=lambda h: h.close()), None, "closed"),
        SourceCase(_opened("wb", name, data), None, "wb"),
        SourceCase(_opened("ab", name, data), None, "ab"),
        SourceCase(_opened("r", name, data), None, "text mode"),
        SourceCase(lambda f: io.BytesIO(data), data or None, "BytesIO"),
        SourceCase(lambda f: io.StringIO("text"), None, "StringIO"),
        SourceCase(lambda f: TextReader(), None, "read() returns str"),
        SourceCase(lambda f: data, data or None, "bytes"),
        SourceCase(lambda f: bytearray(data), data or None, "bytearray"),
        SourceCase(lambda f: memoryview(data), data or None, "memoryview"),
        # A view of at most one item is contiguous whatever its step: it is sent.
        SourceCase(
            lambda f: memoryview(data)[::2], data[:1] if len(data) in (1, 2) else None, "strided view"
        ),
        SourceCase(_released_view, None, "released view"),
        SourceCase(lambda f: array.array("i", [1, 2, 3]), None, "array"),
        SourceCase(lambda f: iter([data]), None, "iterator"),
        SourceCase(lambda f: (chunk for chunk in [data]), None, "generator"),
        SourceCase(lambda f: [data], None, "list"),
        SourceCase(lambda f: None, None, "None"),
        SourceCase(lambda f: 12345, None, "int"),
    ]
    chosen: SourceCase = draw(st.sampled_from(cases))
    return chosen


HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\n", "a\r\nX-Injected: 1", "é", "\x00", "a" * 5000, "../../etc/passwd"]),
)


@st.composite
def options(draw: Any, vendor: str) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    if draw(st.booleans()):
        chosen["content_type"] = draw(
            st.one_of(
                st.just(GOOD_TYPE[vendor]),
                st.just(GOOD_TYPE[vendor].upper() + "; codecs=x"),
                HOSTILE_TEXT,
                st.just(GOOD_TYPE[vendor] + "\r\nX-Injected: 1"),
                st.integers(),
            )
        )
    if draw(st.booleans()):
        chosen["filename"] = draw(st.one_of(st.just(GOOD_NAME[vendor]), HOSTILE_TEXT, st.just(123)))
    return chosen


def _stored(sandbox: Sandbox) -> list[bytes]:
    """The bytes of every object the store holds (each test starts from an empty store)."""
    sandbox.store.wait_idle()
    return [stored.read_bytes() for stored in sandbox.store.objects()]


@SETTINGS
@given(data=st.data())
def test_a_source_is_refused_before_any_request_or_uploaded_exactly(
    sandbox: Sandbox, data: st.DataObject
) -> None:
    vendor = data.draw(st.sampled_from(VENDORS), label="vendor")
    case = data.draw(source_cases(GOOD_NAME[vendor]), label="source")
    chosen = data.draw(options(vendor), label="options")
    sandbox.reset()
    transport, storage = Recording(), Recording()
    error: PresignkitError | None = None
    with tempfile.TemporaryDirectory() as scratch, recorded_logs() as logs:
        source = case.make(Path(scratch))
        try:
            with presignkit.Uploader(
                vendor,
                environ=sandbox.env(),
                retry=FAST,
                transport=transport,
                storage_transport=storage,
                sleep=lambda _s: None,
            ) as uploader:
                result = uploader.upload(source, **chosen)
        except PresignkitError as caught:
            error = caught
        finally:
            if isinstance(source, io.IOBase):
                source.close()
    secrets = [v for k, v in sandbox.env().items() if k.endswith(("_KEY", "_TOKEN"))]
    if error is None:
        assert case.expected is not None, f"{case.label} was uploaded"
        assert result.size == len(case.expected)
        assert result.checksum == checksum_of("crc32c", case.expected)  # the default
        assert _stored(sandbox)[-1:] == [case.expected]
    else:
        assert isinstance(error, ValidationError | ConfigurationError), repr(error)
        assert transport.sent == [] and storage.sent == [], f"{case.label}: {error!r} after a request"
    for text in [str(error), repr(error), *logs]:
        assert not any(secret in text for secret in secrets)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_stream_is_sent_whole_or_refused_never_truncated(sandbox: Sandbox, data: st.DataObject) -> None:
    vendor = data.draw(st.sampled_from(VENDORS), label="vendor")
    body = data.draw(st.binary(min_size=1, max_size=5000), label="body")
    declared = data.draw(st.integers(min_value=1, max_value=len(body) + 2), label="size")
    chunk_size = data.draw(st.sampled_from([1, 7, 1024, 1 << 20]), label="chunk_size")
    algorithms: list[ChecksumAlgorithm | None] = ["crc32c", "sha256", None]
    algorithm = data.draw(st.sampled_from(algorithms), label="checksum")
    sandbox.reset()
    try:
        with presignkit.Uploader(
            vendor, environ=sandbox.env(), retry=FAST, chunk_size=chunk_size, sleep=lambda _s: None
        ) as uploader:
            result = uploader.upload(
                Pipe(io.BytesIO(body)), content_type=GOOD_TYPE[vendor], size=declared, checksum=algorithm
            )
    except PresignkitError as error:
        assert declared != len(body), repr(error)
        assert isinstance(error, ValidationError) if declared < len(body) else True, repr(error)
        assert _stored(sandbox) == []  # nothing was stored, let alone reported as uploaded
    else:
        assert declared == len(body)
        assert result.checksum == (None if algorithm is None else checksum_of(algorithm, body))
        assert _stored(sandbox) == [body]


# -- settings ------------------------------------------------------------------------------------


def _hostile_variant(good: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                good + "\n",
                good + "\r\n",
                good + " ",
                " " + good,
                good + "\x00",
                good + "\t",
                good[: len(good) // 2] + "\n" + good[len(good) // 2 :],
                good + "é",
                good.upper(),
                "",
            ]
        ),
        st.text(max_size=40).map(lambda extra: good + extra),
    )


@SETTINGS
@given(data=st.data())
def test_keys_and_base_urls_are_refused_before_any_request_or_work(
    sandbox: Sandbox, data: st.DataObject
) -> None:
    vendor = data.draw(st.sampled_from(VENDORS), label="vendor")
    environ = sandbox.env()
    key_variable = KEY_VARIABLE[vendor]
    base_variable = f"{vendor.upper()}_BASE_URL"
    good_key, good_base = environ[key_variable], environ[base_variable]
    which = data.draw(st.sampled_from(["key", "base_url"]), label="which")
    if which == "key":
        environ[key_variable] = data.draw(_hostile_variant(good_key), label="key")
    else:
        environ[base_variable] = data.draw(
            st.one_of(
                _hostile_variant(good_base),
                st.sampled_from(
                    [
                        "http://[127.0.0.1/v1",
                        good_base.replace("127.0.0.1:", "127.0.0.1:7") + "0000",
                        "ftp://127.0.0.1/",
                        "127.0.0.1",
                        "http://",
                        "http://127.0.0.1:99999/",
                    ]
                ),
            ),
            label="base_url",
        )
    sandbox.reset()
    transport, storage = Recording(), Recording()
    error: PresignkitError | None = None
    with recorded_logs() as logs:
        try:
            with presignkit.Uploader(
                vendor,
                environ=environ,
                retry=FAST,
                transport=transport,
                storage_transport=storage,
                sleep=lambda _s: None,
            ) as uploader:
                uploader.upload(b"\x00" * 100, content_type=GOOD_TYPE[vendor])
        except PresignkitError as caught:
            error = caught
    if error is not None and transport.sent:
        # Sent only if well-formed: then the vendor may refuse it (a wrong key), or it was a
        # base URL that is valid but serves nothing.
        assert isinstance(error, AuthenticationError) or which == "base_url", repr(error)
        assert all(c.isprintable() and c.isascii() for c in environ[key_variable]), repr(
            environ[key_variable]
        )
    elif error is not None:
        assert isinstance(error, ConfigurationError | ValidationError), repr(error)
    for text in [str(error), repr(error), *logs]:
        assert good_key not in text
        assert environ[key_variable] not in text or len(environ[key_variable]) < 8


# -- the command line ----------------------------------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_cli_answers_bad_input_with_one_error_line_and_no_secret(
    sandbox: Sandbox, data: st.DataObject
) -> None:
    vendor = data.draw(st.sampled_from(VENDORS), label="vendor")
    environ = sandbox.env()
    key_variable = KEY_VARIABLE[vendor]
    good_key = environ[key_variable]
    environ[key_variable] = data.draw(
        st.one_of(st.just(good_key), _hostile_variant(good_key)).filter(
            lambda k: "\x00" not in k
        ),  # no NUL in env
        label="key",
    )
    arguments = ["upload", "--vendor", vendor]
    if data.draw(st.booleans(), label="with content type"):
        arguments += ["--content-type", data.draw(st.one_of(st.just(GOOD_TYPE[vendor]), HOSTILE_TEXT))]
    if data.draw(st.booleans(), label="with base url"):
        arguments += [
            "--base-url",
            data.draw(st.sampled_from(["http://[127.0.0.1/v1", " http://x ", "ftp://a"])),
        ]
    sandbox.reset()
    with tempfile.TemporaryDirectory() as scratch:
        path = _file(
            Path(scratch),
            data.draw(st.sampled_from([GOOD_NAME[vendor], "noext", "x.unknownext"])),
            b"\x01" * 64,
        )
        result = CliRunner().invoke(cli_main, [*arguments, str(path)], env=environ, catch_exceptions=False)
    if result.exit_code != 0:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output + result.stderr
    for text in (result.output, result.stderr):
        assert good_key not in text
        if len(environ[key_variable]) >= 8:
            assert environ[key_variable] not in text


# -- what the messages say (issue 9, defect 7) ---------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "then", "says"),
    [
        ("rb", "close", "is closed; accepted is an open file object"),
        ("ab", None, "is not open for reading (opened with mode 'ab')"),
        ("wb", None, "is not open for reading (opened with mode 'wb')"),
    ],
)
def test_a_file_object_in_the_wrong_state_is_named_for_what_it_is(
    tmp_path: Path, mode: str, then: str | None, says: str
) -> None:
    handle = open(_file(tmp_path, "a.png", b"\x89PNG"), mode)  # noqa: SIM115  # closed below
    if then == "close":
        handle.close()
    try:
        with (
            presignkit.Uploader("loops", environ={"LOOPS_API_KEY": "loops-key-0123456789"}) as uploader,
            pytest.raises(ValidationError) as refused,
        ):
            uploader.upload(handle)
    finally:
        handle.close()
    assert says in str(refused.value)
    assert "not seekable" not in str(refused.value)
