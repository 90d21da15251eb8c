"""The whole diff between a git ref and the working tree: every vendor's spec and package, and the facade."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..documents import JSONValue
from ..layout import VENDORS, package_name
from .apidiff import api_changes
from .changes import AreaDiff, Change, Level, ReleaseDiff, Side
from .gitrepo import export_tree, verify_ref
from .specdiff import compare_specs

GENERATED = "generated"
FACADE_PACKAGE = "presignkit"
FACADE_AREA = "facade"
SPEC_NAME = "openapi.json"


def vendors_in(generated_dir: Path) -> list[str]:
    """Vendors with a generated package, in the canonical order first, then any new ones alphabetically."""
    present = {
        p.parent.name.removeprefix("presignkit_") for p in generated_dir.glob("presignkit_*/__init__.py")
    }
    return [v for v in VENDORS if v in present] + sorted(present - set(VENDORS))


def diff_against(root: Path, base_ref: str | None) -> ReleaseDiff:
    """Classified changes from `base_ref` to the working tree under `root`.

    No base (nothing released yet): the working tree is compared with an empty tree, so every vendor
    and the facade are new, which is a feature each.
    """
    if base_ref is not None:
        verify_ref(root, base_ref)
    with tempfile.TemporaryDirectory(prefix="presignkit-release-base-") as tmp:
        base = Path(tmp)
        if base_ref is not None:
            export_tree(root, base_ref, [GENERATED, FACADE_PACKAGE], base)
        return diff_trees(base, root, base_ref)


def diff_trees(base: Path, current: Path, base_ref: str | None) -> ReleaseDiff:
    """Classified changes between two trees holding `generated/` and `presignkit/`."""
    old_generated, new_generated = base / GENERATED, current / GENERATED
    old_vendors, new_vendors = vendors_in(old_generated), vendors_in(new_generated)
    areas: list[AreaDiff] = []
    for vendor in new_vendors + [v for v in old_vendors if v not in new_vendors]:
        package = package_name(vendor)
        changes = _spec_changes(old_generated / package / SPEC_NAME, new_generated / package / SPEC_NAME)
        changes += api_changes(package, old_generated, new_generated)
        areas.append(AreaDiff(vendor, tuple(changes)))
    areas.append(AreaDiff(FACADE_AREA, tuple(api_changes(FACADE_PACKAGE, base, current))))
    return ReleaseDiff(base_ref=base_ref, areas=tuple(areas))


def _load(path: Path) -> JSONValue:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _spec_changes(old_path: Path, new_path: Path) -> list[Change]:
    old, new = _load(old_path), _load(new_path)
    if old is None and new is None:
        return []
    if old is None:
        return [Change(Level.FEATURE, Side.SPEC, "#", "new vendor")]
    if new is None:
        return [Change(Level.BREAKING, Side.SPEC, "#", "vendor removed")]
    return compare_specs(old, new)
