"""The demo's sample files are real instances of their formats, and its verdicts are strict."""

from __future__ import annotations

import struct
import wave
import zlib
from pathlib import Path

from devtools.demo import Outcome
from devtools.samples import PNG_SIGNATURE, Sample, mp4_bytes, png_bytes, write_samples
from presignkit.sandbox import StoredObject


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(PNG_SIGNATURE)
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


def test_png_decodes_to_its_declared_size() -> None:
    chunks = _png_chunks(png_bytes(width=5, height=3))
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height = struct.unpack(">II", chunks[0][1][:8])
    pixels = zlib.decompress(chunks[1][1])
    assert (width, height) == (5, 3)
    assert len(pixels) == height * (1 + width * 3)  # a filter byte, then RGB per pixel


def test_mp4_boxes_cover_the_file_exactly() -> None:
    data = mp4_bytes(4096)
    assert len(data) == 4096
    offset, kinds = 0, []
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        kinds.append(kind)
        offset += size
    assert offset == len(data) and kinds == [b"ftyp", b"mdat"]


def test_samples_cover_every_vendor_with_a_readable_wav(tmp_path: Path) -> None:
    samples = write_samples(tmp_path, video_size=1024)
    assert [s.vendor for s in samples] == ["streamloop", "loops", "flare", "scripe"]
    with wave.open(str(samples[3].path)) as audio:
        assert audio.getnframes() > 0 and audio.getsampwidth() == 2


def _outcome(tmp_path: Path, *, exit_code: int = 0, stored_sha256: str = "ab", stored: int = 1) -> Outcome:
    path = tmp_path / "x.png"
    objects = tuple(
        StoredObject("b", f"k{i}", 3, stored_sha256, "md5", "image/png", tmp_path / f"o{i}")
        for i in range(stored)
    )
    return Outcome(Sample("loops", path), exit_code, file_size=3, file_sha256="ab", stored=objects)


def test_verdicts(tmp_path: Path) -> None:
    assert _outcome(tmp_path).ok
    assert _outcome(tmp_path, stored_sha256="cd").verdict == "MISMATCH"
    assert _outcome(tmp_path, exit_code=1).verdict == "the CLI exited 1"
    assert _outcome(tmp_path, stored=0).verdict == "0 objects stored, expected 1"
    assert not _outcome(tmp_path, stored=2).ok
