"""`drift`: regenerate everything from scratch and compare with the committed `generated/`."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from .layout import Layout
from .lock import output_files
from .pipeline import generate


def diff_trees(committed: Path, fresh: Path) -> list[str]:
    """Unified diff lines from `committed` to `fresh`; empty when they are identical."""
    old, new = output_files(committed), output_files(fresh)
    lines: list[str] = []
    for name in sorted(old.keys() | new.keys()):
        before = old[name].read_bytes() if name in old else b""
        after = new[name].read_bytes() if name in new else b""
        if before == after:
            continue
        lines.extend(
            difflib.unified_diff(
                before.decode("utf-8", "replace").splitlines(keepends=True),
                after.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"committed/{name}" if name in old else "/dev/null",
                tofile=f"regenerated/{name}" if name in new else "/dev/null",
            )
        )
    return lines


def drift(layout: Layout) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="presignkit-drift-") as scratch:
        fresh = Layout.at(layout.root, generated_dir=Path(scratch) / "generated")
        generate(fresh, force=True, log=lambda _: None)
        return diff_trees(layout.generated_dir, fresh.generated_dir)
