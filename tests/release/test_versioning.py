"""SemVer rules (0.x and >= 1.0), the no-change refusal, and the one place the version lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.release.changes import Level
from generator.release.errors import NothingToRelease, ReleaseError
from generator.release.versioning import Version, next_version, read_version, write_version


@pytest.mark.parametrize(
    ("current", "level", "expected"),
    [
        ("0.1.0", Level.BREAKING, "0.2.0"),
        ("0.1.7", Level.BREAKING, "0.2.0"),
        ("0.1.7", Level.FEATURE, "0.1.8"),
        ("0.1.7", Level.FIX, "0.1.8"),
        ("1.0.0", Level.BREAKING, "2.0.0"),
        ("1.4.2", Level.BREAKING, "2.0.0"),
        ("1.4.2", Level.FEATURE, "1.5.0"),
        ("1.4.2", Level.FIX, "1.4.3"),
    ],
)
def test_next_version(current: str, level: Level, expected: str) -> None:
    assert str(next_version(Version.parse(current), level)) == expected


def test_no_change_is_refused_clearly() -> None:
    with pytest.raises(NothingToRelease, match="nothing to release"):
        next_version(Version(0, 1, 0), None)


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0rc1", "01.0.0", "1.0.0+local", ""])
def test_only_plain_major_minor_patch_is_accepted(text: str) -> None:
    with pytest.raises(ReleaseError, match=r"not MAJOR\.MINOR\.PATCH"):
        Version.parse(text)


def test_versions_order_numerically_and_tags_parse() -> None:
    assert Version.parse("0.10.0") > Version.parse("0.9.9")
    assert Version.from_tag("v0.10.0") == Version(0, 10, 0)
    assert Version.from_tag("0.10.0") is None
    assert Version.from_tag("v0.10") is None
    assert Version(1, 2, 3).tag == "v1.2.3"


def test_write_version_changes_only_the_version(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    original = (
        '[project]\nname = "presignkit"\nversion = "0.1.0"  # the only place\n'
        'dependencies = [\n  # why attrs\n  "attrs>=22.2.0",\n]\n\n[tool.x]\nversion = "9.9.9"\n'
    )
    pyproject.write_text(original, encoding="utf-8")
    write_version(pyproject, Version(0, 2, 0))
    assert pyproject.read_text(encoding="utf-8") == original.replace('"0.1.0"', '"0.2.0"')
    assert read_version(pyproject) == Version(0, 2, 0)


def test_missing_version_is_a_clear_error(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "presignkit"\n', encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"no \[project\] version"):
        read_version(pyproject)
