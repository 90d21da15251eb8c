"""SemVer for presignkit: which level of change bumps which number, and the one place it is stored.

The version lives only in `[project] version` of pyproject.toml; tomlkit rewrites that one value and
keeps every comment and the layout of the rest of the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import tomlkit

from .changes import Level, ReleaseDiff
from .errors import NothingToRelease, ReleaseError

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


@attrs.frozen(order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.match(text.strip())
        if match is None:
            raise ReleaseError(
                f"version {text!r} is not MAJOR.MINOR.PATCH (e.g. 0.1.0); pre-release and local "
                "versions are not released by this tool"
            )
        return cls(*(int(part) for part in match.groups()))

    @classmethod
    def from_tag(cls, tag: str) -> Version | None:
        """The version a `vX.Y.Z` tag names, or None for any other tag."""
        match = _VERSION.match(tag[1:]) if tag.startswith("v") else None
        return cls(*(int(part) for part in match.groups())) if match else None

    @property
    def tag(self) -> str:
        return f"v{self}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def bump_name(current: Version, level: Level) -> str:
    """Which number moves: while 0.x the API is unstable, so a breaking change bumps only the minor."""
    if current.major == 0:
        return "minor" if level is Level.BREAKING else "patch"
    return {Level.BREAKING: "major", Level.FEATURE: "minor", Level.FIX: "patch"}[level]


def next_version(current: Version, level: Level | None) -> Version:
    if level is None:
        raise NothingToRelease(
            "nothing to release: no spec or public Python API change since the base ref; "
            "a release needs at least one breaking, feature or fix change"
        )
    bump = bump_name(current, level)
    if bump == "major":
        return Version(current.major + 1, 0, 0)
    if bump == "minor":
        return Version(current.major, current.minor + 1, 0)
    return Version(current.major, current.minor, current.patch + 1)


def release_version(current: Version, diff: ReleaseDiff) -> Version:
    """The version to release: the current one for a first release (nothing was published under it),
    else the current one bumped by the strongest change."""
    if diff.first_release:
        if diff.level is None:
            next_version(current, None)  # raises: an empty package is nothing to release
        return current
    return next_version(current, diff.level)


def read_version(pyproject: Path) -> Version:
    document = tomlkit.parse(pyproject.read_text(encoding="utf-8"))
    project = document.get("project")
    if not isinstance(project, dict) or "version" not in project:
        raise ReleaseError(f"{pyproject}: no [project] version; the release version lives there")
    return Version.parse(str(project["version"]))


def write_version(pyproject: Path, version: Version) -> None:
    document = tomlkit.parse(pyproject.read_text(encoding="utf-8"))
    project = document["project"]
    assert isinstance(project, dict)  # read_version ran first and checked the table
    project["version"] = str(version)
    pyproject.write_text(tomlkit.dumps(document), encoding="utf-8")
