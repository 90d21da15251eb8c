"""Releases: spec changes become a version, a changelog section and a published package.

`python -m generator.release diff [--base REF]` classifies every change since the last release tag;
`python -m generator.release release [--dry-run]` turns them into a version, a CHANGELOG.md section,
a verified sdist and wheel, an upload, a commit and a tag. Not shipped in the wheel.
"""

from .changes import AreaDiff, Change, Level, ReleaseDiff, Side
from .errors import ReleaseError

__all__ = ["AreaDiff", "Change", "Level", "ReleaseDiff", "ReleaseError", "Side"]
