"""Fixtures for the command-line tests: a click runner, sample files, the real sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from devtools.samples import mp4_bytes, png_bytes, write_wav

# The sandbox fixtures (the pytest11 plugin may not be registered in this environment yet).

# Wide enough that rich never folds a URL or an id across lines in the captured output.
WIDE = {"COLUMNS": "300"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample(tmp_path: Path) -> Callable[[str], Path]:
    """`sample("header.png")`: a real file of the type its name says, in tmp_path."""

    def make(name: str) -> Path:
        path = tmp_path / name
        suffix = path.suffix
        if suffix == ".png":
            path.write_bytes(png_bytes())
        elif suffix == ".mp4":
            path.write_bytes(mp4_bytes(256 * 1024, seed=len(name)))
        elif suffix == ".wav":
            write_wav(path, seconds=0.5)
        else:
            raise ValueError(f"no sample for {name!r}; accepted suffixes: .png, .mp4, .wav")
        return path

    return make
