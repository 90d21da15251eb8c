"""Changes in a package's public Python API: breaking ones found by griffe, additions by us.

griffe reports what *breaks* (a removed object, a removed or now-required parameter, a changed
parameter kind or default...). It is the authority on names: whatever openapi-python-client renames
(a `title`, an `operationId`, a tag) shows up here as a removed object. griffe has no notion of an
addition, so new public objects (features: the facade's new API, a generated client's new module)
are found by comparing the sets of public paths.
"""

from __future__ import annotations

from pathlib import Path

import griffe

from .changes import Change, Level, Side
from .errors import ReleaseError


def package_exists(search_path: Path, package: str) -> bool:
    return (search_path / package / "__init__.py").is_file()


def api_changes(package: str, old_search_path: Path, new_search_path: Path) -> list[Change]:
    """Breaking changes of `package` from its copy under `old_search_path` to `new_search_path`."""
    had, has = package_exists(old_search_path, package), package_exists(new_search_path, package)
    if not had and not has:
        return []
    if not had:
        return [Change(Level.FEATURE, Side.PYTHON, package, "new package")]
    if not has:
        return [Change(Level.BREAKING, Side.PYTHON, package, "package removed")]
    old = _load(package, old_search_path)
    new = _load(package, new_search_path)
    breaking = [
        Change(Level.BREAKING, Side.PYTHON, breakage.obj.path, _describe(breakage))
        for breakage in griffe.find_breaking_changes(old, new)
    ]
    added = _topmost(_public_paths(new, package) - _public_paths(old, package))
    return breaking + [Change(Level.FEATURE, Side.PYTHON, path, "new public object") for path in added]


def _public_paths(root: griffe.Object | griffe.Alias, package: str) -> set[str]:
    """Paths of the public modules, classes, functions and attributes defined in `package`."""
    paths: set[str] = set()

    def walk(obj: griffe.Object | griffe.Alias) -> None:
        for name, member in obj.members.items():
            if name.startswith("_"):
                continue
            if isinstance(member, griffe.Alias):
                # A re-export of our own object is public API; an imported third-party name is not.
                if member.target_path.split(".")[0] == package:
                    paths.add(member.path)
                continue
            paths.add(member.path)
            if member.is_module or member.is_class:
                walk(member)

    walk(root)
    return paths


def _topmost(paths: set[str]) -> list[str]:
    """The paths whose parent is not itself new: a new module is one change, not one per member."""
    return sorted(p for p in paths if not any(p.startswith(other + ".") for other in paths))


def _load(package: str, search_path: Path) -> griffe.Object | griffe.Alias:
    try:
        # Static analysis only: the code is never imported, so a broken module cannot run here.
        # try_relative_path=False: griffe would otherwise resolve `presignkit` against the current
        # directory (the working tree) whatever search path it is given, and compare the tree with itself.
        return griffe.load(
            package, search_paths=[search_path], allow_inspection=False, try_relative_path=False
        )
    except Exception as exc:  # griffe raises parser and import errors of many types
        raise ReleaseError(f"griffe could not load {package} from {search_path}: {exc}") from exc


def _describe(breakage: griffe.Breakage) -> str:
    what = breakage.kind.value[:1].lower() + breakage.kind.value[1:]
    name = getattr(breakage.old_value, "name", None) or getattr(breakage.new_value, "name", None)
    if breakage.kind.name.startswith("PARAMETER") and name:
        return f"{what}: `{name}`"
    if breakage.kind in (griffe.BreakageKind.ATTRIBUTE_CHANGED_TYPE, griffe.BreakageKind.RETURN_CHANGED_TYPE):
        return f"{what}: {breakage.old_value} -> {breakage.new_value}"
    return what
