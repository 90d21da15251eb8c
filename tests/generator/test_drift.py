from __future__ import annotations

from pathlib import Path

from generator.drift import diff_trees, drift
from generator.layout import Layout


def test_diff_trees_reports_changed_added_and_removed_files(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        (folder / "pkg").mkdir(parents=True)
        (folder / "pkg" / "same.py").write_text("x = 1\n")
    (old / "pkg" / "client.py").write_text("a = 1\n")
    (new / "pkg" / "client.py").write_text("a = 2\n")
    (old / "pkg" / "gone.py").write_text("g = 1\n")
    (new / "pkg" / "__pycache__").mkdir()
    (new / "pkg" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    text = "".join(diff_trees(old, new))
    assert "--- committed/pkg/client.py\n+++ regenerated/pkg/client.py" in text
    assert "-a = 1\n+a = 2\n" in text
    assert "--- committed/pkg/gone.py\n+++ /dev/null" in text
    assert "same.py" not in text and "__pycache__" not in text
    assert diff_trees(old, old) == []


def test_drift_catches_a_hand_edit(scratch_repo: Layout) -> None:
    client = scratch_repo.package_dir("loops") / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    text = "".join(drift(scratch_repo))
    assert "--- committed/presignkit_loops/client.py" in text
    assert "-# edited by hand" in text
