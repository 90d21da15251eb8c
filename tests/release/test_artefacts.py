"""The artefact checks on real builds of a scratch repository that has a tests/ folder, as ours does."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.release.artefacts import build, verify
from generator.release.compare import vendors_in
from generator.release.errors import ArtefactInvalid

from .conftest import git, make_scratch_repo


def test_an_unanchored_sdist_include_is_blamed_on_the_sdist(tmp_path: Path) -> None:
    root = make_scratch_repo(tmp_path / "repo")
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert '"/generated"' in text
    pyproject.write_text(text.replace('"/generated"', '"generated"'), encoding="utf-8")  # the old pattern
    artefacts = build(root, tmp_path / "dist")
    with pytest.raises(ArtefactInvalid) as refused:
        verify(artefacts, vendors_in(root / "generated"), tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{artefacts.sdist.name} is not fit to upload:")
    assert "tests/ must not ship in the sdist (e.g. presignkit-0.1.0/tests/generated/" in message
    assert artefacts.wheel.name not in message


def test_a_module_needing_pytest_fails_the_import_check(tmp_path: Path) -> None:
    """The fresh environment has what `pip install presignkit` brings and nothing else, so a module
    importing pytest fails there although pytest is installed where this test runs."""
    root = make_scratch_repo(tmp_path / "repo")
    (root / "presignkit" / "needs_pytest.py").write_text("import pytest\n", encoding="utf-8")
    git(root, "add", "--all")
    artefacts = build(root, tmp_path / "dist")
    with pytest.raises(ArtefactInvalid) as refused:
        verify(artefacts, vendors_in(root / "generated"), tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{artefacts.wheel.name} is not fit to upload:")
    assert "importing the installed packages failed" in message
    assert "No module named 'pytest'" in message
