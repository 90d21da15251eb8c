"""The `diff` command's text: per area, each change with its class and where it is, then the bump."""

from __future__ import annotations

from .changes import AreaDiff, Level, ReleaseDiff, Side
from .versioning import Version, bump_name, release_version

_SIDE_TITLES = {Side.SPEC: "spec (effective openapi.json)", Side.PYTHON: "public Python API (griffe)"}


def area_title(area: str) -> str:
    return "Facade (presignkit)" if area == "facade" else area.capitalize()


def render_report(diff: ReleaseDiff, current: Version) -> str:
    lines = [f"Changes from {diff.base_label} to the working tree", ""]
    for area in diff.areas:
        lines += _area_lines(area)
    lines.append(implied_bump(diff, current))
    return "\n".join(lines) + "\n"


def _area_lines(area: AreaDiff) -> list[str]:
    level = area.level
    lines = [f"## {area_title(area.area)}: {level.label if level else 'unchanged'}"]
    for side in Side:
        changes = sorted((c for c in area.changes if c.side is side), key=lambda c: -c.level)
        if not changes:
            continue
        lines.append(f"  {_SIDE_TITLES[side]}:")
        lines += [f"    {c.level.label.upper():<8}  {c.location}  {c.message}" for c in changes]
    return [*lines, ""]


def implied_bump(diff: ReleaseDiff, current: Version) -> str:
    level = diff.level
    if level is None:
        return f"Implied bump: none (no changes); {current} stays, nothing to release"
    counts = {lvl: sum(1 for c in diff.all_changes() if c.level is lvl) for lvl in Level}
    summary = ", ".join(f"{counts[lvl]} {lvl.label}" for lvl in sorted(Level, reverse=True))
    if diff.first_release:
        return f"Implied bump: none, first release ({summary}): {current} is released as it is"
    version = release_version(current, diff)
    return f"Implied bump: {bump_name(current, level)} ({summary}): {current} -> {version}"
