"""CHANGELOG.md: a release's section, grouped by vendor, written from the classified diff.

The new section goes under the file's header, above older releases. A `## Unreleased` section is
replaced by it; its hand-written lines are kept in the new section under "Notes", so nothing a
contributor wrote is lost.
"""

from __future__ import annotations

import datetime
import re

from .changes import AreaDiff, Change, Level, ReleaseDiff, Side
from .report import area_title
from .versioning import Version

HEADER = (
    "# Changelog\n\nAll notable changes to presignkit, grouped by vendor. Versions follow SemVer; "
    "while 0.x, a\nbreaking change bumps the minor version.\n"
)
_SECTION = re.compile(r"^## ", re.MULTILINE)
_UNRELEASED = re.compile(r"^## +unreleased\b.*$", re.MULTILINE | re.IGNORECASE)


def render_section(version: Version, diff: ReleaseDiff, date: datetime.date, notes: str = "") -> str:
    lines = [
        f"## {version} — {date.isoformat()}",
        "",
        "First release." if diff.first_release else f"Compared with {diff.base_ref}.",
        "",
    ]
    if notes.strip():
        lines += ["### Notes", "", notes.strip(), ""]
    for area in diff.areas:
        if area.changes:
            lines += _area_lines(area)
    return "\n".join(lines)


def _area_lines(area: AreaDiff) -> list[str]:
    lines = [f"### {area_title(area.area)}", ""]
    for change in sorted(area.changes, key=lambda c: (-c.level, c.side != Side.SPEC)):
        lines.append(f"- {_entry(change)}")
    return [*lines, ""]


def _entry(change: Change) -> str:
    label = f"**{change.level.label}**" if change.level is Level.BREAKING else change.level.label
    return f"{label}: {change.message} (`{change.location}`)"


def insert_section(text: str, section: str) -> str:
    """`text` (a CHANGELOG.md, possibly empty) with `section` added above the older releases."""
    if not text.strip():
        return f"{HEADER}\n{section.rstrip()}\n"
    body = section.rstrip() + "\n\n"
    unreleased = _UNRELEASED.search(text)
    if unreleased is not None:
        following = _SECTION.search(text, unreleased.end())
        end = following.start() if following else len(text)
        return text[: unreleased.start()] + body + text[end:].lstrip("\n")
    first = _SECTION.search(text)
    if first is None:
        return text.rstrip() + "\n\n" + body.rstrip() + "\n"
    return text[: first.start()] + body + text[first.start() :]


def unreleased_notes(text: str) -> str:
    """The hand-written body of a `## Unreleased` section, or ''."""
    unreleased = _UNRELEASED.search(text)
    if unreleased is None:
        return ""
    following = _SECTION.search(text, unreleased.end())
    return text[unreleased.end() : following.start() if following else len(text)].strip()
