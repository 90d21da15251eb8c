"""What can be uploaded: a path, a binary file object, or bytes, checked before any network call.

An upload may be attempted more than once (a dropped connection, an expired URL), and each
attempt must send the body from its first byte. So a source is not a stream but a way to open a
fresh stream per attempt: a path is reopened, bytes are re-read through a memoryview (no copy),
a seekable file is sought back to where it started. A non-seekable stream can be read once only;
a second attempt raises TransferError saying so.

A file object is trusted for nothing: its state (closed, write-only, text mode) is checked before
any network call, every chunk it returns is checked to be bytes, and a non-seekable stream is read
one byte past the `size=` it was declared with, so a longer stream is refused rather than
silently cut to `size` bytes.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

import attrs

from presignkit.errors import TransferError, ValidationError

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

_EXTRA_TYPES = {
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".m4v": "video/mp4",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@functools.cache
def _mime_types() -> mimetypes.MimeTypes:
    """A private table, not the module-level one: mimetypes.guess_type reads /etc/mime.types, so
    its answers differ between machines. The additions cover what the vendors accept and Python's
    built-in table lacks. Built on first use."""
    table = mimetypes.MimeTypes()
    for extension, content_type in _EXTRA_TYPES.items():
        table.add_type(content_type, extension)
    return table


_DEFAULT_STEM = "upload"


class Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@attrs.frozen
class UploadSource:
    """A checked source: its size, name and content type, and fresh streams on demand."""

    size: int
    filename: str
    content_type: str
    description: str  # for messages: "file 'a.png'", "4096 bytes", "file object 'x'"
    # Whether open() reads from disk (a blocking call the async engine moves to a worker thread).
    blocking: bool
    _opener: _Opener = attrs.field(repr=False, alias="opener")

    @property
    def rewindable(self) -> bool:
        return self._opener.rewindable

    @contextmanager
    def open(self) -> Iterator[Reader]:
        """A stream positioned at the source's first byte, for one attempt."""
        with self._opener.open() as reader:
            yield reader


class _Opener(Protocol):
    @property
    def rewindable(self) -> bool: ...

    def open(self) -> AbstractContextManager[Reader]: ...


@attrs.define
class _PathOpener:
    path: Path
    rewindable: bool = True

    def open(self) -> AbstractContextManager[Reader]:
        return self.path.open("rb")


@attrs.define
class _BytesOpener:
    data: memoryview
    rewindable: bool = True

    def open(self) -> AbstractContextManager[Reader]:
        # BytesIO over a memoryview copies once per attempt; _MemoryReader copies chunk by chunk.
        return _nullcontext(_MemoryReader(self.data))


@attrs.define
class _SeekableOpener:
    file: BinaryIO
    start: int
    description: str
    rewindable: bool = True

    def open(self) -> AbstractContextManager[Reader]:
        try:
            self.file.seek(self.start)
        except (OSError, ValueError) as exc:  # closed or broken since it was checked
            raise TransferError(
                f"cannot rewind the {self.description} to send it ({type(exc).__name__}: {exc})"
            ) from None
        # The caller owns the file object: never close it here.
        return _nullcontext(_CheckedReader(self.file, self.description, size=None))


@attrs.define
class _OneShotOpener:
    file: BinaryIO
    description: str
    size: int
    prefix: bytes = b""  # what a probe read already took from the stream
    used: bool = False

    @property
    def rewindable(self) -> bool:
        return not self.used

    def open(self) -> AbstractContextManager[Reader]:
        if self.used:
            raise TransferError(
                f"the upload must be sent again from its first byte, but the source ({self.description}) "
                "is a non-seekable stream that was already read; pass a path, bytes or a seekable "
                "file object to let presignkit retry"
            )
        self.used = True
        return _nullcontext(_CheckedReader(self.file, self.description, size=self.size, prefix=self.prefix))


class _CheckedReader:
    """A caller's file object as the transfer engine reads it: every chunk must be bytes, and
    with a declared `size`, the stream must end there. The engine stops asking at `size` bytes,
    so when a read reaches it this reader asks the stream for one byte more: getting one means
    the stream is longer than declared, and the upload is refused before its last chunk is sent
    (the store then never receives a complete body)."""

    def __init__(self, file: BinaryIO, description: str, *, size: int | None, prefix: bytes = b"") -> None:
        self._file = file
        self._description = description
        self._size = size
        self._prefix = prefix
        self._delivered = 0

    def read(self, size: int = -1, /) -> bytes:
        if self._prefix:
            chunk, self._prefix = (
                (self._prefix, b"") if size < 0 else (self._prefix[:size], self._prefix[size:])
            )
        else:
            chunk = _as_bytes(_read(self._file, size, self._description), self._description)
        self._delivered += len(chunk)
        if self._size is not None and chunk and self._delivered >= self._size:
            extra = self._delivered > self._size or bool(
                _as_bytes(_read(self._file, 1, self._description), self._description)
            )
            if extra:
                raise ValidationError(
                    f"size={self._size} but the {self._description} holds more bytes than that; the "
                    "upload was stopped before its last byte (nothing is stored). Accepted is size= "
                    "equal to the stream's exact length"
                )
        return chunk


def _read(file: BinaryIO, size: int, description: str) -> object:
    try:
        return file.read(size)
    except (OSError, ValueError) as exc:  # closed meanwhile, or a read error of the stream itself
        raise TransferError(f"reading the {description} failed ({type(exc).__name__}: {exc})") from None


def _as_bytes(chunk: object, description: str) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, bytearray | memoryview):
        return bytes(chunk)
    raise ValidationError(
        f"read() of the {description} returned {_kind(chunk)}; accepted is a binary file object "
        "whose read() returns bytes, e.g. open(path, 'rb')"
    )


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "str (it is open in text mode)"
    return "None" if value is None else f"a {type(value).__name__}"


class _MemoryReader:
    def __init__(self, data: memoryview) -> None:
        self._data = data
        self._offset = 0

    def read(self, size: int = -1, /) -> bytes:
        end = len(self._data) if size < 0 else min(len(self._data), self._offset + size)
        chunk = bytes(self._data[self._offset : end])
        self._offset = end
        return chunk


@contextmanager
def _nullcontext(reader: Reader) -> Iterator[Reader]:
    yield reader


def guess_content_type(filename: str) -> str | None:
    guessed, _encoding = _mime_types().guess_type(filename, strict=False)
    return guessed


def _extension_for(content_type: str) -> str:
    # From the essence: `Video/MP4; codecs=avc1` has no extension of its own, `video/mp4` has .mp4.
    essence = content_type.split(";", 1)[0].strip().lower()
    return _mime_types().guess_extension(essence, strict=False) or ""


def _check_content_type(content_type: object) -> str:
    if not isinstance(content_type, str):
        raise ValidationError(
            f"content_type={content_type!r} is a {type(content_type).__name__}; accepted is a str "
            "such as 'image/png'"
        )
    kind, slash, subtype = content_type.partition("/")
    if not slash or not kind or not subtype or any(c.isspace() for c in content_type.split(";")[0]):
        raise ValidationError(
            f"content_type={content_type!r} is not a MIME type; accepted is TYPE/SUBTYPE such as 'image/png'"
        )
    return content_type.strip()


def load_source(
    source: object,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    size: int | None = None,
) -> UploadSource:
    """Check `source` and describe it; raises ValidationError for anything that cannot be sent.

    `size` is needed only for a non-seekable stream (its length cannot be learnt without reading
    it, and the PUT must declare Content-Length up front)."""
    if content_type is not None:
        content_type = _check_content_type(content_type)
    if filename is not None and (
        not isinstance(filename, str) or not filename.strip() or "/" in filename or "\x00" in filename
    ):
        raise ValidationError(f"filename={filename!r}: accepted is a bare file name such as 'header.png'")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise ValidationError(f"size={size!r}: accepted is the stream's length in bytes, >= 1")

    if isinstance(source, str | os.PathLike):
        loaded = _from_path(_path_of(source), content_type, filename)
    elif isinstance(source, bytes | bytearray | memoryview):
        loaded = _from_bytes(_byte_view(source), content_type, filename)
    elif hasattr(source, "read"):
        return _from_file(source, content_type, filename, size)
    else:
        raise ValidationError(
            f"cannot upload a {type(source).__name__}; accepted is a path (str or os.PathLike), "
            "bytes, or a file object opened in binary mode"
        )
    if size is not None and size != loaded.size:
        raise ValidationError(f"size={size} but the {loaded.description} holds {loaded.size} bytes")
    return loaded


def _path_of(source: str | os.PathLike[str]) -> Path:
    try:
        text = os.fspath(source)
    except TypeError as exc:  # a __fspath__ that returns neither str nor bytes
        raise ValidationError(f"{source!r} is not a usable path ({exc}); accepted is a str path") from None
    if not isinstance(text, str):
        raise ValidationError(f"{source!r} is a bytes path; accepted is a str path or os.PathLike[str]")
    if "\x00" in text:
        raise ValidationError(f"{text!r} holds a NUL character; accepted is the path of a file")
    return Path(text)


def _byte_view(source: bytes | bytearray | memoryview) -> memoryview:
    """A flat byte view of the buffer without copying it."""
    try:
        view = memoryview(source)
        contiguous = view.c_contiguous
    except ValueError:  # a released memoryview
        raise ValidationError(
            "the memoryview was released; accepted is bytes, a bytearray or a live memoryview"
        ) from None
    if not contiguous:
        raise ValidationError(
            "the memoryview is not contiguous (e.g. a slice with a step), so it cannot be sent without "
            "a copy; accepted is bytes, a bytearray or a C-contiguous memoryview: pass bytes(view)"
        )
    return view.cast("B")


def _from_path(path: Path, content_type: str | None, filename: str | None) -> UploadSource:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ValidationError(f"no file at {str(path)!r}; accepted is the path of a readable file") from None
    except OSError as exc:
        raise ValidationError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    if path.is_dir():
        raise ValidationError(f"{str(path)!r} is a directory; accepted is the path of a file")
    if not path.is_file():
        raise ValidationError(f"{str(path)!r} is not a regular file; accepted is the path of a file")
    if stat.st_size == 0:
        raise ValidationError(f"{str(path)!r} is empty; there is nothing to upload")
    if not os.access(path, os.R_OK):
        raise ValidationError(f"{str(path)!r} is not readable (permission denied)")
    name = filename or path.name
    return UploadSource(
        size=stat.st_size,
        filename=name,
        content_type=content_type or _guess_or_fail(name, f"file {str(path)!r}"),
        description=f"file {str(path)!r}",
        blocking=True,
        opener=_PathOpener(path),
    )


def _from_bytes(data: memoryview, content_type: str | None, filename: str | None) -> UploadSource:
    if len(data) == 0:
        raise ValidationError("the bytes given are empty; there is nothing to upload")
    if content_type is None and filename is None:
        raise ValidationError(
            "bytes carry no name to guess a content type from: pass content_type= (e.g. 'image/png') "
            "or filename= (e.g. 'header.png')"
        )
    if content_type is None:
        assert filename is not None
        content_type = _guess_or_fail(filename, "the bytes")
    return UploadSource(
        size=len(data),
        filename=filename or _DEFAULT_STEM + _extension_for(content_type),
        content_type=content_type,
        description=f"{len(data)} bytes",
        blocking=False,
        opener=_BytesOpener(data),
    )


def _from_file(
    file: object, content_type: str | None, filename: str | None, size: int | None
) -> UploadSource:
    if isinstance(file, io.TextIOBase):
        raise ValidationError("the file object is open in text mode; accepted is a file opened with 'rb'")
    binary: BinaryIO = file  # type: ignore[assignment]  # duck-typed: anything with read()
    raw_name = _attribute(binary, "name")
    own_name = os.path.basename(raw_name) if isinstance(raw_name, str) and raw_name else None
    description = f"file object {own_name!r}" if own_name else f"{type(file).__name__} object"
    _check_readable(binary, description)
    name = filename or own_name
    if content_type is None:
        if name is None:
            raise ValidationError(
                f"the {description} has no name to guess a content type from: pass content_type= "
                "(e.g. 'image/png') or filename="
            )
        content_type = _guess_or_fail(name, description)
    name = name or _DEFAULT_STEM + _extension_for(content_type)
    opener: _Opener
    if _is_seekable(binary):
        try:
            start = binary.tell()
            _probe(binary, description)
            end = binary.seek(0, os.SEEK_END)
            binary.seek(start)
        except (OSError, ValueError) as exc:  # says it is seekable, but is not (some pipes, wrappers)
            raise ValidationError(
                f"the {description} claims to be seekable but seeking failed ({type(exc).__name__}: "
                f"{exc}); accepted is a path, bytes, or a file object opened with 'rb'"
            ) from None
        length = end - start
        if length <= 0:
            raise ValidationError(f"the {description} has no bytes left to read; there is nothing to upload")
        if size is not None and size != length:
            raise ValidationError(f"size={size} but the {description} holds {length} bytes from its position")
        opener = _SeekableOpener(binary, start, description)
    else:
        if size is None:
            raise ValidationError(
                f"the {description} is not seekable, so its length is unknown; pass size= (the PUT must "
                "declare Content-Length), or pass a path or bytes"
            )
        length = size
        opener = _OneShotOpener(binary, description, size, _probe(binary, description))
    return UploadSource(
        size=length,
        filename=name,
        content_type=content_type,
        description=description,
        blocking=True,
        opener=opener,
    )


def _attribute(file: object, name: str) -> object:
    """An attribute of a caller's object, or None where reading it fails (a closed file's
    properties raise ValueError)."""
    try:
        return getattr(file, name, None)
    except (ValueError, OSError):
        return None


def _check_readable(file: BinaryIO, description: str) -> None:
    """Refuse, naming the reason, a file object that cannot give its bytes: closed, opened for
    writing only, or whose `read` is not a method."""
    accepted = "accepted is an open file object whose read() returns bytes, e.g. open(path, 'rb')"
    if _attribute(file, "closed") is True:
        raise ValidationError(f"the {description} is closed; {accepted}, or the path itself")
    if not callable(_attribute(file, "read")):
        raise ValidationError(f"the {description} has no read() method; {accepted}")
    readable = _attribute(file, "readable")
    if callable(readable):
        try:
            is_readable = readable()
        except (OSError, ValueError):
            is_readable = False
        if is_readable is False:
            mode = _attribute(file, "mode")
            opened = f" (opened with mode {mode!r})" if isinstance(mode, str) else ""
            raise ValidationError(f"the {description} is not open for reading{opened}; {accepted}")


def _probe(file: BinaryIO, description: str) -> bytes:
    """Read 0 bytes to learn what read() returns before anything is sent: a text-mode reader
    answers str. A reader that ignores the size and returns data keeps it: the caller must send
    it first (a non-seekable stream cannot give it back)."""
    try:
        answer = file.read(0)
    except (OSError, ValueError) as exc:  # io.UnsupportedOperation is both
        raise ValidationError(
            f"the {description} cannot be read ({type(exc).__name__}: {exc}); accepted is a file "
            "object opened for reading in binary mode, e.g. open(path, 'rb')"
        ) from None
    return _as_bytes(answer, description)


def _is_seekable(file: BinaryIO) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, TypeError, ValueError, OSError):
        return False


def _guess_or_fail(name: str, description: str) -> str:
    guessed = guess_content_type(name)
    if guessed is None:
        raise ValidationError(
            f"cannot tell the content type of {description} from its name {name!r}; pass content_type= "
            "(e.g. 'image/png')"
        )
    return guessed
