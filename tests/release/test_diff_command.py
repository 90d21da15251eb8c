"""`python -m generator.release diff`: spec and griffe changes between a git ref and the working tree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.release import workflow
from generator.release.__main__ import main
from generator.release.changes import Level, Side
from generator.release.compare import diff_against, diff_trees
from generator.release.errors import NothingToRelease
from generator.release.workflow import release

from .conftest import GENERATED, git, make_scratch_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_scratch_repo(tmp_path / "repo")


def _edit_spec(root: Path, vendor: str, edit: str) -> None:
    path = root / "generated" / f"presignkit_{vendor}" / "openapi.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    if edit == "response enum value":
        schemas["JobStatus"]["enum"].append("PAUSED")
    elif edit == "retitle Upload":
        schemas["Upload"]["title"] = "UploadTicket"
    path.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def _rename_class(root: Path, module: str, old: str, new: str) -> None:
    """What regeneration does to the code when a title renames a model."""
    path = root / "generated" / module
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"class {old}:", f"class {new}:"), encoding="utf-8"
    )


def test_without_a_release_tag_the_diff_is_a_first_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_scratch_repo(tmp_path / "repo", tag=False)
    assert main(["--root", str(root), "diff"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("Changes from nothing (first release) to the working tree")
    for area in ("Streamloop", "Loops", "Flare", "Scripe", "Facade (presignkit)"):
        assert f"## {area}: feature" in report
    assert "BREAKING" not in report and "FIX" not in report
    assert "Implied bump: none, first release (0 breaking, 9 feature, 0 fix): 0.1.0 is released as it is" in (
        report
    )
    assert main(["--root", str(root), "diff", "--base", "HEAD"]) == 0
    assert "Implied bump: none (no changes)" in capsys.readouterr().out


def test_unknown_base_is_a_clear_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "diff", "--base", "v9.9.9"]) == 1
    assert "'v9.9.9' is not a commit, branch or tag" in capsys.readouterr().err


def test_report_names_vendor_class_pointer_python_path_and_bump(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_spec(repo, "scripe", "response enum value")
    _edit_spec(repo, "scripe", "retitle Upload")
    _rename_class(repo, "presignkit_scripe/models/upload.py", "Upload", "UploadTicket")
    assert main(["--root", str(repo), "diff"]) == 0  # it reports, whatever it finds
    report = capsys.readouterr().out
    assert report.startswith("Changes from v0.1.0 to the working tree")
    assert "## Streamloop: unchanged" in report
    scripe = report[report.index("## Scripe: breaking") :]
    assert "BREAKING  #/components/schemas/JobStatus/enum  enum value(s) added" in scripe
    assert "BREAKING  #/components/schemas/Upload/title  title change renames the generated class" in scripe
    assert "BREAKING  presignkit_scripe.models.Upload  class removed" in scripe
    assert report.rstrip().endswith("0.1.0 -> 0.2.0")
    assert "Implied bump: minor (" in report


def test_python_side_catches_what_the_spec_side_calls_a_fix(repo: Path) -> None:
    """A code-only rename (no spec change) is still breaking: griffe has the last word on names."""
    _rename_class(
        repo, "presignkit_loops/models/create_upload_response.py", "CreateUploadResponse", "Renamed"
    )
    diff = diff_against(repo, "v0.1.0")
    module = "presignkit_loops.models.create_upload_response"
    assert {(c.side, c.level, c.location) for c in diff.all_changes()} == {
        # Reported once, under its shortest public path (models/__init__.py re-exports it).
        (Side.PYTHON, Level.BREAKING, "presignkit_loops.models.CreateUploadResponse"),
        (Side.PYTHON, Level.FEATURE, f"{module}.Renamed"),  # the new name is an addition
    }
    assert diff.level == Level.BREAKING


def test_unchanged_tree_is_refused_before_building(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_build(*_: object) -> None:
        raise AssertionError("built although nothing changed")

    monkeypatch.setattr(workflow, "build", must_not_build)
    with pytest.raises(NothingToRelease, match="nothing to release"):
        release(repo, dry_run=True, environ={}, log=lambda _: None)


def test_a_new_vendor_is_a_feature_and_a_removed_one_breaking(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for tree in (old, new):
        shutil.copytree(GENERATED, tree / "generated", ignore=shutil.ignore_patterns("__pycache__"))
        (tree / "presignkit").mkdir()
        (tree / "presignkit" / "__init__.py").write_text("", encoding="utf-8")
    shutil.rmtree(new / "generated" / "presignkit_flare")
    shutil.rmtree(old / "generated" / "presignkit_loops")
    diff = diff_trees(old, new, "base")
    by_area = {area.area: area for area in diff.areas}
    assert [c.level for c in by_area["loops"].changes] == [Level.FEATURE, Level.FEATURE]
    assert [c.level for c in by_area["flare"].changes] == [Level.BREAKING, Level.BREAKING]
    assert by_area["scripe"].changes == ()
    assert diff.level is Level.BREAKING


def test_facade_additions_are_features_and_removals_breaking(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from the main checkout, whose own presignkit/ must not stand in for either side.
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    facade = repo / "presignkit" / "__init__.py"
    text = facade.read_text(encoding="utf-8")
    assert "vendor_names" in text
    facade.write_text(
        text.replace("vendor_names", "vendor_titles").replace(
            "__all__ = [", '__all__ = [\n    "brand_new_helper",'
        )
        + "\n\ndef brand_new_helper() -> None:\n    pass\n",
        encoding="utf-8",
    )
    diff = diff_against(repo, "v0.1.0")
    [area] = [a for a in diff.areas if a.area == "facade"]
    found = {(c.level, c.location) for c in area.changes}
    assert (Level.FEATURE, "presignkit.brand_new_helper") in found
    assert (Level.BREAKING, "presignkit.vendor_names") in found


def test_first_release_dry_run_releases_the_current_version(tmp_path: Path) -> None:
    """No tag: the current version is released as is, every area a feature, no --base needed."""
    root = make_scratch_repo(tmp_path / "repo", tag=False)
    before = {name: (root / name).read_bytes() for name in ("pyproject.toml", "CHANGELOG.md")}
    log: list[str] = []
    plan = release(root, dry_run=True, environ={}, log=log.append)
    assert str(plan.version) == "0.1.0" and plan.base_ref is None
    assert {c.level for c in plan.diff.all_changes()} == {Level.FEATURE}
    assert "First release." in plan.section
    assert "verified: twine check, wheel contents, fresh-environment imports" in log
    assert {name: (root / name).read_bytes() for name in before} == before
    assert git(root, "status", "--porcelain") == ""
