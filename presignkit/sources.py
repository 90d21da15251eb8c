"""What can be uploaded: a path, a binary file object, or bytes, checked before any network call.

An upload may be attempted more than once (a dropped connection, an expired URL), and each
attempt must send the body from its first byte. So a source is not a stream but a way to open a
fresh stream per attempt: a path is reopened, bytes are re-read through a memoryview (no copy),
a seekable file is sought back to where it started. A non-seekable stream can be read once only;
a second attempt raises TransferError saying so.
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
    rewindable: bool = True

    def open(self) -> AbstractContextManager[Reader]:
        self.file.seek(self.start)
        # The caller owns the file object: never close it here.
        return _nullcontext(self.file)


@attrs.define
class _OneShotOpener:
    file: BinaryIO
    description: str
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
        return _nullcontext(self.file)


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


def _check_content_type(content_type: str) -> str:
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
    if filename is not None and (not filename.strip() or "/" in filename or "\x00" in filename):
        raise ValidationError(f"filename={filename!r}: accepted is a bare file name such as 'header.png'")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise ValidationError(f"size={size!r}: accepted is the stream's length in bytes, >= 1")

    if isinstance(source, str | os.PathLike):
        return _from_path(Path(os.fspath(source)), content_type, filename)
    if isinstance(source, bytes | bytearray | memoryview):
        return _from_bytes(memoryview(source).cast("B"), content_type, filename)
    if hasattr(source, "read"):
        return _from_file(source, content_type, filename, size)
    raise ValidationError(
        f"cannot upload a {type(source).__name__}; accepted is a path (str or os.PathLike), "
        "bytes, or a file object opened in binary mode"
    )


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
    raw_name = getattr(binary, "name", None)
    own_name = os.path.basename(raw_name) if isinstance(raw_name, str) and raw_name else None
    description = f"file object {own_name!r}" if own_name else f"{type(file).__name__} object"
    name = filename or own_name
    if content_type is None:
        if name is None:
            raise ValidationError(
                f"the {description} has no name to guess a content type from: pass content_type= "
                "(e.g. 'image/png') or filename="
            )
        content_type = _guess_or_fail(name, description)
    name = name or _DEFAULT_STEM + _extension_for(content_type)
    if _is_seekable(binary):
        start = binary.tell()
        end = binary.seek(0, os.SEEK_END)
        binary.seek(start)
        length = end - start
        if length <= 0:
            raise ValidationError(f"the {description} has no bytes left to read; there is nothing to upload")
        if size is not None and size != length:
            raise ValidationError(f"size={size} but the {description} holds {length} bytes from its position")
        opener: _Opener = _SeekableOpener(binary, start)
    else:
        if size is None:
            raise ValidationError(
                f"the {description} is not seekable, so its length is unknown; pass size= (the PUT must "
                "declare Content-Length), or pass a path or bytes"
            )
        length = size
        opener = _OneShotOpener(binary, description)
    return UploadSource(
        size=length,
        filename=name,
        content_type=content_type,
        description=description,
        blocking=True,
        opener=opener,
    )


def _is_seekable(file: BinaryIO) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, ValueError, OSError):
        return False


def _guess_or_fail(name: str, description: str) -> str:
    guessed = guess_content_type(name)
    if guessed is None:
        raise ValidationError(
            f"cannot tell the content type of {description} from its name {name!r}; pass content_type= "
            "(e.g. 'image/png')"
        )
    return guessed
