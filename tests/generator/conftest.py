"""Scratch copies of the repository's pipeline folders, so tests can change specs freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.layout import Layout
from generator.lock import tree_sha256

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Layout:
    """A copy of pyproject.toml, specs/, overlays/ and generated/ in a temporary folder."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    for folder in ("specs", "overlays", "generated"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return Layout.at(root)


def generated_digest(layout: Layout) -> str:
    return tree_sha256(layout.generated_dir)
