"""Sources (what can be uploaded) and limits (what each vendor accepts), before any network."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import presignkit
from presignkit import TransferError, ValidationError
from presignkit.sources import load_source
from presignkit.vendors.registry import vendor_info
from presignkit.vendors.streamloop.vendor import streamloop_media_type


def read_all(source: presignkit.sources.UploadSource) -> bytes:
    with source.open() as reader:
        return reader.read(-1)


def test_path_source(tmp_path: Path) -> None:
    path = tmp_path / "clip.MP4"
    path.write_bytes(b"12345")
    source = load_source(path)
    assert (source.size, source.filename, source.content_type) == (5, "clip.MP4", "video/mp4")
    assert read_all(source) == read_all(source) == b"12345"  # reopened per attempt


def test_bytes_source_names_itself_from_its_type() -> None:
    source = load_source(bytearray(b"abc"), content_type="image/png")
    assert source.filename == "upload.png" and source.size == 3 and not source.blocking
    assert read_all(source) == b"abc"


def test_explicit_type_and_name_win(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    source = load_source(path, content_type="image/webp", filename="header.webp")
    assert (source.content_type, source.filename) == ("image/webp", "header.webp")


def test_seekable_file_rewinds_to_where_it_started() -> None:
    file = io.BytesIO(b"skipKEEP")
    file.seek(4)
    source = load_source(file, content_type="image/png")
    assert source.size == 4 and source.rewindable
    assert read_all(source) == b"KEEP"
    assert read_all(source) == b"KEEP"


def test_non_seekable_stream_can_be_read_once() -> None:
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            return 0

    source = load_source(Pipe(), content_type="image/png", size=10)
    with source.open():
        pass
    assert not source.rewindable
    with pytest.raises(TransferError, match="non-seekable"):
        source.open().__enter__()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.webp", "image/webp"),
        ("a.mkv", "video/x-matroska"),
        ("a.flac", "audio/flac"),
        ("a.JPG", "image/jpeg"),
    ],
)
def test_content_type_guesses_do_not_depend_on_the_machine(name: str, expected: str) -> None:
    assert load_source(b"x", filename=name).content_type == expected


def test_loops_limits_come_from_the_effective_spec() -> None:
    info = vendor_info("loops")
    assert info.accepted_content_types == ("image/jpeg", "image/png", "image/gif", "image/webp")
    assert info.max_size == 4_000_000
    info.check("image/png", 4_000_000)
    with pytest.raises(ValidationError, match="4,000,001 bytes"):
        info.check("image/png", 4_000_001)


def test_content_type_parameters_and_case_are_ignored() -> None:
    vendor_info("scripe").check("Text/Plain; charset=utf-8", 10)


def test_scripe_office_documents() -> None:
    vendor_info("scripe").check(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10**9
    )
    with pytest.raises(ValidationError, match="application/pdf"):
        vendor_info("scripe").check("application/zip", 1)


def test_streamloop_type_is_mapped_from_the_mime_family() -> None:
    assert streamloop_media_type("audio/flac") == "audio"
    assert streamloop_media_type("video/quicktime") == "video"
    assert streamloop_media_type("image/png") == "image"
    with pytest.raises(ValidationError, match="audio/\\*"):
        streamloop_media_type("application/pdf")


def test_vendor_info_and_names() -> None:
    assert presignkit.vendor_names() == ("streamloop", "loops", "flare", "scripe")
    for name in presignkit.vendor_names():
        info = presignkit.vendor_info(name)
        assert info.name == name and info.env_vars and info.accepted_content_types and info.notes
    assert presignkit.vendor_info("flare").max_size is None
    with pytest.raises(ValidationError, match="unknown vendor"):
        presignkit.vendor_info("dropbox")
