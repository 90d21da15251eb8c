"""The CHANGELOG.md writer: one section per release, grouped by vendor, under the header."""

from __future__ import annotations

import datetime

from generator.release.changelog import HEADER, insert_section, render_section, unreleased_notes
from generator.release.changes import AreaDiff, Change, Level, ReleaseDiff, Side
from generator.release.versioning import Version

DAY = datetime.date(2026, 11, 22)
DIFF = ReleaseDiff(
    base_ref="v0.1.0",
    areas=(
        AreaDiff("streamloop", ()),
        AreaDiff(
            "scripe",
            (
                Change(
                    Level.FIX, Side.SPEC, "#/components/schemas/Upload", "documentation changed: description"
                ),
                Change(Level.FEATURE, Side.SPEC, "#/paths/~1jobs/get", "new operation GET /jobs (listJobs)"),
                Change(
                    Level.BREAKING,
                    Side.PYTHON,
                    "presignkit_scripe.models.job.Job",
                    "public object was removed",
                ),
            ),
        ),
        AreaDiff("loops", (Change(Level.FIX, Side.SPEC, "#/servers", "`servers` changed"),)),
    ),
)
OLDER = "## 0.1.0 — 2026-11-01\n\n- First release.\n"


def test_section_groups_by_vendor_strongest_first() -> None:
    section = render_section(Version(0, 2, 0), DIFF, DAY)
    assert section.startswith("## 0.2.0 — 2026-11-22\n\nCompared with v0.1.0.\n")
    assert "Streamloop" not in section  # unchanged vendors are left out
    scripe = section.index("### Scripe")
    assert scripe < section.index("### Loops")  # areas keep the diff's (canonical) order
    lines = section[scripe:].splitlines()
    assert lines[2] == "- **breaking**: public object was removed (`presignkit_scripe.models.job.Job`)"
    assert lines[3] == "- feature: new operation GET /jobs (listJobs) (`#/paths/~1jobs/get`)"
    assert lines[4] == "- fix: documentation changed: description (`#/components/schemas/Upload`)"


def test_unreleased_section_is_replaced_and_its_notes_kept() -> None:
    text = f"{HEADER}\n## Unreleased\n\n- Hand-written note.\n\n{OLDER}"
    notes = unreleased_notes(text)
    assert notes == "- Hand-written note."
    result = insert_section(text, render_section(Version(0, 2, 0), DIFF, DAY, notes))
    assert "## Unreleased" not in result
    assert result.startswith(HEADER + "\n## 0.2.0 — 2026-11-22\n")
    assert result.index("### Notes") < result.index("- Hand-written note.") < result.index("## 0.1.0")
    assert result.endswith(OLDER)


def test_new_section_goes_above_older_releases_under_the_header() -> None:
    text = f"{HEADER}\n{OLDER}"
    result = insert_section(text, render_section(Version(0, 2, 0), DIFF, DAY))
    assert result.startswith(HEADER + "\n## 0.2.0")
    assert result.index("## 0.2.0") < result.index("## 0.1.0")
    assert result.endswith(OLDER)
    assert unreleased_notes(text) == ""


def test_missing_changelog_gets_the_header() -> None:
    result = insert_section("", render_section(Version(0, 2, 0), DIFF, DAY))
    assert result.startswith(HEADER)
    assert "## 0.2.0" in result
