"""Small, genuine sample files for the demo, made from the standard library alone.

Each file is a real instance of its format (a decodable PNG, a WAV any player opens, an ISO
base-media container), so a vendor stand-in that sniffed content would accept it too, and
nobody has to keep binary fixtures in the repository.
"""

from __future__ import annotations

import math
import random
import struct
import wave
import zlib
from pathlib import Path

import attrs

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@attrs.frozen
class Sample:
    vendor: str
    path: Path


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    """An 8-bit RGB PNG with a colour gradient."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        # The CRC covers the chunk type and data, not the length (PNG spec, 5.3).
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, RGB, no interlace
    # Every scanline starts with its filter type byte (0: none).
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128)) for x in range(width))
        for y in range(height)
    )
    return (
        PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    )


def mp4_bytes(size: int, seed: int = 2026) -> bytes:
    """An ISO base-media file of exactly `size` bytes: an `ftyp` box, then one `mdat` box of
    pseudo-random payload. Not playable (it has no `moov`), but typed like an MP4 from its first
    bytes, and large enough for the progress bar to be seen."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    payload_size = size - len(ftyp) - 8
    if payload_size < 0:
        raise ValueError(f"size={size}: accepted is at least {len(ftyp) + 8} bytes")
    payload = random.Random(seed).randbytes(payload_size)
    return ftyp + struct.pack(">I4s", 8 + payload_size, b"mdat") + payload


def write_wav(path: Path, seconds: float = 2.0, rate: int = 22_050) -> None:
    """Write a mono 16-bit WAV of an A4 tone (440 Hz) to `path`."""
    frames = b"".join(
        struct.pack("<h", int(12_000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


def write_samples(directory: Path, *, video_size: int = 24 * 1024 * 1024) -> list[Sample]:
    """One sample per vendor, in `directory`: what each vendor is for."""
    png = directory / "header.png"
    png.write_bytes(png_bytes())
    video = directory / "launch-teaser.mp4"
    video.write_bytes(mp4_bytes(video_size))
    audio = directory / "podcast-intro.wav"
    write_wav(audio)
    return [
        Sample("streamloop", video),
        Sample("loops", png),
        Sample("flare", video),
        Sample("scripe", audio),
    ]
